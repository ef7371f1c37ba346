"""HTML seeds: a page as the browser saved it (or `digest add URL` fetched it) becomes a text seed.

The bytes are decoded (byte order mark, the server's charset, the page's own `<meta charset>`, then
detection), trafilatura finds the article's main text, and what the page declares about itself is
read from its markup: headline, publication date, site name, canonical address. Each declared value
is used only when it is consistent with the page (a headline the reader sees, a date that is a
publication date and not in the future) and says where it came from, for `digest explain`. Our own
cleaner then runs on the text as on any seed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import warnings
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from digest.ingest.clean import DATELINE, clean
from digest.model import DigestError
from digest.text import dates

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
    re.I | re.S,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# A page with fewer words of article text than this is not an article (a wall, a login, an app
# shell).
MIN_ARTICLE_WORDS = 40
# A "main text" most of whose words are link text is a front page or a list of stories.
MAX_LINK_SHARE = 0.6
_NOT_VISIBLE = ("script", "style", "noscript", "template", "svg", "head")
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "article.published",
    "originalpublicationdate",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "mediator_published_time",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)
_BYLINE = re.compile(
    r"^\W*(?:by|written by|posted|published|updated|last updated|автор|опубликовано|обновлено)\b",
    re.I,
)
# A line trafilatura skipped inside the article comes back when our model's chrome probability is
# below this.
GAP_CHROME = 0.3
# trafilatura unescapes the text it extracts once more (xml.xmltotxt), so a page showing "&#151;" or
# "&lt;b&gt;" (written "&amp;#151;") would lose what it shows; an escaped ampersand goes in as a
# character no news page uses (it keeps its ampersands when the page has one) and comes back as "&".
_AMPERSAND_ENTITY = re.compile(r"&(?:amp|#0*38|#x0*26);", re.I)
_AMPERSAND_STANDIN = "\u2042"  # ⁂, asterism (trafilatura drops private-use characters)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|•·:—–-]|::|»|\\\\|//)\s+")


@dataclass(frozen=True)
class Declared:
    """One thing the page says about itself, and where it says it."""

    name: str  # title, published, modified, source, source_url, lang
    value: str
    where: str


@dataclass(frozen=True)
class WebPage:
    text: str  # the headline, then the article's paragraphs, one per line
    declared: tuple[Declared, ...]
    encoding: str


def is_html(data: bytes, name: str) -> bool:
    """By the file's suffix, or by its first bytes when the suffix says nothing."""
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    return bool(_SNIFF.match(data[:2048].removeprefix(b"\xef\xbb\xbf")))


def codec(label: bytes | str | None) -> str | None:
    if not label:
        return None
    label = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


_LATIN = {"latin-1", "iso8859-1", "cp1252", "iso8859-15"}


_ACCENTED_WORD = re.compile(r"\w*[\u00c0-\u00ff]\w*")
_ACCENTED_RUN = re.compile(r"[\u00c0-\u00ff]{3}")


def _cyrillic_read_as_latin(text: str) -> bool:
    """Windows-1251 bytes declared as Latin-1 decode to words made of runs of À-ÿ letters
    ("Ïðàâèòåëüñòâî"); French or German words have one accented letter among plain ones."""
    words = _ACCENTED_WORD.findall(text)
    return bool(words) and sum(bool(_ACCENTED_RUN.search(w)) for w in words) > len(words) / 2


def own_charset(data: bytes) -> str | None:
    """The character set the page declares itself (meta tag or XML declaration), if any."""
    head = data[:4096]
    return codec((m := _META_CHARSET.search(head)) and m.group(1)) or codec(
        (m := _XML_ENCODING.match(head)) and m.group(1)
    )


def decode_html(data: bytes, name: str, header_charset: str | None = None) -> tuple[str, str]:
    """(text, codec): BOM, then the server's charset, then the page's meta tag, then detection.

    A declared charset that the bytes contradict is not believed: bytes that are valid UTF-8 with
    non-ASCII letters are UTF-8, and Cyrillic single-byte text declared as Latin-1 is read as
    Windows-1251 (both are common mistakes of servers and of "Save page as").
    """
    if not data.strip():
        raise DigestError(name, "the file is empty", "save the page again, or delete the file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    declared = codec(header_charset) or own_charset(data)
    try:
        text = data.decode("utf-8")
        if declared in (None, "utf-8") or not text.isascii():
            return text, "utf-8"
    except UnicodeDecodeError:
        if declared == "utf-8":
            lenient = data.decode("utf-8", errors="replace")
            if lenient.count("\ufffd") * 1000 < len(lenient):  # a few broken bytes in a UTF-8 page
                return lenient, "utf-8"
            declared = None
    if declared:
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and not (declared in _LATIN and _cyrillic_read_as_latin(text)):
            return text, declared
    from charset_normalizer import from_bytes

    best = from_bytes(
        data, cp_isolation=["cp1251", "koi8_r", "cp1252", "iso8859_5", "cp866", "utf_16"]
    ).best()
    if best is None:
        raise DigestError(
            name, "the page's character set could not be found", "save the page again as UTF-8"
        )
    return str(best), codec(best.encoding) or best.encoding


def _words(text: str) -> int:
    return len(re.findall(r"\w{2,}", text))


_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


def visible_lines(tree) -> list[str]:
    """The page's text roughly as a browser shows it: one line per block, hidden parts left out."""
    body = tree.find(".//body")
    parts: list[str] = []

    def walk(node) -> None:
        if (
            not isinstance(node.tag, str)
            or node.tag in _NOT_VISIBLE
            or node.get("hidden") is not None
        ):
            return
        block = node.tag in _BLOCKS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(body if body is not None else tree)
    return [
        line for line in (" ".join(chunk.split()) for chunk in "".join(parts).split("\n")) if line
    ]


def _norm(text: str) -> str:
    text = (
        text.replace("\u00ad", "")
        .replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
    )
    return " ".join(text.split()).casefold()


def _json_ld(tree) -> list[dict]:
    """Every JSON-LD object on the page, @graph members included."""
    found: list[dict] = []

    def walk(value) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            found.append(value)
            walk(value.get("@graph"))

    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            try:
                walk(json.loads(script.text.strip().rstrip(";")))
            except ValueError:
                continue
    return found


def _meta(tree) -> dict[str, str]:
    """Meta tags by lowercased name/property/itemprop (the first of each wins); the value in
    `content`, or in `value` where a script wrote the tags (React Helmet)."""
    values: dict[str, str] = {}
    for node in tree.iter("meta"):
        content = node.get("content") or node.get("value")
        if not content or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (node.get(attribute) or "").strip().lower()
            if key:
                values.setdefault(key, " ".join(content.split()))
    return values


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _as_date(value: object) -> dt.date | None:
    """The calendar date as the page wrote it (its own time zone, not converted), if plausible.

    No comparison with today: the same page must give the same date on every build."""
    if not isinstance(value, str) or not (m := _ISO_DATE.match(value)):
        return None
    try:
        date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return date if dt.date(1990, 1, 1) <= date < dt.date(2100, 1, 1) else None


def _is_article(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(
        isinstance(k, str)
        and ("Article" in k or k in ("BlogPosting", "Report", "WebPage", "LiveBlogPosting"))
        for k in kinds
    )


def declared_dates(tree, ld: list[dict], meta: dict[str, str]) -> list[Declared]:
    """Publication date first (JSON-LD, meta tags, <time> markup); a modified date is only
    recorded."""
    found: list[Declared] = []
    for obj in ld:
        if _is_article(obj) and (
            date := _as_date(obj.get("datePublished") or obj.get("dateCreated"))
        ):
            found.append(
                Declared("published", date.isoformat(), f"JSON-LD {obj.get('@type')} datePublished")
            )
            break
    for key in _PUBLISHED_META:
        if (date := _as_date(meta.get(key))) and not found:
            found.append(Declared("published", date.isoformat(), f"<meta {key}>"))
    for node in tree.iter("time"):
        if (
            not found
            and (node.get("itemprop") == "datePublished" or node.get("pubdate") is not None)
            and (date := _as_date(node.get("datetime")))
        ):
            found.append(
                Declared("published", date.isoformat(), "<time> marked as the publication date")
            )
    for obj in ld:
        if _is_article(obj) and (date := _as_date(obj.get("dateModified"))):
            found.append(
                Declared(
                    "modified",
                    date.isoformat(),
                    "JSON-LD dateModified (never used as the publication date)",
                )
            )
            break
    else:
        for key in _MODIFIED_META:
            if date := _as_date(meta.get(key)):
                found.append(
                    Declared(
                        "modified",
                        date.isoformat(),
                        f"<meta {key}> (never used as the publication date)",
                    )
                )
                break
    return found


def dateline_under_headline(lines_seen: list[str], headline: str | None) -> str | None:
    """The dateline a reader sees under the page's headline (its first line, when the page
    breaks it in two): the first line among the next eight that reads as one."""
    wanted = _norm(headline or "")
    start = next(
        (
            i
            for i, line in enumerate(lines_seen)
            if (plain := _norm(line))
            and (plain == wanted or (len(plain) >= 15 and wanted.startswith(plain)))
        ),
        None,
    )
    if not wanted or start is None:
        return None
    return next(
        (
            lines_seen[i]
            for i in range(start + 1, min(start + 9, len(lines_seen)))
            if dates.publication_date(lines_seen[i]) is not None
            and not _UPDATED_LABEL.match(lines_seen[i - 1])
        ),
        None,
    )


# A label that makes the date on the next line the modification date ("Updated:").
_UPDATED_LABEL = re.compile(
    r"^\s*(last )?(updated|modified|изменено|обновлено)( on| at)?\s*:?\s*$", re.IGNORECASE
)


def publication_dates(
    html: str, marked: list[Declared], as_seen, under_headline: str | None = None
) -> list[Declared]:
    """The publication date: the page's markup (htmldate, original date only), else the dateline a
    reader sees (under the headline, else where cleaning the page as shown finds it).

    A date the markup gives only as the modification date is not taken for the publication date.
    """
    import htmldate

    modified = next((d for d in marked if d.name == "modified"), None)
    ours = next((d for d in marked if d.name == "published"), None)
    with warnings.catch_warnings():  # dateutil warns about time zone names it does not know ("EST")
        warnings.simplefilter("ignore")
        found = htmldate.find_date(html, extensive_search=False, original_date=True)
    dateline = under_headline or next(
        (v.text for v in as_seen.verdicts if v.rule == DATELINE), None
    )
    shown = dates.publication_date(dateline) if dateline else None
    seen = (
        Declared("published", shown.isoformat(), f"the dateline the page shows: {dateline[:60]!r}")
        if shown and dateline
        else None
    )
    also = [modified] if modified else []
    if found and ours and ours.value == found:
        return [_as_shown(ours, seen), *also]
    if under_headline and seen and (ours is None or seen.value in (ours.value, found)):
        # the dateline printed under the headline, unless the page's own markup says otherwise
        # (htmldate's search of the page alone does not outweigh it)
        return [seen, *also]
    if found and not (modified and modified.value == found and ours is None):
        markup = Declared(
            "published",
            found,
            "the page's markup (htmldate: publication date, not the modification date)",
        )
        return [_as_shown(markup, seen), *also]
    return [seen, *also] if seen else also


def _as_shown(declared: Declared, seen: Declared | None) -> Declared:
    """The dateline the page shows, when the markup's date is a day from it: the same moment,
    written in UTC in the markup and in the newsroom's time zone on the page."""
    if seen is None:
        return declared
    apart = dt.date.fromisoformat(declared.value) - dt.date.fromisoformat(seen.value)
    return seen if abs(apart.days) == 1 else declared


def _site_name(ld: list[dict], meta: dict[str, str]) -> Declared | None:
    if name := meta.get("og:site_name"):
        return Declared("source", name, "<meta og:site_name>")
    for obj in ld:
        publisher = obj.get("publisher") if _is_article(obj) else None
        if (
            isinstance(publisher, dict)
            and isinstance(publisher.get("name"), str)
            and publisher["name"].strip()
        ):
            return Declared("source", " ".join(publisher["name"].split()), "JSON-LD publisher")
    return None


def _canonical(tree, meta: dict[str, str], url: str | None) -> Declared | None:
    for node in tree.iter("link"):
        if "canonical" in (node.get("rel") or "").lower().split() and (
            href := (node.get("href") or "").strip()
        ):
            absolute = urljoin(url or "", href)
            if urlsplit(absolute).scheme in ("http", "https"):
                return Declared("source_url", absolute, '<link rel="canonical">')
    if (href := meta.get("og:url")) and urlsplit(absolute := urljoin(url or "", href)).scheme in (
        "http",
        "https",
    ):
        return Declared("source_url", absolute, "<meta og:url>")
    if url:
        return Declared("source_url", url, "the address it was fetched from")
    return None


def _headlines(tree) -> list[str]:
    return [" ".join(h.text_content().split()) for h in tree.iter("h1") if h.text_content().strip()]


def _strip_site(title: str, site: str | None) -> list[str]:
    """The title and its variants without a leading or trailing site-name segment ("… | WIRED")."""
    variants = [title]
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        variants += [_TITLE_SEPARATORS.split(title, maxsplit=len(parts) - 2)[0].strip()]
        variants += (
            [title[title.find(parts[1], len(parts[0])) :].strip()]
            if site and _norm(parts[0]) in _norm(site)
            else []
        )
        variants += [max(parts, key=len)]
    return variants


def choose_title(
    tree, ld: list[dict], meta: dict[str, str], site: str | None, visible: str, above: set[str]
) -> Declared | None:
    """The headline the reader sees: an <h1> that a meta title confirms, else an <h1> of three words
    or more above the article's first paragraph (`above`: those lines, normalised), else a meta
    title found in the page."""
    declared = [
        (v, where)
        for v, where in (
            *(
                (" ".join(o["headline"].split()), "JSON-LD headline")
                for o in ld
                if _is_article(o) and isinstance(o.get("headline"), str)
            ),
            (meta.get("og:title"), "<meta og:title>"),
            (meta.get("twitter:title"), "<meta twitter:title>"),
            (" ".join((tree.findtext(".//title") or "").split()), "<title>"),
        )
        if v
    ]
    h1s = _headlines(tree)
    for value, where in declared:
        for h1 in h1s:
            if _norm(h1) and any(_norm(v) == _norm(h1) for v in _strip_site(value, site)):
                return Declared("title", h1, f"<h1>, confirmed by {where}")
    for h1 in h1s:
        if _words(h1) >= 3 and _norm(h1) in above and not (site and _norm(h1) == _norm(site)):
            return Declared(
                "title", h1, "<h1> above the article's text (no meta title says the same)"
            )
    page = _norm(visible)
    for value, where in declared:
        for variant in _strip_site(value, site):
            if _words(variant) >= 2 and _norm(variant) in page:
                return Declared("title", variant, f"{where}, as shown on the page")
    return None


def link_share(tree, paragraphs: list[str]) -> float:
    """Share of the extracted words that are the text of links: high on front pages and section
    lists."""
    anchors = {
        _norm(node.text_content())
        for a in tree.iter("a")
        for node in a.iter()
        if isinstance(node.tag, str)
    }
    total = sum(_words(p) for p in paragraphs) or 1
    return sum(_words(p) for p in paragraphs if _norm(p) in anchors) / total


def refusal(tree, visible: str, article_words: int, links: float = 0.0) -> str | None:
    """Why a page with (almost) no article text cannot be added, in words an editor can act on."""
    if links > MAX_LINK_SHARE:
        return (
            f"the page is a list of links ({links:.0%} of its main text is link text): "
            "a front page or a section, not an article; add the article's own page"
        )
    if article_words >= MIN_ARTICLE_WORDS:
        return None
    lowered = visible.casefold()
    if tree.find(".//input[@type='password']") is not None:
        return (
            "the page shows a login form, not an article: open it in a browser, log in, "
            "and save the page (File > Save page as)"
        )
    if (
        re.search(r"cookie|consent|согла[сш]\w* на обработку|файл\w* cookie", lowered)
        and _words(visible) < 200
    ):
        return (
            "the page shows only a cookie or consent wall: accept it in a browser "
            "and save the page (File > Save page as)"
        )
    scripts = sum(1 for _ in tree.iter("script"))
    shell = (
        tree.find(".//*[@id='root']") is not None
        or tree.find(".//*[@id='app']") is not None
        or tree.find(".//*[@id='__next']") is not None
    )
    if (
        shell
        or scripts >= 3
        or "javascript" in " ".join(n.text_content() for n in tree.iter("noscript")).casefold()
    ):
        return (
            "the page needs JavaScript to show its text: open it in a browser and save it there "
            "(File > Save page as, or select all and copy the text into a .txt seed)"
        )
    return (
        f"the page has only {article_words} words of article text: "
        "save the article's own page, not a list or a front page"
    )


def _standfirst(line: str, kept: bool, under_headline: bool) -> bool:
    """Between the headline and the first paragraph: what our cleaner keeps, or a sentence of six
    words or more (of three or more right under the headline: "We have answers."), unless it is a
    byline or a time stamp ("Written by … on 1 June 2019", "Updated on …")."""
    if _words(line) < 3 or _BYLINE.match(line) or dates.publication_date(line) is not None:
        return False
    sentence = line.rstrip("”\"'»)").endswith((".", "!", "?"))
    return kept or (sentence and (_words(line) >= 6 or under_headline))


def below_headline(body: list[str], seen: list[str], title: str | None) -> list[str]:
    """trafilatura's paragraphs without the short ones the page shows only above its headline (a
    rubric, a breadcrumb): the article starts at its headline."""
    at = next((i for i, line in enumerate(seen) if title and _norm(line) == _norm(title)), None)
    if at is None:
        return body
    first: dict[str, int] = {}
    for i, line in enumerate(seen):
        first.setdefault(_norm(line), i)
    return [line for line in body if not (first.get(_norm(line), at) < at and _words(line) < 12)]


def with_gaps_filled(
    body: list[str],
    seen: list[str],
    seen_kept: set[int],
    seen_sure: set[int],
    title: str | None,
    decks: frozenset[str] = frozenset(),
) -> list[str]:
    """trafilatura's paragraphs, with the lines it skipped inside the article put back where our
    cleaner keeps them.

    trafilatura is precise but drops short paragraphs, standfirsts and subheadings; our cleaner,
    run on the page as a reader sees it, keeps them: between the headline and the first paragraph
    (the standfirst) whatever it keeps of three words or more (`seen_kept`, indexes of `seen`) and
    what the markup calls a standfirst (`decks`, normalised), further down only what its
    model is fairly sure is article text (`seen_sure`). A skipped line comes back only between the
    headline and the article's last paragraph, so nothing below the article returns.
    """
    wanted, text = {_norm(line) for line in body}, _norm("\n".join(body))

    def in_body(line: str) -> bool:  # the same paragraph, or (when long) a part of one
        plain = _norm(line)
        return plain in wanted or (len(plain) >= 25 and plain in text)

    positions = [i for i, line in enumerate(seen) if in_body(line)]
    if not positions:
        return body
    start = next(
        (i for i, line in enumerate(seen[: positions[0]]) if title and _norm(line) == _norm(title)),
        positions[0],
    )
    extra = {
        _norm(seen[i]): i
        for i in range(start + 1, positions[-1])
        if (
            i in seen_sure
            or (
                i < positions[0]
                and _standfirst(
                    seen[i],
                    i in seen_kept or _norm(seen[i]) in decks,
                    i == start + 1,
                )
            )
        )
        and not in_body(seen[i])
    }
    if not extra:
        return body
    merged, used = [], set()
    order = {_norm(line): i for i, line in reversed(list(enumerate(seen)))}
    pending = sorted(extra.items(), key=lambda item: item[1])
    for line in body:
        at = order.get(_norm(line))
        while pending and at is not None and pending[0][1] < at:
            merged.append(seen[pending.pop(0)[1]])
        merged.append(line)
    used.update(merged)
    return merged + [seen[i] for _, i in pending if seen[i] not in used]


_DECK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sub-?title|sub-?head(?:line)?|dek|deck|standfirst|strapline|lede|lead|intro|summary|excerpt)(?:$|[\s_-])",
    re.I,
)


def _decks(tree) -> frozenset[str]:
    """Texts the markup calls a standfirst: a subtitle, dek, lead or summary by class, or
    schema.org's alternativeHeadline or description (with_gaps_filled puts them back only between
    headline and text)."""
    found = set()
    for element in tree.iter("h2", "h3", "h4", "p", "div", "span"):
        names = f"{element.get('class') or ''} {element.get('itemprop') or ''}"
        if (
            (
                _DECK_CLASS.search(names)
                or element.get("itemprop") in ("alternativeHeadline", "description")
            )
            and len(element) <= 3
            and (text := " ".join(element.text_content().split()))
        ):
            found.add(_norm(text))
    return frozenset(found)


def _repeats_headline(line: str, title: str) -> bool:
    """The headline again, alone or with a short tail ("… - by Kareem Smith", "… | Photo")."""
    plain, headline = _norm(line), _norm(title)
    return plain == headline or (plain.startswith(headline) and _words(plain[len(headline) :]) <= 6)


def _deck(meta: dict[str, str], visible: str, body: str) -> str | None:
    """The standfirst a page declares (its description) when the page shows it above the article's
    text (`visible`: what it shows there; the same words lower down are a teaser in a list of
    stories) and the body lacks it."""
    shown, text = _norm(visible), _norm(body)
    for key in ("description", "og:description", "twitter:description"):
        deck = meta.get(key)
        if deck and _words(deck) >= 5 and _norm(deck) in shown and _norm(deck) not in text:
            return deck
    return None


def read_page(html: str, encoding: str, name: str, url: str | None = None) -> WebPage:
    """Main text and declared metadata of a decoded page; DigestError when it holds no article."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise DigestError(
            name,
            f"not readable as HTML ({error})",
            "save the page again, or save its text as a .txt seed",
        ) from None
    ld, meta, lines_seen = _json_ld(tree), _meta(tree), visible_lines(tree)
    visible = " ".join(lines_seen)
    document = trafilatura.bare_extraction(
        html if _AMPERSAND_STANDIN in html else _AMPERSAND_ENTITY.sub(_AMPERSAND_STANDIN, html),
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    # as_dict is left False: trafilatura returns a Document (or None), never a dict
    assert not isinstance(document, dict)
    body = ((document.text if document is not None else "") or "").replace(_AMPERSAND_STANDIN, "&")
    paragraphs = [line for line in (" ".join(raw.split()) for raw in body.split("\n")) if line]
    if problem := refusal(tree, visible, _words(body), link_share(tree, paragraphs)):
        raise DigestError(name, problem, "nothing was added")
    site = _site_name(ld, meta)
    wanted = {_norm(line) for line in paragraphs}
    first = next((i for i, line in enumerate(lines_seen) if _norm(line) in wanted), len(lines_seen))
    above = {_norm(line) for line in lines_seen[:first]}
    headline = choose_title(tree, ld, meta, site.value if site else None, visible, above)
    declared = [d for d in (headline, site, _canonical(tree, meta, url)) if d]
    as_seen = clean("\n".join(lines_seen))
    under = dateline_under_headline(lines_seen, headline.value if headline else None)
    declared += publication_dates(html, declared_dates(tree, ld, meta), as_seen, under)
    if (lang := (tree.get("lang") or "").strip().lower()[:2]) and lang.isalpha():
        declared.append(Declared("lang", lang, "<html lang>"))
    title = headline.value if headline else None
    kept = {v.number - 1 for v in as_seen.verdicts if v.kept}
    sure = {v.number - 1 for v in as_seen.verdicts if v.kept and 0 <= v.chrome < GAP_CHROME}
    lines = with_gaps_filled(
        below_headline(paragraphs, lines_seen, title), lines_seen, kept, sure, title, _decks(tree)
    )
    if title:
        lines = [line for line in lines if not _repeats_headline(line, title)]
    if deck := _deck(meta, " ".join(lines_seen[:first]), "\n".join(lines)):
        lines.insert(0, deck)
    text = "\n\n".join(([title] if title else []) + lines) + "\n"
    return WebPage(text=text, declared=tuple(declared), encoding=encoding)


def from_bytes(
    data: bytes, name: str, url: str | None = None, header_charset: str | None = None
) -> WebPage:
    html, encoding = decode_html(data, name, header_charset)
    return read_page(html, encoding, name, url)
