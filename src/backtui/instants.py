"""Instants: when something happened, kept so that no clock change can misplace it.

Every stored time is ISO 8601 local time with the UTC offset in force where and when it happened,
for example ``2026-03-29T01:30:00+00:00``. The offset fixes the UTC instant exactly, and the local
part keeps the day and the hour the person lived. So:

- a duration is the difference of two instants: daylight saving cannot bend it;
- the day of anything is the local date where it happened (``local_day``), one rule everywhere;
- "today", midnight and the weekday plan follow the machine's zone now (``start_of_day``);
- a time without an offset (a record made before offsets were kept, or a hand-written import) is
  read in the machine's current zone.

In Python every instant is an aware datetime with a fixed offset (``datetime.timezone``): two of
them subtract and compare by their UTC instants. Zone objects (``zoneinfo``) are turned into fixed
offsets first, because Python subtracts two times sharing one zone object by their wall clocks.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone


def fixed(moment: datetime) -> datetime:
    """``moment`` as an aware datetime with a fixed offset; a naive one is read in the machine's
    current zone."""
    if moment.tzinfo is None:
        return moment.astimezone()
    if isinstance(moment.tzinfo, timezone):
        return moment
    offset = moment.utcoffset()
    assert offset is not None
    return moment.replace(tzinfo=timezone(offset, moment.tzname()))


def here(moment: datetime) -> datetime:
    """The same instant in the machine's zone now (for "today" and clock faces)."""
    return fixed(moment).astimezone()


def to_text(moment: datetime) -> str:
    """The stored form: ``2026-12-01T15:20:21+01:00`` (microseconds only when there are any)."""
    return fixed(moment).isoformat()


def from_text(text: str) -> datetime:
    """An instant from its stored or exported form; without an offset it is local time here."""
    return fixed(datetime.fromisoformat(text.strip()))


def local_day(moment: datetime) -> date:
    """The one rule for which day something belongs to: the local date where it happened.

    A session belongs to the day it started (``local_day(session.started_at)``), in the Plan,
    History, streaks, adherence, progression and the report alike.
    """
    return fixed(moment).date()


def start_of_day(day: date) -> datetime:
    """Local midnight at the start of ``day``, in the machine's zone."""
    return datetime.combine(day, time()).astimezone()


def at_local(day: date, clock: time) -> datetime:
    """``day`` at a local wall-clock time in the machine's zone."""
    return datetime.combine(day, clock).astimezone()


def shown_zone(moment: datetime) -> str:
    """Empty when ``moment`` was recorded in the zone the machine is in now, else its offset
    ("UTC-05:00").

    Times are shown in the local time where they happened; this marks the ones from elsewhere.
    A summer evening at home is not marked in winter: the zone here had the same offset then.
    """
    offset = fixed(moment).utcoffset()
    if offset == here(moment).utcoffset():
        return ""
    return "UTC" + _offset_text(offset or timedelta(0))


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


# --- SQL over stored instants ---------------------------------------------------------------------
# The stored text starts with the local date, so a local day or a range of local days is a prefix
# or a text range, and SQLite's index on the column serves it. (SQLite's own date() would turn the
# text into a UTC date, which is not the day the person lived.)


def local_date_sql(column: str) -> str:
    """SQL for the local date (YYYY-MM-DD) of a stored instant."""
    return f"substr({column}, 1, 10)"


def local_month_sql(column: str) -> str:
    """SQL for the first day of the local month of a stored instant."""
    return f"substr({column}, 1, 7) || '-01'"


def day_range(first: date, last: date) -> tuple[str, str]:
    """Text bounds selecting instants whose local date lies in ``first`` … ``last``:
    ``column >= low AND column < high``."""
    return first.isoformat(), (last + timedelta(days=1)).isoformat()
