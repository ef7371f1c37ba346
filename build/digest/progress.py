"""I/O edge: where a long build is, on standard error (standard output keeps the last line's
figures).

On a terminal a phase shows one live line ("seeds: 812/2000") once it has run for a second, and
clears it when done. Elsewhere (CI logs) a large phase prints a plain line when it starts and one
when it ends; small builds print nothing, so their output stays the one line of figures.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
LIVE_AFTER = 1.0  # seconds before a live line appears


class Phase:
    def __init__(self, name: str, total: int | None = None, large: bool = False, stream=None):
        self.name, self.total, self.large = name, total, large
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.shown = 0  # width of the live line on screen
        self.drawn = 0.0  # when it was last drawn: ten times a second at most
        if large and not self.live:
            self._line(f"digest: {name}" + (f": {total}" if total is not None else "") + " …")

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def advance(self, done: int) -> None:
        now = time.monotonic()
        if not self.live or now - self.started < LIVE_AFTER or now - self.drawn < 0.1:
            return
        self.drawn = now
        text = f"{self.name}: {done}" + (f"/{self.total}" if self.total is not None else "")
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown = max(self.shown, len(text))

    def end(self, note: str = "") -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
        if self.large and not self.live:
            self._line(
                f"digest: {self.name}: done in {time.monotonic() - self.started:.1f} s"
                + (f" ({note})" if note else "")
            )

    def __enter__(self) -> Phase:
        if self.live and self.large:  # a phase with no counter shows its name while it runs
            self.stream.write(f"{self.name} …")
            self.stream.flush()
            self.shown = len(self.name) + 2
        return self

    def __exit__(self, *exc) -> None:
        self.end()


def counted(items: Iterable[T], phase: Phase) -> Iterator[T]:
    """The items, advancing the phase by one with each."""
    for done, item in enumerate(items, 1):
        phase.advance(done)
        yield item
