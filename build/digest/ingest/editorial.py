"""Editorial sidecars: `seeds/<seed name without extension>.yml`, the fields an editor sets by hand.

Every key is optional; a set key wins over what the generator detected, and the generator never
writes to a sidecar except `digest add`, which creates it. A mistake names the file, the key and
the fix; the key is then ignored (the detected value is used) so one typo never drops an article.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digest.model import LANGS, Problem

SIDECAR_SUFFIX = ".yml"
GATE = "sidecar"  # what found a mistake in a sidecar (model.Problem.gate)
KEYS = (
    "title",
    "slug",
    "published",
    "source",
    "source_url",
    "summary",
    "topics",
    "hidden",
    "added",
    "translations",
    "lang",
    "charset",
)
TRANSLATION_KEYS = ("title", "summary", "text")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class EditorialTranslation:
    title: str
    summary: tuple[str, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Editorial:
    """What an editor set for one seed. `None` means "not set: use what was detected"."""

    title: str | None = None
    slug: str | None = None
    published: str | None = None
    published_set: bool = False  # True when the editor set `published` (even to null: "no date")
    source: str | None = None
    source_url: str | None = None
    summary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    topics: tuple[str, ...] = ()
    hidden: bool = False
    added: str | None = None
    translations: dict[str, EditorialTranslation] = field(default_factory=dict)
    lang: str | None = (
        None  # the language to publish the text in (ru or en), when the generator finds another
    )
    charset: str | None = (
        None  # an HTML seed's character set as its server declared it (written by `digest add URL`)
    )


def sidecar_path(seed_path: Path) -> Path:
    return seed_path.with_suffix(SIDECAR_SUFFIX)


def _sentences(value: object) -> tuple[str, ...] | None:
    """A summary: a list of sentences, or one string of text."""
    if isinstance(value, str) and value.strip():
        return (" ".join(value.split()),)
    if isinstance(value, list) and value and all(isinstance(s, str) and s.strip() for s in value):
        return tuple(" ".join(s.split()) for s in value)
    return None


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())


def parse(text: str, name: str) -> tuple[Editorial, list[Problem]]:
    """The sidecar's fields and a problem per mistake (each names the file and the key)."""
    problems: list[Problem] = []

    def problem(key: str, what: str, fix: str) -> None:
        problems.append(
            Problem(
                name, f"`{key}` {what}", f"{fix} (the detected value is used meanwhile)", gate=GATE
            )
        )

    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return Editorial(), [
            Problem(
                name,
                f"not valid YAML{where}",
                "fix the syntax (quote values that contain `: ` or start with a quote)",
                gate=GATE,
            )
        ]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Editorial(), [
            Problem(
                name, "must be a mapping of `key: value` lines", "see guide/editors.md", gate=GATE
            )
        ]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            close = [k for k in KEYS if k[:3] == str(key)[:3]]
            hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(KEYS)}"
            problem(str(key), "is not a known key", hint)
        elif key == "published" and value is None:
            values["published_set"] = True  # the editor says: no publication date
        elif key in _LANGUAGE_MAPS:
            convert, what = _LANGUAGE_MAPS[key]
            converted = _language_map(value, key, problem, convert, what)
            if converted is not None:
                values[key] = converted
        elif value is not None or (key != "title" and key != "source"):
            convert, what, fix = _FIELDS[key]
            converted = convert(value)
            if converted is None:
                problem(key, what.format(value=value), fix)
                continue
            values[key] = converted
            if key == "published":
                values["published_set"] = True
    return Editorial(**values), problems


def _text(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _slug(value: object) -> str | None:
    return value if isinstance(value, str) and _SLUG.match(value) else None


def _web_address(value: object) -> str | None:
    return value if isinstance(value, str) and re.match(r"^https?://[^\s]+$", value) else None


def _topic_names(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(t, str) and t.strip() for t in value):
        return tuple(t.strip() for t in value)
    return None


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _charset(value: object) -> str | None:
    import codecs

    try:
        return codecs.lookup(value).name if isinstance(value, str) and value.strip() else None
    except LookupError:
        return None


# Per key: how to read the value (None when it is wrong), what is wrong, how to fix it.
_FIELDS: dict[str, tuple[Callable[[object], object], str, str]] = {
    "title": (_text, "must be a non-empty text", "write e.g. `title: Some text`"),
    "source": (_text, "must be a non-empty text", "write e.g. `source: Some text`"),
    "slug": (
        _slug,
        "{value!r} is not a slug",
        "use lowercase Latin letters, digits and hyphens, e.g. `slug: dni-promyshlennosti-omsk`",
    ),
    "published": (
        _date,
        "{value!r} is not a date",
        "write it as YYYY-MM-DD, e.g. `published: 2025-10-07`",
    ),
    "added": (_date, "{value!r} is not a date", "write it as YYYY-MM-DD, e.g. `added: 2025-10-07`"),
    "source_url": (
        _web_address,
        "{value!r} is not a web address",
        "write a full http:// or https:// URL",
    ),
    "topics": (
        _topic_names,
        "must be a list of topic names",
        "write e.g. `topics: [exports, clusters]`",
    ),
    "hidden": (_flag, "{value!r} is not true or false", "write `hidden: true` or `hidden: false`"),
    "charset": (
        _charset,
        "{value!r} is not a character set",
        "write e.g. `charset: windows-1251`, or delete the key",
    ),
    "lang": (
        lambda value: value if value in LANGS else None,
        "{value!r} is not a language of the digest",
        "write `lang: ru` or `lang: en`",
    ),
}


def _language_map(value, key, problem, convert, what):
    if not isinstance(value, dict) or not value:
        problem(
            key,
            "must map a language (ru or en) to its value",
            f"write e.g. `{key}:` then `  en: ...`",
        )
        return None
    result = {}
    for lang, item in value.items():
        if lang not in LANGS:
            problem(f"{key}.{lang}", "is not a language of the digest", "use `ru` or `en`")
            continue
        converted = convert(item)
        if converted is None:
            problem(f"{key}.{lang}", f"must be {what}", "see guide/editors.md")
            continue
        result[lang] = converted
    return result


def _translation(value: object) -> EditorialTranslation | None:
    if not isinstance(value, dict) or set(value) - set(TRANSLATION_KEYS):
        return None
    title, text = value.get("title"), value.get("text")
    summary = _sentences(value.get("summary")) if value.get("summary") is not None else ()
    if (
        not isinstance(title, str)
        or not title.strip()
        or not isinstance(text, str)
        or not text.strip()
        or summary is None
    ):
        return None
    return EditorialTranslation(
        title=" ".join(title.split()), summary=summary, paragraphs=_paragraphs(text)
    )


def read(seed_path: Path, root: Path) -> tuple[Editorial, list[Problem]]:
    path = sidecar_path(seed_path)
    if not path.is_file():
        return Editorial(), []
    return from_bytes(path.read_bytes(), path.relative_to(root).as_posix())


def from_bytes(data: bytes, name: str) -> tuple[Editorial, list[Problem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Editorial(), [Problem(name, "not UTF-8", "save the sidecar as UTF-8", gate=GATE)]
    return parse(text.replace("\r\n", "\n").replace("\r", "\n"), name)


_LANGUAGE_MAPS: dict[str, tuple[Callable[[object], object], str]] = {
    "summary": (_sentences, "a list of sentences"),
    "translations": (_translation, "a mapping with `title`, `summary` and `text`"),
}
