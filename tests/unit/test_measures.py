"""Pain anchors and zones, PEG, PSFS, meaningful change, and the person's usual pain level."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from fixed_time import at

from backtui.checkin import measures
from backtui.checkin.measures import MeasureError
from backtui.db.models import CheckIn, PegEntry, PsfsEntry

NOW = at(2026, 11, 25, 9, 0, 0)  # a Wednesday


def test_every_pain_level_has_an_anchor():
    assert sorted(measures.PAIN_ANCHORS) == list(range(11))
    assert all(text.strip() for text in measures.PAIN_ANCHORS.values())
    assert measures.PAIN_ANCHORS[0] == "no pain"
    assert "worst" in measures.PAIN_ANCHORS[10]


@pytest.mark.parametrize(
    ("pain", "zone"),
    [
        (0, "safe"),
        (2, "safe"),
        (3, "acceptable"),
        (5, "acceptable"),
        (6, "high_risk"),
        (10, "high_risk"),
    ],
)
def test_pain_zones(pain, zone):
    assert measures.pain_zone(pain) == zone


@pytest.mark.parametrize("bad", [-1, 11, True, 2.5, "x", "", None, math.nan, "--3"])
def test_ratings_outside_the_scale_are_refused(bad):
    with pytest.raises(MeasureError, match="whole number from 0 to 10"):
        measures.validate_rating(bad)


@pytest.mark.parametrize(("given", "expected"), [(0, 0), (10, 10), (3.0, 3), (" 7 ", 7)])
def test_ratings_accepted(given, expected):
    assert measures.validate_rating(given) == expected


@pytest.mark.parametrize(
    ("items", "score"), [((3, 6, 9), 6.0), ((0, 0, 1), 1 / 3), ((10, 10, 10), 10.0), ((0, 0, 0), 0)]
)
def test_peg_score_is_the_mean(items, score):
    assert measures.peg_score(*items) == pytest.approx(score)


@pytest.mark.parametrize("items", [(11, 0, 0), (0, -1, 0), (0, 0, True), (0, 2.5, 0)])
def test_peg_refuses_bad_items_and_stores_nothing(database, items):
    with pytest.raises(MeasureError):
        measures.record_peg(*items, now=NOW)
    assert PegEntry.select().count() == 0


def test_record_peg_stores_items_and_score(database):
    entry = measures.record_peg(4, 5, 6, now=NOW)
    row = PegEntry.get_by_id(entry.id)
    assert (row.at, row.pain, row.enjoyment, row.activity, row.score) == (NOW, 4, 5, 6, 5.0)
    assert measures.last_peg().id == entry.id


def test_peg_due_weekly(database):
    assert measures.peg_due(NOW)
    measures.record_peg(4, 5, 6, now=NOW - timedelta(days=6, hours=23))
    assert not measures.peg_due(NOW)
    assert measures.peg_due(NOW + timedelta(hours=1))  # now more than 7 days ago


def test_peg_dismissed_until_next_iso_week(database):
    measures.dismiss_peg(NOW)
    assert not measures.peg_due(NOW)
    sunday = at(2026, 11, 29, 21, 0)
    monday = at(2026, 11, 30, 8, 0)
    assert not measures.peg_due(sunday)
    assert measures.peg_due(monday)


PSFS_OK = [
    {"activity": "Tying my shoes", "score": 4},
    {"activity": "Gardening", "score": 2},
    ("Lifting my child", 6),
]


def test_psfs_score_is_the_mean():
    assert measures.psfs_score(PSFS_OK) == pytest.approx(4.0)
    five = PSFS_OK + [("Driving", 10), ("Sleeping", 8)]
    assert measures.psfs_score(five) == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (PSFS_OK[:2], "3 to 5 activities"),
        (PSFS_OK + [("a", 1), ("b", 1), ("c", 1)], "3 to 5 activities"),
        ([("", 3), ("b", 1), ("c", 1)], "needs a name"),
        ([("   ", 3), ("b", 1), ("c", 1)], "needs a name"),
        ([("Walk", 3), ("walk ", 1), ("c", 1)], "listed twice"),
        ([("a", 11), ("b", 1), ("c", 1)], "0 to 10"),
        ([("a\x1b[2J", 1), ("b", 1), ("c", 1)], "escape"),
        ([("a", 1), ("b", 1), "c"], "needs a name and a score"),
    ],
)
def test_psfs_refuses_bad_items_and_stores_nothing(database, items, message):
    with pytest.raises(MeasureError, match=message):
        measures.record_psfs(items, NOW)
    assert PsfsEntry.select().count() == 0


def test_record_psfs_stores_clean_items(database):
    entry = measures.record_psfs(
        [("  Tying my shoes ", 4), ("Gardening", 2.0), ("Lifting", "6")], NOW
    )
    row = PsfsEntry.get_by_id(entry.id)
    assert row.items == [
        {"activity": "Tying my shoes", "score": 4},
        {"activity": "Gardening", "score": 2},
        {"activity": "Lifting", "score": 6},
    ]
    assert row.score == pytest.approx(4.0)


def test_psfs_due_at_setup_and_after_21_days(database):
    assert measures.psfs_due(NOW)
    measures.record_psfs(PSFS_OK, NOW)
    assert not measures.psfs_due(NOW + timedelta(days=20, hours=23))
    assert measures.psfs_due(NOW + timedelta(days=21))


@pytest.mark.parametrize(
    ("baseline", "current", "direction"),
    [
        (5, 3, "improved"),  # 2 points
        (5, 7, "worsened"),
        (5, 4, "none"),  # 1 point, 20%
        (3, 2, "improved"),  # 1 point but 33%
        (6, 4.2, "improved"),  # 1.8 points, exactly 30%
        (5, 3.5, "improved"),  # 1.5 points, exactly 30%
        (8, 6.5, "none"),  # 1.5 points, under 30%
        (10, 8, "improved"),
        (0, 1, "none"),  # baseline 0: only the 2-point rule
        (0, 2, "worsened"),
        (1, 1.5, "none"),  # 50%, but under the 1-point floor
        (1, 0, "improved"),  # 1 point, 100%
        (4, 4, "none"),
        (0, 0, "none"),
    ],
)
def test_meaningful_change(baseline, current, direction):
    change = measures.meaningful_change(baseline, current)
    assert change.direction == direction
    assert change.delta == pytest.approx(current - baseline)
    assert change.meaningful is (direction != "none")
    if baseline == 0:
        assert change.percent is None


@pytest.mark.parametrize("bad", [(-1, 3), (3, 11), (True, 3), (math.nan, 2), ("5", 3)])
def test_meaningful_change_refuses_bad_levels(bad):
    with pytest.raises(MeasureError):
        measures.meaningful_change(*bad)


@pytest.mark.parametrize(
    ("baseline", "current", "single", "direction"),
    [
        (4, 6, False, "improved"),
        (4, 5.9, False, "none"),
        (6, 4, False, "worsened"),
        (4, 6, True, "none"),  # one activity needs 3 points
        (4, 7, True, "improved"),
        (7, 4, True, "worsened"),
    ],
)
def test_psfs_change(baseline, current, single, direction):
    assert measures.psfs_change(baseline, current, single_activity=single).direction == direction


def _rest(at, pain, moment="standalone"):
    CheckIn.create(at=at, moment=moment, pain=pain)


def test_levels_are_unknown_without_checkins(database):
    assert measures.baseline_pain(NOW) is None
    assert measures.usual_pain(NOW) is None


def test_baseline_is_the_median_of_the_first_week_with_gaps(database):
    start = at(2026, 11, 1, 8, 0)
    _rest(start, 4)
    _rest(start + timedelta(days=3), 6, "before")  # days 1-2 have no check-ins
    _rest(start + timedelta(days=6), 5, "next_morning")
    _rest(start + timedelta(days=5), 10, "during")  # effort of a session: not a resting level
    _rest(start + timedelta(days=5), 9, "after")
    _rest(start + timedelta(days=7), 0)  # day 8: outside the first week
    assert measures.baseline_pain(NOW) == 5.0
    # Before the week is over, the baseline uses what there is so far.
    assert measures.baseline_pain(start + timedelta(days=3)) == 5.0
    assert measures.baseline_pain(start - timedelta(days=1)) is None


def test_usual_level_is_the_median_of_the_last_14_days(database):
    _rest(NOW - timedelta(days=20), 9)  # too old
    _rest(NOW - timedelta(days=13), 2)
    _rest(NOW - timedelta(days=10), 4, "next_morning")
    _rest(NOW - timedelta(days=2), 6, "before")
    _rest(NOW - timedelta(days=1), 3)
    _rest(NOW - timedelta(hours=1), 10, "during")  # not a resting moment
    _rest(NOW + timedelta(hours=1), 10)  # after "now"
    assert measures.usual_pain(NOW) == 3.5
    assert measures.usual_pain(NOW - timedelta(days=15)) == 9.0
    assert measures.usual_pain(NOW + timedelta(days=30)) is None


def test_usual_level_leaves_out_session_scores_and_now(database):
    """The usual level is the typical resting pain away from sessions over 14 days: a bad or
    good score before a session, and anything during or after one, does not move it."""
    _rest(NOW - timedelta(days=15), 9)  # too old
    _rest(NOW - timedelta(days=12), 2)
    _rest(NOW - timedelta(days=8), 3, "next_morning")
    _rest(NOW - timedelta(days=4), 2)
    _rest(NOW - timedelta(days=1), 8, "before")  # that day's pre-session score
    _rest(NOW - timedelta(hours=2), 9, "during")
    _rest(NOW - timedelta(hours=1), 7, "after")
    _rest(NOW, 10)  # at "now": not part of the usual level it is compared with
    assert measures.usual_level(NOW) == 2.0
    assert measures.usual_level(NOW - timedelta(days=20)) is None
