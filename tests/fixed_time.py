"""The tests' fixed "now" and zone, importable from any test folder (each has its own conftest).

Every test runs in a real zone with daylight saving (Europe/London), whatever the machine's own
zone, so the suite means the same everywhere; tests of other zones change TZ themselves
(``in_zone``). Subprocesses inherit it.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from datetime import datetime

TEST_ZONE = "Europe/London"
os.environ["TZ"] = TEST_ZONE
time.tzset()


def at(*parts: int) -> datetime:
    """A wall-clock time in the machine's zone now, as the app's clock gives it (aware)."""
    return datetime(*parts).astimezone()


@contextmanager
def in_zone(zone: str):
    """Run the block with the machine's zone set to ``zone`` (an IANA name)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        os.environ["TZ"] = before or TEST_ZONE
        time.tzset()


# Wednesday 2026-11-25, 09:00: a fixed "now" for every test that does not set its own.
FIXED_NOW = at(2026, 11, 25, 9, 0, 0)
