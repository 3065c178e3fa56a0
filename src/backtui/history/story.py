"""Your story: the milestones a person has reached, found from their own record.

Each milestone carries the day it was reached, so the list reads as a timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backtui.checkin.measures import (
    RESTING_MOMENTS,
    baseline_from,
    first_resting_checkin,
    meaningful_change,
)
from backtui.db.models import db
from backtui.history.aggregates import (
    _DONE,
    STREAK_MILESTONE_WEEKS,
    week_sql,
    weekly_sessions,
    weekly_target,
)
from backtui.history.weeks import week_start
from backtui.instants import to_text
from backtui.plan.weekly import week_start_day

SESSION_COUNTS = (10, 50, 100, 250, 500, 1000)
CHUNK_WEEKS = 26  # weeks read at a time while looking for a milestone from the start


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


def _weeks_from(first: date, now: datetime):
    """The record's weeks from the one holding ``first`` up to ``now``, a chunk of weeks at a
    time: (first day of the chunk, the day after it). A milestone is looked for from the start and
    the reading stops once it is found, so it costs the same after thirty years as after one."""
    start = week_start(first, week_start_day())
    while start <= now.date():
        yield start, start + timedelta(days=7 * CHUNK_WEEKS)
        start += timedelta(days=7 * CHUNK_WEEKS)


def _pain_milestone(now: datetime) -> Milestone | None:
    """The first week whose mean resting pain is meaningfully below the starting level.

    Meaningful: at least 2 points or 30% lower (Farrar et al., Pain 2001), via
    measures.meaningful_change. Weekly means smooth out a single good day.
    """
    first = first_resting_checkin(now)
    if first is None:
        return None
    baseline = baseline_from(first, now)
    first_week = week_start(first.date(), week_start_day())
    marks = ",".join("?" * len(RESTING_MOMENTS))
    week = week_sql("at")
    for start, end in _weeks_from(first.date(), now):
        rows = db.execute_sql(
            f"SELECT {week} AS w, avg(pain) FROM checkin WHERE moment IN ({marks}) "
            "AND at >= ? AND at < ? AND at <= ? GROUP BY w ORDER BY w",
            (*RESTING_MOMENTS, start.isoformat(), end.isoformat(), to_text(now)),
        ).fetchall()
        for monday_text, mean in rows:
            monday = date.fromisoformat(monday_text)
            if monday <= first_week:  # the baseline week itself cannot show a change from itself
                continue
            if meaningful_change(baseline, mean).direction == "improved":
                return Milestone(
                    min(monday + timedelta(days=6), now.date()),
                    "pain_down",
                    "Pain meaningfully lower than when you started",
                    f"{_week_label(monday, capital=True)} averaged {mean:.1f}, down from "
                    f"{baseline:.1f} at the start.",
                )
    return None


def _target_milestones(now: datetime, first_day: date) -> list[Milestone]:
    """The first week that met the weekly target, and the first streak of
    STREAK_MILESTONE_WEEKS such weeks in a row, read from the start until both are found."""
    target = weekly_target()
    found: list[Milestone] = []
    run_start, run_length = None, 0
    for start, end in _weeks_from(first_day, now):
        weeks = weekly_sessions(since=start, until=end)
        monday = start
        while monday < end and monday <= now.date():
            sessions = weeks.get(monday, 0)
            if sessions < target:
                run_start, run_length = None, 0
                monday += timedelta(days=7)
                continue
            if not found:
                found.append(
                    Milestone(
                        min(monday + timedelta(days=6), now.date()),
                        "first_week_on_target",
                        "First week that met your target",
                        f"{_week_label(monday, capital=True)}: {sessions} sessions "
                        f"(target {target}).",
                    )
                )
            run_start, run_length = run_start or monday, run_length + 1
            if run_length == STREAK_MILESTONE_WEEKS:
                reached = run_start + timedelta(days=7 * STREAK_MILESTONE_WEEKS - 1)
                found.append(
                    Milestone(
                        min(reached, now.date()),
                        "first_4_week_streak",
                        f"First {STREAK_MILESTONE_WEEKS}-week streak",
                        f"{STREAK_MILESTONE_WEEKS} weeks in a row on target, from "
                        f"{_week_label(run_start)}.",
                    )
                )
                return found
            monday += timedelta(days=7)
    return found


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
        found.append(Milestone(day, f"sessions_{n}", f"{n:,} sessions done"))
    if days and days[0] <= now.date():
        found.extend(_target_milestones(now, days[0]))
    pain = _pain_milestone(now)
    if pain is not None:
        found.append(pain)
    return sorted(found, key=lambda m: (m.day, m.key))
