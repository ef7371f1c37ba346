"""I/O edge: the two site builds (Russian at site/, English at site/en/), by MkDocs with Material
or by Zensical, and the live-reload preview."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from pathlib import Path

CONFIGS = ("mkdocs.yml", "mkdocs.en.yml")  # Russian first: its build cleans site/
SHARED_CONFIG = "mkdocs.base.yml"  # what both INHERIT


# In the cache folder: what the last complete site build was made from, and what it left.
STAMP = "site-stamp.json"


ENGINES = ("material", "zensical")


def site_inputs(
    root: Path, docs_signature: str, offline: bool, epoch: int, engine: str = "material"
) -> str:
    """A hash of everything a site build reads besides our code: docs/ (its cache.tree_signature),
    the configs, the theme overrides, the environment variables the configs read, the engines'
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
        docs_signature,
    )


def site_is_current(root: Path, inputs: str, strict: bool) -> bool:
    """True when site/ is what the last complete build made from these very inputs, untouched since
    (and, for a strict build, when that build was strict too: MkDocs's warnings must have failed
    it)."""
    from digest.store.cache import folder, tree_signature

    try:
        stamp = json.loads((folder(root) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        stamp.get("inputs") == inputs
        and (stamp.get("strict") or not strict)
        and stamp.get("site") == tree_signature(root / "site")
    )


def record_site(root: Path, inputs: str, strict: bool) -> None:
    from digest.store.cache import folder, tree_signature
    from digest.store.files import atomic_write

    atomic_write(
        folder(root) / STAMP,
        json.dumps({"inputs": inputs, "strict": strict, "site": tree_signature(root / "site")})
        + "\n",
    )


def forget_site(root: Path) -> None:
    """Before a site build starts: a build cut short must not leave a stamp that vouches for
    site/."""
    from digest.store.cache import folder

    (folder(root) / STAMP).unlink(missing_ok=True)


def die_with_parent() -> None:
    """A build process (an MkDocs worker) must not outlive a killed `digest build` and race the next
    one (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


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


def _build_one(
    config_file: str, strict: bool, env: dict[str, str], site_dir: str | None, cache_folder: str
) -> tuple[str, str, str, str | None]:
    """One MkDocs build and its search index, in its own process: (language, site_url, site_dir,
    error or None).
    `cache_folder`: where pages' conversions and the search index are kept between builds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from digest.publish.pagecache import kept_conversions
    from digest.publish.search import write_index

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    os.environ.update(env)
    overrides = {"site_dir": site_dir} if site_dir else {}
    config = load_config(config_file=config_file, strict=strict, **overrides)
    config.plugins["digest-kept-conversions"] = kept_conversions(Path(cache_folder))
    config.plugins["digest-lighter-pages"] = _lighter_pages()
    lang = config.theme["language"]
    try:
        build(config)
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
) -> dict[str, tuple[str, Path]]:
    """Both builds at once, one per core; {lang: (site_url, site_dir)}. `engine`: "material"
    (MkDocs with Material, in this process's Python) or "zensical" (Material's successor).

    The Russian build cleans site/, so the English one builds into a folder beside it and is
    moved to site/en/ when both are done. Raises mkdocs.exceptions.Abort on strict warnings.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

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
    jobs = [
        (str(root / CONFIGS[0]), strict, env, None, cache_folder),
        (str(root / CONFIGS[1]), strict, env, str(english_tmp), cache_folder),
    ]
    if engine == "zensical":
        results = _build_with_zensical(jobs)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=2, mp_context=context, initializer=die_with_parent
        ) as pool:
            results = list(pool.map(_build_one, *zip(*jobs, strict=True)))
    errors = [f"{lang}: {error}" for lang, _, _, error in results if error]
    if errors:
        shutil.rmtree(english_tmp, ignore_errors=True)
        raise Abort("; ".join(errors))
    english = root / "site" / "en"
    shutil.rmtree(english, ignore_errors=True)
    os.replace(english_tmp, english)
    urls = {lang: url for lang, url, _, _ in results}
    return {"ru": (urls["ru"], root / "site"), "en": (urls["en"], english)}


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
