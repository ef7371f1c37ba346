"""The site's search script (overrides/assets/javascripts/digest-search.js): ESLint and its unit
tests under Node (tests/js/), run as `npm run lint` and `npm test` from the repository's root, and
its words, folding and stems compared with build/digest/text/words.py's and the index's stems on the same input.
The node packages (package.json, package-lock.json) are installed with `npm ci` when node_modules/
lacks them. Without node and npm these tests are skipped, unless DIGEST_REQUIRE_BROWSER=1 (as in
CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import REPO

NEEDED = ("eslint", "@eslint/js", "globals", "lunr-languages")  # package.json's devDependencies

_missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
if _missing:
    message = (
        f"{' and '.join(_missing)} not found on PATH: install Node.js 18.18 or newer with npm"
        " (apt-get install -y nodejs npm)"
    )
    if os.environ.get("DIGEST_REQUIRE_BROWSER"):
        raise RuntimeError(message)
    pytest.skip(message, allow_module_level=True)


def npm(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    command = [shutil.which("npm") or "npm", *args]
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )


def report(done: subprocess.CompletedProcess) -> str:
    command = " ".join(["npm", *done.args[1:]])
    return (
        f"`{command}` exited {done.returncode}\n"
        f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    )


@pytest.fixture(scope="module")
def node_modules() -> None:
    installed = REPO / "node_modules"
    if not all((installed / name / "package.json").is_file() for name in NEEDED):
        done = npm("ci", "--no-audit", "--no-fund", timeout=600)
        assert done.returncode == 0, report(done)


def test_the_search_script_passes_eslint(node_modules):
    done = npm("run", "lint")
    assert done.returncode == 0, report(done)


def test_the_search_scripts_pure_functions_pass_their_unit_tests(node_modules):
    done = npm("test")
    assert done.returncode == 0, report(done)
    assert "# fail 0" in done.stdout and "# pass 0" not in done.stdout, report(done)


# --- The page reads words as the index does ------------------------------------------------------

# Cyrillic, Latin, digits, underscores, accents (composed and combining), ё, stress marks, hyphens,
# apostrophes, emoji, letters outside the BMP, case that changes length or depends on context, and
# letters newer than Unicode 14.0, which search.py's letters (and so the page's) leave out. Lower
# case is each one's own (str.lower(), toLowerCase()), the same for every character Unicode 14.0 has;
# a newer one may differ (this engine lowers U+A7DC, Unicode 16, to ƛ, which Python leaves alone).
TEXTS = [
    "ЁЛКА и Ёж, всё-таки ёлки", "молоко\u0301 и вода\u0300, за\u0301мок", "Путин2024 и COVID-19",
    "snake_case __init__ a_b_c", "naïve café Zoë; nai\u0308ve cafe\u0301", "мо\u0438\u0306 е\u0308ж",
    "rock-'n'-roll, don't, don’t, d\u02bcArtagnan, l'État", "Всё‐таки \u2011 — – ‑ - wiki\u00adpedia",
    "😀 👍🏽 👨\u200d👩\u200d👧 🇷🇺 1️⃣ #️⃣ ❤️", "x² ½ Ⅻ ⅻ №5 ٣٤ ０１２ ＡＢＣ 𝟘𝟙", "𝐀𝐁𝐂 𝔄𝔅 𠀀𠀁 丁七 ひらがな カタカナ",
    "ΟΔΟΣ ΣΟΦΟΣ Σ", "İstanbul ǅ ǈ ß ẞ ﬁ ſ K Å", "ᏣᎳᎩ Ꭰ ꭰ", "हिन्दी العربية עִבְרִית ไทย",
    "\u200bzero\u200cwidth\u2060join\ufeffbom", "tab\there\nnewline\u00a0nbsp\u3000ideographic",
    "\U00011f04\U00011f05 kawi \U00031350 ext-h",
    "Яндекс.Go iPhone15Pro ПутинPutin", "«Мантурова» „Zitat“ ‚x‘ ‹y› <b>&amp;</b>", "", " — … ! ",
]


def _assigned_text(rng, length: int) -> str:
    """Random characters that Unicode 14.0 assigns (Python 3.11's unicodedata), surrogates left out."""
    import unicodedata

    out = []
    while len(out) < length:
        code = rng.choice((rng.randrange(0x80), rng.randrange(0x3000), rng.randrange(0x110000)))
        char = chr(code)
        if not 0xD800 <= code <= 0xDFFF and unicodedata.category(char) != "Cn":
            out.append(char)
    return "".join(out)


def _english_words(rng, count: int) -> list[str]:
    """Words made to run through every rule of Porter's stemmer, and some made of anything."""
    suffixes = (
        "s es ies ss sses ed eed ing y ly ational tional enci anci izer ization ation ator alism"
        " iveness fulness ousness aliti iviti biliti alli entli eli ousli abli icate ative alize"
        " iciti ical ful ness al ance ence er ic able ible ant ement ment ent ion sion tion ou ism"
        " ate iti ous ive ize e ll at bl iz bb dd ff tt ying yed eys ays"
    ).split()
    letters = "aeiouybcdfghklmnprstvwxz" * 3 + "ïé2ß𝐱"
    made = []
    for _ in range(count):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(0, 7)))
        made.append(word + rng.choice(suffixes) if rng.random() < 0.7 else word)
    return made


def _read_by_the_page(texts: list[str], words: list[str]) -> dict:
    import json

    done = subprocess.run(
        [shutil.which("node") or "node", "tests/js/as-the-page-reads.js"],
        cwd=REPO, input=json.dumps({"texts": texts, "words": words}), capture_output=True,
        text=True, encoding="utf-8", timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_page_splits_folds_and_stems_words_as_the_index_does(node_modules):
    """The page's fold(), words() and stem() (digest-search.js, with digest-words.js's rules) give
    what search.py's give, on the same texts and words: a query word is read as the index read the
    articles' words."""
    import random
    import re

    from digest.publish.search import Stems
    from digest.text.words import WORD_RULES, fold, words

    rng = random.Random(20261201)
    randoms = [_assigned_text(rng, 300) for _ in range(300)]
    docs = [p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").rglob("*.md"))]
    vocabulary = sorted({w for text in docs + TEXTS for w in words(text)})
    made = _english_words(rng, 60000)
    russian = [w + ending for w in vocabulary if re.search("[а-я]", w) for ending in ("", "ами", "ого", "ишь")]
    asked = vocabulary + made + russian
    page = _read_by_the_page(TEXTS + docs + randoms, asked)

    for text, folded, split in zip(TEXTS + docs, page["fold"], page["words"], strict=False):
        assert (folded, split) == (fold(text), words(text)), text[:200]
    for text, folded, split in zip(randoms, page["fold"][-len(randoms):], page["words"][-len(randoms):], strict=True):
        assert (folded, split) == (fold(text), words(text)), text
    stem = Stems()
    differ = [(word, stem(word), got) for word, got in zip(asked, page["stems"], strict=True) if stem(word) != got]
    assert not differ, f"{len(differ)} of {len(asked)} words stemmed otherwise, e.g. {differ[:10]}"
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    letters = re.compile(WORD_RULES["letter"] + "+")
    ours = [[every[m.start()], every[m.end() - 1]] for m in letters.finditer(every)]
    assert [[chr(a), chr(b)] for a, b in page["letters"]] == ours, "the letter pattern reads otherwise in JavaScript"
