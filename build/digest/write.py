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


@dataclass
class SyncPlan:
    """What making docs/ hold the generated pages means, decided without touching disk."""

    write: dict[str, str] = field(default_factory=dict)  # path -> new text (new or out of date)
    remove: list[str] = field(default_factory=list)  # generated pages no seed makes any more
    kept_edits: list[str] = field(default_factory=list)  # pages changed by hand, left as they are
    conflicts: list[str] = field(default_factory=list)  # edited by hand AND their source changed since
    unchanged: int = 0


def plan_sync(current: dict[str, str], pages: dict[str, str], force: frozenset[str] = frozenset()) -> SyncPlan:
    """`current`: the text on disk of every generated page and of every path in `pages` that exists."""
    plan = SyncPlan()
    for rel, text in sorted(pages.items()):
        existing = current.get(rel)
        if existing == text:
            plan.unchanged += 1
        elif existing is not None and not fingerprint_matches(existing) and rel not in force:
            plan.kept_edits.append(rel)
            if recorded_fingerprint(existing) != recorded_fingerprint(text):
                plan.conflicts.append(rel)  # the generator would now write something else
        else:
            plan.write[rel] = text
    for rel, text in sorted(current.items()):
        if rel in pages:
            continue
        if fingerprint_matches(text) or rel in force:
            plan.remove.append(rel)
        else:
            plan.kept_edits.append(rel)
            plan.conflicts.append(rel)  # its seed is gone, but an editor's work is never deleted
    return plan


def current_pages(docs_dir: Path, pages: dict[str, str]) -> dict[str, str]:
    """What plan_sync compares against: generated pages on disk, and any file at a page's path."""
    found = generated_pages_on_disk(docs_dir)
    for rel in pages:
        path = docs_dir / rel
        if rel not in found and path.exists():
            found[rel] = path.read_text(encoding="utf-8")
    return found


def sync(docs_dir: Path, pages: dict[str, str], force: frozenset[str] = frozenset()) -> SyncReport:
    """Make docs/ hold `pages`. Hand-edited pages are kept unless named in `force`."""
    remove_stale_temp_files(docs_dir)
    plan = plan_sync(current_pages(docs_dir, pages), pages, force)
    for rel, text in plan.write.items():
        atomic_write(docs_dir / rel, text)
    for rel in plan.remove:
        (docs_dir / rel).unlink()
    return SyncReport(written=list(plan.write), removed=plan.remove, kept_edits=plan.kept_edits,
                      conflicts=plan.conflicts, unchanged=plan.unchanged)
