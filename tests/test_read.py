from pathlib import Path

import pytest

from digest.model import DigestError
from digest.ingest.read import decode, discover

RUSSIAN = 'Министр промышленности и торговли отметил рост производства на 7%.\nВторая строка: "кавычки", ёлка.'
ENGLISH = "The Industrial Development Fund issued loans of 140 billion rubles."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (RUSSIAN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"), "utf-8-sig"),
        (RUSSIAN.encode("cp1251"), "cp1251"),
        (RUSSIAN.encode("koi8_r"), "koi8_r"),
        (RUSSIAN.replace("\n", "\r\n").encode("cp1251"), "cp1251"),
        (RUSSIAN.replace("\n", "\r\n").encode("koi8_r"), "koi8_r"),
        (RUSSIAN.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (ENGLISH.encode("ascii"), "utf-8"),
    ],
)
def test_decodes_common_encodings_and_line_ends(data, encoding):
    text, found = decode(data, "seeds/x.txt")
    assert found == encoding
    assert text == (RUSSIAN if "Министр" in text else ENGLISH)
    assert "\r" not in text and "\ufeff" not in text


def test_short_koi8_and_cp1251_words_are_told_apart():
    for word in ("Минпромторг", "завод", "Росатом запустил реактор"):
        assert decode(word.encode("koi8_r"), "x")[0] == word
        assert decode(word.encode("cp1251"), "x")[0] == word


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text file"),
        (b"%PDF-1.7\n" + bytes(range(0, 32)) * 20, "not a text file"),
        ("Корректный текст в UTF-8 и ещё немного букв, и ещё. ".encode() * 5 + b"\xff\xfe broken", "invalid UTF-8"),
    ],
)
def test_bad_files_raise_a_message_naming_the_file(data, problem):
    with pytest.raises(DigestError) as caught:
        decode(data, "seeds/bad.txt")
    assert caught.value.message.startswith("seeds/bad.txt: ")
    assert problem in caught.value.message


def test_discover_is_sorted_and_skips_sidecars_and_hidden_files(tmp_path: Path):
    for name in ("b.txt", "a.txt", "a.yml", ".hidden", "c"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in discover(tmp_path)] == ["a.txt", "b.txt", "c"]
    assert discover(tmp_path / "missing") == []


@pytest.mark.parametrize(
    ("spelt_out", "case_insensitive"),
    [
        ("_CYRILLIC", "[а-яё]"),
        ("CYRILLIC_ALL", "[а-яёіїєўғқңүұһә]"),
        ("LATIN", "[a-z]"),
    ],
)
def test_letter_counts_are_what_their_case_insensitive_classes_match(spelt_out, case_insensitive):
    """The language and script counts (lang.Alphabet, counted in a single-byte codec's bytes) count
    what the case-insensitive class matches: each code point alone, and in a text of many."""
    import random
    import re
    import sys

    from digest.text import lang

    alphabet, folded = getattr(lang, spelt_out), re.compile(case_insensitive, re.IGNORECASE)
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        assert alphabet.count(char) == bool(folded.fullmatch(char)), f"U+{point:04X}"
    rng = random.Random(7)
    pool = "Ёё Жж Ii İı ſ K Kk ғ қ і ў € « » 1 ᲀ ᲆ \ud800 😀 ÄäÖö\n\t" + lang._span("А", "я")
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 300)))
        assert alphabet.count(text) == len(folded.findall(text)), repr(text)
