"""Build progress (issue 21): live on a terminal, plain phase lines in logs, nothing for small builds."""

from __future__ import annotations

import io
import time

from digest import progress
from digest.progress import Phase, counted


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a console does (pytest's own streams are not)."""

    def isatty(self) -> bool:
        return True


def test_a_large_phase_in_a_log_prints_a_line_when_it_starts_and_when_it_ends():
    log = io.StringIO()
    phase = Phase("seeds", 3, large=True, stream=log)
    assert list(counted([1, 2, 3], phase)) == [1, 2, 3]
    phase.end("3 processed")
    lines = log.getvalue().splitlines()
    assert lines[0] == "digest: seeds: 3 …"
    assert lines[1].startswith("digest: seeds: done in ") and lines[1].endswith(" s (3 processed)")
    assert "\r" not in log.getvalue()


def test_a_small_phase_in_a_log_prints_nothing():
    log = io.StringIO()
    with Phase("sites", large=False, stream=log):
        pass
    phase = Phase("seeds", 2, stream=log)
    list(counted([1, 2], phase))
    phase.end()
    assert log.getvalue() == ""


def test_on_a_terminal_the_count_is_live_after_a_second_and_cleared_at_the_end(monkeypatch):
    monkeypatch.setattr(progress, "LIVE_AFTER", 0.0)
    screen = Terminal()
    phase = Phase("pages of docs/", stream=screen)
    for _ in counted(range(3), phase):
        time.sleep(0.11)  # the line is drawn ten times a second at most
    phase.end()
    text = screen.getvalue()
    assert "\rpages of docs/: 1" in text and "\rpages of docs/: 3" in text
    assert text.endswith("\r"), "the live line is wiped, so the figures line prints on a clean line"
    assert "\n" not in text


def test_a_fast_phase_on_a_terminal_shows_nothing():
    screen = Terminal()
    phase = Phase("seeds", 100, stream=screen)
    list(counted(range(100), phase))
    phase.end()
    assert screen.getvalue() == ""
