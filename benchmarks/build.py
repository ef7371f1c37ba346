"""Build benchmark: N synthetic seeds per language in a temp dir, measured in one run.

    python benchmarks/build.py                 # N = 100 and 1000
    python benchmarks/build.py --sizes 100 1000 3000 --json build.json

Seeds are ~600 words of industrial-policy prose with site chrome around them (menus, datelines,
share buttons, related headlines, cookie notices), Russian ones half in Windows-1251. Measured:
the pipeline cold (`digest build --no-site`), again with nothing changed, after editing one seed;
the full `digest build`; peak memory of any process; files and bytes under docs/ and site/;
search payload per language (raw and gzip, as GitHub Pages serves it); and the anchor: plain
MkDocs builds of the same article pages (no pipeline, no listing pages), both at once.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "overrides", "gazetteer.yml", "topics.yml")

RU_WORDS = ("промышленность завод предприятие регион кластер экспорт станок оборудование производство поддержка "
            "инвестиции проект министерство фонд займ технология развитие рынок продукция выпуск мощность").split()
EN_WORDS = ("industry plant enterprise region cluster exports machine equipment production support investment "
            "project ministry fund loan technology development market products output capacity").split()
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
    result = subprocess.run([sys.executable, "-m", "digest.cli", "--root", str(root), *args], capture_output=True, text=True)
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
    for name in ("mkdocs.yml", "mkdocs.en.yml"):  # the anchor has no listing pages to put in the nav
        config = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(config.replace("  - archive.md\n  - topics/index.md\n  - people/index.md\n"
                                                  "  - organisations/index.md\n  - sources/index.md\n", ""), encoding="utf-8")
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
        index = (site / "search/search_index.json").read_bytes()
        figures[f"search payload {lang} raw (KB)"] = round(len(index) / 1024)
        figures[f"search payload {lang} gzip (KB)"] = round(len(gzip.compress(index, 6)) / 1024)
    figures["peak memory of a process (MB)"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in figures.items()}


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
