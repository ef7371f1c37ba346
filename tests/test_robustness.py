"""Attacks on the build: bad seeds, hostile text, SIGKILL at random moments, two builds at once,
a provider failing one request in five."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_project, run_digest
from digest.text.lang import split_sentences
from digest.publish.render import fingerprint_matches
from translation_server import FakeTranslator

ARTICLE = ("Завод в Туле начал выпуск станков\n5 февраля 2025 года\n"
           "В Туле открылся завод, который выпускает станки с ЧПУ. Проект стоил 2 млрд рублей.\n")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def status(root: Path) -> list[dict]:
    return json.loads(run_digest(root, "status", "--json").stdout)


def test_bad_seeds_each_get_a_clear_message_and_the_rest_builds(untranslated_project: Path):
    root = untranslated_project
    seeds = root / "seeds"
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (seeds / "broken-utf8.txt").write_bytes("Завод открыт. Это правда. ".encode() * 20 + b"\xc3\x28 tail")
    (seeds / "chrome-only.txt").write_text("Главная / Новости\nПоделиться\nЧитайте также\n© 2025 Сайт. Все права защищены\n", encoding="utf-8")
    (seeds / "copy-in-cp1251.txt").write_bytes((seeds / "002_fe2789674e39d373.txt").read_text(encoding="utf-8").encode("cp1251", "replace"))
    result = run_digest(root, "build")
    assert result.returncode == 0, result.stderr
    messages = {
        "seeds/empty.txt": "the file is empty; put the article text in it or delete it",
        "seeds/binary.txt": "not a text file (binary bytes found); save the article as plain text",
        "seeds/broken-utf8.txt": "invalid UTF-8 at byte",
        "seeds/chrome-only.txt": "no article text left after cleaning; check the file",
        "seeds/copy-in-cp1251.txt": "the same text as seeds/002_fe2789674e39d373.txt (published once)",
    }
    for seed, message in messages.items():
        assert f"warning: skipped {seed}: {message}" in result.stderr
    assert result.stdout.startswith("5 articles")
    assert run_digest(root, "build", "--strict").returncode == 1


def test_five_megabyte_seed_builds_with_a_summary(empty_project: Path):
    rng = random.Random(5)
    words = "завод станок выпуск регион проект рубль кластер экспорт предприятие поддержка".split()
    paragraphs = [" ".join(rng.choice(words) for _ in range(rng.randint(12, 60))).capitalize() + "." for _ in range(12_000)]
    text = "Большой отчёт о промышленности региона\n5 февраля 2025 года\n" + "\n".join(paragraphs) + "\n"
    (empty_project / "seeds/big.txt").write_text(text, encoding="utf-8")
    assert (empty_project / "seeds/big.txt").stat().st_size > 5_000_000
    started = time.monotonic()
    result = run_digest(empty_project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 240
    [entry] = status(empty_project)
    assert 1 <= len(entry["summary"]) <= 3 and entry["published"] == "2025-02-05"


@pytest.mark.parametrize("name", ["news 2025.txt", "Новость о заводе.txt", "it's \"quoted\".txt", "a..b.txt", "-dash.txt"])
def test_odd_file_names_give_safe_slugs_and_write_nothing_outside(empty_project: Path, name: str):
    (empty_project / "seeds" / name).write_text(ARTICLE, encoding="utf-8")
    before = {p for p in empty_project.parent.rglob("*")}
    result = run_digest(empty_project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    [entry] = status(empty_project)
    assert entry["pages"] == ["docs/ru/articles/zavod-v-tule-nachal-vypusk-stankov.md", "docs/en/articles/zavod-v-tule-nachal-vypusk-stankov.md"]
    allowed = ("docs/", "site/", "translations/", ".digest.lock", ".digest-cache/")
    new = {p.relative_to(empty_project).as_posix() for p in empty_project.parent.rglob("*") if p not in before and p.is_file()}
    assert all(path.startswith(allowed) for path in new), sorted(p for p in new if not p.startswith(allowed))


def test_two_seeds_claiming_one_slug_are_both_named(empty_project: Path):
    for name in ("a.txt", "b.txt"):
        (empty_project / "seeds" / name).write_text(ARTICLE.replace("Тула", name), encoding="utf-8")
        (empty_project / "seeds" / name.replace(".txt", ".yml")).write_text("slug: tula-plant\n", encoding="utf-8")
    (empty_project / "seeds/b.txt").write_text(ARTICLE.replace("2 млрд", "3 млрд"), encoding="utf-8")
    result = run_digest(empty_project, "build")
    assert "seeds/b.txt: slug `tula-plant` is already used by seeds/a.txt" in result.stderr
    assert run_digest(empty_project, "build", "--strict").returncode == 1


# --- Hostile text through the whole pipeline ---------------------------------------------------

HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[x](javascript:alert(1))", "![x](data:text/html;base64,AA==)",
    "<a href='javascript:alert(1)'>x</a>", "# heading", "- item", "1. item", "> quote", "---", "```", "{: .cls onclick=alert(1)}",
    "key: value", "'quoted: #", "\u202eright-to-left", "\u200bzero\u200bwidth", "&lt;script&gt;", "<!-- comment -->", "<style>x</style>",
    "[[wiki]]", "*bold* _it_", "| a | b |", "\\", "%", "@mention", "https://example.org/?a=1&b=2", "<iframe src=x>",
])
WORDS = st.sampled_from("завод станок выпуск регион проект рубль кластер экспорт plant output region".split())
SENTENCE = st.lists(st.one_of(WORDS, HOSTILE), min_size=4, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")


def html_has_injection(page: BeautifulSoup) -> list[str]:
    found = []
    for tag in page.find_all(["script", "img", "iframe", "style", "a", "object", "embed"]):
        text = str(tag)
        if "alert(" in text or "javascript:" in text or "data:text" in text or (tag.name == "iframe"):
            found.append(text[:80])
    found += [str(t)[:80] for t in page.find_all(attrs={"onclick": True})] + [str(t)[:80] for t in page.find_all(attrs={"onerror": True})]
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=st.lists(st.one_of(WORDS, HOSTILE), min_size=2, max_size=8).map(" ".join),
       body=st.lists(SENTENCE, min_size=2, max_size=6))
def test_hostile_text_never_becomes_markup_and_every_kept_sentence_shows(tmp_path_factory, title, body):
    root = copy_project(tmp_path_factory.mktemp("hostile") / "digest", with_seeds=False)
    (root / "seeds/hostile.txt").write_text(title + "\n" + "\n".join(body) + "\n", encoding="utf-8")
    result = run_digest(root, "build", "--strict")
    if result.returncode != 0:  # our error, never a traceback
        assert "Traceback" not in result.stderr and result.stderr.startswith(("warning:", "error:")), result.stderr
        return
    [entry] = status(root)
    for site in ("site", "site/en"):
        page = BeautifulSoup((root / site / "articles" / Path(entry["pages"][0]).stem / "index.html").read_text(), "html.parser")
        assert html_has_injection(page.find("article")) == []
        text = " ".join(page.find("article").get_text().split())
        md = (root / entry["pages"][0]).read_text(encoding="utf-8")
        kept = [s for p in md.split("\n\n") for s in split_sentences(p)]  # noqa: F841 (kept for debugging)
        for sentence in (s for line in body for s in split_sentences(" ".join(line.split()))):
            normal = " ".join("".join(c for c in sentence if c.isprintable() and c not in "\u200b\u202e").split())
            if normal and normal in " ".join(body):
                assert normal in text or not normal.strip(), normal


# --- Crash safety and concurrency ---------------------------------------------------------------


def test_killing_the_build_at_random_moments_never_leaves_a_broken_page(untranslated_project: Path, tmp_path: Path):
    reference = copy_project(tmp_path / "reference", with_sidecars=False)
    assert run_digest(reference, "build").returncode == 0
    root = untranslated_project
    rng = random.Random(7)
    for attempt in range(10):
        seed = root / "seeds/002_fe2789674e39d373.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + f"\nДобавлен абзац номер {attempt}, который меняет страницу статьи.\n", encoding="utf-8")
        process = subprocess.Popen([sys.executable, "-m", "digest.cli", "--root", str(root), "build"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for page in (root / "docs").rglob("*.md"):
            assert fingerprint_matches(page.read_text(encoding="utf-8")), f"{page} is half-written"
    (root / "seeds/002_fe2789674e39d373.txt").write_bytes((reference / "seeds/002_fe2789674e39d373.txt").read_bytes())
    final = run_digest(root, "build")
    assert final.returncode == 0, final.stderr
    assert not list((root / "docs").rglob(".*.tmp"))
    assert tree(root / "docs") == tree(reference / "docs")
    assert tree(root / "site") == tree(reference / "site")


def test_two_builds_at_once_wait_for_each_other(untranslated_project: Path):
    runs = [subprocess.Popen([sys.executable, "-m", "digest.cli", "--root", str(untranslated_project), "build", "--strict"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("waiting: another digest run" in err for _, err in outputs)
    for page in (untranslated_project / "docs").rglob("*.md"):
        assert fingerprint_matches(page.read_text(encoding="utf-8"))
    again = run_digest(untranslated_project, "build")
    assert " 0 written, 0 removed" in again.stdout


# --- A provider failing one request in five -----------------------------------------------------


def test_a_thousand_segments_against_a_flaky_provider(empty_project: Path):
    rng = random.Random(20)
    for n in range(10):
        sentences = [f"Предприятие номер {n * 100 + i} выпустило партию станков и оборудования для заводов региона." for i in range(100)]
        (empty_project / f"seeds/{n:03d}.txt").write_text(f"Новости промышленности, выпуск {n}\n" + "\n".join(sentences) + "\n", encoding="utf-8")
    with FakeTranslator(hang_seconds=1.5) as server:
        server.faults.extend(rng.choice(["hang", "429", "500", "malformed", "drop"]) if rng.random() < 0.2 else None for _ in range(1500))
        result = subprocess.run(
            [sys.executable, "-m", "digest.cli", "--root", str(empty_project), "translate", "--provider", "libre", "--url", server.url,
             "--to", "en", "--timeout", "0.5", "--backoff", "0.01", "--retries", "6", "--jobs", "4"],
            capture_output=True, text=True, timeout=600)
    lines = (empty_project / "translations/memory.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    sources = [e["source"] for e in entries]
    assert len(sources) == len(set(sources)), "no segment twice"
    reported = result.stderr.count("error: libre:")
    assert len(entries) + reported == 1010, (len(entries), reported, result.stdout)
    assert result.returncode == (1 if reported else 0)
    assert [e["key"] for e in entries] == sorted(e["key"] for e in entries)


def test_files_written_together_replace_their_targets_only_once_all_are_whole(tmp_path: Path):
    from digest.store.files import WrittenTogether

    targets = [tmp_path / "a.md", tmp_path / "sub" / "b.md", tmp_path / "c.md"]
    targets[0].write_text("old a", encoding="utf-8")
    with WrittenTogether() as writes:
        for n, path in enumerate(targets):
            writes.write(path, f"new {n}")
        assert targets[0].read_text(encoding="utf-8") == "old a"  # nothing replaced yet
    assert [p.read_text(encoding="utf-8") for p in targets] == ["new 0", "new 1", "new 2"]
    assert not list(tmp_path.rglob(".*.tmp"))


def test_files_written_together_are_left_as_they_were_after_an_error(tmp_path: Path):
    from digest.store.files import WrittenTogether

    (tmp_path / "a.md").write_text("old a", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with WrittenTogether() as writes:
            writes.write(tmp_path / "a.md", "new a")
            writes.write(tmp_path / "b.md", "new b")
            raise RuntimeError("the caller failed")
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OSError):  # a write that fails: the others are not moved either
        with WrittenTogether() as writes:
            writes.write(tmp_path / "a.md", "new a")
            writes.write(tmp_path / "plain" / "c.md", "cannot be written")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "plain"]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "old a"
