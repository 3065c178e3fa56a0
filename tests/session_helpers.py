"""Builders shared by the session tests: exercises and plan items written straight to the db."""

from __future__ import annotations

from datetime import datetime

from backtui.models import Exercise, PlanItem

EXERCISES = {
    "pelvic-tilt": dict(
        name="Pelvic tilt", kind="mobility", dose_type="reps", sets=1, reps=10, hold_seconds=2
    ),
    "cat-cow": dict(name="Cat-cow", kind="yoga", dose_type="reps", sets=1, reps=8),
    "knee-rolls": dict(name="Knee rolls", kind="mobility", dose_type="reps", sets=1, reps=10),
    "bird-dog": dict(
        name="Bird-dog",
        kind="core",
        dose_type="hold",
        sets=2,
        reps=6,
        hold_seconds=5,
        per_side=True,
        easier="bird-dog-arm",
    ),
    "bird-dog-arm": dict(
        name="Arm reach on all fours",
        kind="core",
        dose_type="hold",
        sets=1,
        reps=4,
        hold_seconds=3,
        harder="bird-dog",
    ),
    "walking": dict(name="Walking", kind="cardio", dose_type="minutes", sets=1, minutes=10),
}


def add_exercise(slug: str, **overrides) -> Exercise:
    fields = {**EXERCISES.get(slug, {}), **overrides}
    fields.setdefault("cues", [f"{fields['name']}: move slowly", "Breathe out as you move"])
    fields.setdefault("mistakes", ["Rushing the movement"])
    return Exercise.create(slug=slug, **fields)


def add_library() -> dict[str, Exercise]:
    return {slug: add_exercise(slug) for slug in EXERCISES}


def plan(
    exercise: Exercise, now: datetime, weekdays: str = "0,2,4", position: int = 0, **dose
) -> PlanItem:
    fields = dict(
        sets=exercise.sets,
        reps=exercise.reps,
        hold_seconds=exercise.hold_seconds,
        minutes=exercise.minutes,
    )
    fields.update(dose)
    return PlanItem.create(
        exercise=exercise, weekdays=weekdays, position=position, added_at=now, **fields
    )
