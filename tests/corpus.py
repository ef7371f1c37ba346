"""The annotated cleaning corpus (tests/corpus/): parse it and score the cleaner on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from digest.ingest.clean import clean
from digest.ingest.meta import extract

CORPUS = Path(__file__).resolve().parent / "corpus"
REMOVED_MARKS = ("T", "D", "-")


@dataclass
class Case:
    name: str
    text: str
    marks: dict[int, str]  # line number -> T, D, - or +
    expect: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        if "title" in self.expect:
            return self.expect["title"]
        line = next(n for n, m in self.marks.items() if m == "T")
        return self.text.split("\n")[line - 1].rstrip(".")


def load(path: Path) -> Case:
    lines, marks, expect = [], {}, {}
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if raw.startswith("@"):
            key, _, value = raw[1:].partition(":")
            expect[key.strip()] = value.strip()
        elif raw[1:3] == "| ":
            lines.append(raw[3:])
            marks[len(lines)] = raw[0]
        elif not raw.strip():
            lines.append("")
        else:
            raise ValueError(f"{path.name}: unmarked line {raw!r}")
    return Case(path.stem, "\n".join(lines) + "\n", marks, expect)


def cases(holdout: bool = False) -> list[Case]:
    """The corpus; with `holdout`, also the seeds written after the rules, to check they generalise."""
    paths = sorted(CORPUS.glob("*.txt")) + (sorted((CORPUS / "holdout").glob("*.txt")) if holdout else [])
    return [load(p) for p in paths]


def score(case: Case) -> dict:
    cleaned = clean(case.text)
    meta = extract(cleaned)
    removed = {v.number for v in cleaned.verdicts if not v.kept}
    expected = {n for n, m in case.marks.items() if m in REMOVED_MARKS}
    date = case.expect.get("date", "none")
    return {
        "tp": len(removed & expected),
        "fp": sorted(removed - expected),
        "fn": sorted(expected - removed),
        "title_ok": meta.title == case.title and meta.title_generated == (case.expect.get("generated") == "true"),
        "title": meta.title,
        "date_ok": (meta.published or "none") == date,
        "date": meta.published,
        "fabricated_date": date == "none" and meta.published is not None,
        "source_ok": "source" not in case.expect or meta.source == case.expect["source"],
        "source": meta.source,
    }


def evaluate() -> dict:
    results = {case.name: score(case) for case in cases()}
    tp = sum(r["tp"] for r in results.values())
    fp = sum(len(r["fp"]) for r in results.values())
    fn = sum(len(r["fn"]) for r in results.values())
    n = len(results)
    return {
        "seeds": n,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "titles": sum(r["title_ok"] for r in results.values()) / n,
        "dates": sum(r["date_ok"] for r in results.values()) / n,
        "sources": sum(r["source_ok"] for r in results.values()) / n,
        "fabricated_dates": sum(r["fabricated_date"] for r in results.values()),
        "cases": results,
    }
