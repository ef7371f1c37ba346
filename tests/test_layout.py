"""The map in guide/internals.md of build/digest/ names every module where it is, and nothing that is not there."""

from __future__ import annotations

import re

from conftest import REPO

PACKAGE = REPO / "build" / "digest"


def modules_on_disk() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}


def modules_in_readme() -> set[str]:
    readme = (REPO / "guide" / "internals.md").read_text(encoding="utf-8")
    block = readme[readme.index("```\nbuild/digest/") :]
    block = block[: block.index("\n```", 4)]
    found, folder = set(), ""
    for line in block.splitlines()[1:]:
        if m := re.match(r"^  (\w+)/\s", line):
            folder = m.group(1) + "/"
        elif m := re.match(r"^    (\w+\.py)\s", line):
            found.add(folder + m.group(1))
        elif m := re.match(r"^  (\w+\.py)\s", line):
            folder = ""
            found.add(m.group(1))
    return found


def test_the_readme_map_of_the_package_matches_its_files():
    assert modules_in_readme() == modules_on_disk()


def test_every_folder_of_the_package_says_what_it_is():
    for folder in (p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        init = folder / "__init__.py"
        assert init.is_file() and init.read_text(encoding="utf-8").startswith('"""'), f"{folder} needs an __init__.py docstring"


def test_every_section_of_the_registry_is_in_the_navigation_of_both_sites():
    """A new section is one entry in publish/listings.py and its index page in both configs' nav."""
    import yaml

    from digest.publish.listings import SECTIONS

    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        text = (REPO / name).read_text(encoding="utf-8")
        nav = yaml.safe_load(text[text.index("\nnav:") : text.index("\n\n", text.index("\nnav:") + 1)])["nav"]
        pages = [item if isinstance(item, str) else next(iter(item.values())) for item in nav]
        sections = [p for p in pages if p.endswith("/index.md")]
        assert sections == [s.index for s in SECTIONS], f"{name}: nav lists {sections}"
