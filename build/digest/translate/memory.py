"""The translation memory: `translations/memory.jsonl`, one committed, sorted, human-readable file.

Each line is one segment: {"key", "provider", "source_lang", "target_lang", "source", "target"},
keyed by sha256(provider, source language, target language, source segment) and sorted by key.
`digest translate` appends each finished segment to `memory.jsonl.journal` (one line, flushed
and fsynced) and folds the journal into the sorted file atomically at the end, so a run killed
at any moment loses at most the segment in flight; the next run folds what the journal holds.
Segments imported from TMX are stored with provider "editorial".
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from xml.etree import ElementTree as ET

from digest.model import DigestError
from digest.store.files import atomic_write

MEMORY = Path("translations/memory.jsonl")
EDITORIAL = "editorial"


def segment_key(provider: str, source_lang: str, target_lang: str, source: str) -> str:
    return hashlib.sha256(
        "\x1f".join((provider, source_lang, target_lang, source)).encode()
    ).hexdigest()


@dataclass(frozen=True)
class Entry:
    provider: str
    source_lang: str
    target_lang: str
    source: str
    target: str

    @property
    def key(self) -> str:
        return segment_key(self.provider, self.source_lang, self.target_lang, self.source)

    def line(self) -> str:
        record = {
            "key": self.key,
            "provider": self.provider,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "source": self.source,
            "target": self.target,
        }
        return json.dumps(record, ensure_ascii=False, sort_keys=False)


def _parse(line: str, where: str) -> Entry:
    data = json.loads(line)
    return Entry(
        data["provider"], data["source_lang"], data["target_lang"], data["source"], data["target"]
    )


class Memory:
    """Lookups by (source language, target language, segment); writes through the journal."""

    def __init__(self, path: Path):
        self.path = path
        self.journal = path.with_name(path.name + ".journal")
        self.entries: dict[str, Entry] = {}
        self._by_segment: dict[tuple[str, str, str], dict[str, str]] = {}
        self._lock = threading.Lock()
        self._journal_handle: TextIO | None = None
        if path.exists():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip():
                    try:
                        self._index(_parse(line, f"{path}:{number}"))
                    except (ValueError, KeyError, TypeError) as error:
                        raise DigestError(
                            f"{path}:{number}",
                            f"not a translation-memory line ({error})",
                            "fix the line or restore the file from git",
                        ) from None
        self.recovered = 0
        if self.journal.exists():  # a run was killed: keep every complete line it wrote
            for line in self.journal.read_text(encoding="utf-8").splitlines():
                try:
                    self._index(_parse(line, str(self.journal)))
                    self.recovered += 1
                except (ValueError, KeyError, TypeError):
                    continue  # the line in flight when the run died

    def _index(self, entry: Entry) -> None:
        self.entries[entry.key] = entry
        self._by_segment.setdefault((entry.source_lang, entry.target_lang, entry.source), {})[
            entry.provider
        ] = entry.target

    def lookup(self, source_lang: str, target_lang: str, segment: str) -> dict[str, str]:
        """{provider: translation} for the segment; "editorial" among them when a reviewer approved
        one."""
        return self._by_segment.get((source_lang, target_lang, segment), {})

    def add(self, entry: Entry) -> None:
        """Record a finished segment durably (journal line, fsync) before anything else happens."""
        with self._lock:
            if self._journal_handle is None:
                self.journal.parent.mkdir(parents=True, exist_ok=True)
                self._journal_handle = self.journal.open("a", encoding="utf-8", newline="\n")
            self._journal_handle.write(entry.line() + "\n")
            self._journal_handle.flush()
            os.fsync(self._journal_handle.fileno())
            self._index(entry)

    def save(self) -> None:
        """Fold everything into the sorted memory file atomically, then drop the journal."""
        with self._lock:
            if self._journal_handle is not None:
                self._journal_handle.close()
                self._journal_handle = None
            text = "".join(e.line() + "\n" for _, e in sorted(self.entries.items()))
            current = self.path.read_text(encoding="utf-8") if self.path.exists() else None
            if text != current and (self.entries or current is not None):
                atomic_write(self.path, text)
            self.journal.unlink(missing_ok=True)


def export_tmx(memory: Memory, target: Path) -> int:
    """TMX 1.4 for CAT tools (OmegaT, Trados): one <tu> per segment, sorted by key."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        # one attribute dict, in the order the keyword arguments gave (and the file shows) them
        {
            "creationtool": "industry-digest",
            "creationtoolversion": "1",
            "segtype": "sentence",
            "o-tmf": "digest-jsonl",
            "adminlang": "en",
            "srclang": "*all*",
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for _, entry in sorted(memory.entries.items()):
        tu = ET.SubElement(body, "tu", tuid=entry.key[:16])
        ET.SubElement(tu, "prop", type="x-provider").text = entry.provider
        for lang, text in ((entry.source_lang, entry.source), (entry.target_lang, entry.target)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    atomic_write(
        target,
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n",
    )
    return len(memory.entries)


def import_tmx(memory: Memory, source: Path, langs: tuple[str, ...]) -> int:
    """Reviewed segments from a TMX file become editorial entries (they win over machine ones)."""
    try:
        tree = ET.parse(source)
    except (ET.ParseError, OSError) as error:
        raise DigestError(
            str(source), f"not a readable TMX file ({error})", "export it again as TMX 1.4"
        ) from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    count = 0
    for tu in tree.getroot().iter("tu"):
        segments = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(xml_lang) or tuv.get("lang") or "").lower()[:2]
            seg = tuv.find("seg")
            if lang in langs and seg is not None:
                segments[lang] = "".join(seg.itertext()).strip()
        if len(segments) != 2 or not all(segments.values()):
            continue
        a, b = sorted(segments)
        source_lang = (
            a
            if memory.lookup(a, b, segments[a])
            else b
            if memory.lookup(b, a, segments[b])
            else None
        )
        if source_lang is None:
            continue  # not one of our segments: nothing to attach it to
        target_lang = next(lang for lang in segments if lang != source_lang)
        entry = Entry(
            EDITORIAL, source_lang, target_lang, segments[source_lang], segments[target_lang]
        )
        known = memory.lookup(source_lang, target_lang, entry.source)
        if entry.target in (t for p, t in known.items() if p != EDITORIAL):
            continue  # unchanged machine output: a round trip alone is no review
        if memory.entries.get(entry.key) != entry:
            memory.add(entry)
            count += 1
    return count
