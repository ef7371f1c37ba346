"""Build benchmark: N synthetic seeds per language in a temp dir, measured in one run.

    python benchmarks/build.py                 # N = 100 and 1000
    python benchmarks/build.py --sizes 100 1000 3000 --json build.json

Seeds are ~600 words of industrial-policy prose with site chrome around them (menus, datelines,
share buttons, related headlines, cookie notices), Russian ones half in Windows-1251. Measured:
the pipeline cold (`digest build --no-site`), again with nothing changed, after editing one seed;
the full `digest build`; peak memory of any process; files and bytes under docs/ and site/;
search index per language; the anchor: plain MkDocs + Material builds of the same article pages
(no pipeline, no listing pages, Material's default search on), both at once; and, in headless
Chromium (/usr/bin/chromium, skipped with a note when missing) on a local server that gzips text
like GitHub Pages, the first search on a page: bytes downloaded for it and time until results
show, ours (Pagefind) next to Material's default search of the anchor.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "overrides", "gazetteer.yml", "topics.yml")

RU_WORDS = ["промышленность", "завод", "предприятие", "регион", "кластер", "экспорт", "станок", "оборудование", "производство", "поддержка", "инвестиции", "проект", "министерство", "фонд", "займ", "технология", "развитие", "рынок", "продукция", "выпуск", "мощность"]
EN_WORDS = ["industry", "plant", "enterprise", "region", "cluster", "exports", "machine", "equipment", "production", "support", "investment", "project", "ministry", "fund", "loan", "technology", "development", "market", "products", "output", "capacity"]
RU_NAMES = ("Денис Мантуров", "Михаил Мишустин", "Минпромторг", "Фонд развития промышленности", "Алексей Дюмин")
EN_NAMES = ("Denis Manturov", "Mikhail Mishustin", "Ministry of Industry and Trade", "Industrial Development Fund")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def sentence(rng: random.Random, lang: str) -> str:
    words = RU_WORDS if lang == "ru" else EN_WORDS
    names = RU_NAMES if lang == "ru" else EN_NAMES
    body = [rng.choice(words) for _ in range(rng.randint(9, 22))]
    body.insert(rng.randint(0, len(body)), rng.choice(names))
    body.insert(rng.randint(0, len(body)), f"{rng.randint(2, 900)} {'млрд рублей' if lang == 'ru' else 'billion rubles'}")
    return " ".join(body).capitalize() + "."


def seed_text(rng: random.Random, lang: str, n: int) -> str:
    month, day, year = rng.randrange(12), rng.randint(1, 28), rng.choice((2023, 2024, 2025))
    if lang == "ru":
        head = ["Главная / Новости", f"Новость {n}: {' '.join(rng.choice(RU_WORDS) for _ in range(6))}",
                f"{day} {RU_MONTHS[month]} {year}"]
        tail = ["Поделиться", "Читайте также", "Другие новости региона", "© 2025 Сайт. Все права защищены."]
    else:
        head = ["Home / News", f"News {n}: {' '.join(rng.choice(EN_WORDS) for _ in range(6))}", f"{EN_MONTHS[month]} {day}, {year}"]
        tail = ["Share: Facebook Twitter", "Read also", "Other regional news", "© 2025 Site. All rights reserved."]
    paragraphs = [" ".join(sentence(rng, lang) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(6, 10))]
    return "\n".join(head + paragraphs + tail) + "\n"


def make_project(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    seeds = folder / "seeds"
    seeds.mkdir()
    rng = random.Random(n)
    for lang in ("ru", "en"):
        for i in range(n):
            text = seed_text(rng, lang, i)
            data = text.encode("cp1251", "replace") if lang == "ru" and i % 2 else text.encode("utf-8")
            (seeds / f"{lang}_{i:05d}.txt").write_bytes(data)
    return folder


def run(root: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "digest.cli", "--root", str(root), *args], check=False, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"digest {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started, result.stdout.strip().splitlines()[-1]


def anchor(root: Path, folder: Path) -> float:
    """Plain MkDocs builds of the same article pages, both languages at once."""
    folder.mkdir()
    for name in ("mkdocs.yml", "mkdocs.en.yml", "overrides"):
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    for lang in ("ru", "en"):
        shutil.copytree(root / "docs" / lang / "articles", folder / "docs" / lang / "articles")
        (folder / "docs" / lang / "index.md").write_text("# Index\n", encoding="utf-8")
    for name in ("mkdocs.yml", "mkdocs.en.yml"):  # no listing pages to put in the nav; plain Material
        config = (folder / name).read_text(encoding="utf-8")
        config = config.replace("  - archive.md\n  - topics/index.md\n  - people/index.md\n  - organisations/index.md\n  - sources/index.md\n", "")
        config = config.replace("  custom_dir: overrides\n", "").replace("\nplugins:\n", "\nplugins:\n  - search\n")
        (folder / name).write_text(config, encoding="utf-8")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(folder)}
    import os

    env = {**os.environ, **env}
    started = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / name), "-d", str(folder / out)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for name, out in (("mkdocs.yml", "site"), ("mkdocs.en.yml", "site-en"))]
    for process in processes:
        if process.wait():
            raise SystemExit(f"anchor build failed: {process.stderr.read()[-2000:]}")
    return time.perf_counter() - started


def size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(n: int, workdir: Path) -> dict:
    root = make_project(workdir / f"n{n}", n)
    figures: dict[str, object] = {"articles per language": n}
    figures["pipeline cold (s)"], _ = run(root, "build", "--no-site")
    figures["pipeline, nothing changed (s)"], line = run(root, "build", "--no-site")
    figures["files written, nothing changed"] = int(line.split(" written")[0].split()[-1])
    edited = root / "seeds/ru_00000.txt"
    edited.write_bytes(edited.read_bytes().replace(b".", b"!", 1))
    figures["pipeline after editing one seed (s)"], line = run(root, "build", "--no-site")
    figures["files written after one edit"] = int(line.split(" written")[0].split()[-1])
    figures["digest build total (s)"], _ = run(root, "build")
    figures["pipeline share of total"] = round(figures["pipeline, nothing changed (s)"] / figures["digest build total (s)"], 3)
    figures["anchor: plain MkDocs, both languages (s)"] = anchor(root, workdir / f"anchor{n}")
    figures["total / anchor"] = round(figures["digest build total (s)"] / figures["anchor: plain MkDocs, both languages (s)"], 2)
    figures["docs files"], figures["docs bytes"] = size(root / "docs")
    figures["site files"], figures["site bytes"] = size(root / "site")
    for lang, site in (("ru", root / "site"), ("en", root / "site/en")):
        figures[f"Pagefind index {lang} (KB on disk)"] = round(size(site / "pagefind")[1] / 1024)
        material = (workdir / f"anchor{n}" / ("site" if lang == "ru" else "site-en") / "search/search_index.json").read_bytes()
        figures[f"Material index {lang}, gzip (KB)"] = round(len(gzip.compress(material, 6)) / 1024)
    figures.update(first_searches(root / "site", workdir / f"anchor{n}"))
    figures["peak memory of a process (MB)"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in figures.items()}


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves files gzipped when they are text, as GitHub Pages does."""

    TEXT = (".html", ".js", ".css", ".json", ".xml", ".svg")

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in self.TEXT:
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _served(directory: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _first_search(browser, home: str, search, shown: str, related: tuple[str, ...]) -> tuple[int, int]:
    """(KB downloaded for search, ms from typing the query to results) on a freshly opened page."""
    page = browser.new_context().new_page()
    downloaded: list[int] = []
    page.on("requestfinished", lambda r: downloaded.append(r.sizes()["responseBodySize"]) if any(p in r.url for p in related) else None)
    page.goto(home)
    started = time.perf_counter()
    search(page)
    page.wait_for_selector(shown, timeout=120_000)
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    page.context.close()
    return round(sum(downloaded) / 1024), round(elapsed * 1000)


def first_searches(site: Path, anchor_dir: Path) -> dict[str, object]:
    """The first search on a page, ours and Material's default (the anchor), per language."""
    if not Path(CHROMIUM).exists():
        print(f"note: {CHROMIUM} not found, first-search figures skipped (apt-get install -y chromium)", file=sys.stderr)
        return {}
    from playwright.sync_api import sync_playwright

    def ours(query: str):
        def run(page) -> None:
            page.fill("input.digest-search-box__input", query)
            page.press("input.digest-search-box__input", "Enter")
        return run

    def material(query: str):
        def run(page) -> None:
            page.click("label.md-search__icon, .md-search__input")
            page.fill("input.md-search__input", query)
            page.press("input.md-search__input", "End")  # non-ASCII text is inserted without key events
        return run

    figures: dict[str, object] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang, query in (("ru", "кластер"), ("en", "cluster")):
            served, url = _served(site)
            kb, ms = _first_search(browser, f"{url}/{'' if lang == 'ru' else 'en/'}", ours(query), ".digest-search__hit",
                                   ("/pagefind/", "/search/", "digest-search.js"))
            served.shutdown()
            figures[f"first search {lang}, ours: KB / ms"] = f"{kb} / {ms}"
            served, url = _served(anchor_dir / ("site" if lang == "ru" else "site-en"))
            kb, ms = _first_search(browser, f"{url}/", material(query), ".md-search-result__item", ("/search/", "/workers/", "/lunr/"))
            served.shutdown()
            figures[f"first search {lang}, Material default: KB / ms"] = f"{kb} / {ms}"
        browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="articles per language (default: 100 1000)")
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as tmp:
        results = [measure(n, Path(tmp)) for n in args.sizes]
    keys = list(results[0])
    print(f"{'':<44}" + "".join(f"{r['articles per language']:>12}" for r in results))
    for key in keys[1:]:
        print(f"{key:<44}" + "".join(f"{r[key]:>12}" for r in results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
