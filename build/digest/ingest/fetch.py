"""I/O edge, the only one that uses the network: fetch one web page for `digest add URL`, carefully.

A deadline per read and per page, a size limit on the decoded body (a gzip bomb stops there too),
at most five redirects, only HTML or plain text accepted, gzip/deflate/brotli decoded, one polite
retry on 429 when the server's Retry-After fits in the page's deadline, no cookies kept, a user
agent that says who is asking. The body is returned only when it is whole: nothing half-read is
ever written.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from digest import __version__

USER_AGENT = f"industry-digest/{__version__} (digest add; a news digest's editor saving one page)"
ACCEPTED = ("text/html", "application/xhtml+xml", "text/plain")
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
READ_TIMEOUT = 15.0  # seconds: connecting, and waiting for any byte
PAGE_TIMEOUT = 60.0  # seconds for the whole page, redirects and one wait for Retry-After included
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """Why a page could not be fetched, in words for the editor."""


@dataclass(frozen=True)
class Fetched:
    requested: str
    url: str  # where the page was found, after redirects
    data: bytes  # the decoded body (no gzip/brotli left)
    content_type: str
    charset: str | None  # as the server declared it
    redirects: tuple[str, ...] = ()


def normalize_url(url: str) -> str:
    """The address without its #fragment and surrounding spaces; FetchError unless http(s) with a
    host."""
    url = urldefrag(url.strip())[0]
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not a web address; write it as https://…")
    return url


def _encodings() -> str:
    try:
        import brotli  # noqa: F401  (urllib3 decodes "br" when it is installed)

        return "gzip, deflate, br"
    except ImportError:
        return "gzip, deflate"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    kind, *params = header.split(";")
    charset = next(
        (
            p.split("=", 1)[1].strip().strip("\"'")
            for p in params
            if p.strip().lower().startswith("charset=")
        ),
        None,
    )
    return kind.strip().lower(), charset or None


def fetch(
    url: str,
    read_timeout: float = READ_TIMEOUT,
    page_timeout: float = PAGE_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """GET the page and return it whole, or raise FetchError saying why not."""
    import urllib3

    requested = url = normalize_url(url)
    deadline = time.monotonic() + page_timeout
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
        "Accept-Encoding": _encodings(),
        "Accept-Language": "ru,en;q=0.8",
    }
    # No cookie jar: urllib3 keeps no cookies between requests, so none is sent or stored.
    with urllib3.PoolManager(
        retries=False, timeout=urllib3.Timeout(connect=read_timeout, read=read_timeout)
    ) as pool:
        redirects: list[str] = []
        waited = False
        while True:
            try:
                response = _headers_by(deadline, page_timeout, pool, url, headers)
            except urllib3.exceptions.TimeoutError:
                raise FetchError(
                    f"no answer from {urlsplit(url).hostname} within {read_timeout:g} s"
                ) from None
            except urllib3.exceptions.HTTPError as error:
                raise FetchError(
                    f"could not connect to {urlsplit(url).hostname} ({type(error).__name__})"
                ) from None
            try:
                if response.status in _REDIRECTS:
                    location = urljoin(url, response.headers.get("Location", ""))
                    try:
                        target = normalize_url(location)
                    except FetchError:
                        raise FetchError(
                            f"the server redirected to {location!r}, "
                            "which is not a web page's address"
                        ) from None
                    if (
                        target in redirects
                        or target == requested
                        or len(redirects) >= max_redirects
                    ):
                        raise FetchError(
                            f"more than {max_redirects} redirects or a redirect loop "
                            f"(last: {target})"
                        )
                    redirects.append(target)
                    url = target
                    # the connection goes back to the pool clean, for the next request
                    response.drain_conn()
                    continue
                if response.status == 429:
                    wait = _retry_after(response.headers.get("Retry-After"))
                    if not waited and wait is not None and time.monotonic() + wait < deadline:
                        waited = True
                        response.drain_conn()
                        time.sleep(wait)
                        continue
                    after = f"; the server asks to wait {wait:.0f} s" if wait is not None else ""
                    raise FetchError(
                        f"the server refused: too many requests (HTTP 429){after}; try again later"
                    )
                if response.status != 200:
                    raise FetchError(
                        f"the server answered HTTP {response.status} "
                        f"{response.reason or ''}".rstrip()
                    )
                kind, charset = _content_type(response.headers.get("Content-Type"))
                if kind and kind not in ACCEPTED:
                    raise FetchError(
                        f"not a web page (Content-Type: {kind}); add HTML pages or text only"
                    )
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(
                        f"the page is larger than {_mb(max_bytes)} ({_mb(int(declared))} declared)"
                    )
                data = _read_whole(response, deadline, page_timeout, max_bytes, read_timeout)
                return Fetched(requested, url, data, kind, charset, tuple(redirects))
            finally:
                response.release_conn()


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


def _headers_by(deadline: float, page_timeout: float, pool, url: str, headers: dict):
    """The response with its headers, or FetchError when they take past the page's deadline
    (a server can keep each read within the read timeout and never finish its headers)."""
    import threading

    outcome: dict = {}

    def request() -> None:
        try:
            outcome["response"] = pool.request(
                "GET",
                url,
                headers=headers,
                redirect=False,
                preload_content=False,
                decode_content=True,
            )
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(
        target=request, daemon=True
    )  # a daemon: a stuck server cannot keep the program alive
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise FetchError(
            f"the page took longer than {page_timeout:g} s to arrive (its headers never ended)"
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


def _read_whole(
    response, deadline: float, page_timeout: float, max_bytes: int, read_timeout: float
) -> bytes:
    import urllib3

    chunks, size = [], 0
    try:
        while chunk := response.read1(65536):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"the page is larger than {_mb(max_bytes)}")
            if time.monotonic() > deadline:
                raise FetchError(f"the page took longer than {page_timeout:g} s to arrive")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise FetchError(f"the page stopped arriving (nothing for {read_timeout:g} s)") from None
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError) as error:
        raise FetchError(f"the page arrived broken ({type(error).__name__}); try again") from None
    return b"".join(chunks)
