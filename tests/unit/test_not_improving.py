"""Not getting better: pain 2+ above the start for two weeks, or no PSFS gain by six weeks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fixed_time import at

from backtui.checkin.measures import record_psfs
from backtui.db.models import CheckIn
from backtui.history import not_improving

NOW = at(2026, 11, 25, 20, 0, 0)


def _daily(start: datetime, days: int, pain: int, moment: str = "standalone") -> None:
    for day in range(days):
        CheckIn.create(at=start + timedelta(days=day), moment=moment, pain=pain)


@pytest.mark.parametrize(
    ("starting", "averages", "stayed"),
    [
        (3, [5.0] * 14, True),
        (3, [5.0] * 13 + [4.5], False),  # one day dipped under 2 points above
        (3, [5.0] * 13 + [None], False),  # a day without enough check-ins: not a trend
        (3, [], False),
        (0, [2.0] * 14, True),
    ],
)
def test_pain_stayed_high_needs_every_day_two_points_above(starting, averages, stayed):
    assert not_improving.pain_stayed_high(starting, averages) is stayed


def test_two_weeks_well_above_the_starting_level_is_a_finding(database):
    first = NOW - timedelta(days=40)
    _daily(first, 7, 3)  # the starting week: median 3
    _daily(first + timedelta(days=7), 33, 6)
    [finding] = not_improving.not_improving(NOW)
    assert finding.kind == "pain"
    assert "starting level of 3" in finding.text and "6.0 out of 10" in finding.text
    assert "GP or physiotherapist" in finding.text
    assert finding.figures == {"starting": 3.0, "lowest_average": 6.0, "highest_average": 6.0}
    assert any("Farrar" in source for source in finding.sources)


def test_a_better_spell_inside_the_two_weeks_means_no_finding(database):
    first = NOW - timedelta(days=40)
    _daily(first, 7, 3)
    _daily(first + timedelta(days=7), 33, 6)
    _daily(NOW - timedelta(days=10, hours=1), 6, 1)  # a calmer week, a week and a half ago
    assert not_improving.not_improving(NOW) == []


def test_pain_only_one_point_above_start_is_no_finding(database):
    first = NOW - timedelta(days=40)
    _daily(first, 7, 3)
    _daily(first + timedelta(days=7), 33, 4)
    assert not_improving.not_improving(NOW) == []


def test_too_few_checkins_is_no_finding(database):
    first = NOW - timedelta(days=40)
    _daily(first, 7, 2)
    CheckIn.create(at=NOW - timedelta(days=1), moment="standalone", pain=9)
    assert not_improving.not_improving(NOW) == []


def _psfs(at: datetime, score: int) -> None:
    record_psfs([("walking", score), ("sitting", score), ("lifting", score)], at)


def test_no_psfs_gain_after_six_weeks_is_a_finding(database):
    _psfs(NOW - timedelta(weeks=7), 4)
    _psfs(NOW - timedelta(weeks=4), 5)
    _psfs(NOW, 5)
    [finding] = not_improving.not_improving(NOW)
    assert finding.kind == "function" and finding.figures["weeks"] == 7
    assert "4.0 out of 10" in finding.text and "5.0 now" in finding.text
    assert "Stratford" in finding.sources[0]


@pytest.mark.parametrize(
    ("weeks", "latest"),
    [(7, 6), (5, 4)],  # a gain of 2 points; or not six weeks yet
)
def test_psfs_gain_or_too_early_is_no_finding(database, weeks, latest):
    _psfs(NOW - timedelta(weeks=weeks), 4)
    _psfs(NOW, latest)
    assert not_improving.not_improving(NOW) == []
