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


def build_site(root: Path, strict: bool, source_date_epoch: int, offline: bool = False) -> dict[str, tuple[str, Path]]:
    """Run both MkDocs builds; {lang: (site_url, site_dir)}. Raises mkdocs.exceptions.Abort on strict warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    env = {"SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1"}
    if offline:
        # No repository link either: Material would fetch its star count from api.github.com.
        env.update(DIGEST_OFFLINE="true", DIGEST_REPO_URL="", DIGEST_EDIT_URI="", DIGEST_EDIT_URI_EN="")
    built = {}
    with _environment(**env):
        for name in CONFIGS:
            config = load_config(config_file=str(root / name), strict=strict)
            build(config)
            built[config.theme["language"]] = (config.site_url or "", Path(config.site_dir))
    return built


def zip_site(site_dir: Path, target: Path, source_date_epoch: int) -> None:
    """A reproducible zip of the built site (sorted entries, fixed times), written atomically."""
    import time
    import zipfile

    stamp = time.gmtime(max(source_date_epoch, 315532800))[:6]  # zip cannot store dates before 1980
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"industry-digest/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    os.replace(partial, target)


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
