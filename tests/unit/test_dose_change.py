"""A dose changed by hand: more than one small step up is named in plain words."""

from __future__ import annotations

import pytest

from backtui.plan.dose import Dose
from backtui.plan.ladder import bigger_than_a_step


def reps(sets: int, count: int) -> Dose:
    return Dose("reps", sets=sets, reps=count)


@pytest.mark.parametrize(
    "old, new",
    [
        (reps(1, 10), reps(1, 12)),  # two more reps
        (reps(1, 12), reps(2, 8)),  # one more set, reps back down (the ladder's own move)
        (reps(3, 12), reps(1, 5)),  # going down is always fine
        (Dose("hold", sets=1, reps=1, hold_seconds=10), Dose("hold", sets=1, reps=1,
                                                               hold_seconds=15)),
        (Dose("minutes", minutes=10), Dose("minutes", minutes=12)),
        (reps(2, 8), reps(2, 8)),
    ],
)
def test_small_steps_and_steps_down_pass_quietly(old, new):
    assert bigger_than_a_step(old, new) is None


@pytest.mark.parametrize(
    "old, new, named",
    [
        (reps(1, 10), reps(10, 50), "one more set or 2 more reps"),
        (reps(1, 10), reps(1, 13), "2 more reps"),
        (reps(1, 10), reps(3, 10), "one more set"),
        (reps(1, 10), reps(2, 12), "one more set or 2 more reps"),  # two rises at once
        (Dose("minutes", minutes=10), Dose("minutes", minutes=20), "2 more minutes"),
        (Dose("hold", sets=1, reps=1, hold_seconds=10),
         Dose("hold", sets=1, reps=1, hold_seconds=30), "5 more seconds of hold"),
    ],
)
def test_more_than_a_step_up_is_named_with_the_small_step_instead(old, new, named):
    warning = bigger_than_a_step(old, new)
    assert warning is not None
    assert old.label() in warning and new.label() in warning
    assert f"such as {named}," in warning
