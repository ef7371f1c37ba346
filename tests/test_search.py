"""Search as a reader uses it, in headless Chromium: online (served over HTTP) and in the
offline edition (file://), against the query set in tests/search/queries.yml. The header's
box answers in place (a panel under the header, the main path); Enter opens the search page."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import quote

import pytest
import yaml

from conftest import REPO
from test_browser import ARTIFACTS, PANEL, browser, engine, offline_site, page, search, server, shot, site  # noqa: F401  (fixtures)

QUERIES = yaml.safe_load((REPO / "tests/search/queries.yml").read_text(encoding="utf-8"))
SLUG = re.compile(r"/articles/([^/.]+)")
TARGET = 0.95
PAGE = "[data-digest-search=page]"
DYUMIN = QUERIES["articles"]["dyumin"]


def article(base: str, lang: str, offline: bool) -> str:
    """An article page of `lang` on the served site (`base` is its URL) or the offline edition."""
    return f"{base}{'' if lang == 'ru' else '/en'}/articles/{DYUMIN}{'.html' if offline else '/'}"


def search_page(base: str, lang: str, query: str, offline: bool) -> str:
    return f"{base}{'' if lang == 'ru' else '/en'}/search{'.html' if offline else '/'}?q={quote(query)}"


def slugs(page, view: str) -> list[str]:
    hrefs = page.locator(f"{view} a.digest-search__title").evaluate_all("els => els.map(e => e.href)")
    return [SLUG.search(href).group(1) for href in hrefs]


def panel_results(page, base: str, lang: str, query: str, offline: bool) -> list[str]:
    """Article slugs the header's panel shows for `query`, best first, typed on an article page."""
    here = article(base, lang, offline)
    if page.url != here:
        page.goto(here)
    search(page, query)
    assert page.url == here
    return slugs(page, PANEL)


def page_results(page, base: str, lang: str, query: str, offline: bool) -> list[str]:
    """Article slugs the search page lists for `query`, best first."""
    page.goto(search_page(base, lang, query, offline))
    page.wait_for_selector(f"{PAGE}[data-state=done]", timeout=15000)
    return slugs(page, PAGE)


def check_query_set(found_for) -> list[dict]:
    articles = QUERIES["articles"]
    report = []
    for lang, entries in QUERIES["queries"].items():
        for entry in entries:
            found = found_for(lang, entry["query"])
            missing = [key for key in entry["top5"] if articles[key] not in found[:5]]
            unwanted = [key for key in entry.get("not", []) if articles[key] in found]
            report.append({"lang": lang, "query": entry["query"], "found": found, "missing": missing, "unwanted": unwanted})
    return report


def assert_target(report: list[dict], name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"search-queries-{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = [r for r in report if r["missing"] or r["unwanted"]]
    assert len(report) >= 40
    assert 1 - len(failed) / len(report) >= TARGET, failed


def base_of(mode: str, server: str, offline_site) -> str:
    return server if mode == "online" else offline_site.as_uri()


@pytest.mark.parametrize("mode", ["online", "offline"])
def test_query_set_in_the_header_panel(page, server, offline_site, mode):
    base, offline = base_of(mode, server, offline_site), mode == "offline"
    assert_target(check_query_set(lambda lang, query: panel_results(page, base, lang, query, offline)), mode)


@pytest.mark.parametrize("mode", ["online", "offline"])
def test_search_page_lists_what_the_panel_shows(page, server, offline_site, mode):
    """The two views share engine and rendering: the page's first results are the panel's."""
    base, offline = base_of(mode, server, offline_site), mode == "offline"
    for lang, entries in QUERIES["queries"].items():
        for entry in entries[::5]:
            in_panel = panel_results(page, base, lang, entry["query"], offline)
            on_page = page_results(page, base, lang, entry["query"], offline)
            assert on_page[:len(in_panel)] == in_panel, entry["query"]


def test_typing_in_the_header_shows_results_in_place(page, server):
    url = article(server, "ru", offline=False)
    page.goto(url)
    navigated: list[str] = []
    page.on("framenavigated", lambda frame: navigated.append(frame.url))
    box = page.locator("input.digest-search-box__input")
    panel = page.locator(PANEL)
    assert panel.is_hidden()
    search(page, "импортозамещению")
    assert page.url == url and navigated == []
    assert box.get_attribute("aria-expanded") == "true"
    assert panel.get_attribute("role") == "region"
    hit = panel.locator(".digest-search__hit").first
    assert hit.locator(".digest-search__title").inner_text().startswith("Алексей Дюмин провел заседание")
    assert hit.locator("time").inner_text() == "27 октября 2021 г."
    assert hit.locator(".digest-search__excerpt mark").first.inner_text().lower().startswith("импортозамещени")
    assert panel.locator(".digest-search__status").inner_text().startswith("Найдено: ")
    assert panel.locator("a.digest-search__all").get_attribute("href").endswith("/search/?q=" + quote("импортозамещению"))
    shot(page, "search-panel-ru")
    page.keyboard.press("ArrowDown")  # the results are links, reached by the arrow keys (and Tab)
    assert page.evaluate("document.activeElement.classList.contains('digest-search__title')")
    page.keyboard.press("Escape")  # closes the panel, back in the box with the query kept
    assert panel.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('digest-search-box__input')")
    assert box.input_value() == "импортозамещению"
    assert len(search(page, "Мантурова")) == 3  # typing again reopens it
    page.mouse.click(300, 700)  # a click outside closes it
    assert panel.is_hidden()
    assert page.url == url and navigated == []


def test_enter_opens_the_search_page(page, server):
    page.goto(f"{server}/")
    box = page.locator("input.digest-search-box__input")
    box.fill("импортозамещению")
    box.press("Enter")
    page.wait_for_selector(f"{PAGE}[data-state=done]", timeout=15000)
    assert page.url.endswith("/search/?q=" + quote("импортозамещению"))
    hit = page.locator(f"{PAGE} .digest-search__hit").first
    assert hit.locator(".digest-search__title").inner_text().startswith("Алексей Дюмин провел заседание")
    assert hit.locator("time").inner_text() == "27 октября 2021 г."
    assert hit.locator(".digest-search__excerpt mark").first.inner_text().lower().startswith("импортозамещени")
    shot(page, "search-ru")


def test_panel_fits_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(article(server, "ru", offline=False))
    assert page.locator("input.digest-search-box__input").bounding_box()["width"] < 150  # small until used
    assert len(search(page, "промышленности")) >= 3
    assert page.locator("input.digest-search-box__input").bounding_box()["width"] >= 250, "typing: the box takes the header"
    box = page.locator(PANEL).bounding_box()
    assert box["x"] == 0 and box["width"] == 390 and box["y"] + box["height"] <= 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "search-panel-mobile")
    context.close()


@pytest.mark.parametrize("mode", ["online", "offline"])
def test_no_result_says_so_and_offers_the_other_language(page, server, offline_site, mode):
    page.goto(article(base_of(mode, server, offline_site), "en", offline=mode == "offline"))
    assert search(page, "Мантурова") == []
    assert page.locator(f"{PANEL} .digest-search__status").inner_text().startswith("Nothing found.")
    assert page.locator(f"{PANEL} a.digest-search__all").is_hidden()
    other = page.locator(f"{PANEL} a.digest-search__other")
    assert other.get_attribute("hreflang") == "ru"
    shot(page, f"search-other-language-{mode}")
    other.click()
    page.wait_for_selector(f"{PAGE}[data-state=done]", timeout=15000)
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator(f"{PAGE} .digest-search__hit").count() >= 1


def test_query_set_with_the_index_cut_into_small_chunks(page, offline_site, tmp_path):
    """The seeds fit one chunk of words and one of stems; a large digest has hundreds. With chunks
    of ~300 characters, finding the chunk of a word or stem, and the run of chunks a typed prefix
    spans, must give the results the one-chunk index gives."""
    from digest.publish.search import write_index

    chunked = tmp_path / "site"
    shutil.copytree(offline_site, chunked)
    for site_dir, lang in ((chunked, "ru"), (chunked / "en", "en")):
        write_index(site_dir, lang, chunk_chars=300)
        head = (site_dir / "search-index/index.js").read_text(encoding="utf-8")
        head = json.loads(head[head.index(",") + 1 : head.rindex(")")])
        assert len(head["words"]) > 20 and len(head["stems"]) > 20
    queries = [(lang, typed) for lang, entries in QUERIES["queries"].items() for entry in entries
               for typed in (entry["query"], entry["query"][: max(3, len(entry["query"]) - 2)])]  # also a word still being typed

    def results(site) -> list[list[str]]:
        return [panel_results(page, site.as_uri(), lang, query, offline=True) for lang, query in queries]

    assert results(chunked) == results(offline_site)


def test_a_page_open_across_a_deploy_still_finds(page, site, tmp_path):
    """A reader's page holds the index of the build it loaded; after a new deploy that build's
    pieces are gone (404). The page then loads the new index.js, bypassing the cache, and searches again."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from digest.publish.search import write_index

    deployed = tmp_path / "site"
    shutil.copytree(site, deployed)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(deployed))
    handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        before = panel_results(page, base, "ru", "Дюмин", offline=False)
        old = next(p for p in (deployed / "search-index").iterdir() if p.is_dir())
        write_index(deployed, "ru", chunk_chars=300)  # the next build: another folder
        assert not old.exists()
        fresh = []
        page.on("request", lambda request: fresh.append(request.url) if "search-index/index.js?" in request.url else None)
        assert panel_results(page, base, "ru", "Мантуров", offline=False), "no results after the deploy"
        assert len(fresh) == 1, "index.js loaded anew once"
        assert panel_results(page, base, "ru", "Дюмин", offline=False) == before
    finally:
        httpd.shutdown()


def test_every_form_of_a_query_word_that_matched_is_marked(page, server):
    """«Мантурова» finds pages that say «Мантуров» (the index holds both forms): their excerpts mark it too."""
    page.goto(search_page(server, "ru", "Мантурова", offline=False))
    page.wait_for_selector(f"{PAGE}[data-state=done]", timeout=15000)
    excerpts = page.locator(f"{PAGE} .digest-search__excerpt").all()
    assert len(excerpts) >= 3
    for excerpt in excerpts:
        assert excerpt.locator("mark").count() >= 1, excerpt.inner_text()
    assert not page.locator(f"{PAGE} .digest-search__more").is_visible(), "fewer than ten results: nothing more to show"


def test_the_search_page_pages_through_every_result(browser, tmp_path):
    import sys
    sys.path.insert(0, str(REPO / "benchmarks"))
    import build as synthetic
    from conftest import run_digest

    root = synthetic.make_project(tmp_path / "digest", 13)
    assert run_digest(root, "build").returncode == 0
    context = browser.new_context()
    reader = context.new_page()
    reader.goto((root / "site" / "search" / "index.html").as_uri() + "?q=" + quote("Новость"))
    reader.wait_for_selector(f"{PAGE}[data-state=done]", timeout=15000)
    more = reader.locator(f"{PAGE} .digest-search__more")
    assert reader.locator(f"{PAGE} .digest-search__hit").count() == 10 and more.is_visible()
    more.click()
    reader.wait_for_function(f"document.querySelectorAll('{PAGE} .digest-search__hit').length === 13")
    more.wait_for(state="hidden", timeout=5000)  # nothing more to show
    context.close()
