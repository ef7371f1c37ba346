"""A build on top of the last one (issue 21): after an edit, only the pages whose bytes change are
written under site/, and after any change, the site is byte for byte what a plain `mkdocs build` of
the same docs/ gives (test_fidelity.assert_as_mkdocs_builds), and docs/ what a build without the
cache makes.

Each step changes one kind of input: a seed, a sidecar, an added and a deleted seed, topics.yml, a
theme override, mkdocs.yml. Whatever can reach every page (configs, theme, options) makes the whole
site again; an edit of what only some pages show rebuilds those pages alone."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import REPO, run_digest
from test_fidelity import assert_as_mkdocs_builds

from digest.publish.search import INDEX_FOLDER, write_index

sys.path.insert(0, str(REPO / "benchmarks"))
import build as synthetic  # noqa: E402  (benchmarks/build.py: synthetic seeds)


def site_files(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (root / "site").rglob("*.html")}


INDEXES = {"ru": Path("site") / INDEX_FOLDER, "en": Path("site") / "en" / INDEX_FOLDER}


def index_files(root: Path) -> dict[str, tuple[int, bytes]]:
    """Each search index file by its name without the build's folder (which every build names
    anew): "ru/s3.js", "en/d/12.js", "ru/index.js"."""
    found = {}
    for lang, folder in INDEXES.items():
        for path in (root / folder).rglob("*.js"):
            parts = path.relative_to(root / folder).parts
            inner = parts[1:] if len(parts) > 1 else parts
            found["/".join((lang, *inner))] = (path.stat().st_mtime_ns, path.read_bytes())
    return found


def assert_index_as_from_scratch(root: Path, tmp: Path) -> None:
    """Each language's search index is what write_index makes of the built pages with nothing kept."""
    for lang, folder in INDEXES.items():
        scratch = tmp / f"index-{lang}"
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(root / folder.parent, scratch, ignore=shutil.ignore_patterns(INDEX_FOLDER, "en") if lang == "ru" else None)
        write_index(scratch, lang)
        assert tree(root / folder) == tree(scratch / INDEX_FOLDER), f"{lang}: the search index differs from one written from scratch"


def build(root: Path) -> None:
    done = run_digest(root, "build")
    assert done.returncode == 0, done.stderr


def edit_a_seed(root: Path) -> None:
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    data = seed.read_bytes()
    encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1251"
        text = data.decode(encoding)
    words = [w for w in text.split() if len(w) > 6 and w.isalpha()]
    word = words[len(words) * 2 // 3]  # in the body, far from the headline
    at = text.rindex(word)
    seed.write_bytes((text[:at] + word + "s" + text[at + len(word) :]).encode(encoding))


def rewritten_pages_are_the_changed_ones(root: Path, change) -> int:
    """`change(root)`, a build; the pages it rewrote are exactly those whose bytes changed (a
    build of the whole site rewrites them all). The number of pages changed."""
    before, index_before = site_files(root), index_files(root)
    change(root)
    build(root)
    after, index_after = site_files(root), index_files(root)
    assert after.keys() == before.keys(), sorted(str(p.relative_to(root)) for p in after.keys() ^ before.keys())
    rewritten = {p for p in after if after[p][0] != before[p][0]}
    changed = {p for p in after if after[p][1] != before[p][1]}
    assert rewritten == changed, sorted(str(p.relative_to(root)) for p in rewritten ^ changed)[:10]
    assert 0 < len(changed) < len(after) / 2
    # The search index: its files are moved to the new build's folder, and only those whose bytes
    # change are written (and index.js, which names the new folder), in a language whose index
    # changed. A chunk is named by what it holds: a changed one is a new file, the old one deleted.
    common = index_after.keys() & index_before.keys()
    rewritten = {name for name in common if index_after[name][0] != index_before[name][0]}
    differ = {name for name in common if index_after[name][1] != index_before[name][1]}
    new = index_after.keys() - index_before.keys()
    heads = {f"{lang}/index.js" for lang in INDEXES if any(n.startswith(lang + "/") for n in differ | new)}
    assert rewritten == differ | heads, sorted(rewritten ^ (differ | heads))
    assert len(differ | new) < len(index_after) / 4
    return len(changed)


def add_a_seed(root: Path) -> None:
    page = REPO / "tests" / "corpus" / "en_government.txt"  # a page of the annotated corpus
    (root / "seeds" / "900_added.txt").write_bytes(page.read_bytes())


def delete_a_seed(root: Path) -> None:
    seed = sorted((root / "seeds").glob("*.txt"))[1]
    seed.unlink()
    seed.with_suffix(".yml").unlink(missing_ok=True)


def change_a_sidecar(root: Path) -> None:
    seed = sorted((root / "seeds").glob("*.txt"))[2]
    sidecar = seed.with_suffix(".yml")
    old = sidecar.read_text(encoding="utf-8") if sidecar.is_file() else ""
    sidecar.write_text(old + "published: 2023-03-01\n", encoding="utf-8")


def change_the_topics(root: Path) -> None:
    topics = root / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("en: Medical industry", "en: Medical industries", 1), encoding="utf-8")


def change_a_theme_override(root: Path) -> None:
    partial = root / "overrides" / "partials" / "copyright.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "\n<!-- revised -->\n", encoding="utf-8")


def change_mkdocs_yml(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_name: ", "site_name: Новый ", 1), encoding="utf-8")


STEPS = [add_a_seed, delete_a_seed, change_a_sidecar, change_the_topics, change_a_theme_override,
         change_mkdocs_yml]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_docs_as_from_scratch(root: Path, tmp: Path) -> None:
    """docs/ is what a build without the cache (`--no-cache`) makes of the same inputs: nothing
    kept from an earlier build (article pages, listing pages, seeds' results) is stale."""
    scratch = tmp / "from-scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns("docs", "site", ".digest-cache"))
    done = run_digest(scratch, "build", "--no-site", "--no-cache")
    assert done.returncode == 0, done.stderr
    ours, theirs = tree(root / "docs"), tree(scratch / "docs")
    differ = sorted(p for p in ours.keys() | theirs.keys() if ours.get(p) != theirs.get(p))
    assert not differ, differ[:10]


def every_change_gives_what_mkdocs_builds(root: Path, tmp: Path) -> None:
    build(root)
    assert_as_mkdocs_builds(root, tmp)
    rewritten_pages_are_the_changed_ones(root, edit_a_seed)
    assert_as_mkdocs_builds(root, tmp)
    assert_docs_as_from_scratch(root, tmp)
    assert_index_as_from_scratch(root, tmp)
    for step in STEPS:
        step(root)
        build(root)
        assert_as_mkdocs_builds(root, tmp)
        assert_docs_as_from_scratch(root, tmp)
        assert_index_as_from_scratch(root, tmp)
    rewritten_pages_are_the_changed_ones(root, edit_a_seed)  # and again after all of them
    assert_as_mkdocs_builds(root, tmp)
    assert_index_as_from_scratch(root, tmp)


def test_five_seeds(project: Path, tmp_path: Path):
    every_change_gives_what_mkdocs_builds(project, tmp_path)


def test_two_hundred_seeds_per_language(tmp_path: Path):
    root = synthetic.make_project(tmp_path / "digest", 200)
    every_change_gives_what_mkdocs_builds(root, tmp_path)


def test_a_hand_edit_of_the_site_makes_the_next_build_a_whole_one(project: Path, tmp_path: Path):
    build(project)
    page = next((project / "site" / "en" / "articles").rglob("index.html"))
    page.write_text("edited by hand", encoding="utf-8")
    edit_a_seed(project)
    build(project)
    assert page.read_text(encoding="utf-8") != "edited by hand"
    assert_as_mkdocs_builds(project, tmp_path)
