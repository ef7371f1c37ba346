"""End to end: the real `digest` command on a copy of the project, both MkDocs builds strict."""

from __future__ import annotations

import tempfile
import json
import posixpath

import yaml
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, run_digest

LANG_ROOTS = {"ru": Path("site"), "en": Path("site/en")}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def status(root: Path) -> list[dict]:
    result = run_digest(root, "status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def built(project: Path) -> Path:
    result = run_digest(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project


def test_strict_build_makes_both_sites_with_every_article(built: Path):
    entries = status(built)
    assert len(entries) == 5
    for lang, site_root in LANG_ROOTS.items():
        home = soup(built / site_root / "index.html")
        assert home.html["lang"] == lang
        index = (built / site_root / "search-index/index.js").read_text(encoding="utf-8")
        search = json.loads(index[index.index(",") + 1 : index.rindex(")")])
        assert search["total"] == 5, "one search index per language, articles only"
        links = [a["href"] for a in home.select(".grid.cards li strong a")]
        assert len(links) == 5, "the home page lists every article"
        for entry in entries:
            page = built / "site" / ("en" if lang == "en" else "") / entry["pages"][0].replace("docs/ru/", "").replace(".md", "") / "index.html"
            assert page.is_file(), page


def test_home_lists_newest_first_with_undated_last(built: Path):
    home = soup(built / "site/en/index.html")
    bylines = [p.get_text().split(" · ")[0] for p in home.select("p.digest-byline")]
    assert bylines == ["7 October 2025", "11 July 2023", "27 October 2021", "Undated", "Undated"]
    assert soup(built / "site/index.html").select("p.digest-byline")[0].get_text().startswith("7 октября 2025 г.")


def test_every_article_names_its_source_dates_itself_in_a_time_element_and_links_the_original(built: Path):
    not_stated = 0
    for entry in status(built):
        seed = yaml.safe_load((built / entry["seed"].replace(".txt", ".yml")).read_text(encoding="utf-8")) or {}
        for lang, site_root in LANG_ROOTS.items():
            byline = soup(built / site_root / "articles" / Path(entry["pages"][0]).stem / "index.html").select_one("p.digest-byline")
            time = byline.select_one("time")
            assert (time["datetime"] if time else None) == entry["published"]
            text = byline.get_text()
            named, unnamed = ("Source: ", "Source not stated") if lang == "en" else ("Источник: ", "Источник не указан")
            assert (named in text) != (unnamed in text), text
            not_stated += unnamed in text
            if seed.get("source_url"):
                assert byline.select_one(f'a[href="{seed["source_url"]}"]'), byline
    assert not_stated >= 2  # two of the five seeds name no source


def test_language_switch_keeps_the_reader_on_the_same_article(built: Path):
    for entry in status(built):
        for lang, site_root in LANG_ROOTS.items():
            slug = Path(entry["pages"][0]).stem
            page = built / site_root / "articles" / slug / "index.html"
            for link in soup(page).select("a.md-select__link"):
                target = (page.parent / link["href"]).resolve() / "index.html"
                other_root = (built / LANG_ROOTS[link["hreflang"]]).resolve()
                assert target == other_root / "articles" / slug / "index.html", (page, link["href"])
                assert target.is_file()


def test_untranslated_page_says_so_in_the_readers_language(untranslated_project: Path):
    built = untranslated_project
    assert run_digest(built, "build", "--strict").returncode == 0
    entries = {e["seed"]: e for e in status(built)}
    russian = entries["seeds/002_fe2789674e39d373.txt"]
    assert russian["translations"] == {"ru": "original", "en": "missing"}
    page = soup(built / "site/en/articles" / Path(russian["pages"][1]).stem / "index.html")
    notice = page.select_one(".admonition.warning")
    assert "has not been translated into English yet" in notice.get_text()
    original = page.select_one('div[lang="ru"]')
    assert "Алексей Дюмин подчеркнул" in original.get_text()
    assert "27 October 2021" in page.select_one("p.digest-byline").get_text()
    english = entries["seeds/000_5171e5a3172183de.txt"]
    ru_page = soup(built / "site/articles" / Path(english["pages"][0]).stem / "index.html")
    assert "ещё не переведена на русский" in ru_page.select_one(".admonition.warning").get_text()
    assert "11 июля 2023 г." in ru_page.select_one("p.digest-byline").get_text()


def test_rebuild_writes_nothing_and_output_is_byte_identical(built: Path):
    docs, site = tree(built / "docs"), tree(built / "site")
    again = run_digest(built, "build", "--strict")
    assert again.returncode == 0, again.stderr
    assert " 0 written, 0 removed" in again.stdout
    assert "nothing changed: docs/ and site/ were up to date, nothing built" in again.stdout.splitlines()[-1]
    assert tree(built / "docs") == docs
    assert tree(built / "site") == site


def _stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_nothing_changed_touches_no_file_and_any_site_input_rebuilds(built: Path):
    """With nothing changed no file under docs/ or site/ is even rewritten; a change to anything the
    site is made from (a config, a theme override, an environment variable the configs read, a file
    deleted from site/) builds it again, and the result is what a full build makes."""
    site, docs = _stamps(built / "site"), _stamps(built / "docs")
    assert "nothing changed" in run_digest(built, "build").stdout
    assert _stamps(built / "site") == site and _stamps(built / "docs") == docs
    full = tree(built / "site")

    def rebuilt(**env) -> bool:
        import os
        import subprocess
        import sys

        result = subprocess.run([sys.executable, "-m", "digest.cli", "--root", str(built), "build"], capture_output=True, text=True,
                                timeout=300, env={**os.environ, **env})
        assert result.returncode == 0, result.stderr
        return "nothing changed" not in result.stdout

    (built / "site" / "en" / "index.html").unlink()
    assert rebuilt() and tree(built / "site") == full
    override = built / "overrides" / "main.html"
    override.write_text(override.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rebuilt() and not rebuilt()
    config = built / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert rebuilt() and tree(built / "site") == full
    assert rebuilt(DIGEST_SITE_URL="https://other.example.org/")
    assert rebuilt(), "back to the default address: built again, not taken for the other one"
    assert tree(built / "site") == full


def test_fresh_build_reproduces_the_committed_docs(project: Path, update_golden: bool):
    """The golden test: docs/ in the repository is what the generator makes of seeds/."""
    result = run_digest(project, "build", "--no-site")
    assert result.returncode == 0, result.stderr
    if update_golden:
        shutil.rmtree(REPO / "docs", ignore_errors=True)
        shutil.copytree(project / "docs", REPO / "docs")
    assert tree(project / "docs") == tree(REPO / "docs"), "docs/ is stale: run `pytest --update-golden` and review the diff"


def test_deleting_a_seed_removes_its_pages(built: Path):
    entry = next(e for e in status(built) if e["seed"].endswith("004_7eb7e0b26dee3f96.txt"))
    (built / entry["seed"]).unlink()
    orphan = run_digest(built, "build", "--strict")
    assert orphan.returncode == 1 and "no seed file beside this sidecar" in orphan.stderr
    (built / entry["seed"].replace(".txt", ".yml")).unlink()
    result = run_digest(built, "build", "--strict")
    assert result.returncode == 0 and " 0 removed" in result.stdout
    for page in entry["pages"]:
        assert not (built / page).exists()
    assert " removed" in orphan.stdout and (built / "docs/ru/index.md").is_file()
    assert not (built / "site/articles" / Path(entry["pages"][0]).stem).exists()


BAD_SEEDS = {
    "empty.txt": (b"", "the file is empty"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text file"),
    "chrome-only.txt": ("Поделиться\nЧитайте также\n© 2025 Сайт. Все права защищены\nСогласен\n".encode(), "no article text left"),
}


def test_bad_seeds_are_skipped_with_a_message_and_the_rest_still_builds(built: Path):
    for name, (data, _) in BAD_SEEDS.items():
        (built / "seeds" / name).write_bytes(data)
    relaxed = run_digest(built, "build")
    assert relaxed.returncode == 0, relaxed.stderr
    for name, (_, reason) in BAD_SEEDS.items():
        assert f"seeds/{name}: {reason}" in relaxed.stderr
    assert relaxed.stdout.startswith("5 articles")
    strict = run_digest(built, "build", "--strict")
    assert strict.returncode == 1 and "--strict" in strict.stderr
    skipped = {e["seed"]: e for e in status(built) if not e["pages"]}
    assert sorted(skipped) == sorted(f"seeds/{n}" for n in BAD_SEEDS)
    assert all(len(e["warnings"]) == 1 for e in skipped.values())


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-8-sig"])
def test_seed_in_legacy_encoding_with_crlf_builds(empty_project: Path, encoding: str):
    text = ("Завод в Туле начал выпуск станков\r\n5 февраля 2025 года\r\n"
            "В Туле открылся завод, который выпускает станки с ЧПУ. Проект стоил 2 млрд рублей.\r\n")
    (empty_project / "seeds/tula.txt").write_bytes(text.encode(encoding))
    result = run_digest(empty_project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    [entry] = status(empty_project)
    assert entry["title"] == "Завод в Туле начал выпуск станков" and entry["published"] == "2025-02-05"
    page = soup(empty_project / "site/articles" / Path(entry["pages"][0]).stem / "index.html")
    assert "Проект стоил 2 млрд рублей." in page.get_text()


def test_seed_text_never_becomes_markup(empty_project: Path):
    title = 'Заголовок: «кавычки», "quotes" #1 <script>alert(1)</script>'
    body = [
        "<script>alert('x')</script> Завод в Туле выпускает станки для авиации и судостроения, сообщили в компании.",
        '<img src=x onerror="alert(1)"> В цехах установили оборудование на 2 млрд рублей, его поставили заводы России.',
        "[Подробнее](javascript:alert(1)) и ![x](data:text/html;base64,PHNjcmlwdD4=) в тексте статьи о заводе.",
        "# Строка с решёткой остаётся абзацем текста статьи о заводе и станках.",
        "> Цитата остаётся абзацем текста, а не блоком цитаты в статье о заводе.",
    ]
    (empty_project / "seeds/hostile.txt").write_text(title + "\n" + "\n".join(body) + "\n", encoding="utf-8")
    result = run_digest(empty_project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    [entry] = status(empty_project)
    assert entry["title"] == title
    for site_root in LANG_ROOTS.values():
        page_path = built_page = empty_project / site_root / "articles" / Path(entry["pages"][0]).stem / "index.html"
        html_text = page_path.read_text(encoding="utf-8")
        page = soup(built_page)
        assert "alert(" not in "".join(s.get_text() for s in page.find_all("script"))
        assert not page.select("[onerror]") and not page.select("blockquote") and len(page.select("h1")) == 1
        assert not [a for a in page.find_all("a") if a.get("href", "").startswith(("javascript:", "data:"))]
        assert "<script>alert" not in html_text
        text = page.get_text()
        for line in body:
            assert line in text
        assert page.title.get_text().startswith(title)


def test_hand_edited_page_is_kept_until_forced(built: Path):
    page = next(p for p in sorted((built / "docs/en/articles").glob("*.md")))
    edited = page.read_text(encoding="utf-8").replace("\n# ", "\n# Edited: ", 1)
    page.write_text(edited, encoding="utf-8")
    result = run_digest(built, "build")
    assert result.returncode == 0 and "1 kept as edited by hand" in result.stdout
    assert "`digest build --force en/articles/" in result.stderr
    assert page.read_text(encoding="utf-8") == edited
    assert run_digest(built, "build", "--strict").returncode == 0  # an edit alone is not a problem
    forced = run_digest(built, "build", "--force", f"en/articles/{page.name}")
    assert forced.returncode == 0 and "1 written" in forced.stdout
    assert "Edited:" not in page.read_text(encoding="utf-8")


def test_status_json_has_the_documented_shape(project: Path):
    keys = {"seed", "lang", "title", "title_generated", "published", "summary", "translations", "pages", "warnings",
            "edited", "hidden", "stale", "same_story", "related"}
    for entry in status(project):
        assert set(entry) == keys
        assert entry["lang"] in ("ru", "en") and isinstance(entry["title_generated"], bool)
        assert set(entry["translations"]) == {"ru", "en"}
        assert set(entry["translations"].values()) <= {"original", "editorial", "machine", "missing"}
        assert 2 <= len(entry["summary"]) <= 3
        assert all(p.startswith("docs/") and p.endswith(".md") for p in entry["pages"])


def test_usage_errors_exit_2(tmp_path: Path):
    assert run_digest(tmp_path, "build").returncode == 2  # no mkdocs.yml here
    assert run_digest(REPO, "no-such-command").returncode == 2


def test_every_cli_option_is_documented_in_the_readme():
    from digest.cli import _parser

    readme = (REPO / "guide" / "cli.md").read_text(encoding="utf-8")
    parser = _parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in [("", parser), *subparsers.choices.items()]:
        if name:
            assert f"digest {name}" in readme, f"`digest {name}` is not in guide/cli.md"
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in readme, f"{option} of `digest {name}` is not in guide/cli.md"


def test_earlier_and_later_chain_dated_articles_only(built: Path):
    entries = status(built)
    dated = {Path(e["pages"][0]).stem for e in entries if e["published"]}
    for entry in entries:
        page = soup(built / "site/articles" / Path(entry["pages"][0]).stem / "index.html")
        steps = page.select_one("p.digest-steps")
        if not entry["published"]:
            assert steps is None, "an undated article has no place in the chronology"
            continue
        targets = {Path(a["href"].rstrip("/")).name for a in steps.select("a")}
        assert targets and targets <= dated


def test_no_summary_box_repeats_the_opening_paragraph(built: Path):
    for entry in status(built):
        for site_root in LANG_ROOTS.values():
            page = soup(built / site_root / "articles" / Path(entry["pages"][0]).stem / "index.html")
            box = page.select_one(".admonition.abstract")
            body = " ".join(p.get_text() for p in page.select("article p") if not p.get("class") and not p.find_parent(class_="admonition"))
            if box:
                summary = " ".join(p.get_text() for p in box.select("p:not(.admonition-title)"))
                assert not " ".join(body.split()).startswith(" ".join(summary.split())), "the box repeats the opening"


def test_people_are_listed_by_surname_with_their_role(built: Path):
    for site_root, role in (("site", "председатель правительства"), ("site/en", "Prime Minister")):
        items = [li.get_text(" ", strip=True) for li in soup(built / site_root / "people/index.html").select("article li")]
        surnames = [item.split(" — ")[0].split(" (")[0].split()[-1] for item in items]
        assert surnames == sorted(surnames, key=str.lower), surnames
        assert any("Мишустин" in item or "Mishustin" in item for item in items if role in item)


def test_a_regional_fund_is_not_the_federal_one():
    from digest.enrich import glossary

    terms = glossary.load(REPO / "gazetteer.yml")
    federal = [t.canonical("en") for t, _, _ in glossary.find(terms, "Заём выдал Фонд развития промышленности.", "ru")]
    regional = [t.canonical("en") for t, _, _ in glossary.find(terms, "Заём выдал Фонд развития промышленности РБ.", "ru")]
    assert federal == ["Industrial Development Fund"] and regional == []
    assert [t.canonical("en") for t, _, _ in glossary.find(terms, "Минпромторг РФ сообщил", "ru")] == ["Ministry of Industry and Trade"]


def test_long_listings_are_paged_by_fifty_and_every_page_links_the_others(tmp_path: Path):
    import re
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    import build as synthetic

    root = synthetic.make_project(tmp_path / "digest", 160)
    assert run_digest(root, "build").returncode == 0
    counts = {a["href"]: int(re.search(r"\((\d+)\)", li.get_text())[1])
              for li in soup(root / "site/topics/index.html").select("article li") for a in li.select("a")}
    big = [(href, n) for href, n in counts.items() if n > 50]
    assert big, counts
    for href, count in big:
        first = root / "site/topics" / href / "index.html"
        pages = [first] + [(first.parent / a["href"]).resolve() / "index.html"
                           for a in soup(first).select_one("p.digest-pager").select("a")]  # the pager above the list
        assert len(pages) == -(-count // 50)
        entries = []
        for page in pages:
            assert page.is_file(), page
            listed = [a["href"] for a in soup(page).select("article li > a")]
            assert 0 < len(listed) <= 50
            entries += listed
        assert len(entries) == count and len(set(entries)) == count
    undated = soup(root / "site/archive/undated/index.html") if (root / "site/archive/undated/index.html").exists() else None
    assert undated is None or "Дата не указана" not in undated.select_one("article").get_text()


def test_related_articles_are_linked_on_the_page_and_listed_in_status(built: Path):
    entries = {e["seed"]: e for e in status(built)}
    assert all(isinstance(e["same_story"], list) and isinstance(e["related"], list) for e in entries.values())
    innoprom = entries["seeds/000_5171e5a3172183de.txt"]
    assert innoprom["related"], "Innoprom's session and the other reports naming Mishustin and Manturov"
    for site_root in LANG_ROOTS.values():
        page = soup(built / site_root / "articles" / Path(innoprom["pages"][0]).stem / "index.html")
        linked = {Path(a["href"].rstrip("/")).name for a in page.select("p.digest-related a")}
        assert linked == {Path(entries[seed]["pages"][0]).stem for seed in innoprom["related"]}


def test_article_pages_carry_one_hreflang_pair_no_figures_box_and_no_photo_credit(built: Path):
    for entry in status(built):
        for site_root in LANG_ROOTS.values():
            page = soup(built / site_root / "articles" / Path(entry["pages"][0]).stem / "index.html")
            pairs = sorted(link["hreflang"] for link in page.select('head link[rel="alternate"][hreflang]'))
            assert pairs == ["en", "ru"], pairs
            assert not page.select(".admonition.info") and not page.select(".digest-credit")


def test_month_pages_link_the_months_around_them(built: Path):
    months = ["2021-10", "2023-07", "2025-10"]  # the five seeds' dated months, oldest first
    for i, month in enumerate(months):
        pager = soup(built / f"site/archive/{month}/index.html").select_one("p.digest-months")
        linked = {posixpath.basename(posixpath.normpath(f"archive/{month}/{a['href']}")) for a in pager.select("a")}
        assert linked == {m for m in months[max(0, i - 1):i + 2] if m != month} | {"archive"}, linked


def test_the_original_is_linked_when_the_sidecar_gives_its_address(project: Path):
    sidecar = project / "seeds/002_fe2789674e39d373.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\nsource_url: https://example.org/news/dyumin\n", encoding="utf-8")
    assert run_digest(project, "build", "--strict").returncode == 0
    for site_root, label in (("site", "оригинал"), ("site/en", "original")):
        page = soup(project / site_root / "articles/aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po/index.html")
        link = page.select_one('p.digest-byline a[href="https://example.org/news/dyumin"]')
        assert link is not None and link.get_text() == label


def test_no_cache_builds_the_same_site_without_reading_or_writing_the_cache(built: Path):
    cache_files = tree(built / ".digest-cache")
    site, docs = tree(built / "site"), tree(built / "docs")
    (built / ".digest-cache" / "run.pickle").write_bytes(b"not a cache")  # were it read, the build would have to recover
    cache_files["run.pickle"] = b"not a cache"
    result = run_digest(built, "build", "--strict", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "nothing changed" not in result.stdout
    assert tree(built / ".digest-cache") == cache_files, "the cache was neither read into nor written"
    assert tree(built / "site") == site and tree(built / "docs") == docs
    assert not list(Path(tempfile.gettempdir()).glob("digest-no-cache-*")), "its own folder is deleted"


def test_each_language_synced_in_a_process_of_its_own_gives_what_one_process_gives(tmp_path: Path):
    """A large site syncs its English pages in a forked process while the Russian ones are made
    (pipeline.update_docs): docs/, the report and the findings are those of one process, after a
    hand edit of an English page (its findings come from the child) and a deleted seed."""
    from conftest import copy_project

    from digest import config, pipeline
    from digest.publish.site import process_start

    assert process_start() == "fork"  # else the parallel path would not run here
    results = {}
    for in_parallel in (False, True):
        root = copy_project(tmp_path / str(in_parallel))
        settings = config.load(root)
        pipeline.update_docs(root, settings, in_parallel=in_parallel)
        page = sorted((root / "docs/en/articles").glob("*.md"))[0]
        text = page.read_text(encoding="utf-8")
        figure = next(c for c in text.split("\n---\n", 1)[1] if c.isdigit())
        page.write_text(text.replace("\n# ", "\n# Edited: ", 1).replace(figure, str((int(figure) + 1) % 10)), encoding="utf-8")
        sorted((root / "seeds").glob("*.txt"))[-1].unlink()
        run = pipeline.update_docs(root, settings, in_parallel=in_parallel)
        results[in_parallel] = (run.sync, run.pages, run.findings, run.warnings, tree(root / "docs"))
    serial, parallel = results[False], results[True]
    assert serial[0].kept_edits and serial[0].removed  # the edit was kept, the seed's pages removed
    assert any(f.path.startswith("docs/en/articles/") for f in serial[2])  # the edit's findings
    assert parallel[:4] == serial[:4] and parallel[4] == serial[4]


def test_a_failure_in_the_english_process_is_raised_here_and_the_russian_pages_are_whole(tmp_path: Path):
    """docs/en/articles is a file, so the forked process cannot write the English pages: its error
    reaches the build (no hang, no silent success), and every Russian page is whole."""
    from conftest import copy_project

    from digest import config, pipeline

    root = copy_project(tmp_path / "digest")
    settings = config.load(root)
    pipeline.update_docs(root, settings, in_parallel=True)
    russian = tree(root / "docs/ru")
    shutil.rmtree(root / "docs/en/articles")
    (root / "docs/en/articles").write_text("not a folder", encoding="utf-8")
    (root / ".digest-cache/markdown.pickle").unlink()  # every page made again
    with pytest.raises(OSError):
        pipeline.update_docs(root, settings, in_parallel=True)
    assert tree(root / "docs/ru") == russian
