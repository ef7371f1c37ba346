"""DeepL's REST API: a key, sent in the Authorization header (deep-translator sends it the old
way, as a parameter, which DeepL refuses: nidhaloff/deep-translator#304)."""

from __future__ import annotations

from digest.translate.client import Http, Retryable, Spec

URL = "https://api-free.deepl.com/v2/translate"
CODES = {"ru": "RU", "en": "EN-GB"}  # a source is named without its variant: "EN"


class DeepL:
    def __init__(self, http: Http, api_key: str | None, url: str | None):
        self.http, self.url = http, url or URL
        self.headers = {"Authorization": f"DeepL-Auth-Key {api_key}"}

    def translate(self, text: str, source: str, target: str) -> str:
        response = self.http.post(
            self.url,
            headers=self.headers,
            data={
                "text": text,
                "source_lang": CODES.get(source, source)[:2],
                "target_lang": CODES.get(target, target),
            },
        )
        if response.status_code == 429 or response.status_code >= 500:
            raise Retryable(f"HTTP {response.status_code}")
        if response.status_code in (401, 403):
            raise PermissionError("the API key was refused")
        response.raise_for_status()
        try:
            return response.json()["translations"][0]["text"]
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise Retryable(f"malformed answer ({type(error).__name__})") from None


SPEC = Spec("deepl", DeepL, limit=5000, needs_key=True)
