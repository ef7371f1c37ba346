"""What a provider module (google.py, mymemory.py, libre.py, microsoft.py, yandex.py, deepl.py)
gives the run in providers.py: a client behind one small protocol and a `Spec` saying what it
needs. Clients send their requests themselves, through `Http`, which puts the run's deadline on
every one: deep-translator calls the `requests` module's functions with no timeout and no way to
pass one or a session, so it cannot be given a deadline without patching it for the whole
process. What a provider answered is said with deep-translator's exceptions (so that every
message reads as when it made the requests) or with the two below: never a bug of ours."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import requests
from deep_translator import exceptions as dx


class Client(Protocol):
    def translate(self, text: str, source: str, target: str) -> str:
        """`text` from `source` into `target` (the digest's codes, "ru" and "en"): exactly one
        HTTP request."""
        ...


@dataclass(frozen=True)
class Http:
    """Sends one request with the run's deadline on it, on a connection of its own (as
    `requests.get` does)."""

    timeout: float

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return requests.get(url, timeout=self.timeout, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return requests.post(url, timeout=self.timeout, **kwargs)


@dataclass(frozen=True)
class Spec:
    """A provider as the registry (providers.PROVIDERS) knows it."""

    name: str
    make: Callable[[Http, str | None, str | None], Client]  # (http, API key, --url) -> its client
    limit: int  # characters per request
    needs_key: bool = False
    needs_url: str | None = None  # an example address, for a provider with no address of its own


class Retryable(Exception):
    """A provider's failure worth retrying, in our words ("HTTP 503")."""


class Malformed(Exception):
    """The answer lacks what the provider's protocol promises; told as the error met reading it
    ("malformed answer (KeyError): 'translatedText'"), and retried."""

    def __init__(self, error: BaseException):
        self.kind = type(error).__name__
        super().__init__(str(error))


# Errors met reading an answer that the protocol does not promise.
MISREAD = (ValueError, KeyError, AttributeError, TypeError, IndexError, StopIteration)

# What a client raises to say what the provider answered: never a bug of ours.
ANSWERS: tuple[type[BaseException], ...] = (
    Retryable,
    Malformed,
    dx.TooManyRequests,
    dx.RequestError,
    dx.ServerException,
    dx.AuthorizationException,
    dx.TranslationNotFound,
    dx.MicrosoftAPIerror,
)


@contextmanager
def reading() -> Iterator[None]:
    """`with reading():` around the code that reads an answer: what goes wrong there is the
    answer's fault (`Malformed`), not a bug of ours."""
    try:
        yield
    except MISREAD as error:
        raise Malformed(error) from error


def failed(response: requests.Response) -> bool:
    """Anything but a 2xx status."""
    return not 200 <= response.status_code < 300
