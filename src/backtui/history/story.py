"""Your story: the milestones a person has reached, found from their own record.

Each milestone carries the day it was reached, so the list reads as a timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backtui.checkin.measures import RESTING_MOMENTS, baseline_pain, meaningful_change
from backtui.db.models import db
from backtui.history.aggregates import (
    _DONE,
    STREAK_MILESTONE_WEEKS,
    streak_runs,
    week_sql,
    weekly_sessions,
    weekly_target,
)
from backtui.instants import to_text

SESSION_COUNTS = (10, 50, 100, 250, 500, 1000)


@dataclass(frozen=True)
class Milestone:
    day: date
    key: str
    title: str
    detail: str = ""


def _session_days(count: int) -> list[date]:
    """The days of the first ``count`` sessions done, in order: one read serves every count."""
    rows = db.execute_sql(
        f"SELECT substr(started_at, 1, 10) FROM session WHERE {_DONE} "
        "ORDER BY started_at, id LIMIT ?",
        (count,),
    ).fetchall()
    return [date.fromisoformat(row[0]) for row in rows]


def _week_label(monday: date, capital: bool = False) -> str:
    return f"{'T' if capital else 't'}he week of {monday.day} {monday:%B %Y}"


def _pain_milestone(now: datetime) -> Milestone | None:
    """The first week whose mean resting pain is meaningfully below the starting level.

    Meaningful: at least 2 points or 30% lower (Farrar et al., Pain 2001), via
    measures.meaningful_change. Weekly means smooth out a single good day.
    """
    baseline = baseline_pain(now)
    if baseline is None:
        return None
    marks = ",".join("?" * len(RESTING_MOMENTS))
    week = week_sql("at")
    rows = db.execute_sql(
        f"SELECT {week} AS w, avg(pain) FROM checkin WHERE moment IN ({marks}) AND at <= ? "
        "GROUP BY w ORDER BY w",
        (*RESTING_MOMENTS, to_text(now)),
    ).fetchall()
    if not rows:
        return None
    first_week = date.fromisoformat(rows[0][0])
    for monday_text, mean in rows:
        monday = date.fromisoformat(monday_text)
        if monday <= first_week:  # the baseline week itself cannot show a change from itself
            continue
        change = meaningful_change(baseline, mean)
        if change.direction == "improved":
            return Milestone(
                monday + timedelta(days=6)
                if monday + timedelta(days=6) < now.date()
                else now.date(),
                "pain_down",
                "Pain meaningfully lower than when you started",
                f"{_week_label(monday, capital=True)} averaged {mean:.1f}, down from "
                f"{baseline:.1f} at the start.",
            )
    return None


def milestones(now: datetime) -> list[Milestone]:
    """Every milestone reached up to ``now``, oldest first."""
    found: list[Milestone] = []
    days = _session_days(max(SESSION_COUNTS))
    if days and days[0] <= now.date():
        found.append(Milestone(days[0], "first_session", "Your first session"))
    for n in SESSION_COUNTS:
        day = days[n - 1] if len(days) >= n else None
        if day is None or day > now.date():
            break
        found.append(Milestone(day, f"sessions_{n}", f"{n} sessions done"))
    target = weekly_target()
    weeks = {w: n for w, n in weekly_sessions().items() if w <= now.date()}
    runs = streak_runs(weeks, target)
    if runs:
        monday = runs[0][0]
        found.append(
            Milestone(
                min(monday + timedelta(days=6), now.date()),
                "first_week_on_target",
                "First week that met your target",
                f"{_week_label(monday, capital=True)}: {weeks[monday]} sessions (target {target}).",
            )
        )
    long_runs = [(start, length) for start, length in runs if length >= STREAK_MILESTONE_WEEKS]
    if long_runs:
        start = long_runs[0][0]
        reached = start + timedelta(days=7 * STREAK_MILESTONE_WEEKS - 1)
        found.append(
            Milestone(
                min(reached, now.date()),
                "first_4_week_streak",
                f"First {STREAK_MILESTONE_WEEKS}-week streak",
                f"{STREAK_MILESTONE_WEEKS} weeks in a row on target, from {_week_label(start)}.",
            )
        )
    pain = _pain_milestone(now)
    if pain is not None:
        found.append(pain)
    return sorted(found, key=lambda m: (m.day, m.key))
