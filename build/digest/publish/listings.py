"""Pure: every page of the site, and its sections, one registry entry each. A section is an index
page (`topics/index.md`: every group with its number of articles) and one page per group listing
its articles (a topic, a person, an organisation, a source). A new section is one `Section` in
SECTIONS, plus its index page in the `nav` of mkdocs.yml and mkdocs.en.yml (tests/test_layout.py
checks that they agree)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.config import DEFAULTS, Config
from digest.model import LANGS, Article
from digest.publish.render import (
    HOME,
    LABELS,
    SEARCH,
    Kept,
    article_page,
    entity_page,
    entry_lines,
    link,
    listed_parts,
    listing_order,
    listing_text,
    made_anew,
    md_text,
    paginated,
    render_archive,
    render_article,
    render_home,
    render_search,
    source_names,
    source_page,
)


@dataclass(frozen=True)
class Group:
    """One page of a section, as an article belongs to it, in one language."""

    page: str  # path under docs/<lang>/
    name: str
    sort_key: tuple
    role: str = ""  # shown after the name on the section's index (a person's post)


# An article's groups in a section: (article, language, topics by id, gazetteer terms) -> groups.
GroupsOf = Callable[[Article, str, dict, list], Iterable[Group]]


@dataclass(frozen=True)
class Section:
    folder: str  # docs/<lang>/<folder>/index.md is the section's index
    labels: dict[str, tuple[str, str, str]]  # language -> (name, intro of the index, of a page)
    groups: GroupsOf

    @property
    def index(self) -> str:
        return f"{self.folder}/index.md"


def _topics(article: Article, lang: str, topics: dict, terms: list) -> Iterator[Group]:
    for topic_id in article.meta.topics:
        if topic_id in topics:
            name = topics[topic_id].names[lang]
            yield Group(f"topics/{topic_id}.md", name, (name.lower(),))


def _entities(kind: str) -> GroupsOf:
    def groups(article: Article, lang: str, topics: dict, terms: list) -> Iterator[Group]:
        for term in article.entities:
            if (term.kind == "people") == (kind == "people"):
                yield Group(
                    entity_page(term),
                    term.canonical(lang),
                    term.sort_key(lang),
                    term.role.get(lang, ""),
                )

    return groups


def _sources(article: Article, lang: str, topics: dict, terms: list) -> Iterator[Group]:
    if article.meta.source:
        names = source_names(article, terms)
        yield Group(source_page(names), names[lang], (names[lang].lower(),))


SECTIONS = (
    Section(
        "topics",
        {
            "ru": (
                "Темы",
                "Все темы дайджеста и число материалов по каждой.",
                "Материалы дайджеста по этой теме, свежие сверху.",
            ),
            "en": (
                "Topics",
                "All topics in the digest, with the number of articles on each.",
                "The digest's articles on this topic, newest first.",
            ),
        },
        _topics,
    ),
    Section(
        "people",
        {
            "ru": (
                "Люди",
                "Люди, упомянутые в материалах дайджеста.",
                "Материалы, в которых упоминается этот человек, свежие сверху.",
            ),
            "en": (
                "People",
                "People mentioned in the digest.",
                "Articles that mention this person, newest first.",
            ),
        },
        _entities("people"),
    ),
    Section(
        "organisations",
        {
            "ru": (
                "Организации",
                "Организации, упомянутые в материалах дайджеста.",
                "Материалы, в которых упоминается эта организация, свежие сверху.",
            ),
            "en": (
                "Organisations",
                "Organisations mentioned in the digest.",
                "Articles that mention this organisation, newest first.",
            ),
        },
        _entities("organisations"),
    ),
    Section(
        "sources",
        {
            "ru": (
                "Источники",
                "Издания и сайты, из которых взяты материалы.",
                "Материалы этого источника, свежие сверху.",
            ),
            "en": (
                "Sources",
                "The outlets and sites the articles come from.",
                "Articles from this source, newest first.",
            ),
        },
        _sources,
    ),
)


def render_section(
    section: Section,
    articles: list[Article],
    lang: str,
    topics: dict,
    terms: list,
    page_size: int,
    kept: Kept = made_anew,
) -> dict[str, str]:
    """A section's index (every group, its article count and role; `page_size` a page) and a page
    per group listing its articles by year."""
    name, index_intro, page_intro = section.labels[lang]
    members: dict[str, tuple[Group, list[Article]]] = {}
    for article in articles:
        for group in section.groups(article, lang, topics, terms):
            members.setdefault(group.page, (group, []))[1].append(article)
    ordered = sorted(members.values(), key=lambda item: (item[0].sort_key, item[0].page))

    def index_body(chunk: list[tuple[Group, list[Article]]], here: str) -> list[str]:
        lines = [
            f"- [{md_text(group.name)}]({link(here, group.page)})"
            + (f" — {md_text(group.role)}" if group.role else "")
            + f" ({len(group_articles)})"
            for group, group_articles in chunk
        ]
        return [*lines, ""] if lines else [md_text(LABELS[lang]["none_yet"]), ""]

    pages = {
        path: listing_text(name, index_intro, lang, lines)
        for path, lines in paginated(section.index, ordered, lang, index_body, page_size)
    }
    for group, group_articles in members.values():
        listed = listing_order(group_articles)
        head = ["group", lang, section.folder, group.page, group.name, str(page_size)]
        pages |= kept(
            listed_parts(head, listed),
            functools.partial(_group_pages, group, listed, lang, page_intro, terms, page_size),
        )
    return pages


def _group_pages(
    group: Group, listed: list[Article], lang: str, intro: str, terms: list, page_size: int
) -> dict[str, str]:
    """A group's articles, one line each by year, `page_size` a page."""
    return {
        path: listing_text(group.name, intro, lang, body)
        for path, body in paginated(
            group.page,
            listed,
            lang,
            lambda chunk, here: entry_lines(chunk, lang, here, terms),
            page_size,
        )
    }


class Rendered:
    """Pages by the key of everything they are drawn from: an article page by its article's seed
    key, its address, and the seed keys and addresses of the articles it links to; a listing's
    pages by render.listed_parts. What is kept of a page between builds is a hash of its text: a
    page drawn from the same as last time is read back from `docs_dir` when its file there still
    holds that text, and rendered only otherwise (an editor's edit, a deleted file). The Markdown
    itself is never held for the next build (36 MB at 1,000 articles per language). `earlier`,
    the last run's hashes; `now`, this run's, to keep for the next."""

    def __init__(self, earlier: dict[str, Any] | None = None, docs_dir: Path | None = None):
        self.earlier: dict[str, Any] = earlier or {}
        self.now: dict[str, Any] = {}
        self.docs_dir = docs_dir
        self.read_back: set[str] = set()  # pages taken from docs_dir: their files hold them

    def _on_disk(self, rel: str, digest: object) -> str | None:
        """docs/`rel` when it holds the text of hash `digest`, else None."""
        if self.docs_dir is None or not isinstance(digest, str):
            return None
        try:
            data = (self.docs_dir / rel).read_bytes()
        except OSError:
            return None
        if _text_hash(data) != digest:
            return None
        self.read_back.add(rel)
        return data.decode("utf-8")

    def page(self, key: str, rel: str, render: Callable[[], str]) -> str:
        """The page docs/`rel`, drawn from what `key` says."""
        text = self._on_disk(rel, self.earlier.get(key))
        if text is None:
            text = render()
        self.now[key] = _text_hash(text.encode("utf-8"))
        return text

    def _listing_on_disk(self, lang: str, recorded: dict[str, str]) -> dict[str, str] | None:
        """A listing's pages from docs/`lang`/ when each file holds the text `recorded` hashes."""
        pages = {}
        for path, digest in recorded.items():
            text = self._on_disk(f"{lang}/{path}", digest)
            if text is None:
                return None
            pages[path] = text
        return pages or None

    def listing(self, lang: str) -> Kept:
        """render.Kept for the listings of one language (their paths are under docs/`lang`/)."""

        def kept(parts: list[str] | None, make: Callable[[], dict[str, str]]) -> dict[str, str]:
            if parts is None:
                return make()
            key = _hashed(parts)
            recorded = self.earlier.get(key)
            pages = self._listing_on_disk(lang, recorded) if isinstance(recorded, dict) else None
            if pages is None:
                pages = make()
            self.now[key] = {path: _text_hash(text.encode("utf-8")) for path, text in pages.items()}
            return pages

        return kept

    @property
    def changed(self) -> bool:
        return self.now != self.earlier


def _text_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _page_key(article: Article, lang: str, neighbours: tuple) -> str:
    def other(o: Article | None) -> str:
        return f"{o.source_key}\0{o.slug}" if o is not None else "-"

    parts = [lang, article.source_key, article.slug, str(article.listed), str(article.hidden)]
    parts += [other(o) for o in article.same_story] + ["|"]
    parts += [other(o) for o in article.related] + ["|"]
    parts += [other(o) for o in neighbours]
    return _hashed(parts)


def _hashed(parts: list[str]) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def iter_pages(
    articles: list[Article],
    topics: list | None = None,
    terms: list | None = None,
    settings: Config = DEFAULTS,
    rendered: Rendered | None = None,
    langs: tuple[str, ...] = LANGS,
) -> Iterator[tuple[str, str]]:
    """Every generated page as (path under docs/, text), one at a time, listing pages first, of
    `langs`. `rendered`: article pages drawn from the same as last time come from there."""
    rendered = rendered or Rendered()
    topic_map = {t.id: t for t in topics or []}
    terms = terms or []
    articles = [a for a in articles if not a.hidden]
    listed = [a for a in articles if a.listed]  # one card per story
    # Earlier/later links chain dated articles only: an undated one has no place in the chronology.
    dated = [a for a in listing_order(articles) if a.meta.published]
    neighbours = {a.seed.path: (None, None) for a in articles} | {
        a.seed.path: (dated[i - 1] if i > 0 else None, dated[i + 1] if i + 1 < len(dated) else None)
        for i, a in enumerate(dated)
    }
    size = settings.listing_page
    for lang in langs:
        listings = {
            HOME: render_home(
                listed, lang, terms, topic_map, settings.home_cards, rendered.listing(lang)
            ),
            **render_archive(listed, lang, terms, topic_map, size, rendered.listing(lang)),
            SEARCH: render_search(lang),
        }
        for section in SECTIONS:
            listings |= render_section(
                section, articles, lang, topic_map, terms, size, rendered.listing(lang)
            )
        yield from ((f"{lang}/{path}", text) for path, text in listings.items())
        del listings
        for article in articles:
            around = neighbours[article.seed.path]
            rel = f"{lang}/{article_page(article)}"
            text = (
                rendered.page(
                    _page_key(article, lang, around),
                    rel,
                    functools.partial(render_article, article, lang, topic_map, terms, around),
                )
                if article.source_key
                else render_article(article, lang, topic_map, terms, around)
            )
            yield rel, text
