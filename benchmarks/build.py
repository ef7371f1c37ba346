"""Build benchmark: N synthetic seeds per language in a temp dir, measured in one run.

    python benchmarks/build.py                 # N = 100 and 1000
    python benchmarks/build.py --sizes 100 1000 3000 --json build.json

Seeds are ~550 words of made-up prose over a Zipf vocabulary, each on two themes of topics.yml,
naming a person or organisation of the gazetteer in about half of them, with site chrome around
them (menus, datelines, share buttons, related headlines, copyright lines), Russian ones half in
Windows-1251. Measured: the pipeline cold (`digest build --no-site`, no cache), again with nothing
changed, after editing one seed; the full `digest build` for the first time (every page converted),
then in three turns, each: with nothing changed, the anchor, and after editing one more seed (a
merge, as CI builds it with its cache restored), each build against its turn's anchor (medians);
then with no cache at all (after measuring what `.digest-cache/` holds); peak memory of the largest process and of all the build's processes
at once; files and bytes under docs/ and site/; search index per language; the
anchor: plain MkDocs + Material builds of the same article pages (no pipeline, no listing pages,
Material's default search on), both at once; for the cold build also the anchor as issue 21 states
it, plain Material of the very same docs/ (listing pages too), before and after a `--no-cache` build; and, in headless Chromium (/usr/bin/chromium,
skipped with a note when missing) on a local server that gzips text like GitHub Pages, the first
search on a page: bytes downloaded for it and time until results show, ours next to Material's
default search of the anchor.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import random
import shutil
import statistics
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
REPEATS = 3  # turns of the full build and the anchor at each size
PROJECT_FILES = ("mkdocs.base.yml", "mkdocs.yml", "mkdocs.en.yml", "overrides", "gazetteer.yml", "topics.yml")

# Each synthetic article has a theme (two of these word groups, matching topics.yml and the
# gazetteer) over a Zipf-distributed filler vocabulary of 6,000 made-up words, so topics, people
# and near-duplicate detection see realistic rates rather than every article on every topic.
RU_THEMES = [
    ["кластер", "технопарк", "индустриальный парк", "резидент", "площадка"],
    ["экспорт", "экспортёр", "зарубежные рынки", "поставки", "контракт"],
    ["станок", "станкостроение", "оборудование", "машиностроение", "автомобилестроение"],
    ["медицинская техника", "больница", "реабилитация", "протез", "медицинское изделие"],
    ["импортозамещение", "локализация", "отечественное производство", "комплектующие"],
    ["займ", "субсидия", "льготный кредит", "поддержка", "инвестиции"],
    ["кадры", "обучение", "подготовка специалистов", "молодежь", "наставник"],
    ["химическая продукция", "полимер", "катализатор", "переработка"],
    ["беспилотник", "самолет", "авиация", "воздушное судно"],
    ["губернатор", "область", "республика", "регион"],
    ["цифровая платформа", "искусственный интеллект", "анализ данных", "электронная промышленность"],
]
EN_THEMES = [
    ["cluster", "technology park", "industrial park", "resident", "site"],
    ["exports", "exporter", "foreign markets", "deliveries", "contract"],
    ["machine tool", "machine building", "equipment", "automotive", "machines"],
    ["medical equipment", "hospital", "rehabilitation", "prosthetic", "medical device"],
    ["import substitution", "localization", "domestic production", "components"],
    ["loan", "subsidy", "soft loan", "support", "investment"],
    ["personnel", "training", "skills", "young people", "mentor"],
    ["chemical products", "polymer", "catalyst", "processing"],
    ["drone", "aircraft", "aviation", "unmanned aerial"],
    ["governor", "region", "republic", "regions"],
    ["digital platform", "artificial intelligence", "data analytics", "electronics industry"],
]
RU_NAMES = ("Денис Мантуров", "Михаил Мишустин", "Алексей Дюмин", "Игорь Левитин", "Минпромторг", "Фонд развития промышленности",
            "Торгово-промышленная палата", "Омская область", "Республика Башкортостан")
EN_NAMES = ("Denis Manturov", "Mikhail Mishustin", "Alexei Dyumin", "Igor Levitin", "Ministry of Industry and Trade",
            "Industrial Development Fund", "Chamber of Commerce and Industry", "Omsk Region", "Republic of Bashkortostan")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
RU_SYLLABLES = "ра но ти ко ве ст пр ли ми ло на де ре ка за по ва ен ос ны ки то се ль".split()
EN_SYLLABLES = "ta ne ri co ve st pro li mi lo na de re ka za po va en os ny ki to se al".split()


@functools.lru_cache(maxsize=None)
def vocabulary(lang: str, size: int = 6000) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Made-up words with Zipf weights: a few very common, a long tail of rare ones."""
    rng = random.Random(lang)
    syllables = RU_SYLLABLES if lang == "ru" else EN_SYLLABLES
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(size * 2)})[:size]
    rng.shuffle(words)
    return tuple(words), tuple(1 / (rank + 1) ** 1.1 for rank in range(len(words)))


def sentence(rng: random.Random, lang: str, theme: list[str], names: list[str]) -> str:
    words, weights = vocabulary(lang)
    body = rng.choices(words, weights, k=rng.randint(9, 22))
    for _ in range(rng.randint(0, 2)):
        body.insert(rng.randint(0, len(body)), rng.choice(theme))
    if names and rng.random() < 0.3:
        body.insert(rng.randint(0, len(body)), rng.choice(names))
    if rng.random() < 0.2:
        body.insert(rng.randint(0, len(body)), f"{rng.randint(2, 900)} {'млрд рублей' if lang == 'ru' else 'billion rubles'}")
    text = " ".join(body)
    return text[:1].upper() + text[1:] + "."


def seed_text(rng: random.Random, lang: str, n: int) -> str:
    month, day, year = rng.randrange(12), rng.randint(1, 28), rng.choice((2023, 2024, 2025))
    themes = RU_THEMES if lang == "ru" else EN_THEMES
    theme = [word for group in rng.sample(themes, 2) for word in group]
    names = rng.sample(RU_NAMES if lang == "ru" else EN_NAMES, rng.choice((0, 0, 1, 1, 2)))  # most stories name one or none
    headline = " ".join([rng.choice(theme), *rng.choices(vocabulary(lang)[0][:300], k=5)])
    if lang == "ru":
        head = ["Главная / Новости", f"Новость {n}: {headline}", f"{day} {RU_MONTHS[month]} {year}"]
        tail = ["Поделиться", "Читайте также", "Другие новости региона", "© 2025 Сайт. Все права защищены."]
    else:
        head = ["Home / News", f"News {n}: {headline}", f"{EN_MONTHS[month]} {day}, {year}"]
        tail = ["Share: Facebook Twitter", "Read also", "Other regional news", "© 2025 Site. All rights reserved."]
    paragraphs = [" ".join(sentence(rng, lang, theme, names) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(6, 10))]
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


class PeakMemory:
    """Peak memory of the processes this one starts, sampled from /proc every 50 ms while in use:
    `largest`, the highest peak (VmHWM) of any one of them, and `together`, the highest sum of
    their resident memory (VmRSS) at one moment (the build runs two MkDocs processes at once). MB."""

    def __init__(self) -> None:
        self.largest = self.together = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _sample(self) -> None:
        table: dict[int, tuple[int, int, int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
                except OSError:
                    continue
                kb = [int(fields.get(name, "0 kB").split()[0]) for name in ("VmHWM", "VmRSS")]
                table[int(entry.name)] = (int(fields["PPid"]), *kb)
        me, together = os.getpid(), 0
        for pid, (parent, peak, resident) in table.items():
            seen = 0
            while parent not in (0, me) and seen < 50:
                parent, seen = table.get(parent, (0, 0, 0))[0], seen + 1
            if parent == me:
                self.largest = max(self.largest, peak // 1024)
                together += resident // 1024
        self.together = max(self.together, together)


def anchor(root: Path, folder: Path, every_page: bool = False) -> float:
    """Plain MkDocs + Material builds (Material's own search, no theme overrides), both languages at
    once: of the same article pages only (the benchmark's anchor, stricter than the issue's), or,
    `every_page`, of the very same docs/ (listing pages too: the anchor as issue 21 states it)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name in ("mkdocs.base.yml", "mkdocs.yml", "mkdocs.en.yml", "overrides"):
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    if every_page:
        shutil.copytree(root / "docs", folder / "docs")
    for lang in () if every_page else ("ru", "en"):
        shutil.copytree(root / "docs" / lang / "articles", folder / "docs" / lang / "articles")
        (folder / "docs" / lang / "index.md").write_text("# Index\n", encoding="utf-8")
    for name in ("mkdocs.base.yml", "mkdocs.yml", "mkdocs.en.yml"):  # plain Material
        config = (folder / name).read_text(encoding="utf-8")
        if not every_page:  # no listing pages in the nav
            config = config.replace("  - archive.md\n  - topics/index.md\n  - people/index.md\n  - organisations/index.md\n  - sources/index.md\n", "")
        config = config.replace("  custom_dir: overrides\n", "").replace("\nplugins:\n", "\nplugins:\n  - search\n")
        (folder / name).write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HOME": str(folder)}
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
    # The first site build: the pipeline has nothing to do, every page is converted (and kept).
    figures["digest build, first with the site (s)"], _ = run(root, "build")
    # Each turn: the build with nothing changed, the anchor, then one seed edited and the build again
    # (a merge, as CI builds it with its cache restored). Taking turns, so that a busy spell of the
    # shared machine does not fall on one side only; each build is compared with its turn's anchor.
    totals, anchors, merges, memories = [], [], [], []
    for repeat in range(REPEATS):
        with PeakMemory() as memory:  # ours only, not the anchor's processes
            totals.append(run(root, "build")[0])
        anchors.append(anchor(root, workdir / f"anchor{n}"))
        edited = root / f"seeds/{'en' if repeat % 2 else 'ru'}_{repeat + 1:05d}.txt"
        edited.write_bytes(edited.read_bytes().replace(b".", b"!", 1))
        with PeakMemory() as merge_memory:
            merges.append(run(root, "build")[0])
        memories += [memory, merge_memory]
    figures["digest build total (s)"] = statistics.median(totals)
    figures["pipeline share of total"] = round(figures["pipeline, nothing changed (s)"] / figures["digest build total (s)"], 3)
    figures["anchor: plain MkDocs, both languages (s)"] = statistics.median(anchors)
    for name, builds in (("total", totals), ("after one edit", merges)):
        ratios = [t / a for t, a in zip(builds, anchors)]
        figures[f"{name} / anchor (median of the turns)"] = round(statistics.median(ratios), 2)
        figures[f"{name} / anchor, each turn"] = " ".join(f"{r:.2f}" for r in ratios)
    figures["digest build after editing one seed (s)"] = statistics.median(merges)
    figures["docs files"], figures["docs bytes"] = size(root / "docs")
    figures["site files"], figures["site bytes"] = size(root / "site")
    for lang, site in (("ru", root / "site"), ("en", root / "site/en")):
        figures[f"search index {lang} (files / KB on disk)"] = "{} / {}".format(*[round(v / k) for v, k in zip(size(site / "search-index"), (1, 1024))])
        material = (workdir / f"anchor{n}" / ("site" if lang == "ru" else "site-en") / "search/search_index.json").read_bytes()
        figures[f"Material index {lang}, gzip (KB)"] = round(len(gzip.compress(material, 6)) / 1024)
    cache_files, cache_bytes = size(root / ".digest-cache")
    figures[".digest-cache (files / MB on disk)"] = f"{cache_files} / {cache_bytes / 2**20:.1f}"
    shutil.rmtree(root / ".digest-cache")
    with PeakMemory() as cold_memory:
        figures["digest build total, cold cache (s)"], _ = run(root, "build")
    figures["cold cache / anchor"] = round(figures["digest build total, cold cache (s)"] / figures["anchor: plain MkDocs, both languages (s)"], 2)
    # The anchor, the very same docs/ (listing pages too), on each side of a cold build again.
    same_docs = [anchor(root, workdir / f"anchor-docs{n}", every_page=True)]
    cold_again = run(root, "build", "--no-cache")[0]
    same_docs.append(anchor(root, workdir / f"anchor-docs{n}", every_page=True))
    figures["issue 21 anchor: plain Material of the same docs/ (s)"] = statistics.mean(same_docs)
    figures["digest build --no-cache beside it (s)"] = cold_again
    figures["cold / the issue's anchor"] = round(cold_again / statistics.mean(same_docs), 2)
    figures.update(first_searches(root / "site", workdir / f"anchor{n}"))
    figures["peak memory, largest process (MB)"] = max(m.largest for m in (*memories, cold_memory))
    figures["peak memory, all processes at once (MB)"] = max(m.together for m in (*memories, cold_memory))
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in figures.items()}


def first_search_only(n: int, workdir: Path) -> dict:
    """`--search-only`: one build from nothing, then our first searches (three rounds)."""
    root = make_project(workdir / f"n{n}", n)
    figures: dict[str, object] = {"articles per language": n}
    figures["digest build from no docs/ and no cache (s)"] = round(run(root, "build")[0], 2)
    for turn in range(1, 4):
        for key, value in first_searches(root / "site", None).items():
            figures[f"{key} (round {turn})"] = value
    return figures


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
    """(KB downloaded for search, ms from the reader's first event of `search(page)` to the first
    frame that shows `shown`) on a freshly opened page."""
    page = browser.new_context().new_page()
    downloaded: list[int] = []
    page.on("requestfinished", lambda r: downloaded.append(r.sizes()["responseBodySize"]) if any(p in r.url for p in related) else None)
    page.goto(home)
    # The clock runs in the page, so that the automation's own delays do not count: it starts at the
    # reader's first pointer or key event (`window.benchClock = null` restarts it at the next one).
    page.evaluate("""() => { window.benchClock = null;
      for (const type of ["pointerdown", "keydown", "input"])
        addEventListener(type, (event) => { if (window.benchClock === null) window.benchClock = event.timeStamp; }, true); }""")
    search(page)
    shown_at = page.wait_for_function("s => document.querySelector(s) && performance.now()", arg=shown, polling="raf", timeout=120_000)
    elapsed = shown_at.json_value() - page.evaluate("window.benchClock")
    page.wait_for_load_state("networkidle")
    page.context.close()
    return round(sum(downloaded) / 1024), round(elapsed)


def first_searches(site: Path, anchor_dir: Path | None) -> dict[str, object]:
    """The first search on a page per language: ours (cold, and typed at a reader's pace) and
    Material's default (the anchor; not without `anchor_dir`)."""
    if not Path(CHROMIUM).exists():
        print(f"note: {CHROMIUM} not found, first-search figures skipped (apt-get install -y chromium)", file=sys.stderr)
        return {}
    from playwright.sync_api import sync_playwright

    # Ours answers in place, in the header's panel. Cold: the clock starts at the click into the box
    # (which starts loading the index) and the query is typed at once. Typed: at 120 ms a key, the
    # clock starting at the last key; each term's chunks load while the reader types.
    box = "input.digest-search-box__input"

    def ours_cold(query: str):
        def run(page) -> None:
            page.click(box)
            page.keyboard.type(query)
        return run

    def ours_typed(query: str):
        def run(page) -> None:
            page.click(box)
            for key in query[:-1]:  # one by one: keyboard.type(delay=) waits after a Latin key, before a Cyrillic one
                page.keyboard.type(key)
                page.wait_for_timeout(120)
            page.evaluate("window.benchClock = null")
            page.keyboard.type(query[-1])
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
            home, shown = f"{url}/{'' if lang == 'ru' else 'en/'}", f"#digest-search-panel[data-shown='{query}'] .digest-search__hit"
            kb, ms = _first_search(browser, home, ours_cold(query), shown, ("/search-index/", "digest-search.js", "digest-words.js", "lunr"))
            figures[f"first search {lang}, ours in place, cold: KB / ms"] = f"{kb} / {ms}"
            _, ms = _first_search(browser, home, ours_typed(query), shown, ())
            figures[f"first search {lang}, ours typed at 120 ms/key: ms after the last key"] = ms
            served.shutdown()
            if anchor_dir is None:
                continue
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
    parser.add_argument("--search-only", action="store_true", help="only build each size once and measure our first searches (no anchor: Material's search takes ~1 minute at 10,000)")
    args = parser.parse_args(argv)
    # Builds run as Python runs by default, writing each module's bytecode once: an environment
    # with PYTHONDONTWRITEBYTECODE (this workplace's machines set it) compiles the digest package
    # anew in every process of every build (~1 s more for an edit at 1,000 per language), while
    # MkDocs and Material, installed by pip with their bytecode, do not pay it.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as tmp:
        results = [(first_search_only if args.search_only else measure)(n, Path(tmp)) for n in args.sizes]
    keys = list(results[0])
    print(f"{'':<66}" + "".join(f"{r['articles per language']:>16}" for r in results))
    for key in keys[1:]:
        print(f"{key:<66}" + "".join(f"{r[key]:>16}" for r in results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
