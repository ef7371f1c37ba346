"""Orchestration only: read seeds, make articles, render pages, sync docs/, build the site."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import os
import posixpath
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.enrich import facets, glossary
from digest.enrich.summarize import lede, summarize
from digest.ingest import editorial, read
from digest.ingest.clean import clean
from digest.ingest.editorial import SIDECAR_SUFFIX, Editorial
from digest.ingest.meta import extract, with_declared
from digest.model import LANGS, Article, Cleaned, DigestError, Seed, Translation
from digest.progress import Phase, counted
from digest.publish import feeds, gates
from digest.publish.docs import SyncReport, atomic_write, edited_pages, sync
from digest.publish.render import article_path, iter_pages, listing_order, slugify
from digest.store import cache
from digest.text.lang import LANGUAGE_NAMES
from digest.translate.memory import MEMORY, Memory
from digest.translate.segments import assemble


@dataclass
class Outcome:
    """What a run made of every seed: articles, and a warning per skipped seed."""

    articles: list[Article] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # seed path -> message
    vocabulary: Vocabulary | None = None
    versions: dict = field(default_factory=dict)  # seed -> {lang: {original, translation}}

    @property
    def warnings(self) -> list[str]:
        notes = [w for a in self.articles for w in a.warnings]
        return sorted(self.skipped.values()) + notes


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


def without_headline(cleaned: Cleaned, declared: tuple) -> Cleaned:
    """An HTML page's headline opens its text; where our cleaner kept it as a paragraph, it goes (shown once, as the title)."""
    title = next((d.value for d in declared if d.name == "title"), None)
    if not title or not cleaned.paragraphs:
        return cleaned
    same = " ".join(title.split()).casefold()
    return replace(
        cleaned,
        paragraphs=tuple(p for p in cleaned.paragraphs if " ".join(p.split()).casefold() != same),
        core=tuple(p for p in cleaned.core if " ".join(p.split()).casefold() != same),
    )


def make_article(
    seed: Seed,
    editorial: Editorial = Editorial(),
    problems: tuple[str, ...] = (),
    vocabulary: Vocabulary = Vocabulary(),
) -> Article:
    """Clean, describe and summarise one seed; what an editor set in its sidecar wins."""
    declared_title = next((d.value for d in seed.declared if d.name == "title"), None)
    cleaned = without_headline(clean(seed.text, declared_title), seed.declared)
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
            f"{seed.path.rsplit('.', 1)[0]}.yml: `topics` has {name!r}, which is not in topics.yml; "
            f"use a topic id or name from topics.yml, or add the topic there"
            for name in unknown
        )
    if detected.language_found and not editorial.lang and not editorial.hidden:
        sidecar = f"{seed.path.rsplit('.', 1)[0]}{SIDECAR_SUFFIX}"
        problems += (
            f"{seed.path}: the text is in {LANGUAGE_NAMES.get(detected.language_found, detected.language_found)}, not Russian or "
            f"English; it is published as {LANGUAGE_NAMES[detected.lang]} until you decide: set `lang: ru` or `lang: en` in "
            f"{sidecar} to publish it in that language, or `hidden: true` to keep it off the site",
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
    summary = editorial.summary.get(meta.lang) or summarize(
        cleaned.summary_source, meta.lang, title
    )
    first = (
        summary[0]
        if editorial.summary.get(meta.lang)
        else lede(cleaned.summary_source, meta.lang, title)
    )
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


def editorial_translations(editorial: Editorial, original: str) -> dict[str, Translation]:
    """Translations an editor wrote in the sidecar; a missing summary is made from the translated text."""
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


def assign_slugs(articles: list[Article]) -> list[Article]:
    """An editor's slug first; otherwise one from the title, a clash getting -2, -3 in seed order."""
    taken: dict[str, str] = {}
    result = []
    ordered = sorted(articles, key=lambda a: (a.editorial_slug is None, a.seed.path))
    for article in ordered:
        warnings = list(article.warnings)
        if article.editorial_slug and article.editorial_slug not in taken:
            slug = article.editorial_slug
        else:
            if article.editorial_slug:
                warnings.append(
                    f"{article.seed.path}: slug `{article.editorial_slug}` is already used by {taken[article.editorial_slug]}; "
                    "set another `slug` in its sidecar (a generated one is used meanwhile)"
                )
            base = slugify(article.meta.title)
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
        taken[slug] = article.seed.path
        result.append(replace(article, slug=slug, warnings=tuple(warnings)))
    return sorted(result, key=lambda a: a.seed.path)


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


def with_stories(articles: list[Article]) -> list[Article]:
    """Link articles telling the same story (only the first is listed) and related ones."""
    groups, related = gates.stories(articles)
    by_path = {a.seed.path: a for a in articles}
    links: dict[str, dict] = {
        path: {"same_story": (), "related": (), "listed": True} for path in by_path
    }
    for group in groups:
        for position, article in enumerate(group):
            links[article.seed.path].update(
                same_story=tuple(a.seed.path for a in group if a is not article),
                listed=position == 0,
            )
    for a, b, _ in sorted(related, key=lambda r: -r[2]):  # the five closest per article
        if len(links[a.seed.path]["related"]) < 5 and len(links[b.seed.path]["related"]) < 5:
            links[a.seed.path]["related"] += (b.seed.path,)
            links[b.seed.path]["related"] += (a.seed.path,)
    for path, others in _sharing_names(
        articles
    ).items():  # then articles naming the same people and organisations
        have = links[path]["related"] + links[path]["same_story"]
        links[path]["related"] += tuple(o for o in others if o not in have)[
            : max(0, RELATED_LINKS - len(links[path]["related"]))
        ]
    return [
        replace(
            article,
            listed=links[article.seed.path]["listed"],
            same_story=tuple(by_path[p] for p in links[article.seed.path]["same_story"]),
            related=tuple(by_path[p] for p in links[article.seed.path]["related"]),
        )
        for article in articles
    ]


RELATED_LINKS = 5
_COMMON_NAME = 50  # a name in more articles than this (or a tenth of them, at least 3) relates nothing: the ministry of every other report


def _sharing_names(articles: list[Article]) -> dict[str, tuple[str, ...]]:
    """Per article, the others that name the same people or organisations (the rarer names they
    share weigh more; then shared topics, then the newer), at most RELATED_LINKS each."""
    by_name: dict[tuple, list[Article]] = {}
    for article in (a for a in articles if not a.hidden):  # a hidden article is linked from nowhere
        for term in article.entities:
            by_name.setdefault(tuple(term.forms["en"]), []).append(article)
    scores: dict[str, Counter] = defaultdict(Counter)
    common = min(_COMMON_NAME, max(3, len(articles) // 10))
    for holders in by_name.values():
        if 1 < len(holders) <= common:
            for a in holders:
                scores[a.seed.path].update(
                    {b.seed.path: 1 / len(holders) for b in holders if b is not a}
                )
    by_path = {a.seed.path: a for a in articles}
    found = {}
    for path, others in scores.items():
        topics = set(by_path[path].meta.topics)
        ranked = sorted(
            others, key=lambda o: (-others[o], -len(topics & set(by_path[o].meta.topics)), o)
        )
        found[path] = tuple(ranked[:RELATED_LINKS])
    return found


@dataclass(frozen=True)
class SeedFile:
    """One seed as the pipeline sees it: its bytes, its sidecar's bytes and its version records."""

    path: Path
    rel: str
    data: bytes
    sidecar: bytes | None
    records: dict

    def cache_key(self, shared: str) -> str:
        return cache.key(
            shared,
            self.rel,
            self.data,
            self.sidecar if self.sidecar is not None else b"\0none",
            json.dumps(self.records, sort_keys=True),
        )


def process_seed(
    item: SeedFile, vocabulary: Vocabulary, memory: Memory
) -> tuple[str, Article, dict]:
    """(hash of the whitespace-normalised text, article, version records to keep); raises DigestError."""
    sidecar, problems = (
        editorial.from_bytes(item.sidecar, item.rel.rsplit(".", 1)[0] + editorial.SIDECAR_SUFFIX)
        if item.sidecar is not None
        else (Editorial(), [])
    )
    seed = read.seed_from_bytes(
        item.data, item.rel, charset=sidecar.charset, url=sidecar.source_url
    )
    same_text = hashlib.sha256(" ".join(seed.text.split()).encode()).hexdigest()
    article = make_article(seed, sidecar, tuple(problems), vocabulary)
    article, records = with_versions(article, item.records)
    article = replace(article, seed=replace(seed, text=""))  # the raw text is not needed after this
    return same_text, with_derived(with_machine_translations(article, memory)), records


def with_derived(article: Article) -> Article:
    """Duplicate-detection shingles per language, computed once and cached with the seed."""
    return replace(article, shingles={lang: gates.shingles(article, lang) for lang in LANGS})


_worker: dict = {}


def _start_worker(vocabulary: Vocabulary, memory_path: Path) -> None:
    _worker.update(vocabulary=vocabulary, memory=Memory(memory_path))


def _process_in_worker(item: SeedFile):
    try:
        return process_seed(item, _worker["vocabulary"], _worker["memory"])
    except DigestError as error:
        return error.message


LARGE_SITE = 500  # articles from which a build reports its phases in a log (a terminal shows them live after a second)
PARALLEL_FROM = 200  # seeds to process before a second process pays for its start (~0.5 s)


def process_all(items: list[SeedFile], vocabulary: Vocabulary, memory_path: Path) -> list:
    """process_seed for each item, in order; a DigestError becomes its message. Two processes for many seeds."""
    if not items:
        return []
    _start_worker(
        vocabulary, memory_path
    )  # also checks the translation memory before any worker starts
    phase = Phase("seeds", len(items), large=len(items) >= PARALLEL_FROM)
    if len(items) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        results = list(counted(map(_process_in_worker, items), phase))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=2,
            mp_context=context,
            initializer=_start_worker,
            initargs=(vocabulary, memory_path),
        ) as pool:
            results = list(counted(pool.map(_process_in_worker, items, chunksize=32), phase))
    phase.end(f"{len(items)} processed")
    return results


def read_seed_files(root: Path) -> list[SeedFile]:
    versions = (
        json.loads((root / VERSIONS).read_text(encoding="utf-8"))
        if (root / VERSIONS).is_file()
        else {}
    )
    items = []
    for path in read.discover(root / "seeds"):
        rel = path.relative_to(root).as_posix()
        sidecar = editorial.sidecar_path(path)
        items.append(
            SeedFile(
                path,
                rel,
                path.read_bytes(),
                sidecar.read_bytes() if sidecar.is_file() else None,
                versions.get(rel, {}),
            )
        )
    return items


def shared_inputs(root: Path) -> str:
    """What every seed's processing depends on besides the seed: topics, gazetteer, translation memory."""
    memory = root / MEMORY
    return cache.file_hash(
        root / facets.TOPICS,
        root / glossary.GAZETTEER,
        memory,
        memory.with_name(memory.name + ".journal"),
    )


def collect(root: Path, items: list[SeedFile] | None = None, shared: str | None = None) -> Outcome:
    """Read and process every seed; a bad seed becomes a warning and the others go on.

    What a seed makes is cached by content (build/digest/store/cache.py): only new or changed seeds
    are processed, in two processes when there are many."""
    outcome = Outcome()
    vocabulary = Vocabulary.load(root)
    items = read_seed_files(root) if items is None else items
    store = cache.Cache(root)
    shared = shared_inputs(root) if shared is None else shared
    keys = [item.cache_key(shared) for item in items]
    results = [store.load(k) for k in keys]
    missing = [i for i, result in enumerate(results) if result is None]
    for i, result in zip(
        missing, process_all([items[i] for i in missing], vocabulary, root / MEMORY)
    ):
        results[i] = result
        if not isinstance(result, str):
            store.store(keys[i], result)
    store.prune()
    seen: dict[str, str] = {}
    for item, result in zip(items, results):
        if isinstance(result, str):
            outcome.skipped[item.rel] = f"skipped {result}"
            continue
        same_text, article, records = result
        if same_text in seen:
            outcome.skipped[item.rel] = (
                f"skipped {item.rel}: the same text as {seen[same_text]} (published once); delete one of the two files"
            )
            continue
        seen[same_text] = item.rel
        outcome.versions[item.rel] = records
        outcome.articles.append(article)
    stems = {item.path.with_suffix("") for item in items}
    for sidecar_file in sorted((root / "seeds").glob(f"*{editorial.SIDECAR_SUFFIX}")):
        if sidecar_file.with_suffix("") not in stems:
            rel = sidecar_file.relative_to(root).as_posix()
            outcome.skipped[rel] = (
                f"{rel}: no seed file beside this sidecar; rename it after its seed or delete it"
            )
    outcome.articles = with_stories(assign_slugs(outcome.articles))
    outcome.versions = {
        seed: records for seed, records in sorted(outcome.versions.items()) if records
    }
    outcome.vocabulary = vocabulary
    return outcome


def _source_date_epoch(articles: list[Article]) -> int:
    """Build time stamps (sitemap) come from the newest article, never the clock."""
    newest = max((a.meta.published for a in articles if a.meta.published), default="2000-01-01")
    return calendar.timegm(dt.date.fromisoformat(newest).timetuple())


@dataclass
class BuildReport:
    articles: int
    warnings: list[str]
    sync: SyncReport
    seconds: float
    pages: int = 0
    findings: list = field(default_factory=list)  # quality gates that failed
    site_current: bool = (
        False  # nothing changed: site/ was already what this build would make, and was left alone
    )

    def line(self) -> str:
        s = self.sync
        return (
            f"{self.articles} articles, {self.pages} pages: "
            f"{len(s.written)} written, {len(s.removed)} removed, {len(s.kept_edits)} kept as edited by hand; "
            f"{len(self.warnings) + len(s.conflicts) + len(self.findings)} warnings; {self.seconds:.1f} s"
        ) + (
            "; nothing changed: docs/ and site/ were up to date, nothing built"
            if self.site_current
            else ""
        )


@dataclass(frozen=True)
class _Run:
    """What a build leaves in the run cache for the next one to reuse when nothing changed: small
    (the articles themselves stay in the per-seed cache), so that reusing it costs little."""

    docs: str  # cache.tree_signature of docs/ after the build
    articles: int
    warnings: list[str]
    feed_articles: list[Article]  # the newest visible ones, as many as a feed holds
    epoch: int  # SOURCE_DATE_EPOCH of the site build
    sync: SyncReport
    pages: int
    findings: list


def _run_key(root: Path, items: list[SeedFile], shared: str) -> str:
    names = sorted(p.name for p in (root / "seeds").iterdir()) if (root / "seeds").is_dir() else []
    return cache.key(shared, *(item.cache_key("") for item in items), "\0".join(names))


def _feed_articles(articles: list[Article]) -> list[Article]:
    newest = listing_order([a for a in articles if not a.hidden])[: feeds.FEED_SIZE]
    return [
        replace(a, same_story=(), related=()) for a in newest
    ]  # links to other articles: not in feeds


def last_run(root: Path) -> _Run | None:
    """The last build's result when no input and no docs/ file changed since; else None."""
    items, shared = read_seed_files(root), shared_inputs(root)
    last = cache.Cache(root).load_run(_run_key(root, items, shared))
    if isinstance(last, _Run) and last.docs == cache.tree_signature(root / "docs"):
        return replace(
            last,
            sync=SyncReport(
                kept_edits=last.sync.kept_edits, conflicts=last.sync.conflicts, unchanged=last.pages
            ),
        )
    return None


def update_docs(root: Path, force: frozenset[str] = frozenset()) -> _Run:
    """Collect, render and sync docs/ (last_run() tells first whether that can be skipped).

    Pages are rendered, checked and written one at a time: memory holds the articles, not the site."""
    items, shared = read_seed_files(root), shared_inputs(root)
    store, run_key = cache.Cache(root), _run_key(root, items, shared)
    outcome = collect(root, items, shared)
    page_gates = PageGates(outcome)
    pages = iter_pages(
        outcome.articles, list(outcome.vocabulary.topics), list(outcome.vocabulary.terms)
    )
    phase = Phase("pages of docs/", large=len(outcome.articles) >= LARGE_SITE)
    report = sync(
        root / "docs",
        counted(page_gates.watch(pages), phase),
        force=frozenset(p.removeprefix("docs/") for p in force),
        on_kept=page_gates.edited,
    )
    phase.end(f"{len(report.written)} written")
    versions_text = (
        json.dumps(outcome.versions, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if outcome.versions
        else None
    )
    current = (root / VERSIONS).read_text(encoding="utf-8") if (root / VERSIONS).is_file() else None
    if versions_text and versions_text != current:
        atomic_write(root / VERSIONS, versions_text)
        # The next run reads these records with its seeds: key this run as that one will see it.
        run_key = _run_key(
            root,
            [replace(item, records=outcome.versions.get(item.rel, {})) for item in items],
            shared,
        )
    findings = [
        f for f in article_findings(outcome) + page_gates.findings() if f.severity == gates.ERROR
    ]
    run = _Run(
        docs=cache.tree_signature(root / "docs"),
        articles=len(outcome.articles),
        warnings=outcome.warnings,
        feed_articles=_feed_articles(outcome.articles),
        epoch=_source_date_epoch(outcome.articles),
        sync=report,
        pages=len(page_gates.paths),
        findings=findings,
    )
    store.store_run(run_key, run)
    return run


def build(
    root: Path,
    strict: bool = False,
    site: bool = True,
    force: frozenset[str] = frozenset(),
    offline: bool = False,
) -> BuildReport:
    started = time.perf_counter()
    run = None if force else last_run(root)
    docs_reused = run is not None
    if run is None:
        # Before the two MkDocs processes start, the pipeline's memory must be free: it runs in a
        # process of its own, which gives all of it back when it ends.
        run = _in_own_process(update_docs, root, force) if site else update_docs(root, force)
    if site:
        from digest.publish.site import (
            build_site,
            forget_site,
            record_site,
            release_memory,
            site_inputs,
            site_is_current,
        )

        inputs = site_inputs(root, run.docs, offline, run.epoch)  # run.docs: docs/ as it is now
        if docs_reused and not offline and site_is_current(root, inputs, strict):
            return BuildReport(
                articles=run.articles,
                warnings=run.warnings,
                sync=run.sync,
                seconds=time.perf_counter() - started,
                pages=run.pages,
                findings=run.findings,
                site_current=True,
            )
        forget_site(root)
        release_memory()  # what reading and hashing the inputs left (~30 MB at 3,000), before the MkDocs processes start
        with Phase(
            "sites (MkDocs, Russian and English at once) and search indexes",
            large=run.articles >= LARGE_SITE,
        ):
            built = build_site(root, strict=strict, source_date_epoch=run.epoch, offline=offline)
        topics = {t.id: t for t in facets.load_topics(root / facets.TOPICS)}
        for lang, (site_url, site_dir) in built.items():
            (site_dir / feeds.RSS).write_text(
                feeds.rss(run.feed_articles, lang, site_url, topics), encoding="utf-8"
            )
            (site_dir / feeds.JSON_FEED).write_text(
                feeds.json_feed(run.feed_articles, lang, site_url, topics), encoding="utf-8"
            )
        if offline:
            from digest.publish.site import zip_site

            zip_site(root / "site", root / "dist" / "industry-digest-offline.zip", run.epoch)
        record_site(root, inputs, strict)
    return BuildReport(
        articles=run.articles,
        warnings=run.warnings,
        sync=run.sync,
        seconds=time.perf_counter() - started,
        pages=run.pages,
        findings=run.findings,
    )


def _in_own_process(function, *args):
    """function(*args) in a spawned process; its exceptions are raised here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from digest.publish.site import die_with_parent

    with ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent
    ) as pool:
        return pool.submit(function, *args).result()


_LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def article_findings(outcome: Outcome) -> list[gates.Finding]:
    """The gates that need no page: missing and stale translations, missing dates, stories told twice."""
    findings: list[gates.Finding] = []
    for article in outcome.articles:
        if article.hidden:
            continue
        for lang in LANGS:
            page = article_path(lang, article.slug)
            status_ = article.translation_status(lang)
            if status_ == "missing":
                findings.append(
                    gates.Finding(
                        "translation",
                        gates.NOTICE,
                        f"docs/{page}",
                        f"no {lang} translation yet; "
                        "write one in the sidecar or run `digest translate`",
                    )
                )
            elif status_ != "original" and article.translations[lang].stale:
                translation = article.translations[lang]
                findings.append(
                    gates.Finding(
                        "stale",
                        gates.ERROR,
                        f"docs/{page}",
                        f"the {translation.kind} translation is older than "
                        f"its original {article.seed.path}; update it"
                        + (
                            " in the sidecar"
                            if translation.kind == "editorial"
                            else " with `digest translate`"
                        ),
                    )
                )
        if not article.meta.published:
            findings.append(
                gates.Finding(
                    "date",
                    gates.NOTICE,
                    article.seed.path,
                    "no publication date in the seed; set `published` "
                    "in its sidecar if you know it",
                )
            )
        if article.same_story and article.listed:
            others = ", ".join(o.seed.path for o in article.same_story)
            findings.append(
                gates.Finding(
                    "duplicates",
                    gates.NOTICE,
                    article.seed.path,
                    f"the same story as {others}: published as one "
                    "story with several sources; delete one seed if they are the same report",
                )
            )
    return findings


class PageGates:
    """The gates that read generated pages (figures and names a translation lost, links to pages
    that do not exist), fed one page at a time as the pages stream to docs/."""

    def __init__(self, outcome: Outcome):
        self.terms = list(outcome.vocabulary.terms) if outcome.vocabulary else []
        self.translated = {
            article_path(lang, a.slug): (a, lang)
            for a in outcome.articles
            if not a.hidden
            for lang in LANGS
            if a.translation_status(lang) in ("editorial", "machine")
        }
        self.paths: set[str] = set()
        self._found: list[gates.Finding] = []
        self._links: list[tuple[str, str, int]] = []  # (page, target, line)

    def see(self, path: str, text: str) -> None:
        self.paths.add(path)
        if path in self.translated:
            article, lang = self.translated[path]
            self._found += gates.translation_findings(
                article, lang, f"docs/{path}", text, self.terms
            )
        for target in _LINK.findall(text):
            self._links.append((path, target, text[: text.index(target)].count("\n") + 1))

    def edited(self, path: str, existing: str, text: str) -> None:
        """A hand-edited page that sync kept (write.sync's on_kept): what the edit changed of its figures and names."""
        if "/articles/" in path:
            self._found += gates.edited_page_findings(
                f"docs/{path}", text, existing, path.split("/", 1)[0], self.terms
            )

    def watch(self, pages: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        for path, text in pages:
            self.see(path, text)
            yield path, text

    def findings(self) -> list[gates.Finding]:
        broken = [
            gates.Finding(
                "links",
                gates.ERROR,
                f"docs/{path}:{line}",
                f"links to {target}, which is not generated",
            )
            for path, target, line in sorted(self._links)
            if posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) not in self.paths
        ]
        return self._found + broken


def check(root: Path) -> list[gates.Finding]:
    """Every gate, without writing anything."""
    outcome = collect(root)
    findings = [
        gates.Finding(
            "seed", gates.ERROR, message.split(":", 1)[0].removeprefix("skipped "), message
        )
        for message in sorted(outcome.skipped.values())
    ]
    findings += [
        gates.Finding("sidecar", gates.ERROR, w.split(":", 1)[0], w)
        for a in outcome.articles
        for w in a.warnings
    ]
    page_gates = PageGates(outcome)
    pages = iter_pages(
        outcome.articles, list(outcome.vocabulary.topics), list(outcome.vocabulary.terms)
    )
    plan = sync(root / "docs", page_gates.watch(pages), dry_run=True, on_kept=page_gates.edited)
    findings += [
        gates.Finding(
            "hand edits",
            gates.ERROR,
            f"docs/{rel}",
            "edited by hand, and what it is generated "
            f"from changed since: merge by hand or `digest build --force {rel}`",
        )
        for rel in plan.conflicts
    ]
    created = set(plan.created)
    findings += [
        gates.Finding(
            "sync",
            gates.ERROR,
            f"docs/{rel}",
            ("not generated yet" if rel in created else "out of date")
            + ": run `digest build` and commit docs/",
        )
        for rel in plan.written
    ]
    return findings + article_findings(outcome) + page_gates.findings()


def status(root: Path) -> list[dict[str, object]]:
    """One entry per seed, as `digest status --json` prints it."""
    outcome = collect(root)
    edited = set(edited_pages(root / "docs"))
    entries: list[dict[str, object]] = []
    for article in outcome.articles:
        pages = (
            [] if article.hidden else [f"docs/{article_path(lang, article.slug)}" for lang in LANGS]
        )
        entries.append(
            {
                "seed": article.seed.path,
                "lang": article.meta.lang,
                "title": article.meta.title,
                "title_generated": article.meta.title_generated,
                "published": article.meta.published,
                "summary": list(article.summary),
                "translations": {lang: article.translation_status(lang) for lang in LANGS},
                "pages": pages,
                "warnings": list(article.warnings),
                "edited": [p for p in pages if p.removeprefix("docs/") in edited],
                "stale": sorted(lang for lang, tr in article.translations.items() if tr.stale),
                "hidden": article.hidden,
                "same_story": [other.seed.path for other in article.same_story],
                "related": [other.seed.path for other in article.related],
            }
        )
    for path, message in outcome.skipped.items():
        entries.append(
            {
                "seed": path,
                "lang": None,
                "title": None,
                "title_generated": False,
                "published": None,
                "summary": [],
                "translations": {},
                "pages": [],
                "warnings": [message],
                "edited": [],
                "hidden": False,
                "stale": [],
                "same_story": [],
                "related": [],
            }
        )
    return sorted(entries, key=lambda e: str(e["seed"]))
