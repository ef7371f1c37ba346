"""Every seed of a project -> the run's articles, once per run: each seed read, processed (cached by
content; two processes for many seeds) and linked to the others; a bad seed becomes a problem."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from digest import config
from digest.config import DEFAULTS, Config
from digest.enrich import facets, glossary
from digest.enrich.article import Vocabulary, make_article
from digest.enrich.stories import with_stories
from digest.ingest import editorial, read
from digest.ingest.editorial import Editorial
from digest.model import LANGS, SKIPPED, Article, DigestError, Problem
from digest.progress import Phase, counted
from digest.publish import gates
from digest.publish.slugs import assign_slugs
from digest.store import cache
from digest.translate.attach import VERSIONS, with_machine_translations, with_versions
from digest.translate.memory import MEMORY, Memory


@dataclass
class Outcome:
    """What a run made of every seed: articles, and a problem per skipped seed."""

    articles: list[Article] = field(default_factory=list)
    skipped: dict[str, Problem] = field(default_factory=dict)  # seed path -> why it was left out
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    versions: dict = field(default_factory=dict)  # seed -> {lang: {original, translation}}

    @property
    def warnings(self) -> list[Problem]:
        """The skipped seeds, then what each article's editor should know."""
        notes = [w for a in self.articles for w in a.warnings]
        return [self.skipped[path] for path in sorted(self.skipped)] + notes


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


class Processed(NamedTuple):
    """What one seed made: its article, or the problem that kept it out of the digest."""

    same_text: str = ""  # hash of the whitespace-normalised text
    article: Article | None = None
    records: dict = {}  # version records to keep  # noqa: RUF012 (never mutated)
    skipped: Problem | None = None


def process_seed(
    item: SeedFile, vocabulary: Vocabulary, memory: Memory, settings: Config = DEFAULTS
) -> Processed:
    """The seed's article; raises DigestError."""
    sidecar, problems = (
        editorial.from_bytes(item.sidecar, item.rel.rsplit(".", 1)[0] + editorial.SIDECAR_SUFFIX)
        if item.sidecar is not None
        else (Editorial(), [])
    )
    seed = read.seed_from_bytes(
        item.data, item.rel, charset=sidecar.charset, url=sidecar.source_url
    )
    same_text = hashlib.sha256(" ".join(seed.text.split()).encode()).hexdigest()
    article = make_article(seed, sidecar, tuple(problems), vocabulary, settings)
    article, records = with_versions(article, item.records)
    article = replace(article, seed=replace(seed, text=""))  # the raw text is not needed after this
    return Processed(same_text, with_derived(with_machine_translations(article, memory)), records)


def with_derived(article: Article) -> Article:
    """Duplicate-detection shingles per language, computed once and cached with the seed."""
    return replace(article, shingles={lang: gates.shingles(article, lang) for lang in LANGS})


_worker: dict = {}


def _start_worker(vocabulary: Vocabulary, memory_path: Path, settings: Config) -> None:
    _worker.update(vocabulary=vocabulary, memory=Memory(memory_path), settings=settings)


def _process_in_worker(job: tuple[SeedFile, Path | None]) -> Processed:
    item, entry = job
    try:
        result = process_seed(item, _worker["vocabulary"], _worker["memory"], _worker["settings"])
    except DigestError as error:
        return Processed(skipped=error.as_problem())
    if entry is not None:  # kept by the process that made it, while the others go on
        cache.write_values(entry, result)
    return result


PARALLEL_FROM = 200  # seeds to process before a second process pays for its start (~0.5 s)


def process_all(
    items: list[SeedFile],
    vocabulary: Vocabulary,
    memory_path: Path,
    settings: Config = DEFAULTS,
    entries: list[Path] | None = None,
) -> list[Processed]:
    """process_seed for each item, in order; a DigestError becomes the seed's `skipped` problem.
    Two processes for many seeds. `entries`: the cache file each article is kept in (a skipped
    seed's problem is not kept)."""
    if not items:
        return []
    # Also checks the translation memory before any worker starts.
    _start_worker(vocabulary, memory_path, settings)
    kept_in: list[Path | None] = list(entries) if entries is not None else [None] * len(items)
    jobs = list(zip(items, kept_in, strict=True))
    phase = Phase("seeds", len(items), large=len(items) >= PARALLEL_FROM)
    if len(items) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        results = list(counted(map(_process_in_worker, jobs), phase))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from digest.publish.site import process_start

        # forked where it is safe (no other thread runs): the workers start with what this process
        # has imported and read, instead of importing it all again
        context = multiprocessing.get_context(process_start())
        with ProcessPoolExecutor(
            max_workers=2,
            mp_context=context,
            initializer=_start_worker,
            initargs=(vocabulary, memory_path, settings),
        ) as pool:
            results = list(counted(pool.map(_process_in_worker, jobs, chunksize=32), phase))
    phase.end(f"{len(items)} processed")
    return results


def read_seed_files(root: Path, settings: Config = DEFAULTS) -> list[SeedFile]:
    versions = (
        json.loads((root / VERSIONS).read_text(encoding="utf-8"))
        if (root / VERSIONS).is_file()
        else {}
    )
    items = []
    for path in read.discover(root / settings.seeds):
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


def shared_inputs(root: Path, settings: Config = DEFAULTS) -> str:
    """What every seed's processing depends on besides the seed: topics, gazetteer, translation
    memory, and the project's settings."""
    memory = root / MEMORY
    files = cache.file_hash(
        root / facets.TOPICS,
        root / glossary.GAZETTEER,
        memory,
        memory.with_name(memory.name + ".journal"),
    )
    return hashlib.sha256(f"{files}\0{settings!r}".encode()).hexdigest()


def collect(
    root: Path,
    items: list[SeedFile] | None = None,
    shared: str | None = None,
    settings: Config | None = None,
) -> Outcome:
    """Read and process every seed; a bad seed becomes a warning and the others go on.

    What a seed makes is cached by content (build/digest/store/cache.py): only new or changed seeds
    are processed, in two processes when there are many."""
    outcome = Outcome()
    vocabulary = Vocabulary.load(root)
    settings = config.load(root) if settings is None else settings
    items = read_seed_files(root, settings) if items is None else items
    store = cache.Cache(root)
    shared = shared_inputs(root, settings) if shared is None else shared
    keys = [item.cache_key(shared) for item in items]
    results = [store.load(k) for k in keys]
    missing = [i for i, result in enumerate(results) if result is None]
    made = process_all(
        [items[i] for i in missing],
        vocabulary,
        root / MEMORY,
        settings,
        entries=[store.entry(keys[i]) for i in missing],
    )
    for i, result in zip(missing, made, strict=True):
        results[i] = result
    store.prune()
    seen: dict[str, str] = {}
    for item, result, key in zip(items, results, keys, strict=True):
        if result.skipped is not None:
            outcome.skipped[item.rel] = result.skipped
            continue
        same_text, article, records, _ = result
        if same_text in seen:
            outcome.skipped[item.rel] = Problem(
                item.rel,
                f"the same text as {seen[same_text]} (published once)",
                "delete one of the two files",
                gate=SKIPPED,
            )
            continue
        seen[same_text] = item.rel
        outcome.versions[item.rel] = records
        outcome.articles.append(replace(article, source_key=key))
    stems = {item.path.with_suffix("") for item in items}
    for sidecar_file in sorted((root / settings.seeds).glob(f"*{editorial.SIDECAR_SUFFIX}")):
        if sidecar_file.with_suffix("") not in stems:
            rel = sidecar_file.relative_to(root).as_posix()
            outcome.skipped[rel] = Problem(
                rel,
                "no seed file beside this sidecar",
                "rename it after its seed or delete it",
                gate="sidecar",
            )
    outcome.articles = with_stories(assign_slugs(outcome.articles), settings.related_links)
    outcome.versions = {
        seed: records for seed, records in sorted(outcome.versions.items()) if records
    }
    outcome.vocabulary = vocabulary
    return outcome
