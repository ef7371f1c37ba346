"""The package stays clean under its linters and type checker, as configured in pyproject.toml:
ruff (lint, and format at line length 100) and mypy."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize(
    "command",
    [("ruff", "check"), ("ruff", "format", "--check"), (sys.executable, "-m", "mypy")],
    ids=["ruff check", "ruff format", "mypy"],
)
def test_the_package_is_clean(command):
    if command[0] == "ruff" and shutil.which("ruff") is None:
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    done = run(*command)
    assert done.returncode == 0, f"`{' '.join(command)}` found:\n{done.stdout[-6000:]}{done.stderr[-2000:]}"
