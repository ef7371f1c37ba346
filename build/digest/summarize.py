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

from .lang import STOP_WORDS, split_sentences, stems, words

DEFAULT_WORD_BUDGET = 60

# A sentence opening on one of these refers back to something the summary may not contain.
_DANGLING_OPENERS = {
    "en": {"he", "she", "it", "they", "this", "these", "those", "that", "his", "her", "its", "their", "there", "but",
           "however", "also", "and", "so", "then", "such", "both", "another", "meanwhile", "moreover", "furthermore",
           "besides", "still", "yet", "thus", "therefore", "hence", "here", "we", "our", "us"},
    "ru": {"он", "она", "оно", "они", "его", "ее", "её", "их", "это", "этот", "эта", "эти", "этого", "этой", "этим",
           "такой", "такая", "такие", "таким", "там", "тогда", "но", "однако", "также", "кроме", "при", "поэтому",
           "здесь", "тот", "та", "те", "то", "там", "в", "и", "а", "же", "ведь", "зато", "так", "тем", "мы", "наш", "нам"},
}
_DANGLING_PHRASES = {
    "ru": ("в том числе", "при этом", "кроме того", "в то же время", "в этом", "в результате", "для этого", "в связи с этим"),
    "en": ("in addition", "at the same time", "as a result", "for example", "of course", "in this regard", "to do this",
           "to support this", "in order to do this", "on the other hand", "in turn"),
}
_FIRST_PERSON = {"en": {"i", "we", "my", "our", "us", "me"}, "ru": {"я", "мы", "наш", "наша", "наши", "нам", "нас", "мне", "меня"}}
_EARLY_PRONOUNS = {"en": {"it", "he", "she", "they", "these", "this"}, "ru": {"он", "она", "оно", "они"}}
_SPEAKER_PREFIX = re.compile(r"^[A-ZА-ЯЁ][\w.\- ]{2,40}:\s")
_CREDIT_OR_DATELINE = re.compile(r"^(photo|фото|source|источник|by |автор|\(?cnn\)?\s*[-—–]|.{0,40}\(cnn\)\s*[-—–])", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    index: int  # position among all sentences of the article
    text: str
    paragraph: int
    score: float
    eligible: bool
    why: str


def _unbalanced_quotes(text: str) -> bool:
    return text.count("«") != text.count("»") or text.count("“") != text.count("”") or text.count('"') % 2 == 1


def _content_stems(text: str, lang: str) -> list[str]:
    stop = STOP_WORDS[lang]
    return [s for w, s in zip(words(text), stems(text, lang)) if w not in stop and not w.isdigit()]


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[term] for term, count in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def eligibility(text: str, lang: str, is_first: bool) -> tuple[bool, str]:
    """Whether a sentence may stand in a summary, and why not."""
    tokens = words(text)
    if len(tokens) < 5:
        return False, "too short"
    if text[:1].islower() or text[:1] in "-–—,;:)»”":
        return False, "fragment"
    if _unbalanced_quotes(text):
        return False, "part of a quotation"
    if text.rstrip()[-1:] in ":,;" or text.rstrip().endswith("?"):
        return False, "not a statement"
    if _CREDIT_OR_DATELINE.match(text):
        return False, "credit or dateline"
    if _SPEAKER_PREFIX.match(text) and len(tokens) < 12:
        return False, "speaker's greeting or aside"
    opener = tokens[0]
    lowered = text.lower()
    if not is_first and (opener in _DANGLING_OPENERS[lang] or lowered.startswith(_DANGLING_PHRASES[lang])):
        return False, f"opens on «{opener}» whose antecedent may be missing"
    early_pronoun = _EARLY_PRONOUNS[lang] & set(tokens[:6])
    if not is_first and early_pronoun:
        return False, f"«{min(early_pronoun)}» near the start refers to something before it"
    return True, ""


def candidates(paragraphs: tuple[str, ...] | list[str], lang: str, title: str = "") -> list[Candidate]:
    """Every sentence with its score and whether it may be chosen."""
    sentences = [(p, s) for p, paragraph in enumerate(paragraphs) for s in split_sentences(paragraph)]
    if not sentences:
        return []
    bags = [Counter(_content_stems(s, lang)) for _, s in sentences]
    document = Counter()
    for bag in bags:
        document.update(set(bag))  # document frequency inside the article
    title_bag = Counter(_content_stems(title, lang))
    result = []
    for index, ((paragraph, text), bag) in enumerate(zip(sentences, bags)):
        position = 1.0 / math.sqrt(1 + index)
        centrality = _cosine(bag, document)
        title_overlap = _cosine(bag, title_bag)
        score = 1.0 * position + 0.6 * centrality + 0.3 * title_overlap
        if _FIRST_PERSON[lang] & set(words(text)):
            score *= 0.6  # speech in the first person rarely stands alone
        eligible, why = eligibility(text, lang, index == 0)
        result.append(Candidate(index, text, paragraph, round(score, 6), eligible, why))
    return result


def choose(cands: list[Candidate], lang: str, budget: int = DEFAULT_WORD_BUDGET, max_sentences: int = 3) -> list[Candidate]:
    """Best first under the word budget, no near-repeats; returned in source order."""
    chosen: list[Candidate] = []
    chosen_bags: list[Counter[str]] = []
    used = 0
    for cand in sorted((c for c in cands if c.eligible), key=lambda c: (-c.score, c.index)):
        length = len(words(cand.text))
        if chosen and used + length > budget:
            continue
        bag = Counter(_content_stems(cand.text, lang))
        if any(_cosine(bag, other) > 0.6 for other in chosen_bags) or any(cand.text == c.text for c in chosen):
            continue
        chosen.append(cand)
        chosen_bags.append(bag)
        used += length
        if len(chosen) == max_sentences:
            break
    if not chosen and cands:  # nothing eligible: fall back to the first sentence rather than nothing
        chosen = [cands[0]]
    return sorted(chosen, key=lambda c: c.index)


def summarize(paragraphs: tuple[str, ...] | list[str], lang: str, title: str = "", budget: int = DEFAULT_WORD_BUDGET) -> tuple[str, ...]:
    return tuple(c.text for c in choose(candidates(paragraphs, lang, title), lang, budget))
