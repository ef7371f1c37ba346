"""MyMemory: no key; its own language codes; at most 500 characters a request."""

from __future__ import annotations

from deep_translator import exceptions as dx

from digest.translate.client import Http, Spec, failed, reading

URL = "http://api.mymemory.translated.net/get"
CODES = {"ru": "ru-RU", "en": "en-GB"}


class MyMemory:
    def __init__(self, http: Http, api_key: str | None, url: str | None):
        self.http, self.url = http, url or URL

    def translate(self, text: str, source: str, target: str) -> str:
        pair = f"{CODES.get(source, source)}|{CODES.get(target, target)}"
        response = self.http.get(self.url, params={"langpair": pair, "q": text.strip()})
        if response.status_code == 429:
            raise dx.TooManyRequests()
        if failed(response):
            raise dx.RequestError()
        with reading():
            answer = response.json()
            translation = answer.get("responseData").get("translatedText")
            # no translation: the best of the memory's matches
            return translation or next(m["translation"] for m in answer.get("matches", []))


SPEC = Spec("mymemory", MyMemory, limit=450)
