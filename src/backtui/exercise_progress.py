"""Progress per exercise: the dose over time from logged sets, and each change with its reason.

Doses are read from SetLog (what was actually done), grouped by week in SQL; the changes come from
ProgressionDecision rows, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backtui.history import week_sql
from backtui.history_log import DecisionLine, _dt, dose_text
from backtui.models import Exercise, ProgressionDecision, db


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


def exercise_progress() -> list[ExerciseProgress]:
    """Every exercise ever logged, most recently practised first.

    With a single min() or max(), SQLite takes the bare columns (the dose) from the row holding
    that minimum or maximum: documented behaviour, used here for the first and latest dose.
    """
    first = {
        row[0]: row[1:]
        for row in db.execute_sql(
            "SELECT exercise_id, min(completed_at), reps, hold_seconds, duration_seconds "
            "FROM setlog GROUP BY exercise_id"
        ).fetchall()
    }
    changes = dict(
        db.execute_sql(
            "SELECT exercise_id, count(*) FROM progressiondecision "
            "WHERE exercise_id IS NOT NULL GROUP BY exercise_id"
        ).fetchall()
    )
    rows = db.execute_sql(
        "SELECT s.exercise_id, e.name, count(DISTINCT s.session_id), max(s.completed_at), "
        "s.reps, s.hold_seconds, s.duration_seconds FROM setlog s "
        "JOIN exercise e ON e.id = s.exercise_id GROUP BY s.exercise_id ORDER BY 4 DESC"
    ).fetchall()
    result = []
    for ex_id, name, sessions, last_at, reps, hold, seconds in rows:
        first_at, f_reps, f_hold, f_seconds = first[ex_id]
        result.append(
            ExerciseProgress(
                ex_id,
                name,
                sessions,
                _dt(first_at).date(),
                _dt(last_at).date(),
                dose_text(f_reps, f_hold, f_seconds),
                dose_text(reps, hold, seconds),
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
