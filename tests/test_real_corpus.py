"""The cleaning gate on real pages (issue 18): held-out figures may not drop below floors pinned
just under the score measured when the learnt cleaner landed (benchmarks/results-cleaning.json).

The English whole pages' texts are in ../shared/corpus/web/ (not in the repository): without it
those pages are skipped and only the figures of the pages kept here are held to their floors."""

from __future__ import annotations

import pytest

import realcorpus

# Held-out floors, a little under the measured figures (2026-12-04, 129 held-out pages: the corpus
# grew by 45 English whole pages and 78 Russian beginnings, and the cleaner was retrained on the
# development part; all 93.1% / 98.8% / 78% / 85% / 88%, the 79 Russian ones 72.9% / 96.9% / 82% /
# 90% / 92%). Not comparable with the floors before (83 pages): on the same 129 pages the cleaner
# before the retrain scored 91.9% / 99.1% / 81% / 86% / 88% with one date invented
# (benchmarks/results-cleaning-2026-12-04-before-retrain.json; guide/internals.md says what fell).
# Re-pinned where the held-out figures rose (2026-12-06, one declared look after the summary rules
# and the chrome rules of that day, tuned on the development part only): chrome 93.1 -> 93.8%,
# summaries 88 -> 91%; Russian chrome 72.9 -> 76.3%, summaries 92 -> 95%; the rest unchanged.
# Re-pinned again (2026-12-07, one declared look after the author, one-word and site-address rules,
# tuned on the development part only): chrome 93.8 -> 94.0%, Russian chrome 76.3 -> 78.6%; one
# Russian article line more lost (kept 96.9 -> 96.5%, floor unchanged); the rest unchanged.
FLOORS = {
    None: {"chrome_removed": 0.935, "article_kept": 0.98, "titles": 0.76, "dates": 0.83, "summaries": 0.89},
    "ru": {"chrome_removed": 0.78, "article_kept": 0.96, "titles": 0.80, "dates": 0.88, "summaries": 0.93},
}


def test_every_label_file_is_valid():
    problems = []
    for path in [*realcorpus.label_files(), *realcorpus.label_files("pending")]:
        page = realcorpus.load(path)
        if page is not None:
            problems += [f"{path.name}: {p}" for p in realcorpus.problems(page)]
    assert problems == []


def test_the_corpus_is_split_by_site():
    pages, _ = realcorpus.pages()
    held = {p.site for p in pages if realcorpus.is_held_out(p.site)}
    development = {p.site for p in pages if not realcorpus.is_held_out(p.site)}
    assert held and development and not held & development
    assert len([p for p in pages if realcorpus.is_held_out(p.site)]) >= 25  # the Russian part alone, without ../shared


@pytest.mark.parametrize("lang", [None, "ru"], ids=["all", "ru"])
def test_held_out_figures_stay_above_their_floors(lang):
    pages, skipped = realcorpus.pages("held-out")
    if lang is None and skipped:
        pytest.skip(f"{len(skipped)} pages need ../shared/corpus/web/, which is missing: the figure over all pages is not comparable")
    results = [realcorpus.score(p) for p in pages if lang is None or p.lang == lang]
    figures = realcorpus.totals(results)
    assert figures["fabricated_dates"] == 0, [r["id"] for r in results if r["fabricated_date"]]
    low = {name: round(figures[name], 4) for name, floor in FLOORS[lang].items() if figures[name] < floor}
    assert low == {}, f"held-out figures below their floors {FLOORS[lang]}: {low}"


def test_the_whole_corpus_when_shared_is_here():
    pages, skipped = realcorpus.pages()
    if skipped:
        pytest.skip(f"{len(skipped)} pages need ../shared/corpus/web/, which is missing")
    assert len(pages) >= 120 and len({p.site for p in pages}) >= 60
    assert sum(p.lang == "ru" for p in pages) >= 0.6 * len(pages)
    assert sum(p.header.get("kind") == "whole" for p in pages) >= 30


# The HTML path (HTML seeds, `digest add URL`) on the held-out pages kept with their HTML (issue 20),
# a little under what it measures (2026-12-04, 47 pages: chrome 98.1%, article 98.9%, titles 98%,
# dates 94%, none invented; on the 32 pages of 2026-12-03: 98.0 / 99.4 / 97% / 97%).
HTML_FLOORS = {"chrome_removed": 0.97, "article_kept": 0.985, "titles": 0.96, "dates": 0.92}


def test_held_out_html_figures_stay_above_their_floors():
    pages, skipped = realcorpus.pages("held-out")
    with_html = [p for p in pages if realcorpus.html_path(p)]
    if skipped or not with_html:
        pytest.skip(f"{len(skipped)} pages need ../shared/corpus/web/ (the HTML of most pages is there), which is missing")
    results = [realcorpus.score_html(p) for p in with_html]
    figures = realcorpus.totals(results)
    assert figures["fabricated_dates"] == 0, [r["id"] for r in results if r["fabricated_date"]]
    low = {name: round(figures[name], 4) for name, floor in HTML_FLOORS.items() if figures[name] < floor}
    assert low == {}, f"held-out HTML figures below their floors {HTML_FLOORS}: {low}"
