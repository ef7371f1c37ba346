"""Cleaning benchmark: how the build cleans real pages and the annotated seeds.

    python benchmarks/cleaning.py [--json OUT] [--pages]

Real-world corpus (tests/corpus/real/, split by site into development and held-out parts): share
of chrome lines removed and of article lines kept, titles, dates (and dates invented), summaries
and ledes made only of article sentences; per split and per language. Then the pages kept with their
HTML, read both ways: the saved text (text path) and the HTML (the path of `digest add URL` and of
HTML seeds), side by side; the HTML path's lines are matched to the labels by content. Pages whose text lives in
../shared/corpus/web/ are skipped, with a message, when it is missing. Then the 26 seeds of
tests/corpus/ written for the tests (a training set: the rules were written looking at them), and
the cleaner's speed (median per seed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import corpus  # noqa: E402
import realcorpus  # noqa: E402


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


def real_corpus() -> tuple[dict, list[dict], list[str]]:
    everything, skipped = realcorpus.pages()
    results = {p.id: realcorpus.score(p) for p in everything}
    table = {}
    for split in ("development", "held-out"):
        part = [results[p.id] for p in everything if realcorpus.is_held_out(p.site) == (split == "held-out")]
        table[split] = realcorpus.totals(part)
        for lang in sorted({r["lang"] for r in part}):
            table[f"{split} {lang}"] = realcorpus.totals([r for r in part if r["lang"] == lang])
    return table, list(results.values()), skipped


def html_vs_text() -> tuple[dict, list[dict]]:
    """The pages kept with their HTML: the text path (the saved text) and the HTML path side by side."""
    everything, _ = realcorpus.pages()
    with_html = [p for p in everything if realcorpus.html_path(p)]
    table, pages = {}, []
    for split in ("development", "held-out"):
        part = [p for p in with_html if realcorpus.is_held_out(p.site) == (split == "held-out")]
        html = [realcorpus.score_html(p) for p in part]
        table[f"{split} text"] = realcorpus.totals([realcorpus.score(p) for p in part])
        table[f"{split} HTML"] = realcorpus.totals(html)
        pages += html
    return table, pages


def median_ms(function, inputs: list) -> float:
    """Median milliseconds of function(x) over the inputs (0 when there are none)."""
    times = []
    for value in inputs:
        started = time.perf_counter()
        function(value)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000 if times else 0.0


def html_speed() -> float:
    """Median ms to read an HTML page (decode, trafilatura, metadata) and clean its text."""
    from digest.ingest.clean import clean
    from digest.ingest.read import seed_from_bytes

    from digest.model import DigestError

    def read_and_clean(page: tuple[str, bytes]) -> None:
        try:
            clean(seed_from_bytes(page[1], f"{page[0]}.html").text)
        except DigestError:  # a page refused (no article in it) costs its reading too
            pass

    pages = [(page.id, path.read_bytes()) for page in realcorpus.pages()[0] if (path := realcorpus.html_path(page))]
    return median_ms(read_and_clean, pages)


def cleaning_speed() -> float:
    from digest.ingest.clean import clean
    from digest.ingest.read import seed_from_bytes

    pages, _ = realcorpus.pages()
    return median_ms(clean, [seed_from_bytes(p.raw, p.id).text for p in pages] + [c.text for c in corpus.cases(holdout=True)])


def print_figures(heading: str, width: int, table: dict, sites: bool) -> None:
    """One row per part of the corpus: pages, lines, chrome removed, article kept, titles, dates, summaries."""
    print(f"{heading:<{width}}{'pages':>6}" + (f"{'sites':>6}" if sites else "") + f"{'chrome':>8}{'removed':>9}{'article':>8}"
          f"{'kept':>8}{'titles':>8}{'dates':>7}{'invented':>9}{'summaries':>10}")
    for name, t in table.items():
        print(f"{name:<{width}}{t['pages']:>6}" + (f"{t['sites']:>6}" if sites else "") + f"{t['chrome_lines']:>8}"
              f"{t['chrome_removed']:>9.1%}{t['article_lines']:>8}{t['article_kept']:>8.1%}{t['titles']:>8.0%}{t['dates']:>7.0%}"
              f"{t['fabricated_dates']:>9}{t['summaries']:>10.0%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--pages", action="store_true",
                        help="one line per development page: what was lost and kept (held-out pages are never listed)")
    args = parser.parse_args(argv)
    table, results, skipped = real_corpus()
    if skipped:
        print(f"{len(skipped)} pages skipped: their text is in ../shared/corpus/web/, which is missing")
    print_figures("real pages", 18, table, sites=True)
    if args.pages:
        for r in sorted(results, key=lambda r: r["id"]):
            if realcorpus.is_held_out(r["site"]):
                continue  # looking at a held-out page one by one is how rules come to fit it
            print(f"{r['id']:<34}D chrome kept {len(r['chrome_kept']):>3}/{r['chrome']:<4}"
                  f" article lost {len(r['article_lost']):>3}/{r['article']:<4} title {'ok' if r['title_ok'] else 'WRONG'}"
                  f" date {'ok' if r['date_ok'] else 'WRONG'} summary {'ok' if r['summary_ok'] else 'WRONG'}")
    side_by_side, html_pages = html_vs_text()
    print()
    print_figures("pages with HTML", 22, side_by_side, sites=False)
    if args.pages:
        for r in sorted(html_pages, key=lambda r: r["id"]):
            if not realcorpus.is_held_out(r["site"]):
                print(f"{r['id']:<34}HTML chrome kept {len(r['chrome_kept']):>3}/{r['chrome']:<4} article lost {len(r['article_lost']):>3}/"
                      f"{r['article']:<4} title {'ok' if r['title_ok'] else 'WRONG'} date {'ok' if r['date_ok'] else 'WRONG'}")
    print()
    main_set, holdout = corpus.cases(), [corpus.load(p) for p in sorted((corpus.CORPUS / "holdout").glob("*.txt"))]
    print(f"{'written seeds':<18}{'seeds':>6}{'removed':>9}{'precision':>11}{'recall':>8}{'titles':>8}{'dates':>7}{'sources':>9}{'fabricated':>11}")
    written = {}
    for name, cases in (("corpus (training)", main_set), ("held-out", holdout)):
        r = written[name] = report(cases)
        print(f"{name:<18}{r['seeds']:>6}{r['lines removed']:>9}{r['precision']:>11.3f}{r['recall']:>8.3f}"
              f"{r['titles']:>8.0%}{r['dates']:>7.0%}{r['sources']:>9.0%}{r['fabricated dates']:>11}")
    speed, html_ms = cleaning_speed(), html_speed()
    print(f"\ncleaning: {speed:.2f} ms per seed (median); an HTML page read and cleaned: {html_ms:.0f} ms (median)")
    if args.json:
        args.json.write_text(json.dumps({"real": table, "written": written, "clean_ms_median": speed, "skipped": skipped,
                                         "html_vs_text": side_by_side, "html_ms_median": html_ms, "pages": results, "html_pages": html_pages}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
