"""Weeks and streaks as plain arithmetic, with no database: shared by History and `backtui status`.

Weeks start on the person's chosen day (Monday = 0) and are keyed by their first day's date.
"""

from __future__ import annotations

from datetime import date, timedelta


def week_sql_for(col: str, start_day: int) -> str:
    """SQL for the first day of the local week holding ``col`` (SQLite counts weekdays from
    Sunday)."""
    # The local date is the stored text's first ten characters (backtui.instants).
    return f"date(substr({col}, 1, 10), '-6 days', 'weekday {(start_day + 1) % 7}')"


def week_start(day: date, start_day: int = 0) -> date:
    """The first day of the week holding ``day``; weeks start on ``start_day`` (Monday = 0)."""
    return day - timedelta(days=(day.weekday() - start_day) % 7)


def current_streak(weeks: dict[date, int], target: int, today: date, start_day: int = 0) -> int:
    """Consecutive weeks that met the target, ending with the current week.

    The current week only adds to the streak once it has met the target; while it is still
    under way it never breaks it.
    """
    this_week = week_start(today, start_day)
    streak = 1 if weeks.get(this_week, 0) >= target else 0
    week = this_week - timedelta(days=7)
    while weeks.get(week, 0) >= target:
        streak += 1
        week -= timedelta(days=7)
    return streak
