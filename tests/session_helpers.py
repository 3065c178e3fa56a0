"""Builders shared by the session tests: exercises and plan items written straight to the db."""

from __future__ import annotations

from datetime import datetime

from backtui.db.models import Exercise, PlanItem

EXERCISES = {
    "pelvic_tilt": dict(
        name="Pelvic tilt", kind="mobility", dose_type="reps", sets=1, reps=10, hold_seconds=2
    ),
    "cat_cow": dict(name="Cat-cow", kind="yoga", dose_type="reps", sets=1, reps=8),
    "knee_rolls": dict(name="Knee rolls", kind="mobility", dose_type="reps", sets=1, reps=10),
    "bird_dog": dict(
        name="Bird-dog",
        kind="core",
        dose_type="hold",
        sets=2,
        reps=6,
        hold_seconds=5,
        per_side=True,
        easier="bird_dog_arm",
    ),
    "bird_dog_arm": dict(
        name="Arm reach on all fours",
        kind="core",
        dose_type="hold",
        sets=1,
        reps=4,
        hold_seconds=3,
        harder="bird_dog",
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


class FakeTime:
    """A monotonic clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def use_plan(now: datetime, items: list[tuple[str, dict]], weekdays: str = "2") -> None:
    """Replace the plan with these library exercises (slug, dose) on these weekdays."""
    PlanItem.delete().execute()
    for position, (slug, dose) in enumerate(items):
        plan(Exercise.get(Exercise.slug == slug), now, weekdays=weekdays, position=position, **dose)


async def wait_for(pilot, condition, what: str = "the app to get there", tries: int = 500):
    """Let the app run (workers, screens) until ``condition()`` holds; fail if it never does."""
    for _ in range(tries):
        if condition():
            await pilot.pause()  # let the screen that got there finish mounting
            return
        await pilot.pause(0.01)
    raise AssertionError(f"Gave up waiting for {what}.")
