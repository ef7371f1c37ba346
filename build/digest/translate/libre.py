"""LibreTranslate: the server's address is required; a key if the server wants one."""

from __future__ import annotations

from deep_translator import exceptions as dx

from digest.translate.client import Http, Spec, failed, reading


class Libre:
    def __init__(self, http: Http, api_key: str | None, url: str | None):
        assert url is not None  # the registry refuses libre without the server's address
        self.http, self.api_key = http, api_key
        self.url = (url if url.endswith("/") else url + "/") + "translate"

    def translate(self, text: str, source: str, target: str) -> str:
        params = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            params["api_key"] = self.api_key
        response = self.http.post(self.url, params=params)
        if response.status_code == 403:
            raise dx.AuthorizationException(self.api_key or "none")
        if failed(response):
            raise dx.ServerException(response.status_code)
        with reading():
            answer = response.json()
            if not answer:
                raise dx.TranslationNotFound(text)
            return answer["translatedText"]


SPEC = Spec("libre", Libre, limit=2000, needs_url="https://your-libretranslate/")
