"""Clocks: the app asks a clock for "now" so tests can fix the date.

"Now" is an aware datetime in the machine's zone with its fixed offset (see backtui.instants), so
it can be stored unambiguously and subtracted exactly across a daylight-saving change.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from backtui.instants import fixed

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Local time here, without microseconds (they only add noise to a health diary)."""
    return datetime.now().astimezone().replace(microsecond=0)


class FixedClock:
    """A clock that stands still until moved; used by tests, demo data and screenshots.

    It holds a UTC instant and answers in the machine's zone at each call, so a test that changes
    the zone (TZ) sees the same instant on another wall clock, as a traveller would. A naive start
    is a wall-clock time in the machine's zone.
    """

    def __init__(self, now: datetime) -> None:
        self.now = now

    @property
    def now(self) -> datetime:
        return self._instant.astimezone()

    @now.setter
    def now(self, value: datetime) -> None:
        self._instant = fixed(value).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move on by real elapsed time (so across a clock change the wall clock jumps)."""
        self._instant = self._instant + timedelta(**delta)


def monotonic() -> float:
    """Seconds from a clock that never jumps, so a changed wall clock cannot skew a timer."""
    return time.monotonic()
