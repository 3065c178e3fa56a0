"""`backtui status`: each state, each format, and that it only ever reads."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from fixed_time import FIXED_NOW, at
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from session_helpers import add_exercise, plan

from backtui.checkin import triage
from backtui.checkin.checkins import next_morning_session, save_checkin
from backtui.cli import main
from backtui.db import migrations, storage
from backtui.db.models import CheckIn, RedFlagHold, Session
from backtui.db.storage import close_database, open_database
from backtui.history.weeks import current_streak, week_start
from backtui.outside import facts, readonly
from backtui.outside.status import status_text
from backtui.plan import weekly
from backtui.progression import inputs

WEDNESDAY = FIXED_NOW.weekday()
AFTERNOON = FIXED_NOW.replace(hour=15)


def _status(db_path, now=AFTERNOON, fmt="line"):
    close_database()  # as from a prompt: the app need not be open
    return status_text(db_path, now, fmt)


def _plan_on(now, weekdays: str, count: int = 2) -> None:
    for number in range(count):
        plan(
            add_exercise(
                f"ex{number}",
                name=f"Exercise {number}",
                kind="core",
                dose_type="reps",
                sets=1,
                reps=8,
            ),
            now,
            weekdays=weekdays,
        )


def _session(started: datetime, status: str = "completed") -> Session:
    return Session.create(
        started_at=started, ended_at=started + timedelta(minutes=20), status=status
    )


def test_before_the_first_run_it_says_how_to_start_and_creates_nothing(tmp_path, capsys):
    db_path = tmp_path / "nowhere" / "backtui.db"
    assert main(["--db", str(db_path), "status"]) == 0
    assert capsys.readouterr().out.strip() == "back: run backtui to begin"
    assert not db_path.parent.exists()


def test_default_database_is_not_created_either(tmp_path, capsys):
    assert main(["status"]) == 0
    assert capsys.readouterr().out.strip() == "back: run backtui to begin"
    assert not (tmp_path / "xdg-data").exists()


def test_a_planned_day_names_todays_exercises(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY), count=3)
    assert _status(database) == "back: today 3 exercises · 0/3 this week"


def test_a_rest_day(database):
    _plan_on(FIXED_NOW, "0,4")
    _session(FIXED_NOW - timedelta(days=2))  # Monday
    assert _status(database) == "back: rest day · 1/3 this week"


def test_done_today(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY))
    _session(FIXED_NOW)
    assert _status(database) == "back: done today ✓ · 1/3 this week"


def test_an_interrupted_session_does_not_count_as_done(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY), count=1)
    _session(FIXED_NOW, status="interrupted")
    assert _status(database) == "back: today 1 exercise · 0/3 this week"


def test_the_streak_counts_weeks_that_met_the_target(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY))
    monday = at(2026, 11, 23, 10)
    for week in range(1, 5):
        for day in range(3):
            _session(monday - timedelta(weeks=week) + timedelta(days=day))
    assert _status(database) == "back: today 2 exercises · 0/3 this week · 4-week streak"


def test_the_week_follows_the_chosen_start_day_and_target(database):
    from backtui.db.settings import set_setting

    _plan_on(FIXED_NOW, "0")
    _session(at(2026, 11, 22, 10))  # Sunday
    set_setting("week_start", "sunday")
    set_setting("weekly_target", 2)
    assert _status(database) == "back: rest day · 1/2 this week"


def test_the_morning_after_a_session_asks_for_the_check_in(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY))
    _session(FIXED_NOW - timedelta(days=1))
    assert _status(database, FIXED_NOW) == "back: morning check-in?"
    open_database(database, now=FIXED_NOW)
    save_checkin(2, moment="next_morning", now=FIXED_NOW)
    assert _status(database, FIXED_NOW + timedelta(minutes=1)).startswith("back: today 2")


@pytest.mark.parametrize(
    "case",
    ["none", "yesterday", "two_days_ago", "checked_in", "afternoon", "ended_after_midnight"],
)
def test_the_morning_rule_matches_the_apps(database, case):
    now = FIXED_NOW
    if case == "yesterday":
        _session(now - timedelta(days=1))
    elif case == "two_days_ago":
        _session(now - timedelta(days=2))
    elif case == "checked_in":
        _session(now - timedelta(days=1))
        CheckIn.create(at=now - timedelta(hours=1), moment="standalone", pain=2)
    elif case == "afternoon":
        _session(now - timedelta(days=1))
        now = AFTERNOON
    elif case == "ended_after_midnight":
        started = at(2026, 11, 24, 23, 50)  # ends 00:20 today: this morning follows it
        Session.create(
            started_at=started, ended_at=started + timedelta(minutes=30), status="completed"
        )
    expected = next_morning_session(now) is not None
    connection = sqlite3.connect(database)
    try:
        assert facts.morning_checkin_due(connection, now) is expected
    finally:
        connection.close()
    assert expected is (case in ("yesterday", "ended_after_midnight"))


def test_on_hold_after_a_warning_sign_it_says_so_instead_of_nudging(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY))
    triage.record_screening(["fever_unwell"], "manual", FIXED_NOW - timedelta(days=1))
    assert inputs.progression_paused()
    line = _status(database)
    assert line == "back: exercise on hold after a warning sign"
    waybar = json.loads(_status(database, fmt="waybar"))
    assert waybar["class"] == "on_hold" and "lifts the hold" in waybar["tooltip"]


def test_json_gives_the_same_facts(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY), count=3)
    _session(at(2026, 11, 23, 10))
    data = json.loads(_status(database, fmt="json"))
    assert data == {
        "state": "due",
        "text": "back: today 3 exercises · 1/3 this week",
        "tooltip": "Today's plan: 3 exercises. Run backtui to start.",
        "today": "2026-11-25",
        "planned_today": 3,
        "has_plan": True,
        "done_today": False,
        "this_week": 1,
        "weekly_target": 3,
        "streak_weeks": 0,
        "morning_checkin_due": False,
        "on_hold": False,
    }


def test_waybar_gives_text_tooltip_and_class(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY))
    _session(FIXED_NOW)
    data = json.loads(_status(database, fmt="waybar"))
    assert data == {
        "text": "back: done today ✓ · 1/3 this week",
        "tooltip": "Today's session is done. 1/3 this week.",
        "class": "done",
    }


def test_no_database_in_json_and_waybar(tmp_path):
    missing = tmp_path / "none.db"
    assert json.loads(status_text(missing, AFTERNOON, "json"))["state"] == "missing"
    assert json.loads(status_text(missing, AFTERNOON, "waybar"))["class"] == "missing"


@pytest.mark.parametrize(
    ("version", "line"), [(2, "back: open backtui to update"), (99, "back: needs a newer backtui")]
)
def test_an_older_or_newer_schema_is_named_not_migrated(database, version, line):
    close_database()
    with sqlite3.connect(database) as connection:
        connection.execute(f"PRAGMA user_version = {version}")
    connection.close()
    assert _status(database) == line
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == version
    connection.close()


def test_a_file_that_is_not_backtuis(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    assert status_text(other, AFTERNOON) == "back: not a backtui database"


def test_it_never_writes_to_the_database_or_beside_it(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY))
    close_database()
    files = [p for p in database.parent.iterdir() if p.is_file()]
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    for fmt in ("line", "json", "waybar"):
        status_text(database, AFTERNOON, fmt)
    files = [p for p in database.parent.iterdir() if p.is_file()]
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    assert after == before


def test_it_reads_while_the_app_has_the_database_open(database):
    _plan_on(FIXED_NOW, str(WEDNESDAY))
    _session(FIXED_NOW)  # committed to the WAL, not yet checkpointed into the file
    assert status_text(database, AFTERNOON).startswith("back: done today")


def test_the_copied_constants_stay_in_step_with_their_owners():
    assert readonly.APPLICATION_ID == storage.APPLICATION_ID
    assert readonly.SCHEMA_VERSION == migrations.SCHEMA_VERSION
    assert facts.HOLD_TABLE == RedFlagHold._meta.table_name
    assert facts.DEFAULT_WEEKLY_TARGET == weekly.DEFAULT_WEEKLY_TARGET


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sessions_per_week=st.lists(st.integers(0, 3), min_size=1, max_size=24),
    target=st.integers(1, 3),
    first_weeks=st.integers(1, 3),
    start_day=st.integers(0, 6),
    today_offset=st.integers(0, 6),
)
@example(sessions_per_week=[1, 1, 0], target=1, first_weeks=1, start_day=0, today_offset=0)
def test_the_streak_read_a_few_weeks_at_a_time_is_the_streak_of_everything(
    database, monkeypatch, sessions_per_week, target, first_weeks, start_day, today_offset
):
    """What keeps the status line as quick at thirty years as at one (facts.recent_weeks)."""
    Session.delete().execute()
    monkeypatch.setattr(facts, "STREAK_WEEKS", first_weeks)  # streaks cross the reads' edges
    first = at(2025, 1, 6, 18)  # a Monday
    for week, count in enumerate(sessions_per_week):
        for day in range(count):
            _session(first + timedelta(weeks=week, days=day))
    today = (first + timedelta(weeks=len(sessions_per_week) - 1, days=today_offset)).date()
    with sqlite3.connect(database) as connection:
        everything = facts._weeks(connection, start_day, date.min)
        weeks, streak = facts.recent_weeks(connection, today, start_day, target)
    assert streak == current_streak(everything, target, today, start_day)
    this_week = week_start(today, start_day)
    assert weeks.get(this_week, 0) == everything.get(this_week, 0)
