"""The site's search script (overrides/assets/javascripts/digest-search.js): ESLint and its unit
tests under Node (tests/js/), run as `npm run lint` and `npm test` from the repository's root.
The node packages (package.json, package-lock.json) are installed with `npm ci` when node_modules/
lacks them. Without node and npm these tests are skipped, unless DIGEST_REQUIRE_BROWSER=1 (as in
CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import REPO

NEEDED = ("eslint", "@eslint/js", "globals", "lunr-languages")  # package.json's devDependencies

_missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
if _missing:
    message = (
        f"{' and '.join(_missing)} not found on PATH: install Node.js 18.18 or newer with npm"
        " (apt-get install -y nodejs npm)"
    )
    if os.environ.get("DIGEST_REQUIRE_BROWSER"):
        raise RuntimeError(message)
    pytest.skip(message, allow_module_level=True)


def npm(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    command = [shutil.which("npm") or "npm", *args]
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )


def report(done: subprocess.CompletedProcess) -> str:
    command = " ".join(["npm", *done.args[1:]])
    return (
        f"`{command}` exited {done.returncode}\n"
        f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    )


@pytest.fixture(scope="module")
def node_modules() -> None:
    installed = REPO / "node_modules"
    if not all((installed / name / "package.json").is_file() for name in NEEDED):
        done = npm("ci", "--no-audit", "--no-fund", timeout=600)
        assert done.returncode == 0, report(done)


def test_the_search_script_passes_eslint(node_modules):
    done = npm("run", "lint")
    assert done.returncode == 0, report(done)


def test_the_search_scripts_pure_functions_pass_their_unit_tests(node_modules):
    done = npm("test")
    assert done.returncode == 0, report(done)
    assert "# fail 0" in done.stdout and "# pass 0" not in done.stdout, report(done)
