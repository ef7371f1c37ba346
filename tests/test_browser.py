"""What a reader does, in a real headless Chromium (Debian's), on the served site and from file://.

Screenshots go to tests/artifacts/. Without Chromium these tests are skipped, unless
DIGEST_REQUIRE_BROWSER=1 (as in CI), which turns the skip into a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_digest

# Debian's chromium here; another Chromium-based browser where DIGEST_CHROMIUM names it (GitHub's runners have Chrome).
CHROMIUM = os.environ.get("DIGEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "tests" / "artifacts"

if not Path(CHROMIUM).exists():
    if os.environ.get("DIGEST_REQUIRE_BROWSER"):
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium)")
    pytest.skip("Chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module", params=["material", "zensical"])
def engine(request) -> str:
    """Every test here runs against the site each engine builds (`digest build --engine`)."""
    import importlib.util

    if request.param == "zensical" and importlib.util.find_spec("zensical") is None:
        message = "Zensical is not installed (pip install -e '.[zensical]')"
        if os.environ.get("DIGEST_REQUIRE_BROWSER"):
            raise RuntimeError(message)
        pytest.skip(message)
    return request.param


@pytest.fixture(scope="module")
def site(tmp_path_factory, engine) -> Path:
    root = copy_project(tmp_path_factory.mktemp(f"browser-{engine}") / "digest")
    result = run_digest(root, "build", "--strict", "--engine", engine)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory, engine) -> Path:
    root = copy_project(tmp_path_factory.mktemp(f"offline-{engine}") / "digest")
    result = run_digest(root, "build", "--strict", "--offline", "--engine", engine)
    assert result.returncode == 0, result.stderr
    assert (root / "dist/industry-digest-offline.zip").is_file()
    return root / "site"


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """A static HTTP server on loopback for `folder`, running in a thread; (server, its URL)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="module")
def server(site: Path):
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


PANEL = "#digest-search-panel"


def search(page, query: str) -> list[str]:
    """Type a query into the header's search box; the hits (title, date, snippet) that its panel
    shows in place, once the panel shows this query's results and any suggestion."""
    box = page.locator("input.digest-search-box__input")
    box.click()
    box.fill(query)
    page.wait_for_function(
        "q => { const p = document.getElementById('digest-search-panel'); return p.dataset.state === 'done' && p.dataset.shown === q; }",
        arg=query.strip(), timeout=15000)
    assert page.locator(PANEL).is_visible()
    return page.locator(f"{PANEL} .digest-search__hit").all_inner_texts()


@pytest.mark.parametrize("lang, prefix, heading", [("ru", "", "Дайджест промышленной политики"), ("en", "/en", "Industrial Policy Digest")])
def test_home_lists_the_articles_as_cards(page, server, lang, prefix, heading):
    page.goto(f"{server}{prefix}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("article h1").inner_text() == heading
    cards = page.locator(".grid.cards li")
    assert cards.count() == 5
    assert page.locator('link[type="application/rss+xml"]').count() == 1
    shot(page, f"home-{lang}")


def test_open_an_article_switch_language_and_land_on_the_same_article(page, server):
    page.goto(f"{server}/")
    page.locator(".grid.cards li strong a", has_text="Алексей Дюмин").click()
    page.wait_for_load_state()
    assert page.url.endswith("/articles/aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po/")
    assert "Алексей Дюмин" in page.locator("article h1").inner_text()
    shot(page, "article-ru")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/articles/aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po/")
    assert page.locator("article h1").inner_text() == "Alexei Dyumin chairs a meeting of the State Council commission on industry"
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "article-en")


def test_follow_a_topic_and_a_person(page, server):
    page.goto(f"{server}/en/articles/aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po/")
    page.locator(".digest-topics a", has_text="Medical industry").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/topics/medical-industry/")
    titles = page.locator("article a[href*='/articles/']").all_inner_texts()
    assert "Alexei Dyumin chairs a meeting of the State Council commission on industry" in titles
    page.goto(f"{server}/people/denis-manturov/")
    assert page.locator("article h1").inner_text() == "Денис Мантуров"
    links = page.locator("article a[href*='/articles/']").evaluate_all("els => els.map(e => e.href)")
    assert len(set(links)) == 3


def test_offline_edition_works_from_file_and_loads_nothing_from_the_network(browser, offline_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None)
    page.goto((offline_site / "index.html").as_uri())
    assert page.locator(".grid.cards li").count() == 5
    page.locator(".grid.cards li strong a", has_text="Алексей Дюмин").click()
    page.wait_for_load_state()
    assert page.url.endswith("/articles/aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po.html")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/articles/aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po.html")
    results = search(page, "Manturov")
    assert any("Manturov" in r for r in results)
    shot(page, "offline-search-en")
    context.close()
    outside = [url for url in requests if not url.startswith(("file://", "data:", "blob:", "about:"))]
    assert outside == [], "the offline edition asked the network for these"
    assert errors == [], errors


SITE_NAMES = {"ru": "Дайджест промышленной политики", "en": "Industrial Policy Digest"}
TABS = {"ru": ["Главная", "Архив", "Темы", "Люди", "Организации", "Источники"],
        "en": ["Home", "Archive", "Topics", "People", "Organisations", "Sources"]}
INNOPROM, DYUMIN = "innoprom-s-main-strategy-session-sustainable-production", "aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po"
# Every page type: (site, page under the language's root, the docs/ page its heading comes from).
PAGE_TYPES = {
    "home": ("site", "", "index.md"),
    "article, editorial translation": ("site", "articles/{editorial}/", "articles/{editorial}.md"),
    "article, machine translation": ("machine", "articles/{translated}/", "articles/{translated}.md"),
    "article, no translation": ("missing", "articles/{translated}/", "articles/{translated}.md"),
    "archive": ("site", "archive/", "archive.md"),
    "month": ("site", "archive/2023-07/", "archive/2023-07.md"),
    "topic index": ("site", "topics/", "topics/index.md"),
    "topic": ("site", "topics/import-substitution/", "topics/import-substitution.md"),
    "people": ("site", "people/", "people/index.md"),
    "person": ("site", "people/denis-manturov/", "people/denis-manturov.md"),
    "organisation": ("site", "organisations/ministry-of-industry-and-trade/", "organisations/ministry-of-industry-and-trade.md"),
    "source": ("site", "sources/formika-event/", "sources/formika-event.md"),
    "search": ("site", "search/?q=%D0%BF%D1%80%D0%BE%D0%BC%D1%8B%D1%88%D0%BB%D0%B5%D0%BD%D0%BD%D0%BE%D1%81%D1%82%D0%B8", "search.md"),
    "404": ("site", "404.html", None),
}
# Which article shows which kind of page in each language (seeds 000 is English, 002 Russian).
ARTICLES = {"ru": {"editorial": INNOPROM, "translated": INNOPROM}, "en": {"editorial": DYUMIN, "translated": DYUMIN}}
NOTICES = {"ru": {"machine": "Машинный перевод", "missing": "Перевода пока нет", "site": "Редакционный перевод"},
           "en": {"machine": "Machine translation", "missing": "No translation yet", "site": "Editorial translation"}}


def _translated_site(tmp_path_factory, name: str, to: str | None, engine: str) -> Path:
    """The five seeds without sidecars: machine-translated into `to` (from a loopback translator), or not at all."""
    import subprocess
    import sys

    from translation_server import FakeTranslator

    root = copy_project(tmp_path_factory.mktemp(name) / "digest", with_sidecars=False)
    if to:
        with FakeTranslator() as server:
            done = subprocess.run([sys.executable, "-m", "digest.cli", "--root", str(root), "translate", "--provider", "libre",
                                   "--url", server.url, "--to", to, "--backoff", "0.01"], capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
    assert run_digest(root, "build", "--strict", "--engine", engine).returncode == 0
    return root


@pytest.fixture(scope="module")
def sites(site, tmp_path_factory, engine) -> dict:
    """The served roots of the three sites a reader may meet: editorial translations, machine ones, none."""
    roots = {"site": site.parent}
    machine_ru = _translated_site(tmp_path_factory, f"machine-ru-{engine}", "ru", engine)
    machine_en = _translated_site(tmp_path_factory, f"machine-en-{engine}", "en", engine)
    roots["machine"] = {"ru": machine_ru, "en": machine_en}
    roots["missing"] = {"ru": machine_en, "en": machine_ru}  # the other direction was not translated
    servers, urls = [], {}
    for kind, root in roots.items():
        for lang in ("ru", "en"):
            folder = (root[lang] if isinstance(root, dict) else root) / "site"
            httpd, url = serve(folder)
            servers.append(httpd)
            urls[kind, lang] = (url, folder.parent)
    yield urls
    for httpd in servers:
        httpd.shutdown()


def _heading(docs_page: Path, lang: str) -> str:
    import html

    front = docs_page.read_text(encoding="utf-8").split("---")[1]
    title = next((line[7:].strip().strip("'\"") for line in front.splitlines() if line.startswith("title: ")), None)
    return html.unescape(title) if title else SITE_NAMES[lang]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_what_a_reader_sees_on_every_page_type(browser, sites, kind, lang, width):
    """The visible text a reader gets, against the page's data: the heading is the page's title, the
    tabs are the sections' titles (never "None"), a translated article says what kind it is, no
    template, Markdown or other-language label leaks, no request leaves the site, no console error."""
    which, path, docs = PAGE_TYPES[kind]
    base, root = sites[which, lang]
    prefix = "" if lang == "ru" else "en/"
    path, docs = path.format(**ARTICLES[lang]), docs.format(**ARTICLES[lang]) if docs else None
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/{prefix}{path}")
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text()
    for leak in ("None", "undefined", "{{", "{%", "!!!", "](", "digest_fingerprint", "{ ."):
        assert leak not in text, f"{kind} ({lang}, {width}px) shows {leak!r}"
    other = "en" if lang == "ru" else "ru"
    for label in TABS[other][1:]:
        assert label not in page.locator(".md-tabs, .md-nav--primary").first.inner_text(), f"{label!r} of the other language"
    if docs:
        assert page.locator("article h1").first.inner_text() == _heading(root / "docs" / lang / docs, lang)
    if kind.startswith("article"):
        assert NOTICES[lang][which] in page.locator("article").inner_text(), f"{kind}: the page says what it shows"
        assert page.locator("article p.digest-byline").count() == 1
    shot(page, f"reader-{lang}-{width}-{kind.replace(', ', '-').replace(' ', '-')}")
    if width > 1000:
        tabs = [" ".join(t.split()) for t in page.locator(".md-tabs__link").all_text_contents()]
        assert tabs == TABS[lang], tabs
        assert " - " not in page.title() and page.title().endswith(SITE_NAMES[lang]), page.title()
    else:
        drawer = [" ".join(t.split()) for t in page.locator("nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label").all_text_contents()]
        assert set(TABS[lang]) <= set(drawer), drawer
    foreign = [url for url in requests if not url.startswith(base) and not url.startswith("data:")]
    assert foreign == [], f"requests that leave the site: {foreign[:5]}"
    assert errors == [], errors
    context.close()


@pytest.mark.parametrize("lang, path, heading, home", [("ru", "404.html", "Страница не найдена", "На главную"),
                                                      ("en", "en/404.html", "Page not found", "Home page")])
def test_the_404_page_speaks_the_sites_language_and_leads_home(page, server, lang, path, heading, home):
    page.goto(f"{server}/{path}")
    assert page.locator("article h1").inner_text() == heading
    assert page.title().startswith(heading)
    switch = {a.get_attribute("hreflang"): a.get_attribute("href") for a in page.locator("a.md-select__link").all()}
    assert switch == ({"ru": "/./", "en": "/en/"} if lang == "ru" else {"ru": "/en/../", "en": "/en/./"})
    shot(page, f"404-{lang}")
    page.get_by_role("link", name=home).click()
    page.wait_for_load_state()
    assert page.url.rstrip("/") == (server if lang == "ru" else f"{server}/en")


@pytest.mark.parametrize("lang, prefix, toggle", [("ru", "", "Тёмная тема"), ("en", "/en", "Dark theme")])
def test_dark_mode_shortcuts_and_feeds_a_reader_can_find(page, server, lang, prefix, toggle):
    page.goto(f"{server}{prefix}/")
    assert page.evaluate("document.body.dataset.mdColorScheme") in ("default", "slate")
    page.locator(f'label[title="{toggle}"]').first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    shot(page, f"dark-{lang}")
    page.locator("h1").first.click()  # nothing focused
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('digest-search-box__input')")
    page.locator("h1").first.click()
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.classList.contains('digest-search-box__input')")
    assert page.locator("input.digest-search-box__input").input_value() == "", "the key that focused the box is not typed in it"
    feeds = page.locator(".digest-feeds a")
    assert feeds.count() == 2
    for href in [feeds.nth(i).get_attribute("href") for i in range(2)]:
        response = page.request.get(f"{server}{prefix}/{href.removeprefix('./')}")
        assert response.ok and (b"<rss" in response.body() or b'"version": "https://jsonfeed.org' in response.body()), href
