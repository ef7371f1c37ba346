"""Editorial sidecars, hand edits, `digest add` and the GitHub workflows, end to end in a temp git repo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, run_digest
from digest.ingest.editorial import parse

SEED_RU = "seeds/002_fe2789674e39d373.txt"


@pytest.mark.parametrize(
    "text, key, fix",
    [
        ("titel: X\n", "`titel` is not a known key", "did you mean `title`?"),
        ("published: 27.10.2021\n", "`published` '27.10.2021' is not a date", "YYYY-MM-DD"),
        ("slug: Мой слаг\n", "`slug` 'Мой слаг' is not a slug", "lowercase Latin letters"),
        ("hidden: maybe\n", "`hidden` 'maybe' is not true or false", "hidden: true"),
        ("source_url: javascript:alert(1)\n", "`source_url` 'javascript:alert(1)' is not a web address", "https://"),
        ("summary:\n  de: [x]\n", "`summary.de` is not a language of the digest", "`ru` or `en`"),
        ("translations:\n  en: {title: X}\n", "`translations.en` must be a mapping", "guide/editors.md"),
        ("title: [unclosed\n", "not valid YAML at line", "fix the syntax"),
    ],
)
def test_sidecar_mistakes_name_the_file_the_key_and_the_fix(text, key, fix):
    _, problems = parse(text, "seeds/x.yml")
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.gate) == ("seeds/x.yml", "sidecar")
    assert key in problem.message and fix in problem.fix
    assert str(problem).startswith("seeds/x.yml: ")


def test_sidecar_fields():
    editorial, problems = parse(
        "title: Новый заголовок\nslug: new-slug\npublished: 2021-10-28\nsource: ТАСС\nsource_url: https://tass.ru/x\n"
        "summary:\n  ru: Одно предложение.\ntopics: [экспорт]\nhidden: false\nadded: 2025-01-02\n"
        "translations:\n  en:\n    title: New title\n    text: |\n      First.\n\n      Second.\n",
        "seeds/x.yml",
    )
    assert problems == []
    assert (editorial.title, editorial.slug, editorial.published, editorial.source) == ("Новый заголовок", "new-slug", "2021-10-28", "ТАСС")
    assert editorial.summary == {"ru": ("Одно предложение.",)} and editorial.topics == ("экспорт",)
    assert editorial.translations["en"].paragraphs == ("First.", "Second.")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(project: Path) -> Path:
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "editor@example.org")
    git(project, "config", "user.name", "Editor")
    assert run_digest(project, "build").returncode == 0
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first issue")
    return project


def entry(root: Path, seed: str) -> dict:
    return next(e for e in json.loads(run_digest(root, "status", "--json").stdout) if e["seed"] == seed)


def html(root: Path, page: str) -> BeautifulSoup:
    """The built HTML of docs/<lang>/articles/<slug>.md."""
    lang, _, slug = page.removeprefix("docs/").removesuffix(".md").partition("/articles/")
    base = root / "site" / ("en" if lang == "en" else "")
    return BeautifulSoup((base / "articles" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_hand_edit_survives_rebuilds_and_is_reported(repo: Path):
    ru_page = entry(repo, SEED_RU)["pages"][0]
    path = repo / ru_page
    edited = path.read_text(encoding="utf-8").replace("Были рассмотрены вопросы", "Рассмотрены вопросы")
    path.write_text(edited, encoding="utf-8")
    result = run_digest(repo, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert f"note: {ru_page}: edited by hand, kept as it is" in result.stderr
    assert path.read_text(encoding="utf-8") == edited
    assert entry(repo, SEED_RU)["edited"] == [ru_page]
    assert "Рассмотрены вопросы импортозамещения" in html(repo, ru_page).get_text()
    # The seed's sidecar changes what the page is generated from: the edit is kept, the build warns.
    (repo / SEED_RU.replace(".txt", ".yml")).write_text("source: Правительство Тульской области\n", encoding="utf-8")
    conflict = run_digest(repo, "build", "--strict")
    assert conflict.returncode == 1 and "what it is generated from changed since" in conflict.stderr
    assert path.read_text(encoding="utf-8") == edited
    en_page = entry(repo, SEED_RU)["pages"][1]
    assert "Правительство Тульской области" in (repo / en_page).read_text(encoding="utf-8"), "the unedited page follows"
    forced = run_digest(repo, "build", "--strict", "--force", ru_page)
    assert forced.returncode == 0, forced.stderr
    regenerated = path.read_text(encoding="utf-8")
    assert "Были рассмотрены вопросы" in regenerated and "Правительство Тульской области" in regenerated
    assert entry(repo, SEED_RU)["edited"] == []


def test_sidecar_changes_title_date_summary_slug_and_translation(repo: Path):
    sidecar = (
        "title: Дюмин провёл заседание комиссии Госсовета\nslug: dyumin-gossovet\npublished: 2021-10-28\n"
        "summary:\n  ru:\n    - Комиссия Госсовета обсудила медтехнику и экспорт.\n"
        "translations:\n  en:\n    title: Dyumin chairs State Council commission on industry\n"
        "    text: |\n      The commission discussed import substitution in medical equipment.\n\n"
        "      It also discussed exports of industrial products.\n"
    )
    (repo / SEED_RU.replace(".txt", ".yml")).write_text(sidecar, encoding="utf-8")
    result = run_digest(repo, "build")  # not --strict: this short translation lacks the original's figures
    assert result.returncode == 0, result.stderr
    assert "70 of the original is missing or changed" in result.stderr
    e = entry(repo, SEED_RU)
    assert e["title"] == "Дюмин провёл заседание комиссии Госсовета" and e["published"] == "2021-10-28"
    assert e["summary"] == ["Комиссия Госсовета обсудила медтехнику и экспорт."]
    assert e["translations"] == {"ru": "original", "en": "editorial"}
    assert e["pages"] == ["docs/ru/articles/dyumin-gossovet.md", "docs/en/articles/dyumin-gossovet.md"]
    assert not list((repo / "docs/ru/articles").glob("aleksey-dyumin*")), "the old slug's pages are gone"
    en = html(repo, e["pages"][1])
    assert en.h1.get_text() == "Dyumin chairs State Council commission on industry"
    assert "Editorial translation." in en.get_text() and "exports of industrial products" in en.get_text()
    assert not en.select(".admonition.warning")
    assert "28 октября 2021 г." in html(repo, e["pages"][0]).select_one("p.digest-byline").get_text()


def test_sidecar_mistake_keeps_the_article_and_fails_strict(repo: Path):
    (repo / SEED_RU.replace(".txt", ".yml")).write_text("published: вчера\nhidden: false\n", encoding="utf-8")
    relaxed = run_digest(repo, "build")
    assert relaxed.returncode == 0 and "`published` 'вчера' is not a date" in relaxed.stderr
    assert entry(repo, SEED_RU)["published"] == "2021-10-27"
    assert run_digest(repo, "build", "--strict").returncode == 1


def test_hidden_article_leaves_the_site(repo: Path):
    pages = entry(repo, SEED_RU)["pages"]
    (repo / SEED_RU.replace(".txt", ".yml")).write_text("hidden: true\n", encoding="utf-8")
    assert run_digest(repo, "build", "--strict").returncode == 0
    assert not any((repo / p).exists() for p in pages)
    assert "Дюмин" not in (repo / "site/index.html").read_text(encoding="utf-8")


def test_add_a_windows_1251_seed_and_find_it_in_both_languages(repo: Path, tmp_path: Path):
    text = "Завод в Туле начал выпуск станков\r\n5 февраля 2025 года\r\nВ Туле открылся завод, который выпускает станки с ЧПУ. Проект стоил 2 млрд рублей.\r\n"
    source = tmp_path / "tula.txt"
    source.write_bytes(text.encode("cp1251"))
    added = run_digest(repo, "add", str(source))
    assert added.returncode == 0, added.stderr
    assert "language:  ru" in added.stdout and "title:     Завод в Туле начал выпуск станков" in added.stdout
    assert "published: 2025-02-05" in added.stdout
    [seed] = [p for p in (repo / "seeds").glob("005_*.txt")]
    assert seed.read_bytes().decode("utf-8").startswith("Завод в Туле")
    assert "added: " in seed.with_suffix(".yml").read_text(encoding="utf-8")
    again = run_digest(repo, "add", str(source))
    assert again.returncode == 1 and f"already in the digest as seeds/{seed.name}" in again.stderr
    assert run_digest(repo, "build", "--strict").returncode == 0
    e = entry(repo, f"seeds/{seed.name}")
    for page in e["pages"]:
        assert "Проект стоил 2 млрд рублей." in html(repo, page).get_text()
    stdin = subprocess.run([sys.executable, "-m", "digest.cli", "--root", str(repo), "add", "-"],
                           input="Another headline here\nSome English text about a new plant. It opened today.\n".encode(),
                           capture_output=True, timeout=60)
    assert stdin.returncode == 0 and b"language:  en" in stdin.stdout


def test_edit_this_page_opens_the_generated_page(repo: Path):
    e = entry(repo, SEED_RU)
    for page in e["pages"]:
        link = html(repo, page).select_one('a[href*="/edit/main/"]')
        assert link["href"].endswith(page)


def test_github_workflows_match_the_schema():
    workflows = sorted(str(p) for p in (REPO / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 3
    # The tool next to the running interpreter: `.venv/bin/pytest` works without an activated environment.
    tool = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(tool) if tool.exists() else "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    text = "\n".join(Path(w).read_text() for w in workflows)
    for needed in ("digest check --format markdown", "GITHUB_STEP_SUMMARY", "actions/upload-pages-artifact", "actions/deploy-pages", "digest build --strict", "git status --porcelain -- docs",
                   "actions/upload-artifact", "digest build --strict --offline", "gh release upload"):
        assert needed in text


UKRAINIAN_SEED = """Головна / Новини
Уряд затвердив програму підтримки машинобудування
5 березня 2025
Кабінет міністрів затвердив програму підтримки машинобудівних підприємств, яка передбачає пільгові кредити на модернізацію виробництва.
За словами міністра, у програмі вже зареєструвалися понад сорок заводів із різних областей країни.
Поділитися
"""


def test_a_seed_in_another_language_is_not_published_silently(empty_project: Path):
    seed = empty_project / "seeds" / "001_uk.txt"
    seed.write_text(UKRAINIAN_SEED, encoding="utf-8")
    result = run_digest(empty_project, "build", "--strict", "--no-site")
    assert result.returncode == 1
    assert "seeds/001_uk.txt: the text is in Ukrainian, not Russian or English" in result.stdout + result.stderr
    assert "set `lang: ru` or `lang: en` in seeds/001_uk.yml" in result.stdout + result.stderr
    status = json.loads(run_digest(empty_project, "status", "--json").stdout)
    assert status[0]["published"] == "2025-03-05"  # its dateline is read too

    (empty_project / "seeds" / "001_uk.yml").write_text("lang: ru\n", encoding="utf-8")
    result = run_digest(empty_project, "build", "--strict", "--no-site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ukrainian" not in result.stdout + result.stderr
