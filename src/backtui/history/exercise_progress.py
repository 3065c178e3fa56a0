"""Progress per exercise: the dose over time from logged sets, and each change with its reason.

Doses are read from SetLog (what was actually done), grouped by week in SQL; the changes come from
ProgressionDecision rows, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backtui.db.models import Exercise, ProgressionDecision, db
from backtui.history.aggregates import week_sql
from backtui.history.log import DecisionLine, _dt, dose_text


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
# index, and its sessions are counted from that index alone: no pass over every set.
_PROGRESS_SQL = """
SELECT e.id, e.name,
       (SELECT count(DISTINCT s.session_id) FROM setlog s WHERE s.exercise_id = e.id),
       f.completed_at, f.reps, f.hold_seconds, f.duration_seconds,
       l.completed_at, l.reps, l.hold_seconds, l.duration_seconds
FROM exercise e
JOIN setlog f ON f.id = (SELECT s.id FROM setlog s WHERE s.exercise_id = e.id
                         ORDER BY s.completed_at, s.session_id, s.id LIMIT 1)
JOIN setlog l ON l.id = (SELECT s.id FROM setlog s WHERE s.exercise_id = e.id
                         ORDER BY s.completed_at DESC, s.session_id DESC, s.id DESC LIMIT 1)
ORDER BY l.completed_at DESC, e.id
"""


def exercise_progress() -> list[ExerciseProgress]:
    """Every exercise ever logged, most recently practised first."""
    changes = dict(
        db.execute_sql(
            "SELECT exercise_id, count(*) FROM progressiondecision "
            "WHERE exercise_id IS NOT NULL GROUP BY exercise_id"
        ).fetchall()
    )
    result = []
    for row in db.execute_sql(_PROGRESS_SQL).fetchall():
        ex_id, name, sessions, first_at, last_at = row[0], row[1], row[2], row[3], row[7]
        result.append(
            ExerciseProgress(
                ex_id,
                name,
                sessions,
                _dt(first_at).date(),
                _dt(last_at).date(),
                dose_text(*row[4:7]),  # reps, hold seconds, duration of the first set
                dose_text(*row[8:11]),  # ... and of the latest
                changes.get(ex_id, 0),
            )
        )
    return result


@dataclass(frozen=True)
class DosePoint:
    week: date
    value: float  # reps, seconds of hold, or minutes: whichever the exercise is dosed in
    sessions: int


def dose_unit(exercise_id: int) -> str:
    """The unit an exercise's logged dose is best read in: minutes, hold seconds or reps."""
    row = db.execute_sql(
        "SELECT max(duration_seconds), max(hold_seconds), max(reps) FROM setlog "
        "WHERE exercise_id = ?",
        (exercise_id,),
    ).fetchone()
    if row and row[0]:
        return "minutes"
    if row and row[1]:
        return "hold seconds"
    return "reps"


def dose_series(exercise_id: int, since: date | None = None) -> tuple[str, list[DosePoint]]:
    """The weekly best set of one exercise (its dose over time), oldest first."""
    unit = dose_unit(exercise_id)
    column = {"minutes": "duration_seconds / 60.0", "hold seconds": "hold_seconds"}.get(
        unit, "reps"
    )
    week = week_sql("completed_at")
    where = "exercise_id = ?" + (" AND completed_at >= ?" if since else "")
    params = (exercise_id, since.isoformat()) if since else (exercise_id,)
    rows = db.execute_sql(
        f"SELECT {week} AS w, max({column}), count(DISTINCT session_id) FROM setlog "
        f"WHERE {where} GROUP BY w ORDER BY w",
        params,
    ).fetchall()
    return unit, [DosePoint(date.fromisoformat(w), float(v or 0), n) for w, v, n in rows]


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
