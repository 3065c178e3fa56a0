"""`backtui calendar`: the weekly plan as an iCalendar file, one weekly event per planned weekday.

Each event repeats every week on its day (RRULE BYDAY), starts at the [reminders] "after" time
and carries an alarm. Its UID comes from the weekday, so importing a newer file updates the events
instead of adding copies. The file is written through a private temporary file (safe_output).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from backtui.outside.readonly import open_read_only
from backtui.plan.dose import Dose, estimate_minutes
from backtui.record.export import safe_output

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UID_DOMAIN = "backtui.local"
PRODID = "-//backtui//weekly plan//EN"


class CalendarError(Exception):
    """Why no calendar could be written, in one line."""


def plan_by_weekday(connection: sqlite3.Connection) -> dict[int, list[tuple[str, Dose]]]:
    """Each weekday's planned exercises (name and dose) in plan order; empty days left out."""
    rows = connection.execute(
        "SELECT e.name, e.dose_type, e.per_side, p.sets, p.reps, p.hold_seconds, p.minutes, "
        "p.weekdays FROM planitem p JOIN exercise e ON e.id = p.exercise_id "
        "WHERE p.active = 1 ORDER BY p.position, p.id"
    ).fetchall()
    days: dict[int, list[tuple[str, Dose]]] = {}
    for name, dose_type, per_side, sets, reps, hold, minutes, weekdays in rows:
        dose = Dose(dose_type, sets, reps, hold, minutes, bool(per_side))
        for day in (int(d) for d in weekdays.split(",") if d.strip()):
            days.setdefault(day, []).append((name, dose))
    return dict(sorted(days.items()))


def uid_for(weekday: int) -> str:
    """Stable per weekday: a re-import replaces that day's event rather than doubling it."""
    return f"plan-{DAY_NAMES[weekday]}@{UID_DOMAIN}"


def _first_on_or_after(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _event(
    weekday: int,
    items: list[tuple[str, Dose]],
    first: date,
    at: time,
    until: datetime | None,
    now: datetime,
) -> Event:
    minutes = max(5, estimate_minutes([dose for _, dose in items]))
    count = len(items)
    summary = f"Back exercises: {count} exercise{'s' if count != 1 else ''}, about {minutes} min"
    lines = [f"{name}: {dose.label()}" for name, dose in items]
    event = Event()
    event.add("uid", uid_for(weekday))
    event.add("dtstamp", now.astimezone(UTC))  # RFC 5545: DTSTAMP is in UTC
    event.add("summary", summary)
    event.add("description", "\n".join([*lines, "", "Start with: backtui"]))
    event.add("dtstart", datetime.combine(first, at))
    event.add("duration", timedelta(minutes=minutes))
    rule = {"freq": "weekly", "byday": DAY_CODES[weekday]}
    if until is not None:
        rule["until"] = until
    event.add("rrule", rule)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def build_calendar(
    plan: dict[int, list[tuple[str, Dose]]], now: datetime, at: time, days: int | None = None
) -> Calendar:
    """The plan as weekly events from today; ``days`` ends the repeats that many days ahead."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "backtui plan")
    until = None
    if days is not None:
        until = datetime.combine(now.date() + timedelta(days=days - 1), time(23, 59, 59))
    for weekday, items in plan.items():
        first = _first_on_or_after(now.date(), weekday)
        if until is not None and first > until.date():
            continue
        calendar.add_component(_event(weekday, items, first, at, until, now))
    return calendar


def write_calendar(
    db_path: Path,
    output: Path | None,
    now: datetime,
    at: time,
    *,
    days: int | None = None,
    force: bool = False,
) -> int:
    """Write the calendar to ``output`` (None: standard output); returns how many events."""
    if days is not None and days < 1:
        raise CalendarError("--days must be a whole number of days, 1 or more.")
    connection = open_read_only(db_path)
    try:
        plan = plan_by_weekday(connection)
    finally:
        connection.close()
    if not plan:
        raise CalendarError("there are no exercises in your plan yet: open backtui to choose some.")
    calendar = build_calendar(plan, now, at, days)
    with safe_output(output, force=force) as handle:
        handle.write(calendar.to_ical().decode("utf-8"))
    return len(calendar.walk("VEVENT"))
