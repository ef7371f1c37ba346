"""I/O edge: find seed files and decode them (text in UTF-8 with or without BOM, Windows-1251,
KOI8-R; HTML pages)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from digest.ingest import webpage
from digest.model import DigestError, Seed
from digest.text.lang import covered

# Files in seeds/ that are not seeds: editorial sidecars and notes.
NOT_SEEDS = (".yml", ".yaml", ".md")

# Bytes that never occur in text (NUL and most C0 controls, except tab, LF, FF, CR).
_CONTROL = bytes(sorted(set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32))))


def discover(seeds_dir: Path) -> list[Path]:
    """Seed files, sorted by name so every run sees them in the same order."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        (
            p
            for p in seeds_dir.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in NOT_SEEDS
        ),
        key=lambda p: p.name,
    )


def _cyrillic_case_score(text: str) -> float:
    """Share of lowercase among Cyrillic letters: high for the right single-byte codec.

    KOI8-R read as Windows-1251 (and the reverse) swaps the cases of nearly every letter,
    so the right codec is the one that yields mostly lowercase Cyrillic, as real text does.
    """
    letters = covered(_CYRILLIC_RUN, text)
    if not letters:
        return 0.0
    return covered(_CYRILLIC_LOWER_RUN, text) / letters


# Runs of Cyrillic letters, and of lowercase ones: counted by the regex engine, not per character.
_CYRILLIC_RUN = re.compile("[\u0400-\u04ff]+")
_CYRILLIC_LOWER_RUN = re.compile(
    "[" + "".join(chr(c) for c in range(0x400, 0x500) if chr(c).islower()) + "]+"
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise DigestError naming the file."""
    if not data.strip():
        raise DigestError(name, "the file is empty", "put the article text in it or delete it")
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    head = data[:65536]
    controls = len(head) - len(head.translate(None, _CONTROL))
    if b"\x00" in data[:65536] or controls > max(2, len(data[:65536]) // 200):
        raise DigestError(
            name, "not a text file (binary bytes found)", "save the article as plain text"
        )
    try:
        text, encoding = data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as error:
        lenient = data.decode("utf-8", errors="replace")
        if sum(ord(c) > 127 for c in lenient) > 10 * lenient.count("\ufffd"):
            raise DigestError(
                name,
                f"invalid UTF-8 at byte {error.start} in otherwise UTF-8 text",
                "fix or re-save the file as UTF-8",
            ) from None
        candidates = [
            (data.decode(codec, errors="replace"), codec) for codec in ("cp1251", "koi8_r")
        ]
        text, encoding = max(
            candidates,
            key=lambda pair: (_cyrillic_case_score(pair[0]) - pair[0].count("\ufffd"), pair[1]),
        )
        if "\ufffd" in text:
            raise DigestError(
                name, "the bytes are not UTF-8, Windows-1251 or KOI8-R", "re-save the file as UTF-8"
            ) from None
    return normalize_text(text), encoding


def normalize_text(text: str) -> str:
    """NFC, "\n" line ends, no BOM, no NUL."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def read_seed(path: Path, root: Path) -> Seed:
    return seed_from_bytes(path.read_bytes(), path.relative_to(root).as_posix())


def seed_from_bytes(
    data: bytes, name: str, charset: str | None = None, url: str | None = None
) -> Seed:
    """A text seed, or an HTML page's article text with what the page declares (`charset`: the
    server's)."""
    if webpage.is_html(data, name):
        page = webpage.from_bytes(data, name, url=url, header_charset=charset)
        return Seed(
            path=name,
            sha256=hashlib.sha256(data).hexdigest(),
            encoding=page.encoding,
            text=normalize_text(page.text),
            html=True,
            declared=page.declared,
        )
    text, encoding = decode(data, name)
    return Seed(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, text=text)
