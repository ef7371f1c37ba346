"""Pure: key figures of an article (amounts, percentages, counts with their units) with a few
words of context from the sentence they stand in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lang import split_sentences

_NUMBER = r"(?:-\s?)?\d+(?:[  ,.]\d+)*"
_PATTERNS = {
    "ru": re.compile(
        rf"(?:до |более |свыше |около |почти )?{_NUMBER}\s?(?:"
        r"(?:трлн|млрд|млн|тыс\.?)\s?(?:рублей|руб\.|долларов|евро)"
        r"|%"
        r"|(?:тыс\.?\s?|млн\s?)?(?:[а-яё]+(?:ых|их|ой|ый|ий) )?(?:рабочих мест|регионов|стран[а-я]*|проектов|предприятий|компаний|участников|единиц|тонн|заводов|центров|человек|станков|модулей|км/ч)"
        r")",
        re.IGNORECASE,
    ),
    "en": re.compile(
        rf"(?:up to |more than |over |about |nearly )?\$?{_NUMBER}\s?(?:"
        r"(?:trillion|billion|million|thousand)\s?(?:rubles|roubles|dollars|euros)?"
        r"|%|\s?per ?cent"
        r"|(?:thousand |million )?(?:[a-z]+ )?(?:jobs|regions|countries|projects|enterprises|companies|participants|units|tonnes|plants|centres|engines|residents|states|km/h)"
        r")",
        re.IGNORECASE,
    ),
}
_CLAUSE = re.compile(r"\s*[,;:—–]\s+|\s+[—–-]\s+")
MAX_FIGURES = 6
CONTEXT_WORDS = 14


@dataclass(frozen=True)
class Figure:
    value: str
    context: str


def _context(sentence: str, start: int, end: int) -> str:
    """The clause the figure stands in (with the one before it when short), at most ~14 words."""
    clauses, position, found = [], 0, 0
    for match in list(_CLAUSE.finditer(sentence)) + [None]:
        stop = match.start() if match else len(sentence)
        clauses.append((position, stop))
        if position <= start < max(stop, position + 1):
            found = len(clauses) - 1
        position = match.end() if match else stop
    first = found - 1 if found and len(sentence[clauses[found][0]:end].split()) < 6 else found
    words = sentence[clauses[first][0]:end].strip().split()
    return ("…" if len(words) > CONTEXT_WORDS else "") + " ".join(words[-CONTEXT_WORDS:])


def key_figures(paragraphs: tuple[str, ...], lang: str, limit: int = MAX_FIGURES) -> tuple[Figure, ...]:
    """Amounts, percentages and counts in order of first mention, each once."""
    seen: dict[str, Figure] = {}
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            for match in _PATTERNS[lang].finditer(sentence):
                value = " ".join(match.group().split())
                if re.fullmatch(r"(?:19|20)\d\d", value) or value in seen:
                    continue
                seen[value] = Figure(value, _context(sentence, match.start(), match.end()))
                if len(seen) == limit:
                    return tuple(seen.values())
    return tuple(seen.values())
