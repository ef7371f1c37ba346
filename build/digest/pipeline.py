"""Orchestration only: read seeds, make articles, render pages, sync docs/, build the site."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from digest import config
from digest.collection import Outcome, SeedFile, collect, read_seed_files, shared_inputs
from digest.config import Config
from digest.enrich import facets
from digest.model import ERROR, LANGS, Article, Problem
from digest.progress import Phase, counted
from digest.publish import feeds
from digest.publish.checks import PageGates, article_findings
from digest.publish.docs import (
    SyncReport,
    edited_pages,
    merged,
    remove_stale,
    remove_stale_temp_files,
    sync,
    sync_pages,
)
from digest.publish.listings import Rendered, iter_pages
from digest.publish.render import article_path, listing_order
from digest.publish.site import process_start
from digest.store import cache
from digest.store.files import atomic_write
from digest.translate.attach import VERSIONS

# Articles from which a build reports its phases in a log (a terminal shows them live after 1 s).
LARGE_SITE = 500
# Articles for which each language's pages are made in a process of their own: from LARGE_SITE,
# below this. The forked process holds a copy of every article it reads (at 3,000 per language all
# the build's processes together peaked at 548 MB with it, against 474 without and a target of 500).
PARALLEL_PAGES_BELOW = 4000


def _source_date_epoch(articles: list[Article]) -> int:
    """Build time stamps (sitemap) come from the newest article, never the clock."""
    newest = max((a.meta.published for a in articles if a.meta.published), default="2000-01-01")
    return calendar.timegm(dt.date.fromisoformat(newest).timetuple())


@dataclass
class BuildReport:
    articles: int
    warnings: list[Problem]
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
            f"{len(s.written)} written, {len(s.removed)} removed, {len(s.kept_edits)} kept as "
            "edited by hand; "
            f"{len(self.warnings) + len(s.conflicts) + len(self.findings)} warnings; "
            f"{self.seconds:.1f} s"
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
    warnings: list[Problem]
    feed_articles: list[Article]  # the newest visible ones, as many as a feed holds
    epoch: int  # SOURCE_DATE_EPOCH of the site build
    sync: SyncReport
    pages: int
    findings: list


def _run_key(root: Path, settings: Config, items: list[SeedFile], shared: str) -> str:
    seeds = root / settings.seeds
    names = sorted(p.name for p in seeds.iterdir()) if seeds.is_dir() else []
    return cache.key(shared, *(item.cache_key("") for item in items), "\0".join(names))


def _feed_articles(articles: list[Article], size: int) -> list[Article]:
    """The newest visible articles, without their links to other articles (feeds show none)."""
    newest = listing_order([a for a in articles if not a.hidden])[:size]
    return [replace(a, same_story=(), related=()) for a in newest]


def last_run(root: Path, settings: Config) -> _Run | None:
    """The last build's result when no input and no docs/ file changed since; else None."""
    items, shared = read_seed_files(root, settings), shared_inputs(root, settings)
    last = cache.Cache(root).load_run(_run_key(root, settings, items, shared))
    if isinstance(last, _Run) and last.docs == cache.tree_signature(root / "docs"):
        unchanged = SyncReport(
            kept_edits=last.sync.kept_edits, conflicts=last.sync.conflicts, unchanged=last.pages
        )
        return replace(last, sync=unchanged)
    return None


def _versions_text(outcome: Outcome) -> str | None:
    if not outcome.versions:
        return None
    return json.dumps(outcome.versions, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def update_docs(
    root: Path,
    settings: Config,
    force: frozenset[str] = frozenset(),
    in_parallel: bool | None = None,
) -> _Run:
    """Collect, render and sync docs/ (last_run() tells first whether that can be skipped).

    Pages are rendered, checked and written one at a time: memory holds the articles, not the
    site. `in_parallel`: each language's pages in a process of its own (None: on a large site
    below PARALLEL_PAGES_BELOW articles, where this process may fork)."""
    # Every seed -> its article (cached per seed), the articles linked to each other.
    items, shared = read_seed_files(root, settings), shared_inputs(root, settings)
    store, run_key = cache.Cache(root), _run_key(root, settings, items, shared)
    outcome = collect(root, items, shared, settings)
    # Pages rendered, read by the page gates and synced to docs/, one at a time: the English ones
    # in a process of their own while this one makes the Russian ones, on a large site.
    page_gates = PageGates(outcome)
    rendered = Rendered(store.load_markdown(), root / "docs")
    docs_force = frozenset(p.removeprefix("docs/") for p in force)
    phase = Phase("pages of docs/", large=len(outcome.articles) >= LARGE_SITE)
    remove_stale_temp_files(root / "docs")

    def sync_languages(langs: tuple[str, ...], shown: Phase | None) -> _Synced:
        pages = page_gates.watch(
            iter_pages(
                outcome.articles,
                list(outcome.vocabulary.topics),
                list(outcome.vocabulary.terms),
                settings,
                rendered,
                langs,
            )
        )
        report, seen = sync_pages(
            root / "docs",
            counted(pages, shown) if shown else pages,
            force=docs_force,
            on_kept=page_gates.edited,
            on_disk=rendered.read_back,
        )
        return _Synced(report, seen, rendered.now, page_gates.seen())

    if in_parallel is None:
        in_parallel = (
            LARGE_SITE <= len(outcome.articles) < PARALLEL_PAGES_BELOW and process_start() == "fork"
        )
    if in_parallel:
        english, russian = _forked(
            lambda: sync_languages(LANGS[1:], None), lambda: sync_languages(LANGS[:1], phase)
        )
        page_gates.absorb(english.gates)
        rendered.now.update(english.rendered)
        synced = [russian, english]
    else:
        synced = [sync_languages(LANGS, phase)]
    report = remove_stale(
        root / "docs",
        set().union(*(s.seen for s in synced)),
        merged(s.report for s in synced),
        docs_force,
    )
    phase.end(f"{len(report.written)} written")
    if rendered.changed:
        store.store_markdown(rendered.now)
    # The version records of editorial translations; the next run reads them with its seeds, so
    # this run is keyed as that one will see it.
    versions = _versions_text(outcome)
    current = (root / VERSIONS).read_text(encoding="utf-8") if (root / VERSIONS).is_file() else None
    if versions and versions != current:
        atomic_write(root / VERSIONS, versions)
        recorded = [replace(i, records=outcome.versions.get(i.rel, {})) for i in items]
        run_key = _run_key(root, settings, recorded, shared)
    # What the next build reuses when nothing changes.
    findings = article_findings(outcome) + page_gates.findings()
    run = _Run(
        docs=cache.tree_signature(root / "docs"),
        articles=len(outcome.articles),
        warnings=outcome.warnings,
        feed_articles=_feed_articles(outcome.articles, settings.feed_items),
        epoch=_source_date_epoch(outcome.articles),
        sync=report,
        pages=len(page_gates.paths),
        findings=[f for f in findings if f.severity == ERROR],
    )
    store.store_run(run_key, run)
    return run


def _report(run: _Run, started: float, site_current: bool = False) -> BuildReport:
    return BuildReport(
        articles=run.articles,
        warnings=run.warnings,
        sync=run.sync,
        seconds=time.perf_counter() - started,
        pages=run.pages,
        findings=run.findings,
        site_current=site_current,
    )


def _write_feeds(root: Path, run: _Run, built: dict[str, tuple[str, Path]]) -> None:
    topics = {t.id: t for t in facets.load_topics(root / facets.TOPICS)}
    for lang, (site_url, site_dir) in built.items():
        # run.feed_articles: already the newest `feed_items` (the project's setting), all shown.
        size = len(run.feed_articles)
        for name, text in (
            (feeds.RSS, feeds.rss(run.feed_articles, lang, site_url, topics, size)),
            (feeds.JSON_FEED, feeds.json_feed(run.feed_articles, lang, site_url, topics, size)),
        ):
            path = site_dir / name
            if not path.is_file() or path.read_bytes() != text.encode():
                atomic_write(path, text)


def build(
    root: Path,
    strict: bool = False,
    site: bool = True,
    force: frozenset[str] = frozenset(),
    offline: bool = False,
    engine: str = "material",
) -> BuildReport:
    """`digest build`: docs/ from the seeds, then the two sites, their search indexes and feeds."""
    from digest.publish import site as sites

    started = time.perf_counter()
    settings = config.load(root)
    # docs/: the last run's when nothing changed, else made anew. The pipeline's memory must be free
    # before the two MkDocs processes start, so it runs in a process of its own.
    run = None if force else last_run(root, settings)
    docs_reused = run is not None
    if run is None:
        run = (
            _in_own_process(
                update_docs, root, settings, force, meanwhile=lambda: sites.warm_up(root)
            )
            if site
            else update_docs(root, settings, force)
        )
    if not site:
        return _report(run, started)
    # Nothing changed since the last complete site build: the site is already right.
    frame = sites.frame_inputs(root, offline, run.epoch, engine)
    inputs = sites.site_inputs(root, run.docs, offline, run.epoch, engine)
    if docs_reused and not offline and sites.site_is_current(root, inputs, strict):
        return _report(run, started, site_current=True)
    # Only some pages changed, and nothing every page reads: those pages are built on top of the
    # last build; otherwise the whole site.
    docs = sites.docs_hashes(root)  # docs/ as this build's site is made from it
    changed = sites.changed_pages(root, frame, strict, docs) if engine == "material" else None
    # Both MkDocs builds at once, each followed by its search index; then the feeds.
    sites.forget_site(root)
    sites.release_memory()  # what reading and hashing the inputs left, before MkDocs starts
    name = {"material": "MkDocs", "zensical": "Zensical"}[engine]
    what = f"{sum(map(len, changed.values()))} changed pages of " if changed is not None else ""
    label = f"sites ({what}{name}, Russian and English at once) and search indexes"
    with Phase(label, large=run.articles >= LARGE_SITE):
        built = sites.build_site(
            root, strict, run.epoch, offline=offline, engine=engine, changed=changed
        )
    _write_feeds(root, run, built)
    # The offline edition is zipped for the release.
    if offline:
        sites.zip_site(root / "site", root / "dist" / "industry-digest-offline.zip", run.epoch)
    sites.record_site(root, inputs, frame, strict, docs)
    return _report(run, started)


@dataclass
class _Synced:
    """What syncing some languages' pages left: the report, the pages given, their hashes by key
    (listings.Rendered.now) and what the page gates saw of them."""

    report: SyncReport
    seen: set[str]
    rendered: dict[str, Any]
    gates: tuple


def _forked(there, here):
    """(there(), here()): `there` in a forked child process (it starts with this one's memory, so
    nothing is sent to it), `here` in this one meanwhile; the child's result, or its exception,
    comes back pickled."""
    import multiprocessing

    from digest.publish.site import die_with_parent

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        die_with_parent(parent)
        try:
            send.send((True, there()))
        except BaseException as error:  # raised in the parent
            send.send((False, error))

    process = context.Process(target=child)
    process.start()
    send.close()
    try:
        mine = here()
    except BaseException:
        process.terminate()  # what it wrote is whole (store/files.py); its temp files go next run
        process.join()
        raise
    try:
        ok, theirs = receive.recv()
    except EOFError:  # killed before it answered
        ok, theirs = False, None
    process.join()
    if not ok:
        raise theirs or RuntimeError(
            f"a build process ended without its result (exit code {process.exitcode})"
        )
    return theirs, mine


def _in_own_process(function, *args, meanwhile=None):
    """function(*args) in a process of its own; its exceptions are raised here. `meanwhile()` runs
    here while it does. Forked (see site.process_start): it starts with what this one has imported
    (~0.3 s less than a spawned one at 1,000 per language)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from digest.publish.site import die_with_parent, process_start

    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context(process_start()),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        result = pool.submit(function, *args)
        if meanwhile is not None:
            meanwhile()
        return result.result()


def check(root: Path) -> list[Problem]:
    """Every gate, without writing anything."""
    settings = config.load(root)
    outcome = collect(root, settings=settings)
    findings = list(outcome.warnings)
    page_gates = PageGates(outcome)
    pages = iter_pages(
        outcome.articles,
        list(outcome.vocabulary.topics),
        list(outcome.vocabulary.terms),
        settings,
    )
    plan = sync(root / "docs", page_gates.watch(pages), dry_run=True, on_kept=page_gates.edited)
    findings += [
        Problem(
            gate="hand edits",
            severity=ERROR,
            path=f"docs/{rel}",
            message="edited by hand, and what it is generated "
            f"from changed since: merge by hand or `digest build --force {rel}`",
        )
        for rel in plan.conflicts
    ]
    created = set(plan.created)
    findings += [
        Problem(
            gate="sync",
            severity=ERROR,
            path=f"docs/{rel}",
            message=("not generated yet" if rel in created else "out of date")
            + ": run `digest build` and commit docs/",
        )
        for rel in plan.written
    ]
    return findings + article_findings(outcome) + page_gates.findings()


def status(root: Path) -> list[dict[str, Any]]:
    """One entry per seed, as `digest status --json` prints it."""
    outcome = collect(root)
    edited = set(edited_pages(root / "docs"))
    entries: list[dict[str, Any]] = []
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
                "warnings": [str(w) for w in article.warnings],
                "edited": [p for p in pages if p.removeprefix("docs/") in edited],
                "stale": sorted(lang for lang, tr in article.translations.items() if tr.stale),
                "hidden": article.hidden,
                "same_story": [other.seed.path for other in article.same_story],
                "related": [other.seed.path for other in article.related],
            }
        )
    for path, problem in outcome.skipped.items():
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
                "warnings": [str(problem)],
                "edited": [],
                "hidden": False,
                "stale": [],
                "same_story": [],
                "related": [],
            }
        )
    return sorted(entries, key=lambda e: str(e["seed"]))
