"""Local midnight in a running app: the day rolls over without a restart.

The app asks once a minute, and on each key, whether the local date has changed (a person may
leave backtui open overnight, or carry the laptop to another zone). When it has, the screen in
front hears ``NewDay`` and redraws "today"; screens behind redraw when they come back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from textual.message import Message

from backtui.instants import local_day

CHECK_EVERY_SECONDS = 60.0


class NewDay(Message):
    """The local date changed while the app was open."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today


class DayWatch:
    """Remembers today's local date and says when a new one has begun."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self.today = local_day(now())

    def changed(self) -> date | None:
        """The new date, once, when the local date differs from the one last seen."""
        today = local_day(self._now())
        if today == self.today:
            return None
        self.today = today
        return today
