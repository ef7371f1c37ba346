"""Pure: articles -> Markdown pages {path under docs/: text}. Seed text always renders as literal
text."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import posixpath
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import yaml

from digest.model import LANGS, Article
from digest.publish.search import name_forms
from digest.text.dates import EN_MONTHS, RU_MONTHS_NOMINATIVE, format_date

FINGERPRINT_KEY = "digest_fingerprint"
_FINGERPRINT_LINE = re.compile(rf"^{FINGERPRINT_KEY}: (\S+)\n", re.MULTILINE)

LABELS = {
    "ru": {
        "site": "Дайджест промышленной политики",
        "home_intro": "Новости промышленной политики России: свежие материалы сверху.",
        "summary": "Кратко",
        "source": "Источник",
        "undated": "Дата не указана",
        "added": "добавлено",
        "topics": "Темы",
        "archive": "Архив",
        "archive_intro": "Все материалы дайджеста по месяцам публикации.",
        "all_articles": "Все материалы по месяцам ({count})",
        "search": "Поиск",
        "search_intro": (
            "Поиск по всем материалам дайджеста с учётом форм слова: "
            "по запросу «кластерами» найдётся и «кластер»."
        ),
        "undated_section": "Без даты публикации",
        "none_yet": "Пока ничего нет.",
        "mentioned": "Упоминаются",
        "reading": "{minutes} мин чтения",
        "older": "Предыдущая статья",
        "newer": "Следующая статья",
        "source_link": "оригинал",
        "no_source": "Источник не указан",
        "pages": "Страницы",
        "all_months": "Все месяцы",
        "stale_title": "Оригинал изменился",
        "stale": "Оригинал был обновлён после этого перевода; перевод может не совпадать с ним.",
        "same_story": "Об этом же сообщают",
        "related": "По теме",
        "no_translation_title": "Перевода пока нет",
        "no_translation": (
            "Эта статья ещё не переведена на русский язык. "
            "Ниже — заголовок, краткое содержание и текст оригинала на английском."
        ),
        "untranslated_marker": "на английском, без перевода",
        "generated_title": "Заголовок составлен автоматически: в источнике его нет.",
        "editorial": "Редакционный перевод.",
        "machine": "Машинный перевод ({provider}).",
    },
    "en": {
        "site": "Industrial Policy Digest",
        "home_intro": "News of Russian industrial policy, newest first.",
        "summary": "Summary",
        "source": "Source",
        "undated": "Undated",
        "added": "added",
        "topics": "Topics",
        "archive": "Archive",
        "archive_intro": "All articles in the digest, by month of publication.",
        "all_articles": "All {count} articles by month",
        "search": "Search",
        "search_intro": (
            "Search all articles in the digest. "
            "Any form of a word matches: “factories” also finds “factory”."
        ),
        "undated_section": "Undated",
        "none_yet": "Nothing here yet.",
        "mentioned": "Mentioned",
        "reading": "{minutes} min read",
        "older": "Previous article",
        "newer": "Next article",
        "source_link": "original",
        "no_source": "Source not stated",
        "pages": "Pages",
        "all_months": "All months",
        "stale_title": "The original has changed",
        "stale": (
            "The original was updated after this translation; the translation may not match it."
        ),
        "same_story": "Also reported by",
        "related": "Related",
        "no_translation_title": "No translation yet",
        "no_translation": (
            "This article has not been translated into English yet. "
            "Below are the original Russian title, summary and text."
        ),
        "untranslated_marker": "in Russian, not yet translated",
        "generated_title": "The source has no headline; this one was written by the digest.",
        "editorial": "Editorial translation.",
        "machine": "Machine translation ({provider}).",
    },
}

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def slugify(title: str, max_length: int = 60) -> str:
    """ASCII slug: Russian transliterated, words joined by hyphens, cut at a word boundary."""
    out = []
    for char in title.lower():
        mapped = _TRANSLIT.get(char, char)
        out.append("" if mapped == "_" else mapped)
    ascii_text = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    while len(slug) > max_length and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:max_length] or "article"


# --- Markdown escaping: seed text is text, never markup -----------------------------------------

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]{}])")


def md_text(text: str) -> str:
    """One paragraph of plain text as Markdown that renders to exactly that text."""
    return _short_md_text(text) if len(text) < 300 else _md_text(text)


@lru_cache(
    maxsize=32768
)  # titles, names and labels recur on many pages of a build; paragraphs are not kept
def _short_md_text(text: str) -> str:
    return _md_text(text)


def _md_text(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    if re.match(r"^\d+[.)]", text):  # "1. " would start an ordered list
        text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    elif text[:1] in "#+-" or text.startswith("!!!"):  # "!!! danger" would open an admonition box
        text = "\\" + text
    return text


def md_heading(text: str) -> str:
    return "# " + md_text(text).replace("#", "\\#")


def attr(text: str) -> str:
    """A value that a theme template inserts into HTML without escaping (title, description)."""
    return html.escape(re.sub(r"\s+", " ", text).strip(), quote=True)


_YAML_DUMPER = getattr(
    yaml, "CSafeDumper", yaml.SafeDumper
)  # libyaml's is ~10x faster, same output


def front_matter(fields: Mapping[str, object]) -> str:
    dumped = yaml.dump(
        fields,
        Dumper=_YAML_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )
    return f"---\n{dumped}---\n"


def with_fingerprint(page: str) -> str:
    """Insert a hash of the page as the last front-matter line, so hand edits can be recognised."""
    digest = hashlib.sha256(page.encode()).hexdigest()[:16]
    end = (
        page.index("\n---\n", 3) + 1
    )  # the closing line of the front matter (a value may end in "---")
    return f"{page[:end]}{FINGERPRINT_KEY}: {digest}\n{page[end:]}"


def recorded_fingerprint(page: str) -> str | None:
    match = _FINGERPRINT_LINE.search(page)
    return match.group(1) if match else None


def fingerprint_matches(page: str) -> bool:
    """True when the page is exactly what the generator wrote (no hand edits since)."""
    match = _FINGERPRINT_LINE.search(page)
    if not match:
        return False
    original = page[: match.start()] + page[match.end() :]
    return hashlib.sha256(original.encode()).hexdigest()[:16] == match.group(1)


# --- Pages --------------------------------------------------------------------------------------


def article_path(lang: str, slug: str) -> str:
    return f"{lang}/articles/{slug}.md"


# --- Where things live (paths under docs/<lang>/) and links between them ----------------------

HOME, ARCHIVE, SEARCH = "index.md", "archive.md", "search.md"


def article_page(article: Article) -> str:
    return f"articles/{article.slug}.md"


def entity_kind(term) -> str:
    return "people" if term.kind == "people" else "organisations"


def entity_page(term) -> str:
    return f"{entity_kind(term)}/{slugify(term.canonical('en'))}.md"


def source_names(article: Article, terms: list) -> dict[str, str]:
    """The source's name per language: the gazetteer's form when it knows the outlet."""
    return _source_names(article.meta.source or "", article.meta.lang, tuple(terms))


@lru_cache(maxsize=4096)
def _source_names(source: str, lang: str, terms: tuple) -> dict[str, str]:
    from digest.enrich.glossary import find

    for term, start, end in find(list(terms), source, lang) if source else []:
        if start == 0 and end == len(source):
            return {other: term.canonical(other) for other in LANGS}
    return {other: source for other in LANGS}


def source_page(names: dict[str, str]) -> str:
    return f"sources/{slugify(names['en'])}.md"


def link(from_page: str, to_page: str) -> str:
    """A relative link between two pages of one language (each at most one folder deep)."""
    from_dir, to_dir = posixpath.dirname(from_page), posixpath.dirname(to_page)
    if from_dir == to_dir:
        return posixpath.basename(to_page)
    return ("../" if from_dir else "") + to_page


@dataclass(frozen=True)
class Shown:
    """An article as a page in one language shows it: its own text or a translation."""

    title: str
    summary: tuple[str, ...]
    paragraphs: tuple[str, ...]
    lede: str
    content_lang: str
    status: str


def shown(article: Article, lang: str) -> Shown:
    status = article.translation_status(lang)
    if status in ("editorial", "machine"):
        tr = article.translations[lang]
        return Shown(tr.title, tr.summary, tr.paragraphs, tr.lede, lang, status)
    return Shown(
        article.meta.title,
        article.summary,
        article.paragraphs,
        article.lede,
        article.meta.lang,
        status,
    )


# --- Pieces of pages ----------------------------------------------------------------------------


def _date_label(article: Article, lang: str) -> str:
    labels = LABELS[lang]
    if article.meta.published:
        return format_date(dt.date.fromisoformat(article.meta.published), lang)
    if article.meta.added:
        return (
            f"{labels['undated']} ({labels['added']} "
            f"{format_date(dt.date.fromisoformat(article.meta.added), lang)})"
        )
    return labels["undated"]


def _dated(article: Article, lang: str, under_undated_heading: bool = False) -> str:
    """The date label as Markdown, the date in a <time> element. Under a heading that already says
    the articles are undated, only the date an article was added (if known)."""
    if under_undated_heading and not article.meta.published:
        added = article.meta.added
        return (
            md_text(f"{LABELS[lang]['added']} {format_date(dt.date.fromisoformat(added), lang)}")
            if added
            else ""
        )
    label = md_text(_date_label(article, lang))
    return (
        f'<time datetime="{article.meta.published}">{label}</time>'
        if article.meta.published
        else label
    )


def _byline(article: Article, lang: str, page: str, terms: list) -> str:
    labels = LABELS[lang]
    parts = [_dated(article, lang)]
    if article.meta.source:
        names = source_names(article, terms)
        parts.append(
            f"{md_text(labels['source'])}: "
            f"[{md_text(names[lang])}]({link(page, source_page(names))})"
        )
    else:
        parts.append(md_text(labels["no_source"]))
    if article.meta.source_url:
        parts[-1] += f" ([{md_text(labels['source_link'])}]({_url(article.meta.source_url)}))"
    parts.append(md_text(labels["reading"].format(minutes=article.reading_minutes)))
    return " · ".join(parts)


def _topic_links(article: Article, lang: str, page: str, topics: dict) -> str:
    links = [
        f"[{md_text(topics[t].names[lang])}]({link(page, f'topics/{t}.md')})"
        for t in article.meta.topics
        if t in topics
    ]
    return f"{md_text(LABELS[lang]['topics'])}: " + ", ".join(links) if links else ""


def _entity_links(article: Article, lang: str, page: str) -> str:
    links = [
        f"[{md_text(term.canonical(lang))}]({link(page, entity_page(term))})"
        for term in article.entities
    ]
    return f"{md_text(LABELS[lang]['mentioned'])}: " + ", ".join(links) if links else ""


def _url(url: str) -> str:
    """An editor's http(s) URL as a Markdown link target that cannot break out of the link."""
    return "".join(
        c
        if c.isascii() and c not in " ()<>[]\\`\"'"
        else "%" + "%".join(f"{b:02X}" for b in c.encode())
        for c in url
    )


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _admonition(kind: str, title: str, paragraphs: list[str]) -> list[str]:
    body = "\n\n".join("    " + md_text(p) for p in paragraphs)
    return [f'!!! {kind} "{title}"', "", body, ""]


def _classed(markdown: str, css: str) -> list[str]:
    return [f"{markdown}\n{{ .{css} }}", ""] if markdown else []


def render_article(
    article: Article, lang: str, topics: dict, terms: list, neighbours: tuple
) -> str:
    labels = LABELS[lang]
    view = shown(article, lang)
    page = article_page(article)
    fields: dict[str, object] = {
        "title": attr(view.title),
        "description": attr(view.lede or view.title),
        "lang": lang,
        "content_lang": view.content_lang,
        "original_lang": article.meta.lang,
        "translation": view.status,
        "seed": article.seed.path,
        "published": article.meta.published,
        "source": article.meta.source,
        "hide": ["navigation", "toc"],
    }
    forms = name_forms("\n".join((view.title, *view.paragraphs)))
    if forms:
        fields["search_forms"] = forms  # for the search index only (overrides/main.html)
    lines = [front_matter(fields), md_heading(view.title), ""]
    lines += _classed(_byline(article, lang, page, terms), "digest-byline")
    lines += _classed(_topic_links(article, lang, page, topics), "digest-topics")
    if view.status == "missing":
        lines += _admonition("warning", labels["no_translation_title"], [labels["no_translation"]])
        lines += [f'<div lang="{view.content_lang}" markdown>', ""]
    elif view.status == "editorial":
        lines += _classed(md_text(labels["editorial"]), "digest-label")
    if view.status in ("editorial", "machine") and article.translations[lang].stale:
        lines += _admonition("warning", labels["stale_title"], [labels["stale"]])
    elif view.status == "machine":
        lines += _classed(
            md_text(labels["machine"].format(provider=article.translations[lang].provider)),
            "digest-label",
        )
    if article.meta.title_generated and view.status in ("original", "missing"):
        lines += _classed(md_text(LABELS[view.content_lang]["generated_title"]), "digest-label")
    summary = " ".join(view.summary)
    if not _normal(" ".join(view.paragraphs)).startswith(
        _normal(summary)
    ):  # a box that repeats the opening is noise
        lines += _admonition("abstract", LABELS[view.content_lang]["summary"], [summary])
    for paragraph in view.paragraphs:
        lines += [md_text(paragraph), ""]
    if view.status == "missing":
        lines += ["</div>", ""]
    lines += _classed(_entity_links(article, lang, page), "digest-entities")
    for key, others in (("same_story", article.same_story), ("related", article.related)):
        links = [
            f"[{md_text(shown(o, lang).title)}]({link(page, article_page(o))})"
            + (f" ({md_text(o.meta.source)})" if o.meta.source else "")
            for o in others
        ]
        lines += _classed(
            f"{md_text(labels[key])}: " + "; ".join(links) if links else "",
            f"digest-{key.replace('_', '-')}",
        )
    newer, older = neighbours
    steps = []
    if older:
        steps.append(
            f"← {md_text(labels['older'])}: "
            f"[{md_text(shown(older, lang).title)}]({link(page, article_page(older))})"
        )
    if newer:
        steps.append(
            f"{md_text(labels['newer'])}: "
            f"[{md_text(shown(newer, lang).title)}]({link(page, article_page(newer))}) →"
        )
    lines += _classed(" · ".join(steps), "digest-steps")
    return with_fingerprint("\n".join(lines).rstrip("\n") + "\n")


def listing_order(articles: list[Article]) -> list[Article]:
    """Newest first; undated after the dated ones, newest added first; ties by seed path (sort
    twice: stable)."""
    by_seed = sorted(articles, key=lambda a: a.seed.path)
    dated = sorted(
        (a for a in by_seed if a.meta.published), key=lambda a: a.meta.published or "", reverse=True
    )
    undated = sorted(
        (a for a in by_seed if not a.meta.published), key=lambda a: a.meta.added or "", reverse=True
    )
    return dated + undated


# Listing pages kept between builds: kept(parts, make) gives the pages make() renders, or the
# ones made from the same parts last time (listings.Rendered.pages); parts None: made anew.
Kept = Callable[[list[str] | None, Callable[[], dict[str, str]]], dict[str, str]]


def made_anew(parts: list[str] | None, make: Callable[[], dict[str, str]]) -> dict[str, str]:
    return make()


def listed_parts(head: list[str], articles: list[Article]) -> list[str] | None:
    """What a listing of `articles` (cards or lines) is drawn from: `head` (its kind, language,
    address and whatever else it shows) and, per article in order, the key of the seed it is made
    from (which covers topics, gazetteer, settings and code), its address and whether it is
    listed, and the same of the other reports of its story; None when an article has no key."""
    parts = list(head)
    for article in articles:
        if not article.source_key or not all(o.source_key for o in article.same_story):
            return None
        parts.append(f"{article.source_key}\0{article.slug}\0{article.listed}")
        parts += [f"{o.source_key}\0{o.slug}" for o in article.same_story] + ["|"]
    return parts


def _card(
    article: Article, lang: str, page: str, terms: list, topics: dict, undated_page: bool = False
) -> list[str]:
    """One article in a Material grid card: title, date, source, reading time, topics, lede."""
    view = shown(article, lang)
    item = [f"-   **[{md_text(view.title)}]({link(page, article_page(article))})**", ""]
    meta = [m for m in [_dated(article, lang, under_undated_heading=undated_page)] if m]
    if article.meta.source:
        meta.append(md_text(source_names(article, terms)[lang]))
    meta.append(md_text(LABELS[lang]["reading"].format(minutes=article.reading_minutes)))
    item += ["    " + " · ".join(meta) + "\n    { .digest-byline }", ""]
    topic_line = _topic_links(article, lang, page, topics)
    if topic_line:
        item += ["    " + topic_line + "\n    { .digest-topics }", ""]
    if view.status == "missing":
        item += [f"    *{md_text(LABELS[lang]['untranslated_marker'])}*", ""]
    if view.lede:
        item += ["    " + md_text(view.lede), ""]
    if article.same_story:
        also = ", ".join(md_text(o.meta.source or shown(o, lang).title) for o in article.same_story)
        item += [f"    *{md_text(LABELS[lang]['same_story'])}: {also}*", ""]
    return item


def _cards(
    articles: list[Article],
    lang: str,
    page: str,
    terms: list,
    topics: dict,
    undated_page: bool = False,
) -> list[str]:
    lines = ['<div class="grid cards" markdown>', ""]
    for article in listing_order(articles):
        lines += _card(article, lang, page, terms, topics, undated_page)
    return [*lines, "</div>", ""]


def paged_path(page: str, number: int) -> str:
    """The address of a listing's page `number` (1 is the listing itself), as deep as the
    listing."""
    if number == 1:
        return page
    return (
        page.replace("/index.md", f"/page-{number}.md")
        if page.endswith("/index.md")
        else f"{page[:-3]}-p{number}.md"
    )


def _pager(page: str, number: int, count: int, lang: str) -> list[str]:
    """ "Pages: 1 · 2 · 3", the current one in bold, on every page of a listing longer than one
    page."""
    if count == 1:
        return []
    here = paged_path(page, number)
    items = [
        f"**{n}**" if n == number else f"[{n}]({link(here, paged_path(page, n))})"
        for n in range(1, count + 1)
    ]
    return _classed(f"{md_text(LABELS[lang]['pages'])}: " + " · ".join(items), "digest-pager")


def paginated(page: str, items: list, lang: str, render, size: int) -> list[tuple[str, list[str]]]:
    """(path, body) per page of a listing, `size` entries a page (longer listings continue on
    page-2, page-3, …): `render(chunk, path)` gives a page's entries, with the pager above and
    below."""
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    out = []
    for number, chunk in enumerate(chunks, start=1):
        pager = _pager(page, number, len(chunks), lang)
        out.append(
            (paged_path(page, number), pager + render(chunk, paged_path(page, number)) + pager)
        )
    return out


def entry_lines(articles: list[Article], lang: str, page: str, terms: list) -> list[str]:
    """A topic's, person's, organisation's or source's articles: one line each (title, date,
    source), by year.

    Lines, not cards: an article is listed on several such pages, and at thousands of articles
    cards there would be most of the site's Markdown (see guide/performance.md)."""
    lines: list[str] = []
    year = None
    for article in listing_order(articles):
        if (article.meta.published or "")[:4] != year:
            year = (article.meta.published or "")[:4]
            lines += ["", f"## {year or md_text(LABELS[lang]['undated_section'])}", ""]
        view = shown(article, lang)
        meta = [_dated(article, lang, under_undated_heading=True)]
        if article.meta.source:
            meta.append(md_text(source_names(article, terms)[lang]))
        if view.status == "missing":
            meta.append(f"*{md_text(LABELS[lang]['untranslated_marker'])}*")
        meta = [m for m in meta if m]
        lines.append(
            f"- [{md_text(view.title)}]({link(page, article_page(article))})"
            + "".join(f" · {m}" for m in meta)
        )
    return [*lines[1:], ""]


def listing_text(
    title: str, intro: str, lang: str, body: list[str], description: str = "", **extra: object
) -> str:
    fields = {
        "title": attr(title),
        "description": attr(description or intro),
        "lang": lang,
        **extra,
        "hide": ["navigation", "toc"],
    }
    lines = (
        [front_matter(fields), md_heading(title), ""]
        + ([md_text(intro), ""] if intro else [])
        + body
    )
    return with_fingerprint("\n".join(lines).rstrip("\n") + "\n")


def render_home(
    articles: list[Article],
    lang: str,
    terms: list,
    topics: dict,
    cards: int,
    kept: Kept = made_anew,
) -> str:
    """The `cards` newest stories; the archive has every one."""
    newest = listing_order(articles)[:cards]
    head = ["home", lang, str(cards), str(len(articles))]
    return kept(
        listed_parts(head, newest),
        lambda: {HOME: _home_text(newest, len(articles), lang, terms, topics)},
    )[HOME]


def _home_text(newest: list[Article], count: int, lang: str, terms: list, topics: dict) -> str:
    labels = LABELS[lang]
    # No title in the front matter: Material then titles the home page with the site name alone.
    fields = {
        "description": attr(labels["home_intro"]),
        "lang": lang,
        "hide": ["navigation", "toc"],
    }
    lines = [
        front_matter(fields),
        md_heading(labels["site"]),
        "",
        md_text(labels["home_intro"]),
        "",
    ]
    lines += _cards(newest, lang, HOME, terms, topics)
    if count > len(newest):
        lines += [
            f"[{md_text(labels['all_articles'].format(count=count))}]({ARCHIVE}){{ .md-button }}",
            "",
        ]
    return with_fingerprint("\n".join(lines).rstrip("\n") + "\n")


def _month_key(article: Article) -> str:
    return article.meta.published[:7] if article.meta.published else "undated"


def month_page(month: str) -> str:
    return f"archive/{month}.md"


def month_title(month: str, lang: str) -> str:
    return LABELS[lang]["undated_section"] if month == "undated" else month_name(month, lang)


def render_archive(
    articles: list[Article],
    lang: str,
    terms: list,
    topics: dict,
    page_size: int,
    kept: Kept = made_anew,
) -> dict[str, str]:
    """The digest's issues: an index of months, newest first, and one page of cards per month
    (undated last), `page_size` cards a page."""
    labels = LABELS[lang]
    months: dict[str, list[Article]] = {}
    for article in listing_order(articles):
        months.setdefault(_month_key(article), []).append(article)
    index = [
        f"- [{md_text(month_title(m, lang))}]({month_page(m)}) ({len(members)})"
        for m, members in months.items()
    ]
    pages = {
        ARCHIVE: listing_text(
            labels["archive"],
            labels["archive_intro"],
            lang,
            [*index, ""] if index else [md_text(labels["none_yet"]), ""],
        )
    }
    order = list(months)  # newest first, undated last
    dated = [m for m in order if m != "undated"]
    for month, members in months.items():
        at = dated.index(month) if month != "undated" else None
        earlier = dated[at + 1] if at is not None and at + 1 < len(dated) else None
        later = dated[at - 1] if at is not None and at > 0 else None
        head = ["month", lang, month, str(earlier), str(later), str(page_size)]
        pages |= kept(
            listed_parts(head, members),
            functools.partial(
                _month_pages, month, earlier, later, members, lang, terms, topics, page_size
            ),
        )
    return pages


def _month_pages(
    month: str,
    earlier: str | None,
    later: str | None,
    members: list[Article],
    lang: str,
    terms: list,
    topics: dict,
    page_size: int,
) -> dict[str, str]:
    """A month's pages of cards, `page_size` a page, between links to the months around it."""
    labels, page, steps = LABELS[lang], month_page(month), []
    if month != "undated":
        if earlier:
            steps.append(
                f"← [{md_text(month_title(earlier, lang))}]({link(page, month_page(earlier))})"
            )
        steps.append(f"[{md_text(labels['all_months'])}]({link(page, ARCHIVE)})")
        if later:
            steps.append(
                f"[{md_text(month_title(later, lang))}]({link(page, month_page(later))}) →"
            )
    around = _classed(" · ".join(steps), "digest-months")
    return {
        path: listing_text(
            month_title(month, lang),
            "",
            lang,
            around + body + around,
            description=f"{labels['archive']}: {month_title(month, lang)}",
        )
        for path, body in paginated(
            page,
            listing_order(members),
            lang,
            lambda chunk, here: _cards(
                chunk, lang, here, terms, topics, undated_page=month == "undated"
            ),
            page_size,
        )
    }


def render_search(lang: str) -> str:
    """The search page: its form and results come from overrides/partials/digest-search.html."""
    labels = LABELS[lang]
    return listing_text(labels["search"], labels["search_intro"], lang, [], digest_search=True)


def month_name(month: str, lang: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    if lang == "ru":
        return f"{RU_MONTHS_NOMINATIVE[number - 1].capitalize()} {year}"
    return f"{EN_MONTHS[number - 1].capitalize()} {year}"
