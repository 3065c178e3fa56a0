"""Clocks: the app asks a clock for "now" so tests can fix the date."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Local wall time, without microseconds (they only add noise to a health diary)."""
    return datetime.now().replace(microsecond=0)


class FixedClock:
    """A clock that stands still until moved; used by tests, demo data and screenshots."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)


def monotonic() -> float:
    """Seconds from a clock that never jumps, so a changed wall clock cannot skew a timer."""
    return time.monotonic()
