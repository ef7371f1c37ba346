"""The one way the digest writes a file it must never leave half-written: into a temp file in the
same folder, flushed to disk, then moved over the target with os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replaced(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose bytes become `path` when the block ends without an error; on an error
    (or an interrupt) the temp file is removed and `path` is as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write text (as UTF-8) or bytes: never a half-written file."""
    with replaced(path) as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)
