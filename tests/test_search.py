"""Search as a reader uses it, in headless Chromium: online (Pagefind, served over HTTP) and in
the offline edition (file://), against the query set in tests/search/queries.yml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from test_browser import ARTIFACTS, browser, offline_site, page, server, shot, site  # noqa: F401  (fixtures)

QUERIES = yaml.safe_load((REPO / "tests/search/queries.yml").read_text(encoding="utf-8"))
SLUG = re.compile(r"/articles/([^/.]+)")
TARGET = 0.95


def results(page, url: str) -> list[str]:
    """Article slugs of the results page at `url`, best first."""
    page.goto(url)
    page.wait_for_selector("[data-digest-search][data-state=done]", timeout=15000)
    return [SLUG.search(href).group(1) for href in page.locator("a.digest-search__title").evaluate_all("els => els.map(e => e.href)")]


def check_query_set(page, url_for) -> list[dict]:
    slugs = QUERIES["articles"]
    report = []
    for lang, entries in QUERIES["queries"].items():
        for entry in entries:
            found = results(page, url_for(lang, entry["query"]))
            missing = [key for key in entry["top5"] if slugs[key] not in found[:5]]
            unwanted = [key for key in entry.get("not", []) if slugs[key] in found]
            report.append({"lang": lang, "query": entry["query"], "found": found, "missing": missing, "unwanted": unwanted})
    return report


def assert_target(report: list[dict], name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"search-queries-{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = [r for r in report if r["missing"] or r["unwanted"]]
    assert len(report) >= 40
    assert 1 - len(failed) / len(report) >= TARGET, failed


def test_query_set_online(page, server):
    def url(lang: str, query: str) -> str:
        return f"{server}{'' if lang == 'ru' else '/en'}/search/?q={query}"

    assert_target(check_query_set(page, url), "online")


def test_query_set_offline(page, offline_site):
    def url(lang: str, query: str) -> str:
        return (offline_site / ("" if lang == "ru" else "en") / "search.html").as_uri() + f"?q={query}"

    assert_target(check_query_set(page, url), "offline")


def test_header_search_shows_title_date_and_highlighted_snippet(page, server):
    page.goto(f"{server}/")
    box = page.locator("input.digest-search-box__input")
    box.fill("импортозамещению")
    box.press("Enter")
    page.wait_for_selector("[data-digest-search][data-state=done]", timeout=15000)
    assert "/search/?q=" in page.url
    hit = page.locator(".digest-search__hit").first
    assert hit.locator(".digest-search__title").inner_text().startswith("Алексей Дюмин провел заседание")
    assert hit.locator("time").inner_text() == "27 октября 2021 г."
    assert hit.locator(".digest-search__excerpt mark").first.inner_text().lower().startswith("импортозамещени")
    shot(page, "search-ru")


@pytest.mark.parametrize("mode", ["online", "offline"])
def test_no_result_says_so_and_offers_the_other_language(page, server, offline_site, mode):
    if mode == "online":
        page.goto(f"{server}/en/search/?q=Мантурова")
    else:
        page.goto((offline_site / "en" / "search.html").as_uri() + "?q=Мантурова")
    page.wait_for_selector("[data-digest-search][data-state=done]", timeout=15000)
    assert page.locator(".digest-search__hit").count() == 0
    assert page.locator(".digest-search__status").inner_text().startswith("Nothing found.")
    other = page.locator("a.digest-search__other")
    assert other.get_attribute("hreflang") == "ru"
    other.click()
    page.wait_for_selector("[data-digest-search][data-state=done]", timeout=15000)
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator(".digest-search__hit").count() >= 1
    shot(page, f"search-other-language-{mode}")
