"""`digest translate`: the network code of translation (the other network code is ingest/fetch.py,
for `digest add URL`). The registry of providers (one module each, behind translate/client.py's
protocol), a deadline on every request, retries with exponential backoff, a limit on requests in
flight, every leaked exception mapped to one error, keys never shown."""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from deep_translator import exceptions as dx

from digest.enrich import glossary
from digest.model import DigestError
from digest.translate import deepl, google, libre, microsoft, mymemory, yandex
from digest.translate.client import ANSWERS, Client, Http, Malformed, Retryable, Spec
from digest.translate.memory import Entry, Memory

# A new provider is a module beside this one, with its SPEC, and its entry here.
PROVIDERS: dict[str, Spec] = {
    spec.name: spec
    for spec in (google.SPEC, mymemory.SPEC, libre.SPEC, microsoft.SPEC, yandex.SPEC, deepl.SPEC)
}


class TranslationError(Exception):
    """A provider failed for a segment; the message names the provider and the seed, never the
    key."""

    def __init__(self, provider: str, seed: str, problem: str, retryable: bool = False):
        self.provider, self.seed, self.problem, self.retryable = provider, seed, problem, retryable
        super().__init__(f"{provider}: {seed}: {problem}")


def redact(text: str, secret: str | None) -> str:
    if secret:
        text = text.replace(secret, "***")
    return re.sub(r"(?i)(api[_-]?key|auth_key|key)=([^&\s]+)", r"\1=***", text)


@dataclass
class Provider:
    """One translation service, as the registry has it and the user set it up: `request()` sends
    exactly one HTTP request."""

    name: str
    api_key: str | None = None
    url: str | None = None
    timeout: float = 20.0
    spec: Spec = field(init=False, repr=False)
    client: Client = field(init=False, repr=False)

    def __post_init__(self):
        spec = PROVIDERS.get(self.name)
        if spec is None:
            raise DigestError(
                "--provider",
                f"unknown provider {self.name!r}",
                f"use one of: {', '.join(PROVIDERS)}",
            )
        if spec.needs_key and not self.api_key:
            raise DigestError(
                "--provider",
                f"{self.name} needs an API key",
                "pass --api-key KEY or set DIGEST_TRANSLATOR_KEY",
            )
        if spec.needs_url and not self.url:
            raise DigestError(
                "--provider",
                f"{self.name} needs the server's address",
                f"pass --url {spec.needs_url}",
            )
        self.spec = spec
        self.client = spec.make(Http(self.timeout), self.api_key, self.url)

    def request(self, text: str, source: str, target: str) -> str:
        return self.client.translate(text, source, target)


def _in_our_code(error: BaseException) -> bool:
    """Whether the error was raised by this package's code rather than by a library or the
    network: our own mistakes are not a provider's "malformed answer" and are never retried. What
    a client raises to say what the provider answered (client.ANSWERS) is the provider's."""
    package = Path(__file__).resolve().parent.parent
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    if trace is None or isinstance(error, (*ANSWERS, TranslationError, OSError)):
        return False
    return Path(trace.tb_frame.f_code.co_filename).resolve().is_relative_to(package)


def classify(error: BaseException) -> tuple[str, bool]:
    """(what happened, worth retrying) for anything a provider call can raise."""
    if isinstance(error, requests.Timeout):
        return "no answer before the deadline", True
    if isinstance(error, requests.ConnectionError):
        return "connection failed or dropped", True
    if isinstance(error, (dx.TooManyRequests,)):
        return "too many requests (HTTP 429)", True
    if isinstance(error, Retryable):
        return str(error), True
    if isinstance(error, Malformed):
        return f"malformed answer ({error.kind})", True
    if isinstance(error, (dx.AuthorizationException, PermissionError)):
        return "the API key was refused (HTTP 401/403)", False
    if isinstance(error, (dx.ServerException, dx.RequestError)):
        return f"the server answered with an error ({error})", True
    if isinstance(
        error,
        (
            json.JSONDecodeError,
            ValueError,
            KeyError,
            AttributeError,
            TypeError,
            IndexError,
            StopIteration,
        ),
    ):
        return f"malformed answer ({type(error).__name__})", True
    if isinstance(error, (dx.TranslationNotFound, dx.NotValidPayload, dx.NotValidLength)):
        return f"the provider returned no translation ({type(error).__name__})", False
    if isinstance(error, requests.RequestException):
        return f"request failed ({type(error).__name__})", True
    return f"unexpected {type(error).__name__}", False


def chunks(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at clause and then word boundaries."""
    if len(text) <= limit:
        return [text]
    pieces, current = [], ""
    for part in re.split(r"(?<=[,;:—–])\s+|\s+", text):
        candidate = f"{current} {part}".strip()
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                pieces.append(current)
            while len(part) > limit:
                pieces.append(part[:limit])
                part = part[limit:]
            current = part
    return pieces + ([current] if current else [])


@dataclass(frozen=True)
class Job:
    seed: str
    source_lang: str
    target_lang: str
    segment: str


@dataclass
class Run:
    """Settings of one `digest translate` run."""

    provider: Provider
    retries: int = 4
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    jobs: int = 2  # requests in flight
    give_up_after: int = 3  # segments failing in a row before the provider counts as down
    terms: list = field(default_factory=list)


@dataclass
class Result:
    translated: int = 0
    characters: int = 0
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    not_attempted: int = 0
    stopped: str | None = None


def translate_segment(run: Run, job: Job, counter: Result, lock: threading.Lock) -> str:
    """One segment, chunked to the provider's limit, with retries; raises TranslationError."""
    if not re.search(r"\w", job.segment) or not re.search(r"[^\W\d_]", job.segment):
        return job.segment  # numbers and punctuation need no translation
    provider = run.provider
    source = glossary.protect(job.segment, job.source_lang, job.target_lang, run.terms)
    out = []
    for piece in chunks(source, provider.spec.limit):
        for attempt in range(run.retries + 1):
            with lock:
                counter.requests += 1
            try:
                result = provider.request(piece, job.source_lang, job.target_lang)
                if not isinstance(result, str) or not result.strip():
                    raise Retryable("malformed answer (empty translation)")
                out.append(result.strip())
                break
            except Exception as error:  # every exception the library leaks is mapped here
                if _in_our_code(error):
                    raise  # a bug of ours, not the provider's: it fails loudly, with its traceback
                what, retryable = classify(error)
                if not retryable or attempt == run.retries:
                    detail = redact(
                        f"{what}: {error}" if not what.startswith("unexpected") else what,
                        provider.api_key,
                    )
                    tries = f" after {attempt + 1} tries" if attempt else ""
                    raise TranslationError(provider.name, job.seed, detail + tries) from None
                time.sleep(run.backoff * 2**attempt)
    return " ".join(out)


def execute(run: Run, jobs: list[Job], memory: Memory, progress=None) -> Result:
    """Translate every job, writing each finished segment to the memory at once."""
    result, lock = Result(), threading.Lock()
    failures_in_a_row = 0
    stop = threading.Event()
    total_chars = sum(len(j.segment) for j in jobs) or 1
    started = time.monotonic()

    def work(job: Job) -> None:
        nonlocal failures_in_a_row
        if stop.is_set():
            with lock:
                result.not_attempted += 1
            return
        try:
            target = translate_segment(run, job, result, lock)
        except TranslationError as error:
            with lock:
                result.failures.append(str(error))
                failures_in_a_row += 1
                if failures_in_a_row >= run.give_up_after and not stop.is_set():
                    result.stopped = (
                        f"{run.provider.name} failed {failures_in_a_row} segments in a row: "
                        f"{error.problem}"
                    )
                    stop.set()
            return
        memory.add(Entry(run.provider.name, job.source_lang, job.target_lang, job.segment, target))
        with lock:
            failures_in_a_row = 0
            result.translated += 1
            result.characters += len(job.segment)
            if progress:
                elapsed = time.monotonic() - started
                left = (
                    elapsed / result.characters * (total_chars - result.characters)
                    if result.characters
                    else 0
                )
                progress(result.translated, len(jobs), result.characters, total_chars, left)

    with ThreadPoolExecutor(max_workers=max(1, run.jobs)) as pool:
        list(pool.map(work, jobs))
    return result


def progress_bar(stream=sys.stderr):
    """A one-line progress bar: segments, characters and time left."""

    def show(done: int, total: int, chars: int, total_chars: int, left: float) -> None:
        width = 24
        filled = int(width * done / max(total, 1))
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} segments, "
            f"{chars:,}/{total_chars:,} characters, ~{left:.0f} s left"
        )
        if stream.isatty():
            stream.write("\r" + line + ("\n" if done == total else ""))
        elif done == total or done % 25 == 0:
            stream.write(line + "\n")
        stream.flush()

    return show


def plan(articles, memory: Memory, targets: tuple[str, ...]) -> list[Job]:
    """Every segment that some article needs in a target language and the memory lacks, once."""
    from digest.translate.segments import segments

    jobs: dict[tuple[str, str, str], Job] = {}
    for article in sorted(articles, key=lambda a: a.seed.path):
        for target in targets:
            if target == article.meta.lang or article.translation_status(target) == "editorial":
                continue
            for segment in segments(article):
                key = (article.meta.lang, target, segment)
                if key not in jobs and not memory.lookup(*key):
                    jobs[key] = Job(article.seed.path, article.meta.lang, target, segment)
    return list(jobs.values())
