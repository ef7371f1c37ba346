"""Feeds per language, read by a real feed parser."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from conftest import run_digest


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("feeds") / "digest")
    result = run_digest(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("lang, site, url", [("ru", "site", "https://digest.example.org/"), ("en", "site/en", "https://digest.example.org/en/")])
def test_rss_and_json_feed_per_language(built: Path, lang: str, site: str, url: str):
    rss = feedparser.parse((built / site / "feed.xml").read_bytes())
    assert not rss.bozo, rss.get("bozo_exception")
    assert rss.version == "rss20" and rss.feed.language == lang and rss.feed.link == url
    assert len(rss.entries) == 5
    first = rss.entries[0]
    assert first.link == url + "articles/v-moskve-obsudili-klyuchevye-napravleniya-promyshlennosti-i/"
    assert first.published_parsed[:3] == (2025, 10, 7) and first.summary
    undated = [e for e in rss.entries if "published" not in e]
    assert len(undated) == 2, "undated articles carry no invented date"
    assert [t.term for t in first.tags][:2] == (["Технологический суверенитет", "Промышленные кластеры и парки"] if lang == "ru"
                                                else ["Technological sovereignty", "Industrial clusters and parks"])
    assert {e.get("author") for e in rss.entries} >= {"Formika Event"}, "the outlet per item"
    titles = [e.title for e in rss.entries]
    assert ("Алексей Дюмин провел заседание комиссии Госсовета РФ по промышленности" in titles) == (lang == "ru")

    # feedparser 6.0 (the newest on PyPI) reads no JSON Feed: check the 1.1 spec's rules directly.
    raw = json.loads((built / site / "feed.json").read_text(encoding="utf-8"))
    assert raw["version"] == "https://jsonfeed.org/version/1.1" and raw["title"] and len(raw["items"]) == 5
    for item in raw["items"]:
        assert item["id"] and item["url"].startswith(url) and (item.get("content_text") or item.get("content_html"))
        assert item["title"] and item["summary"] and item["language"] in ("ru", "en")
    assert raw["language"] == lang and raw["feed_url"] == url + "feed.json"
    assert sum("date_published" in item for item in raw["items"]) == 3
    assert all(item.get("tags") for item in raw["items"]), "topics per item"
    assert {a["name"] for item in raw["items"] for a in item.get("authors", [])} >= {"Formika Event"}


def test_feeds_are_linked_from_every_page(built: Path):
    for page in [built / "site/index.html", *(built / "site/en/articles").glob("*/index.html"), built / "site/topics/exports/index.html"]:
        html = page.read_text(encoding="utf-8")
        assert 'type="application/rss+xml"' in html and 'type="application/feed+json"' in html
        assert 'property="og:title"' in html and 'property="og:description"' in html and 'hreflang="en"' in html


def test_sitemap_canonical_and_404_per_language(built: Path):
    for site, url in (("site", "https://digest.example.org/"), ("site/en", "https://digest.example.org/en/")):
        assert url + "articles/" in (built / site / "sitemap.xml").read_text()
        assert (built / site / "404.html").is_file()
        article = next((built / site / "articles").glob("*/index.html")).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{url}articles/' in article
    assert 'lang="en"' in (built / "site/en/404.html").read_text(encoding="utf-8")
