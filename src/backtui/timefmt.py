"""Clock times as the person prefers them (config.toml's time_format: "24h" or "12h")."""

from __future__ import annotations

from datetime import datetime, time

_TWELVE_HOUR = False


def use_time_format(name: str) -> None:
    """Set once at start from the config; every screen and the report then follow it."""
    global _TWELVE_HOUR
    _TWELVE_HOUR = name == "12h"


def clock_time(moment: datetime | time) -> str:
    """'18:05' or '6:05 pm'."""
    if not _TWELVE_HOUR:
        return f"{moment:%H:%M}"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"
