"""Progress per exercise: the dose over time from logged sets, and each change with its reason.

Doses are read from SetLog (what was actually done), by week; the changes come from
ProgressionDecision rows, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backtui.db.models import Exercise, ProgressionDecision, db
from backtui.history.log import DecisionLine, _dt, dose_text
from backtui.history.past import PAST_SETS, kept, past_end
from backtui.history.weeks import week_start
from backtui.plan.weekly import week_start_day


@dataclass(frozen=True)
class ExerciseProgress:
    exercise_id: int
    name: str
    sessions: int
    first_day: date
    last_day: date
    first_dose: str
    last_dose: str
    changes: int  # progression decisions recorded for it


# Per exercise, its first and latest set are two seeks on the (exercise, completed_at, session)
# index: no pass over every set.
_PROGRESS_SQL = """
SELECT e.id, e.name,
       f.completed_at, f.reps, f.hold_seconds, f.duration_seconds,
       l.completed_at, l.reps, l.hold_seconds, l.duration_seconds
FROM exercise e
JOIN setlog f ON f.id = (SELECT s.id FROM setlog s WHERE s.exercise_id = e.id
                         ORDER BY s.completed_at, s.session_id, s.id LIMIT 1)
JOIN setlog l ON l.id = (SELECT s.id FROM setlog s WHERE s.exercise_id = e.id
                         ORDER BY s.completed_at DESC, s.session_id DESC, s.id DESC LIMIT 1)
ORDER BY l.completed_at DESC, e.id
"""
# Sessions each exercise was done in, counted on the (session, exercise, set number) index over a
# range of session ids: the sessions started before last week (kept between reads,
# history/past.py), then the later ones. A session is on one side only, so the two counts add.
_SESSIONS_DONE_IN = (
    "SELECT exercise_id, count(DISTINCT session_id) FROM setlog "
    "WHERE session_id >= ? AND session_id < ? GROUP BY exercise_id"
)
# "id + 0": the least id along the started_at index's recent end, not a walk up the ids from 1.
_FIRST_RECENT_SESSION = (
    "SELECT coalesce((SELECT min(id + 0) FROM session WHERE started_at >= ?), "
    "(SELECT coalesce(max(id), 0) + 1 FROM session))"
)
_NO_SESSION_ID = 2**62  # past every session id


def _sessions_done_in(first: int, end: int) -> dict[int, int]:
    return dict(db.execute_sql(_SESSIONS_DONE_IN, (first, end)).fetchall())


def sessions_per_exercise(today: date) -> dict[int, int]:
    """Exercise id -> how many sessions it was done in."""
    since = past_end(today, week_start_day()).isoformat()
    split = db.execute_sql(_FIRST_RECENT_SESSION, (since,)).fetchone()[0]
    past = kept("sessions per exercise", PAST_SETS, (split,), lambda: _sessions_done_in(0, split))
    recent = _sessions_done_in(split, _NO_SESSION_ID)
    return {key: past.get(key, 0) + recent.get(key, 0) for key in past.keys() | recent.keys()}


def exercise_progress(today: date) -> list[ExerciseProgress]:
    """Every exercise ever logged, most recently practised first."""
    changes = dict(
        db.execute_sql(
            "SELECT exercise_id, count(*) FROM progressiondecision "
            "WHERE exercise_id IS NOT NULL GROUP BY exercise_id"
        ).fetchall()
    )
    sessions = sessions_per_exercise(today)
    result = []
    for row in db.execute_sql(_PROGRESS_SQL).fetchall():
        ex_id, name, first_at, last_at = row[0], row[1], row[2], row[6]
        result.append(
            ExerciseProgress(
                ex_id,
                name,
                sessions.get(ex_id, 0),
                _dt(first_at).date(),
                _dt(last_at).date(),
                dose_text(*row[3:6]),  # reps, hold seconds, duration of the first set
                dose_text(*row[7:10]),  # ... and of the latest
                changes.get(ex_id, 0),
            )
        )
    return result


READ_BATCH = 256  # sets fetched at a time while reading back to the weeks wanted


@dataclass(frozen=True)
class DosePoint:
    week: date
    value: float  # reps, seconds of hold, or minutes: whichever the exercise is dosed in
    sessions: int


def _unit(sets: list[tuple]) -> str:
    """The unit a dose is best read in, from (reps, hold seconds, duration) of the sets shown."""
    if any(duration for _, _, duration in sets):
        return "minutes"
    if any(hold for _, hold, _ in sets):
        return "hold seconds"
    return "reps"


def _value(sets: list[tuple], unit: str) -> float:
    """A week's best set in ``unit``: minutes, seconds of hold or reps."""
    index = {"minutes": 2, "hold seconds": 1}.get(unit, 0)
    best = max((row[index] for row in sets if row[index] is not None), default=0)
    return best / 60.0 if unit == "minutes" else float(best)


def dose_series(exercise_id: int, weeks: int | None = None) -> tuple[str, list[DosePoint]]:
    """The weekly best set of one exercise (its dose over time), oldest first: every week with
    sets, or the latest ``weeks`` of them.

    The sets are read newest first from the (exercise, completed_at) index, and the read stops
    once enough weeks are found: the latest year of thirty years of sets costs what it does in
    the first year. Weeks are the person's (their first day's date), as in History's SQL.
    """
    start_day = week_start_day()
    by_week: dict[date, list[tuple]] = {}
    sessions: dict[date, set[int]] = {}
    cursor = db.execute_sql(
        "SELECT substr(completed_at, 1, 10), reps, hold_seconds, duration_seconds, session_id "
        "FROM setlog WHERE exercise_id = ? ORDER BY completed_at DESC",
        (exercise_id,),
    )
    try:
        while rows := cursor.fetchmany(READ_BATCH):
            for day, reps, hold, duration, session_id in rows:
                week = week_start(date.fromisoformat(day), start_day)
                if week not in by_week:
                    if weeks is not None and len(by_week) == weeks:
                        return _series(by_week, sessions)
                    by_week[week], sessions[week] = [], set()
                by_week[week].append((reps, hold, duration))
                sessions[week].add(session_id)
    finally:
        cursor.close()
    return _series(by_week, sessions)


def _series(
    by_week: dict[date, list[tuple]], sessions: dict[date, set[int]]
) -> tuple[str, list[DosePoint]]:
    unit = _unit([row for rows in by_week.values() for row in rows])
    return unit, [
        DosePoint(week, _value(by_week[week], unit), len(sessions[week]))
        for week in sorted(by_week)
    ]


def exercise_decisions(exercise_id: int, limit: int = 50) -> list[DecisionLine]:
    """Progressions, holds and step-backs for one exercise with their reasons, newest first."""
    query = (
        ProgressionDecision.select(ProgressionDecision, Exercise)
        .join(Exercise, on=ProgressionDecision.exercise == Exercise.id)
        .where(ProgressionDecision.exercise == exercise_id)
        .order_by(ProgressionDecision.at.desc())
        .limit(limit)
    )
    return [DecisionLine(d.at, d.exercise.name, d.action, d.reason, d.status) for d in query]
