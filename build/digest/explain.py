"""`digest explain SEED`: every line kept or removed with its rule, metadata evidence, summary
scores."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from digest.enrich.article import clean_seed
from digest.enrich.summarize import candidates, choose, eligibility
from digest.ingest import editorial, read
from digest.ingest.meta import extract, with_declared
from digest.model import DigestError


def explain(path: Path, root: Path) -> str:
    if not path.is_file():
        raise DigestError(
            str(path), "no such file", "pass the path of a seed, e.g. seeds/000_x.txt"
        )
    inside = path.resolve().is_relative_to(root.resolve())
    sidecar, _ = (
        editorial.read(path.resolve(), root.resolve()) if inside else (editorial.Editorial(), [])
    )
    seed = read.seed_from_bytes(
        path.read_bytes(), str(path), charset=sidecar.charset, url=sidecar.source_url
    )
    text = seed.text
    cleaned = clean_seed(seed)
    kind = "an HTML page; below, the article text trafilatura found in it" if seed.html else "text"
    out = [
        f"{path}: {seed.encoding}, {kind}, {len(text.splitlines())} lines",
        "",
        "Lines (+ kept, - removed) [rule; the model's probability of chrome and the features "
        "that weighed most]:",
    ]
    for v in cleaned.verdicts:
        judged = f" chrome {v.chrome:.2f}: {v.why}" if v.chrome >= 0 else ""
        out.append(
            f"  {v.number:4} {'+' if v.kept else '-'} [{v.rule}{judged}] "
            f"{v.text[:100]}{'…' if len(v.text) > 100 else ''}"
        )
    if not cleaned.paragraphs:
        out.append("\nNo article text left after cleaning.")
        return "\n".join(out)
    meta = with_declared(extract(cleaned), seed.declared)
    if seed.declared:
        out += ["", "What the page declares about itself (used when consistent with the page):"]
        out += [f"  {d.name}: {d.value}  ({d.where})" for d in seed.declared]
    out += ["", "Metadata:"]
    values = {
        "lang": meta.lang,
        "title": meta.title,
        "published": meta.published,
        "source": meta.source,
        "source_url": meta.source_url,
    }
    for name, where in meta.evidence:
        out.append(f"  {name}: {values.get(name)!s}  ({where})")
    if "source" not in dict(meta.evidence):
        out.append("  source: None  (no outlet header or copyright holder found)")
    if cleaned.credits:
        out.append(f"  credits: {'; '.join(cleaned.credits)}")
    title = (
        "" if meta.title_generated else meta.title
    )  # as the build summarises (enrich/article.py: make_article)
    cands = candidates(cleaned.summary_source, meta.lang, title)
    chosen = {c.index for c in choose(cands, meta.lang)}
    if sidecar.summary.get(meta.lang):
        out += [
            "",
            f"Summary (set in {editorial.sidecar_path(path).name}, the one the build uses):",
        ]
        out += [f"  * {sentence}" for sentence in sidecar.summary[meta.lang]]
        chosen = set()
        out += [
            "",
            "Generated summary sentences (not used: the sidecar sets the summary), score, and "
            "why a sentence may not be chosen:",
        ]
    else:
        out += ["", "Summary sentences (* chosen), score, and why a sentence may not be chosen:"]
    sentences_in = Counter(c.paragraph for c in cands)
    for c in cands:
        mark = "*" if c.index in chosen else " "
        eligible, why = eligibility(
            c.text, c.tokens, meta.lang, c.index == 0, sentences_in[c.paragraph] == 1
        )
        note = f"  [not eligible: {why}]" if not eligible else (f"  [{why}]" if why else "")
        out.append(f"  {mark} {c.score:.3f} {c.text[:90]}{'…' if len(c.text) > 90 else ''}{note}")
    return "\n".join(out)
