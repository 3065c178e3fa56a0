"""Flare-ups: found from the pain before a session, stored, dropped back, then built up again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_time import at

from backtui.checkin import flareup
from backtui.checkin.checkins import save_checkin
from backtui.db.models import CheckIn, FlareUp
from backtui.plan.dose import Dose

NOW = at(2026, 11, 25, 9, 0, 0)


@pytest.mark.parametrize(
    ("pain", "usual", "found", "why"),
    [
        (6, None, True, "6 or more"),  # above 5 is high risk (Silbernagel 2007)
        (5, None, False, None),
        (5, 3.0, True, "2 points above your usual level of 3"),  # Farrar 2001
        (4, 3.0, False, None),
        (5, 3.5, False, None),  # 1.5 above: not a meaningful rise
        (8, 2.0, True, "6 or more"),
        (3, 1.0, True, "2 points above"),
        (2, 0.0, False, None),  # a rise within the safe zone (0-2) is not a flare-up
    ],
)
def test_flare_up_rule(pain, usual, found, why):
    finding = flareup.detect_flare_up(pain, usual)
    assert (finding is not None) is found
    if found:
        assert any(why in reason for reason in finding.reasons)
        assert "GP or physiotherapist" in finding.advice and finding.sources


def test_both_reasons_are_given_when_both_hold():
    finding = flareup.detect_flare_up(7, 3.0)
    assert len(finding.reasons) == 2 and "4 points above" in finding.reasons[1]


@pytest.mark.parametrize(
    ("days_after", "phase", "days_left"),
    [(0, "settle", 7), (2, "settle", 5), (3, "rebuild", 4), (6, "rebuild", 1), (7, None, None)],
)
def test_a_flare_up_settles_for_three_days_then_rebuilds_until_day_seven(
    days_after, phase, days_left
):
    plan = flareup.flare_up_phase(NOW, NOW + timedelta(days=days_after))
    if phase is None:
        assert plan is None
    else:
        assert (plan.phase, plan.days_left, plan.day) == (phase, days_left, days_after + 1)
        assert plan.what_to_do


def test_rebuild_days_use_one_step_easier_and_never_below_the_floor():
    assert flareup.rebuild_dose(Dose("reps", 2, 10), Dose("reps", 2, 8)) == Dose("reps", 2, 8)
    floor = Dose("reps", 1, 1)
    assert flareup.rebuild_dose(floor, floor) == floor


def _usual(pain: int) -> None:
    for back in range(1, 8):
        CheckIn.create(at=NOW - timedelta(days=back), moment="standalone", pain=pain)


def test_a_before_checkin_well_above_usual_stores_a_flare_up(database):
    _usual(2)
    save_checkin(4, moment="before", now=NOW)
    row = FlareUp.get()
    assert (row.started_at, row.pain, row.usual) == (NOW, 4, 2.0)
    assert "2 points above" in row.reasons[0]
    assert flareup.current_flare_up(NOW + timedelta(days=1)).phase == "settle"
    assert flareup.flare_up_holds_progression(NOW + timedelta(days=6))
    assert not flareup.flare_up_holds_progression(NOW + timedelta(days=7))


@pytest.mark.parametrize("moment", ["standalone", "during", "after", "next_morning"])
def test_only_the_pain_before_a_session_starts_a_flare_up(database, moment):
    _usual(2)
    save_checkin(9, moment=moment, now=NOW)
    assert FlareUp.select().count() == 0


def test_a_flare_up_is_not_stored_twice_while_settling_but_restarts_when_rebuilding(database):
    _usual(2)
    save_checkin(7, moment="before", now=NOW)
    save_checkin(7, moment="before", now=NOW + timedelta(days=1))
    assert FlareUp.select().count() == 1
    save_checkin(7, moment="before", now=NOW + timedelta(days=4))
    assert FlareUp.select().count() == 2
    assert flareup.current_flare_up(NOW + timedelta(days=5)).phase == "settle"
