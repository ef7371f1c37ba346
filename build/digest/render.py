"""Pure: articles -> Markdown pages {path under docs/: text}. Seed text always renders as literal text."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import unicodedata

import yaml

from .dates import format_date
from .model import LANGS, Article

FINGERPRINT_KEY = "digest_fingerprint"
_FINGERPRINT_LINE = re.compile(rf"^{FINGERPRINT_KEY}: (\S+)\n", re.MULTILINE)

LABELS = {
    "ru": {
        "site": "Дайджест промышленной политики",
        "home_intro": "Новости промышленной политики России: свежие материалы сверху.",
        "summary": "Кратко",
        "source": "Источник",
        "photo": "Фото",
        "undated": "Дата не указана",
        "added": "добавлено",
        "topics": "Темы",
        "no_translation_title": "Перевода пока нет",
        "no_translation": "Эта статья ещё не переведена на русский язык. Ниже — оригинальные заголовок, краткое содержание и текст на английском.",
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
        "photo": "Photo",
        "undated": "Date not stated",
        "added": "added",
        "topics": "Topics",
        "no_translation_title": "No translation yet",
        "no_translation": "This article has not been translated into English yet. Below are the original Russian title, summary and text.",
        "untranslated_marker": "in Russian, not yet translated",
        "generated_title": "Headline written by the digest: the source has none.",
        "editorial": "Editorial translation.",
        "machine": "Machine translation ({provider}).",
    },
}

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
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
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    if re.match(r"^\d+[.)]", text):  # "1. " would start an ordered list
        text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    elif text[:1] in "#+-":
        text = "\\" + text
    return text


def md_heading(text: str) -> str:
    return "# " + md_text(text).replace("#", "\\#")


def attr(text: str) -> str:
    """A value that a theme template inserts into HTML without escaping (title, description)."""
    return html.escape(re.sub(r"\s+", " ", text).strip(), quote=True)


def front_matter(fields: dict[str, object]) -> str:
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return f"---\n{dumped}---\n"


def with_fingerprint(page: str) -> str:
    """Insert a hash of the page as the last front-matter line, so hand edits can be recognised."""
    digest = hashlib.sha256(page.encode()).hexdigest()[:16]
    head, rest = page[4:].split("---\n", 1)
    return f"---\n{head}{FINGERPRINT_KEY}: {digest}\n---\n{rest}"


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


def _byline(article: Article, lang: str) -> str:
    labels = LABELS[lang]
    date = dt.date.fromisoformat(article.meta.published) if article.meta.published else None
    parts = [md_text(format_date(date, lang) if date else labels["undated"])]
    if not date and article.meta.added:
        parts[0] += md_text(f" ({labels['added']} {format_date(dt.date.fromisoformat(article.meta.added), lang)})")
    if article.meta.source and article.meta.source_url:
        parts.append(f"{md_text(labels['source'])}: [{md_text(article.meta.source)}]({_url(article.meta.source_url)})")
    elif article.meta.source:
        parts.append(md_text(f"{labels['source']}: {article.meta.source}"))
    if article.meta.topics:
        parts.append(md_text(f"{labels['topics']}: {', '.join(article.meta.topics)}"))
    return " · ".join(parts)


def _url(url: str) -> str:
    """An editor's http(s) URL as a Markdown link target that cannot break out of the link."""
    return "".join(c if c.isascii() and c not in " ()<>[]\\`\"'" else "%" + "%".join(f"{b:02X}" for b in c.encode()) for c in url)


def _admonition(kind: str, title: str, paragraphs: list[str]) -> list[str]:
    body = "\n\n".join("    " + md_text(p) for p in paragraphs)
    return [f'!!! {kind} "{title}"', "", body, ""]


def render_article(article: Article, lang: str) -> str:
    labels = LABELS[lang]
    status = article.translation_status(lang)
    if status in ("editorial", "machine"):
        tr = article.translations[lang]
        title, summary, paragraphs, content_lang, lede = tr.title, tr.summary, tr.paragraphs, lang, tr.lede
    else:
        title, summary, paragraphs = article.meta.title, article.summary, article.paragraphs
        content_lang, lede = article.meta.lang, article.lede
    fields: dict[str, object] = {
        "title": attr(title),
        "description": attr(lede or title),
        "lang": lang,
        "content_lang": content_lang,
        "original_lang": article.meta.lang,
        "translation": status,
        "seed": article.seed.path,
        "published": article.meta.published,
        "source": article.meta.source,
        "hide": ["navigation", "toc"],
    }
    lines = [front_matter(fields), md_heading(title), "", _byline(article, lang) + "\n{ .digest-byline }", ""]
    if status == "missing":
        lines += _admonition("warning", labels["no_translation_title"], [labels["no_translation"]])
        lines += [f'<div lang="{content_lang}" markdown>', ""]
    elif status == "editorial":
        lines += [md_text(labels["editorial"]) + "\n{ .digest-label }", ""]
    elif status == "machine":
        lines += [md_text(labels["machine"].format(provider=article.translations[lang].provider)) + "\n{ .digest-label }", ""]
    if article.meta.title_generated and status in ("original", "missing"):
        lines += [md_text(LABELS[content_lang]["generated_title"]) + "\n{ .digest-label }", ""]
    summary_title = LABELS[content_lang]["summary"]
    lines += _admonition("abstract", summary_title, [" ".join(summary)])
    for paragraph in paragraphs:
        lines += [md_text(paragraph), ""]
    if article.credits:
        credit_label = LABELS[content_lang]["photo"]
        lines += [md_text(f"{credit_label}: {'; '.join(article.credits)}") + "\n{ .digest-credit }", ""]
    if status == "missing":
        lines += ["</div>", ""]
    return with_fingerprint("\n".join(lines).rstrip("\n") + "\n")


def listing_order(articles: list[Article]) -> list[Article]:
    """Newest first; undated after the dated ones, newest added first; ties by seed path (sort twice: stable)."""
    by_seed = sorted(articles, key=lambda a: a.seed.path)
    dated = sorted((a for a in by_seed if a.meta.published), key=lambda a: a.meta.published or "", reverse=True)
    undated = sorted((a for a in by_seed if not a.meta.published), key=lambda a: a.meta.added or "", reverse=True)
    return dated + undated


def render_home(articles: list[Article], lang: str) -> str:
    labels = LABELS[lang]
    # No title in the front matter: Material then titles the home page with the site name alone.
    fields = {"description": attr(labels["home_intro"]), "lang": lang, "hide": ["navigation", "toc"]}
    lines = [front_matter(fields), md_heading(labels["site"]), "", md_text(labels["home_intro"]), ""]
    for article in listing_order(articles):
        status = article.translation_status(lang)
        translated = status in ("editorial", "machine")
        title = article.translations[lang].title if translated else article.meta.title
        lede = article.translations[lang].lede if translated else article.lede
        link = f"articles/{article.slug}.md"
        lines += [f"## [{md_text(title)}]({link})", "", _byline(article, lang) + "\n{ .digest-byline }", ""]
        if status == "missing":
            lines += [f"*{md_text(labels['untranslated_marker'])}*", ""]
        if lede:
            lines += [md_text(lede), ""]
    return with_fingerprint("\n".join(lines).rstrip("\n") + "\n")


def render_site(articles: list[Article]) -> dict[str, str]:
    """Every generated page, keyed by path under docs/."""
    pages: dict[str, str] = {}
    articles = [a for a in articles if not a.hidden]
    for lang in LANGS:
        pages[f"{lang}/index.md"] = render_home(articles, lang)
        for article in articles:
            pages[article_path(lang, article.slug)] = render_article(article, lang)
    return dict(sorted(pages.items()))
