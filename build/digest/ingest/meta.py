"""Pure: metadata from the cleaner's verdicts: language, title, publication date, source."""

from __future__ import annotations

import re
from dataclasses import replace

from digest.ingest import clean
from digest.model import Cleaned, Meta
from digest.text import dates
from digest.text.lang import (
    detect_language,
    identify_language,
    letters,
    open_quotes,
    split_sentences,
)

_TITLE_MAX_WORDS = 12
_LEGAL_FORMS = re.compile(r"\b(LLC|Ltd\.?|Inc\.?|JSC|OJSC|PJSC|ООО|АО|ОАО|ПАО|ЗАО|ФГУП|АНО)\b\s*")
_QUOTES = "\"'«»“”„"


def generated_title(paragraphs: tuple[str, ...]) -> str:
    """A title from the first sentence: up to its first clause break, at most ~12 words. The first
    paragraph of four words or more is the text's (a shorter one is a place or a label the cleaner
    left: «Красноярск», «рейтинги»)."""
    opening = next(
        (p for p in paragraphs if len(p.split()) >= 4), paragraphs[0] if paragraphs else ""
    )
    opening = opening[dates.agency_dateline(opening) :]
    first = split_sentences(opening)[0] if opening else ""
    first = first.rstrip(".!?… ")
    clause = re.split(
        r",\s+(?:где|который|которая|которые|that|which|where|who)\b", first, maxsplit=1
    )[0]
    head, comma, _ = clause.partition(", ")
    if comma and 6 <= len(head.split()) <= _TITLE_MAX_WORDS and not _open_quote(head):
        clause = head  # the first clause carries the news
    words = clause.split()
    if len(words) <= _TITLE_MAX_WORDS:
        return clause
    cut = _TITLE_MAX_WORDS
    while cut < min(len(words), 2 * _TITLE_MAX_WORDS) and _open_quote(" ".join(words[:cut])):
        cut += 1  # never stop inside «a quoted name»
    return " ".join(words[:cut]).rstrip(",;:—–-") + ("…" if cut < len(words) else "")


def _open_quote(text: str) -> bool:
    return bool(open_quotes(text))


def _copyright_holder(line: str) -> str | None:
    match = re.search(
        r"(?:©|\(c\)|\bcopyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
        r"(?P<who>.+?)(?:[.,]?\s*(?:all rights|все права)|$)",
        line,
        re.IGNORECASE,
    )
    if not match:
        return None
    who = _LEGAL_FORMS.sub("", match.group("who")).strip(" .," + _QUOTES)
    who = re.sub(r"[\s,]*\d{4}(\s*[-–]\s*\d{4})?$", "", who).strip(" .," + _QUOTES)  # "© TASS 2025"
    if not who or re.match(r"(?i)(all rights|все права|\d{4}$)", who):
        return None
    return who


def _outlet(line: str) -> str:
    match = clean._OUTLET.match(line)
    name = (match.group("a") or match.group("b")) if match else line
    return name.strip()


def _lead_dateline(cleaned: Cleaned):
    """(line number, date) when the lead opens on an agency's dateline («Москва, 28 апреля, 2023,
    13:21 — ИА Регнум. …»): the first kept line, or the second (under a standfirst). The line
    stays in the text."""
    for v in [v for v in cleaned.verdicts if v.kept][:2]:
        if date := dates.lead_date(v.text):
            return v.number, date
    return None


def extract(cleaned: Cleaned) -> Meta:
    body = " ".join(cleaned.paragraphs)
    counts = letters(body)  # once, for both language checks
    lang = detect_language(body, counts)
    evidence: list[tuple[str, str]] = [
        ("lang", f"{lang}: more {'Cyrillic' if lang == 'ru' else 'Latin'} letters in the text")
    ]

    title_line = next((v for v in cleaned.verdicts if v.rule == clean.TITLE), None)
    if title_line:
        title, title_generated = re.sub(r"(?<![.])\.$", "", title_line.text), False
        evidence.append(("title", f"line {title_line.number}: headline before the article text"))
    else:
        title, title_generated = generated_title(cleaned.paragraphs), True
        evidence.append(("title", "generated from the first sentence: the seed has no headline"))

    published = None
    dateline = next((v for v in cleaned.verdicts if v.rule == clean.DATELINE), None)
    if dateline:
        date = dates.publication_date(dateline.text)
        published = date.isoformat() if date else None
        evidence.append(("published", f"line {dateline.number}: dateline in the head of the seed"))
    elif lead := _lead_dateline(cleaned):
        number, date = lead
        published = date.isoformat()
        evidence.append(
            ("published", f"line {number}: dateline at the head of the first paragraph")
        )
    else:
        evidence.append(
            ("published", "none: the seed states no full date in its head (never guessed)")
        )

    # The copyright holder is the outlet's name in full and in the nominative; an outlet header
    # ("Новости Минпромторга России") is the fallback.
    source = None
    for v in cleaned.verdicts:
        if (
            v.rule == clean.COPYRIGHT
            and not clean._PHOTO_CREDIT.match(v.text)  # «Фото: © Имя»: a photographer
            and (holder := _copyright_holder(v.text))
        ):
            source = holder
            evidence.append(("source", f"line {v.number}: copyright holder"))
            break
    else:
        for v in cleaned.verdicts:
            if v.rule == clean.OUTLET:
                source = _outlet(v.text)
                evidence.append(("source", f"line {v.number}: outlet header"))
                break
    found = identify_language(body, counts)
    return Meta(
        lang=lang,
        title=title,
        title_generated=title_generated,
        published=published,
        source=source,
        evidence=tuple(evidence),
        language_found=found if found not in ("ru", "en") else None,
    )


def with_declared(meta: Meta, declared: tuple) -> Meta:
    """What an HTML page declares about itself wins over what its text suggests; the text fills
    the gaps.

    A modified date is only evidence: "modified" is not "published", and no date is ever guessed.
    """
    if not declared:
        return meta
    found = {d.name: d for d in reversed(declared)}
    evidence = dict(meta.evidence)
    changes: dict = {}
    if title := found.get("title"):
        changes.update(title=title.value, title_generated=False)
        evidence["title"] = title.where
    if published := found.get("published"):
        changes["published"] = published.value
        evidence["published"] = published.where
    elif meta.published is None and "modified" in found:
        evidence["published"] = (
            f"none: the page states only when it was modified ({found['modified'].value}), "
            "not when it was published"
        )
    if source := found.get("source"):
        changes["source"] = source.value
        evidence["source"] = source.where
    if address := found.get("source_url"):
        changes["source_url"] = address.value
        evidence["source_url"] = address.where
    return replace(meta, **changes, evidence=tuple(evidence.items()))
