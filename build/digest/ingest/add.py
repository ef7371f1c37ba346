"""`digest add`: bring a new text, saved page or web address into seeds/ under a stable name,
with its sidecar.

A text becomes `NNN_<hash>.txt` in UTF-8; an HTML page (a file saved with "Save page as…", or a
page fetched from its address) is kept byte for byte as `NNN_<hash>.html`, so a better extractor
later re-reads the original. The sidecar records when it was added and, for a fetched page, its
canonical address (and the server's charset when the page does not say it). Nothing is written
until the page is whole and has an article in it; a page already in the digest is refused, naming
the seed it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from digest import config
from digest.config import Config
from digest.enrich.article import make_article
from digest.ingest import editorial, read, webpage
from digest.ingest.editorial import sidecar_path
from digest.ingest.fetch import Fetched, FetchError, fetch, normalize_url
from digest.model import Article, DigestError, Seed
from digest.store.files import atomic_write


class AlreadyAdded(DigestError):
    """The page or text is a seed of the digest already (the message names it)."""

    def __init__(self, path: str, problem: str, fix: str = "nothing to add"):
        super().__init__(path, problem, fix)


@dataclass(frozen=True)
class Added:
    seed: Path
    article: Article
    encoding: str
    url: str | None = None  # the canonical address of a fetched page
    redirects: tuple[str, ...] = ()  # where the server sent the request, in order
    requested: str | None = None  # the address given


def seed_name(content: bytes, existing: list[Path], suffix: str = ".txt") -> str:
    """`NNN_<16 hex of the content's hash><suffix>`: the next number, and a name that says what the
    content is."""
    numbers = [int(m.group(1)) for p in existing if (m := re.match(r"^(\d+)_", p.name))]
    number = max(numbers, default=-1) + 1
    return f"{number:03d}_{hashlib.sha256(content).hexdigest()[:16]}{suffix}"


def _sidecar(name: str, today: dt.date, url: str | None = None, charset: str | None = None) -> str:
    lines = [f"# Editorial fields for {name}: see guide/editors.md.", f"added: {today.isoformat()}"]
    if url:
        lines.append(f"source_url: {url}")
    if charset:
        lines.append(f"charset: {charset}  # the server's; the page does not declare it")
    return "\n".join(lines) + "\n"


def known_addresses(seeds_dir: Path) -> dict[str, str]:
    """source_url of every sidecar -> the seed's file name (for refusing a page added twice)."""
    found: dict[str, str] = {}
    for path in read.discover(seeds_dir):
        side = sidecar_path(path)
        if side.is_file():
            fields, _ = editorial.from_bytes(side.read_bytes(), side.name)
            if fields.source_url:
                found.setdefault(fields.source_url.rstrip("/"), path.name)
    return found


def _same_bytes(data: bytes, existing: list[Path]) -> Path | None:
    short = hashlib.sha256(data).hexdigest()[:16]
    return next((p for p in existing if p.stem.endswith(short) and p.read_bytes() == data), None)


def _write(seeds_dir: Path, name: str, payload: bytes, sidecar: str) -> Path:
    target = seeds_dir / name
    atomic_write(target, payload)
    atomic_write(sidecar_path(target), sidecar)
    return target


def add_seed(root: Path, data: bytes, source_name: str, today: dt.date) -> Added:
    """A text or a saved HTML page from a file; refuses duplicates and pages without an article."""
    folder = config.load(root).seeds
    seeds_dir = root / folder
    existing = read.discover(seeds_dir)
    if webpage.is_html(data, source_name):
        if twin := _same_bytes(data, existing):
            raise AlreadyAdded(
                source_name, f"already in the digest as {folder}/{twin.name}", "nothing to add"
            )
        name = seed_name(data, existing, ".html")
        seed, article = _read_new(data, f"{folder}/{name}", source_name)
        known = known_addresses(seeds_dir)
        if article.meta.source_url and (
            twin_name := known.get(article.meta.source_url.rstrip("/"))
        ):
            raise AlreadyAdded(
                source_name,
                f"already in the digest as {folder}/{twin_name} (same address)",
                "nothing to add",
            )
        return Added(
            _write(seeds_dir, name, data, _sidecar(name, today)),
            article,
            seed.encoding,
            article.meta.source_url,
        )
    text, encoding = read.decode(data, source_name)
    for path in existing:
        try:
            other, _ = read.decode(path.read_bytes(), path.name)
        except DigestError:
            continue
        if other.strip() == text.strip():
            raise AlreadyAdded(
                source_name, f"already in the digest as {folder}/{path.name}", "nothing to add"
            )
    payload = text if text.endswith("\n") else text + "\n"
    name = seed_name(text.encode(), existing)
    article = make_article(
        Seed(
            path=f"{folder}/{name}",
            sha256=hashlib.sha256(payload.encode()).hexdigest(),
            encoding=encoding,
            text=payload,
        )
    )
    return Added(
        _write(seeds_dir, name, payload.encode(), _sidecar(name, today)), article, encoding
    )


def _read_new(data: bytes, seed_name: str, given: str, **how) -> tuple[Seed, Article]:
    """The seed-to-be and its article; a page without one is refused naming what the editor gave."""
    try:
        seed = read.seed_from_bytes(data, seed_name, **how)
        return seed, make_article(seed)
    except DigestError as error:
        raise DigestError(given, error.problem, "nothing was added") from None


def fetch_as_configured(settings: Config) -> Callable[[str], Fetched]:
    """fetch() with the project's limits (fetch_* in its settings)."""
    return functools.partial(
        fetch,
        read_timeout=settings.fetch_timeout,
        page_timeout=settings.fetch_page_timeout,
        max_bytes=int(settings.fetch_max_mb * 1024 * 1024),
        max_redirects=settings.fetch_max_redirects,
    )


def add_url(
    root: Path, url: str, today: dt.date, get: Callable[[str], Fetched] | None = None
) -> Added:
    """Fetch one page (with `get`, by default fetch() with the project's limits) and add it as an
    HTML seed; DigestError (naming the address) when it cannot be added."""
    settings = config.load(root)
    get = get or fetch_as_configured(settings)
    folder = settings.seeds
    try:
        url = normalize_url(url)
    except FetchError as error:
        raise DigestError(url, str(error), "check the address") from None
    seeds_dir = root / folder
    known = known_addresses(seeds_dir)
    if twin := known.get(url.rstrip("/")):
        raise AlreadyAdded(url, f"already in the digest as {folder}/{twin}", "nothing to add")
    try:
        page = get(url)
    except FetchError as error:
        raise DigestError(url, str(error), "nothing was added") from None
    existing = read.discover(seeds_dir)
    if twin_path := _same_bytes(page.data, existing):
        raise AlreadyAdded(
            url, f"already in the digest as {folder}/{twin_path.name}", "nothing to add"
        )
    suffix = ".txt" if page.content_type == "text/plain" else ".html"
    name = seed_name(page.data, existing, suffix)
    charset = None if suffix == ".txt" else _charset_to_record(page)
    seed, article = _read_new(
        page.data, f"{folder}/{name}", url, charset=charset or page.charset, url=page.url
    )
    canonical = article.meta.source_url or page.url
    for address in {canonical.rstrip("/"), page.url.rstrip("/")}:
        if twin := known.get(address):
            raise AlreadyAdded(
                url,
                f"already in the digest as {folder}/{twin} (same address: {address})",
                "nothing to add",
            )
    article = replace(article, meta=replace(article.meta, source_url=canonical))
    return Added(
        _write(seeds_dir, name, page.data, _sidecar(name, today, canonical, charset)),
        article,
        seed.encoding,
        canonical,
        page.redirects,
        page.requested,
    )


def _charset_to_record(page: Fetched) -> str | None:
    """The server's charset when the page declares none itself and it is the one the page was read
    in, so that every later build reads the seed the same way."""
    if (
        not page.charset
        or page.data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        or webpage.own_charset(page.data)
    ):
        return None
    try:
        used = webpage.decode_html(page.data, page.url, page.charset)[1]
    except DigestError:
        return None
    return used if used == webpage.codec(page.charset) and used != "utf-8" else None
