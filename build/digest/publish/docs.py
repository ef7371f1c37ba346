"""I/O edge: sync generated pages into docs/, writing only what changed and never an editor's
edit."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from digest.model import LANGS
from digest.publish.render import fingerprint_matches, recorded_fingerprint
from digest.store.files import WrittenTogether


@dataclass
class SyncReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)  # pages changed by hand, left as they are
    conflicts: list[str] = field(
        default_factory=list
    )  # edited by hand AND their source changed since
    unchanged: int = 0
    created: list[str] = field(default_factory=list)  # of `written`, those not on disk before


def remove_stale_temp_files(folder: Path) -> None:
    """Temp files of a write that a killed run never finished (`.name.xxxx.tmp`)."""
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            path.unlink(missing_ok=True)


def generated_pages_on_disk(
    docs_dir: Path, skip: Container[str] = frozenset()
) -> Iterator[tuple[str, str]]:
    """Markdown pages under docs/<lang>/ that carry the generator's fingerprint line, one at a
    time."""
    for lang in LANGS:
        for path in sorted((docs_dir / lang).rglob("*.md")):
            rel = path.relative_to(docs_dir).as_posix()
            if rel not in skip:
                text = path.read_text(encoding="utf-8")
                if "\ndigest_fingerprint: " in text:
                    yield rel, text


def edited_pages(docs_dir: Path) -> list[str]:
    """Generated pages that were changed by hand since the generator wrote them."""
    return [rel for rel, text in generated_pages_on_disk(docs_dir) if not fingerprint_matches(text)]


def decide(existing: str | None, text: str, forced: bool) -> str:
    """What syncing one generated page means: "unchanged", "write", "kept" (edited by hand) or
    "conflict" (edited by hand AND the generator would now write something else)."""
    if existing == text:
        return "unchanged"
    if existing is not None and not fingerprint_matches(existing) and not forced:
        return (
            "conflict" if recorded_fingerprint(existing) != recorded_fingerprint(text) else "kept"
        )
    return "write"


def sync(
    docs_dir: Path,
    pages: Iterable[tuple[str, str]],
    force: frozenset[str] = frozenset(),
    dry_run: bool = False,
    **hooks,
) -> SyncReport:
    """Make docs/ hold `pages` ((path, text), consumed one at a time: a large digest is never held
    whole in memory). Hand-edited pages are kept unless named in `force`; a generated page no seed
    makes any more is removed, unless edited by hand. `dry_run`: only report. `hooks`: on_kept and
    on_disk, as sync_pages takes them."""
    if not dry_run:
        remove_stale_temp_files(docs_dir)
    report, seen = sync_pages(docs_dir, pages, force, dry_run, **hooks)
    return remove_stale(docs_dir, seen, report, force, dry_run)


def sync_pages(
    docs_dir: Path,
    pages: Iterable[tuple[str, str]],
    force: frozenset[str] = frozenset(),
    dry_run: bool = False,
    on_kept=None,
    on_disk: Container[str] = (),
) -> tuple[SyncReport, set[str]]:
    """sync() without removing the pages no seed makes any more: (report, the pages given), so
    that each language's pages can be synced in a process of its own. `on_kept(path, edited,
    generated)` is told of every hand-edited page kept, with what the generator would write.
    `on_disk`: pages whose text was read from their file just before it was given here
    (listings.Rendered): unchanged, not read again."""
    report = SyncReport()
    seen: set[str] = set()
    # Pages are written in the background while the next one is made, and replace what docs/ held
    # all at once when the block ends, every one on disk first (store/files.py).
    with WrittenTogether() as writes:
        for rel, text in pages:
            seen.add(rel)
            if rel in on_disk:
                report.unchanged += 1
                continue
            path = docs_dir / rel
            existing = path.read_text(encoding="utf-8") if path.is_file() else None
            verdict = decide(existing, text, rel in force)
            if verdict == "unchanged":
                report.unchanged += 1
            elif verdict == "write":
                report.written.append(rel)
                if existing is None:
                    report.created.append(rel)
                if not dry_run:
                    writes.write(path, text)
            else:
                report.kept_edits.append(rel)
                if verdict == "conflict":
                    report.conflicts.append(rel)
                if on_kept:
                    on_kept(rel, existing, text)
    return report, seen


def merged(reports: Iterable[SyncReport]) -> SyncReport:
    """One report of several syncs of different pages."""
    whole = SyncReport()
    for report in reports:
        for name in ("written", "removed", "kept_edits", "conflicts", "created"):
            getattr(whole, name).extend(getattr(report, name))
        whole.unchanged += report.unchanged
    return whole


def remove_stale(
    docs_dir: Path,
    seen: Container[str],
    report: SyncReport,
    force: frozenset[str] = frozenset(),
    dry_run: bool = False,
) -> SyncReport:
    """The generated pages not in `seen` removed (those edited by hand kept, as conflicts), and the
    report's lists sorted."""
    for rel, existing in generated_pages_on_disk(docs_dir, skip=seen):
        if fingerprint_matches(existing) or rel in force:
            report.removed.append(rel)
            if not dry_run:
                (docs_dir / rel).unlink()
        else:
            report.kept_edits.append(rel)
            report.conflicts.append(rel)  # its seed is gone, but an editor's work is never deleted
    for found in (
        report.written,
        report.created,
        report.removed,
        report.kept_edits,
        report.conflicts,
    ):
        found.sort()
    return report
