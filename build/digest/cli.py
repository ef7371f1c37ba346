"""The `digest` command: argument parsing, messages and exit codes only.

Exit codes: 0 success; 1 problems in the content (a skipped seed under --strict, a failed
strict MkDocs build); 2 usage errors (unknown option, missing file or project).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from digest.model import DigestError
from digest.publish.site import ENGINES

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


MATERIAL_END_OF_LIFE = (
    "note: Material for MkDocs reaches end of life on 5 May 2027 (critical and security fixes until"
    " then); `digest build --engine zensical` builds the same site with its successor, Zensical"
    " (pip install -e '.[zensical]'; guide/site.md, Engines)"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest", description="Build the bilingual industrial-policy digest from seeds/."
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding seeds/, docs/ and mkdocs.yml (default: .)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", help="turn seeds/ into docs/ and build the site into site/ (no network)"
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 at the end when any seed was skipped or MkDocs warned",
    )
    build.add_argument(
        "--no-site", action="store_true", help="write docs/ only, skip the two MkDocs builds"
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help=(
            "build from scratch: neither read nor write .digest-cache/ (a folder of this run's "
            "own is used and deleted)"
        ),
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="build the offline edition (works from file://, no network) and zip it into dist/",
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="material",
        help="what builds the two sites: material (MkDocs + Material, the default) or zensical",
    )
    build.add_argument(
        "--force",
        action="append",
        default=[],
        metavar="PAGE",
        help=(
            "regenerate PAGE (path under docs/, e.g. en/articles/x.md) even if edited by hand; "
            "repeatable"
        ),
    )

    status = commands.add_parser(
        "status", help="list every seed with its language, title, date, summary and pages"
    )
    status.add_argument("--json", action="store_true", help="print a JSON array instead of a table")

    serve = commands.add_parser(
        "serve", help="build, then preview the site with live reload while you edit seeds"
    )
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    serve.add_argument(
        "--engine", choices=ENGINES, default="material", help="as for `digest build --engine`"
    )

    add = commands.add_parser(
        "add",
        help=(
            "add seeds: texts, saved HTML pages, or web addresses (the only command besides "
            "translate that uses the network)"
        ),
    )
    add.add_argument(
        "items",
        nargs="*",
        metavar="FILE|URL",
        help=(
            "a text or saved page in any supported encoding (- reads standard input), or an "
            "http(s):// address to fetch"
        ),
    )
    add.add_argument(
        "--list",
        type=Path,
        metavar="FILE",
        help="add every address in FILE (one per line; blank lines and # comments skipped)",
    )

    translate = commands.add_parser(
        "translate", help="machine-translate what is missing into the translation memory (network)"
    )
    translate.add_argument(
        "--provider",
        required=True,
        metavar="NAME",
        help="google, mymemory, libre, microsoft, yandex or deepl",
    )
    translate.add_argument(
        "--url",
        metavar="URL",
        help="the server's address (required for libre; overrides others' for self-hosted servers)",
    )
    translate.add_argument(
        "--api-key",
        metavar="KEY",
        help="the provider's key (or set DIGEST_TRANSLATOR_KEY); never written anywhere",
    )
    translate.add_argument(
        "--to", choices=("en", "ru"), help="only this target language (default: both directions)"
    )
    translate.add_argument(
        "--dry-run",
        action="store_true",
        help="print how many segments and characters would be sent; send nothing",
    )
    translate.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="deadline per request (default: 20)",
    )
    translate.add_argument(
        "--retries",
        type=int,
        default=4,
        metavar="N",
        help="retries per request on 429, 5xx, timeouts and dropped connections (default: 4)",
    )
    translate.add_argument(
        "--backoff",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="wait before the first retry, doubled each time (default: 0.5)",
    )
    translate.add_argument(
        "--jobs", type=int, default=2, metavar="N", help="requests in flight (default: 2)"
    )

    tm = commands.add_parser(
        "tm", help="export or import the translation memory as TMX 1.4 for CAT tools"
    )
    tm.add_argument(
        "action",
        choices=("export", "import"),
        help="export: write FILE; import: read reviewed segments as editorial",
    )
    tm.add_argument("tmx", type=Path, metavar="FILE.tmx", help="the TMX file")

    check = commands.add_parser(
        "check", help="run every quality gate and print a report (exit 1 when one fails)"
    )
    check.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="markdown: a report for a pull request",
    )

    summarize = commands.add_parser(
        "summarize", help="print the summary of text files, one sentence per line"
    )
    summarize.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="text files (seeds or any text)"
    )
    summarize.add_argument(
        "--jsonl",
        type=Path,
        metavar="IN",
        help=(
            'read lines {"id", "text", "lang"} from IN (- for stdin), write {"id", "summary"} lines'
        ),
    )
    summarize.add_argument(
        "--budget", type=int, default=None, metavar="WORDS", help="word budget (default: 60)"
    )

    explain = commands.add_parser(
        "explain",
        help="show why each line of a seed was kept or removed, and where metadata came from",
    )
    explain.add_argument("seed", type=Path, help="the seed file")
    return parser


def _print_build(report, strict: bool) -> int:
    for message in report.warnings:
        print(f"warning: {message}", file=sys.stderr)
    for page in report.sync.kept_edits:
        if page in report.sync.conflicts:
            print(
                f"warning: docs/{page}: edited by hand, and what it is generated from changed "
                "since; kept as it is: "
                f"merge the change by hand, or run `digest build --force {page}` to regenerate it",
                file=sys.stderr,
            )
        else:
            print(
                f"note: docs/{page}: edited by hand, kept as it is (`digest build --force "
                f"{page}` regenerates it)",
                file=sys.stderr,
            )
    for finding in report.findings:
        print(f"warning: {finding}", file=sys.stderr)
    print(report.line())
    if strict and (report.warnings or report.sync.conflicts or report.findings):
        print("error: --strict: the warnings above fail the build", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def cmd_build(args) -> int:
    import contextlib
    import os
    import tempfile

    from mkdocs.exceptions import Abort

    from digest.pipeline import build
    from digest.store.cache import ELSEWHERE

    with (
        tempfile.TemporaryDirectory(prefix="digest-no-cache-")
        if args.no_cache
        else contextlib.nullcontext() as elsewhere
    ):
        if elsewhere:
            os.environ[ELSEWHERE] = elsewhere  # read by this process and by every process it starts
        try:
            report = build(
                args.root,
                strict=args.strict,
                site=not args.no_site,
                force=frozenset(args.force),
                offline=args.offline,
                engine=args.engine,
            )
        except Abort as error:
            print(f"error: the site build failed: {error}", file=sys.stderr)
            return EXIT_CONTENT
        finally:
            os.environ.pop(ELSEWHERE, None)
    if args.engine == "material" and not args.no_site:
        print(MATERIAL_END_OF_LIFE, file=sys.stderr)
    return _print_build(report, args.strict)


def cmd_status(args) -> int:
    from digest.pipeline import status

    entries = status(args.root)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return EXIT_OK
    for e in entries:
        translations = ", ".join(f"{k}: {v}" for k, v in e["translations"].items())
        title = (e["title"] or "—") + (" (generated)" if e["title_generated"] else "")
        print(f"{e['seed']}  [{e['lang'] or '--'}]  {e['published'] or 'undated'}  {title}")
        if translations:
            print(f"    translations: {translations}")
        for warning in e["warnings"]:
            print(f"    warning: {warning}")
    return EXIT_OK


def cmd_serve(args) -> int:
    from digest.pipeline import build
    from digest.publish.site import serve

    def rebuild() -> None:
        try:
            _print_build(build(args.root, engine=args.engine), strict=False)
        except Exception as error:  # keep the preview alive while the editor fixes things
            print(f"error: {error}", file=sys.stderr)

    rebuild()
    print(
        f"serving on http://127.0.0.1:{args.port}/ (Russian) and "
        f"http://127.0.0.1:{args.port}/en/ (English); Ctrl-C stops"
    )
    serve(args.root, rebuild, port=args.port)
    return EXIT_OK


def cmd_explain(args) -> int:
    from digest.explain import explain

    seed = (
        args.seed
        if args.seed.is_absolute() or not (args.root / args.seed).is_file()
        else args.root / args.seed
    )  # seeds/x.txt of --root
    print(explain(seed, args.root))
    return EXIT_OK


def cmd_summarize(args) -> int:
    from digest.enrich.summarize import DEFAULT_WORD_BUDGET, summarize_text
    from digest.ingest.read import decode, normalize_text

    budget = args.budget or DEFAULT_WORD_BUDGET
    if bool(args.files) == bool(args.jsonl):
        print("error: give FILE arguments or --jsonl IN (one of the two)", file=sys.stderr)
        return EXIT_USAGE
    failed = False
    if args.jsonl:
        stream = sys.stdin if str(args.jsonl) == "-" else args.jsonl.open(encoding="utf-8")
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    summary = summarize_text(normalize_text(row["text"]), row.get("lang"), budget)
                except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
                    print(
                        f'error: {args.jsonl}:{number}: not a JSON object with a "text" string '
                        f"({error}); "
                        "fix the line",
                        file=sys.stderr,
                    )
                    failed = True
                    continue
                print(
                    json.dumps({"id": row.get("id"), "summary": list(summary)}, ensure_ascii=False)
                )
        return EXIT_CONTENT if failed else EXIT_OK
    for path in args.files:
        try:
            text, _ = decode(path.read_bytes(), str(path))
        except OSError as error:
            print(f"error: {path}: cannot read ({error.strerror}); check the path", file=sys.stderr)
            failed = True
            continue
        except DigestError as error:
            print(f"error: {error.message}", file=sys.stderr)
            failed = True
            continue
        if len(args.files) > 1:
            print(f"==> {path} <==")
        for sentence in summarize_text(text, None, budget):
            print(sentence)
    return EXIT_CONTENT if failed else EXIT_OK


def cmd_translate(args) -> int:
    import os

    from digest.collection import collect
    from digest.enrich import glossary
    from digest.translate.memory import MEMORY, Memory
    from digest.translate.providers import Provider, Run, execute, plan, progress_bar

    key = args.api_key or os.environ.get("DIGEST_TRANSLATOR_KEY") or None
    provider = Provider(args.provider, api_key=key, url=args.url, timeout=args.timeout)
    outcome = collect(args.root)
    memory = Memory(args.root / MEMORY)
    targets = (args.to,) if args.to else ("en", "ru")
    jobs = plan(outcome.articles, memory, targets)
    if args.dry_run:
        for target in targets:
            mine = [j for j in jobs if j.target_lang == target]
            print(
                f"into {target}: {len(mine)} segments, {sum(len(j.segment) for j in mine):,} "
                f"characters would be sent to {args.provider}"
            )
        if memory.recovered:
            print(
                f"({memory.recovered} segments recovered from an interrupted run are already "
                "counted as done)"
            )
        return EXIT_OK
    run = Run(
        provider,
        retries=args.retries,
        backoff=args.backoff,
        jobs=args.jobs,
        terms=glossary.load(args.root / glossary.GAZETTEER),
    )
    try:
        result = execute(run, jobs, memory, progress_bar())
    finally:
        memory.save()  # everything finished so far is kept, whatever happened
    for failure in result.failures:
        print(f"error: {failure}", file=sys.stderr)
    print(
        f"{result.translated} of {len(jobs)} segments translated by {args.provider} "
        f"({result.characters:,} characters, {result.requests} requests); {len(result.failures)} "
        "failed" + (f", {result.not_attempted} not attempted" if result.not_attempted else "")
    )
    if result.stopped:
        print(
            f"stopped: {result.stopped}. Everything translated so far is kept; run again later.",
            file=sys.stderr,
        )
    return EXIT_CONTENT if result.failures or result.not_attempted else EXIT_OK


def cmd_tm(args) -> int:
    from digest.model import LANGS
    from digest.translate.memory import MEMORY, Memory, export_tmx, import_tmx

    memory = Memory(args.root / MEMORY)
    if args.action == "export":
        print(f"wrote {export_tmx(memory, args.tmx)} segments to {args.tmx}")
        return EXIT_OK
    if not args.tmx.is_file():
        print(
            f"error: {args.tmx}: no such file; pass a TMX file exported by `digest tm export`",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        count = import_tmx(memory, args.tmx, LANGS)
    finally:
        memory.save()
    print(
        f"imported {count} reviewed segments from {args.tmx} as editorial translations; run "
        "`digest build`"
    )
    return EXIT_OK


def cmd_check(args) -> int:
    from digest.model import ERROR
    from digest.pipeline import check

    findings = check(args.root)
    errors = [f for f in findings if f.severity == ERROR]
    counts = f"{len(errors)} failed, {len(findings) - len(errors)} notices"
    if args.format == "markdown":
        print("### Digest quality gates\n")
        print(("**Failed:** " if errors else "**All gates pass.** ") + counts + "\n")
        if findings:
            print("| | gate | where | what to do |\n|---|---|---|---|")
            for f in sorted(findings, key=lambda f: (f.severity != ERROR, f.gate, f.path)):
                mark = "❌" if f.severity == ERROR else "ℹ️"
                print(f"| {mark} | {f.gate} | `{f.path}` | {f.advice.replace('|', '/')} |")
    else:
        for f in sorted(findings, key=lambda f: (f.severity != ERROR, f.gate, f.path)):
            print(f"{f.severity:<7} {f.gate:<12} {f.path}: {f.advice}")
        print(counts)
    return EXIT_CONTENT if errors else EXIT_OK


def _describe(added) -> list[str]:
    meta, root_name = added.article.meta, added.seed.parent.parent
    rel = added.seed.relative_to(root_name).as_posix()
    kind = (
        f"HTML page from {added.url}"
        if added.url and added.seed.suffix == ".html"
        else (
            "saved HTML page, kept as it is"
            if added.seed.suffix == ".html"
            else f"from {added.encoding}, now UTF-8"
        )
    )
    out = [
        f"added {rel} ({kind}) and its sidecar "
        f"{added.seed.with_suffix('.yml').relative_to(root_name).as_posix()}",
        f"  language:  {meta.lang}",
        f"  title:     {meta.title}"
        + (
            "  (generated: the text has no headline; set `title` in the sidecar)"
            if meta.title_generated
            else ""
        ),
        "  published: "
        + (meta.published or "not stated (set `published` in the sidecar if you know it)"),
        f"  source:    {meta.source or 'not named (set `source` and `source_url` in the sidecar)'}",
    ]
    if meta.source_url:
        out.append(f"  address:   {meta.source_url}")
    if added.redirects:
        moved = urlsplit(added.redirects[-1]).hostname != urlsplit(added.requested or "").hostname
        out.append(
            f"  fetched:   {' -> '.join((added.requested or '', *added.redirects))}"
            + ("  (another host)" if moved else "")
        )
    out.append(f"  summary:   {' '.join(added.article.summary)}")
    out += [f"  warning:   {warning}" for warning in added.article.warnings]
    return out


def _is_address(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def cmd_add(args) -> int:
    import datetime as dt

    from digest.ingest.add import add_seed

    today = dt.date.today()
    if args.list is not None:
        if args.items:
            print(
                "error: pass addresses either on the command line or with --list, not both",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if not args.list.is_file():
            print(
                f"error: {args.list}: no such file; write one address per line in it",
                file=sys.stderr,
            )
            return EXIT_USAGE
        addresses = [
            line.strip() for line in args.list.read_text(encoding="utf-8-sig").splitlines()
        ]
        return _add_many(args.root, [a for a in addresses if a and not a.startswith("#")], today)
    if not args.items:
        print(
            "error: pass a file, - for standard input, or a web address (or --list FILE)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if all(_is_address(item) for item in args.items):
        return (
            _add_many(args.root, args.items, today)
            if len(args.items) > 1
            else _add_one_url(args.root, args.items[0], today)
        )
    if len(args.items) > 1:
        print("error: add one file at a time, or several web addresses", file=sys.stderr)
        return EXIT_USAGE
    item = args.items[0]
    if item == "-":
        data, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        path = Path(item)
        if not path.is_file():
            print(
                f"error: {path}: no such file; pass the path of a text or saved HTML page, - for "
                "standard input, "
                "or a web address starting with https://",
                file=sys.stderr,
            )
            return EXIT_USAGE
        data, name = path.read_bytes(), str(path)
    print("\n".join(_describe(add_seed(args.root, data, name, today))))
    print("run `digest build` to publish it")
    return EXIT_OK


def _add_one_url(root: Path, url: str, today) -> int:
    from digest.ingest.add import add_url

    print(f"fetching {url}", flush=True)
    print("\n".join(_describe(add_url(root, url, today))))
    print("run `digest build` to publish it")
    return EXIT_OK


def _add_many(root: Path, addresses: list[str], today) -> int:
    """Each address in turn with progress (a bar on a terminal, a line each otherwise), then a
    summary."""
    from digest.ingest.add import AlreadyAdded, add_url

    added: list = []
    present: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    bar = sys.stdout.isatty()
    for number, url in enumerate(addresses, 1):
        if bar:
            done = int(30 * (number - 1) / len(addresses))
            print(
                f"\r[{'#' * done}{'.' * (30 - done)}] {number - 1}/{len(addresses)} {url[:60]:<60}",
                end="",
                flush=True,
            )
        try:
            result = add_url(root, url, today)
        except AlreadyAdded as error:
            present.append((url, error.problem))
            outcome = error.problem
        except DigestError as error:
            failed.append((url, error.problem))
            outcome = f"failed: {error.problem}"
        else:
            added.append(result)
            outcome = f"added {result.seed.name}: {result.article.meta.title}"
        if not bar:
            print(f"[{number}/{len(addresses)}] {url}: {outcome}", flush=True)
    if bar:
        print(f"\r[{'#' * 30}] {len(addresses)}/{len(addresses)}{' ' * 62}")
    print(f"{len(added)} added, {len(present)} already in the digest, {len(failed)} failed")
    for result in added:
        print(f"  added   {result.seed.name}  {result.article.meta.title}")
    for url, why in present:
        print(f"  present {url}: {why}")
    for url, why in failed:
        print(f"  failed  {url}: {why}")
    if added:
        print("run `digest build` to publish them")
    return EXIT_CONTENT if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not (args.root / "mkdocs.yml").is_file() and args.command not in ("explain", "summarize"):
        print(
            f"error: {args.root}/mkdocs.yml not found; run digest in the project folder or pass "
            "--root",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        if args.command in ("build", "translate", "add", "tm", "serve"):
            from digest.store.lock import project_lock

            with project_lock(args.root):
                return COMMANDS[args.command](args)
        return COMMANDS[args.command](args)
    except DigestError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_CONTENT


COMMANDS = {
    "check": cmd_check,
    "build": cmd_build,
    "status": cmd_status,
    "serve": cmd_serve,
    "explain": cmd_explain,
    "summarize": cmd_summarize,
    "add": cmd_add,
    "translate": cmd_translate,
    "tm": cmd_tm,
}

if __name__ == "__main__":
    sys.exit(main())
