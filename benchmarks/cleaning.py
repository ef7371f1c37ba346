"""Cleaning benchmark: line-level precision and recall of removal, title, date and source
accuracy on the annotated corpus in tests/corpus/ (and its held-out part), as in the README.

    python benchmarks/cleaning.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import corpus  # noqa: E402


def report(cases: list) -> dict:
    tp = fp = fn = titles = dates = sources = fabricated = 0
    for case in cases:
        r = corpus.score(case)
        tp, fp, fn = tp + r["tp"], fp + len(r["fp"]), fn + len(r["fn"])
        titles, dates, sources = titles + r["title_ok"], dates + r["date_ok"], sources + r["source_ok"]
        fabricated += r["fabricated_date"]
    n = len(cases)
    return {"seeds": n, "lines removed": tp + fn, "precision": tp / (tp + fp), "recall": tp / (tp + fn),
            "titles": titles / n, "dates": dates / n, "sources": sources / n, "fabricated dates": fabricated}


def main() -> int:
    main_set = corpus.cases()
    holdout = [corpus.load(p) for p in sorted((corpus.CORPUS / "holdout").glob("*.txt"))]
    print(f"{'set':<10}{'seeds':>6}{'removed':>9}{'precision':>11}{'recall':>8}{'titles':>8}{'dates':>7}{'sources':>9}{'fabricated':>11}")
    for name, cases in (("corpus", main_set), ("held-out", holdout)):
        r = report(cases)
        print(f"{name:<10}{r['seeds']:>6}{r['lines removed']:>9}{r['precision']:>11.3f}{r['recall']:>8.3f}"
              f"{r['titles']:>8.0%}{r['dates']:>7.0%}{r['sources']:>9.0%}{r['fabricated dates']:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
