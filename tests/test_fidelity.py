"""Every page `digest build` writes is the page a plain `mkdocs build` of the same docs/ and configs
makes (issue 19): whatever the build saves in time or memory (kept conversions, lighter pages, the
pipeline in its own process) must not change a byte a reader gets.

The plain build runs MkDocs itself, in a subprocess, with the environment `digest build` gives it
(SOURCE_DATE_EPOCH from the newest article, and DIGEST_OFFLINE etc. for the offline edition)."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_digest

sys.path.insert(0, str(REPO / "benchmarks"))
import build as synthetic  # noqa: E402  (benchmarks/build.py: synthetic seeds)

OFFLINE_ENV = {"DIGEST_OFFLINE": "true", "DIGEST_REPO_URL": "", "DIGEST_EDIT_URI": "", "DIGEST_EDIT_URI_EN": ""}


def newest_article_epoch(docs: Path) -> int:
    """SOURCE_DATE_EPOCH as the README promises it: the newest article's publication date."""
    dates = [m[1] for page in (docs / "ru" / "articles").glob("*.md")
             if (m := re.search(r"^published: '(\d{4}-\d\d-\d\d)'", page.read_text(encoding="utf-8"), re.M))]
    return calendar.timegm(dt.date.fromisoformat(max(dates, default="2000-01-01")).timetuple())


def plain_mkdocs_site(root: Path, out: Path, offline: bool = False) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(newest_article_epoch(root / "docs")), "NO_MKDOCS_2_WARNING": "1",
           **(OFFLINE_ENV if offline else {})}
    for config, target in (("mkdocs.yml", out), ("mkdocs.en.yml", out / "en")):
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / config), "-d", str(target)],
                       env=env, check=True, cwd=root, capture_output=True, timeout=600)


def differing_pages(ours: Path, plain: Path) -> tuple[int, list[str]]:
    """(pages compared, pages that differ or are missing) over every page MkDocs made."""
    made = sorted(p.relative_to(plain) for p in plain.rglob("*") if p.suffix in (".html", ".xml") or p.name == "sitemap.xml.gz")
    differ = [str(rel) for rel in made if not (ours / rel).is_file() or (ours / rel).read_bytes() != (plain / rel).read_bytes()]
    return len(made), differ


def assert_as_mkdocs_builds(root: Path, tmp: Path, offline: bool = False) -> int:
    plain = tmp / f"plain-{len(list(tmp.iterdir()))}"
    plain_mkdocs_site(root, plain, offline)
    compared, differ = differing_pages(root / "site", plain)
    assert compared > 0
    assert differ == [], f"{len(differ)} of {compared} pages differ from a plain mkdocs build, e.g. {differ[:5]}"
    return compared


def nav_labels(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r'class="md-tabs__link">(.*?)</a>', html, re.S)]


def test_five_seeds_cold_cached_edited_and_offline(project: Path, tmp_path: Path):
    assert run_digest(project, "build").returncode == 0
    compared = assert_as_mkdocs_builds(project, tmp_path)
    assert compared >= 100
    labels = nav_labels((project / "site" / "index.html").read_text(encoding="utf-8"))
    assert len(labels) == 6 and "None" not in labels, labels

    assert run_digest(project, "build").returncode == 0  # everything from the caches
    assert_as_mkdocs_builds(project, tmp_path)

    seed = sorted((project / "seeds").glob("*.txt"))[0]
    seed.write_bytes(seed.read_bytes() + "\nЕщё один абзац о промышленной политике региона, добавленный редактором.\n".encode())
    assert run_digest(project, "build").returncode == 0  # after an edit: some pages converted, most kept
    assert_as_mkdocs_builds(project, tmp_path)

    assert run_digest(project, "build", "--offline").returncode == 0
    assert_as_mkdocs_builds(project, tmp_path, offline=True)


@pytest.mark.parametrize("cache", ["cold", "from caches"])
def test_two_hundred_synthetic_seeds_per_language(tmp_path: Path, cache: str):
    root = synthetic.make_project(tmp_path / "digest", 200)
    assert run_digest(root, "build").returncode == 0
    if cache == "from caches":
        (root / "site" / "index.html").unlink()  # the run cache hits; every conversion is reused
        assert run_digest(root, "build").returncode == 0
    compared = assert_as_mkdocs_builds(root, tmp_path)
    assert compared >= 800
