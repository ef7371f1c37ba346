"""I/O edge: the search index of each built language site.

Online, Pagefind indexes the article pages (only elements marked `data-pagefind-body`) and the
reader's browser fetches the few index chunks a query needs. Browsers block fetch() on file://,
so the offline edition gets an index of its own instead: one script, `search/digest-index.js`,
holding the text of the most recent articles, which the page stems and indexes on the first
search (Snowball Russian for Cyrillic words, lunr's Porter for the rest, ё read as е).
"""

from __future__ import annotations

import html.parser
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Page parts that are not the article's text: byline, labels, links to other pages, buttons.
EXCLUDED = (
    ".digest-byline", ".digest-topics", ".digest-label", ".digest-credit", ".digest-same-story", ".digest-related",
    ".digest-steps", ".digest-original", ".admonition-title", ".md-content__button", ".md-source-file",
)
_EXCLUDED = frozenset(EXCLUDED)
OFFLINE_INDEX = "search/digest-index.js"
OFFLINE_CAP = 1000  # articles in the offline index: a larger script makes the first search slow

# Russian surnames in -ов/-ев/-ин: Snowball stems «Мантуров» to мантур but «Мантурова» to
# мантуров, so an article that says one form is not found by the other. Each article page gets
# both forms of every such name (front matter `search_forms`, put by overrides/main.html in an
# attribute only the search index reads).
_SURNAME = re.compile(r"\b([А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын))(?:а|у|ым|е|ой|ою)?\b")
FORMS_ATTRIBUTE = "data-digest-forms"


class SearchIndexError(RuntimeError):
    pass


def pagefind(site_dir: Path) -> None:
    """Index one language site with Pagefind (its bundle goes to <site_dir>/pagefind/)."""
    from .site import die_with_parent

    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--exclude-selectors", ", ".join(EXCLUDED), "--silent"]
    # Dies with its parent: an indexer outliving a killed build would write into the next build's site/.
    done = subprocess.run(command, check=False, capture_output=True, text=True, preexec_fn=die_with_parent)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {(done.stderr or done.stdout).strip()[:500]}")


def name_forms(text: str) -> str:
    """Both stems' forms of each surname-like word: «Мантурову» gives «Мантуров Мантурова»."""
    bases = sorted({m.group(1) for m in _SURNAME.finditer(text)})
    return " ".join(form for base in bases for form in (base, base + "а"))


def articles(site_dir: Path) -> list[Document]:
    """What the offline index holds: each built article page's searchable text."""
    documents = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        document = article_document(text, page.relative_to(site_dir).as_posix()) if "data-pagefind-body" in text else None
        if document is not None:
            documents.append(document)
    return documents


# --- The offline index ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    path: str  # relative to the language site's root
    title: str
    date: str  # ISO date or ""
    text: str
    forms: str = ""  # extra word forms for the index only (name_forms)


class _ArticleText(html.parser.HTMLParser):
    """The text Pagefind would index: inside [data-pagefind-body], minus EXCLUDED classes."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
    _BLOCK = frozenset({"p", "li", "h1", "h2", "h3", "h4", "div", "tr", "blockquote", "summary", "details", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements inside the body (0: outside)
        self.skip_depth = 0  # depth at which an excluded element opened (0: none)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.in_title = False
        self.date = ""
        self.forms = ""
        self.found = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if FORMS_ATTRIBUTE in values:
            self.forms = values[FORMS_ATTRIBUTE] or ""
        meta = values.get("data-pagefind-meta") or ""
        if meta.startswith("date:"):
            self.date = meta[5:]
        if tag in self._VOID:
            return
        if self.depth:
            self.depth += 1
            classes = {f".{c}" for c in (values.get("class") or "").split()}
            if not self.skip_depth and (classes & _EXCLUDED or "data-pagefind-ignore" in values):
                self.skip_depth = self.depth
            if tag == "h1" and not self.title_parts:
                self.in_title = True
            if tag in self._BLOCK:
                self.parts.append("\n")
        elif "data-pagefind-body" in values:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in self._VOID:
            return
        if self.skip_depth == self.depth:
            self.skip_depth = 0
        if tag == "h1":
            self.in_title = False
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip_depth:
            (self.title_parts if self.in_title else self.parts).append(data)


def article_document(page_html: str, path: str) -> Document | None:
    """The searchable part of one built page, or None when it is not an article."""
    parser = _ArticleText()
    parser.feed(page_html)
    if not parser.found:
        return None
    title = " ".join("".join(parser.title_parts).split())
    paragraphs = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return Document(path, title, parser.date, "\n".join(p for p in paragraphs if p), parser.forms)


def offline_index(documents: list[Document], cap: int = OFFLINE_CAP) -> dict:
    """The newest `cap` documents; the page stems and indexes them itself on the first search,
    with the same stemmer it applies to the query, so both sides always agree."""
    newest = sorted(documents, key=lambda d: (d.date, d.path), reverse=True)[:cap]
    return {"total": len(documents), "docs": [[d.path, d.title, d.date, d.text, d.forms] for d in newest]}


def write_offline_index(site_dir: Path, lang: str, documents: list[Document], cap: int = OFFLINE_CAP) -> None:
    """search/digest-index.js of one built offline site, from its prepared articles."""
    payload = json.dumps(offline_index(documents, cap), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    target = site_dir / OFFLINE_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"(window.digestSearchIndex = window.digestSearchIndex || {{}})[{json.dumps(lang)}] = {payload};\n", encoding="utf-8")
