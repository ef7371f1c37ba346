"""Google Translate's page for phones: no key; the translation is read from the HTML."""

from __future__ import annotations

from bs4 import BeautifulSoup
from deep_translator import exceptions as dx

from digest.translate.client import Http, Spec, failed

URL = "https://translate.google.com/m"


class Google:
    def __init__(self, http: Http, api_key: str | None, url: str | None):
        self.http, self.url = http, url or URL

    def translate(self, text: str, source: str, target: str) -> str:
        text = text.strip()
        response = self.http.get(self.url, params={"tl": target, "sl": source, "q": text})
        if response.status_code == 429:
            raise dx.TooManyRequests()
        if failed(response):
            raise dx.RequestError()
        page = BeautifulSoup(response.text, "html.parser")
        found = page.find("div", {"class": "t0"})
        if found is None:
            found = page.find("div", {"class": "result-container"})
        if found is None:
            raise dx.TranslationNotFound(text)
        return found.get_text(strip=True)


# Google puts the text in the URL, where Cyrillic is percent-encoded six times over.
SPEC = Spec("google", Google, limit=1800)
