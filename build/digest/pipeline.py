"""Orchestration only: read seeds, make articles, render pages, sync docs/, build the site."""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import read
from .clean import clean
from .meta import extract
from .model import LANGS, Article, DigestError, Seed
from .render import article_path, render_site, slugify
from .summarize import lede, summarize
from .write import SyncReport, sync


@dataclass
class Outcome:
    """What a run made of every seed: articles, and a warning per skipped seed."""

    articles: list[Article] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # seed path -> message

    @property
    def warnings(self) -> list[str]:
        notes = [w for a in self.articles for w in a.warnings]
        return sorted(self.skipped.values()) + notes


def make_article(seed: Seed) -> Article:
    cleaned = clean(seed.text)
    if not cleaned.paragraphs:
        raise DigestError(
            seed.path, "no article text left after cleaning", f"check the file (`digest explain {seed.path}` shows each line's rule)"
        )
    meta = extract(cleaned)
    title = "" if meta.title_generated else meta.title
    summary = summarize(cleaned.paragraphs, meta.lang, title)
    return Article(
        seed=seed, slug="", meta=meta, paragraphs=cleaned.paragraphs, summary=summary,
        lede=lede(cleaned.paragraphs, meta.lang, title), credits=cleaned.credits,
    )


def assign_slugs(articles: list[Article]) -> list[Article]:
    """A slug per article from its title; a clash gets -2, -3 in seed order."""
    taken: set[str] = set()
    result = []
    for article in sorted(articles, key=lambda a: a.seed.path):
        base = slugify(article.meta.title)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        result.append(replace(article, slug=slug))
    return result


def collect(root: Path) -> Outcome:
    """Read and process every seed; a bad seed becomes a warning and the others go on."""
    outcome = Outcome()
    seen: dict[str, str] = {}
    for path in read.discover(root / "seeds"):
        rel = path.relative_to(root).as_posix()
        try:
            seed = read.read_seed(path, root)
            if seed.sha256 in seen:
                raise DigestError(rel, f"the same bytes as {seen[seed.sha256]}", "delete one of the two files")
            seen[seed.sha256] = rel
            outcome.articles.append(make_article(seed))
        except DigestError as error:
            outcome.skipped[rel] = f"skipped {error.message}"
    outcome.articles = assign_slugs(outcome.articles)
    return outcome


def _source_date_epoch(articles: list[Article]) -> int:
    """Build time stamps (sitemap) come from the newest article, never the clock."""
    newest = max((a.meta.published for a in articles if a.meta.published), default="2000-01-01")
    return calendar.timegm(dt.date.fromisoformat(newest).timetuple())


@dataclass
class BuildReport:
    outcome: Outcome
    sync: SyncReport
    seconds: float

    def line(self) -> str:
        s = self.sync
        return (
            f"{len(self.outcome.articles)} articles, {len(self.outcome.articles) * len(LANGS) + len(LANGS)} pages: "
            f"{len(s.written)} written, {len(s.removed)} removed, {len(s.kept_edits)} kept as edited by hand; "
            f"{len(self.outcome.warnings) + len(s.kept_edits)} warnings; {self.seconds:.1f} s"
        )


def build(root: Path, strict: bool = False, site: bool = True, force: frozenset[str] = frozenset(), offline: bool = False) -> BuildReport:
    started = time.perf_counter()
    # Gather everything first ...
    outcome = collect(root)
    pages = render_site(outcome.articles)
    # ... then write docs/ (only what changed) and build both sites from it.
    report = sync(root / "docs", pages, force=force)
    if site:
        from .site import build_site

        build_site(root, strict=strict, source_date_epoch=_source_date_epoch(outcome.articles), offline=offline)
    return BuildReport(outcome=outcome, sync=report, seconds=time.perf_counter() - started)


def status(root: Path) -> list[dict[str, object]]:
    """One entry per seed, as `digest status --json` prints it."""
    outcome = collect(root)
    entries: list[dict[str, object]] = []
    for article in outcome.articles:
        entries.append(
            {
                "seed": article.seed.path,
                "lang": article.meta.lang,
                "title": article.meta.title,
                "title_generated": article.meta.title_generated,
                "published": article.meta.published,
                "summary": list(article.summary),
                "translations": {lang: article.translation_status(lang) for lang in LANGS},
                "pages": [f"docs/{article_path(lang, article.slug)}" for lang in LANGS],
                "warnings": list(article.warnings),
            }
        )
    for path, message in outcome.skipped.items():
        entries.append(
            {"seed": path, "lang": None, "title": None, "title_generated": False, "published": None, "summary": [],
             "translations": {}, "pages": [], "warnings": [message]}
        )
    return sorted(entries, key=lambda e: str(e["seed"]))
