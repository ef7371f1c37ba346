"""I/O edge: the search index of each built language site, the same online and offline.

The index is a set of small scripts under `search-index/` that the reader's page loads with <script>
tags (fetch() is blocked on file://, scripts are not), each handing its data to the page:
- `search-index/index.js`: the number of articles, this build's folder, and the first key and the
  file name of each chunk;
- `search-index/<build>/w<hash>.js`: chunks of the sorted words of all articles, each word mapped to
  its stem (Snowball Russian for Cyrillic words, Porter for the rest; ё read as е), so the page
  looks up the stem the index used instead of computing one that might differ;
- `search-index/<build>/s<hash>.js`: chunks of the sorted stems, each with its postings: article
  numbers (newest article first) and weighted counts, title words counting TITLE_WEIGHT;
- `search-index/<build>/d/<n>.js`: one article's address, title, date and text, for the result list.
Chunks are cut where their keys say (_cut_after) and named by a hash of what they hold, and the
last build's folder becomes the new build's with only changed files written, and the entries an
edited article changes are the only ones made again (updated_state): an edited article costs the
files that hold its words, not the whole index.
A query fetches the index, one word chunk and one stem chunk per term (a few more for the
prefix of the word being typed) and the articles it shows: kilobytes, at any size of digest.
The page's code is overrides/assets/javascripts/digest-search.js. It reads words with the rules the
index reads them with (text/words.py's WORD_RULES: what a word is, how it is folded, which stemmer
it gets), from digest-words.js beside it, which `python -m digest.text.words` writes from them.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html.parser
import itertools
import json
import os
import re
import shutil
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.store.cache import packed_text, unpacked_text
from digest.text.words import RUSSIAN, words

# Page parts that are not the article's text: byline, labels, links to other pages, buttons, and
# the boxes (the summary repeats sentences of the body, which would show twice in excerpts; the
# notices are the digest's words, not the article's).
EXCLUDED = (
    ".digest-byline",
    ".digest-topics",
    ".digest-label",
    ".digest-credit",
    ".digest-same-story",
    ".digest-related",
    ".digest-steps",
    ".digest-original",
    ".admonition",
    ".md-content__button",
    ".md-source-file",
    ".digest-entities",
)
_EXCLUDED = frozenset(EXCLUDED)
BODY_ATTRIBUTE = (
    "data-search-body"  # on the element around an article's indexed part (overrides/main.html)
)
DATE_ATTRIBUTE = "data-search-date"
FORMS_ATTRIBUTE = "data-search-forms"
TITLE_WEIGHT = 5
INDEX_FOLDER = "search-index"
CHUNK_CHARS = 24_000  # a chunk's size before compression (about 8 KB over the wire)

# Russian surnames in -ов/-ев/-ин: Snowball stems «Мантуров» to мантур but «Мантурова» to
# мантуров, so an article that says one form is not found by the other. Each article page gets
# both forms of every such name (front matter `search_forms`, put by overrides/main.html in an
# attribute only the search index reads).
_SURNAME = re.compile(r"\b([А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын))(?:а|у|ым|е|ой|ою)?\b")


def name_forms(text: str) -> str:
    """Both stems' forms of each surname-like word: «Мантурову» gives «Мантуров Мантурова»."""
    bases = sorted({m.group(1) for m in _SURNAME.finditer(text)})
    return " ".join(form for base in bases for form in (base, base + "а"))


class Document:
    """One article as the index holds it. The text and the word counts are kept compressed (zlib's
    fastest level, about a third of the size): the index of a language holds every article's at
    once, ~90 MB of the build process at 3,000 articles per language before."""

    __slots__ = ("_forms", "_stems", "_text", "_words", "date", "path", "title")

    def __init__(self, path: str, title: str, date: str, text: str, forms: str = "") -> None:
        self.path = path  # the page's address relative to the language site's root
        self.title = title
        self.date = date  # ISO date or ""
        self._text = packed_text(text)
        self._forms = forms  # extra word forms for the index only (name_forms)
        self._words: bytes | None = None
        self._stems: bytes | None = None

    @property
    def text(self) -> str:
        return unpacked_text(self._text)

    @property
    def forms(self) -> str:
        return self._forms

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.path, self.title, self.date, self._text, self._forms) == (
            other.path,
            other.title,
            other.date,
            other._text,
            other._forms,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Document({self.path!r}, {self.title!r}, {self.date!r}, {self.text[:40]!r}…)"

    @property
    def words(self) -> str:
        """The page's words, each once, space-separated: kept with the document between builds, so
        an unchanged page is not read into words again."""
        if self._words is None:
            self._weigh()
        return unpacked_text(self._words or b"")

    @property
    def stems(self) -> str:
        """Each stem (Stems) of the page's words and how much it weighs, a title word TITLE_WEIGHT
        times, packed as "stem count stem count …" (one string: a dict per page held ~40 KB each
        in the build process): kept with the document too, so that an unchanged page's words are
        not stemmed again when the index is written."""
        if self._stems is None:
            self._weigh()
        return unpacked_text(self._stems or b"")

    def _weigh(self) -> None:
        counts: Counter[str] = Counter(words(self.text))
        counts.update(words(self._forms))
        for word in words(self.title):
            counts[word] += TITLE_WEIGHT
        stem, by_stem = _stems(), dict[str, int]()
        for word, count in counts.items():
            term = stem(word)
            by_stem[term] = by_stem.get(term, 0) + count
        self._words = packed_text(" ".join(counts))
        self._stems = packed_text(" ".join(f"{term} {count}" for term, count in by_stem.items()))


def _pages(site_dir: Path) -> list[Path]:
    """The HTML pages of one language site, not those of another built inside it (site/en/ has a
    404.html of its own)."""
    top, found = os.fspath(site_dir), list[Path]()
    for folder, subfolders, files in os.walk(top):
        if folder != top and "404.html" in files:
            subfolders[:] = []
            continue
        found += [Path(folder, name) for name in files if name.endswith(".html")]
    return sorted(found)


def _article_region(page_html: str) -> str | None:
    """The part of a built page the index reads (the element marked BODY_ATTRIBUTE, to the end of
    the article), or None when the page is not an article: the rest is the same chrome on every
    page."""
    body = page_html.find(BODY_ATTRIBUTE)
    if body < 0:
        return None
    start, end = page_html.rfind("<", 0, body), page_html.find("</article>", body)
    return page_html[start : end if end > 0 else len(page_html)]


@functools.cache
def _indexing_version() -> str:
    """This package's code and the stemmer's version: what makes the same page index differently."""
    import Stemmer

    from digest.store.cache import code_version

    return f"{code_version()}\0{Stemmer.version()}"


def _article_pages(
    site_dir: Path, seen: dict | None = None, noted: dict | None = None
) -> list[tuple[Path, str, bytes]]:
    """(file, address, key) of each built article page, in path order, read one at a time. The key
    is a hash of the page's indexed part, its address and the code that indexes it: the same key,
    the same document and postings (the stemmer's version is in it too: a document keeps its
    stems). `noted` gets {file under site_dir: (size, modification time,
    key or None for a page that is not an article)} of every page, and `seen` (what an earlier call
    noted) gives the key of a file whose size and time are what they were, without reading it: a
    page MkDocs did not write again is not read again."""
    version, seen = _indexing_version(), seen or {}
    found = []
    for page in _pages(site_dir):
        relative = page.relative_to(site_dir).as_posix()
        path = relative.removesuffix("index.html")
        status = page.stat()
        stamp = (status.st_size, status.st_mtime_ns)
        known = seen.get(relative)
        if known is not None and known[:2] == stamp:
            key = known[2]
        else:
            region = _article_region(page.read_text(encoding="utf-8"))
            key = None
            if region is not None:
                text = f"{version}\0{path}\0{region}"
                key = hashlib.blake2b(text.encode(), digest_size=16).digest()
        if noted is not None:
            noted[relative] = (*stamp, key)
        if key is not None:
            found.append((page, path, key))
    return found


def _parsed(
    pages: list[tuple[Path, str, bytes]], kept: dict[bytes, Document]
) -> dict[bytes, Document]:
    """{key: document} of these pages, in their order: taken from `kept` (an earlier build's) where
    the key is there, otherwise read and parsed."""
    parsed = {}
    for page, path, key in pages:
        document = kept.get(key) or article_document(
            _article_region(page.read_text(encoding="utf-8")) or "", path
        )
        if document is not None:
            parsed[key] = document
    return parsed


def articles(site_dir: Path) -> list[Document]:
    """Each built article page's searchable part, in path order."""
    return list(_parsed(_article_pages(site_dir), {}).values())


class _ArticleText(html.parser.HTMLParser):
    """The text the index holds: inside [data-search-body], minus EXCLUDED classes."""

    _VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )
    _BLOCK = frozenset(
        {
            "p",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "div",
            "tr",
            "blockquote",
            "summary",
            "details",
            "table",
        }
    )

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
        if DATE_ATTRIBUTE in values:
            self.date = values[DATE_ATTRIBUTE] or ""
        if tag in self._VOID:
            return
        if self.depth:
            self.depth += 1
            classes = {f".{c}" for c in (values.get("class") or "").split()}
            if not self.skip_depth and classes & _EXCLUDED:
                self.skip_depth = self.depth
            if tag == "h1" and not self.title_parts:
                self.in_title = True
            if tag in self._BLOCK:
                self.parts.append("\n")
        elif BODY_ATTRIBUTE in values:
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


# --- The index ------------------------------------------------------------------------------------


class Stems:
    """Snowball Russian for words with Cyrillic letters, Porter for the rest. The page stems the
    words it does not find in the index the same way (lunr's Snowball Russian and a port of
    Snowball's Porter in digest-search.js, checked against these by tests/test_js_client.py)."""

    def __init__(self) -> None:
        import Stemmer

        self._russian, self._porter = Stemmer.Stemmer("russian"), Stemmer.Stemmer("porter")
        self._known: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        stem = self._known.get(word)
        if stem is None:
            stem = self._known[word] = (
                self._russian if RUSSIAN.search(word) else self._porter
            ).stemWord(word)
        return stem


@functools.cache
def _stems() -> Stems:
    """One Stems for the process: each word is stemmed once, whichever page or build has it."""
    return Stems()


def _js_order(key: str) -> bytes:
    """The order of JavaScript's string comparison (UTF-16 code units), which the page searches
    in."""
    return key.encode("utf-16-be")


def _cut_after(key: str, entry_size: int, size: int, chunk_chars: int) -> bool:
    """Whether a chunk ends after this entry: once it holds half of `chunk_chars`, after an entry
    whose key's hash falls below a share of the range proportional to the entry's size (so chunks
    average about `chunk_chars`), and at thrice `chunk_chars` at the latest. The cuts depend on the
    keys, not on where the last chunk ended: an article that changes a few entries changes the
    chunks that hold them, and the chunks after them stay as they were (content-defined chunking,
    as rsync and backup tools cut files)."""
    if size < chunk_chars // 2:
        return False
    if size >= 3 * chunk_chars:
        return True
    drawn = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big")
    return drawn * (chunk_chars // 2) < entry_size << 32


def _chunks(entries: Sequence[tuple[str, object, int]], chunk_chars: int) -> list[dict]:
    """Sorted (key, value, size) triples cut into chunks of about `chunk_chars` serialized
    characters, where _cut_after says."""
    chunks: list[dict] = []
    current: dict = {}
    size = 0
    for key, value, entry_size in entries:
        current[key] = value
        size += entry_size
        if _cut_after(key, entry_size, size, chunk_chars):
            chunks.append(current)
            current, size = {}, 0
    if current:
        chunks.append(current)
    return chunks


def _gaps(numbers_and_counts: array) -> list[int]:
    """[number, count, number, count, …] with each number as the gap from the one before:
    shorter."""
    numbers = numbers_and_counts[0::2]
    gaps = [number - previous for previous, number in zip((0, *numbers), numbers, strict=False)]
    flat = [0] * len(numbers_and_counts)
    flat[0::2], flat[1::2] = gaps, numbers_and_counts[1::2]
    return flat


def build_id(
    pages: list[tuple[Path, str, bytes]], lang: str, chunk_chars: int = CHUNK_CHARS
) -> str:
    """A hash of everything the index is made from (each article page's key, _article_pages, and the
    stemmer and chunk size): a new one whenever any of it changes, the same one when nothing did."""
    import Stemmer

    digest = hashlib.blake2b(f"{Stemmer.version()}\0{lang}\0{chunk_chars}".encode(), digest_size=6)
    for _, _, key in pages:
        digest.update(key)
    return digest.hexdigest()


def _numbered(documents: dict[bytes, Document]) -> list[tuple[bytes, Document]]:
    """(key, document) of each article by its number: newest first."""
    return sorted(documents.items(), key=lambda item: (item[1].date, item[1].path), reverse=True)


def _word_value(word: str) -> int | str:
    """A word's entry: its stem, or the stem's length when the stem is a prefix of the word."""
    term = _stems()(word)
    return len(term) if word.startswith(term) else term


def _word_size(word: str, value: object) -> int:
    return 2 * len(word) + 6


def _stem_size(term: str, flat: list[int]) -> int:
    return len(term) + 4 * len(flat)


def _word_set(document: Document) -> set[str]:
    found = document.words
    return set(found.split(" ")) if found else set()


def _stem_counts(document: Document) -> dict[str, int]:
    stems = document.stems
    packed = stems.split(" ") if stems else []
    return dict(zip(packed[0::2], map(int, packed[1::2]), strict=True))


@dataclass(frozen=True)
class _Chunked:
    """One kind of entry (words or stems) as the index cut it: each chunk's JSON and first key."""

    data: list[str]
    firsts: list[str]

    @classmethod
    def of(cls, entries: Sequence[tuple[str, object, int]], chunk_chars: int) -> _Chunked:
        chunks = _chunks(entries, chunk_chars)
        return cls([_json(c) for c in chunks], [next(iter(c)) for c in chunks])

    def files(self, kind: str) -> list[str]:
        return [kind + hashlib.blake2b(d.encode(), digest_size=6).hexdigest() for d in self.data]


@dataclass(frozen=True)
class IndexState:
    """An index as data, kept between builds (write_index) so that the next one changes only the
    entries an edited article changes (updated_state) instead of making every one again."""

    version: str  # _indexing_version() and the chunk size it was made with
    keys: list[bytes]  # each article's page key (_article_pages), by its number
    paths: list[str]  # each article's address, by its number
    words: _Chunked
    stems: _Chunked


def index_state(documents: dict[bytes, Document], chunk_chars: int = CHUNK_CHARS) -> IndexState:
    """The whole index of these articles ({page key: document})."""
    ordered = _numbered(documents)
    all_words: set[str] = set()
    postings: dict[str, array] = {}
    for number, (_, document) in enumerate(ordered):
        its_words, stems = document.words, document.stems
        all_words.update(its_words.split(" ") if its_words else ())
        packed = stems.split(" ") if stems else []
        for term, count in zip(packed[0::2], packed[1::2], strict=True):
            found = postings.get(term)
            if found is None:
                found = postings[term] = array("I")
            found.append(number)
            found.append(int(count))
    word_entries = []
    for word in sorted(all_words, key=_js_order):
        value = _word_value(word)
        word_entries.append((word, value, _word_size(word, value)))
    del all_words
    words_chunked = _Chunked.of(word_entries, chunk_chars)
    del word_entries
    stem_entries = []
    for term in sorted(postings, key=_js_order):
        flat = _gaps(postings.pop(term))
        stem_entries.append((term, flat, _stem_size(term, flat)))
    stems_chunked = _Chunked.of(stem_entries, chunk_chars)
    return IndexState(
        f"{_indexing_version()}\0{chunk_chars}",
        [key for key, _ in ordered],
        [document.path for _, document in ordered],
        words_chunked,
        stems_chunked,
    )


class _Entries:
    """Edits to a _Chunked: each chunk parsed when an entry in it is first looked at."""

    def __init__(self, chunked: _Chunked) -> None:
        self.chunked = chunked
        self.starts = [_js_order(first) for first in chunked.firsts]
        self.parsed: dict[int, dict] = {}
        self.edited: set[int] = set()

    def _chunk(self, key: str) -> tuple[int, dict]:
        """The chunk `key` is in or would go in, and its entries."""
        at = max(bisect.bisect_right(self.starts, _js_order(key)) - 1, 0)
        if at not in self.parsed:
            self.parsed[at] = json.loads(self.chunked.data[at]) if self.chunked.data else {}
        return at, self.parsed[at]

    def get(self, key: str):
        return self._chunk(key)[1].get(key)

    def put(self, key: str, value: object | None) -> None:
        """The entry of `key` set to `value`, or removed when `value` is None."""
        at, chunk = self._chunk(key)
        if chunk.get(key) == value:
            return
        if value is None:
            del chunk[key]
        else:
            chunk[key] = value
        self.edited.add(at)

    def recut(self, size_of, chunk_chars: int) -> _Chunked:
        """The chunks _chunks would cut from the edited entries: from each edited chunk on until a
        cut falls where an old chunk ended, the old chunks taken as they are in between."""
        data, firsts = [], []
        current: dict = {}
        size = 0
        for at, (old, first) in enumerate(zip(self.chunked.data, self.chunked.firsts, strict=True)):
            if at not in self.edited and not current:  # in step with the old cuts
                data.append(old)
                firsts.append(first)
                continue
            entries = self.parsed[at] if at in self.parsed else json.loads(old)
            if at in self.edited:
                entries = dict(sorted(entries.items(), key=lambda item: _js_order(item[0])))
            for key, value in entries.items():
                current[key] = value
                entry_size = size_of(key, value)
                size += entry_size
                if _cut_after(key, entry_size, size, chunk_chars):
                    data.append(_json(current))
                    firsts.append(next(iter(current)))
                    current, size = {}, 0
        if not self.chunked.data and self.edited:  # an index with no entries until now
            current = dict(sorted(self.parsed[0].items(), key=lambda item: _js_order(item[0])))
            return _Chunked.of([(k, v, size_of(k, v)) for k, v in current.items()], chunk_chars)
        if current:
            data.append(_json(current))
            firsts.append(next(iter(current)))
        return _Chunked(data, firsts)


def _with_posting(flat: list[int] | None, number: int, count: int) -> list[int] | None:
    """Gap-coded postings with `number`'s count set to `count` (0: removed); None when empty."""
    pairs, at = {}, 0
    for gap, held in zip((flat or [])[0::2], (flat or [])[1::2], strict=True):
        at += gap
        pairs[at] = held
    pairs.pop(number, None)
    if count:
        pairs[number] = count
    if not pairs:
        return None
    return _gaps(array("I", [v for n in sorted(pairs) for v in (n, pairs[n])]))


# Above this share of articles changed, the index is made anew: updating costs more.
UPDATE_UP_TO = 0.2


def updated_state(
    old: IndexState,
    earlier: dict[bytes, Document],
    documents: dict[bytes, Document],
    chunk_chars: int = CHUNK_CHARS,
) -> tuple[IndexState, list[int]] | None:
    """index_state(documents), made from the last build's `old` one by changing only the entries
    the changed articles change, with the numbers of those articles; None when it cannot be (the
    articles' numbers moved: one added, removed or redated; another version; too many changed).
    `earlier` has the last build's documents by key."""
    ordered = _numbered(documents)
    if old.version != f"{_indexing_version()}\0{chunk_chars}" or old.paths != [
        document.path for _, document in ordered
    ]:
        return None
    changed = [n for n, (key, _) in enumerate(ordered) if key != old.keys[n]]
    if len(changed) > UPDATE_UP_TO * len(ordered):
        return None
    if any(old.keys[n] not in earlier for n in changed):
        return None
    stems, words = _Entries(old.stems), _Entries(old.words)
    added: set[str] = set()
    dropped: set[str] = set()
    for number in changed:
        before, after = earlier[old.keys[number]], ordered[number][1]
        counts_before, counts_after = _stem_counts(before), _stem_counts(after)
        for term in counts_before.keys() | counts_after.keys():
            if counts_before.get(term) != counts_after.get(term):
                stems.put(term, _with_posting(stems.get(term), number, counts_after.get(term, 0)))
        words_before, words_after = _word_set(before), _word_set(after)
        added |= words_after - words_before
        dropped |= words_before - words_after
    for word in sorted(added):
        words.put(word, _word_value(word))
    stem = _stems()
    for word in sorted(dropped - added):
        flat = stems.get(stem(word)) or []
        numbers = itertools.accumulate(flat[0::2])  # every article with the word has its stem
        if not any(word in _word_set(ordered[n][1]) for n in numbers):
            words.put(word, None)
    state = IndexState(
        old.version,
        [key for key, _ in ordered],
        old.paths,
        words.recut(_word_size, chunk_chars),
        stems.recut(_stem_size, chunk_chars),
    )
    return state, changed


def state_scripts(
    state: IndexState,
    documents: dict[bytes, Document],
    lang: str,
    build: str,
    numbers: Sequence[int] | None = None,
) -> Iterator[tuple[str, str | None]]:
    """The files of an index, one at a time: (path under search-index/, script), its files in the
    folder `build`. Articles are numbered newest first (d/<number>); a chunk of words or stems is
    named by a hash of what it holds (w<hash>, s<hash>), listed in index.js, so that a chunk no
    article changed keeps its name and bytes from one build to the next. A script names its
    language and file (`ru/d/3`), not the build: the page knows which build it asked for. With
    `numbers`, only those articles' scripts are made, the others given as None: unchanged."""

    def script(name: str, data: str) -> tuple[str, str]:
        return f"{build}/{name}.js", f'digestIndex("{lang}/{name}",{data});\n'

    wanted = set(range(len(state.keys)) if numbers is None else numbers)
    for number, key in enumerate(state.keys):
        if number not in wanted:
            yield f"{build}/d/{number}.js", None
            continue
        document = documents[key]
        yield script(
            f"d/{number}", _json([document.path, document.title, document.date, document.text])
        )
    word_files, stem_files = state.words.files("w"), state.stems.files("s")
    yield from map(script, word_files, state.words.data)
    yield from map(script, stem_files, state.stems.data)
    head = {
        "build": build,
        "total": len(state.keys),
        "words": state.words.firsts,
        "wordFiles": word_files,
        "stems": state.stems.firsts,
        "stemFiles": stem_files,
    }
    yield "index.js", f'digestIndex("{lang}/index",{_json(head)});\n'


def index_scripts(
    documents: list[Document], lang: str, build: str, chunk_chars: int = CHUNK_CHARS
) -> Iterator[tuple[str, str]]:
    """Every file of the index of these articles (state_scripts of index_state)."""
    keyed = {str(n).encode(): document for n, document in enumerate(documents)}
    for name, script in state_scripts(index_state(keyed, chunk_chars), keyed, lang, build):
        assert script is not None
        yield name, script


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _holds_build(folder: Path, build: str) -> bool:
    """Whether `folder` is a whole search-index/ of the build `build` (index.js is written last)."""
    try:
        head = (folder / "index.js").read_text(encoding="utf-8")
    except OSError:
        return False
    return f'"build":"{build}"' in head and (folder / build).is_dir()


def _reused(previous: Path, recorded: object, partial: Path, build: str) -> dict[str, bytes]:
    """The last build's files moved into `partial`/`build`, as {name under the build's folder: hash
    of its bytes} (`recorded`, what write_index kept of them), or {} when there are none to take:
    the new build then writes every file."""
    if not isinstance(recorded, dict) or not _holds_build(previous, recorded.get("build", "")):
        return {}
    partial.mkdir(parents=True)
    try:
        os.replace(previous / recorded["build"], partial / build)
    except OSError:
        return {}
    return recorded["files"]


def _write_changed(
    scripts: Iterator[tuple[str, str | None]], partial: Path, build: str, written: dict[str, bytes]
) -> dict[str, bytes]:
    """Each script written under `partial` unless `written` (_reused) says the file holds its bytes
    already (or the script is None: unchanged); files of `written` the index no longer has are
    deleted. Returns {name under the build's folder: hash of its bytes} of the index (index.js,
    written every time, aside)."""
    files = {}
    for name, script in scripts:
        inner = name.removeprefix(build + "/")
        if script is None:
            files[inner] = written[inner]
            continue
        if inner != name:
            files[inner] = hashlib.blake2b(script.encode(), digest_size=16).digest()
            if written.get(inner) == files[inner]:
                continue
        path = partial / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script, encoding="utf-8")
    for inner in written.keys() - files.keys():
        (partial / build / inner).unlink()
    return files


def write_index(
    site_dir: Path, lang: str, kept: Path | None = None, chunk_chars: int = CHUNK_CHARS
) -> bool:
    """search-index/ of one built language site; a new build gets a new folder name, so a browser
    holding an old index.js never mixes old and new chunks.

    `kept` is where this language's index is kept between builds (in .digest-cache/): `index/`, the
    last build's index, set aside there before MkDocs emptied the site, is moved back when no
    article changed (True is returned); otherwise its folder becomes the new build's and only the
    files whose bytes change are written (`files` holds each file's hash), the others deleted.
    `files` also holds the index as data (IndexState): when no article's number moved, only the
    entries the changed articles change are made again (updated_state). `documents` holds the
    articles' parsed text, so only changed pages are parsed again, and `pages` each page's key by
    its size and time, so only pages MkDocs wrote again are read."""
    from digest.store.cache import read_value, write_values

    target = site_dir / INDEX_FOLDER
    seen = read_value(kept / "pages") if kept is not None else None
    version, noted = _indexing_version(), dict[str, tuple]()
    pages = _article_pages(
        site_dir, seen[1] if isinstance(seen, tuple) and seen[0] == version else None, noted
    )
    build = build_id(pages, lang, chunk_chars)
    previous = kept / "index" if kept is not None else None
    reused = False
    if previous is not None and _holds_build(previous, build):
        shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(previous, target)
            reused = True
        except OSError:  # another file system, say: write it anew
            pass
    if not reused:
        earlier = read_value(kept / "documents") if kept is not None else None
        parsed = _parsed(pages, earlier if isinstance(earlier, dict) else {})
        partial = target.with_name(INDEX_FOLDER + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        recorded = read_value(kept / "files") if kept is not None else None
        written = _reused(previous, recorded, partial, build) if previous is not None else {}
        last = recorded.get("state") if written and isinstance(recorded, dict) else None
        update = (
            updated_state(last, earlier, parsed, chunk_chars)
            if isinstance(last, IndexState) and isinstance(earlier, dict)
            else None
        )
        del earlier, last
        state, numbers = update if update is not None else (index_state(parsed, chunk_chars), None)
        scripts = state_scripts(state, parsed, lang, build, numbers)
        files = _write_changed(scripts, partial, build, written)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(partial, target)
        if kept is not None and previous is not None:  # previous is set exactly when kept is
            shutil.rmtree(previous, ignore_errors=True)
            write_values(kept / "documents", parsed)
            write_values(kept / "files", {"build": build, "files": files, "state": state})
    if kept is not None:
        write_values(kept / "pages", (version, noted))
    return reused
