"""I/O edge: the two MkDocs builds (Russian at site/, English at site/en/) and the live-reload preview."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

CONFIGS = ("mkdocs.yml", "mkdocs.en.yml")  # Russian first: its build cleans site/


@contextlib.contextmanager
def _environment(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_site(root: Path, strict: bool, source_date_epoch: int, offline: bool = False) -> None:
    """Run both MkDocs builds. Raises mkdocs.exceptions.Abort when a strict build has warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    env = {"SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1"}
    if offline:
        env["DIGEST_OFFLINE"] = "true"
    with _environment(**env):
        for name in CONFIGS:
            config = load_config(config_file=str(root / name), strict=strict)
            build(config)


def serve(root: Path, rebuild, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve site/ with live reload; `rebuild()` runs when seeds/, docs/ or the configs change."""
    from mkdocs.livereload import LiveReloadServer

    site_dir = root / "site"
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for watched in ("seeds", "overrides", *CONFIGS):
        if (root / watched).exists():
            server.watch(str(root / watched))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
