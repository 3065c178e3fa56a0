"""`backtui calendar`: the plan as weekly events, parsed back with icalendar."""

from __future__ import annotations

import stat
from datetime import datetime, time

import pytest
from fixed_time import FIXED_NOW
from icalendar import Calendar
from session_helpers import add_exercise, plan

from backtui.cli import main
from backtui.db.storage import close_database


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("backtui.clock.system_clock", lambda: FIXED_NOW)  # Wednesday


def _planned(database):
    bridge = add_exercise(
        "bridge", name="Glute bridge", kind="core", dose_type="reps", sets=2, reps=8
    )
    walk = add_exercise("walk", name="Walking", kind="cardio", dose_type="minutes", minutes=10)
    plan(bridge, FIXED_NOW, weekdays="0,2,4", position=0)
    plan(walk, FIXED_NOW, weekdays="2", position=1)
    close_database()
    return database


def _events(path):
    return {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_each_planned_weekday_is_a_weekly_event_with_an_alarm(database, tmp_path, capsys):
    db = _planned(database)
    out = tmp_path / "plan.ics"
    assert main(["--db", str(db), "calendar", "-o", str(out)]) == 0
    assert "3 weekly events" in capsys.readouterr().out
    events = _events(out)
    assert sorted(events) == [
        "plan-friday@backtui.local",
        "plan-monday@backtui.local",
        "plan-wednesday@backtui.local",
    ]
    wednesday = events["plan-wednesday@backtui.local"]
    assert wednesday["RRULE"]["FREQ"] == ["WEEKLY"] and wednesday["RRULE"]["BYDAY"] == ["WE"]
    assert wednesday.decoded("DTSTART").time() == time(18, 0)  # the [reminders] after time
    assert wednesday.decoded("DTSTART").weekday() == 2
    assert "Glute bridge: 2 × 8 reps" in wednesday["DESCRIPTION"]
    assert "Walking: 10 min" in wednesday["DESCRIPTION"]
    [alarm] = wednesday.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert "Walking" not in events["plan-monday@backtui.local"]["DESCRIPTION"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_uids_are_stable_so_a_new_import_updates(database, tmp_path):
    db = _planned(database)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    main(["--db", str(db), "calendar", "-o", str(first)])
    main(["--db", str(db), "calendar", "-o", str(second)])
    assert sorted(_events(first)) == sorted(_events(second))


def test_days_limits_the_repeats(database, tmp_path):
    db = _planned(database)
    out = tmp_path / "plan.ics"
    assert main(["--db", str(db), "calendar", "-o", str(out), "--days", "3"]) == 0
    events = _events(out)  # Wednesday 25 to Friday 27: no Monday
    assert sorted(events) == ["plan-friday@backtui.local", "plan-wednesday@backtui.local"]
    until = events["plan-friday@backtui.local"]["RRULE"]["UNTIL"][0]
    assert until == datetime(2026, 11, 27, 23, 59, 59)  # floating: local wherever you are


def test_an_existing_file_needs_force(database, tmp_path, capsys):
    db = _planned(database)
    out = tmp_path / "plan.ics"
    out.write_text("keep me")
    assert main(["--db", str(db), "calendar", "-o", str(out)]) == 2
    assert out.read_text() == "keep me" and "--force" in capsys.readouterr().err
    assert main(["--db", str(db), "calendar", "-o", str(out), "--force"]) == 0
    assert len(_events(out)) == 3


def test_dash_writes_to_standard_output(database, capsys):
    db = _planned(database)
    assert main(["--db", str(db), "calendar", "-o", "-"]) == 0
    parsed = Calendar.from_ical(capsys.readouterr().out)
    assert len(parsed.walk("VEVENT")) == 3


def test_an_empty_plan_or_no_database_is_one_line(database, tmp_path, capsys):
    close_database()
    assert main(["--db", str(database), "calendar", "-o", "-"]) == 2
    assert "no exercises in your plan" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "none.db"), "calendar", "-o", "-"]) == 2
    assert not (tmp_path / "none.db").exists()
