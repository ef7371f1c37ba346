"""`digest add URL` and `digest add --list`: real pages from a real loopback server that misbehaves on
purpose (slow, huge, looping, refusing, mislabelled, compressed, walled), and what lands in seeds/.

Every refusal must say why in words, and leave seeds/ exactly as it was: no seed, no sidecar, no
temp file. Timeouts are passed small (half a second) so the whole file stays fast.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

import digest.cli
from conftest import REPO, copy_project
from digest.ingest import editorial, read
from digest.enrich import article as articles
from digest.ingest.add import add_url
from digest.ingest.fetch import MAX_BYTES, FetchError, fetch
from digest.model import DigestError
from misbehaving_server import (MisbehavingServer, brotli_encoded, drip, drip_headers, gzipped, huge, in_turn, page,
                                redirect, slow_first_byte)

TODAY = dt.date(2025, 3, 14)
HTML = REPO / "tests/corpus/real/html"
SLON = (HTML / "w-slon-1.html").read_bytes()
SLON_TITLE = "Правительство на ближайшие три года избавит бизнес от новых налогов"
SLON_CANONICAL = "https://slon.ru/posts/52033"  # its <meta og:url>
ROSTEC = (HTML / "w-rostec-1.html").read_bytes()
NEWSPAPER = REPO.parent / "shared/corpus/web/html/newspaper-046.html"
needs_newspaper = pytest.mark.skipif(not NEWSPAPER.is_file(), reason=f"{NEWSPAPER} not found (../shared is optional)")

# The same real article with no address of its own (so the address it was found at is its source_url)…
SLON_NO_CANONICAL = SLON.replace(b'<meta property="og:url"         content="https://slon.ru/posts/52033" />', b"")
# …and in Windows-1251 with no <meta charset>: only the server can say how to read it.
SLON_CP1251 = SLON.decode("utf-8").replace('<meta charset="UTF-8" />', "").encode("cp1251", errors="xmlcharrefreplace")

COOKIE_WALL = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Ведомости</title></head><body>
<div class="consent"><h2>Мы используем файлы cookie</h2>
<p>Продолжая пользоваться сайтом, вы даёте согласие на обработку файлов cookie и персональных данных.</p>
<button>Принять</button> <button>Настроить</button></div></body></html>""".encode()
LOGIN_FORM = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<form action="/login" method="post"><h1>Sign in to read the article</h1>
<label>Email <input type="email" name="email"></label> <label>Password <input type="password" name="password"></label>
<button>Sign in</button></form></body></html>"""
JS_SHELL = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Новости</title>
<script src="/static/js/runtime.4f2a.js"></script><script src="/static/js/main.9c1d.js"></script></head>
<body><div id="root"></div></body></html>""".encode()


def quick(read_timeout: float = 0.5, page_timeout: float = 5.0, **kwargs):
    """`fetch` with deadlines a test can wait for."""
    return lambda url: fetch(url, read_timeout=read_timeout, page_timeout=page_timeout, **kwargs)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with mkdocs.yml, the theme, the configs, and an empty seeds/."""
    return copy_project(tmp_path / "digest", with_seeds=False)


@pytest.fixture
def server():
    with MisbehavingServer() as running:
        yield running


def in_seeds(root: Path) -> list[str]:
    """Everything in seeds/, hidden files (a temp file of atomic_write is `.name.xxxx.tmp`) included."""
    return sorted(p.name for p in (root / "seeds").iterdir())


def sidecar_of(seed: Path) -> dict:
    return yaml.safe_load(seed.with_suffix(".yml").read_text(encoding="utf-8"))


def refused(root: Path, url: str, get=None) -> DigestError:
    """add_url must raise; seeds/ must be left as it was."""
    before = in_seeds(root)
    with pytest.raises(DigestError) as caught:
        add_url(root, url, TODAY, **({"get": get} if get else {}))
    assert in_seeds(root) == before, "a refused page left something in seeds/"
    return caught.value


def generated_pages(root: Path, lang: str = "ru") -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((root / "docs" / lang / "articles").glob("*.md"))]


def front_title(markdown: str) -> str:
    return yaml.safe_load(markdown.split("---\n")[1])["title"]


# --- A page that arrives well -------------------------------------------------------------------------


def test_an_article_is_added_byte_for_byte_with_a_sidecar_holding_only_added_and_source_url(root, server):
    server.routes["/posts/52033"] = page(SLON)
    added = add_url(root, server.url("/posts/52033"), TODAY, get=quick())

    assert added.article.meta.title == SLON_TITLE and added.article.meta.lang == "ru"
    assert added.url == SLON_CANONICAL == added.article.meta.source_url
    assert added.seed.parent == root / "seeds" and re.fullmatch(r"000_[0-9a-f]{16}\.html", added.seed.name)
    assert added.seed.read_bytes() == SLON, "the raw HTML must be kept as served"
    assert in_seeds(root) == [added.seed.name, added.seed.with_suffix(".yml").name]
    assert sidecar_of(added.seed) == {"added": TODAY, "source_url": SLON_CANONICAL}
    fields, problems = editorial.from_bytes(added.seed.with_suffix(".yml").read_bytes(), "x.yml")
    assert problems == [] and fields.source_url == SLON_CANONICAL and fields.added == TODAY.isoformat()
    assert (fields.title, fields.published, fields.source, fields.summary, fields.charset) == (None, None, None, {}, None)


def test_the_server_sees_who_is_asking_and_what_it_accepts(server):
    server.routes["/a"] = page(SLON)
    fetched = fetch(server.url("/a"), read_timeout=0.5, page_timeout=5)
    assert fetched.data == SLON and fetched.content_type == "text/html" and fetched.charset == "utf-8"
    [request] = server.requests
    assert "industry-digest" in request.headers["User-Agent"]
    assert {"gzip", "br"} <= {e.strip() for e in request.headers["Accept-Encoding"].split(",")}
    assert "Cookie" not in request.headers


@pytest.mark.parametrize("encode", [gzipped, brotli_encoded], ids=["gzip", "brotli"])
def test_a_compressed_page_is_decoded_and_kept_uncompressed(root, server, encode):
    server.routes["/article"] = encode(SLON)
    added = add_url(root, server.url("/article"), TODAY, get=quick())
    assert added.seed.read_bytes() == SLON
    assert added.article.meta.title == SLON_TITLE


@needs_newspaper
def test_an_english_page_is_added_with_its_canonical_address(root, server):
    data = NEWSPAPER.read_bytes()
    server.routes["/oil"] = page(data)
    added = add_url(root, server.url("/oil"), TODAY, get=quick())
    meta = added.article.meta
    assert (meta.lang, meta.title, meta.source) == ("en", "Oil prices and interest rates: What to watch in 2015", "The Globe and Mail")
    assert meta.source_url.startswith("http://www.theglobeandmail.com/report-on-business/") and added.url == meta.source_url
    assert added.seed.read_bytes() == data
    assert sidecar_of(added.seed) == {"added": TODAY, "source_url": meta.source_url}


# --- Redirects and cookies -------------------------------------------------------------------------------


def test_a_301_to_another_host_is_followed_and_the_final_address_recorded(root, server):
    final = server.url("/2015/05/article.html", host="localhost")
    server.routes["/short"] = redirect(final, 301, {"Set-Cookie": "session=abc123; Path=/"})
    server.routes["/2015/05/article.html"] = page(SLON_NO_CANONICAL)
    added = add_url(root, server.url("/short"), TODAY, get=quick())
    assert added.url == final == added.article.meta.source_url
    assert sidecar_of(added.seed)["source_url"] == final
    assert [(r.path, r.headers["Host"].split(":")[0]) for r in server.requests] == [
        ("/short", "127.0.0.1"), ("/2015/05/article.html", "localhost")]
    assert not any("Cookie" in r.headers for r in server.requests)


def test_a_cookie_set_on_a_redirect_is_never_sent_back(server):
    server.routes["/login-redirect"] = redirect("/next", 302, {"Set-Cookie": "consent=yes; Path=/"})
    server.routes["/next"] = redirect("/article", 303, {"Set-Cookie": "tracking=1; Path=/"})
    server.routes["/article"] = page(SLON)
    fetched = fetch(server.url("/login-redirect"), read_timeout=0.5, page_timeout=5)
    assert fetched.url == server.url("/article") and fetched.redirects == (server.url("/next"), server.url("/article"))
    assert server.paths() == ["/login-redirect", "/next", "/article"]
    assert not any(name.lower() == "cookie" for r in server.requests for name in r.headers)


def test_redirects_within_one_site_are_followed(server):
    """/a -> /b -> /article on one server, as a site moving a page does (a keep-alive connection reused)."""
    server.routes["/a"] = redirect("/b", 301)
    server.routes["/b"] = redirect("/article", 308)
    server.routes["/article"] = page(SLON)
    fetched = fetch(server.url("/a"), read_timeout=0.5, page_timeout=5)
    assert fetched.data == SLON and fetched.redirects == (server.url("/b"), server.url("/article"))
    assert server.paths() == ["/a", "/b", "/article"]


@pytest.fixture
def farm():
    """Seven servers: a chain of redirects that goes from site to site."""
    servers = [MisbehavingServer() for _ in range(7)]
    for one in servers:
        one.__enter__()
    yield servers
    for one in servers:
        one.__exit__(None, None, None)


def _chain_across(farm, hops: int) -> str:
    for number in range(hops):
        farm[number].routes["/go"] = redirect(farm[number + 1].url("/go"), (301, 302, 303, 307, 308)[number % 5])
    farm[hops].routes["/go"] = page(SLON)
    return farm[0].url("/go")


def test_five_redirects_are_followed_and_a_sixth_is_refused(root, farm):
    fetched = fetch(_chain_across(farm, 5), read_timeout=0.5, page_timeout=5)
    assert fetched.data == SLON and fetched.url == farm[5].url("/go") and len(fetched.redirects) == 5
    for one in farm:
        one.routes.clear()
    url = _chain_across(farm, 6)
    error = refused(root, url, quick())
    assert error.problem == f"more than 5 redirects or a redirect loop (last: {farm[6].url('/go')})"
    assert in_seeds(root) == [] and farm[6].paths() == [], "the sixth redirect is not followed"


# --- Refusals: the message says why, and seeds/ is untouched ---------------------------------------------

BIG = 20 * 2**20


def _half_then(body: bytes, then):
    """Half the page (its Content-Length says all of it), then `then(handler)`."""
    def route(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        then(handler)
    return route


def _stall(body: bytes, seconds: float):
    """Half the page, then silence."""
    return _half_then(body, lambda handler: time.sleep(seconds))


def _hang_up(body: bytes):
    """Half the page, then the connection closed: the Content-Length is never reached."""
    return _half_then(body, lambda handler: setattr(handler, "close_connection", True))


def _setup(server, case: str) -> str:
    """Install the misbehaving route for `case`; return its path."""
    routes = {
        "slow-first-byte": lambda: slow_first_byte(2.0, SLON),
        "slow-body": lambda: drip(SLON, 2048, 0.1),  # every read within 0.5 s, the page in ~1.8 s
        "stalled-body": lambda: _stall(SLON, 2.0),
        "hung-up-mid-body": lambda: _hang_up(SLON),
        "20MB-with-length": lambda: huge(BIG),
        "20MB-no-length": lambda: huge(BIG, declare_length=False),
        "20MB-chunked": lambda: huge(BIG, declare_length=False, chunked=True),
        "gzip-bomb": lambda: huge(BIG, encoding="gzip"),
        "empty-page": lambda: page(b""),
        "404": lambda: page(b"<html><body><h1>Not found</h1></body></html>", status=404),
        "500": lambda: page(b"<html><body><h1>Oops</h1></body></html>", status=500),
        "429-wait-an-hour": lambda: page(b"slow down", "text/plain", 429, {"Retry-After": "3600"}),
        "pdf": lambda: page(b"%PDF-1.7\n" + b"0" * 5000, "application/pdf"),
        "png": lambda: page(b"\x89PNG\r\n\x1a\n" + b"\0" * 5000, "image/png"),
        "cookie-wall": lambda: page(COOKIE_WALL),
        "login-form": lambda: page(LOGIN_FORM),
        "javascript-shell": lambda: page(JS_SHELL),
    }
    if case == "redirect-loop":  # 127.0.0.1/loop-a -> localhost/loop-b -> 127.0.0.1/loop-a
        server.routes["/loop-a"] = redirect(server.url("/loop-b", host="localhost"), 302)
        server.routes["/loop-b"] = redirect(server.url("/loop-a"), 302)
        return "/loop-a"
    if case == "redirect-to-itself":
        server.routes["/self"] = redirect("/self", 301)
        return "/self"
    server.routes[f"/{case}"] = routes[case]()
    return f"/{case}"


REFUSALS = [
    # case, fetch's deadlines (read, page), what the message must say, the most it may take (s)
    ("slow-first-byte", (0.5, 5.0), "no answer from 127.0.0.1 within 0.5 s", 1.5),
    ("slow-body", (0.5, 1.0), "the page took longer than 1 s to arrive", 1.7),
    ("stalled-body", (0.5, 5.0), "the page stopped arriving (nothing for 0.5 s)", 1.5),
    ("hung-up-mid-body", (0.5, 5.0), "the page arrived broken (ProtocolError); try again", 1.0),
    ("20MB-with-length", (0.5, 5.0), "the page is larger than 10 MB (20 MB declared)", 1.0),
    ("20MB-no-length", (0.5, 5.0), "the page is larger than 10 MB", 2.0),
    ("20MB-chunked", (0.5, 5.0), "the page is larger than 10 MB", 2.0),
    ("gzip-bomb", (0.5, 5.0), "the page is larger than 10 MB", 3.0),
    ("redirect-loop", (0.5, 5.0), "more than 5 redirects or a redirect loop (last: {url}/loop-a)", 1.0),
    ("redirect-to-itself", (0.5, 5.0), "redirect loop (last: {url}/self)", 1.0),
    ("empty-page", (0.5, 5.0), "is empty", 1.0),
    ("404", (0.5, 5.0), "the server answered HTTP 404 Not Found", 1.0),
    ("500", (0.5, 5.0), "the server answered HTTP 500 Internal Server Error", 1.0),
    ("429-wait-an-hour", (0.5, 5.0), "too many requests (HTTP 429); the server asks to wait 3600 s; try again later", 1.0),
    ("pdf", (0.5, 5.0), "not a web page (Content-Type: application/pdf); add HTML pages or text only", 1.0),
    ("png", (0.5, 5.0), "not a web page (Content-Type: image/png)", 1.0),
    ("cookie-wall", (0.5, 5.0), "the page shows only a cookie or consent wall: accept it in a browser and save the page", 3.0),
    ("login-form", (0.5, 5.0), "the page shows a login form, not an article: open it in a browser, log in, and save the page", 3.0),
    ("javascript-shell", (0.5, 5.0), "the page needs JavaScript to show its text: open it in a browser and save it there", 3.0),
]


@pytest.mark.parametrize("case, deadlines, says, within", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_misbehaving_server_is_refused_with_a_reason_and_nothing_written(root, server, case, deadlines, says, within):
    url = server.url(_setup(server, case))
    started = time.monotonic()
    error = refused(root, url, quick(*deadlines))
    took = time.monotonic() - started
    assert says.format(url=server.url("")) in error.problem, error.message
    assert error.message.endswith("; nothing was added"), error.message
    assert in_seeds(root) == []
    assert took < within, f"{case}: took {took:.1f} s"
    assert error.path == url, f"the message must name the address, not {error.path}"


def test_a_20_mb_stream_is_refused_by_the_default_fetch(root, server):
    """No deadlines passed, no size passed: the limits a real `digest add` uses."""
    server.routes["/big"] = huge(BIG, declare_length=False)
    started = time.monotonic()
    error = refused(root, server.url("/big"))
    assert error.problem == f"the page is larger than {MAX_BYTES // 2**20} MB" and time.monotonic() - started < 3


def test_a_smaller_limit_passed_to_fetch_is_kept(server):
    server.routes["/three-mb"] = huge(3 * 2**20, declare_length=False)
    server.routes["/three-mb-declared"] = huge(3 * 2**20)
    assert len(fetch(server.url("/three-mb"), read_timeout=0.5, page_timeout=5).data) == 3 * 2**20
    with pytest.raises(FetchError, match=r"^the page is larger than 1 MB$"):
        fetch(server.url("/three-mb"), read_timeout=0.5, page_timeout=5, max_bytes=2**20)
    with pytest.raises(FetchError, match=r"^the page is larger than 2 MB \(3 MB declared\)$"):
        fetch(server.url("/three-mb-declared"), read_timeout=0.5, page_timeout=5, max_bytes=2 * 2**20)


@pytest.mark.parametrize("declared, max_bytes", [(MAX_BYTES + 2**19, MAX_BYTES), (200_000, 100_000)],
                         ids=["10.5MB-declared", "limit-under-1MB"])
def test_a_size_refusal_states_sizes_that_agree_with_it(server, declared, max_bytes):
    """"larger than 10 MB (10 MB declared)" or "larger than 0 MB" tell the editor nothing."""
    server.routes["/p"] = huge(declared)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/p"), read_timeout=0.5, page_timeout=5, max_bytes=max_bytes)
    sizes = [float(s) for s in re.findall(r"(\d+(?:\.\d+)?) MB", str(caught.value))]
    assert sizes and sizes[0] > 0, str(caught.value)
    assert len(sizes) == 1 or sizes[1] > sizes[0], str(caught.value)


def test_slow_headers_are_held_to_the_page_deadline(root, server):
    """A header line every 0.3 s: each read is within read_timeout, but the page deadline (1 s) must still hold."""
    server.routes["/slowloris"] = drip_headers(SLON, 0.3, 10)
    started = time.monotonic()
    error = refused(root, server.url("/slowloris"), quick(0.5, 1.0))
    took = time.monotonic() - started
    assert "longer than 1 s" in error.problem
    assert took < 1.0 + 0.5 + 0.3, f"the 1 s page deadline took {took:.1f} s to enforce"


# --- 429 and Retry-After ---------------------------------------------------------------------------------


def test_429_with_a_short_retry_after_is_retried_once_and_the_page_added(root, server):
    server.routes["/busy"] = in_turn(page(b"busy", "text/plain", 429, {"Retry-After": "1"}), page(SLON))
    started = time.monotonic()
    added = add_url(root, server.url("/busy"), TODAY, get=quick(0.5, 5.0))
    assert 1.0 <= time.monotonic() - started < 3.0
    assert added.article.meta.title == SLON_TITLE and server.paths() == ["/busy", "/busy"]


def test_429_twice_fails_after_one_wait(root, server):
    server.routes["/busy"] = page(b"busy", "text/plain", 429, {"Retry-After": "1"})
    error = refused(root, server.url("/busy"), quick(0.5, 5.0))
    assert "too many requests (HTTP 429); the server asks to wait 1 s; try again later" in error.problem
    assert server.paths() == ["/busy", "/busy"], "one polite retry, not more"


def test_429_with_a_retry_after_beyond_the_page_deadline_fails_at_once_saying_how_long(root, server):
    server.routes["/busy"] = page(b"busy", "text/plain", 429, {"Retry-After": "3"})
    started = time.monotonic()
    error = refused(root, server.url("/busy"), quick(0.5, 2.0))
    assert "the server asks to wait 3 s" in error.problem and time.monotonic() - started < 1.0
    assert server.paths() == ["/busy"]


# --- Character sets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [SLON, SLON_CP1251], ids=["utf-8-bytes", "windows-1251-bytes"])
def test_a_wrong_charset_from_the_server_does_not_garble_the_article(root, server, body):
    server.routes["/latin"] = page(body, "text/html; charset=iso-8859-1")
    added = add_url(root, server.url("/latin"), TODAY, get=quick())
    assert added.article.meta.title == SLON_TITLE
    assert added.seed.read_bytes() == body
    side = sidecar_of(added.seed)
    assert side.get("charset") in (None, "cp1251", "windows-1251"), f"a wrong charset was recorded: {side}"
    assert articles.make_article(read.seed_from_bytes(body, f"seeds/{added.seed.name}", charset=side.get("charset"))
                                 ).meta.title == SLON_TITLE, "a later build must read it right too"


def test_a_windows_1251_page_declared_only_by_the_server_builds_right(root, server):
    server.routes["/cp1251"] = page(SLON_CP1251, "text/html; charset=windows-1251")
    added = add_url(root, server.url("/cp1251"), TODAY, get=quick())
    assert added.article.meta.title == SLON_TITLE and added.encoding == "cp1251"
    assert added.seed.read_bytes() == SLON_CP1251
    side = sidecar_of(added.seed)
    seed = read.seed_from_bytes(SLON_CP1251, f"seeds/{added.seed.name}", charset=side.get("charset"), url=side["source_url"])
    assert articles.make_article(seed).meta.title == SLON_TITLE
    assert digest.cli.main(["--root", str(root), "build", "--no-site"]) == 0
    [markdown] = generated_pages(root)
    assert front_title(markdown) == SLON_TITLE and "Шувалов" in markdown


def test_a_windows_1251_page_declared_only_by_the_server_has_its_charset_in_the_sidecar(root, server):
    """add.py: the sidecar records "the server's charset when the page does not say it"."""
    server.routes["/cp1251"] = page(SLON_CP1251, "text/html; charset=windows-1251")
    added = add_url(root, server.url("/cp1251"), TODAY, get=quick())
    side = sidecar_of(added.seed)
    assert side.get("charset") in ("cp1251", "windows-1251"), f"sidecar: {side}"
    assert set(side) == {"added", "source_url", "charset"}


def test_a_plain_text_page_becomes_a_text_seed_with_its_address(root, server):
    text = "Завод в Туле начал выпуск станков\n5 февраля 2025 года\nВ Туле открылся завод, который выпускает станки с ЧПУ.\n"
    server.routes["/news.txt"] = page(text.encode(), "text/plain; charset=utf-8")
    added = add_url(root, server.url("/news.txt"), TODAY, get=quick())
    assert added.seed.suffix == ".txt" and added.seed.read_bytes() == text.encode()
    assert added.article.meta.title == "Завод в Туле начал выпуск станков"
    assert sidecar_of(added.seed) == {"added": TODAY, "source_url": server.url("/news.txt")}


# --- Pages that are no article ---------------------------------------------------------------------------


def test_a_corporate_front_page_of_teasers_is_not_added_as_an_article(root, server):
    """w-rostec-1 is Rostec's front page: a mission slogan, three section links and eight news teasers."""
    server.routes["/"] = page(ROSTEC)
    error = refused(root, server.url("/"), quick())
    assert "list of links" in error.problem and "front page" in error.problem


# --- Duplicates ----------------------------------------------------------------------------------------------


def test_the_same_address_twice_is_refused_naming_the_seed(root, server):
    server.routes["/posts/52033"] = page(SLON)
    first = add_url(root, server.url("/posts/52033"), TODAY, get=quick())
    error = refused(root, server.url("/posts/52033"), quick())
    assert f"already in the digest as seeds/{first.seed.name}" in error.problem and error.fix == "nothing to add"
    error = refused(root, SLON_CANONICAL, quick())  # its canonical address: refused before anything is fetched
    assert f"already in the digest as seeds/{first.seed.name}" in error.problem
    assert server.paths() == ["/posts/52033", "/posts/52033"]


def test_the_same_page_under_a_second_address_is_refused_naming_the_seed(root, server):
    server.routes["/posts/52033"] = page(SLON)
    server.routes["/amp/52033"] = page(SLON)  # the same bytes
    server.routes["/print/52033"] = page(SLON.replace(b"</body>", b"<!-- printed 2015-05-20 --></body>"))  # same canonical
    first = add_url(root, server.url("/posts/52033"), TODAY, get=quick())
    error = refused(root, server.url("/amp/52033"), quick())
    assert error.problem == f"already in the digest as seeds/{first.seed.name}"
    error = refused(root, server.url("/print/52033"), quick())
    assert error.problem == f"already in the digest as seeds/{first.seed.name} (same address: {SLON_CANONICAL})"


def test_a_page_found_again_at_its_final_address_after_a_redirect_is_refused(root, server):
    final = server.url("/article", host="localhost")
    server.routes["/short"] = redirect(final, 301)
    server.routes["/article"] = in_turn(page(SLON_NO_CANONICAL), page(SLON_NO_CANONICAL + b"\n<!-- again -->\n"))
    first = add_url(root, server.url("/short"), TODAY, get=quick())
    error = refused(root, server.url("/short"), quick())
    assert error.problem == f"already in the digest as seeds/{first.seed.name} (same address: {final})"


# --- The command line ----------------------------------------------------------------------------------------


def test_digest_add_url_prints_what_it_added(root, server, capsys):
    server.routes["/posts/52033"] = page(SLON)
    url = server.url("/posts/52033")
    assert digest.cli.main(["--root", str(root), "add", url]) == 0
    out = capsys.readouterr().out
    [seed] = (root / "seeds").glob("*.html")
    assert out.startswith(f"fetching {url}\n")
    assert f"added seeds/{seed.name} (HTML page from {SLON_CANONICAL}) and its sidecar seeds/{seed.stem}.yml" in out
    assert f"  title:     {SLON_TITLE}\n" in out and "  language:  ru\n" in out and f"  address:   {SLON_CANONICAL}\n" in out
    assert out.endswith("run `digest build` to publish it\n")


def test_digest_add_url_says_where_a_redirect_to_another_host_led(root, server, capsys):
    url, final = server.url("/short"), server.url("/posts/52033", host="localhost")
    server.routes["/short"] = redirect(final, 301)
    server.routes["/posts/52033"] = page(SLON)
    assert digest.cli.main(["--root", str(root), "add", url]) == 0
    out = capsys.readouterr().out
    assert f"  fetched:   {url} -> {final}  (another host)\n" in out and f"  address:   {SLON_CANONICAL}\n" in out


def test_digest_add_url_that_fails_exits_1_with_the_reason(root, server, capsys):
    url = server.url("/gone")
    assert digest.cli.main(["--root", str(root), "add", url]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: {url}: the server answered HTTP 404 Not Found; nothing was added\n"
    assert in_seeds(root) == []


def test_digest_add_list_adds_the_good_reports_the_rest_and_a_second_run_adds_nothing(root, server, tmp_path, capsys):
    server.routes["/posts/52033"] = page(SLON)
    server.routes["/moved"] = redirect(server.url("/posts/52033", host="localhost"), 301)
    server.routes["/report.pdf"] = page(b"%PDF-1.7\n", "application/pdf")
    server.routes["/login"] = page(LOGIN_FORM)
    server.routes["/huge"] = huge(BIG, declare_length=False)
    good, moved = server.url("/posts/52033"), server.url("/moved")
    gone, pdf, login, big = server.url("/gone"), server.url("/report.pdf"), server.url("/login"), server.url("/huge")
    listing = tmp_path / "addresses.txt"
    listing.write_text(f"# this week\n{good}\n\n{gone}\n{moved}\n  {pdf}  \n{good}\n{login}\n{big}\n", encoding="utf-8")

    assert digest.cli.main(["--root", str(root), "add", "--list", str(listing)]) == 1
    out = capsys.readouterr().out
    [seed] = (root / "seeds").glob("*.html")
    assert "\r" not in out, "not a terminal: plain lines, no bar"
    lines = out.splitlines()
    assert lines[:7] == [
        f"[1/7] {good}: added {seed.name}: {SLON_TITLE}",
        f"[2/7] {gone}: failed: the server answered HTTP 404 Not Found",
        f"[3/7] {moved}: already in the digest as seeds/{seed.name}",
        f"[4/7] {pdf}: failed: not a web page (Content-Type: application/pdf); add HTML pages or text only",
        f"[5/7] {good}: already in the digest as seeds/{seed.name}",
        f"[6/7] {login}: failed: the page shows a login form, not an article: open it in a browser, log in, "
        "and save the page (File > Save page as)",
        f"[7/7] {big}: failed: the page is larger than 10 MB",
    ]
    assert lines[7] == "1 added, 2 already in the digest, 4 failed"
    assert f"  added   {seed.name}  {SLON_TITLE}" in lines
    for url, why in [(gone, "the server answered HTTP 404"), (pdf, "not a web page"), (login, "login form"), (big, "larger than 10 MB")]:
        assert any(line.startswith(f"  failed  {url}: ") and why in line for line in lines), (url, out)
    assert lines[-1] == "run `digest build` to publish them"
    assert in_seeds(root) == sorted([seed.name, seed.with_suffix(".yml").name])
    seeds_before = {name: (root / "seeds" / name).read_bytes() for name in in_seeds(root)}

    assert digest.cli.main(["--root", str(root), "add", "--list", str(listing)]) == 1
    again = capsys.readouterr().out.splitlines()
    assert "0 added, 3 already in the digest, 4 failed" in again
    assert not any("publish" in line for line in again)
    assert {name: (root / "seeds" / name).read_bytes() for name in in_seeds(root)} == seeds_before


def test_digest_add_list_with_only_good_addresses_exits_0(root, server, tmp_path, capsys):
    server.routes["/a"] = page(SLON)
    server.routes["/b"] = gzipped(SLON_NO_CANONICAL)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{server.url('/a')}\n{server.url('/b')}\n", encoding="utf-8")
    assert digest.cli.main(["--root", str(root), "add", "--list", str(listing)]) == 0
    out = capsys.readouterr().out
    assert "2 added, 0 already in the digest, 0 failed\n" in out
    assert len(list((root / "seeds").glob("*.html"))) == 2 and len(list((root / "seeds").glob("*.yml"))) == 2


# --- A saved page dropped into seeds/ by hand, and `digest add FILE.html` --------------------------------------


def test_a_saved_page_dropped_into_seeds_is_built_into_a_clean_article(root):
    shutil.copy(HTML / "w-slon-1.html", root / "seeds" / "w-slon-1.html")
    assert digest.cli.main(["--root", str(root), "build", "--no-site"]) == 0
    for lang in ("ru", "en"):
        [markdown] = generated_pages(root, lang)
        # The English page shows the untranslated original inside the generator's own <div lang="ru" markdown>.
        body = markdown.split("---\n", 2)[2].replace('<div lang="ru" markdown>\n', "").replace("\n</div>\n", "\n")
        assert re.search(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?>", body) is None, f"HTML tags in docs/{lang}: {body[:500]}"
        assert "<script" not in markdown and "NREUM" not in markdown and "&nbsp;" not in markdown
    [ru] = generated_pages(root, "ru")
    assert front_title(ru) == SLON_TITLE and f"# {SLON_TITLE}\n" in ru
    assert "Игорь Шувалов" in ru and f"[оригинал]({SLON_CANONICAL})" in ru
    assert (root / "seeds" / "w-slon-1.html").read_bytes() == SLON, "the build never rewrites a seed"


def test_digest_add_a_saved_html_file_keeps_it_as_it_is(root, tmp_path, capsys):
    saved = tmp_path / "Правительство.html"
    saved.write_bytes(SLON)
    assert digest.cli.main(["--root", str(root), "add", str(saved)]) == 0
    out = capsys.readouterr().out
    [seed] = (root / "seeds").glob("*.html")
    assert seed.read_bytes() == SLON
    assert f"added seeds/{seed.name} (HTML page from {SLON_CANONICAL})" in out and f"title:     {SLON_TITLE}" in out
    assert sidecar_of(seed) == {"added": dt.date.today()}
    assert digest.cli.main(["--root", str(root), "add", str(saved)]) == 1
    assert f"already in the digest as seeds/{seed.name}" in capsys.readouterr().err
    assert len(in_seeds(root)) == 2


def test_digest_add_a_saved_page_with_no_article_names_the_file_given(root, tmp_path, capsys):
    saved = tmp_path / "login.html"
    saved.write_bytes(LOGIN_FORM)
    assert digest.cli.main(["--root", str(root), "add", str(saved)]) == 1
    err = capsys.readouterr().err
    assert "the page shows a login form, not an article" in err and in_seeds(root) == []
    assert err.startswith(f"error: {saved}: "), f"the message must name the file given, not a seed never written: {err}"
