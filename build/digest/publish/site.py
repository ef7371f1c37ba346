"""I/O edge: the two site builds (Russian at site/, English at site/en/), by MkDocs with Material
or by Zensical, and the live-reload preview."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from pathlib import Path

from digest.model import LANGS

CONFIGS = ("mkdocs.yml", "mkdocs.en.yml")  # Russian first: its build cleans site/
SHARED_CONFIG = "mkdocs.base.yml"  # what both INHERIT


# In the cache folder: what the last complete site build was made from, and what it left.
STAMP = "site-stamp.json"


ENGINES = ("material", "zensical")


def site_inputs(
    root: Path, docs_signature: str, offline: bool, epoch: int, engine: str = "material"
) -> str:
    """A hash of everything a site build reads besides our code: docs/ (its cache.tree_signature)
    and the frame (frame_inputs)."""
    from digest.store import cache

    return cache.key(frame_inputs(root, offline, epoch, engine), docs_signature)


def frame_inputs(root: Path, offline: bool, epoch: int, engine: str = "material") -> str:
    """A hash of what every page of a site build reads besides its own Markdown and our code: the
    configs, the theme overrides, the environment variables the configs read, the engines'
    versions and the options (the engine among them)."""
    from digest.store import cache

    overrides = root / "overrides"
    files = [root / name for name in (SHARED_CONFIG, *CONFIGS)] + (
        sorted(p for p in overrides.rglob("*") if p.is_file()) if overrides.is_dir() else []
    )
    env = sorted(
        (k, v)
        for k, v in os.environ.items()
        if (k.startswith("DIGEST_") and k != "DIGEST_CACHE_DIR") or k == "SOURCE_DATE_EPOCH"
    )
    versions = cache.package_versions(
        "mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "zensical"
    )
    return cache.key(
        cache.file_hash(*files),
        "\0".join(p.relative_to(root).as_posix() for p in files),
        json.dumps(env),
        *versions,
        f"offline={offline} epoch={epoch} engine={engine}",
    )


def _recorded(root: Path) -> dict:
    """What the last complete site build recorded ({} when nothing readable is)."""
    from digest.store.cache import folder

    try:
        stamp = json.loads((folder(root) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _stamp(root: Path, strict: bool) -> dict | None:
    """What the last complete site build recorded, when site/ is still what it left (and, for a
    strict build, when that build was strict too: MkDocs's warnings must have failed it)."""
    from digest.store.cache import tree_signature

    stamp = _recorded(root)
    if not stamp or not (stamp.get("strict") or not strict):
        return None
    return stamp if stamp.get("site") == tree_signature(root / "site") else None


def site_is_current(root: Path, inputs: str, strict: bool) -> bool:
    """True when site/ is what the last complete build made from these very inputs, untouched
    since."""
    stamp = _stamp(root, strict)
    return stamp is not None and stamp.get("inputs") == inputs


def docs_hashes(root: Path) -> dict[str, list]:
    """Every file under docs/ ("ru/articles/x.md"): [a hash of its bytes, its size, its
    modification time]. A file whose size and time are those the last complete site build
    recorded is not read again: its hash is that build's (as cache.tree_signature trusts them)."""
    import hashlib
    from stat import S_ISREG

    recorded = _recorded(root).get("docs")
    before = recorded if isinstance(recorded, dict) else {}
    docs = root / "docs"
    found = {}
    for path in sorted(docs.rglob("*")):
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            continue
        rel = path.relative_to(docs).as_posix()
        last = before.get(rel)
        if isinstance(last, list) and last[1:] == [stat.st_size, stat.st_mtime_ns]:
            found[rel] = last
        else:
            digest = hashlib.blake2b(path.read_bytes()).hexdigest()[:32]
            found[rel] = [digest, stat.st_size, stat.st_mtime_ns]
    return found


def changed_pages(
    root: Path, frame: str, strict: bool, docs: dict[str, list]
) -> dict[str, list[str]] | None:
    """{language: the pages of its docs folder that changed} since the last complete site build,
    when only that can have changed what the site shows: the same frame (configs, theme, engine,
    options), the same set of pages (none added or removed: a page's links to them would change),
    and site/ untouched since. None when the whole site must be built. `docs`:
    docs_hashes() of docs/ now (what record_site keeps for the next build)."""
    stamp = _stamp(root, strict)
    if stamp is None or stamp.get("frame") != frame or not isinstance(stamp.get("docs"), dict):
        return None
    before, now = stamp["docs"], docs
    if before.keys() != now.keys() or not all(isinstance(v, list) and v for v in before.values()):
        return None
    changed: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for path, (digest, *_) in now.items():
        lang, _, page = path.partition("/")
        if before[path][0] != digest and lang in changed:
            changed[lang].append(page)
    return changed


def record_site(root: Path, inputs: str, frame: str, strict: bool, docs: dict[str, list]) -> None:
    from digest.store.cache import folder, tree_signature
    from digest.store.files import atomic_write

    stamp = {
        "inputs": inputs,
        "frame": frame,
        "strict": strict,
        "site": tree_signature(root / "site"),
        "docs": docs,
    }
    atomic_write(folder(root) / STAMP, json.dumps(stamp, sort_keys=True) + "\n")


def forget_site(root: Path) -> None:
    """Before a site build starts: a build cut short must not leave a stamp that vouches for
    site/."""
    from digest.store.cache import folder

    (folder(root) / STAMP).unlink(missing_ok=True)


def die_with_parent(parent: int | None = None) -> None:
    """A build process (an MkDocs worker) must not outlive a killed `digest build` and race the next
    one (Linux); a forked one holds the project's lock too. `parent`: the pid that started it: a
    process whose parent died before this ran (the kill fell between the fork and here) ends now."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def process_start() -> str:
    """How a build process starts: forked, so that it begins with what this one has imported,
    unless this process runs other threads (`digest serve`), which a fork could leave holding
    locks: then spawned."""
    import threading

    return "fork" if threading.active_count() == 1 else "spawn"


def warm_up(root: Path) -> None:
    """Import what the MkDocs processes run, and read the site's configuration once (its theme,
    plugins and Markdown extensions are imported then), while the pipeline runs in its own process:
    forked MkDocs processes then start ready (~0.5 s each at any size). What it reads is thrown
    away; a configuration that does not load is the build's to report."""
    from mkdocs.commands import build  # noqa: F401
    from mkdocs.config import load_config

    from digest.publish import pagecache, search  # noqa: F401

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        load_config(config_file=str(root / CONFIGS[0]))
    except Exception:  # the build itself reports it
        pass
    finally:
        quiet.setLevel(level)


def release_memory() -> None:
    """Hand freed memory back to the system (glibc keeps it otherwise): what MkDocs held for its
    pages is garbage by the time the search index is built."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _lighter_pages():
    """A MkDocs plugin that lets go of what a page no longer needs: its Markdown once converted,
    its HTML once written. MkDocs converts every page before it writes any, so without it each
    build holds every page's Markdown too (~90 MB of 280 at 3,000 articles per language).

    The Markdown becomes "" rather than None: MkDocs 1.6 answers None for the title of a page
    whose Markdown is None, and every nav label drawn after it would read "None"."""
    from mkdocs.plugins import BasePlugin

    class LighterPages(BasePlugin):
        def on_page_content(self, html, page, config, files):
            page.markdown = ""
            return html

        def on_post_page(self, output, page, config):
            page.content = None
            return output

    return LighterPages()


def _kept_index(cache_folder: Path, lang: str) -> Path:
    """Where a language's search index is kept between builds (search.write_index)."""
    from digest.publish.search import INDEX_FOLDER

    return cache_folder / INDEX_FOLDER / lang


def _nav_pages(nav) -> set[str]:
    """The pages a config's `nav` names (their titles are in every page's navigation)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_pages(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_pages(v) for v in nav))
    return set()


def _only_these_pages(changed: set[str]):
    """A MkDocs plugin for a build on top of the last one (MkDocs's dirty build): only the pages in
    `changed`, and those the nav names, are read and written again; the others are left as the
    last build wrote them. Right only when nothing else changed (changed_pages decides)."""
    from mkdocs.plugins import BasePlugin

    class OnlyThesePages(BasePlugin):
        def on_files(self, files, config):
            wanted = changed | _nav_pages(config.nav)
            for file in files.documentation_pages():
                file.is_modified = (lambda again: lambda: again)(file.src_uri in wanted)
            return files

    return OnlyThesePages()


def _compiled_templates(cache_folder: Path):
    """A MkDocs plugin that keeps the theme's templates compiled between builds (Jinja's bytecode
    cache, in a folder per version of the packages that make the templates and compile them):
    compiling them costs each build process about 0.4 s."""
    import jinja2
    from mkdocs.plugins import BasePlugin

    from digest.store import cache

    versions = cache.package_versions("jinja2", "mkdocs", "mkdocs-material")
    folder = cache_folder / "templates" / cache.key(*versions)[:16]

    class CompiledTemplates(BasePlugin):
        def on_env(self, env, config, files):
            for other in folder.parent.glob("*"):  # those of other versions
                if other != folder:
                    shutil.rmtree(other, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
            return env

    return CompiledTemplates()


class _NotDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale; ours cannot (see
    _only_these_pages), and under --strict the warning would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def _write_when_changed() -> None:
    """MkDocs writes every page it renders; a page whose bytes are those on disk is left as it is,
    so that a build on top of the last one rewrites only the pages that change (this process
    only: a build process of its own)."""
    import mkdocs.utils

    write = mkdocs.utils.write_file

    def write_file(content: bytes, output_path: str) -> None:
        try:
            if os.path.getsize(output_path) == len(content):
                with open(output_path, "rb") as handle:
                    if handle.read() == content:
                        return
        except OSError:
            pass
        write(content, output_path)

    mkdocs.utils.write_file = write_file


def _build_one(
    config_file: str,
    strict: bool,
    env: dict[str, str],
    site_dir: str | None,
    cache_folder: str,
    changed: list[str] | None = None,
) -> tuple[str, str, str, str | None]:
    """One MkDocs build and its search index, in its own process: (language, site_url, site_dir,
    error or None).
    `cache_folder`: where pages' conversions and the search index are kept between builds;
    `changed`: build on top of the last build, these pages only (None: the whole site)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from digest.publish.pagecache import kept_conversions
    from digest.publish.search import write_index

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    os.environ.update(env)
    overrides = {"site_dir": site_dir} if site_dir else {}
    config = load_config(config_file=config_file, strict=strict, **overrides)
    partial = changed is not None
    config.plugins["digest-kept-conversions"] = kept_conversions(
        Path(cache_folder), prune=not partial
    )
    config.plugins["digest-lighter-pages"] = _lighter_pages()
    config.plugins["digest-compiled-templates"] = _compiled_templates(Path(cache_folder))
    if partial:
        config.plugins["digest-only-these-pages"] = _only_these_pages(set(changed or ()))
        logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())
        _write_when_changed()
    lang = config.theme["language"]
    try:
        build(config, dirty=partial)
        release_memory()  # the pages MkDocs held, before the search index is built
        write_index(Path(config.site_dir), lang, kept=_kept_index(Path(cache_folder), lang))
    except (MkDocsException, OSError) as error:
        return lang, config.site_url or "", config.site_dir, str(error)
    return lang, config.site_url or "", config.site_dir, None


def _set_aside_indexes(root: Path) -> None:
    """Move each language's search index out of site/ (MkDocs empties it) into the cache, where the
    new build takes it back if no article changed. An index set aside by a build that failed stays
    there until a build completes."""
    from digest.publish.search import INDEX_FOLDER
    from digest.store.cache import folder

    for lang, built in (
        ("ru", root / "site" / INDEX_FOLDER),
        ("en", root / "site" / "en" / INDEX_FOLDER),
    ):
        if built.is_dir():
            aside = _kept_index(folder(root), lang) / "index"
            aside.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(aside, ignore_errors=True)
            # On another file system, say, the new build writes its index anew.
            with contextlib.suppress(OSError):
                os.replace(built, aside)


def _build_with_zensical(jobs: list[tuple[str, bool, dict[str, str], str | None, str]]) -> list:
    """Both languages built by Zensical at once (a process each), then each one's search index:
    the same (language, site_url, site_dir, error or None) as _build_one. Zensical reads the same
    configs; what it cannot run (our MkDocs plugins: kept conversions, lighter pages) it does
    without, and its own search index (search.json) gives way to ours. It does not empty the
    site folder as MkDocs does, so that is done here first."""
    import subprocess
    import sys

    from mkdocs.config import load_config

    from digest.publish.search import write_index

    runs = []
    for config_file, strict, env, site_dir, _ in jobs:
        overrides = {"site_dir": site_dir} if site_dir else {}
        before = dict(os.environ)
        os.environ.update(env)  # the configs' !ENV values, in this process only while reading them
        try:
            settings = load_config(config_file=config_file, **overrides)
        finally:
            os.environ.clear()
            os.environ.update(before)
        built = Path(settings.site_dir)
        config = Path(config_file)
        if site_dir:  # the English build goes beside site/, as with MkDocs
            config = config.with_name(f".{config.stem}.zensical.yml")
            config.write_text(f"INHERIT: {Path(config_file).name}\nsite_dir: {site_dir}\n")
        else:
            shutil.rmtree(built, ignore_errors=True)
        command = [sys.executable, "-m", "zensical", "build", "-f", str(config)]
        process = subprocess.Popen(
            command + (["--strict"] if strict else []),
            env={**os.environ, **env},
            cwd=config.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        runs.append((settings.theme["language"], settings.site_url or "", built, config, process))
    results: list[tuple[str, str, str, str | None]] = []
    for (lang, url, built, config, process), job in zip(runs, jobs, strict=True):
        output, _ = process.communicate()
        if config != Path(job[0]):
            config.unlink(missing_ok=True)
        if process.returncode:
            results.append((lang, url, str(built), f"zensical: {output.strip()[-2000:]}"))
            continue
        (built / "search.json").unlink(missing_ok=True)
        write_index(built, lang, kept=_kept_index(Path(job[4]), lang))
        results.append((lang, url, str(built), None))
    return results


def build_site(
    root: Path,
    strict: bool,
    source_date_epoch: int,
    offline: bool = False,
    engine: str = "material",
    changed: dict[str, list[str]] | None = None,
) -> dict[str, tuple[str, Path]]:
    """Both builds at once, one per core; {lang: (site_url, site_dir)}. `engine`: "material"
    (MkDocs with Material, in this process's Python) or "zensical" (Material's successor);
    `changed`: {language: pages} to build on top of the last complete build (MkDocs only).

    The Russian build cleans site/, so the English one builds into a folder beside it and is
    moved to site/en/ when both are done (a build on top of the last one cleans nothing and
    builds in place). Raises mkdocs.exceptions.Abort on strict warnings.
    """

    from mkdocs.exceptions import Abort

    from digest.store.cache import folder

    env = {"SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1"}
    if offline:
        # No repository link either: Material would fetch its star count from api.github.com.
        env.update(
            DIGEST_OFFLINE="true", DIGEST_REPO_URL="", DIGEST_EDIT_URI="", DIGEST_EDIT_URI_EN=""
        )
    english_tmp = root / ".site-en.partial"
    shutil.rmtree(english_tmp, ignore_errors=True)
    _set_aside_indexes(root)
    cache_folder = str(folder(root))
    if changed is not None and engine == "material":
        return _build_in_place(root, strict, env, cache_folder, changed)
    jobs = [
        (str(root / CONFIGS[0]), strict, env, None, cache_folder),
        (str(root / CONFIGS[1]), strict, env, str(english_tmp), cache_folder),
    ]
    results = _build_with_zensical(jobs) if engine == "zensical" else _both_at_once(jobs)
    if errors := _errors(results):
        shutil.rmtree(english_tmp, ignore_errors=True)
        raise Abort(errors)
    english = root / "site" / "en"
    shutil.rmtree(english, ignore_errors=True)
    os.replace(english_tmp, english)
    urls = {lang: url for lang, url, _, _ in results}
    return {"ru": (urls["ru"], root / "site"), "en": (urls["en"], english)}


def _build_in_place(
    root: Path, strict: bool, env: dict[str, str], cache_folder: str, changed: dict[str, list[str]]
) -> dict[str, tuple[str, Path]]:
    """Both MkDocs builds at once on top of the last complete build, each writing its changed
    pages where they are."""
    from mkdocs.exceptions import Abort

    results = _both_at_once(
        [
            (str(root / config), strict, env, None, cache_folder, changed[lang])
            for config, lang in zip(CONFIGS, LANGS, strict=True)
        ]
    )
    if errors := _errors(results):
        raise Abort(errors)
    return {lang: (url, Path(site_dir)) for lang, url, site_dir, _ in results}


def _both_at_once(jobs: list[tuple]) -> list[tuple[str, str, str, str | None]]:
    """_build_one for each job, one process per core."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(process_start())
    with ProcessPoolExecutor(
        max_workers=2, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        return list(pool.map(_build_one, *zip(*jobs, strict=True)))


def _errors(results: list[tuple[str, str, str, str | None]]) -> str:
    return "; ".join(f"{lang}: {error}" for lang, _, _, error in results if error)


def zip_site(site_dir: Path, target: Path, source_date_epoch: int) -> None:
    """A reproducible zip of the built site (sorted entries, fixed times), written atomically."""
    import time
    import zipfile

    stamp = time.gmtime(max(source_date_epoch, 315532800))[:6]  # zip cannot store dates before 1980
    from digest.store.files import replaced

    with (
        replaced(target) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(
                f"industry-digest/{path.relative_to(site_dir).as_posix()}", date_time=stamp
            )
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def serve(root: Path, rebuild, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve site/ with live reload; `rebuild()` runs when seeds/, docs/ or the configs change."""
    from mkdocs.livereload import LiveReloadServer

    from digest import config

    site_dir = root / "site"
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for watched in (config.load(root).seeds, "overrides", SHARED_CONFIG, *CONFIGS):
        if (root / watched).exists():
            server.watch(str(root / watched))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
