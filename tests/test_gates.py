"""Quality gates: figures and names through translation, stale translations, stories told twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

import duplicates_eval
from conftest import run_digest
from digest.publish import gates
from translation_server import FakeTranslator

SEED_RU = "seeds/002_fe2789674e39d373.txt"
SIDECAR = "seeds/002_fe2789674e39d373.yml"


def check(root: Path, *args: str):
    return run_digest(root, "check", *args)


def entry(root: Path, seed: str) -> dict:
    return next(e for e in json.loads(run_digest(root, "status", "--json").stdout) if e["seed"] == seed)


def test_the_real_seeds_pass_every_gate(project: Path):
    assert run_digest(project, "build", "--strict").returncode == 0
    result = check(project)
    assert result.returncode == 0, result.stdout
    assert "0 failed" in result.stdout


def test_an_altered_figure_names_the_page_the_line_and_the_figure(project: Path):
    sidecar = project / SIDECAR
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("to 70% by 2030", "to 17% by 2030"), encoding="utf-8")
    assert run_digest(project, "build").returncode == 0
    result = check(project)
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if l.startswith("error   figures"))
    page = entry(project, SEED_RU)["pages"][1]
    assert f"{page}:" in line and "70 of the original is missing or changed" in line
    number = int(line.split(f"{page}:")[1].split(":")[0])
    assert "17% by 2030" in (project / page).read_text(encoding="utf-8").split("\n")[number - 1]
    assert run_digest(project, "build", "--strict").returncode == 1
    markdown = check(project, "--format", "markdown").stdout
    assert markdown.startswith("### Digest quality gates") and "| ❌ | figures |" in markdown


def test_a_renamed_person_is_caught(project: Path):
    sidecar = project / SIDECAR
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("Denis Manturov", "Denis Mantrov"), encoding="utf-8")
    assert run_digest(project, "build").returncode == 0
    result = check(project)
    assert result.returncode == 1 and "Denis Manturov (gazetteer) does not appear in the editorial translation" in result.stdout


def test_an_original_edited_after_its_editorial_translation_is_stale(project: Path):
    assert run_digest(project, "build", "--strict").returncode == 0
    seed = project / SEED_RU
    seed.write_text(seed.read_text(encoding="utf-8").replace("до 70%", "до 75%"), encoding="utf-8")
    assert run_digest(project, "build").returncode == 0
    e = entry(project, SEED_RU)
    assert e["stale"] == ["en"]
    page = BeautifulSoup((project / "site/en/articles" / Path(e["pages"][1]).stem / "index.html").read_text(), "html.parser")
    assert "The original was updated after this translation" in page.get_text()
    result = check(project)
    assert result.returncode == 1 and "error   stale" in result.stdout
    assert (project / SIDECAR).read_text(encoding="utf-8").count("70%") == 2, "an editorial translation is never overwritten"
    sidecar = project / SIDECAR
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("to 70% by 2030", "to 75% by 2030"), encoding="utf-8")
    assert run_digest(project, "build", "--strict").returncode == 0
    assert entry(project, SEED_RU)["stale"] == []


def test_a_machine_translation_goes_stale_and_translate_refreshes_only_that(untranslated_project: Path):
    root = untranslated_project

    def translate(server):
        return subprocess.run([sys.executable, "-m", "digest.cli", "--root", str(root), "translate", "--provider", "libre",
                               "--url", server.url, "--to", "en", "--backoff", "0.01"], capture_output=True, text=True, timeout=300)

    with FakeTranslator() as server:
        assert translate(server).returncode == 0
        seed = root / SEED_RU
        seed.write_text(seed.read_text(encoding="utf-8").replace("до 70%", "до 75%"), encoding="utf-8")
        assert run_digest(root, "build").returncode == 0
        assert entry(root, SEED_RU)["stale"] == ["en"]
        sent = len(server.requests)
        assert translate(server).returncode == 0
        assert len(server.requests) - sent == 1
    assert run_digest(root, "build", "--strict").returncode == 0
    assert entry(root, SEED_RU)["stale"] == [] and entry(root, SEED_RU)["translations"]["en"] == "machine"


def pair(index: int) -> dict:
    return yaml.safe_load(duplicates_eval.PAIRS.read_text(encoding="utf-8"))[index]


def test_a_reworded_report_from_another_outlet_is_one_story(empty_project: Path):
    same = pair(0)
    (empty_project / "seeds/a.txt").write_text(same["a"], encoding="utf-8")
    (empty_project / "seeds/b.txt").write_text(same["b"], encoding="utf-8")
    different = pair(6)["b"]  # another plant, same topic
    (empty_project / "seeds/c.txt").write_text(different, encoding="utf-8")
    assert run_digest(empty_project, "build").returncode == 0
    home = BeautifulSoup((empty_project / "site/index.html").read_text(), "html.parser")
    assert len(home.select(".grid.cards li")) == 2, "two stories, not three cards"
    assert "Об этом же сообщают" in home.get_text()
    result = check(empty_project)
    assert "notice  duplicates   seeds/a.txt: the same story as seeds/b.txt" in result.stdout
    assert "seeds/c.txt" not in [l for l in result.stdout.splitlines() if "duplicates" in l][0]
    b_page = entry(empty_project, "seeds/b.txt")["pages"][0]
    assert "Об этом же сообщают" in (empty_project / b_page).read_text(encoding="utf-8")


def test_thresholds_separate_the_labelled_pairs():
    scores = duplicates_eval.scored_pairs()
    precision, recall = duplicates_eval.precision_recall(scores, gates.SAME_STORY)
    assert len(scores) >= 12 and precision == 1.0 and recall == 1.0
    assert all(score < gates.RELATED for label, score in scores if label == "different")


DYUMIN_EN = "docs/en/articles/aleksey-dyumin-provel-zasedanie-komissii-gossoveta-rf-po.md"


def built_page(project: Path) -> tuple[Path, str]:
    """The English page of the Dyumin article after a build, and its text, for an editor to change."""
    assert run_digest(project, "build", "--no-site").returncode == 0
    page = project / DYUMIN_EN
    return page, page.read_text(encoding="utf-8")


def test_a_hand_edited_page_whose_figure_changed_fails_the_check(project: Path):
    """"Edit this page" in a pull request: 70% changed to 80% in the English page."""
    page, text = built_page(project)
    body = "Igor Levitin, Aide to the President"
    line = next(n for n, l in enumerate(text.split("\n"), 1) if l.startswith(body))
    page.write_text(text.replace("increase export volume to 70% by 2030.\n", "increase export volume to 80% by 2030.\n"), encoding="utf-8")
    result = run_digest(project, "check")
    assert result.returncode == 1
    assert f"{DYUMIN_EN}:{line}: 80 is not a figure of the original" in result.stdout, result.stdout
    assert "it has 2030, 70" in result.stdout
    assert "70 of the original is missing from the page after a hand edit" in result.stdout


def test_a_hand_edit_that_keeps_figures_and_names_passes(project: Path):
    page, text = built_page(project)
    page.write_text(text.replace("taking the needs of each region into account", "with each region's needs in mind"), encoding="utf-8")
    result = run_digest(project, "check")
    assert "figures" not in result.stdout and "names" not in result.stdout.replace("gazetteer names", ""), result.stdout


def test_a_hand_edit_that_drops_a_gazetteer_name_fails(project: Path):
    page, text = built_page(project)
    page.write_text(text.replace("\nIgor Levitin, Aide", "\nThe Aide"), encoding="utf-8")
    result = run_digest(project, "check")
    assert result.returncode == 1 and "Igor Levitin (gazetteer) was in the text and a hand edit removed" in result.stdout, result.stdout
