"""The week's pace: the Plan's line when the weekly target is at risk, never a streak."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from fixed_time import at
from hypothesis import given
from hypothesis import strategies as st

from backtui.db.models import Session
from backtui.db.settings import set_setting
from backtui.plan.library import sync_library
from backtui.plan.pace import days_to_go, week_at_risk_line
from backtui.plan.programmes import ensure_default_plan
from backtui.plan.snapshot import load_plan

SATURDAY = at(2026, 11, 28, 9, 0)  # the week runs Monday 23 to Sunday 29 by default
NEXT_MONDAY = date(2026, 11, 30)


def test_nothing_when_the_target_is_met_or_passed():
    assert week_at_risk_line(3, 3, 0) is None
    assert week_at_risk_line(4, 3, 1) is None


def test_nothing_when_there_is_room_to_spare():
    assert week_at_risk_line(1, 3, 3) is None
    assert week_at_risk_line(0, 3, 7) is None


def test_exactly_as_many_days_as_sessions_needed():
    assert week_at_risk_line(1, 3, 2) == (
        "2 sessions left and 2 days to go this week. A short session counts too."
    )
    assert week_at_risk_line(2, 3, 1).startswith("1 session left and 1 day to go")


@pytest.mark.parametrize("days_left", [0, 1, 2])
def test_more_needed_than_days_left_is_carried_to_next_week_kindly(days_left):
    line = week_at_risk_line(0, 3, days_left)
    assert "next week" in line and "that is fine" in line
    assert not any(word in line.lower() for word in ("streak", "missed", "failed", "behind"))


@given(
    target=st.integers(1, 7), done=st.integers(0, 9), days_left=st.integers(0, 7)
)
def test_a_line_only_when_every_day_left_is_needed(target, done, days_left):
    line = week_at_risk_line(done, target, days_left)
    needed = target - done
    assert (line is not None) == (needed > 0 and needed >= days_left)


def test_days_to_go_counts_today_until_a_session_is_done():
    assert days_to_go(SATURDAY.date(), NEXT_MONDAY, trained_today=False) == 2
    assert days_to_go(SATURDAY.date(), NEXT_MONDAY, trained_today=True) == 1
    assert days_to_go(date(2026, 11, 29), NEXT_MONDAY, trained_today=True) == 0


@pytest.fixture
def plan_db(database):
    sync_library()
    ensure_default_plan(SATURDAY - timedelta(days=10))
    return database


def _done(at: datetime) -> None:
    Session.create(started_at=at, ended_at=at + timedelta(minutes=15), status="completed")


def test_the_plan_snapshot_reads_the_line(plan_db):
    assert "next week" in load_plan(SATURDAY).week_note  # three needed, two days left
    _done(SATURDAY - timedelta(days=4))  # Tuesday
    assert load_plan(SATURDAY).week_note.startswith("2 sessions left and 2 days to go")
    _done(SATURDAY - timedelta(hours=1))  # earlier today: only Sunday is left
    assert load_plan(SATURDAY).week_note.startswith("1 session left and 1 day to go")
    _done(SATURDAY - timedelta(days=3))
    assert load_plan(SATURDAY).week_note is None  # three done: the target is met


def test_the_week_start_setting_moves_the_days_left(plan_db):
    set_setting("week_start", 5)  # a week from Saturday: seven days to go
    assert load_plan(SATURDAY).week_note is None
