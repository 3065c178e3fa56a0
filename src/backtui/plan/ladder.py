"""Dose ladders: the one small step up or down from a dose. Pure functions, no database.

Up: reps +2 (NHS Inform: add 1-2 reps when comfortable); holds +5 s toward the exercise's ceiling
(ACSM: stretches are held 10-30 s); minutes +2 toward 30 (WalkBack, Pocovi 2024). At the rep
ceiling an extra set is added with reps back at the starting count ("double progression"), and at
the very top the harder variant is offered. In the first two weeks only one more rep or hold (or
one more minute) is ever added.

Down: back toward the beginner dose, then the easier variant, then down to the floor (1 set, 1 rep,
5 s hold, 5 min). Nothing ever goes below the floor, nor below a dose that already sits under it.
"""

from __future__ import annotations

from typing import NamedTuple

from backtui.plan.dose import FLOOR_HOLD_SECONDS, FLOOR_MINUTES, FLOOR_REPS, FLOOR_SETS, Dose

REPS_STEP = 2
HOLD_STEP_SECONDS = 5
MINUTES_STEP = 2
START_SLOW_STEP = 1  # one rep, one hold or one minute
BACK_REPS = 2
BACK_HOLD_SECONDS = 5
BACK_MINUTES_FRACTION = 0.2  # a flare on a long walk cuts about a fifth, at least 2 minutes


class Limits(NamedTuple):
    """How far one exercise builds up before moving on (a harder variant, or staying there)."""

    max_sets: int = 3
    max_reps: int = 12
    max_hold_seconds: int = 30
    max_minutes: int = 30


class Variant(NamedTuple):
    """The exercise a step moves to, with its beginner dose."""

    slug: str
    name: str
    dose: Dose  # its beginner dose


class Step(NamedTuple):
    """One step up or down: the new dose, and the exercise when it changes."""

    dose: Dose
    variant: Variant | None = None  # set when the step moves to another exercise


def step_up(
    dose: Dose,
    beginner: Dose,
    limits: Limits,
    harder: Variant | None = None,
    *,
    start_slow: bool = False,
) -> Step | None:
    """The next small step up, or None at the top of the range."""
    if dose.dose_type == "minutes":
        if dose.minutes < limits.max_minutes:
            step = START_SLOW_STEP if start_slow else MINUTES_STEP
            return Step(dose.with_(minutes=min(limits.max_minutes, dose.minutes + step)))
        return None if start_slow or harder is None else Step(harder.dose, harder)
    reps = dose.reps or 1
    if start_slow:
        return Step(dose.with_(reps=reps + START_SLOW_STEP)) if reps < limits.max_reps else None
    hold = dose.hold_seconds or 0
    if dose.dose_type == "hold" and hold < limits.max_hold_seconds:
        return Step(dose.with_(hold_seconds=min(limits.max_hold_seconds, hold + HOLD_STEP_SECONDS)))
    if reps < limits.max_reps:
        step = REPS_STEP if dose.dose_type == "reps" else 1
        return Step(dose.with_(reps=min(limits.max_reps, reps + step)))
    if dose.sets < limits.max_sets:
        return Step(dose.with_(sets=dose.sets + 1, reps=min(reps, beginner.reps or reps)))
    return None if harder is None else Step(harder.dose, harder)


def step_back(dose: Dose, beginner: Dose, easier: Variant | None = None) -> Step | None:
    """One step easier, or None when already at the floor with no easier variant."""
    if dose.sets > max(beginner.sets, FLOOR_SETS):
        return Step(dose.with_(sets=dose.sets - 1))
    if dose.dose_type == "minutes":
        cut = max(MINUTES_STEP, round(dose.minutes * BACK_MINUTES_FRACTION))
        start = max(beginner.minutes or 0, FLOOR_MINUTES)
        if dose.minutes > start:
            return Step(dose.with_(minutes=max(start, dose.minutes - cut)))
        if easier is not None:
            return Step(easier.dose, easier)
        if dose.minutes > FLOOR_MINUTES:
            return Step(dose.with_(minutes=max(FLOOR_MINUTES, dose.minutes - cut)))
        return None
    reps = dose.reps or 1
    rep_cut = BACK_REPS if dose.dose_type == "reps" else 1
    hold = dose.hold_seconds or 0
    start_hold = max(beginner.hold_seconds or 0, FLOOR_HOLD_SECONDS)
    start_reps = max(beginner.reps or 0, FLOOR_REPS)
    if dose.dose_type == "hold" and hold > start_hold:
        return Step(dose.with_(hold_seconds=max(start_hold, hold - BACK_HOLD_SECONDS)))
    if reps > start_reps:
        return Step(dose.with_(reps=max(start_reps, reps - rep_cut)))
    if easier is not None:
        return Step(easier.dose, easier)
    if dose.dose_type == "hold" and hold > FLOOR_HOLD_SECONDS:
        return Step(dose.with_(hold_seconds=max(FLOOR_HOLD_SECONDS, hold - BACK_HOLD_SECONDS)))
    if reps > FLOOR_REPS:
        return Step(dose.with_(reps=max(FLOOR_REPS, reps - rep_cut)))
    if dose.sets > FLOOR_SETS:
        return Step(dose.with_(sets=dose.sets - 1))
    return None


# How much one change by hand may raise a dose and still count as a small step: the ladder's own
# steps (NHS Inform: add one or two reps at a time; ACSM: holds build 5 s at a time; WalkBack,
# Pocovi 2024: walks build a couple of minutes at a time), one field at a time. Graded activity
# raises the quota in small, planned steps rather than by how a good day feels (Lindström 1992).
SMALL_RISES = {"sets": 1, "reps": REPS_STEP, "hold_seconds": HOLD_STEP_SECONDS,
               "minutes": MINUTES_STEP}
RISE_WORDS = {"sets": "one more set", "reps": f"{REPS_STEP} more reps",
              "hold_seconds": f"{HOLD_STEP_SECONDS} more seconds of hold",
              "minutes": f"{MINUTES_STEP} more minutes"}


def bigger_than_a_step(old: Dose, new: Dose) -> str | None:
    """Plain words on why ``new`` rises more than one small step above ``old``, or None.

    Going down is always fine; so is one more set with fewer reps (the ladder's own move).
    """
    rises = {
        field: (getattr(new, field) or 0) - (getattr(old, field) or 0)
        for field in SMALL_RISES
        if (getattr(new, field) or 0) > (getattr(old, field) or 0)
    }
    too_far = [field for field, rise in rises.items() if rise > SMALL_RISES[field]]
    if not too_far and len(rises) <= 1:
        return None
    steps = " or ".join(RISE_WORDS[field] for field in (too_far or rises))
    return (
        f"From {old.label()} to {new.label()} is a big jump. Backs settle best when a dose "
        f"grows by one small step at a time, such as {steps}, and stays there until it feels "
        "easy. Too much at once can set off a flare-up."
    )
