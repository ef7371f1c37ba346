"""Pure: what of an article gets translated (title and sentences, never Markdown) and how a
translation is put back together from the translation memory."""

from __future__ import annotations

from collections.abc import Callable

from digest.model import Article, Translation
from digest.text.lang import split_sentences
from digest.translate.memory import EDITORIAL


def segments(article: Article) -> list[str]:
    """Title, summary sentences and every sentence of the text, each once, in reading order."""
    ordered = [
        article.meta.title,
        *article.summary,
        *(s for p in article.paragraphs for s in split_sentences(p)),
    ]
    return list(dict.fromkeys(s for s in ordered if s.strip()))


def assemble(
    article: Article, lang: str, lookup: Callable[[str, str, str], dict[str, str]]
) -> Translation | None:
    """The article in `lang` from memory entries, or None when less than half of it is there.

    Segments the memory lacks (the original changed since `digest translate` ran) stay in the
    original language and the translation is marked stale until it runs again.

    A reviewer's (editorial) entry wins over machine ones; among machine ones the first provider by
    name, so the result does not depend on the order runs happened in. The summary is made of the
    translations of the same sentences, so summary and text agree.
    """
    chosen: dict[str, str] = {}
    providers: set[str] = set()
    wanted = segments(article)
    for segment in wanted:
        found = lookup(article.meta.lang, lang, segment)
        if found:
            provider = EDITORIAL if EDITORIAL in found else min(found)
            chosen[segment] = found[provider]
            providers.add(provider)
    if 2 * len(chosen) < len(wanted) or article.meta.title not in chosen:
        return None
    stale = len(chosen) < len(wanted)
    chosen.update((s, s) for s in wanted if s not in chosen)
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
        stale=stale,
    )
