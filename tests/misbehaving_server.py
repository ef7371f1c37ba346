"""A real HTTP server on 127.0.0.1 that misbehaves on purpose, one path each, for `digest add URL`.

    with MisbehavingServer() as server:
        server.routes["/page"] = page(html_bytes)
        server.routes["/slow"] = slow_first_byte(2.0, html_bytes)
        fetch(server.url("/page"))
        server.requests  # [Request(path, headers)], in the order they arrived

A route is a function of the request handler that writes the whole answer. Handler threads are
daemons, so a route still sleeping when its test ends never holds the test run up; a client that
hangs up mid-answer is expected, not an error.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]  # as received; names as the client spelt them


class MisbehavingServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 1 << 16  # the headers and a small body leave in one write, as from most real servers

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with owner._lock:
                    owner.requests.append(Request(self.path, dict(self.headers.items())))
                route = owner.routes.get(self.path.split("?")[0])
                try:
                    if route is None:
                        send(self, 404, b"<html><body><p>Not here.</p></body></html>")
                    else:
                        route(self)
                except (ConnectionError, TimeoutError):
                    self.close_connection = True  # the client hung up: that is what the test wanted

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:  # a hung-up client is not news
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def __enter__(self) -> "MisbehavingServer":
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
         content_type: str | None = "text/html; charset=utf-8") -> None:
    handler.send_response(status)
    headers = dict(headers or {})
    if content_type and "Content-Type" not in headers:
        headers["Content-Type"] = content_type
    headers.setdefault("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()


# Routes: each returns a function that writes one whole answer.

def page(body: bytes, content_type: str | None = "text/html; charset=utf-8", status: int = 200,
         headers: dict[str, str] | None = None) -> Route:
    return lambda handler: send(handler, status, body, headers, content_type)


def gzipped(body: bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    return page(gzip.compress(body), content_type, headers={"Content-Encoding": "gzip"})


def brotli_encoded(body: bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    import brotli

    return page(brotli.compress(body), content_type, headers={"Content-Encoding": "br"})


def redirect(location: str, status: int = 301, headers: dict[str, str] | None = None) -> Route:
    return page(b"", None, status, {"Location": location, **(headers or {})})


def slow_first_byte(seconds: float, body: bytes) -> Route:
    """Nothing at all (not even the status line) for `seconds`, then the page."""
    def route(handler):
        time.sleep(seconds)
        send(handler, 200, body)
    return route


def drip(body: bytes, chunk: int, interval: float) -> Route:
    """The headers at once, then `chunk` bytes of the body every `interval` seconds."""
    def route(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.flush()
        for start in range(0, len(body), chunk):
            handler.wfile.write(body[start:start + chunk])
            handler.wfile.flush()
            time.sleep(interval)
    return route


def drip_headers(body: bytes, interval: float, count: int) -> Route:
    """The status line at once, then one made-up header every `interval` seconds, `count` times, then the page."""
    def route(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n")
        handler.wfile.flush()
        for number in range(count):
            time.sleep(interval)
            handler.wfile.write(f"X-Slow-{number}: yes\r\n".encode())
            handler.wfile.flush()
        handler.wfile.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        handler.wfile.flush()
    return route


def huge(size: int, declare_length: bool = True, chunked: bool = False, encoding: str | None = None) -> Route:
    """`size` bytes of HTML (with or without Content-Length, chunked or ended by closing the connection);
    `encoding="gzip"`: a small gzip stream that inflates to `size` bytes."""
    filler = b"<p>" + b"word " * 13100 + b"</p>\n"  # 64 KiB-ish paragraphs

    def body_chunks():
        head = b"<!doctype html><html><body>"
        sent = len(head)
        yield head
        while sent < size:
            piece = filler[: size - sent]
            sent += len(piece)
            yield piece

    def route(handler):
        if encoding == "gzip":
            data = gzip.compress(b"".join(body_chunks()), compresslevel=9)
            return send(handler, 200, data, {"Content-Encoding": "gzip"})
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length:
            handler.send_header("Content-Length", str(size))
        elif chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        for piece in body_chunks():
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()
    return route


def in_turn(*routes: Route) -> Route:
    """The first route for the first request, the second for the second…; the last one from then on."""
    pending = list(routes)
    lock = threading.Lock()

    def route(handler):
        with lock:
            current = pending.pop(0) if len(pending) > 1 else pending[0]
        current(handler)
    return route
