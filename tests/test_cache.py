"""The build cache (.digest-cache/): it only ever saves time, never changes what a build makes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import copy_project, run_digest


def docs_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()}


def build(root: Path) -> str:
    result = run_digest(root, "build", "--no-site")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_warm_cache_gives_what_a_cold_build_gives(tmp_path: Path):
    root = copy_project(tmp_path / "digest")
    cold = build(root)
    first = docs_tree(root)
    assert (root / ".digest-cache/run.pickle").is_file() and list((root / ".digest-cache/seeds").glob("*/*.pickle"))
    assert " 0 written" in build(root)  # nothing changed: the run cache answers
    reference = tmp_path / "reference"  # the same project and history (translations/versions.json), no cache
    shutil.copytree(root, reference, ignore=shutil.ignore_patterns(".digest-cache"))
    seed = root / "seeds/002_fe2789674e39d373.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nЗавод в Туле выпустил тысячу станков с начала года.\n", encoding="utf-8")
    edited = build(root)
    assert " 2 written" in edited, edited  # that article's page in both languages (no listing shows that text)
    warm = docs_tree(root)
    (reference / "seeds/002_fe2789674e39d373.txt").write_bytes(seed.read_bytes())
    build(reference)  # cold, from the same inputs
    assert docs_tree(reference) == warm
    assert first != warm and cold.startswith("5 articles")


def test_a_changed_topic_list_reaches_every_cached_article(tmp_path: Path):
    root = copy_project(tmp_path / "digest")
    build(root)
    topics = root / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("ru: Экспорт", "ru: Экспорт продукции"), encoding="utf-8")
    build(root)
    assert "# Экспорт продукции" in (root / "docs/ru/topics/exports.md").read_text(encoding="utf-8")


def test_a_broken_cache_is_ignored_and_rewritten(tmp_path: Path):
    root = copy_project(tmp_path / "digest")
    build(root)
    expected = docs_tree(root)
    cached = sorted((root / ".digest-cache").rglob("*.pickle"))
    for path in cached:
        path.write_bytes(path.read_bytes()[:40])  # truncated, as by a killed run or a full disk
    (cached[0]).write_bytes(b"not a cache file")
    for path in (root / "docs").rglob("*.md"):
        path.unlink()
    assert " 0 written" not in build(root)
    assert docs_tree(root) == expected
    assert " 0 written" in build(root)


def test_a_hand_edit_or_a_deleted_page_is_seen_despite_the_run_cache(tmp_path: Path):
    root = copy_project(tmp_path / "digest")
    build(root)
    page = root / "docs/en/topics/exports.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    (root / "docs/ru/archive.md").unlink()
    line = build(root)
    assert "1 written" in line and "1 kept as edited by hand" in line, line
    assert page.read_text(encoding="utf-8").endswith("An editor's note.\n")
    assert (root / "docs/ru/archive.md").is_file()


def test_a_new_headline_reaches_the_pages_that_link_to_the_article(tmp_path: Path):
    """Article pages are kept by what they are drawn from, the articles they link to (earlier and
    later, same story, related) included: a headline edited on one seed re-draws every page that
    shows it, exactly as a build without the cache draws them."""
    root = copy_project(tmp_path / "digest")
    build(root)
    reference = tmp_path / "reference"
    shutil.copytree(root, reference, ignore=shutil.ignore_patterns(".digest-cache"))
    seed = root / "seeds/002_fe2789674e39d373.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    headline = next(i for i, line in enumerate(lines) if len(line.split()) >= 4)
    lines[headline] = "Новый заголовок: " + lines[headline]
    seed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edited = build(root)
    assert " 0 written" not in edited
    (reference / seed.relative_to(root)).write_bytes(seed.read_bytes())
    build(reference)
    assert docs_tree(reference) == docs_tree(root)
    linking = [p for p, text in docs_tree(root).items() if "/articles/" in p and "Новый заголовок" in text.decode()]
    assert len(linking) > 2, linking  # its own pages and at least one neighbour's
