"""The same site from either engine (`digest build --engine material|zensical`): the same addresses,
and on every page the same title, headline, language links, tabs and "Edit this page"; the same
feeds and search index. The browser tests (test_browser.py, test_search.py) run against both."""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, run_digest

if importlib.util.find_spec("zensical") is None:
    if os.environ.get("DIGEST_REQUIRE_BROWSER"):
        raise RuntimeError("Zensical is not installed: pip install -e '.[zensical]'")
    pytest.skip("Zensical is not installed (pip install -e '.[zensical]')", allow_module_level=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    sites = {}
    for engine in ("material", "zensical"):
        root = copy_project(tmp_path_factory.mktemp(engine) / "digest")
        done = run_digest(root, "build", "--strict", "--engine", engine)
        assert done.returncode == 0, done.stderr
        says = done.stderr.count("Material for MkDocs reaches end of life on 5 May 2027")
        assert says == (1 if engine == "material" else 0), done.stderr  # once per run, with the way out
        assert engine == "zensical" or "--engine zensical" in done.stderr
        sites[engine] = root / "site"
    return sites


BUILD_ID = re.compile(r"\b[0-9a-f]{12}\b")  # the search index's build, a hash of the pages' bytes


def files(site: Path) -> set[str]:
    """What a reader may open: every file but the engines' own assets (the search index's build
    folder named B)."""
    found = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    found = {f for f in found if not re.match(r"(en/)?assets/", f) and not f.endswith(".gz")}
    return {BUILD_ID.sub("B", f) for f in found}


def read(site: Path, name: str) -> bytes:
    """A file of files(site), the search index's build read as B."""
    if "/B/" in name or name.startswith("B/"):
        name = next(
            p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and BUILD_ID.sub("B", p.relative_to(site).as_posix()) == name
        )
    return BUILD_ID.sub("B", (site / name).read_text(encoding="utf-8")).encode()


def same_address(href: str | None) -> str | None:
    """One spelling per address: "/." and "/", ".." and "./..", "./" and "././", "." and "" are
    the same link (MkDocs writes the first of each, Zensical the second)."""
    if href == "":
        return "."  # this page
    if href is None or "://" in href:
        return href
    return posixpath.normpath(href) + ("/" if href.endswith(("/", "/.", "..")) else "")


def substance(html: str) -> dict[str, object]:
    soup = BeautifulSoup(html, "html.parser")
    text = lambda node: " ".join(node.get_text(" ").split()) if node else None  # noqa: E731
    return {
        "title": text(soup.title),
        "h1": text(soup.find("h1")),
        "lang": soup.html.get("lang"),
        "hreflang": sorted((a.get("hreflang"), a.get("href")) for a in soup.select("link[hreflang]")),
        "canonical": [a.get("href") for a in soup.select("link[rel=canonical]")],
        "tabs": [(text(a), same_address(a.get("href"))) for a in soup.select(".md-tabs__link")],
        "switch": [(text(a), same_address(a.get("href"))) for a in soup.select(".md-select__link")],
        "edit": [a.get("href") for a in soup.select("a[title][href*='/edit/']")],
        "article": text(soup.select_one("[data-search-body]")),
        "feeds": sorted(a.get("href") for a in soup.select("link[type^='application/'][rel=alternate]")),
    }


def test_both_engines_publish_the_same_addresses(built):
    material, zensical = files(built["material"]), files(built["zensical"])
    assert material - zensical == set() and zensical - material == set()


def test_every_page_says_the_same_with_either_engine(built):
    pages = sorted(f for f in files(built["material"]) if f.endswith(".html"))
    assert len(pages) > 90
    for page in pages:
        material = substance((built["material"] / page).read_text(encoding="utf-8"))
        zensical = substance((built["zensical"] / page).read_text(encoding="utf-8"))
        assert material == zensical, page


def test_feeds_and_the_search_index_say_the_same(built):
    same = [f for f in files(built["material"]) if not f.endswith((".html", ".xml")) or "feed" in f]
    assert any("search-index/" in f for f in same) and "feed.xml" in same and "en/feed.json" in same
    for name in same:
        assert read(built["material"], name) == read(built["zensical"], name), name
