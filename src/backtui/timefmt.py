"""Clock times as the person prefers them (config.toml's time_format: "24h" or "12h").

The format is a parameter, not a module setting: the app keeps the person's choice and passes it,
and so does the command line, so two apps (or tests) in one process never share it.
"""

from __future__ import annotations

from datetime import datetime, time


def clock_time(moment: datetime | time, time_format: str = "24h") -> str:
    """'18:05' or '6:05 pm'."""
    if time_format != "12h":
        return f"{moment:%H:%M}"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"
