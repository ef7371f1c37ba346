"""Yandex Translate (API v1.5): a key. The status is in the answer's JSON, not in HTTP's."""

from __future__ import annotations

from deep_translator import exceptions as dx

from digest.translate.client import Http, Spec, reading

URL = "https://translate.yandex.net/api/v1.5/tr.json/translate"


class Yandex:
    def __init__(self, http: Http, api_key: str | None, url: str | None):
        self.http, self.api_key, self.url = http, api_key, url or URL

    def translate(self, text: str, source: str, target: str) -> str:
        response = self.http.post(
            self.url,
            data={
                "text": text,
                "format": "plain",
                "lang": f"{source}-{target}",
                "key": self.api_key,
            },
        )
        with reading():
            answer = response.json()
            if answer["code"] == 429:
                raise dx.TooManyRequests()
            if answer["code"] != 200:
                raise dx.ServerException(answer["code"])
            translation = answer["text"]
            if not translation:
                raise dx.TranslationNotFound(text)
            # one string per text sent
            return "".join(translation) if isinstance(translation, list) else translation


SPEC = Spec("yandex", Yandex, limit=5000, needs_key=True)
