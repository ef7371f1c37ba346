"""A real HTTP server on 127.0.0.1 speaking the wire formats of every provider (LibreTranslate,
MyMemory, DeepL, Google's page for phones, Microsoft, Yandex), with faults injected on demand. Its
"translation" is deterministic: `<target>: <text>`."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeTranslator:
    """Start with `with FakeTranslator() as server:`; `server.url`, `server.requests`, `server.faults`."""

    def __init__(self, hang_seconds: float = 3.0):
        self.faults: deque[str] = deque()  # consumed one per request: hang, 429, 500, malformed, drop, 403
        self.always: str | None = None  # a fault for every request (a provider that stays down)
        self.requests: list[dict] = []
        self.hang_seconds = hang_seconds
        self.delay = 0.0  # seconds before every answer
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                owner._handle(self)

            def do_POST(self):
                owner._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(handler.path)
        params = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        document = None
        if body and "json" not in (handler.headers.get("Content-Type") or ""):
            params.update({k: v[0] for k, v in parse_qs(body).items()})
        elif body:
            document = json.loads(body)
        with self._lock:
            self.requests.append({"path": parsed.path, "params": params, "auth": handler.headers.get("Authorization"), "json": document})
            fault = self.always or (self.faults.popleft() if self.faults else None)
        if self.delay:
            time.sleep(self.delay)
        if fault == "hang":
            time.sleep(self.hang_seconds)
            return self._send(handler, 200, {"translatedText": "too late"})
        if fault == "drop":
            handler.close_connection = True
            handler.connection.shutdown(2)
            return None
        if fault == "429":
            return self._send(handler, 429, {"error": "Too many requests"})
        if fault == "500":
            return self._send(handler, 500, {"error": "Internal error"})
        if fault == "malformed":
            return self._send(handler, 200, b"{not json")
        if fault == "403":
            key = params.get("api_key") or handler.headers.get("Authorization") or ""
            return self._send(handler, 403, {"error": f"Invalid API key: {key}"})
        if parsed.path.endswith("/translate") and "q" in params:  # LibreTranslate
            return self._send(handler, 200, {"translatedText": f"{params['target']}: {params['q']}"})
        if parsed.path.endswith("/tr.json/translate"):  # Yandex v1.5: the status is in the answer
            if params.get("key") != "good-key":
                return self._send(handler, 200, {"code": 401, "message": "API key is invalid"})
            target = params["lang"].split("-")[1]
            return self._send(handler, 200, {"code": 200, "lang": params["lang"], "text": [f"{target}: {params['text']}"]})
        if parsed.path.endswith("/translate") and "to" in params:  # Microsoft
            if handler.headers.get("Ocp-Apim-Subscription-Key") != "good-key":
                return self._send(handler, 401, {"error": {"code": 401000, "message": "invalid key"}})
            texts = [{"translations": [{"text": f"{params['to']}: {item['text']}", "to": params["to"]}]} for item in document or []]
            return self._send(handler, 200, texts)
        if parsed.path.endswith("/m"):  # Google's page for phones
            page = f'<html><body><div class="t0">{escape(params["tl"])}: {escape(params["q"])}</div></body></html>'
            return self._send(handler, 200, page.encode(), "text/html; charset=utf-8")
        if parsed.path.endswith("/get"):  # MyMemory
            target = params["langpair"].split("|")[1]
            return self._send(handler, 200, {"responseData": {"translatedText": f"{target}: {params['q']}"}, "matches": []})
        if parsed.path.endswith("/v2/translate"):  # DeepL
            if handler.headers.get("Authorization") != "DeepL-Auth-Key good-key":
                return self._send(handler, 403, {"message": "Forbidden"})
            return self._send(handler, 200, {"translations": [{"text": f"{params['target_lang']}: {params['text']}"}]})
        return self._send(handler, 404, {"error": "not found"})

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, payload, content_type: str = "application/json") -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a "hang" fault): nothing to answer
