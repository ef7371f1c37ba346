"""Shared fixtures: a real project copy in a temp dir, and the --update-golden switch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.base.yml", "mkdocs.yml", "mkdocs.en.yml", "overrides", "seeds", "gazetteer.yml", "topics.yml")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the committed docs/ from seeds/ (review the diff)")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def copy_project(target: Path, with_seeds: bool = True, with_sidecars: bool = True) -> Path:
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if name == "seeds" and not with_seeds:
            (target / "seeds").mkdir()
        elif name == "seeds" and not with_sidecars:
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("*.yml"))
        elif source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project (configs, theme overrides, the five seeds) in a temp dir."""
    return copy_project(tmp_path / "digest")


@pytest.fixture
def untranslated_project(tmp_path: Path) -> Path:
    """The five seeds without their sidecars: no editorial translations, nothing set by hand."""
    return copy_project(tmp_path / "digest", with_sidecars=False)


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "digest", with_seeds=False)


def run_digest(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The real `digest` command in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "digest.cli", "--root", str(root), *args], capture_output=True, text=True, timeout=300
    )


def seed_texts() -> dict[str, str]:
    from digest.ingest.read import read_seed

    return {p.name: read_seed(p, REPO).text for p in sorted((REPO / "seeds").glob("*.txt"))}
