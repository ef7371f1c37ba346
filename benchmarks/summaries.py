"""Summary benchmark: our summaries vs Lead-3 vs sumy's LexRank, scored in one process.

Protocol (../shared/eval/README.md): ROUGE-1/2/L F1 per document, averaged; lowercase; tokens =
Unicode word characters, Snowball-stemmed (English or Russian); ROUGE-L summary-level (rougeLsum)
with one sentence per line. Every method gets the same sentence splitter. Time: best of REPEATS
passes per method, each from cold caches, the methods taking turns; wall clock and CPU time.

    pip install -e '.[bench]'
    python benchmarks/summaries.py [--limit N] [--json OUT]

The data lives in ../shared/eval/ beside the repository; without it the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from pathlib import Path

from digest.ingest.clean import TITLE, _chrome_rule, clean
from digest.text.dates import dateline_date
from digest.text.lang import _STEMS, STOP_WORDS, split_sentences, stems, words
from digest.enrich.summarize import DEFAULT_WORD_BUDGET, summarize, summarize_text

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
# Lead-3 averages 76 words on CNN/DM; with an 85-word cap ours average 71, still shorter.
MATCHED_BUDGET = 85
REPEATS = 5
SETS = {"cnndm_test_443.jsonl": "en", "ru_mlsum_smoke_15.jsonl": "ru"}


class StemmingTokenizer:
    """rouge-score tokenizer: \\w+ tokens, lowercased, Snowball-stemmed (its default drops Cyrillic)."""

    def __init__(self, lang: str):
        self.lang = lang

    def tokenize(self, text: str) -> list[str]:
        return stems(text, self.lang)


def document_sentences(text: str) -> list[str]:
    return [s for line in text.split("\n") if line.strip() for s in split_sentences(line.strip())]


def lead3(text: str, lang: str) -> list[str]:
    return document_sentences(text)[:3]


def make_lexrank(lang: str):
    from sumy.nlp.stemmers import Stemmer as SumyStemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Tokenizer:  # sumy's own tokenizer needs NLTK data downloaded from the internet
        language = "russian" if lang == "ru" else "english"

        def to_sentences(self, paragraph: str) -> list[str]:
            return split_sentences(paragraph)

        def to_words(self, sentence: str) -> list[str]:
            return _WORD.findall(sentence)

    language = "russian" if lang == "ru" else "english"
    summarizer = LexRankSummarizer(SumyStemmer(language))
    # sumy ships no Russian stop list: give it ours
    summarizer.stop_words = get_stop_words(language) if lang == "en" else frozenset(STOP_WORDS["ru"])

    def lexrank(text: str, _lang: str) -> list[str]:
        parser = PlaintextParser.from_string(text, Tokenizer())
        return [str(s) for s in summarizer(parser.document, 3)]

    return lexrank


_WORD = re.compile(r"\w+")


def ours_with(budget: int):
    def ours(text: str, lang: str) -> list[str]:
        return list(summarize_text(text, lang, budget=budget))

    return ours


def summarizer_only(budget: int):
    """Ours with the cleaning step (chrome and headline removal, clean()) done before the clock starts:
    the site build cleans each article once for every stage and then calls summarize() on the paragraphs
    the model is surest are the article's (summary_source).
    Same summaries as ours_with(budget)."""

    def prepare(text: str) -> tuple[tuple[str, ...], str]:
        cleaned = clean(text)
        return cleaned.summary_source, next((v.text for v in cleaned.verdicts if v.rule == TITLE), "")

    def ours(prepared: tuple[tuple[str, ...], str], lang: str) -> list[str]:
        paragraphs, title = prepared
        return list(summarize(paragraphs, lang, title, budget))

    ours.prepare = prepare
    return ours


def lead_within(budget: int):
    """Leading sentences while they fit the word budget: Lead-3 at the length our pages show."""

    def lead(text: str, lang: str) -> list[str]:
        chosen, used = [], 0
        for sentence in document_sentences(text):
            length = len(words(sentence))
            if chosen and used + length > budget:
                break
            chosen.append(sentence)
            used += length
            if len(chosen) == 3:
                break
        return chosen

    return lead


def clear_caches() -> None:
    """Every method starts cold: no sentence splits or stems left over from another method."""
    split_sentences.cache_clear()
    _chrome_rule.cache_clear()
    dateline_date.cache_clear()
    for cache in _STEMS.values():
        cache.clear()


def timed_summaries(rows: list[dict], methods: dict, lang: str) -> tuple[dict[str, tuple[float, float]], dict[str, list]]:
    """Seconds per pass over `rows`, wall clock and CPU (each the best of REPEATS), and the summaries, per method.

    Every pass starts from cold caches (no sentence splits or stems left over from another method or
    pass); the passes go round-robin over the methods, so a burst of load on a shared machine hits all
    of them alike. CPU time (this process; every method here runs on one thread) leaves out the time
    another job on the machine holds the core, which best-of-N wall time forgives a short pass more
    readily than a long one. A method with a `prepare` step (ours without cleaning) gets its input
    prepared before the clock starts.
    """
    inputs = {label: [getattr(method, "prepare", lambda text: text)(row["text"]) for row in rows] for label, method in methods.items()}
    wall, cpu = dict.fromkeys(methods, math.inf), dict.fromkeys(methods, math.inf)
    summaries: dict[str, list] = {}
    for _ in range(REPEATS):
        for label, method in methods.items():
            clear_caches()
            started, started_cpu = time.perf_counter(), time.process_time()
            summaries[label] = [method(text, lang) for text in inputs[label]]
            wall[label] = min(wall[label], time.perf_counter() - started)
            cpu[label] = min(cpu[label], time.process_time() - started_cpu)
    return {label: (wall[label], cpu[label]) for label in methods}, summaries


def score(rows: list[dict], summaries: list[list[str]], elapsed: tuple[float, float], lang: str) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], tokenizer=StemmingTokenizer(lang))
    totals = {"rouge1": [], "rouge2": [], "rougeLsum": []}
    lengths = [sum(len(words(s)) for s in summary) for summary in summaries]
    for row, summary in zip(rows, summaries):
        reference = "\n".join(document_sentences(row["summary"]))
        result = scorer.score(reference, "\n".join(summary))
        for key, values in totals.items():
            values.append(result[key].fmeasure)
    return {
        "R-1": 100 * statistics.mean(totals["rouge1"]),
        "R-2": 100 * statistics.mean(totals["rouge2"]),
        "R-L": 100 * statistics.mean(totals["rougeLsum"]),
        "ms/doc": 1000 * elapsed[0] / len(rows),
        "cpu ms/doc": 1000 * elapsed[1] / len(rows),
        "words": statistics.mean(lengths),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="score only the first N rows of each set")
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"benchmark data not found at {EVAL}: it lives in ../shared/eval beside the repository; nothing to score")
        return 0
    results = {}
    for name, lang in SETS.items():
        rows = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = rows[: args.limit] if args.limit else rows
        ours, unclean = f"digest ({DEFAULT_WORD_BUDGET} words)", f"digest ({DEFAULT_WORD_BUDGET}) no clean"
        methods = {
            ours: ours_with(DEFAULT_WORD_BUDGET),
            unclean: summarizer_only(DEFAULT_WORD_BUDGET),
            f"digest ({MATCHED_BUDGET} words)": ours_with(MATCHED_BUDGET),
            "Lead-3": lead3,
            f"Lead ({DEFAULT_WORD_BUDGET} words)": lead_within(DEFAULT_WORD_BUDGET),
            "LexRank (sumy)": make_lexrank(lang),
        }
        elapsed, summaries = timed_summaries(rows, methods, lang)
        assert summaries[unclean] == summaries[ours], "summarize() on cleaned paragraphs must equal summarize_text()"
        print(f"\n{name}: {len(rows)} documents ({lang}), best of {REPEATS} passes each")
        print(f"{'method':<20}{'R-1':>7}{'R-2':>7}{'R-L':>7}{'ms/doc':>9}{'cpu ms':>8}{'words':>7}")
        for label in methods:
            figures = score(rows, summaries[label], elapsed[label], lang)
            results[f"{name}/{label}"] = figures
            print(f"{label:<20}{figures['R-1']:7.2f}{figures['R-2']:7.2f}{figures['R-L']:7.2f}{figures['ms/doc']:9.2f}"
                  f"{figures['cpu ms/doc']:8.2f}{figures['words']:7.1f}")
        lexrank = results[f"{name}/LexRank (sumy)"]
        speedup = {clock: lexrank[clock] / results[f"{name}/{ours}"][clock] for clock in ("ms/doc", "cpu ms/doc")}
        alone = {clock: lexrank[clock] / results[f"{name}/{unclean}"][clock] for clock in ("ms/doc", "cpu ms/doc")}
        print(f"digest is {speedup['ms/doc']:.1f}x the speed of sumy's LexRank per document ({speedup['cpu ms/doc']:.1f}x in CPU time); "
              f"the summarizer alone, without the cleaning step: {alone['ms/doc']:.1f}x ({alone['cpu ms/doc']:.1f}x in CPU time)")
        results[f"{name}/speedup vs LexRank"] = {"x": speedup["ms/doc"], "x cpu": speedup["cpu ms/doc"]}
        results[f"{name}/speedup vs LexRank, summarizer alone"] = {"x": alone["ms/doc"], "x cpu": alone["cpu ms/doc"]}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
