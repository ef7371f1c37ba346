"""Pure: what of an article gets translated (title and sentences, never Markdown) and how a
translation is put back together from the translation memory."""

from __future__ import annotations

from typing import Callable

from .lang import split_sentences
from .model import Article, Translation
from .tm import EDITORIAL


def segments(article: Article) -> list[str]:
    """Title, summary sentences and every sentence of the text, each once, in reading order."""
    ordered = [article.meta.title, *article.summary, *(s for p in article.paragraphs for s in split_sentences(p))]
    return list(dict.fromkeys(s for s in ordered if s.strip()))


def assemble(article: Article, lang: str, lookup: Callable[[str, str, str], dict[str, str]]) -> Translation | None:
    """The article in `lang` from memory entries, or None unless every segment is there.

    A reviewer's (editorial) entry wins over machine ones; among machine ones the first provider by
    name, so the result does not depend on the order runs happened in. The summary is made of the
    translations of the same sentences, so summary and text agree.
    """
    chosen: dict[str, str] = {}
    providers: set[str] = set()
    for segment in segments(article):
        found = lookup(article.meta.lang, lang, segment)
        if not found:
            return None
        provider = EDITORIAL if EDITORIAL in found else min(found)
        chosen[segment] = found[provider]
        providers.add(provider)
    paragraphs = tuple(" ".join(chosen[s] for s in split_sentences(p)) for p in article.paragraphs)
    summary = tuple(chosen[s] for s in article.summary)
    machine = sorted(providers - {EDITORIAL})
    return Translation(
        lang=lang,
        kind="machine" if machine else "editorial",
        title=chosen[article.meta.title],
        summary=summary,
        paragraphs=paragraphs,
        lede=chosen.get(article.lede, summary[0] if summary else ""),
        provider=", ".join(machine) if machine else None,
    )
