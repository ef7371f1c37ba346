"""The translations an article carries: the editor's (from its sidecar), the memory's, and whether
an editorial one is older than its original (translations/versions.json)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from digest.enrich.summarize import summarize
from digest.ingest.editorial import Editorial
from digest.model import LANGS, Article, Translation
from digest.publish import gates
from digest.translate.memory import Memory
from digest.translate.segments import assemble


def editorial_translations(editorial: Editorial, original: str) -> dict[str, Translation]:
    """Translations an editor wrote in the sidecar; a missing summary is made from the translated
    text."""
    result = {}
    for lang, tr in editorial.translations.items():
        if lang == original:
            continue
        summary = (
            editorial.summary.get(lang) or tr.summary or summarize(tr.paragraphs, lang, tr.title)
        )
        result[lang] = Translation(
            lang=lang,
            kind="editorial",
            title=tr.title,
            summary=summary,
            paragraphs=tr.paragraphs,
            lede=summary[0] if summary else "",
        )
    return result


def with_machine_translations(article: Article, memory: Memory) -> Article:
    """Add a translation assembled from the translation memory where no editorial one exists."""
    found = dict(article.translations)
    for lang in LANGS:
        if lang != article.meta.lang and lang not in found:
            translation = assemble(article, lang, memory.lookup)
            if translation:
                found[lang] = translation
    return replace(article, translations=found)


VERSIONS = Path("translations/versions.json")


def with_versions(article: Article, records: dict) -> tuple[Article, dict]:
    """Mark editorial translations older than their original stale; return the records to keep."""
    original = gates.content_hash(article.meta.title, article.paragraphs)
    kept, found = {}, dict(article.translations)
    for lang, tr in article.translations.items():
        if tr.kind != "editorial":
            continue
        is_stale, kept[lang] = gates.stale(
            records.get(lang), original, gates.content_hash(tr.title, tr.summary, tr.paragraphs)
        )
        found[lang] = replace(tr, stale=is_stale)
    return replace(article, translations=found), kept
