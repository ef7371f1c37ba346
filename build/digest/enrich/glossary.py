"""Pure: the bilingual gazetteer (`gazetteer.yml`) as a glossary: find names in any grammatical
case."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from digest.model import LANGS, DigestError

GAZETTEER = Path("gazetteer.yml")
_TOKEN = re.compile(r"[\w-]+|[«»\"]")
# Endings that change with case and number: adjectives first (-ий, -ая), then single vowels.
_RU_ENDING = re.compile(r"(?:ий|ый|ой|ая|яя|ое|ее|ые|ие|ия|[аяоеёиыуюйь])$")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: loaded once per run
class Term:
    kind: str  # people, organisations, programmes, places
    forms: dict  # lang -> tuple of forms, the first is canonical
    role: dict = field(
        default_factory=dict
    )  # lang -> what the person is ("Prime Minister"), where the gazetteer says

    def sort_key(self, lang: str) -> tuple[str, str]:
        """People by surname (the last word of the full name), others by name."""
        name = self.canonical(lang)
        return (name.split()[-1].lower() if self.kind == "people" else name.lower(), name.lower())

    def canonical(self, lang: str) -> str:
        return self.forms[lang][0]


def load(path: Path) -> list[Term]:
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise DigestError(str(path), f"not valid YAML ({error})", "fix the syntax") from None
    terms = []
    for kind, entries in data.items():
        for number, entry in enumerate(entries or [], start=1):
            forms = {
                lang: tuple(
                    [entry[lang]] if isinstance(entry.get(lang), str) else entry.get(lang) or ()
                )
                for lang in LANGS
            }
            if not all(forms.values()):
                raise DigestError(
                    str(path),
                    f"{kind} entry {number} needs both `ru` and `en` forms",
                    "add the missing form",
                )
            role = entry.get("role") or {}
            terms.append(
                Term(
                    kind,
                    forms,
                    {
                        lang: str(role[lang])
                        for lang in LANGS
                        if isinstance(role, dict) and role.get(lang)
                    },
                )
            )
    return terms


def _word_matches(pattern: str, token: str, lang: str) -> bool:
    pattern, token = pattern.lower(), token.lower().replace("ё", "е")
    pattern = pattern.replace("ё", "е")
    if lang == "en":
        return token == pattern or token == pattern + "'s"
    if len(pattern) <= 3 or not re.search(r"[а-я]", pattern):
        return token == pattern
    base = _RU_ENDING.sub("", pattern)
    return token.startswith(base) and len(token) - len(base) <= 4


# A qualifier right after an organisation's name makes it another organisation: a region's
# abbreviation or name («… РБ», «… Республики Башкортостан», «… Свердловской области», "… of
# Tatarstan").
_QUALIFIED = {
    "ru": re.compile(
        r"\s*(?!РФ\b|России\b|Российской\b)(?:[А-ЯЁ]{2,4}\b(?![-.]\w)|(?:[А-ЯЁ][а-яё]+(?:ской|цкой)\s+(?:области|республики)|[А-ЯЁ][а-яё]+ского\s+края)|"
        r"(?:Республики|области|края|региона|города)\s+[А-ЯЁ])"
    ),
    "en": re.compile(
        r"\s+of\s+(?!Russia\b|the\s+Russian\b)(?:the\s+)?(?:Republic\s+of\s+)?[A-Z][a-z]+(?:\s+(?:Region|Oblast|Krai|Republic))?\b"
    ),
}


def _key(token: str) -> str:
    """What a word and the first word of a name it may begin share: their first two letters."""
    return token[:2].lower().replace("ё", "е")


@lru_cache(maxsize=4096)
def _pattern(form: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(form))


def find(terms: list[Term], text: str, lang: str) -> list[tuple[Term, int, int]]:
    """(term, start, end) for every name in the text, longest forms first, without overlaps."""
    forms = [
        (term, pattern)
        for term, form in sorted(
            ((term, form) for term in terms for form in term.forms[lang]),
            key=lambda tf: -len(tf[1]),
        )
        if (pattern := _pattern(form))
    ]
    tokens = _TOKEN.findall(text)
    # Only the words that may begin a name are indexed (each distinct word matched once, not at
    # every position); the tokens' places in the text are found once a name needs them.
    firsts = {_key(pattern[0]) for _, pattern in forms}
    wanted = {token for token in set(tokens) if _key(token) in firsts}
    if not wanted:
        return []
    by_token: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        if token in wanted:
            by_token.setdefault(token, []).append(i)
    by_start: dict[str, list[str]] = {}
    for token in by_token:
        by_start.setdefault(_key(token), []).append(token)
    places: list[tuple[int, int]] = []
    spans: list[tuple[Term, int, int]] = []
    taken = [False] * len(tokens)
    for term, pattern in forms:
        bucket = by_start.get(_key(pattern[0]), ())
        starts = sorted(
            i for token in bucket if _word_matches(pattern[0], token, lang) for i in by_token[token]
        )
        for i in starts:
            if i + len(pattern) > len(tokens):
                continue
            window = range(i, i + len(pattern))
            if any(taken[j] for j in window):
                continue
            if all(_word_matches(p, tokens[j], lang) for p, j in zip(pattern, window, strict=True)):
                if not places:
                    places = [m.span() for m in _TOKEN.finditer(text)]
                end = places[i + len(pattern) - 1][1]
                if term.kind == "organisations" and _QUALIFIED[lang].match(text, end):
                    # «Фонд развития промышленности РБ» is a regional fund, not the federal one
                    continue
                spans.append((term, places[i][0], end))
                for j in window:
                    taken[j] = True
    return sorted(spans, key=lambda s: s[1])


def protect(text: str, source_lang: str, target_lang: str, terms: list[Term]) -> str:
    """The source with each name replaced by its target-language form, which MT passes through."""
    out, last = [], 0
    for term, start, end in find(terms, text, source_lang):
        out += [text[last:start], term.canonical(target_lang)]
        last = end
    return "".join(out) + text[last:]


def missing_names(
    source: str, translation: str, source_lang: str, target_lang: str, terms: list[Term]
) -> list[str]:
    """Names of the source that the translation does not contain in any of their target forms."""
    found_in_target = {id(term) for term, _, _ in find(terms, translation, target_lang)}
    return [
        term.canonical(target_lang)
        for term, _, _ in find(terms, source, source_lang)
        if id(term) not in found_in_target
    ]
