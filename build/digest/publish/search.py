"""I/O edge: the search index of each built language site, the same online and offline.

The index is a set of small scripts under `search-index/` that the reader's page loads with <script>
tags (fetch() is blocked on file://, scripts are not), each handing its data to the page:
- `search-index/index.js`: the number of articles, this build's folder and the first key of each
  chunk;
- `search-index/<build>/w<i>.js`: chunks of the sorted words of all articles, each word mapped to
  its stem (Snowball Russian for Cyrillic words, Porter for the rest; ё read as е), so the page
  looks up the stem the index used instead of computing one that might differ;
- `search-index/<build>/s<i>.js`: chunks of the sorted stems, each with its postings: article
  numbers (newest article first) and weighted counts, title words counting TITLE_WEIGHT;
- `search-index/<build>/d/<n>.js`: one article's address, title, date and text, for the result list.
A query fetches the index, one word chunk and one stem chunk per term (a few more for the
prefix of the word being typed) and the articles it shows: kilobytes, at any size of digest.
The page's code is overrides/assets/javascripts/digest-search.js. It reads words with WORD_RULES
(what a word is, how it is folded, which stemmer it gets), the index's own, from digest-words.js
beside it, which `python -m digest.publish.search` writes from them.
"""

from __future__ import annotations

import functools
import hashlib
import html.parser
import json
import os
import re
import shutil
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

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


@dataclass(frozen=True)
class Document:
    path: str  # the page's address relative to the language site's root
    title: str
    date: str  # ISO date or ""
    text: str
    forms: str = ""  # extra word forms for the index only (name_forms)

    @functools.cached_property
    def counts(self) -> dict[str, int]:
        """Each word of the page and how much it weighs (a title word TITLE_WEIGHT times): kept
        with the document between builds, so an unchanged page is not read into words again."""
        counts: Counter[str] = Counter(words(self.text))
        counts.update(words(self.forms))
        for word in words(self.title):
            counts[word] += TITLE_WEIGHT
        return dict(counts)


def _pages(site_dir: Path) -> list[Path]:
    """The HTML pages of one language site, not those of another built inside it (site/en/ has a
    404.html of its own)."""
    found = []
    for folder, subfolders, files in os.walk(site_dir):
        subfolders[:] = [
            name for name in subfolders if not (Path(folder, name) / "404.html").is_file()
        ]
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


def _article_pages(site_dir: Path) -> list[tuple[Path, str, bytes]]:
    """(file, address, key) of each built article page, in path order, read one at a time. The key
    is a hash of the page's indexed part, its address and the code that indexes it: the same key,
    the same document and postings."""
    from digest.store.cache import code_version

    found = []
    for page in _pages(site_dir):
        region = _article_region(page.read_text(encoding="utf-8"))
        if region is not None:
            path = page.relative_to(site_dir).as_posix().removesuffix("index.html")
            found.append(
                (
                    page,
                    path,
                    hashlib.blake2b(
                        f"{code_version()}\0{path}\0{region}".encode(), digest_size=16
                    ).digest(),
                )
            )
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


# --- Words: the one tokenizer of the index and the page -----------------------------------------

# One character of a word: the letters and digits of Unicode 14.0 (general categories L and N),
# which is what Python 3.11's re calls [^\W_] (tests/test_search_index.py checks it there). Pinned
# as ranges of code points, so that another Python, and a browser of another Unicode version, read
# the same words.
_LETTERS = """
0030-0039 0041-005A 0061-007A 00AA 00B2-00B3 00B5 00B9-00BA 00BC-00BE 00C0-00D6 00D8-00F6
00F8-02C1 02C6-02D1 02E0-02E4 02EC 02EE 0370-0374 0376-0377 037A-037D 037F 0386 0388-038A 038C
038E-03A1 03A3-03F5 03F7-0481 048A-052F 0531-0556 0559 0560-0588 05D0-05EA 05EF-05F2 0620-064A
0660-0669 066E-066F 0671-06D3 06D5 06E5-06E6 06EE-06FC 06FF 0710 0712-072F 074D-07A5 07B1
07C0-07EA 07F4-07F5 07FA 0800-0815 081A 0824 0828 0840-0858 0860-086A 0870-0887 0889-088E
08A0-08C9 0904-0939 093D 0950 0958-0961 0966-096F 0971-0980 0985-098C 098F-0990 0993-09A8
09AA-09B0 09B2 09B6-09B9 09BD 09CE 09DC-09DD 09DF-09E1 09E6-09F1 09F4-09F9 09FC 0A05-0A0A
0A0F-0A10 0A13-0A28 0A2A-0A30 0A32-0A33 0A35-0A36 0A38-0A39 0A59-0A5C 0A5E 0A66-0A6F 0A72-0A74
0A85-0A8D 0A8F-0A91 0A93-0AA8 0AAA-0AB0 0AB2-0AB3 0AB5-0AB9 0ABD 0AD0 0AE0-0AE1 0AE6-0AEF 0AF9
0B05-0B0C 0B0F-0B10 0B13-0B28 0B2A-0B30 0B32-0B33 0B35-0B39 0B3D 0B5C-0B5D 0B5F-0B61 0B66-0B6F
0B71-0B77 0B83 0B85-0B8A 0B8E-0B90 0B92-0B95 0B99-0B9A 0B9C 0B9E-0B9F 0BA3-0BA4 0BA8-0BAA
0BAE-0BB9 0BD0 0BE6-0BF2 0C05-0C0C 0C0E-0C10 0C12-0C28 0C2A-0C39 0C3D 0C58-0C5A 0C5D 0C60-0C61
0C66-0C6F 0C78-0C7E 0C80 0C85-0C8C 0C8E-0C90 0C92-0CA8 0CAA-0CB3 0CB5-0CB9 0CBD 0CDD-0CDE
0CE0-0CE1 0CE6-0CEF 0CF1-0CF2 0D04-0D0C 0D0E-0D10 0D12-0D3A 0D3D 0D4E 0D54-0D56 0D58-0D61
0D66-0D78 0D7A-0D7F 0D85-0D96 0D9A-0DB1 0DB3-0DBB 0DBD 0DC0-0DC6 0DE6-0DEF 0E01-0E30 0E32-0E33
0E40-0E46 0E50-0E59 0E81-0E82 0E84 0E86-0E8A 0E8C-0EA3 0EA5 0EA7-0EB0 0EB2-0EB3 0EBD 0EC0-0EC4
0EC6 0ED0-0ED9 0EDC-0EDF 0F00 0F20-0F33 0F40-0F47 0F49-0F6C 0F88-0F8C 1000-102A 103F-1049
1050-1055 105A-105D 1061 1065-1066 106E-1070 1075-1081 108E 1090-1099 10A0-10C5 10C7 10CD
10D0-10FA 10FC-1248 124A-124D 1250-1256 1258 125A-125D 1260-1288 128A-128D 1290-12B0 12B2-12B5
12B8-12BE 12C0 12C2-12C5 12C8-12D6 12D8-1310 1312-1315 1318-135A 1369-137C 1380-138F 13A0-13F5
13F8-13FD 1401-166C 166F-167F 1681-169A 16A0-16EA 16EE-16F8 1700-1711 171F-1731 1740-1751
1760-176C 176E-1770 1780-17B3 17D7 17DC 17E0-17E9 17F0-17F9 1810-1819 1820-1878 1880-1884
1887-18A8 18AA 18B0-18F5 1900-191E 1946-196D 1970-1974 1980-19AB 19B0-19C9 19D0-19DA 1A00-1A16
1A20-1A54 1A80-1A89 1A90-1A99 1AA7 1B05-1B33 1B45-1B4C 1B50-1B59 1B83-1BA0 1BAE-1BE5 1C00-1C23
1C40-1C49 1C4D-1C7D 1C80-1C88 1C90-1CBA 1CBD-1CBF 1CE9-1CEC 1CEE-1CF3 1CF5-1CF6 1CFA 1D00-1DBF
1E00-1F15 1F18-1F1D 1F20-1F45 1F48-1F4D 1F50-1F57 1F59 1F5B 1F5D 1F5F-1F7D 1F80-1FB4 1FB6-1FBC
1FBE 1FC2-1FC4 1FC6-1FCC 1FD0-1FD3 1FD6-1FDB 1FE0-1FEC 1FF2-1FF4 1FF6-1FFC 2070-2071 2074-2079
207F-2089 2090-209C 2102 2107 210A-2113 2115 2119-211D 2124 2126 2128 212A-212D 212F-2139
213C-213F 2145-2149 214E 2150-2189 2460-249B 24EA-24FF 2776-2793 2C00-2CE4 2CEB-2CEE 2CF2-2CF3
2CFD 2D00-2D25 2D27 2D2D 2D30-2D67 2D6F 2D80-2D96 2DA0-2DA6 2DA8-2DAE 2DB0-2DB6 2DB8-2DBE
2DC0-2DC6 2DC8-2DCE 2DD0-2DD6 2DD8-2DDE 2E2F 3005-3007 3021-3029 3031-3035 3038-303C 3041-3096
309D-309F 30A1-30FA 30FC-30FF 3105-312F 3131-318E 3192-3195 31A0-31BF 31F0-31FF 3220-3229
3248-324F 3251-325F 3280-3289 32B1-32BF 3400-4DBF 4E00-A48C A4D0-A4FD A500-A60C A610-A62B
A640-A66E A67F-A69D A6A0-A6EF A717-A71F A722-A788 A78B-A7CA A7D0-A7D1 A7D3 A7D5-A7D9 A7F2-A801
A803-A805 A807-A80A A80C-A822 A830-A835 A840-A873 A882-A8B3 A8D0-A8D9 A8F2-A8F7 A8FB A8FD-A8FE
A900-A925 A930-A946 A960-A97C A984-A9B2 A9CF-A9D9 A9E0-A9E4 A9E6-A9FE AA00-AA28 AA40-AA42
AA44-AA4B AA50-AA59 AA60-AA76 AA7A AA7E-AAAF AAB1 AAB5-AAB6 AAB9-AABD AAC0 AAC2 AADB-AADD
AAE0-AAEA AAF2-AAF4 AB01-AB06 AB09-AB0E AB11-AB16 AB20-AB26 AB28-AB2E AB30-AB5A AB5C-AB69
AB70-ABE2 ABF0-ABF9 AC00-D7A3 D7B0-D7C6 D7CB-D7FB F900-FA6D FA70-FAD9 FB00-FB06 FB13-FB17 FB1D
FB1F-FB28 FB2A-FB36 FB38-FB3C FB3E FB40-FB41 FB43-FB44 FB46-FBB1 FBD3-FD3D FD50-FD8F FD92-FDC7
FDF0-FDFB FE70-FE74 FE76-FEFC FF10-FF19 FF21-FF3A FF41-FF5A FF66-FFBE FFC2-FFC7 FFCA-FFCF
FFD2-FFD7 FFDA-FFDC 10000-1000B 1000D-10026 10028-1003A 1003C-1003D 1003F-1004D 10050-1005D
10080-100FA 10107-10133 10140-10178 1018A-1018B 10280-1029C 102A0-102D0 102E1-102FB 10300-10323
1032D-1034A 10350-10375 10380-1039D 103A0-103C3 103C8-103CF 103D1-103D5 10400-1049D 104A0-104A9
104B0-104D3 104D8-104FB 10500-10527 10530-10563 10570-1057A 1057C-1058A 1058C-10592 10594-10595
10597-105A1 105A3-105B1 105B3-105B9 105BB-105BC 10600-10736 10740-10755 10760-10767 10780-10785
10787-107B0 107B2-107BA 10800-10805 10808 1080A-10835 10837-10838 1083C 1083F-10855 10858-10876
10879-1089E 108A7-108AF 108E0-108F2 108F4-108F5 108FB-1091B 10920-10939 10980-109B7 109BC-109CF
109D2-10A00 10A10-10A13 10A15-10A17 10A19-10A35 10A40-10A48 10A60-10A7E 10A80-10A9F 10AC0-10AC7
10AC9-10AE4 10AEB-10AEF 10B00-10B35 10B40-10B55 10B58-10B72 10B78-10B91 10BA9-10BAF 10C00-10C48
10C80-10CB2 10CC0-10CF2 10CFA-10D23 10D30-10D39 10E60-10E7E 10E80-10EA9 10EB0-10EB1 10F00-10F27
10F30-10F45 10F51-10F54 10F70-10F81 10FB0-10FCB 10FE0-10FF6 11003-11037 11052-1106F 11071-11072
11075 11083-110AF 110D0-110E8 110F0-110F9 11103-11126 11136-1113F 11144 11147 11150-11172 11176
11183-111B2 111C1-111C4 111D0-111DA 111DC 111E1-111F4 11200-11211 11213-1122B 11280-11286 11288
1128A-1128D 1128F-1129D 1129F-112A8 112B0-112DE 112F0-112F9 11305-1130C 1130F-11310 11313-11328
1132A-11330 11332-11333 11335-11339 1133D 11350 1135D-11361 11400-11434 11447-1144A 11450-11459
1145F-11461 11480-114AF 114C4-114C5 114C7 114D0-114D9 11580-115AE 115D8-115DB 11600-1162F 11644
11650-11659 11680-116AA 116B8 116C0-116C9 11700-1171A 11730-1173B 11740-11746 11800-1182B
118A0-118F2 118FF-11906 11909 1190C-11913 11915-11916 11918-1192F 1193F 11941 11950-11959
119A0-119A7 119AA-119D0 119E1 119E3 11A00 11A0B-11A32 11A3A 11A50 11A5C-11A89 11A9D 11AB0-11AF8
11C00-11C08 11C0A-11C2E 11C40 11C50-11C6C 11C72-11C8F 11D00-11D06 11D08-11D09 11D0B-11D30 11D46
11D50-11D59 11D60-11D65 11D67-11D68 11D6A-11D89 11D98 11DA0-11DA9 11EE0-11EF2 11FB0 11FC0-11FD4
12000-12399 12400-1246E 12480-12543 12F90-12FF0 13000-1342E 14400-14646 16800-16A38 16A40-16A5E
16A60-16A69 16A70-16ABE 16AC0-16AC9 16AD0-16AED 16B00-16B2F 16B40-16B43 16B50-16B59 16B5B-16B61
16B63-16B77 16B7D-16B8F 16E40-16E96 16F00-16F4A 16F50 16F93-16F9F 16FE0-16FE1 16FE3 17000-187F7
18800-18CD5 18D00-18D08 1AFF0-1AFF3 1AFF5-1AFFB 1AFFD-1AFFE 1B000-1B122 1B150-1B152 1B164-1B167
1B170-1B2FB 1BC00-1BC6A 1BC70-1BC7C 1BC80-1BC88 1BC90-1BC99 1D2E0-1D2F3 1D360-1D378 1D400-1D454
1D456-1D49C 1D49E-1D49F 1D4A2 1D4A5-1D4A6 1D4A9-1D4AC 1D4AE-1D4B9 1D4BB 1D4BD-1D4C3 1D4C5-1D505
1D507-1D50A 1D50D-1D514 1D516-1D51C 1D51E-1D539 1D53B-1D53E 1D540-1D544 1D546 1D54A-1D550
1D552-1D6A5 1D6A8-1D6C0 1D6C2-1D6DA 1D6DC-1D6FA 1D6FC-1D714 1D716-1D734 1D736-1D74E 1D750-1D76E
1D770-1D788 1D78A-1D7A8 1D7AA-1D7C2 1D7C4-1D7CB 1D7CE-1D7FF 1DF00-1DF1E 1E100-1E12C 1E137-1E13D
1E140-1E149 1E14E 1E290-1E2AD 1E2C0-1E2EB 1E2F0-1E2F9 1E7E0-1E7E6 1E7E8-1E7EB 1E7ED-1E7EE
1E7F0-1E7FE 1E800-1E8C4 1E8C7-1E8CF 1E900-1E943 1E94B 1E950-1E959 1EC71-1ECAB 1ECAD-1ECAF
1ECB1-1ECB4 1ED01-1ED2D 1ED2F-1ED3D 1EE00-1EE03 1EE05-1EE1F 1EE21-1EE22 1EE24 1EE27 1EE29-1EE32
1EE34-1EE37 1EE39 1EE3B 1EE42 1EE47 1EE49 1EE4B 1EE4D-1EE4F 1EE51-1EE52 1EE54 1EE57 1EE59 1EE5B
1EE5D 1EE5F 1EE61-1EE62 1EE64 1EE67-1EE6A 1EE6C-1EE72 1EE74-1EE77 1EE79-1EE7C 1EE7E 1EE80-1EE89
1EE8B-1EE9B 1EEA1-1EEA3 1EEA5-1EEA9 1EEAB-1EEBB 1F100-1F10C 1FBF0-1FBF9 20000-2A6DF 2A700-2B738
2B740-2B81D 2B820-2CEA1 2CEB0-2EBE0 2F800-2FA1D 30000-3134A
"""


def _character_class(ranges: str) -> str:
    """A class of plain characters ("0041-005A 00AA" gives "[A-Zª]"): the same pattern to Python's
    re and to JavaScript's RegExp with the u flag, unlike \\w (ASCII only there) or \\p{L} (not in
    re), which would also follow each one's own Unicode version."""
    parts = []
    for item in ranges.split():
        first, _, last = item.partition("-")
        parts.append(chr(int(first, 16)) + (f"-{chr(int(last, 16))}" if last else ""))
    return "[" + "".join(parts) + "]"


class WordRules(TypedDict):
    fold: dict[str, str]  # after lower case, each character's replacement ("" drops it)
    letter: str  # a pattern matching one character of a word
    russian: str  # a pattern: a word it finds is stemmed by Snowball Russian, others by Porter


# What a word is and how it is compared, as data: the index reads text with them (fold(), words(),
# Stems), and `python -m digest.publish.search` writes them into WORDS_SCRIPT, from which the page's
# search (digest-search.js) reads them.
WORD_RULES: WordRules = {
    # ё as е; no stress marks, which Russian texts put in words (за́мок) and would split them
    "fold": {"ё": "е", "\u0300": "", "\u0301": ""},
    "letter": _character_class(_LETTERS),
    "russian": "[а-я]",
}
WORDS_SCRIPT = Path(__file__).resolve().parents[3] / "overrides/assets/javascripts/digest-words.js"
_FOLD = str.maketrans(WORD_RULES["fold"])
_WORD = re.compile(WORD_RULES["letter"] + "+")
_CYRILLIC = re.compile(WORD_RULES["russian"])


def fold(text: str) -> str:
    """What the index and the page compare: lower case, then WORD_RULES["fold"] (ё as е, no stress
    marks)."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """The words of a text, folded: runs of WORD_RULES["letter"]."""
    return _WORD.findall(fold(text))


def words_script() -> str:
    """WORDS_SCRIPT's text: WORD_RULES for the page."""
    rules = json.dumps(WORD_RULES, indent=2, ensure_ascii=True)
    header = (
        "Generated by `python -m digest.publish.search` from WORD_RULES in",
        "build/digest/publish/search.py: do not edit, run that instead (tests/test_search_index.py",
        "fails while this file differs from what it writes). The page's search (digest-search.js)",
        "reads words with the rules the search index was built with: `fold` (after lower case,",
        "each character's replacement), `letter` (one character of a word) and `russian` (a word",
        "it finds is stemmed by Snowball Russian, any other by Porter).",
    )
    return "".join(f"// {line}\n" for line in header) + f"window.digestWords = {rules};\n"


def write_words_script(path: Path = WORDS_SCRIPT) -> Path:
    path.write_text(words_script(), encoding="utf-8", newline="\n")
    return path


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
                self._russian if _CYRILLIC.search(word) else self._porter
            ).stemWord(word)
        return stem

    def known(self) -> dict[str, str]:
        return self._known


def _js_order(key: str) -> bytes:
    """The order of JavaScript's string comparison (UTF-16 code units), which the page searches
    in."""
    return key.encode("utf-16-be")


def _chunks(entries: Sequence[tuple[str, object, int]], chunk_chars: int) -> list[dict]:
    """Sorted (key, value, size) triples cut into chunks of about `chunk_chars` serialized
    characters."""
    chunks: list[dict] = []
    current: dict = {}
    size = 0
    for key, value, entry_size in entries:
        if current and size >= chunk_chars:
            chunks.append(current)
            current, size = {}, 0
        current[key] = value
        size += entry_size
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


def index_scripts(
    documents: list[Document], lang: str, build: str, chunk_chars: int = CHUNK_CHARS
) -> Iterator[tuple[str, str]]:
    """The index of one language site, one file at a time: (path under search-index/, script), its
    chunks in the folder `build`. Articles are numbered newest first."""
    ordered = sorted(documents, key=lambda d: (d.date, d.path), reverse=True)

    def script(name: str, data: object) -> tuple[str, str]:
        return (
            f"{build}/{name}.js",
            f'digestIndex("{lang}/{build}/{name}",'
            f"{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n",
        )

    stem = Stems()
    known = stem.known()
    postings: dict[str, array] = {}
    for number, document in enumerate(ordered):
        yield script(f"d/{number}", [document.path, document.title, document.date, document.text])
        by_stem: dict[str, int] = {}
        for word, count in document.counts.items():
            term = known.get(word) or stem(word)
            by_stem[term] = by_stem.get(term, 0) + count
        for term, count in by_stem.items():
            found = postings.get(term)
            if found is None:
                found = postings[term] = array("I")
            found.append(number)
            found.append(count)
    word_entries = []
    for word, term in sorted(known.items(), key=lambda item: _js_order(item[0])):
        value = len(term) if word.startswith(term) else term  # a length when the stem is a prefix
        word_entries.append((word, value, 2 * len(word) + 6))
    word_chunks = _chunks(word_entries, chunk_chars)
    del word_entries
    for i, chunk in enumerate(word_chunks):
        yield script(f"w{i}", chunk)
    stem_entries = []
    for term in sorted(postings, key=_js_order):
        flat = _gaps(postings.pop(term))
        stem_entries.append((term, flat, len(term) + 4 * len(flat)))
    stem_chunks = _chunks(stem_entries, chunk_chars)
    del stem_entries
    for i, chunk in enumerate(stem_chunks):
        yield script(f"s{i}", chunk)
    head = {
        "build": build,
        "total": len(ordered),
        "words": [next(iter(c)) for c in word_chunks],
        "stems": [next(iter(c)) for c in stem_chunks],
    }
    yield (
        "index.js",
        f'digestIndex("{lang}/index",'
        f"{json.dumps(head, ensure_ascii=False, separators=(',', ':'))});\n",
    )


def _holds_build(folder: Path, build: str) -> bool:
    """Whether `folder` is a whole search-index/ of the build `build` (index.js is written last)."""
    try:
        head = (folder / "index.js").read_text(encoding="utf-8")
    except OSError:
        return False
    return f'"build":"{build}"' in head and (folder / build).is_dir()


def write_index(
    site_dir: Path, lang: str, kept: Path | None = None, chunk_chars: int = CHUNK_CHARS
) -> bool:
    """search-index/ of one built language site, replaced whole (a new build gets a new folder name,
    so a browser holding an old index.js never mixes old and new chunks).

    `kept` is where this language's index is kept between builds (in .digest-cache/): `index/`, the
    last build's index, set aside there before MkDocs emptied the site, is moved back when no
    article changed (True is returned) and deleted otherwise; `documents` holds the articles' parsed
    text, so only changed pages are parsed again."""
    from digest.store.cache import read_value, write_values

    target = site_dir / INDEX_FOLDER
    pages = _article_pages(site_dir)
    build = build_id(pages, lang, chunk_chars)
    previous = kept / "index" if kept is not None else None
    if previous is not None and _holds_build(previous, build):
        shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(previous, target)
            return True
        except OSError:  # another file system, say: write it anew
            pass
    earlier = read_value(kept / "documents") if kept is not None else None
    parsed = _parsed(pages, earlier if isinstance(earlier, dict) else {})
    del earlier
    documents = list(parsed.values())
    partial = target.with_name(INDEX_FOLDER + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for name, script in index_scripts(documents, lang, build, chunk_chars):
        path = partial / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script, encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(partial, target)
    if kept is not None and previous is not None:  # previous is set exactly when kept is
        shutil.rmtree(previous, ignore_errors=True)
        write_values(kept / "documents", parsed)
    return False


if __name__ == "__main__":  # python -m digest.publish.search: WORDS_SCRIPT anew from WORD_RULES
    print(f"wrote {write_words_script()}")
