"""Learn the cleaner's weights (build/digest/ingest/cleaner-weights.json) from the development part of the
real-world corpus (tests/corpus/real/, split by site) and the annotated seeds of tests/corpus/.

    python benchmarks/train_cleaner.py [--write | --write-headline]

Fitted by Newton's method with an L2 penalty (numpy): a logistic regression over line features
(chrome or article, linemodel.FEATURES), and a conditional logit over each page's headline
candidates (linemodel.HEADLINE_FEATURES: which of them is the headline, or none). The chrome threshold is chosen on out-of-fold probabilities
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
from digest.ingest.clean import TITLE, _chrome_rule, as_cleaned, classify, classify_by_rules, not_headlines, removed_for_sure  # noqa: E402
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
    sure = not_headlines(by_rules, block)
    heads = linemodel.headline_candidates(lines, rows, block, rules_title, sure)
    return rows, labels, heads, [v.number for v in by_rules], lines


def reassembled(text: str, marks: dict[int, str]) -> tuple[str, dict[int, str]]:
    """The page as cleaning it leaves it (headline and dateline first, then the kept lines: what
    classify() judges again, and what a second cleaning reads), with the labels of those lines."""
    survivors = as_cleaned(classify(text))
    return "\n".join(v.text for v in survivors), {n: marks.get(v.number, "?") for n, v in enumerate(survivors, 1)}


def headline_group(text: str, marks: dict[int, str]) -> tuple[np.ndarray, int] | None:
    """A page's headline candidates and which of them is the headline (-1: none), or None when the
    page has a headline and no candidate is it."""
    _, _, heads, numbers, lines = page_rows(text, marks)
    # a headline printed twice is one candidate: whichever copy the labels mark
    headlines = {line for line, number in zip(lines, numbers) if marks.get(number) == "T"}
    candidate_marks = ["T" if lines[j] in headlines else marks.get(numbers[j], "?") for j, _ in heads]
    if not heads or ("T" in marks.values() and "T" not in candidate_marks):
        return None
    x = np.array([[feats[name] for name in linemodel.HEADLINE_FEATURES] for _, feats in heads])
    return x, candidate_marks.index("T") if "T" in candidate_marks else -1


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


def fit_choice(groups: list[tuple[np.ndarray, int]], l2: float = 3, steps: int = 50) -> np.ndarray:
    """A conditional logit by Newton's method: in each group (a page's headline candidates, and the
    index of the headline among them, -1 when the page has none) one option is chosen, each with
    probability exp(x @ beta) / (1 + sum over the group), the 1 being "no headline" (score 0)."""
    beta = np.zeros(groups[0][0].shape[1])
    for _ in range(steps):
        gradient, hessian = l2 * beta, l2 * np.eye(len(beta))
        for x, chosen in groups:
            u = np.clip(x @ beta, -30, 30)
            e = np.exp(u - u.max())
            p = e / (np.exp(-u.max()) + e.sum())
            y = np.zeros(len(p))
            if chosen >= 0:
                y[chosen] = 1.0
            mean = p @ x
            gradient += x.T @ (p - y)
            hessian += (x * p[:, None]).T @ x - np.outer(mean, mean)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def choice_right(x: np.ndarray, chosen: int, beta: np.ndarray, margin: float = 0.0) -> bool:
    u = x @ beta
    return (int(u.argmax()) if u.max() > margin else -1) == chosen


def fold_of(site: str) -> int:
    return hashlib.sha256(site.encode()).digest()[1] % 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write build/digest/ingest/cleaner-weights.json")
    parser.add_argument("--write-headline", action="store_true",
                        help="write only the headline model's weights, keeping the line model's")
    args = parser.parse_args(argv)
    xs, ys, sites, hx, hy, hsites = [], [], [], [], [], []
    # page forms left out of the choice: with a headline that is not among the candidates (wrong),
    # with neither a headline nor a candidate (right: the title is generated)
    missed = unchosen = 0
    pages = development_pages()
    for site, text, marks in pages:
        rows, labels, *_ = page_rows(text, marks)
        for row, label in zip(rows, labels):
            if label in "+-":
                xs.append([row[name] for name in linemodel.FEATURES])
                ys.append(1.0 if label == "-" else 0.0)
                sites.append(site)
        # The headline is chosen on the whole page, and again on what cleaning leaves of it (until
        # the choice holds): the model learns on both.
        for form in ((text, marks), reassembled(text, marks)):
            group = headline_group(*form)
            if group is None:
                missed += "T" in form[1].values()
                unchosen += "T" not in form[1].values()
            else:
                hx.append(group[0])
                hy.append(group[1])
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
    groups = list(zip(hx, hy))
    hfolds = np.array([fold_of(s) for s in hsites])
    # "No headline" wins unless the best candidate's score passes a margin: the highest margin
    # among those with the most right choices out of fold (a line of the text taken for a headline
    # is lost to the text; a generated title loses nothing).
    margins = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
    right = dict.fromkeys(margins, 0)
    for k in range(5):
        beta_k = fit_choice([g for g, f in zip(groups, hfolds) if f != k])
        for m in margins:
            right[m] += sum(choice_right(x, c, beta_k, m) for (x, c), f in zip(groups, hfolds) if f == k)
    margin = max(margins, key=lambda m: (right[m], m))
    hbeta = fit_choice(groups)
    print(f"headline: {len(groups)} pages with the headline among the candidates or none; out of fold, the right "
          f"choice at margins {', '.join(f'{m}: {right[m] / len(groups):.1%}' for m in margins)}; chosen {margin}; "
          f"in sample {np.mean([choice_right(x, c, hbeta, margin) for x, c in groups]):.1%}; "
          f"{missed} more with a headline not among the candidates, {unchosen} with neither: out of fold, right on "
          f"{(right[margin] + unchosen) / (len(groups) + missed + unchosen):.1%} of {len(groups) + missed + unchosen}")
    for name, value in zip(linemodel.HEADLINE_FEATURES, hbeta):
        print(f"  {name:<20}{value:+.3f}")
    headline_model = {"threshold": margin, "weights": {name: round(float(v), 4) for name, v in zip(linemodel.HEADLINE_FEATURES, hbeta)}}
    if args.write_headline:
        data = json.loads(linemodel.WEIGHTS_FILE.read_text(encoding="utf-8")) | {"headline": headline_model}
        linemodel.WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote the headline model to {linemodel.WEIGHTS_FILE}")
    if args.write:
        data = {
            "about": "Learnt by benchmarks/train_cleaner.py from the development part of tests/corpus/real/ and tests/corpus/; "
                     "do not edit by hand.",
            "development_pages": len(pages), "lines": len(y),
            "out_of_fold": {"chrome_removed": round(chrome_removed, 4), "article_kept": round(article_kept, 4)},
            "threshold": round(threshold, 4),
            "weights": {name: round(float(v), 4) for name, v in zip(linemodel.FEATURES, beta)},
            "headline": headline_model,
        }
        linemodel.WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {linemodel.WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
