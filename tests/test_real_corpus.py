"""The cleaning gate on real pages (issue 18): held-out figures may not drop below floors pinned
just under the score measured when the learnt cleaner landed (benchmarks/results-cleaning.json).

The English whole pages' texts are in ../shared/corpus/web/ (not in the repository): without it
those pages are skipped and only the figures of the pages kept here are held to their floors."""

from __future__ import annotations

import pytest

import realcorpus

# Held-out floors, a little under the measured figures (2026-12-03, 83 held-out pages, after the
# headline model became a conditional logit: all 92.0% / 99.2% / 80% / 87% / 88%; the 48 Russian
# ones 69.8% / 97.8% / 81% / 90% / 96%). The Russian article floor went down from 0.98: two more of
# its 139 article lines are taken for headlines (guide/internals.md says so); every other floor rose.
FLOORS = {
    None: {"chrome_removed": 0.91, "article_kept": 0.99, "titles": 0.78, "dates": 0.85, "summaries": 0.86},
    "ru": {"chrome_removed": 0.68, "article_kept": 0.97, "titles": 0.79, "dates": 0.88, "summaries": 0.94},
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
# a little under what it measures (2026-12-03, 32 pages: chrome 98.0%, article 99.4%, titles 97%,
# dates 97%, none invented).
HTML_FLOORS = {"chrome_removed": 0.97, "article_kept": 0.99, "titles": 0.95, "dates": 0.95}


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
