"""The one way the digest writes a file it must never leave half-written: into a temp file in the
same folder, flushed to disk, then moved over the target with os.replace.

A killed process never leaves a half-written file either way; flushing to disk (fsync) is for a
machine that loses power, and costs ~0.5 ms a file here. The cache skips it (`durable=False`): an
entry the machine lost is unreadable or an older entry of its own key, and is made anew or still
right."""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replaced(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary handle whose bytes become `path` when the block ends without an error; on an error
    (or an interrupt) the temp file is removed and `path` is as it was. `durable`: on disk before
    it is moved over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_TEMP_NUMBERS = itertools.count()


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temp file in `path`'s folder (`.name.pid.n.tmp`), readable as the user's umask says
    (tempfile.mkstemp makes it 0600 and costs several times as much)."""
    while True:
        tmp = str(path.with_name(f".{path.name}.{os.getpid()}.{next(_TEMP_NUMBERS)}.tmp"))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:  # left by a killed process that had the same pid
            continue


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write text (as UTF-8) or bytes: never a half-written file."""
    with replaced(path) as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


class BackgroundWrites:
    """atomic_write in a few threads, while the caller goes on making the next file: waiting for
    the disk (fsync releases the GIL) no longer holds up the work. Leaving the block waits for
    every write and raises the first that failed; at most `pending` contents are held at once."""

    def __init__(self, workers: int = 4, pending: int = 64) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="write")
        self._slots = threading.BoundedSemaphore(pending)
        self._futures: list = []

    def write(self, path: Path, content: str | bytes) -> None:
        self._slots.acquire()
        future = self._pool.submit(atomic_write, path, content)
        future.add_done_callback(lambda _: self._slots.release())
        self._futures.append(future)

    def __enter__(self) -> BackgroundWrites:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True)
        if exc[0] is None:
            for future in self._futures:
                future.result()  # the first write that failed raises here
