"""The real-world cleaning corpus (tests/corpus/real/, issue 18): labels, texts, the split by site.

    python tests/realcorpus.py check [LABELS...]   validate label files (all by default)
    python tests/realcorpus.py show ID|FILE        print a text's lines, numbered (for labelling)
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REAL = Path(__file__).resolve().parent / "corpus" / "real"
SHARED = Path(__file__).resolve().parents[2] / "shared"
MARKS = ("T", "D", "+", "-", "?")
HEADER_KEYS = ("id", "text", "source", "site", "lang", "encoding", "newlines", "kind", "title", "date", "html_date", "found")


@dataclass
class Page:
    id: str
    header: dict[str, str]
    marks: dict[int, str]  # 1-based line number -> mark
    path: Path
    lines: list[str] = field(default_factory=list)

    @property
    def site(self) -> str:
        return self.header["site"]

    @property
    def lang(self) -> str:
        return self.header.get("lang", "")

    @property
    def raw(self) -> bytes:
        return self.path.read_bytes()


def text_path(spec: str) -> Path:
    if spec.startswith("shared:"):
        return SHARED / spec.removeprefix("shared:")
    return REAL / spec


def decode(data: bytes, encoding: str) -> str:
    return data.decode(encoding or "utf-8")


def numbered_lines(text: str) -> list[str]:
    """The lines as the build numbers them (digest.read.normalize_text, then split on "\n")."""
    from digest.ingest.read import normalize_text

    return normalize_text(text).split("\n")


def parse_ranges(spec: str) -> list[int]:
    numbers = []
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise ValueError(f"not a line range: {part!r}")
        first, last = int(m[1]), int(m[2] or m[1])
        if last < first:
            raise ValueError(f"range runs backwards: {part!r}")
        numbers.extend(range(first, last + 1))
    return numbers


def parse(label_file: Path) -> Page:
    header: dict[str, str] = {}
    marks: dict[int, str] = {}
    for n, line in enumerate(label_file.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = re.sub(r"\s+#\s.*$", "", value).strip()
            continue
        mark, _, ranges = line.partition(" ")
        if mark not in MARKS:
            raise ValueError(f"{label_file}:{n}: unknown mark {mark!r} (one of {' '.join(MARKS)})")
        for number in parse_ranges(ranges):
            if number in marks:
                raise ValueError(f"{label_file}:{n}: line {number} labelled twice")
            marks[number] = mark
    for key in ("id", "text", "site", "lang", "title", "date"):
        if key not in header:
            raise ValueError(f"{label_file}: @{key} missing")
    return Page(header["id"], header, marks, text_path(header["text"]))


def load(label_file: Path) -> Page | None:
    """A labelled page with its text, or None when its text is in ../shared and that is missing."""
    page = parse(label_file)
    if not page.path.exists():
        if page.header["text"].startswith("shared:"):
            return None
        raise FileNotFoundError(f"{label_file}: text {page.path} missing")
    page.lines = numbered_lines(decode(page.raw, page.header.get("encoding", "utf-8")))
    return page


def problems(page: Page) -> list[str]:
    found = []
    for n, line in enumerate(page.lines, 1):
        if line.strip() and n not in page.marks:
            found.append(f"line {n} not labelled: {line[:60]!r}")
        if not line.strip() and page.marks.get(n) in ("T", "D", "+"):
            found.append(f"line {n} is blank but marked {page.marks[n]}")
    beyond = [n for n in page.marks if n > len(page.lines)]
    if beyond:
        found.append(f"lines {beyond[:5]} are beyond the end ({len(page.lines)} lines)")
    for key in ("date", "html_date"):
        value = page.header.get(key, "none")
        if value != "none" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            found.append(f"@{key} {value!r} is not YYYY-MM-DD or none")
    titles = [n for n, m in page.marks.items() if m == "T"]
    if len(titles) > 1:
        found.append(f"several T lines: {titles}")
    if page.header["title"] == "none" and titles:
        found.append("@title none but a T line is marked")
    if titles and page.header["title"] != "none":
        line = page.lines[titles[0] - 1].strip() if titles[0] <= len(page.lines) else ""
        if _norm(page.header["title"]) not in _norm(line) and _norm(line) not in _norm(page.header["title"]):
            found.append(f"@title differs from the T line: {line[:60]!r}")
    return found


def _norm(text: str) -> str:
    """Folded case and spaces, without soft hyphens (the build drops them from the text)."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip().casefold()


def is_held_out(site: str) -> bool:
    """The split by site: about 40% of sites are held out, by a hash nobody chose."""
    return hashlib.sha256(site.encode()).digest()[0] % 5 < 2


def label_files(folder: str = "labels") -> list[Path]:
    """The label files of the corpus, or of `pending/`: pages labelled and not yet in it."""
    return sorted((REAL / folder).glob("*.labels"))


def pages(split: str | None = None) -> tuple[list[Page], list[str]]:
    """(loaded pages of the split, ids skipped because ../shared is missing)."""
    loaded, skipped = [], []
    for path in label_files():
        page = load(path)
        if page is None:
            skipped.append(path.stem)
            continue
        if split is None or (split == "held-out") == is_held_out(page.site):
            loaded.append(page)
    return loaded, skipped


def score(page: Page) -> dict:
    """What the build makes of the page's bytes, against its labels."""
    from digest.model import DigestError
    from digest.enrich.article import make_article
    from digest.ingest.read import seed_from_bytes

    chrome = {n for n, m in page.marks.items() if m == "-"}
    article = {n for n, m in page.marks.items() if m == "+"}
    try:
        made = make_article(seed_from_bytes(page.raw, f"{page.id}.txt"))
    except DigestError:
        made = None
    if made is None:
        kept: set[int] = set()
        title, generated, published, summary, lede = "", True, None, (), ""
    else:
        from digest.ingest.clean import clean

        kept = {v.number for v in clean(made.seed.text).verdicts if v.kept}
        meta = made.meta
        title, generated, published, summary, lede = meta.title, meta.title_generated, meta.published, made.summary, made.lede
    expected_title, expected_date = page.header["title"], page.header["date"]
    body = _norm(" ".join(page.lines[n - 1] for n in sorted(n for n, m in page.marks.items() if m in "+?")))
    not_article = [s for s in (*summary, lede) if s and _norm(s) not in body]
    return {
        "id": page.id, "site": page.site, "lang": page.lang,
        "chrome": len(chrome), "chrome_removed": len(chrome - kept), "chrome_kept": sorted(chrome & kept),
        "article": len(article), "article_kept": len(article & kept), "article_lost": sorted(article - kept),
        "title_ok": _title_right(title, generated, expected_title, _norm),
        "title": title, "date_ok": (published or "none") == expected_date, "date": published,
        "fabricated_date": expected_date == "none" and published is not None,
        "summary_ok": made is not None and not not_article, "summary_not_article": not_article,
    }


def _title_right(title: str, generated: bool, expected: str, plain) -> bool:
    """A generated title (or none: a page refused as no article) is right when the page has no headline;
    a taken one when it is the headline, `plain` folding both."""
    if generated:
        return expected == "none"
    return plain(title).rstrip(".") == plain(expected).rstrip(".")


def html_path(page: Page) -> Path | None:
    """The page's HTML, where the corpus keeps it: html/<id>.html here, or the web corpus's html/ beside its text."""
    spec = page.header["text"]
    if spec.startswith("shared:"):
        path = SHARED / spec.removeprefix("shared:").replace("/text/", "/html/").removesuffix(".txt")
        path = path.with_name(path.name + ".html")
    else:
        path = REAL / "html" / f"{page.id}.html"
    return path if path.is_file() else None


def _plain(text: str) -> str:
    """For matching a labelled line with extracted text: no soft hyphens, one kind of quote, folded case."""
    text = text.replace("\u00ad", "").translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip().casefold()


def _found_in(line: str, lines: set[str], text: str) -> bool:
    """A labelled line is in the output when it is one of its paragraphs, or (25 characters or more) inside one."""
    plain = _plain(line)
    return bool(plain) and (plain in lines or (len(plain) >= 25 and plain in text))


def score_html(page: Page) -> dict:
    """What the build makes of the page's HTML, against the labels of its saved text (matched by content).

    The HTML path's output is not the saved text, so lines are matched by what they say: an article
    line is kept when it is a paragraph of the article (or, when long, inside one); a chrome line is
    removed when it is not (chrome lines that repeat an article line are not counted).
    """
    from digest.model import DigestError
    from digest.enrich.article import make_article
    from digest.ingest.read import seed_from_bytes

    try:
        made = make_article(seed_from_bytes(html_path(page).read_bytes(), f"{page.id}.html"))
    except DigestError:
        made = None
    out = [] if made is None else [made.meta.title, *made.paragraphs]
    lines, text = {_plain(line) for line in out}, _plain("\n".join(out))
    article = [page.lines[n - 1] for n, m in page.marks.items() if m in "+T"]
    article_plain = {_plain(line) for line in article}
    chrome = [page.lines[n - 1] for n, m in page.marks.items() if m == "-" and _plain(page.lines[n - 1]) not in article_plain]
    kept = [line for line in chrome if _found_in(line, lines, text)]
    lost = [line for line in article if not _found_in(line, lines, text)]
    meta = made.meta if made else None
    title, generated, published = (meta.title, meta.title_generated, meta.published) if meta else ("", True, None)
    # The page's markup may state a publication date its visible text does not (only "20 hours ago").
    expected_date = page.header.get("html_date", page.header["date"])
    body = _plain(" ".join(page.lines[n - 1] for n in sorted(n for n, m in page.marks.items() if m in "+?")))
    not_article = [s for s in (*(made.summary if made else ()), made.lede if made else "") if s and _plain(s) not in body]
    return {
        "id": page.id, "site": page.site, "lang": page.lang,
        "chrome": len(chrome), "chrome_removed": len(chrome) - len(kept), "chrome_kept": kept,
        "article": len(article), "article_kept": len(article) - len(lost), "article_lost": lost,
        "title_ok": _title_right(title, generated, page.header["title"], _plain), "title": title, "date_ok": (published or "none") == expected_date, "date": published,
        "fabricated_date": expected_date == "none" and published is not None,
        "summary_ok": made is not None and not not_article, "summary_not_article": not_article,
    }


def totals(results: list[dict]) -> dict:
    n = len(results) or 1
    chrome, article = sum(r["chrome"] for r in results), sum(r["article"] for r in results)
    return {
        "pages": len(results), "sites": len({r["site"] for r in results}),
        "chrome_removed": sum(r["chrome_removed"] for r in results) / (chrome or 1),
        "article_kept": sum(r["article_kept"] for r in results) / (article or 1),
        "titles": sum(r["title_ok"] for r in results) / n, "dates": sum(r["date_ok"] for r in results) / n,
        "fabricated_dates": sum(r["fabricated_date"] for r in results),
        "summaries": sum(r["summary_ok"] for r in results) / n,
        "chrome_lines": chrome, "article_lines": article,
    }


def _main(argv: list[str]) -> int:
    if argv[:1] == ["show"] and len(argv) == 2:
        target = Path(argv[1])
        if not target.exists():
            target = SHARED / "corpus" / "web" / "text" / f"{argv[1]}.txt"
        data = target.read_bytes()
        for enc in ("utf-8-sig", "cp1251"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        for n, line in enumerate(numbered_lines(text), 1):
            if line.strip():
                print(f"{n:4} {line}")
        return 0
    if argv[:1] == ["check"]:
        files = [Path(a) for a in argv[1:]] or label_files()
        bad = 0
        for f in files:
            try:
                page = load(f)
            except (ValueError, FileNotFoundError, UnicodeDecodeError, LookupError) as error:
                print(f"{f}: {error}")
                bad += 1
                continue
            if page is None:
                print(f"{f}: text in ../shared missing, skipped")
                continue
            for p in problems(page):
                print(f"{f}: {p}")
                bad += 1
        print(f"{len(files)} label files, {bad} problems")
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
