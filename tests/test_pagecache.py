"""Kept conversions (build/digest/publish/pagecache.py): real MkDocs + Material builds of a small site in a
temp dir, built again and again; what is reused must build exactly what converting anew builds."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from digest.publish.pagecache import kept_conversions

CONFIG = """site_name: Test
theme:
  name: material
  language: en
validation:
  links:
    not_found: warn
    anchors: warn
"""


class Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(project: Path) -> tuple[object, list[str], dict[str, bytes]]:
    """One build; (the plugin, the warnings it logged, the built pages)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    plugin = config.plugins["kept"] = kept_conversions(project / ".cache")
    warnings = Warnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        mkdocs_build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    pages = {p.relative_to(project / "site").as_posix(): p.read_bytes() for p in sorted((project / "site").rglob("*.html"))}
    return plugin, warnings.messages, pages


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\n[First](articles/first.md) · [Later](articles/later.md)\n", encoding="utf-8")
    (docs / "articles/first.md").write_text("# First\n\n## Figures\n\nText with *emphasis*. See [the home page](../index.md).\n",
                                            encoding="utf-8")
    (docs / "articles/second.md").write_text("# Second\n\n[Figures of the first](first.md#figures), [missing anchor](first.md#nope).\n",
                                             encoding="utf-8")
    return tmp_path


def test_a_rebuild_reuses_every_conversion_and_builds_the_same_pages(project: Path):
    first, warned, pages = build(project)
    assert (first.converted, first.reused) == (3, 0)
    again, warned_again, pages_again = build(project)
    assert (again.converted, again.reused) == (0, 3)
    assert pages_again == pages
    # What the conversions logged is logged again: a strict build fails on every build, not the first only.
    assert any("articles/later.md" in m for m in warned) and warned_again == warned
    assert any("does not contain an anchor '#nope'" in m for m in warned_again), "anchor checks still see kept pages' anchors"


def test_a_new_page_converts_the_pages_that_link_to_it_and_no_others(project: Path):
    build(project)
    (project / "docs/articles/later.md").write_text("# Later\n\nNew.\n", encoding="utf-8")
    plugin, warned, pages = build(project)
    assert (plugin.converted, plugin.reused) == (2, 2), "later.md, and index.md whose link now resolves"
    assert b'href="articles/later/"' in pages["index.html"]
    assert not any("later.md" in m for m in warned)


def test_a_changed_setting_converts_everything_anew(project: Path):
    build(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "markdown_extensions:\n  - admonition\n", encoding="utf-8")
    plugin, _, _ = build(project)
    assert (plugin.converted, plugin.reused) == (3, 0)


def test_settings_that_name_functions_give_the_same_signature_in_every_process(project: Path):
    """Material's emoji settings name Python functions (whose repr holds an address): each build runs
    in a new process, and must still find what the last one kept."""
    import subprocess
    import sys

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "markdown_extensions:\n  - pymdownx.emoji:\n"
                      "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                      "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n", encoding="utf-8")
    code = ("import sys; from mkdocs.config import load_config; from digest.publish.pagecache import signature; "
            "print(signature(load_config(config_file=sys.argv[1])))")
    signatures = {subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True, text=True, check=True).stdout
                  for _ in range(2)}
    assert len(signatures) == 1
    (project / "docs/articles/first.md").write_text("# First\n\n:smile:\n", encoding="utf-8")
    build(project)
    plugin, _, pages = build(project)
    assert (plugin.converted, plugin.reused) == (0, 3)
    assert b"<svg" in pages["articles/first/index.html"]


def test_broken_entries_are_converted_anew_and_unused_ones_deleted(project: Path):
    _, _, pages = build(project)
    entries = sorted((project / ".cache/pages/en").glob("*/*"))
    assert len(entries) == 3
    entries[0].write_bytes(entries[0].read_bytes()[:20])  # truncated by a crash, say
    entries[1].write_bytes(b"not a cache file")
    plugin, _, pages_again = build(project)
    assert (plugin.converted, plugin.reused) == (2, 1) and pages_again == pages
    (project / "docs/articles/second.md").unlink()
    build(project)
    assert len(list((project / ".cache/pages/en").glob("*/*"))) == 2, "the deleted page's entry goes"


def test_nothing_is_kept_when_an_extension_reads_other_files(project: Path):
    """pymdownx.snippets pastes other files into a page: its Markdown alone no longer says what it converts to."""
    (project / "docs/part.txt").write_text("First version.\n", encoding="utf-8")
    (project / "docs/articles/first.md").write_text("# First\n\n--8<-- \"part.txt\"\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"markdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['{project / 'docs'}']\n",
                      encoding="utf-8")
    build(project)
    (project / "docs/part.txt").write_text("Second version.\n", encoding="utf-8")
    plugin, _, pages = build(project)
    assert (plugin.converted, plugin.reused) == (0, 0)
    assert b"Second version." in pages["articles/first/index.html"]
