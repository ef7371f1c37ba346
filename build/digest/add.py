"""`digest add FILE`: bring a new text into seeds/ as UTF-8 under a stable name, with its date added."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from . import read
from .editorial import sidecar_path
from .model import DigestError, Seed
from .pipeline import make_article
from .write import atomic_write


def seed_name(text: str, existing: list[Path]) -> str:
    """`NNN_<16 hex of the text's hash>.txt`: the next number, and a name that says what the text is."""
    numbers = [int(m.group(1)) for p in existing if (m := re.match(r"^(\d+)_", p.name))]
    number = max(numbers, default=-1) + 1
    return f"{number:03d}_{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt"


def add_seed(root: Path, data: bytes, source_name: str, today: dt.date):
    """Write the seed and its sidecar; returns (seed path, article). Refuses duplicates and empty texts."""
    text, encoding = read.decode(data, source_name)
    seeds_dir = root / "seeds"
    existing = read.discover(seeds_dir)
    for path in existing:
        try:
            other, _ = read.decode(path.read_bytes(), path.name)
        except DigestError:
            continue
        if other.strip() == text.strip():
            raise DigestError(source_name, f"already in the digest as seeds/{path.name}", "nothing to add")
    name = seed_name(text, existing)
    rel = f"seeds/{name}"
    payload = text if text.endswith("\n") else text + "\n"
    article = make_article(Seed(path=rel, sha256=hashlib.sha256(payload.encode()).hexdigest(), encoding=encoding, text=payload))
    target = seeds_dir / name
    atomic_write(target, payload)
    atomic_write(sidecar_path(target), f"# Editorial fields for {name}: see README.md, \"For editors\".\nadded: {today.isoformat()}\n")
    return target, article, encoding
