"""Microsoft Translator (Azure): a key. Its errors come as a JSON object, whatever the status."""

from __future__ import annotations

from deep_translator import exceptions as dx

from digest.translate.client import Http, Spec, reading

URL = "https://api.cognitive.microsofttranslator.com/translate?api-version=3.0"


class Microsoft:
    def __init__(self, http: Http, api_key: str | None, url: str | None):
        assert api_key  # the registry refuses microsoft without a key
        self.http, self.url = http, url or URL
        self.headers = {"Ocp-Apim-Subscription-Key": api_key}

    def translate(self, text: str, source: str, target: str) -> str:
        response = self.http.post(
            self.url,
            params={"from": source, "to": target},
            headers=self.headers,
            json=[{"text": text}],
        )
        with reading():
            answer = response.json()
            if isinstance(answer, dict):
                raise dx.MicrosoftAPIerror(answer["error"])
            if isinstance(answer, list):
                return "\n".join(t["text"] for t in answer[0]["translations"])
            return ""  # neither: no translation


SPEC = Spec("microsoft", Microsoft, limit=5000, needs_key=True)
