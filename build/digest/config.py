"""The project's settings: `[tool.digest]` in its pyproject.toml, or a `digest.yml`, over defaults.

Every setting is a field of `Config` with its default and one line saying what it does; the
README's table of settings is `settings_table()` (a test keeps the two the same). A project
states only what it changes; every problem in what it states is reported at once, each with its
key and the fix.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from digest.model import DigestError

PYPROJECT = "pyproject.toml"
DIGEST_YML = "digest.yml"


def _setting(default: Any, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Config:
    """What a project may change. Where docs/ and site/ are is the two MkDocs configs' to say."""

    seeds: str = _setting("seeds", "folder of the seeds (the raw texts and their sidecars)")
    summary_words: int = _setting(60, "longest summary, in words (2–3 whole sentences)")
    home_cards: int = _setting(20, "newest stories on each home page (the archive has them all)")
    listing_page: int = _setting(50, "entries on one listing page before it continues on page-2")
    feed_items: int = _setting(50, "newest articles in each RSS and JSON feed")
    related_links: int = _setting(5, "related articles linked under each article")
    fetch_timeout: float = _setting(15.0, "`digest add URL`: seconds to connect and between bytes")
    fetch_page_timeout: float = _setting(60.0, "`digest add URL`: seconds for a whole page")
    fetch_max_mb: float = _setting(10.0, "`digest add URL`: largest page, in MB once decompressed")
    fetch_max_redirects: int = _setting(5, "`digest add URL`: redirects followed before giving up")


DEFAULTS = Config()


def _value_problem(key: str, value: object) -> str | None:
    """What is wrong with one setting's value (None when nothing is)."""
    default = getattr(DEFAULTS, key)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, str):
        if not isinstance(value, str):
            return f"`{key}` must be text (a folder name), not {value!r}"
        path = PurePosixPath(value)
        if not value.strip() or path.is_absolute() or ".." in path.parts:
            return (
                f"`{key}` must be a folder inside the project, such as {default!r}, not {value!r}"
            )
        return None
    if isinstance(default, int) and not (number and isinstance(value, int)):
        return f"`{key}` must be a whole number, not {value!r}"
    if not number:
        return f"`{key}` must be a number, not {value!r}"
    if value <= 0:  # type: ignore[operator]
        return f"`{key}` must be above 0, not {value!r}"
    return None


def _problems(values: dict[str, object], where: str) -> list[str]:
    """One line per problem: where, the key, what is wrong, and the fix."""
    known = [f.name for f in fields(Config)]
    found = []
    for key, value in values.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"known: {', '.join(known)}"
            found.append(f"{where}: `{key}` is not a setting; {hint}")
        elif problem := _value_problem(key, value):
            found.append(f"{where}: {problem}")
    return found


def _read(root: Path) -> tuple[dict[str, object], str]:
    """The settings a project states and where: ({}, "") when it states none."""
    stated = []
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
        except tomllib.TOMLDecodeError as error:
            raise DigestError(PYPROJECT, f"not valid TOML ({error})", "fix the file") from None
        if "digest" in table:
            stated.append((table["digest"], f"{PYPROJECT} [tool.digest]"))
    yml = root / DIGEST_YML
    if yml.is_file():
        try:
            data = yaml.safe_load(yml.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise DigestError(DIGEST_YML, f"not valid YAML ({error})", "fix the file") from None
        stated.append(({} if data is None else data, DIGEST_YML))
    if len(stated) > 1:
        raise DigestError(
            DIGEST_YML,
            f"settings are in both {PYPROJECT} [tool.digest] and {DIGEST_YML}",
            "keep them in one of the two",
        )
    if not stated:
        return {}, ""
    values, where = stated[0]
    if not isinstance(values, dict):
        raise DigestError(where, "must be a table of `key = value` settings", "see README.md")
    return values, where


def load(root: Path) -> Config:
    """The project's settings; a DigestError listing every problem (each with its fix) if any."""
    values, where = _read(root)
    if problems := _problems(values, where):
        raise DigestError(
            where.split(" ")[0],
            "the settings have problems:\n  " + "\n  ".join(problems),
            "fix them (README.md, Settings, lists every setting)",
        )
    kinds = {f.name: type(getattr(DEFAULTS, f.name)) for f in fields(Config)}
    return Config(**{key: kinds[key](value) for key, value in values.items()})


def settings_table() -> str:
    """The README's table of settings, from the fields of Config."""
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for f in fields(Config):
        rows.append(f"| `{f.name}` | `{f.default!r}` | {f.metadata['doc']} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(settings_table(), end="")
