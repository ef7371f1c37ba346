"""One seed -> one Article: cleaned, described and summarised; what an editor set in its sidecar
wins."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from digest.config import DEFAULTS, Config
from digest.enrich import facets, glossary
from digest.enrich.summarize import candidates, lede_of, summary_of
from digest.ingest.clean import clean
from digest.ingest.editorial import SIDECAR_SUFFIX, Editorial
from digest.ingest.meta import extract, with_declared
from digest.model import Article, Cleaned, DigestError, Problem, Seed
from digest.text.lang import LANGUAGE_NAMES
from digest.translate.attach import editorial_translations


@dataclass(frozen=True)
class Vocabulary:
    """The curated lists every article is matched against."""

    topics: tuple = ()  # facets.Topic
    terms: tuple = ()  # glossary.Term

    @classmethod
    def load(cls, root: Path) -> Vocabulary:
        return cls(
            tuple(facets.load_topics(root / facets.TOPICS)),
            tuple(glossary.load(root / glossary.GAZETTEER)),
        )


def clean_seed(seed: Seed) -> Cleaned:
    """The seed's text cleaned as the build does (`digest explain` shows the same): an HTML page's
    declared headline is the cleaner's headline, and is shown once, as the title."""
    title = next((d.value for d in seed.declared if d.name == "title"), None)
    return without_headline(clean(seed.text, title), title)


def without_headline(cleaned: Cleaned, title: str | None) -> Cleaned:
    """An HTML page's headline opens its text; where our cleaner kept it as a paragraph, it goes."""
    if not title or not cleaned.paragraphs:
        return cleaned
    same = " ".join(title.split()).casefold()
    return replace(
        cleaned,
        paragraphs=tuple(p for p in cleaned.paragraphs if " ".join(p.split()).casefold() != same),
        core=tuple(p for p in cleaned.core if " ".join(p.split()).casefold() != same),
    )


# Nothing set by an editor: one shared, immutable default (as the default argument was).
_NO_EDITORIAL = Editorial()


def make_article(
    seed: Seed,
    editorial: Editorial = _NO_EDITORIAL,
    problems: tuple[Problem, ...] = (),
    vocabulary: Vocabulary = Vocabulary(),
    settings: Config = DEFAULTS,
) -> Article:
    """Clean, describe and summarise one seed; what an editor set in its sidecar wins."""
    cleaned = clean_seed(seed)
    if not cleaned.paragraphs:
        raise DigestError(
            seed.path,
            "no article text left after cleaning",
            f"check the file (`digest explain {seed.path}` shows each line's rule)",
        )
    detected = with_declared(extract(cleaned), seed.declared)
    text = " ".join((editorial.title or detected.title, *cleaned.paragraphs))
    topics = facets.detect_topics(text, detected.lang, list(vocabulary.topics))
    if editorial.topics:
        topics, unknown = facets.resolve_topics(editorial.topics, list(vocabulary.topics))
        problems += tuple(
            Problem(
                f"{seed.path.rsplit('.', 1)[0]}{SIDECAR_SUFFIX}",
                f"`topics` has {name!r}, which is not in topics.yml",
                "use a topic id or name from topics.yml, or add the topic there",
                gate="sidecar",
            )
            for name in unknown
        )
    if detected.language_found and not editorial.lang and not editorial.hidden:
        sidecar = f"{seed.path.rsplit('.', 1)[0]}{SIDECAR_SUFFIX}"
        problems += (
            Problem(
                seed.path,
                f"the text is in "
                f"{LANGUAGE_NAMES.get(detected.language_found, detected.language_found)}, "
                "not Russian or English",
                f"it is published as {LANGUAGE_NAMES[detected.lang]} until you decide: "
                f"set `lang: ru` or `lang: en` in {sidecar} to publish it in that language, "
                "or `hidden: true` to keep it off the site",
                gate="language",
            ),
        )
    meta = replace(
        detected,
        lang=editorial.lang or detected.lang,
        title=editorial.title or detected.title,
        title_generated=detected.title_generated and not editorial.title,
        published=editorial.published if editorial.published_set else detected.published,
        source=editorial.source or detected.source,
        source_url=editorial.source_url or detected.source_url,
        topics=topics,
        added=editorial.added,
    )
    title = "" if meta.title_generated else meta.title
    if editorial.summary.get(meta.lang):
        summary = editorial.summary[meta.lang]
        first = summary[0]
    else:  # the sentences scored once, for the summary and the lede
        scored = candidates(cleaned.summary_source, meta.lang, title)
        summary = summary_of(scored, meta.lang, settings.summary_words)
        first = lede_of(scored, meta.lang)
    return Article(
        seed=seed,
        slug="",
        meta=meta,
        paragraphs=cleaned.paragraphs,
        summary=summary,
        lede=first,
        translations=editorial_translations(editorial, meta.lang),
        warnings=problems,
        hidden=editorial.hidden,
        editorial_slug=editorial.slug,
        entities=facets.entities(text, detected.lang, list(vocabulary.terms)),
        reading_minutes=facets.reading_minutes(cleaned.paragraphs),
    )
