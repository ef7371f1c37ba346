"""Pure: what an article is about, for the navigation pages: topics, people and organisations
(from the gazetteer, in any grammatical case), reading time."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from digest.enrich import glossary
from digest.model import LANGS, DigestError

TOPICS = Path("topics.yml")
ENTITY_KINDS = ("people", "organisations")
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Topic:
    id: str
    names: dict  # lang -> display name
    keywords: dict  # lang -> tuple of keyword word-prefix tuples


def load_topics(path: Path) -> list[Topic]:
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return [
            Topic(
                id=item["id"],
                names={lang: item[lang] for lang in LANGS},
                keywords={
                    lang: tuple(tuple(k.lower().split()) for k in item["keywords"][lang])
                    for lang in LANGS
                },
            )
            for item in data
        ]
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise DigestError(
            str(path),
            f"not a valid topic list ({error})",
            "each topic needs id, ru, en and keywords: {ru: [...], en: [...]}",
        ) from None


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def _hits(
    tokens: list[str],
    keyword: tuple[str, ...],
    by_token: dict[str, list[int]],
    vocabulary: list[str],
) -> int:
    """How often `keyword` (word beginnings) occurs in `tokens`; `by_token` gives each token's
    places, `vocabulary` its tokens sorted (those beginning alike sit together)."""
    n, first = len(keyword), keyword[0]
    beginning = itertools.islice(vocabulary, bisect.bisect_left(vocabulary, first), None)
    starts = (
        i
        for token in itertools.takewhile(lambda t: t.startswith(first), beginning)
        for i in by_token[token]
    )
    return sum(
        i + n <= len(tokens)
        and all(tokens[i + j].startswith(part) for j, part in enumerate(keyword))
        for i in starts
    )


def detect_topics(
    text: str, lang: str, topics: list[Topic], minimum: int = 2, most: int = 4
) -> tuple[str, ...]:
    """The `most` topics whose keywords occur most often (at least `minimum` times), in the order of
    topics.yml."""
    tokens = _tokens(text)
    by_token: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        by_token.setdefault(token, []).append(i)
    vocabulary = sorted(by_token)
    scores = {
        t.id: sum(_hits(tokens, k, by_token, vocabulary) for k in t.keywords[lang]) for t in topics
    }
    order = {t.id: i for i, t in enumerate(topics)}
    best = sorted(
        (tid for tid, score in scores.items() if score >= minimum),
        key=lambda tid: (-scores[tid], order[tid]),
    )[:most]
    return tuple(sorted(best, key=order.__getitem__))


def resolve_topics(
    names: tuple[str, ...], topics: list[Topic]
) -> tuple[tuple[str, ...], list[str]]:
    """An editor's topics (ids or names in either language) as ids, and the ones not found."""
    index = {t.id: t.id for t in topics} | {
        name.lower(): t.id for t in topics for name in t.names.values()
    }
    found: list[str] = []
    unknown: list[str] = []
    for name in names:
        topic_id = index.get(name.lower())
        (found if topic_id else unknown).append(topic_id or name)
    return tuple(dict.fromkeys(found)), unknown


def entities(text: str, lang: str, terms: list[glossary.Term]) -> tuple[glossary.Term, ...]:
    """People and organisations named in the text, in order of first mention."""
    seen: dict[int, glossary.Term] = {}
    for term, _, _ in glossary.find([t for t in terms if t.kind in ENTITY_KINDS], text, lang):
        seen.setdefault(id(term), term)
    return tuple(seen.values())


def reading_minutes(paragraphs: tuple[str, ...]) -> int:
    words = sum(len(_WORD.findall(p)) for p in paragraphs)
    return max(1, round(words / 200))
