"""Pure extractive summaries: paragraphs -> two or three whole sentences, in source order.

Each sentence is scored by its position (news puts the point first), its centrality (stem overlap
with the whole article) and its overlap with the title; sentences are then taken best first under
a word budget, skipping near-repeats, fragments and sentences that open on an unresolved pronoun.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from digest.text import dates
from digest.text.lang import content_stems, quotes_balanced, split_sentences, words

DEFAULT_WORD_BUDGET = 60

# A sentence opening on one of these refers back to something the summary may not contain.
_DANGLING_OPENERS = {
    "en": {
        "he",
        "she",
        "it",
        "they",
        "this",
        "these",
        "those",
        "that",
        "his",
        "her",
        "its",
        "their",
        "there",
        "but",
        "however",
        "also",
        "and",
        "so",
        "then",
        "such",
        "both",
        "another",
        "meanwhile",
        "moreover",
        "furthermore",
        "besides",
        "still",
        "yet",
        "thus",
        "therefore",
        "hence",
        "here",
        "we",
        "our",
        "us",
    },
    "ru": {
        "он",
        "она",
        "оно",
        "они",
        "его",
        "ее",
        "её",
        "их",
        "это",
        "этот",
        "эта",
        "эти",
        "этого",
        "этой",
        "этим",
        "такой",
        "такая",
        "такие",
        "таким",
        "там",
        "тогда",
        "но",
        "однако",
        "также",
        "кроме",
        "при",
        "поэтому",
        "здесь",
        "тот",
        "та",
        "те",
        "то",
        "в",
        "и",
        "а",
        "же",
        "ведь",
        "зато",
        "так",
        "тем",
        "мы",
        "наш",
        "нам",
    },
}
_DANGLING_PHRASES = {
    "ru": (
        "в том числе",
        "при этом",
        "кроме того",
        "в то же время",
        "в этом",
        "в результате",
        "для этого",
        "в связи с этим",
    ),
    "en": (
        "in addition",
        "at the same time",
        "as a result",
        "for example",
        "of course",
        "in this regard",
        "to do this",
        "to support this",
        "in order to do this",
        "on the other hand",
        "in turn",
    ),
}
_FIRST_PERSON = {
    "en": {"i", "we", "my", "our", "us", "me"},
    "ru": {"я", "мы", "наш", "наша", "наши", "нам", "нас", "мне", "меня"},
}
_EARLY_PRONOUNS = {
    "en": {"it", "he", "she", "they", "these", "this"},
    "ru": {"он", "она", "оно", "они"},
}
_SPEAKER_PREFIX = re.compile(r"^[A-ZА-ЯЁ][\w.\- ]{2,40}:\s")
_CREDIT_OR_DATELINE = re.compile(
    r"^(?i:photo|фото|source|источник|автор|\(?cnn\)?\s*[-—–]|.{0,40}\(cnn\)\s*[-—–])|"
    # a byline, not "By the end of 2027, …"
    r"^(?i:by)\s+[A-ZА-ЯЁ][\w'.-]+(\s+[A-ZА-ЯЁ][\w'.-]+){0,3}\s*([,|•]|$|(?i:and)\s)",
)
# a time stamp, when short: "Updated on September 19 at 3:15 p.m.", «Обновлено 5 марта в 10:15»
_TIMESTAMP = re.compile(
    r"^(?i:updated|last updated|published|posted|обновлено|опубликовано)\b:?(\s+\w+){0,2}\s+\d"
)
# Reported speech whose speaker is in an earlier sentence: never a summary's opening, even the
# text's first.
_SPEAKER_MISSING = {
    "en": (
        "according to him",
        "according to her",
        "according to them",
        "he said",
        "she said",
        "he added",
        "she added",
        "he noted",
        "she noted",
    ),
    "ru": (
        "по его словам",
        "по её словам",
        "по ее словам",
        "по их словам",
        "по словам которого",
        "как он",
        "как она",
        "как они",
        "он отметил",
        "она отметила",
        "он добавил",
        "она добавила",
        "он подчеркнул",
        "она подчеркнула",
    ),
}


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of two binary bags."""
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def eligibility(
    text: str, tokens: list[str], lang: str, is_first: bool, alone: bool = False
) -> tuple[bool, str]:
    """Whether a sentence may stand in a summary, and why not.

    A sentence whose opening refers back (a pronoun, "However", «Кроме того») is eligible only
    together with the sentence before it: its `why` then starts with NEEDS_PREVIOUS. `alone`: the
    sentence is its paragraph's only one (a line with no final stop is then a heading or a label).
    """
    if len(tokens) < 5:
        return False, "too short"
    if text[:1].islower() or text[:1] in "-–—,;:)»”":
        return False, "fragment"
    if not quotes_balanced(text):
        return False, "part of a quotation"
    if text.rstrip()[-1:] in ":,;" or text.rstrip().endswith("?"):
        return False, "not a statement"
    if alone and text.rstrip(_CLOSERS)[-1:] not in ".!…":
        return False, "a heading or a label, not a sentence"
    if _CREDIT_OR_DATELINE.match(text) or dates.dateline_date(text) is not None:
        return False, "credit or dateline"
    if len(tokens) <= 10 and (_TIMESTAMP.match(text) or dates.lead_date(text) is not None):
        return False, "a time stamp or a dateline"
    if _SPEAKER_PREFIX.match(text) and len(tokens) < 12:
        return False, "speaker's greeting or aside"
    opener = tokens[0]
    lowered = text.lower()
    if lowered.startswith(_SPEAKER_MISSING[lang]):
        return (
            (True, f"{NEEDS_PREVIOUS}: reported speech whose speaker came before")
            if not is_first
            else (False, "reported speech without its speaker")
        )
    if not is_first and (
        opener in _DANGLING_OPENERS[lang] or lowered.startswith(_DANGLING_PHRASES[lang])
    ):
        return True, f"{NEEDS_PREVIOUS}: opens on «{opener}»"
    early_pronoun = _EARLY_PRONOUNS[lang] & set(tokens[:6])
    if not is_first and early_pronoun:
        return True, f"{NEEDS_PREVIOUS}: «{min(early_pronoun)}» near the start refers back"
    return True, ""


NEEDS_PREVIOUS = "only after the sentence before it"
# what may follow a sentence's final stop: closing quotes and brackets (and an opening quote of
# the next sentence that the splitter left behind: "… opportunity. ‘")
_CLOSERS = "\"'»”’‘“)] \t\n"


@dataclass(frozen=True)
class Weights:
    """How a sentence is scored; the defaults are the ones measured in benchmarks/summaries.py."""

    position: float = 1.0
    position_decay: float = 1.0  # position prior = 1 / (1 + index) ** decay
    centrality: float = 0.3
    title: float = 0.3
    first_person: float = 0.6  # multiplier for sentences in the first person
    redundancy: float = 0.6  # cosine above which a sentence repeats a chosen one
    min_relative_score: float = (
        0.2  # a sentence scoring below this share of the best is never chosen
    )


DEFAULT_WEIGHTS = Weights()


class Candidate(NamedTuple):
    # The field shadows tuple.index; explain.py and the ranking read it by this name.
    index: int  # type: ignore[assignment]  # position among all sentences of the article
    text: str
    paragraph: int
    score: float
    tokens: list[str]  # lowercased words
    bag: frozenset[str]  # content-word stems


def candidates(
    paragraphs: tuple[str, ...] | list[str],
    lang: str,
    title: str = "",
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Candidate]:
    """Every sentence with its score."""
    sentences = [
        (p, s)
        for p, paragraph in enumerate(paragraphs)
        # an agency's dateline («МОСКВА, 5 дек — РИА Новости.») is no part of the lead's sentence
        for s in split_sentences(paragraph[dates.agency_dateline(paragraph) :])
    ]
    if not sentences:
        return []
    tokens = [words(s) for _, s in sentences]
    title_tokens = words(title)
    # One vocabulary for the sentences and the title: one pass over the stem cache per article.
    stem = content_stems(set(title_tokens).union(*tokens), lang).get
    bags = [frozenset(filter(None, map(stem, words_))) for words_ in tokens]
    title_bag = frozenset(filter(None, map(stem, title_tokens)))
    document = Counter(chain.from_iterable(bags))  # in how many sentences each stem occurs
    document_norm = math.hypot(*document.values()) or 1.0
    count = document.__getitem__
    first_person = _FIRST_PERSON[lang]
    position, decay, centrality_weight, title_weight = (
        weights.position,
        weights.position_decay,
        weights.centrality,
        weights.title,
    )
    sqrt, new = math.sqrt, tuple.__new__
    result: list[Candidate] = []
    append = result.append
    for index, ((paragraph, text), words_, bag) in enumerate(
        zip(sentences, tokens, bags, strict=True)
    ):
        # the same arithmetic, in the same order, as _overlap and the weighted sum: scores stay
        # bit-identical
        if bag:
            centrality = sum(map(count, bag)) / (sqrt(len(bag)) * document_norm)
            title_overlap = (
                len(bag & title_bag) / sqrt(len(bag) * len(title_bag)) if title_bag else 0.0
            )
        else:
            centrality = title_overlap = 0.0
        score = (
            position / (1 + index) ** decay
            + centrality_weight * centrality
            + title_weight * title_overlap
        )
        if not first_person.isdisjoint(words_):
            score *= weights.first_person  # speech in the first person rarely stands alone
        append(
            new(Candidate, (index, text, paragraph, score, words_, bag))
        )  # Candidate(...) minus a Python-level call
    return result


def choose(
    cands: list[Candidate],
    lang: str,
    budget: int = DEFAULT_WORD_BUDGET,
    max_sentences: int = 3,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Candidate]:
    """Best first under the word budget, eligible, no near-repeats; returned in source order."""
    chosen: list[Candidate] = []
    used = 0
    ranked = sorted(cands, key=lambda c: (-c.score, c.index))
    floor = ranked[0].score * weights.min_relative_score if ranked else 0.0
    sentences_in = Counter(c.paragraph for c in cands)
    for cand in ranked:
        length = len(cand.tokens)
        if cand.score < floor:
            break
        if chosen and used + length > budget:
            continue
        eligible, why = eligibility(
            cand.text, cand.tokens, lang, cand.index == 0, sentences_in[cand.paragraph] == 1
        )
        if not eligible or (
            why.startswith(NEEDS_PREVIOUS) and not any(c.index == cand.index - 1 for c in chosen)
        ):
            continue
        if any(
            cand.text == c.text or _overlap(cand.bag, c.bag) > weights.redundancy for c in chosen
        ):
            continue
        chosen.append(cand)
        used += length
        if len(chosen) == max_sentences:
            break
    if not chosen and cands:  # nothing eligible: the first sentence rather than nothing
        chosen = [cands[0]]
    return sorted(chosen, key=lambda c: c.index)


def summarize(
    paragraphs: tuple[str, ...] | list[str],
    lang: str,
    title: str = "",
    budget: int = DEFAULT_WORD_BUDGET,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[str, ...]:
    return summary_of(candidates(paragraphs, lang, title, weights), lang, budget, weights)


def summary_of(
    cands: list[Candidate],
    lang: str,
    budget: int = DEFAULT_WORD_BUDGET,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[str, ...]:
    """The summary chosen from an article's scored sentences (candidates())."""
    return tuple(c.text for c in choose(cands, lang, budget, weights=weights))


LEDE_BUDGET = 45


def lede(
    paragraphs: tuple[str, ...] | list[str], lang: str, title: str = "", budget: int = LEDE_BUDGET
) -> str:
    """One sentence for listing pages and feeds: the best one that stands alone."""
    return lede_of(candidates(paragraphs, lang, title), lang, budget)


def lede_of(cands: list[Candidate], lang: str, budget: int = LEDE_BUDGET) -> str:
    """The lede chosen from an article's scored sentences (candidates(), default weights)."""
    chosen = choose(cands, lang, budget, max_sentences=1)
    return chosen[0].text if chosen else ""


def summarize_text(
    text: str,
    lang: str | None = None,
    budget: int = DEFAULT_WORD_BUDGET,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[str, ...]:
    """Summary of any text, made as for a seed: chrome and the headline are dropped first."""
    from digest.ingest.clean import TITLE, clean
    from digest.text.lang import detect_language

    cleaned = clean(text)
    if not cleaned.paragraphs:
        return ()
    title = next((v.text for v in cleaned.verdicts if v.rule == TITLE), "")
    return summarize(cleaned.summary_source, lang or detect_language(text), title, budget, weights)
