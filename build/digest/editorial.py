"""Editorial sidecars: `seeds/<seed name without extension>.yml`, the fields an editor sets by hand.

Every key is optional; a set key wins over what the generator detected, and the generator never
writes to a sidecar except `digest add`, which creates it. A mistake names the file, the key and
the fix; the key is then ignored (the detected value is used) so one typo never drops an article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import LANGS

SIDECAR_SUFFIX = ".yml"
KEYS = ("title", "slug", "published", "source", "source_url", "summary", "topics", "hidden", "added", "translations")
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


def parse(text: str, name: str) -> tuple[Editorial, list[str]]:
    """The sidecar's fields and a message per problem (each names the file and the key)."""
    problems: list[str] = []

    def problem(key: str, what: str, fix: str) -> None:
        problems.append(f"{name}: `{key}` {what}; {fix} (the detected value is used meanwhile)")

    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return Editorial(), [f"{name}: not valid YAML{where}; fix the syntax (quote values that contain `: ` or start with a quote)"]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Editorial(), [f"{name}: must be a mapping of `key: value` lines; see README.md, \"For editors\""]
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in KEYS:
            close = [k for k in KEYS if k[:3] == str(key)[:3]]
            hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(KEYS)}"
            problem(str(key), "is not a known key", hint)
            continue
        if key in ("title", "source") and value is not None:
            if not isinstance(value, str) or not value.strip():
                problem(key, "must be a non-empty text", f"write e.g. `{key}: Some text`")
                continue
            values[key] = " ".join(value.split())
        elif key == "slug":
            if not isinstance(value, str) or not _SLUG.match(value):
                problem(key, f"{value!r} is not a slug", "use lowercase Latin letters, digits and hyphens, e.g. `slug: dni-promyshlennosti-omsk`")
                continue
            values[key] = value
        elif key in ("published", "added"):
            if value is None and key == "published":
                values["published_set"] = True
                continue
            date = _date(value)
            if date is None:
                problem(key, f"{value!r} is not a date", f"write it as YYYY-MM-DD, e.g. `{key}: 2025-10-07`")
                continue
            values[key] = date
            if key == "published":
                values["published_set"] = True
        elif key == "source_url":
            if not isinstance(value, str) or not re.match(r"^https?://[^\s]+$", value):
                problem(key, f"{value!r} is not a web address", "write a full http:// or https:// URL")
                continue
            values[key] = value
        elif key == "summary":
            summaries = _language_map(value, key, problem, _sentences, "a list of sentences")
            if summaries is not None:
                values[key] = summaries
        elif key == "topics":
            if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
                problem(key, "must be a list of topic names", "write e.g. `topics: [exports, clusters]`")
                continue
            values[key] = tuple(t.strip() for t in value)
        elif key == "hidden":
            if not isinstance(value, bool):
                problem(key, f"{value!r} is not true or false", "write `hidden: true` or `hidden: false`")
                continue
            values[key] = value
        elif key == "translations":
            translations = _language_map(value, key, problem, _translation, "a mapping with `title`, `summary` and `text`")
            if translations is not None:
                values[key] = translations
    return Editorial(**values), problems


def _language_map(value, key, problem, convert, what):
    if not isinstance(value, dict) or not value:
        problem(key, "must map a language (ru or en) to its value", f"write e.g. `{key}:` then `  en: ...`")
        return None
    result = {}
    for lang, item in value.items():
        if lang not in LANGS:
            problem(f"{key}.{lang}", "is not a language of the digest", "use `ru` or `en`")
            continue
        converted = convert(item)
        if converted is None:
            problem(f"{key}.{lang}", f"must be {what}", "see README.md, \"For editors\"")
            continue
        result[lang] = converted
    return result


def _translation(value: object) -> EditorialTranslation | None:
    if not isinstance(value, dict) or set(value) - set(TRANSLATION_KEYS):
        return None
    title, text = value.get("title"), value.get("text")
    summary = _sentences(value.get("summary")) if value.get("summary") is not None else ()
    if not isinstance(title, str) or not title.strip() or not isinstance(text, str) or not text.strip() or summary is None:
        return None
    return EditorialTranslation(title=" ".join(title.split()), summary=summary, paragraphs=_paragraphs(text))


def read(seed_path: Path, root: Path) -> tuple[Editorial, list[str]]:
    path = sidecar_path(seed_path)
    if not path.is_file():
        return Editorial(), []
    name = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return Editorial(), [f"{name}: not UTF-8; save the sidecar as UTF-8"]
    return parse(text, name)
