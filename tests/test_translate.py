"""Machine translation against real HTTP servers on 127.0.0.1 speaking the providers' protocols."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, run_digest
from digest.model import DigestError
from digest.translate.providers import PROVIDERS, Provider, chunks
from translation_server import FakeTranslator

SEED_RU = "seeds/002_fe2789674e39d373.txt"
FAST = ("--backoff", "0.01", "--timeout", "1")


def translate(root: Path, server: FakeTranslator, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "digest.cli", "--root", str(root), "translate", "--provider", "libre", "--url", server.url, *FAST, *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )


def memory(root: Path) -> list[dict]:
    path = root / "translations/memory.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def status(root: Path) -> dict[str, dict]:
    return {e["seed"]: e for e in json.loads(run_digest(root, "status", "--json").stdout)}


def test_translate_then_build_shows_machine_translations_and_a_second_run_sends_nothing(untranslated_project: Path):
    with FakeTranslator() as server:
        dry = translate(untranslated_project, server, "--dry-run")
        assert dry.returncode == 0 and server.requests == []
        assert "into en: 47 segments, 7,045 characters" in dry.stdout and "into ru: 71 segments" in dry.stdout
        first = translate(untranslated_project, server)
        assert first.returncode == 0, first.stderr
        assert "118 of 118 segments translated by libre" in first.stdout
        sent = len(server.requests)
        assert sent == 118 and "segments," in first.stderr and "characters" in first.stderr and "s left" in first.stderr
        second = translate(untranslated_project, server)
        assert second.returncode == 0 and len(server.requests) == sent, "a second run sends nothing"
    entries = memory(untranslated_project)
    assert [e["key"] for e in entries] == sorted(e["key"] for e in entries)
    assert all(e["target"].startswith(e["target_lang"] + ": ") for e in entries)
    assert not (untranslated_project / "translations/memory.jsonl.journal").exists()
    build = run_digest(untranslated_project, "build", "--strict")
    assert build.returncode == 0, build.stderr
    e = status(untranslated_project)[SEED_RU]
    assert e["translations"] == {"ru": "original", "en": "machine"}
    page = BeautifulSoup((untranslated_project / "site/en/articles" / Path(e["pages"][1]).stem / "index.html").read_text(), "html.parser")
    assert "Machine translation (libre)." in page.get_text()
    assert page.select_one(".digest-original a").get_text().strip() == "Original in Russian"
    box = page.select_one(".admonition.abstract")  # left out when the summary is the text's opening
    summary = box.get_text() if box else ""
    body = page.select_one("article").get_text()
    translated = {(m["source"], m["target_lang"]): m["target"] for m in entries}
    for sentence in e["summary"]:  # the summary is the translation of the same sentences as the text
        assert translated[sentence, "en"] in body.replace(summary, "") and (box is None or translated[sentence, "en"] in summary)
    assert "Alexei Dyumin" in body and "Denis Manturov" in body, "gazetteer names come out in their English form"
    assert not page.select(".admonition.warning")


def test_after_one_paragraph_changes_only_that_paragraph_is_sent(untranslated_project: Path):
    with FakeTranslator() as server:
        assert translate(untranslated_project, server, "--to", "en").returncode == 0
        seed = untranslated_project / SEED_RU
        text = seed.read_text(encoding="utf-8")
        old = "Комиссия Госсовета рекомендовала регионам активизировать работу по информированию экспортеров о мерах поддержки."
        seed.write_text(text.replace(old, "Комиссия рекомендовала регионам чаще информировать экспортеров о мерах поддержки."), encoding="utf-8")
        before = len(server.requests)
        again = translate(untranslated_project, server, "--to", "en")
        assert again.returncode == 0 and len(server.requests) - before == 1
        assert "Комиссия рекомендовала регионам чаще" in server.requests[-1]["params"]["q"]


@pytest.mark.parametrize("fault", ["hang", "429", "500", "malformed", "drop"])
def test_transient_faults_are_retried(untranslated_project: Path, fault: str):
    with FakeTranslator(hang_seconds=3) as server:
        server.faults.extend([fault, fault])
        result = translate(untranslated_project, server, "--to", "en", "--jobs", "1")
        assert result.returncode == 0, result.stderr
        assert "47 of 47 segments translated" in result.stdout
        assert len(server.requests) == 47 + 2


def test_refused_key_is_reported_without_the_key_and_nothing_is_lost(untranslated_project: Path):
    secret = "sk-very-secret-4242"
    with FakeTranslator() as server:
        assert translate(untranslated_project, server, "--to", "en", "--api-key", secret).returncode == 0
        server.always = "403"
        result = translate(untranslated_project, server, "--to", "ru", env={"DIGEST_TRANSLATOR_KEY": secret})
        assert any(r["params"].get("api_key") == secret for r in server.requests), "the key from the environment was used"
    assert result.returncode == 1
    assert "libre: seeds/000_5171e5a3172183de.txt: the API key was refused" in result.stderr
    assert "stopped: libre failed 3 segments in a row" in result.stderr
    assert len(memory(untranslated_project)) == 47, "earlier translations are kept"
    assert run_digest(untranslated_project, "build").returncode == 0
    outputs = [result.stdout, result.stderr, *(p.read_text(errors="replace") for p in untranslated_project.rglob("*") if p.is_file())]
    assert not any(secret in text for text in outputs), "the key appears nowhere"


def test_connection_refused_names_provider_and_seed(untranslated_project: Path):
    with FakeTranslator() as server:
        url = server.url
    result = subprocess.run(
        [sys.executable, "-m", "digest.cli", "--root", str(untranslated_project), "translate", "--provider", "libre", "--url", url, *FAST,
         "--retries", "1", "--to", "en"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "error: libre: seeds/002_fe2789674e39d373.txt: connection failed or dropped" in result.stderr
    assert "0 of 47 segments translated" in result.stdout and "not attempted" in result.stdout


def test_a_killed_run_loses_at_most_the_segment_in_flight(untranslated_project: Path, tmp_path: Path):
    with FakeTranslator() as server:
        server.delay = 0.05
        process = subprocess.Popen(
            [sys.executable, "-m", "digest.cli", "--root", str(untranslated_project), "translate", "--provider", "libre", "--url", server.url,
             *FAST, "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while len(server.requests) < 30:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        journal = untranslated_project / "translations/memory.jsonl.journal"
        assert journal.exists() and not (untranslated_project / "translations/memory.jsonl").exists()
        kept = [line for line in journal.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(kept) >= 28
        server.delay = 0
        sent_before = len(server.requests)
        finish = translate(untranslated_project, server)
        assert finish.returncode == 0, finish.stderr
        assert len(server.requests) - sent_before <= 118 - len(kept) + 1
    reference = copy_project(tmp_path / "reference", with_sidecars=False)
    with FakeTranslator() as server:
        assert translate(reference, server).returncode == 0
    assert (untranslated_project / "translations/memory.jsonl").read_text() == (reference / "translations/memory.jsonl").read_text()


def test_tmx_round_trip_makes_reviewed_segments_editorial(untranslated_project: Path, tmp_path: Path):
    with FakeTranslator() as server:
        assert translate(untranslated_project, server, "--to", "en").returncode == 0
    tmx = tmp_path / "memory.tmx"
    exported = run_digest(untranslated_project, "tm", "export", str(tmx))
    assert exported.returncode == 0 and "wrote 47 segments" in exported.stdout
    text = tmx.read_text(encoding="utf-8")
    assert '<tmx version="1.4">' in text and 'xml:lang="ru"' in text
    reviewed = text.replace("en: Были рассмотрены вопросы", "Issues were considered of")
    tmx.write_text(reviewed, encoding="utf-8")
    imported = run_digest(untranslated_project, "tm", "import", str(tmx))
    assert imported.returncode == 0 and "imported 1 reviewed segments" in imported.stdout
    assert run_digest(untranslated_project, "build", "--strict").returncode == 0
    page = (untranslated_project / status(untranslated_project)[SEED_RU]["pages"][1]).read_text(encoding="utf-8")
    assert "Issues were considered of" in page and "en: Были рассмотрены" not in page


def test_editorial_translation_is_never_sent_or_overwritten(untranslated_project: Path):
    sidecar = untranslated_project / SEED_RU.replace(".txt", ".yml")
    sidecar.write_text("translations:\n  en:\n    title: Dyumin chairs a State Council meeting\n    text: The commission met.\n",
                       encoding="utf-8")
    with FakeTranslator() as server:
        assert translate(untranslated_project, server, "--to", "en").returncode == 0
        assert not any("Дюмин" in r["params"]["q"] for r in server.requests if "провел заседание" in r["params"]["q"])
    assert sidecar.read_text(encoding="utf-8").startswith("translations:")
    assert status(untranslated_project)[SEED_RU]["translations"]["en"] == "editorial"


def test_mymemory_wire_format_and_language_codes(untranslated_project: Path):
    with FakeTranslator() as server:
        result = subprocess.run(
            [sys.executable, "-m", "digest.cli", "--root", str(untranslated_project), "translate", "--provider", "mymemory",
             "--url", server.url + "get", *FAST, "--to", "en"], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert server.requests[0]["params"]["langpair"] == "ru-RU|en-GB"
    assert memory(untranslated_project)[0]["provider"] == "mymemory"


def test_deepl_uses_header_authentication(untranslated_project: Path):
    with FakeTranslator() as server:
        good = subprocess.run(
            [sys.executable, "-m", "digest.cli", "--root", str(untranslated_project), "translate", "--provider", "deepl", "--url",
             server.url + "v2/translate", "--api-key", "good-key", *FAST, "--to", "en"], capture_output=True, text=True, timeout=120)
        assert good.returncode == 0, good.stderr
        assert server.requests[0]["auth"] == "DeepL-Auth-Key good-key" and "auth_key" not in server.requests[0]["params"]


def test_keyed_providers_refuse_to_start_without_a_key(untranslated_project: Path):
    result = run_digest(untranslated_project, "translate", "--provider", "microsoft", "--dry-run")
    assert result.returncode == 1 and "microsoft needs an API key" in result.stderr


@pytest.mark.parametrize("limit", [20, 60, 450])
def test_long_segments_are_chunked_at_boundaries(limit):
    text = "Минпромторг России, " * 40 + "итог."
    pieces = chunks(text, limit)
    assert all(len(p) <= limit for p in pieces) and " ".join(pieces) == " ".join(text.split())


def test_a_bug_of_ours_is_not_taken_for_a_malformed_answer():
    """Only what a provider or the network causes is retried: an error raised by our own code
    (here chunks() given no text) is a bug and fails loudly; one raised inside a library parsing
    an answer, or our explicit retryable errors, are not."""
    import json

    from digest.translate.client import Retryable as _Retryable
    from digest.translate.providers import _in_our_code, chunks

    def raised(call) -> BaseException:
        try:
            call()
        except Exception as error:  # the real exception, with its real traceback
            return error
        raise AssertionError("nothing raised")

    assert _in_our_code(raised(lambda: chunks(None, 10)))  # type: ignore[arg-type]
    assert not _in_our_code(raised(lambda: json.loads("{not json")))
    assert not _in_our_code(raised(lambda: (_ for _ in ()).throw(_Retryable("HTTP 503"))))


# Each provider's address on the loopback server, and what it answers for "ru" -> "en".
WIRES = {
    "google": ("m", "en: "),
    "mymemory": ("get", "en-GB: "),
    "libre": ("", "en: "),
    "microsoft": ("translate?api-version=3.0", "en: "),
    "yandex": ("api/v1.5/tr.json/translate", "en: "),
    "deepl": ("v2/translate", "EN-GB: "),
}


@pytest.mark.parametrize("name", list(WIRES))
def test_every_provider_of_the_registry_speaks_its_wire_format(name: str):
    """A new provider is a module and a registry entry; it comes with its line in WIRES."""
    assert list(PROVIDERS) == list(WIRES)
    path, prefix = WIRES[name]
    text = "Минпромторг России, итог."
    with FakeTranslator() as server:
        provider = Provider(name, api_key="good-key", url=server.url + path, timeout=1)
        assert provider.request(text, "ru", "en") == prefix + text
        assert len(server.requests) == 1
        if name == "microsoft":
            assert server.requests[0]["json"] == [{"text": text}]
        if PROVIDERS[name].needs_key:  # the server's refusal, whichever way the provider says it
            from digest.translate.providers import _in_our_code

            with pytest.raises(Exception) as refused:
                Provider(name, api_key="bad-key", url=server.url + path, timeout=1).request(text, "ru", "en")
            assert not _in_our_code(refused.value), refused.value


@pytest.mark.parametrize("name, key, url, message", [
    ("babelfish", None, None, "--provider: unknown provider 'babelfish'; use one of: google, mymemory, libre, microsoft, yandex, deepl"),
    ("microsoft", None, None, "--provider: microsoft needs an API key; pass --api-key KEY or set DIGEST_TRANSLATOR_KEY"),
    ("yandex", "", "http://127.0.0.1:9/", "--provider: yandex needs an API key; pass --api-key KEY or set DIGEST_TRANSLATOR_KEY"),
    ("deepl", None, None, "--provider: deepl needs an API key; pass --api-key KEY or set DIGEST_TRANSLATOR_KEY"),
    ("libre", "k", None, "--provider: libre needs the server's address; pass --url https://your-libretranslate/"),
])
def test_the_registry_says_what_a_provider_needs(name, key, url, message):
    with pytest.raises(DigestError) as refused:
        Provider(name, api_key=key, url=url)
    assert str(refused.value) == message


def test_the_deadline_is_on_each_request_and_nothing_is_patched_process_wide():
    import deep_translator
    import requests

    modules = ("google", "mymemory", "libre", "microsoft", "yandex", "deepl")
    with FakeTranslator(hang_seconds=2) as server:
        for name in PROVIDERS:
            Provider(name, api_key="good-key", url=server.url, timeout=0.2)
        server.faults.append("hang")
        started = time.monotonic()
        with pytest.raises(requests.Timeout):
            Provider("libre", url=server.url, timeout=0.2).request("Привет, мир.", "ru", "en")
        assert time.monotonic() - started < 1.5
    assert all(getattr(deep_translator, m).requests is requests for m in modules)


def test_what_a_client_misreads_is_the_answers_fault_and_retried():
    from digest.translate.client import Malformed, reading
    from digest.translate.providers import _in_our_code, classify

    def misread() -> str:
        with reading():
            return {}["translatedText"]

    try:
        misread()
    except Exception as error:  # the real exception, with its real traceback
        assert isinstance(error, Malformed) and not _in_our_code(error)
        assert classify(error) == ("malformed answer (KeyError)", True) and str(error) == "'translatedText'"
    else:
        raise AssertionError("nothing raised")
