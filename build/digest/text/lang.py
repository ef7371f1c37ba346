"""Pure language helpers: detect ru/en, split sentences, tokenize and stem words."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from digest.text.words import words as _words


class Alphabet:
    """Letters counted in a text at C speed: those a single-byte codec encodes are counted among
    the text's bytes in that codec (each of its bytes stands for one character), the few others
    one by one. Counting the letters a regex matches costs several times as much."""

    def __init__(self, letters: str, codec: str) -> None:
        encodable = [c for c in letters if len(c.encode(codec, "ignore")) == 1]
        self._codec = codec
        self._bytes = "".join(encodable).encode(codec)
        self._others = tuple(c for c in letters if c not in encodable)

    def count(self, text: str) -> int:
        data = text.encode(self._codec, "ignore")
        return (
            len(data) - len(data.translate(None, self._bytes)) + sum(map(text.count, self._others))
        )


def _span(first: str, last: str) -> str:
    return "".join(map(chr, range(ord(first), ord(last) + 1)))


# Each is what its case-insensitive form ([а-яё], [a-z], [а-яёіїєўғқңүұһә] with re.IGNORECASE)
# matches, old letter forms and the Kelvin sign included (tests/test_read.py).
_RUSSIAN_LETTERS = _span("А", "я") + "ёЁ" + _span("\u1c80", "\u1c86")
_CYRILLIC = Alphabet(_RUSSIAN_LETTERS, "cp1251")
CYRILLIC_ALL = Alphabet(_RUSSIAN_LETTERS + "іІїЇєЄўЎғҒқҚңҢүҮұҰһҺәӘ", "cp1251")  # and neighbours'
LATIN = Alphabet(_span("a", "z") + _span("A", "Z") + "\u0130\u0131\u017f\u212a", "ascii")


def covered(runs: re.Pattern[str], text: str) -> int:
    """How many characters of the text the pattern's runs cover (summed by the regex engine, not a
    list made per letter)."""
    return sum(map(len, runs.findall(text)))


WORD = re.compile(r"\w+", re.UNICODE)

# Abbreviations after which a period does not end a sentence (razdel knows most Russian ones).
_ABBREVIATIONS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "gov",
    "sen",
    "rep",
    "st",
    "no",
    "vs",
    "inc",
    "corp",
    "ltd",
    "co",
    "approx",
    "est",
    "fig",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "г",
    "гг",
    "ул",
    "им",
    "т.е",
    "др",
    "пр",
    "млн",
    "млрд",
    "трлн",
    "тыс",
    "руб",
    "коп",
    "долл",
    "ст",
    "п",
    "пп",
    "см",
    "рис",
    "обл",
    "респ",
    "акад",
    "проф",
}


def letters(text: str) -> tuple[int, int]:
    """How many of the text's letters are Russian (Cyrillic) and how many Latin."""
    return _CYRILLIC.count(text), LATIN.count(text)


def detect_language(text: str, counts: tuple[int, int] | None = None) -> str:
    """ "ru" when Cyrillic letters outnumber Latin ones, else "en"; `counts`: letters(text)."""
    cyrillic, latin = counts or letters(text)
    return "ru" if cyrillic > latin else "en"


LANGUAGE_NAMES = {
    "ru": "Russian",
    "en": "English",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "kk": "Kazakh",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
}
_UKRAINIAN, _RUSSIAN_ONLY = (
    re.compile(r"[іїєґ]", re.IGNORECASE),
    re.compile(r"[ыэъё]", re.IGNORECASE),
)
_BELARUSIAN, _KAZAKH = re.compile(r"ў", re.IGNORECASE), re.compile(r"[әғқңөұүһ]", re.IGNORECASE)
# The commonest function words of the Latin-script languages a digest's editor may be sent.
_LATIN_WORDS = {
    "en": set(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "that",
            "for",
            "on",
            "with",
            "as",
            "was",
            "by",
            "it",
            "at",
            "from",
            "are",
            "this",
            "be",
            "has",
            "have",
            "which",
        ]
    ),
    "de": set(
        [
            "der",
            "die",
            "und",
            "das",
            "den",
            "von",
            "zu",
            "mit",
            "ist",
            "des",
            "sich",
            "nicht",
            "auf",
            "für",
            "ein",
            "eine",
            "dem",
            "im",
            "auch",
            "wird",
        ]
    ),
    "es": set(
        [
            "el",
            "la",
            "de",
            "que",
            "y",
            "en",
            "los",
            "del",
            "las",
            "por",
            "un",
            "una",
            "para",
            "con",
            "se",
            "su",
            "al",
            "es",
            "lo",
        ]
    ),
    "fr": set(
        [
            "le",
            "la",
            "les",
            "de",
            "des",
            "et",
            "du",
            "un",
            "une",
            "est",
            "en",
            "que",
            "qui",
            "pour",
            "dans",
            "sur",
            "au",
            "par",
            "pas",
        ]
    ),
    "it": set(
        [
            "il",
            "di",
            "che",
            "la",
            "per",
            "un",
            "del",
            "della",
            "le",
            "non",
            "una",
            "sono",
            "con",
            "gli",
            "nel",
            "alla",
        ]
    ),
    "pt": set(
        [
            "de",
            "que",
            "o",
            "da",
            "do",
            "em",
            "os",
            "uma",
            "para",
            "com",
            "não",
            "no",
            "na",
            "dos",
            "das",
            "ao",
            "pelo",
        ]
    ),
    "pl": set(
        [
            "w",
            "i",
            "na",
            "z",
            "się",
            "nie",
            "do",
            "że",
            "to",
            "jest",
            "o",
            "jak",
            "po",
            "od",
            "przez",
            "dla",
            "oraz",
        ]
    ),
}


def identify_language(text: str, counts: tuple[int, int] | None = None) -> str:
    """The text's language, also beyond the digest's two (uk, be, kk, de, es, fr, it, pt, pl), by
    the letters only some Cyrillic alphabets have and by the commonest words of Latin-script
    ones; `counts`: letters(text)."""
    cyrillic, latin = counts or letters(text)
    if cyrillic > latin:
        sample = text[:20000]
        if len(_KAZAKH.findall(sample)) > 0.004 * cyrillic:
            return "kk"
        if len(_BELARUSIAN.findall(sample)) > 0.001 * cyrillic:
            return "be"
        return (
            "uk" if len(_UKRAINIAN.findall(sample)) > len(_RUSSIAN_ONLY.findall(sample)) else "ru"
        )
    tokens = [t.lower() for t in WORD.findall(text[:20000])]
    hits = {lang: sum(t in common for t in tokens) for lang, common in _LATIN_WORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    return best if best != "en" and hits[best] >= 5 and hits[best] > 2 * hits["en"] else "en"


QUOTES = (("«", "»"), ("“", "”"), ('"', '"'))  # (opening, closing) marks


def open_quotes(text: str) -> list[str]:
    """The closing marks of the quotations `text` opens and does not close."""
    return [
        right
        for left, right in QUOTES
        if left in text
        and (text.count(left) % 2 == 1 if left == right else text.count(left) > text.count(right))
    ]


def quotes_balanced(text: str) -> bool:
    """Every quotation `text` opens is closed, and it closes none it did not open."""
    return not open_quotes(text) and all(
        text.count(left) >= text.count(right) for left, right in QUOTES if left != right
    )


def _open_quote_closes_later(text: str, rest: list[str]) -> bool:
    """True when `text` leaves a quotation open that the `rest` of the paragraph closes."""
    return any(right in piece for right in open_quotes(text) for piece in rest)


def _ends_with_abbreviation(text: str) -> bool:
    tail = text[-24:].rstrip()
    if not tail.endswith("."):  # what _LAST_WORD needs: spares a regex search on most sentences
        return False
    match = _LAST_WORD.search(tail)
    if not match:
        return False
    word = match.group(1).replace(" ", "")  # "т. е." -> "т.е"
    return bool(_INITIALS.match(word)) or word.lower() in _ABBREVIATIONS


# (?<!\w): the leftmost match always starts a run of word characters, so the lookbehind only spares
# the engine a doomed try at every position inside a word (same match, a fraction of the time).
_LAST_WORD = re.compile(r"(?<!\w)(\w+(?:\.\s?\w+)*)\.$")
_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁ]\.)*[A-ZА-ЯЁ]$")  # А. / J.R.R. / U.S.
# A candidate boundary: end punctuation (and closing quotes) before a space and a capital, digit,
# opening quote or dash; abbreviations, initials and open quotations are merged back afterwards.
_BOUNDARY = re.compile(r"[.!?…]+[\"»”’')\]]*(?=\s+[\"«“„'(\[–—-]?\s?[A-ZА-ЯЁ0-9])")


def _pieces(paragraph: str) -> list[str]:
    if not _BOUNDARY.search(
        paragraph
    ):  # most paragraphs: one piece (a search is half the cost of finditer)
        paragraph = paragraph.strip()
        return [paragraph] if paragraph else []
    pieces, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        pieces.append(paragraph[start : match.end()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [piece for piece in pieces if piece]


@lru_cache(maxsize=2048)
def split_sentences(paragraph: str) -> tuple[str, ...]:
    """Sentences of one paragraph, whole: a quotation or an abbreviation never ends one early."""
    pieces = _pieces(paragraph)
    if len(pieces) < 2:
        return tuple(pieces)
    merged = [pieces[0]]
    for index in range(1, len(pieces)):
        piece = pieces[index]
        # cheapest test first (pieces are never empty, so piece[:1] is one character)
        if (
            piece[:1].islower()
            or piece[:1] in ",;:)»”"
            or _open_quote_closes_later(merged[-1], pieces[index:])
            or _ends_with_abbreviation(merged[-1])
        ):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return tuple(merged)


def words(text: str) -> list[str]:
    """Lowercased word tokens with ё folded to е: the search's tokenizer (text/words.py)."""
    return _words(text)


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian" if lang == "ru" else "english")


@lru_cache(maxsize=2)
def _uncached_stemmer(lang: str) -> Stemmer.Stemmer:
    """For content_stems, which remembers every stem itself: PyStemmer's own 10,000-word cache
    would only add cost (on a corpus of 18,500 distinct words it makes stemming 3-6x slower)."""
    return Stemmer.Stemmer("russian" if lang == "ru" else "english", 0)


_STEMS: dict[str, dict[str, str]] = {
    "ru": {},
    "en": {},
}  # word -> stem, "" for stop words and numbers


def content_stems(vocabulary: set[str], lang: str) -> dict[str, str]:
    """Stems of the given words ("" for stop words and numbers); news vocabulary repeats, so they
    are remembered."""
    cache = _STEMS[lang]
    if (
        len(cache) > 200_000
    ):  # before the difference: clearing after it lost this call's already-known words
        cache.clear()
    new = list(
        vocabulary.difference(cache)
    )  # C-speed: a set minus a dict checks membership in the dict
    if new:
        stop = STOP_WORDS[lang]
        cache.update(zip(new, _uncached_stemmer(lang).stemWords(new), strict=False))
        cache.update((w, "") for w in new if w in stop or w.isdigit())
    return cache


def stem_words(tokens: list[str], lang: str) -> list[str]:
    return _stemmer(lang).stemWords(tokens)


def stems(text: str, lang: str) -> list[str]:
    return stem_words(words(text), lang)


STOP_WORDS = {
    "ru": set(
        [
            "и",
            "в",
            "во",
            "не",
            "что",
            "он",
            "на",
            "я",
            "с",
            "со",
            "как",
            "а",
            "то",
            "все",
            "она",
            "так",
            "его",
            "но",
            "да",
            "ты",
            "к",
            "у",
            "же",
            "вы",
            "за",
            "бы",
            "по",
            "только",
            "ее",
            "её",
            "мне",
            "было",
            "вот",
            "от",
            "меня",
            "еще",
            "ещё",
            "нет",
            "о",
            "из",
            "ему",
            "теперь",
            "когда",
            "даже",
            "ну",
            "вдруг",
            "ли",
            "если",
            "уже",
            "или",
            "ни",
            "быть",
            "был",
            "него",
            "до",
            "вас",
            "нибудь",
            "опять",
            "уж",
            "вам",
            "ведь",
            "там",
            "потом",
            "себя",
            "ничего",
            "ей",
            "может",
            "они",
            "тут",
            "где",
            "есть",
            "надо",
            "ней",
            "для",
            "мы",
            "тебя",
            "их",
            "чем",
            "была",
            "сам",
            "чтоб",
            "без",
            "будто",
            "чего",
            "раз",
            "тоже",
            "себе",
            "под",
            "будет",
            "ж",
            "тогда",
            "кто",
            "этот",
            "того",
            "потому",
            "этого",
            "какой",
            "совсем",
            "ним",
            "здесь",
            "этом",
            "один",
            "почти",
            "мой",
            "тем",
            "чтобы",
            "нее",
            "сейчас",
            "были",
            "куда",
            "зачем",
            "всех",
            "никогда",
            "можно",
            "при",
            "наконец",
            "два",
            "об",
            "другой",
            "хоть",
            "после",
            "над",
            "больше",
            "тот",
            "через",
            "эти",
            "нас",
            "про",
            "всего",
            "них",
            "какая",
            "много",
            "разве",
            "три",
            "эту",
            "моя",
            "впрочем",
            "хорошо",
            "свою",
            "этой",
            "перед",
            "иногда",
            "лучше",
            "чуть",
            "том",
            "нельзя",
            "такой",
            "им",
            "более",
            "всегда",
            "конечно",
            "всю",
            "между",
            "это",
            "также",
            "который",
            "которые",
            "которая",
            "которых",
        ]
    ),
    "en": set(
        [
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "if",
            "then",
            "else",
            "of",
            "to",
            "in",
            "on",
            "at",
            "by",
            "for",
            "with",
            "from",
            "as",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "not",
            "no",
            "nor",
            "so",
            "than",
            "too",
            "very",
            "can",
            "will",
            "would",
            "should",
            "could",
            "may",
            "might",
            "must",
            "shall",
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "he",
            "she",
            "they",
            "we",
            "you",
            "i",
            "his",
            "her",
            "their",
            "our",
            "your",
            "my",
            "me",
            "him",
            "them",
            "us",
            "who",
            "whom",
            "which",
            "what",
            "when",
            "where",
            "why",
            "how",
            "all",
            "any",
            "both",
            "each",
            "few",
            "more",
            "most",
            "other",
            "some",
            "such",
            "only",
            "own",
            "same",
            "into",
            "over",
            "under",
            "again",
            "further",
            "once",
            "here",
            "there",
            "about",
            "against",
            "between",
            "through",
            "during",
            "before",
            "after",
            "above",
            "below",
            "up",
            "down",
            "out",
            "off",
            "also",
        ]
    ),
}
