"""Today's facts for `backtui status` and `backtui remind`, read with a few indexed queries.

The rules are the app's own, written as SQL over a read-only connection (see readonly.py for why
not Peewee); tests check each against the module that owns it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import namedtuple
from datetime import date, datetime, timedelta

from backtui.checkin.morning import in_morning_window, morning_window
from backtui.history.weeks import current_streak, week_sql_for, week_start
from backtui.instants import from_text, local_day

# As in backtui.plan.weekly and backtui.checkin.checkins: a session the person did counts, whether
# finished or stopped early (stopping for a warning sign is right, not a failure).
DONE = "status IN ('completed', 'ended_early')"
DEFAULT_WEEKLY_TARGET = 3  # backtui.plan.weekly.DEFAULT_WEEKLY_TARGET
STREAK_WEEKS = 26  # how far back the streak is first looked for (recent_weeks)
# Open red-flag holds (backtui.checkin.holds), read without loading Peewee.
HOLD_TABLE = "redflaghold"  # backtui.db.models.RedFlagHold; a test keeps the two in step
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Facts(
    namedtuple(
        "Facts",
        "today planned_today has_plan done_today this_week weekly_target streak_weeks "
        "morning_checkin_due on_hold",
    )
):
    """Today's facts. A named tuple rather than a dataclass: importing dataclasses (and inspect)
    would add about a fifth to the status line's time.

    today: the date; planned_today: exercises in today's plan; has_plan: any exercise planned on
    any day; done_today: a session done (completed or ended early) that started today;
    this_week: sessions done this week; weekly_target; streak_weeks; morning_checkin_due;
    on_hold: exercise is on hold after a warning sign.
    """

    __slots__ = ()

    def as_dict(self) -> dict:
        data = self._asdict()
        data["today"] = self.today.isoformat()
        return data


def _setting(connection: sqlite3.Connection, key: str, default=None):
    row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    if row is None or row[0] is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


def on_hold(connection: sqlite3.Connection) -> bool:
    """True while exercise is on hold after a warning sign.

    The one place `status` and `remind` ask; it mirrors checkin.holds.active_hold(): a hold is
    open until a clinician clears it or the person withdraws it.
    """
    row = connection.execute(
        f'SELECT 1 FROM "{HOLD_TABLE}" WHERE "ended_at" IS NULL LIMIT 1'  # noqa: S608 (a constant)
    ).fetchone()
    return row is not None


def _week_start_day(connection: sqlite3.Connection) -> int:
    value = _setting(connection, "week_start", 0)  # as backtui.plan.weekly.week_start_day
    if isinstance(value, str):
        return DAY_NAMES.index(value.lower()) if value.lower() in DAY_NAMES else 0
    return value if isinstance(value, int) and 0 <= value <= 6 else 0


def _weekly_target(connection: sqlite3.Connection) -> int:
    value = _setting(connection, "weekly_target", DEFAULT_WEEKLY_TARGET)
    return value if isinstance(value, int) and 1 <= value <= 7 else DEFAULT_WEEKLY_TARGET


def planned_weekdays(connection: sqlite3.Connection) -> list[list[int]]:
    """Each active plan item's weekdays (Monday = 0)."""
    rows = connection.execute("SELECT weekdays FROM planitem WHERE active = 1").fetchall()
    return [[int(day) for day in text.split(",") if day.strip()] for (text,) in rows]


def _weeks(connection: sqlite3.Connection, start_day: int, since: date) -> dict[date, int]:
    """Sessions done in each week from ``since`` (a week's first day) on."""
    key = week_sql_for("started_at", start_day)
    rows = connection.execute(
        f"SELECT {key} AS w, count(*) FROM session WHERE {DONE} AND started_at >= ? GROUP BY w",
        (since.isoformat(),),
    ).fetchall()
    return {date.fromisoformat(week): count for week, count in rows}


def recent_weeks(
    connection: sqlite3.Connection, today: date, start_day: int, target: int
) -> tuple[dict[date, int], int]:
    """The weeks back far enough to hold the streak's start, and the streak.

    First the last STREAK_WEEKS weeks, then four times as far back each time the streak reaches
    the oldest week read, so that a status line at thirty years reads about what it reads at one.
    """
    this_week = week_start(today, start_day)
    span = STREAK_WEEKS
    while True:
        weeks = _weeks(connection, start_day, this_week - timedelta(weeks=span))
        streak = current_streak(weeks, target, today, start_day)
        if streak < span:  # the week that ended it was read
            return weeks, streak
        span *= 4


def morning_checkin_due(connection: sqlite3.Connection, now: datetime) -> bool:
    """The next-morning check-in rule of backtui.checkin.checkins.next_morning_session."""
    rows = connection.execute(
        f"SELECT id, started_at, coalesce(ended_at, started_at) FROM session WHERE {DONE} "
        "AND started_at >= ? ORDER BY started_at DESC, id DESC",
        ((local_day(now) - timedelta(days=3)).isoformat(),),
    ).fetchall()
    sessions = sorted(rows, key=lambda row: from_text(row[1]), reverse=True)
    for session_id, _started, ended_text in sessions:
        ended = from_text(ended_text)
        if not in_morning_window(ended, now):
            continue
        opens, _closes = morning_window(ended)
        answered = connection.execute(
            "SELECT 1 FROM checkin WHERE session_id = ? AND moment = 'next_morning' LIMIT 1",
            (session_id,),
        ).fetchone()
        nearby = connection.execute(
            "SELECT at FROM checkin WHERE at >= ? AND at < ?",
            (
                (local_day(opens) - timedelta(days=1)).isoformat(),
                (local_day(now) + timedelta(days=2)).isoformat(),
            ),
        ).fetchall()
        checked_in = any(opens <= from_text(at) <= now for (at,) in nearby)
        return answered is None and not checked_in
    return False


def read_facts(connection: sqlite3.Connection, now: datetime) -> Facts:
    today = local_day(now)
    start_day = _week_start_day(connection)
    target = _weekly_target(connection)
    weeks, streak = recent_weeks(connection, today, start_day, target)
    plans = planned_weekdays(connection)
    done_today = connection.execute(
        f"SELECT 1 FROM session WHERE {DONE} AND started_at >= ? AND started_at < ? LIMIT 1",
        (today.isoformat(), (today + timedelta(days=1)).isoformat()),
    ).fetchone()
    return Facts(
        today=today,
        planned_today=sum(1 for days in plans if today.weekday() in days),
        has_plan=any(plans),
        done_today=done_today is not None,
        this_week=weeks.get(week_start(today, start_day), 0),
        weekly_target=target,
        streak_weeks=streak,
        morning_checkin_due=morning_checkin_due(connection, now),
        on_hold=on_hold(connection),
    )
