"""I/O edge: the build cache in .digest-cache/ (gitignored; deleting it only costs time).

Two layers, both keyed by content hashes, never by time stamps:
- one entry per seed: what the pipeline made of it (article, translations, version records),
  keyed by the seed's bytes, its sidecar's bytes, the shared inputs (topics, gazetteer,
  translation memory) and the pipeline's own code, so editing one seed re-processes that seed;
- one entry per run: the whole outcome and the quality findings, keyed by all of the above,
  plus the size and mtime of every file under docs/ as the last build left it, so a build
  with nothing changed does no pipeline work beyond hashing and writes nothing.

A cache file that cannot be read is ignored and rewritten: the cache never fails a build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from digest.store.files import replaced

FOLDER = Path(".digest-cache")
FORMAT = b"digest-cache 2"
# What reading a missing, truncated or foreign cache file raises: the value is made anew and the
# file overwritten. Anything else (a bug of ours) is raised.
UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    zlib.error,
    AttributeError,  # a class the file names is gone or renamed
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)
# set by `digest build --no-cache` to a folder of its own that is deleted afterwards
ELSEWHERE = "DIGEST_CACHE_DIR"


EXTRACTORS = ("trafilatura", "htmldate", "lxml", "charset-normalizer")


def packed_text(text: str) -> bytes:
    """Text held compressed in memory (zlib's fastest level, about a third of the size)."""
    return zlib.compress(text.encode(), 1)


def unpacked_text(packed: bytes) -> str:
    return zlib.decompress(packed).decode()


def folder(root: Path) -> Path:
    """Where everything kept between builds lives: .digest-cache/ in the project, unless the run
    said otherwise."""
    return Path(os.environ[ELSEWHERE]) if os.environ.get(ELSEWHERE) else root / FOLDER


def package_versions(*packages: str) -> list[str]:
    """`name==version` of each installed package ("name missing" otherwise): part of a key when they
    change a result."""
    found = []
    for package in packages:
        try:
            found.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} missing")
    return found


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the pipeline's source: a changed rule invalidates everything it made."""
    package = Path(__file__).parent.parent
    digest = hashlib.sha256(FORMAT)
    for path in sorted(
        p for p in package.rglob("*") if p.suffix in (".py", ".json")
    ):  # the cleaner's weights too
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for version in package_versions(
        *EXTRACTORS
    ):  # what HTML seeds are read with: another version may read a page differently
        digest.update(version.encode())
    return digest.hexdigest()


def file_hash(*paths: Path) -> str:
    """Hash of the files' bytes (a missing file hashes as absent, not as empty)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() if path.is_file() else b"\0absent\0")
        digest.update(b"\0\0")
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode()))
    return digest.hexdigest()


def tree_signature(folder: Path) -> str:
    """Every file under `folder` with its size and mtime: what a hand edit or a deletion changes."""
    entries: list[str] = []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    stat = entry.stat(follow_symlinks=False)
                    entries.append(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}")

    if folder.is_dir():
        walk(str(folder), "")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


class Cache:
    def __init__(self, root: Path):
        self.folder = folder(root)
        self.used: set[str] = set()

    def entry(self, name: str) -> Path:
        """The file of a seed key's entry (written with write_values)."""
        return self.folder / "seeds" / name[:2] / f"{name}.pickle"

    def load(self, name: str):
        """The value stored under a seed key, or None."""
        self.used.add(name)
        return read_value(self.entry(name))

    def prune(self) -> int:
        """Delete seed entries this run did not use (seeds deleted or changed since)."""
        removed = 0
        for path in (self.folder / "seeds").glob("*/*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def load_run(self, name: str):
        """The run entry stored under `name`, or None; another run's entry is not even unpickled."""
        try:
            with open(self.folder / "run.pickle", "rb") as handle:
                if handle.read(len(FORMAT)) != FORMAT or pickle.load(handle) != name:
                    return None
                return pickle.load(handle)
        except UNREADABLE:
            return None

    def store_run(self, name: str, value) -> None:
        write_values(self.folder / "run.pickle", name, value)

    def load_markdown(self) -> dict[str, Any]:
        """A hash of each page the last run rendered, by the key of what it was drawn from
        (listings.Rendered)."""
        found = read_value(self.folder / "markdown.pickle")
        return found if isinstance(found, dict) else {}

    def store_markdown(self, pages: dict[str, Any]) -> None:
        write_values(self.folder / "markdown.pickle", pages)


def read_value(path: Path):
    """The first value a cache file holds, or None when it is missing, truncated or foreign."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(FORMAT)) != FORMAT:
                return None
            return pickle.load(handle)
    except UNREADABLE:
        return None


def write_values(path: Path, *values) -> None:
    """A cache file holding `values`, replaced whole (never half-written; not flushed to disk, see
    store/files.py)."""
    with replaced(path, durable=False) as handle:
        handle.write(FORMAT)
        for value in values:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
