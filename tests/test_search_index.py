"""The search index files (build/digest/publish/search.py): what the page's engine reads from them."""

from __future__ import annotations

import json
import shutil

import pytest

from digest.store.cache import read_value
from digest.publish.search import INDEX_FOLDER, TITLE_WEIGHT, Document, article_document, articles, index_scripts, write_index
from digest.text.words import WORD_RULES, WORDS_SCRIPT, fold, words, words_script


def data(script: str):
    return json.loads(script[script.index(",") + 1 : script.rindex(")")])


def index_files(documents, lang):
    return dict(index_scripts(documents, lang, "b1"))


DOCS = [
    Document("articles/old/", "Заводы области", "2021-05-01", "Новый завод открыт. Заводу нужны кадры."),
    Document("articles/new/", "Export grows", "2025-10-07", "Exporters ship machine tools; exports grew.", ""),
]


def decoded(files: dict[str, str], term: str) -> dict[int, int]:
    head = data(files["index.js"])
    for name, script in files.items():
        if name.startswith(f"{head['build']}/s"):
            flat = data(script).get(term)
            if flat:
                numbers, number = {}, 0
                for gap, count in zip(flat[0::2], flat[1::2]):
                    number += gap
                    numbers[number] = count
                return numbers
    return {}


def test_words_map_to_the_stems_the_postings_use():
    files = index_files(DOCS, "ru")
    head = data(files["index.js"])
    assert head["total"] == 2
    words = {}
    for name, script in files.items():
        if name.startswith(f"{head['build']}/w"):
            words.update(data(script))
    assert words["заводы"] == 5 and words["заводу"] == 5, "the stem завод, as a length when it is a prefix"
    assert words["exports"] == 6 and words["exporters"] == 6
    # Newest article first; a title word weighs TITLE_WEIGHT, each occurrence in the text 1.
    assert decoded(files, "завод") == {1: TITLE_WEIGHT + 2}
    assert decoded(files, "export") == {0: TITLE_WEIGHT + 2}
    assert data(files[f"{head['build']}/d/0.js"]) == ["articles/new/", "Export grows", "2025-10-07", DOCS[1].text]


def test_the_same_articles_give_the_same_files():
    assert index_files(DOCS, "ru") == index_files(list(reversed(DOCS)), "ru")


PAGE = ('<html><article><div data-search-body><h1>{}</h1><p>{}</p><span data-search-date="2025-01-01"></span>'
        '</div></article><footer>{}</footer></html>')


def site_with(folder, pages: dict[str, tuple[str, str]], footer: str = "") -> None:
    for path, (title, text) in pages.items():
        (folder / path).mkdir(parents=True, exist_ok=True)
        (folder / path / "index.html").write_text(PAGE.format(title, text, footer), encoding="utf-8")


def snapshot(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_index_is_reused_while_no_article_changes_and_rebuilt_when_one_does(tmp_path):
    """The last build's index, set aside before MkDocs empties the site, is moved back when the new
    pages index to the same thing (chrome outside the articles may change), and replaced otherwise."""
    site, kept = tmp_path / "site", tmp_path / "kept"
    aside = kept / "index"
    site_with(site, {"articles/a": ("Завод", "Новый завод открыт."), "articles/b": ("Кадры", "Заводу нужны кадры.")})
    assert write_index(site, "ru", kept=kept) is False, "nothing set aside yet"
    first = snapshot(site / INDEX_FOLDER)
    site_with(site, {"articles/a": ("Завод", "Новый завод открыт.")}, footer="another footer")
    (site / INDEX_FOLDER).rename(aside)
    assert write_index(site, "ru", kept=kept) is True
    assert snapshot(site / INDEX_FOLDER) == first and not aside.exists()
    site_with(site, {"articles/b": ("Кадры", "Заводу нужны инженеры.")})
    (site / INDEX_FOLDER).rename(aside)
    assert write_index(site, "ru", kept=kept) is False
    changed = snapshot(site / INDEX_FOLDER)
    assert changed != first and not aside.exists(), "the old index is not kept once replaced"
    assert data(changed["index.js"].decode())["build"] != data(first["index.js"].decode())["build"], "a new folder for a new index"
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh)
    write_index(fresh, "ru")  # every page parsed anew: the same index as with the unchanged page's text kept
    assert snapshot(fresh / INDEX_FOLDER) == changed
    assert sorted(d.text for d in read_value(kept / "documents").values()) == ["Заводу нужны инженеры.", "Новый завод открыт."]
    (site / INDEX_FOLDER).rename(aside)
    (aside / "index.js").unlink()  # a set-aside index that is not whole is never used
    assert write_index(site, "ru", kept=kept) is False and snapshot(site / INDEX_FOLDER) == changed


def test_a_language_site_built_inside_another_is_not_indexed_with_it(tmp_path):
    page = '<html><article><div data-search-body><h1>{}</h1><p>Text.</p><span data-search-date="2025-01-01"></span></div></article></html>'
    (tmp_path / "articles/a").mkdir(parents=True)
    (tmp_path / "articles/a/index.html").write_text(page.format("Статья"), encoding="utf-8")
    (tmp_path / "404.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "en/articles/a").mkdir(parents=True)
    (tmp_path / "en/articles/a/index.html").write_text(page.format("Article"), encoding="utf-8")
    (tmp_path / "en/404.html").write_text("<html></html>", encoding="utf-8")
    assert [(d.path, d.title, d.date) for d in articles(tmp_path)] == [("articles/a/", "Статья", "2025-01-01")]
    assert [d.title for d in articles(tmp_path / "en")] == ["Article"]


def test_the_summary_box_and_the_digest_notices_are_not_indexed():
    page = ('<html><article><div data-search-body><h1>Завод</h1>'
            '<div class="admonition abstract"><p class="admonition-title">Кратко</p><p>Сводка повторяет текст.</p></div>'
            '<div class="admonition warning"><p>Статья ещё не переведена.</p></div>'
            '<p>Сводка повторяет текст. Основной текст статьи.</p></div></article></html>')
    document = article_document(page, "articles/x/")
    assert document.text.count("Сводка повторяет текст") == 1
    assert "Кратко" not in document.text and "не переведена" not in document.text


# --- The rules of words, and the page's copy of them -------------------------------------------------


def test_the_pages_rules_of_words_are_the_ones_search_py_writes():
    """overrides/assets/javascripts/digest-words.js is generated from WORD_RULES: a rule changed
    without `python -m digest.text.words` fails here."""
    assert WORDS_SCRIPT.read_text(encoding="utf-8") == words_script(), "run: python -m digest.text.words"
    script = words_script()
    assert script.startswith("// Generated by `python -m digest.text.words`")
    assert json.loads(script[script.index("= ") + 2 : script.rindex(";")]) == WORD_RULES


def test_the_letters_are_those_of_python_3_11s_re():
    """WORD_RULES["letter"], pinned ranges of code points, is what re's [^\\W_] (letters and digits,
    Unicode categories L and N) is on the Unicode of Python 3.11: the index read the same words before
    the rules were data. Another Python's Unicode differs, and the pinned ranges keep the words."""
    import re
    import unicodedata

    if unicodedata.unidata_version != "14.0.0":
        pytest.skip(f"Unicode {unicodedata.unidata_version}, not Python 3.11's 14.0.0")
    every = "".join(map(chr, range(0x110000)))
    assert re.findall(WORD_RULES["letter"] + "+", every) == re.findall(r"[^\W_]+", every)
    assert all(unicodedata.category(c)[0] in "LN" for c in re.findall(WORD_RULES["letter"], every))


def test_fold_and_words():
    assert all(len(key) == 1 for key in WORD_RULES["fold"]), "one character each: str.maketrans, and the page, read them so"
    assert fold("ЁЛКА и Ёж, за\u0301мок") == "елка и еж, замок"
    assert fold("İ ΟΔΟΣ") == "i\u0307 οδος"
    assert words("Всё-таки snake_case Путин2024 x² naïve nai\u0308ve 😀 \U00011f04") == [
        "все", "таки", "snake", "case", "путин2024", "x²", "naïve", "nai", "ve"]


def test_an_edited_article_changes_only_the_chunks_that_hold_its_words():
    """Chunks are cut where their keys say (content-defined), not where the last one ended: a new
    word early in the alphabet changes the chunk it falls in, not every chunk after it."""
    import random

    rng = random.Random(7)
    vocabulary = sorted({"".join(rng.choice("абвгдеклмнопрст") for _ in range(rng.randint(4, 9))) for _ in range(3000)})
    docs = [Document(f"articles/{n}/", f"Статья {n}", f"2025-01-{n % 28 + 1:02d}", " ".join(rng.sample(vocabulary, 60)))
            for n in range(120)]
    before = dict(index_scripts(docs, "ru", "b1", chunk_chars=300))
    edited = docs[:50] + [Document(docs[50].path, docs[50].title, docs[50].date, "аааааа " + docs[50].text)] + docs[51:]
    after = dict(index_scripts(edited, "ru", "b1", chunk_chars=300))
    chunks = [name for name in before if "/w" in name or "/s" in name]
    assert len(chunks) > 60
    changed = [name for name in chunks if before[name] != after.get(name)]
    assert 1 <= len(changed) <= 0.1 * len(chunks), changed
    assert sum(before[name] != after[name] for name in before if "/d/" in name) == 1


def test_an_index_updated_for_edited_articles_is_the_index_made_anew():
    """updated_state changes only what the edited articles change: the result must be index_state
    of the new articles, entry for entry and cut for cut, whatever the edits add or remove (words
    new to the index, words that leave it, a stem's last article, chunks that grow or empty)."""
    import random

    from digest.publish.search import index_state, updated_state

    rng = random.Random(11)
    vocabulary = sorted({"".join(rng.choice("абвгдеклмнопрстxyz") for _ in range(rng.randint(3, 8))) for _ in range(2500)})

    def document(n: int, text: str) -> Document:
        return Document(f"articles/{n}/", f"Статья {n} {rng.choice(vocabulary)}", f"2025-01-{n % 28 + 1:02d}", text)

    docs = {f"k{n}".encode(): document(n, " ".join(rng.sample(vocabulary, rng.randint(5, 80)))) for n in range(90)}
    state = index_state(docs, chunk_chars=300)
    assert len(state.stems.data) > 40 and len(state.words.data) > 40
    updated_once = 0
    for turn in range(40):
        edited = dict(docs)
        for key in rng.sample(sorted(docs), rng.randint(1, 3)):
            old = docs[key]
            kept = old.text.split()
            kind = turn % 4
            if kind == 0:  # new words, some never seen
                kept += rng.sample(vocabulary, 5) + [f"новое{turn}слово"]
            elif kind == 1:  # words removed, maybe the last article to have them
                kept = kept[: max(1, len(kept) // 3)]
            elif kind == 2:  # counts changed only
                kept += kept[:3]
            else:  # replaced whole (or emptied)
                kept = rng.sample(vocabulary, rng.randint(0, 40))
            del edited[key]
            edited[key + f"-{turn}".encode()] = Document(old.path, old.title, old.date, " ".join(kept))
        update = updated_state(state, docs, edited, chunk_chars=300)
        expected = index_state(edited, chunk_chars=300)
        if update is not None:
            updated_once += 1
            new_state, numbers = update
            assert new_state == expected, f"turn {turn}"
            assert len(numbers) == sum(k not in docs for k in edited)
        docs, state = edited, expected
    assert updated_once == 40
    # An article added moves the numbers: made anew.
    added = dict(docs, extra=Document("articles/zz/", "Новая", "2026-01-01", "текст"))
    assert updated_state(state, docs, added, chunk_chars=300) is None
    # Another chunk size: made anew.
    assert updated_state(state, docs, dict(docs), chunk_chars=400) is None
