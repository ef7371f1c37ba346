"""The search index files (build/digest/search.py): what the page's engine reads from them."""

from __future__ import annotations

import json

from digest.search import TITLE_WEIGHT, Document, articles, index_scripts


def data(script: str):
    return json.loads(script[script.index(",") + 1 : script.rindex(")")])


def index_files(documents, lang):
    return dict(index_scripts(documents, lang))


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


def test_the_same_articles_give_the_same_files_and_a_change_a_new_folder():
    first, again = index_files(DOCS, "ru"), index_files(list(reversed(DOCS)), "ru")
    assert first == again
    changed = index_files([DOCS[0], Document("articles/new/", "Export grows", "2025-10-07", "Exports fell.")], "ru")
    assert data(changed["index.js"])["build"] != data(first["index.js"])["build"]


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
