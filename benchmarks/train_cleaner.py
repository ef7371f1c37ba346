"""Learn the cleaner's weights (build/digest/ingest/cleaner-weights.json) from the development part of the
real-world corpus (tests/corpus/real/, split by site) and the annotated seeds of tests/corpus/.

    python benchmarks/train_cleaner.py [--write]

Two logistic regressions, fitted by Newton's method with an L2 penalty (numpy): one over line
features (chrome or article, linemodel.FEATURES), one over headline candidates
(linemodel.HEADLINE_FEATURES). The chrome threshold is chosen on out-of-fold probabilities
(5 folds by site), as the lowest that keeps at least 99.5% of the article lines of pages the fold's
model did not see. Held-out pages are never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import corpus  # noqa: E402
import realcorpus  # noqa: E402
from digest.ingest import linemodel  # noqa: E402
from digest.ingest.clean import TITLE, _chrome_rule, classify_by_rules, removed_for_sure  # noqa: E402
from digest.ingest.read import seed_from_bytes  # noqa: E402

ARTICLE_WEIGHT = 4.0  # losing an article line costs more than keeping a line of chrome
KEEP_ARTICLE = 0.995


def development_pages() -> list[tuple[str, str, dict[int, str]]]:
    """(site, text, marks by line number) of every development page."""
    pages, skipped = realcorpus.pages("development")
    if skipped:
        print(f"{len(skipped)} pages skipped: ../shared/corpus/web/ is missing", file=sys.stderr)
    found = [(p.site, seed_from_bytes(p.raw, p.id).text, p.marks) for p in pages]
    found += [(f"written:{c.name}", c.text, c.marks) for c in corpus.cases(holdout=True)]
    return found


def page_rows(text: str, marks: dict[int, str]):
    by_rules = classify_by_rules(text)
    lines = [v.text for v in by_rules]
    rows, block = linemodel.features_of(lines, [_chrome_rule(x) is not None for x in lines],
                                        [not v.kept and v.rule != TITLE for v in by_rules])
    # Lines a rule removes for sure are not the model's to judge: it learns on the others.
    labels = [marks.get(v.number, "?") if not removed_for_sure(v, i, block) else "?" for i, v in enumerate(by_rules)]
    rules_title = next((i for i, v in enumerate(by_rules) if v.rule == TITLE), None)
    sure = {i for i, v in enumerate(by_rules) if removed_for_sure(v, i, block)}
    heads = linemodel.headline_candidates(lines, rows, block, rules_title, sure)
    return rows, labels, heads, [v.number for v in by_rules]


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0, steps: int = 30) -> np.ndarray:
    beta = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (w * (p - y)) + l2 * beta
        hessian = (x * (w * p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def fold_of(site: str) -> int:
    return hashlib.sha256(site.encode()).digest()[1] % 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write build/digest/ingest/cleaner-weights.json")
    args = parser.parse_args(argv)
    xs, ys, sites, hx, hy, hsites = [], [], [], [], [], []
    pages = development_pages()
    for site, text, marks in pages:
        rows, labels, heads, by_rules_numbers = page_rows(text, marks)
        for row, label in zip(rows, labels):
            if label in "+-":
                xs.append([row[name] for name in linemodel.FEATURES])
                ys.append(1.0 if label == "-" else 0.0)
                sites.append(site)
        lines_marks = [marks.get(by_rules_numbers[j], "?") for j, _ in heads]
        for (j, feats), label in zip(heads, lines_marks):
            hx.append([feats[name] for name in linemodel.HEADLINE_FEATURES])
            hy.append(1.0 if label == "T" else 0.0)
            hsites.append(site)
    x, y = np.array(xs), np.array(ys)
    w = np.where(y == 0, ARTICLE_WEIGHT, 1.0)
    folds = np.array([fold_of(s) for s in sites])
    oof = np.zeros(len(y))
    for k in range(5):
        train, test = folds != k, folds == k
        beta = fit(x[train], y[train], w[train])
        oof[test] = 1 / (1 + np.exp(-np.clip(x[test] @ beta, -30, 30)))
    article = oof[y == 0]
    threshold = float(np.quantile(article, KEEP_ARTICLE))  # article lines above it are lost
    threshold = max(threshold, 0.5)
    chrome_removed = float((oof[y == 1] > threshold).mean())
    article_kept = float((article <= threshold).mean())
    print(f"{len(pages)} development pages, {len(y)} lines ({int(y.sum())} chrome); "
          f"out of fold at threshold {threshold:.3f}: chrome removed {chrome_removed:.1%}, article kept {article_kept:.1%}")
    for t in (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, threshold):
        print(f"  threshold {t:.3f}: chrome removed {(oof[y == 1] > t).mean():.1%}, article kept {(article <= t).mean():.2%}")
    beta = fit(x, y, w)
    for name, value in sorted(zip(linemodel.FEATURES, beta), key=lambda pair: -abs(pair[1])):
        print(f"  {name:<20}{value:+.3f}")
    hx_, hy_ = np.array(hx), np.array(hy)
    hbeta = fit(hx_, hy_, np.ones(len(hy_)), l2=0.5)
    print(f"headline: {len(hy_)} candidates, {int(hy_.sum())} headlines")
    for name, value in zip(linemodel.HEADLINE_FEATURES, hbeta):
        print(f"  {name:<20}{value:+.3f}")
    if args.write:
        data = {
            "about": "Learnt by benchmarks/train_cleaner.py from the development part of tests/corpus/real/ and tests/corpus/; "
                     "do not edit by hand.",
            "development_pages": len(pages), "lines": len(y),
            "out_of_fold": {"chrome_removed": round(chrome_removed, 4), "article_kept": round(article_kept, 4)},
            "threshold": round(threshold, 4),
            "weights": {name: round(float(v), 4) for name, v in zip(linemodel.FEATURES, beta)},
            "headline": {"threshold": 0.3, "weights": {name: round(float(v), 4) for name, v in zip(linemodel.HEADLINE_FEATURES, hbeta)}},
        }
        linemodel.WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {linemodel.WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
