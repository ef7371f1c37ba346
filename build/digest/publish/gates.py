"""Pure: the editorial quality gates. Figures and names that must survive translation, stale
translations, duplicate and related stories; each finding names the page, the line and the fix."""

from __future__ import annotations

import hashlib
import re
from array import array

from digest.enrich import glossary
from digest.model import ERROR, LANGS, Article, Problem
from digest.text import dates
from digest.text.lang import words

_SCALE = {
    "трлн": 1e12,
    "trillion": 1e12,
    "млрд": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "млн": 1e6,
    "million": 1e6,
    "mln": 1e6,
    "тыс": 1e3,
    "thousand": 1e3,
}
# One reading for both languages: a separator before exactly three digits groups thousands
# ("100 000", "100,000"); otherwise it is the decimal mark ("4,8", "4.8").
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[  ,.]\d{3})+(?![\d])|\d+(?:[.,]\d+)?)(?![\w])"
    r"(?:\s?(трлн|млрд|млн|тыс|trillion|billion|bn|million|mln|thousand)\b)?",
    re.IGNORECASE,
)


def figures(text: str, lang: str) -> set[str]:
    """Every number in the text, canonical: dates as ISO, amounts with their scale, no sign."""
    found = set()
    for date, (start, end) in reversed(dates.find_dates(text)):
        found.add(date.isoformat())
        text = text[:start] + " " + text[end:]
    for match in _NUMBER.finditer(text):
        number = match.group(1)
        if re.fullmatch(r"\d{1,3}(?:[  ,.]\d{3})+", number):
            value = float(re.sub(r"[  ,.]", "", number))
        else:
            value = float(number.replace(",", "."))
        found.add(f"{value * _SCALE.get((match.group(2) or '').lower(), 1):g}")
    return found


def content_hash(*parts) -> str:
    return hashlib.sha256(
        "\x1f".join(" ".join(p) if isinstance(p, tuple) else p for p in parts).encode()
    ).hexdigest()[:12]


def _line_of(page_text: str, needle: str) -> int:
    probe = needle[:40]
    for number, line in enumerate(page_text.split("\n"), start=1):
        if probe and probe in line.replace("\\", ""):
            return number
    return 1


def translation_findings(
    article: Article, lang: str, page: str, page_text: str, terms: list
) -> list[Problem]:
    """Figures and gazetteer names of the original that a translation lost or changed."""
    translation = article.translations.get(lang)
    if not translation:
        return []
    source = (article.meta.title, *article.paragraphs)
    target = (translation.title, *translation.paragraphs)
    pairs = (
        list(zip(source, target, strict=True))
        if len(source) == len(target)
        else [(" ".join(source), " ".join(target))]
    )
    findings = []
    for original, translated in pairs:
        lost = sorted(figures(original, article.meta.lang) - figures(translated, lang))
        names = glossary.missing_names(original, translated, article.meta.lang, lang, terms)
        where = f"{page}:{_line_of(page_text, translated)}"
        if lost:
            findings.append(
                Problem(
                    gate="figures",
                    severity=ERROR,
                    path=where,
                    message=f"{', '.join(lost)} of the original is missing or changed in the "
                    f"{translation.kind} translation: «{original[:60]}…»; correct the translation",
                )
            )
        for name in dict.fromkeys(names):
            findings.append(
                Problem(
                    gate="names",
                    severity=ERROR,
                    path=where,
                    message=f"{name} (gazetteer) does not appear in the {translation.kind} "
                    f"translation of «{original[:60]}…»",
                    fix="use the gazetteer's form",
                )
            )
    return findings


_MARKUP = ("---", "#", "!!!", "    ", "{", "<", "←", "-   ", "**")


def _body_lines(page_text: str) -> list[tuple[int, str]]:
    """(line number, text) of a generated page's article paragraphs: no front matter, headings,
    boxes, bylines, link lines or the generator's labels."""
    lines = page_text.split("\n")
    end = lines.index("---", 1) + 1 if lines[:1] == ["---"] and "---" in lines[1:] else 0
    found = []
    for number, line in enumerate(lines[end:], start=end + 1):
        following = lines[number] if number < len(lines) else ""
        if (
            line.strip()
            and not line.startswith(_MARKUP)
            and "](" not in line
            and not following.startswith("{ .")
        ):
            found.append((number, line.replace("\\", "")))
    return found


def edited_page_findings(
    page: str, generated: str, edited: str, lang: str, terms: list
) -> list[Problem]:
    """Figures and gazetteer names that a hand edit of an article page changed: a figure of the
    generated text that the edited page lacks (naming the value the original has), a figure the
    edit brought that the original does not have, a name the edit lost."""
    made = " ".join(text for _, text in _body_lines(generated))
    kept = _body_lines(edited)
    wanted, have = figures(made, lang), figures(" ".join(text for _, text in kept), lang)
    findings = []
    for value in sorted(have - wanted):
        number = next((n for n, text in kept if value in figures(text, lang)), 1)
        findings.append(
            Problem(
                gate="figures",
                severity=ERROR,
                path=f"{page}:{number}",
                message=f"{value} is not a figure of the original (it has "
                f"{', '.join(sorted(wanted)) or 'none'}): a hand edit changed it; "
                "check it against the seed",
            )
        )
    for value in sorted(wanted - have):
        findings.append(
            Problem(
                gate="figures",
                severity=ERROR,
                path=page,
                message=f"{value} of the original is missing from the page after a hand edit; "
                "restore it or correct the seed",
            )
        )
    found = {
        id(term) for term, _, _ in glossary.find(terms, " ".join(text for _, text in kept), lang)
    }
    for term, _, _ in glossary.find(terms, made, lang):
        if id(term) not in found:
            found.add(id(term))
            findings.append(
                Problem(
                    gate="names",
                    severity=ERROR,
                    path=page,
                    message=f"{term.canonical(lang)} (gazetteer) was in the text and a hand edit "
                    "removed or misspelt it; use the gazetteer's form",
                )
            )
    return findings


def stale(record: dict | None, original: str, translation: str) -> tuple[bool, dict]:
    """Whether a translation is older than its original, and the version record to keep.

    A record notes the hashes of the original and of the translation when the translation was
    last written; a changed translation renews it, a changed original alone makes it stale.
    """
    if record is None or record.get("translation") != translation:
        return False, {"original": original, "translation": translation}
    return record.get("original") != original, record


# --- Duplicate and related stories ---------------------------------------------------------------

SAME_STORY, RELATED = 0.3, 0.1  # measured on tests/duplicates/pairs.yml (see guide/editors.md)


def shingles(article: Article, lang: str) -> array:
    """Stem 3-grams of the article's text in one language (its own, or its translation), each as a
    64-bit hash, sorted: 8 bytes each, small enough to keep in the build cache with the article
    (Article.shingles)."""
    if lang in article.shingles:
        return article.shingles[lang]
    from digest.text.lang import stem_words

    if lang == article.meta.lang:
        text = " ".join((article.meta.title, *article.paragraphs))
    elif lang in article.translations:
        tr = article.translations[lang]
        text = " ".join((tr.title, *tr.paragraphs))
    else:
        return array("Q")
    return _three_grams([s for s in stem_words(words(text), lang) if len(s) > 2])


_STEM_HASHES: dict[str, int] = {}  # stem -> its 64-bit hash, remembered (news vocabulary repeats)
# Odd multipliers: a 3-gram's hash is a*K1 + b*K2 + c modulo 2**64 over its stems' hashes (distinct
# 3-grams collide with probability ~2**-64).
_K1, _K2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F


def _three_grams(stems: list[str]) -> array:
    """The sorted, distinct 64-bit hashes of every run of three stems."""
    import numpy as np

    result = array("Q")
    if len(stems) < 3:
        return result
    known = _STEM_HASHES
    if len(known) > 200_000:
        known.clear()
    for stem in set(stems).difference(known):
        known[stem] = int.from_bytes(hashlib.blake2b(stem.encode(), digest_size=8).digest(), "big")
    h = np.fromiter(map(known.__getitem__, stems), dtype=np.uint64, count=len(stems))
    with np.errstate(over="ignore"):
        grams = np.sort(h[:-2] * np.uint64(_K1) + h[1:-1] * np.uint64(_K2) + h[2:])
    result.frombytes(grams[np.r_[True, grams[1:] != grams[:-1]]].tobytes())  # np.unique, cheaper
    return result


COMMON_SHINGLE = (
    50  # a 3-gram in more articles than this is boilerplate and says nothing about a story
)


def pair_scores(ordered: list[Article], floor: float = 0.0) -> dict[tuple[int, int], float]:
    """The best overlap coefficient over both languages for every pair sharing a shingle, of those
    scoring at least `floor`.

    Overlap (shared / smaller set) lets a short rewrite of a long article still score high. The
    shingles of all articles are sorted together, so that articles sharing one sit side by side
    and unrelated articles are never compared; memory grows with the shared pairs, not with the
    square of the number of articles.
    """
    import numpy as np

    best: dict[tuple[int, int], float] = {}
    count = len(ordered)
    for lang in LANGS:
        sets = [shingles(a, lang) for a in ordered]
        sizes = np.array([len(s) for s in sets], dtype=np.int64)
        if sizes.sum() == 0:
            continue
        grams = np.concatenate([np.frombuffer(s, dtype=np.uint64) for s in sets if len(s)])
        owners = np.repeat(np.arange(count, dtype=np.int64), sizes)
        order = np.argsort(grams, kind="stable")  # stable: owners stay ascending within a shingle
        grams, owners = grams[order], owners[order]
        starts = np.flatnonzero(np.r_[True, grams[1:] != grams[:-1]])
        lengths = np.diff(np.r_[starts, len(grams)])
        codes = []
        for k in range(2, COMMON_SHINGLE + 1):  # shingles held by k articles give k(k-1)/2 pairs
            at = starts[lengths == k]
            if not len(at):
                continue
            members = owners[at[:, None] + np.arange(k)]
            first, second = np.triu_indices(k, 1)
            codes.append((members[:, first] * count + members[:, second]).ravel())
        if not codes:
            continue
        pairs, shared = np.unique(np.concatenate(codes), return_counts=True)
        left, right = np.divmod(pairs, count)
        scores = shared / np.minimum(sizes[left], sizes[right])
        keep = scores >= floor
        for i, j, score in zip(
            left[keep].tolist(), right[keep].tolist(), scores[keep].tolist(), strict=True
        ):
            if score > best.get((i, j), 0.0):
                best[i, j] = score
    return best


def story_similarity(a: Article, b: Article) -> float:
    return pair_scores([a, b]).get((0, 1), 0.0)


def stories(
    articles: list[Article],
) -> tuple[list[list[Article]], list[tuple[Article, Article, float]]]:
    """Groups of articles telling the same story (two or more), and related pairs below that."""
    ordered = sorted(articles, key=lambda a: a.seed.path)
    parent = {a.seed.path: a.seed.path for a in ordered}

    def root(path: str) -> str:
        while parent[path] != path:
            path = parent[path]
        return path

    best = pair_scores(ordered, floor=RELATED)
    related = []
    for (i, j), score in sorted(best.items()):
        a, b = ordered[i], ordered[j]
        if score >= SAME_STORY:
            parent[root(b.seed.path)] = root(a.seed.path)
        elif score >= RELATED:
            related.append((a, b, round(score, 3)))
    groups: dict[str, list[Article]] = {}
    for article in ordered:
        groups.setdefault(root(article.seed.path), []).append(article)
    return [g for g in groups.values() if len(g) > 1], related
