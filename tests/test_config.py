"""The project's settings (build/digest/config.py): where they are read from, every problem reported
at once with its key and fix, the README's table generated from the code, and their effect on a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from digest import config
from digest.model import DigestError


def test_a_project_that_states_nothing_gets_the_defaults(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert config.load(tmp_path) == config.Config()
    assert config.load(tmp_path / "nothing-here") == config.Config()


def test_settings_are_read_from_pyproject(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.digest]\nsummary_words = 45\nseeds = 'incoming'\nfetch_timeout = 5\n", encoding="utf-8"
    )
    settings = config.load(tmp_path)
    assert (settings.summary_words, settings.seeds, settings.fetch_timeout) == (45, "incoming", 5.0)
    assert isinstance(settings.fetch_timeout, float)
    assert settings.feed_items == config.Config().feed_items


def test_settings_are_read_from_digest_yml(tmp_path: Path):
    (tmp_path / "digest.yml").write_text("feed_items: 10\nrelated_links: 3\n", encoding="utf-8")
    settings = config.load(tmp_path)
    assert (settings.feed_items, settings.related_links) == (10, 3)


def test_settings_in_two_places_are_refused(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.digest]\nfeed_items = 10\n", encoding="utf-8")
    (tmp_path / "digest.yml").write_text("feed_items: 20\n", encoding="utf-8")
    with pytest.raises(DigestError, match="both pyproject.toml"):
        config.load(tmp_path)


def test_every_problem_is_reported_at_once_with_its_key_and_fix(tmp_path: Path):
    (tmp_path / "digest.yml").write_text(
        "summary_word: 40\nfeed_items: -1\nhome_cards: 2.5\nseeds: /etc\nfetch_timeout: soon\ncolour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(DigestError) as raised:
        config.load(tmp_path)
    message = str(raised.value)
    assert "`summary_word` is not a setting; did you mean `summary_words`?" in message
    assert "`feed_items` must be above 0, not -1" in message
    assert "`home_cards` must be a whole number, not 2.5" in message
    assert "`seeds` must be a folder inside the project" in message
    assert "`fetch_timeout` must be a number, not 'soon'" in message
    assert "`colour` is not a setting; known:" in message
    assert message.count("digest.yml: ") >= 6


@pytest.mark.parametrize(
    "text, says",
    [("feed_items: [\n", "not valid YAML"), ("- 1\n- 2\n", "must be a table")],
)
def test_an_unreadable_settings_file_is_named_with_the_fix(tmp_path: Path, text: str, says: str):
    (tmp_path / "digest.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DigestError, match=says) as raised:
        config.load(tmp_path)
    assert "digest.yml" in str(raised.value)


def test_the_readme_table_is_the_one_the_code_makes():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert config.settings_table() in readme, "run `python -m digest.config` and paste it into README.md"


def test_a_build_follows_the_settings(project: Path):
    """A real build with a seeds folder of another name, shorter feeds, fewer related links and
    shorter summaries; then a bad setting stops the build before anything is written."""
    import json
    import xml.etree.ElementTree as ET

    from conftest import run_digest

    (project / "seeds").rename(project / "incoming")
    (project / "digest.yml").write_text(
        "seeds: incoming\nfeed_items: 2\nrelated_links: 1\nsummary_words: 25\n"
        "home_cards: 2\nlisting_page: 1\n",
        encoding="utf-8",
    )
    done = run_digest(project, "build")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("5 articles"), done.stdout
    assert len(ET.parse(project / "site" / "feed.xml").getroot().findall("./channel/item")) == 2
    assert len(json.loads((project / "site" / "en" / "feed.json").read_text())["items"]) == 2
    for lang in ("ru", "en"):
        home = (project / "docs" / lang / "index.md").read_text(encoding="utf-8")
        assert home.count("\n-   ") == 2, home  # two cards
        assert (project / "docs" / lang / "topics" / "page-2.md").is_file()  # one topic a page
    status = json.loads(run_digest(project, "status", "--json").stdout)
    assert all(len(entry["related"]) <= 1 for entry in status)
    by_editor = {f"incoming/{p.stem}" for p in (project / "incoming").glob("*.yml") if "\nsummary:" in p.read_text()}
    generated = [e for e in status if e["seed"].rsplit(".", 1)[0] not in by_editor]
    assert generated and all(len(" ".join(e["summary"]).split()) <= 25 for e in generated), generated
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*.md")}
    (project / "digest.yml").write_text("seeds: incoming\nfeed_item: 3\n", encoding="utf-8")
    refused = run_digest(project, "build")
    assert refused.returncode != 0 and "did you mean `feed_items`?" in refused.stderr, refused.stderr
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*.md")} == before
