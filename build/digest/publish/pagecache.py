"""I/O edge: each page's Markdown conversion, kept between MkDocs builds.

Converting Markdown is most of an MkDocs build (about 60% of it here); a page whose Markdown did
not change converts to the same HTML as last time, provided that everything else the conversion
reads is the same too. That is:
- the page's Markdown, its own address, and whether it is excluded;
- the Markdown extensions and their settings, link validation, `use_directory_urls`, the versions
  of the packages that convert, and this package's code (`signature`);
- what its links resolve to: each lookup of another file the conversion made (target address,
  excluded or not, or missing) is recorded, and the kept HTML is used only while every lookup
  still gives the same answer. A new article therefore does not invalidate the others.
What the conversion logged (a broken link's warning, say) is kept too and logged again when the
HTML is reused, so `--strict` fails the same way on every build. Nothing is kept when a Markdown
extension may read more than the page (depends_on_page_only).

Entries live in .digest-cache/pages/<language>[-files]/, one file per page named by a hash of the
Markdown and the signature; a build that completes deletes those it did not use. A missing,
truncated or foreign entry is converted anew: the cache never changes what is built.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path
from typing import NamedTuple

from digest.store.cache import packed_text, unpacked_text

_KEPT_LOGGERS = ("mkdocs", "MARKDOWN")  # where a conversion's warnings are logged

# Extensions whose output depends on the page's Markdown and their settings only. With any other
# (pymdownx.snippets and pymdownx.b64 read other files, an unknown one might), nothing is kept.
_MARKDOWN_OWN = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)
_READ_OTHER_FILES = frozenset({"pymdownx.snippets", "pymdownx.b64"})


def depends_on_page_only(extension) -> bool:
    """Whether a configured Markdown extension (a name, as MkDocs keeps them) reads nothing but the
    page."""
    if not isinstance(extension, str):
        return False
    name = extension.split(":")[0].removeprefix("markdown.extensions.")
    return name in _MARKDOWN_OWN or (name.startswith("pymdownx.") and name not in _READ_OTHER_FILES)


class Entry(NamedTuple):
    content: bytes  # the HTML, packed (packed_text)
    toc: object  # mkdocs.structure.toc.TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # target page's src_uri -> {anchor: link}
    lookups: tuple[
        str, ...
    ]  # the files the conversion looked up (its links' targets, and guesses for broken ones)
    answers: str  # a hash of what those lookups answered (_answers)
    records: tuple[tuple[str, int, str], ...]  # (logger, level, message) logged while converting


def signature(config) -> str:
    """Everything besides the page itself that a conversion depends on."""
    from importlib.metadata import version

    from digest.store.cache import code_version

    parts = {
        "packages": [
            version(name)
            for name in ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")
        ],
        "code": code_version(),
        "extensions": [e if isinstance(e, str) else repr(e) for e in config["markdown_extensions"]],
        "settings": config["mdx_configs"] or {},
        "validation": repr(config.validation),
        "directory_urls": config.use_directory_urls,
        "log_levels": [logging.getLogger(name).getEffectiveLevel() for name in _KEPT_LOGGERS],
    }
    return hashlib.blake2b(
        json.dumps(parts, sort_keys=True, default=_described).encode(), digest_size=16
    ).hexdigest()


def _described(value) -> str:
    """A setting that is not plain data, as the same text in every process (a function's repr holds
    its address)."""
    name = getattr(value, "__qualname__", None)
    return f"{value.__module__}.{name}" if name and hasattr(value, "__module__") else repr(value)


def _answers(lookup, uris) -> str:
    """A hash of what each looked-up file is now: missing, or its address and whether it is left
    out of the site (all a link to it turns into)."""
    digest = hashlib.blake2b(digest_size=16)
    for uri in uris:
        file = lookup(uri)
        digest.update(
            repr(
                None
                if file is None
                else (uri, file.src_uri, file.url, file.inclusion.is_excluded())
            ).encode()
        )
    return digest.hexdigest()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.kept: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.name, record.levelno, record.getMessage()))


def _read(path: Path) -> Entry | None:
    from digest.store.cache import UNREADABLE, read_value

    try:
        entry = Entry(*read_value(path))
    except (*UNREADABLE, TypeError):  # missing, truncated or foreign: convert anew, overwrite it
        return None
    return entry if isinstance(entry.content, bytes) else None


def _write(path: Path, entry: Entry) -> None:
    from digest.store.cache import write_values

    write_values(path, tuple(entry))


def kept_conversions(cache_folder: Path, prune: bool = True):
    """A MkDocs plugin that converts each page's Markdown only when its kept conversion (above)
    cannot be used. `prune`: after the build, the conversions no page used go (not after a build
    of a few pages on top of the last one).

    It also holds each page's HTML packed from its conversion until the page is written: MkDocs
    converts every page before it writes any, and the HTML of all of them (~85 MB at 3,000
    articles per language) was most of a build process's peak. The packing is the one the kept
    conversion is written with, so it costs nothing more. Between its `page_content` event and its
    `page_context` event, a page's `content` is therefore "" (another page's template or plugin
    sees "" too; the page's own plugins see its HTML in both events: this plugin's come last and
    first)."""
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.pages import Page

    class KeptConversions(BasePlugin):
        def on_config(self, config):
            self.signature = signature(config)
            lang = config.theme["language"]
            self.folder = (
                cache_folder / "pages" / (lang if config.use_directory_urls else f"{lang}-files")
            )
            self.used: set[Path] = set()
            self.pending: dict[
                str, tuple
            ] = {}  # src_uri -> a new conversion to keep once its page is written
            # src_uri -> (the HTML as converted, packed), until the page's page_content event
            self.rendered: dict[str, tuple[str, bytes]] = {}
            self.packed: dict[str, bytes] = {}  # src_uri -> its HTML, until its page is written
            self.converted = self.reused = 0
            others = [e for e in config["markdown_extensions"] if not depends_on_page_only(e)]
            self.enabled = not others
            if others:
                logging.getLogger("mkdocs.plugins.digest").info(
                    "every page converted anew: %s may read more than the page", others
                )
            return config

        def on_pre_page(self, page, config, files):
            if self.enabled:
                page.render = functools.partial(
                    self.render, page
                )  # this page only: MkDocs calls page.render(config, files)
            return page

        def _path(self, page, markdown: str) -> Path:
            digest = hashlib.blake2b(digest_size=16)
            for part in (
                self.signature,
                page.file.src_uri,
                page.file.url,
                str(page.file.inclusion.is_excluded()),
                markdown,
            ):
                digest.update(part.encode() + b"\0")
            name = digest.hexdigest()
            return self.folder / name[:2] / name

        def render(self, page, config, files) -> None:
            path = self._path(page, page.markdown or "")
            self.used.add(path)
            entry = _read(path)
            if (
                entry is not None
                and _answers(files.get_file_from_path, entry.lookups) == entry.answers
            ):
                self._reuse(page, entry, files)
                self.reused += 1
                return
            lookups: list[str] = []

            def looked_up(uri: str):
                lookups.append(uri)
                return files_lookup(uri)

            files_lookup = files.get_file_from_path
            records = _Records()
            loggers = [logging.getLogger(name) for name in _KEPT_LOGGERS]
            files.get_file_from_path = looked_up
            for logger in loggers:
                logger.addHandler(records)
            try:
                Page.render(page, config, files)
            finally:
                del files.get_file_from_path  # the class's method again
                for logger in loggers:
                    logger.removeHandler(records)
            # Kept once the page is written (on_post_page): pickling it now, while MkDocs still
            # converts the others, leaves each process ~65 MB larger at 3,000 articles per language.
            packed = packed_text(page.content or "")
            self.rendered[page.file.src_uri] = (page.content or "", packed)
            self.pending[page.file.src_uri] = (
                path,
                packed,
                tuple(lookups),
                _answers(files_lookup, lookups),
                tuple(records.kept),
            )
            self.converted += 1

        def _reuse(self, page, entry: Entry, files) -> None:
            page.content, page.toc = unpacked_text(entry.content), entry.toc
            self.rendered[page.file.src_uri] = (page.content, entry.content)
            page._title_from_render = entry.title
            page.present_anchor_ids = set(entry.anchors)
            if entry.links_to_anchors is not None:
                page.links_to_anchors = {
                    files.get_file_from_path(uri): dict(v)
                    for uri, v in entry.links_to_anchors.items()
                }
            for name, level, message in entry.records:
                logging.getLogger(name).log(level, message)

        @event_priority(-100)  # after the other plugins': they see the HTML
        def on_page_content(self, html, page, config, files):
            converted, packed = self.rendered.pop(page.file.src_uri, (None, b""))
            self.packed[page.file.src_uri] = packed if html is converted else packed_text(html)
            return ""

        @event_priority(100)  # before the other plugins': they see the HTML
        def on_page_context(self, context, page, config, nav):
            packed = self.packed.pop(page.file.src_uri, None)
            if packed is not None:
                page.content = unpacked_text(packed)
            return context

        def on_post_page(self, output, page, config):
            pending = self.pending.pop(page.file.src_uri, None)
            if pending is not None:
                path, content, lookups, answers, records = pending
                links = (
                    None
                    if page.links_to_anchors is None
                    else {f.src_uri: dict(v) for f, v in page.links_to_anchors.items()}
                )
                _write(
                    path,
                    Entry(
                        content,
                        page.toc,
                        page._title_from_render,
                        frozenset(page.present_anchor_ids or ()),
                        links,
                        lookups,
                        answers,
                        records,
                    ),
                )
            return output

        def on_post_build(self, config):
            """After a complete build: the entries no page used (pages changed or deleted since)
            go."""
            if prune and self.enabled and self.folder.is_dir():
                for path in self.folder.glob("*/*"):
                    if path not in self.used and path.is_file():
                        path.unlink(missing_ok=True)

    return KeptConversions()
