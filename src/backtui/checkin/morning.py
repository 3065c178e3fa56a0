"""The next-morning check-in: which morning follows a session, defined once.

After exercise, pain should have settled by the next morning (Silbernagel 2007, the
pain-monitoring model; clinical reference). "The next morning" is read after a night's sleep,
whatever the calendar says about midnight:

- the morning is the day of the first 04:00 local time after the session ended;
- its window runs from 04:00, or 4 hours after the session ended if that is later, until 13:00;
- the next-morning check-in is the first check-in in that window (one saved as "next morning" for
  the session wins over it).

So a session from 23:40 to 00:20 is followed by the morning of that same night (04:20 to 13:00),
and one that ended at 07:40 by the morning after. docs/progression.md explains the rule.

Plain datetime arithmetic only: `backtui status` imports this without loading Peewee.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from backtui.instants import at_local, fixed

MORNING_STARTS = time(4, 0)
MORNING_ENDS = time(13, 0)
AFTER_SESSION = timedelta(hours=4)


def morning_after(ended_at: datetime) -> date:
    """The local date of the first 04:00 after ``ended_at`` (in the zone where it ended)."""
    ended = fixed(ended_at)
    day = ended.date()
    if ended.time() >= MORNING_STARTS:
        day += timedelta(days=1)
    return day


def morning_window(ended_at: datetime) -> tuple[datetime, datetime]:
    """When the next-morning check-in for a session that ended at ``ended_at`` can be taken."""
    day = morning_after(ended_at)
    opens = max(at_local(day, MORNING_STARTS), fixed(ended_at) + AFTER_SESSION)
    return opens, at_local(day, MORNING_ENDS)


def in_morning_window(ended_at: datetime, moment: datetime) -> bool:
    opens, closes = morning_window(ended_at)
    return opens <= fixed(moment) < closes
