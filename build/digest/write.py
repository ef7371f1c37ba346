"""I/O edge: sync generated pages into docs/, writing only what changed and never an editor's edit."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import LANGS
from .render import fingerprint_matches, recorded_fingerprint


@dataclass
class SyncReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)  # pages changed by hand, left as they are
    conflicts: list[str] = field(default_factory=list)  # edited by hand AND their source changed since
    unchanged: int = 0


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and os.replace: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temp_files(folder: Path) -> None:
    """Temp files of a write that a killed run never finished (`.name.xxxx.tmp`)."""
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            path.unlink(missing_ok=True)


def generated_pages_on_disk(docs_dir: Path) -> dict[str, str]:
    """Markdown pages under docs/<lang>/ that carry the generator's fingerprint line."""
    found = {}
    for lang in LANGS:
        for path in sorted((docs_dir / lang).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if "\ndigest_fingerprint: " in text:
                found[path.relative_to(docs_dir).as_posix()] = text
    return found


def edited_pages(docs_dir: Path) -> list[str]:
    """Generated pages that were changed by hand since the generator wrote them."""
    return [rel for rel, text in generated_pages_on_disk(docs_dir).items() if not fingerprint_matches(text)]


def sync(docs_dir: Path, pages: dict[str, str], force: frozenset[str] = frozenset()) -> SyncReport:
    """Make docs/ hold `pages`. Hand-edited pages are kept unless named in `force`."""
    report = SyncReport()
    remove_stale_temp_files(docs_dir)
    on_disk = generated_pages_on_disk(docs_dir)
    for rel, text in sorted(pages.items()):
        path = docs_dir / rel
        current = on_disk.get(rel)
        if current is None and path.exists():
            current = path.read_text(encoding="utf-8")
        if current == text:
            report.unchanged += 1
            continue
        if current is not None and not fingerprint_matches(current) and rel not in force:
            report.kept_edits.append(rel)
            if recorded_fingerprint(current) != recorded_fingerprint(text):
                report.conflicts.append(rel)  # the generator would now write something else
            continue
        atomic_write(path, text)
        report.written.append(rel)
    for rel, text in sorted(on_disk.items()):
        if rel in pages:
            continue
        if fingerprint_matches(text) or rel in force:
            (docs_dir / rel).unlink()
            report.removed.append(rel)
        else:
            report.kept_edits.append(rel)
            report.conflicts.append(rel)  # its seed is gone, but an editor's work is never deleted
    return report
