"""The GitHub workflows (issue 23): current actions pinned by commit, least privilege, time limits,
no template expansion inside shell scripts, and zizmor (offline) finding nothing above "low"."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parent.parent / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def jobs():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            yield path.name, name, workflow, job


def test_every_action_is_pinned_by_commit_with_its_tag():
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if (found := re.search(r"uses: (.+)$", line)):
                assert PINNED.match(found.group(1)), f"{path.name}: {found.group(1)}"


def test_least_privilege_time_limits_and_no_expansion_in_scripts():
    for file, name, workflow, job in jobs():
        assert workflow["permissions"] == {}, f"{file}: permissions are granted per job"
        assert "timeout-minutes" in job, f"{file} {name}"
        granted = job.get("permissions", {})
        if granted.get("pages") == "write" or "id-token" in granted:
            assert name == "deploy", f"{file} {name}: only the deploy job writes to Pages"
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"{file} {name}: pass values to scripts through env"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{file} {name}"


def test_every_workflow_that_builds_the_site_sets_its_addresses_from_pages():
    for file, name, _, job in jobs():
        for step in job["steps"]:
            if step.get("run", "").startswith("digest build"):
                assert "steps.pages.outputs.base_url" in step.get("env", {}).get("DIGEST_SITE_URL", ""), f"{file} {name}"


def test_zizmor_finds_nothing_above_low():
    tool = Path(sys.executable).with_name("zizmor")
    result = subprocess.run([str(tool) if tool.exists() else "zizmor", "--offline", "--min-severity", "medium", *map(str, WORKFLOWS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
