"""`backtui remind`: what is due, quiet hours and days, a fake notifier, never twice."""

from __future__ import annotations

import io
import stat
from datetime import time, timedelta

import pytest
from fixed_time import FIXED_NOW, at
from session_helpers import add_exercise, plan

from backtui.checkin import triage
from backtui.checkin.holds import withdraw_hold
from backtui.config import Reminders
from backtui.db.models import Session
from backtui.db.storage import close_database
from backtui.outside import remind

EVENING = FIXED_NOW.replace(hour=19)  # Wednesday, after the default 18:00


class FakeNotifier:
    """Stands in for notify-send: records each command instead of showing anything."""

    def __init__(self, tmp_path, exit_status: int = 0) -> None:
        self.log = tmp_path / "notified.log"
        script = tmp_path / "notify-send"
        # Arguments joined by |, each call ended by a record separator (bodies hold newlines).
        script.write_text(
            f"#!/bin/sh\nprintf '%s|' \"$@\" >> {self.log}\nprintf '\\036' >> {self.log}\n"
            f"exit {exit_status}\n"
        )
        script.chmod(0o755)
        self.notifier = remind.find_notifier("linux", which=lambda name: str(tmp_path / name))

    def sent(self) -> list[str]:
        return self.log.read_text().split("\x1e")[:-1] if self.log.exists() else []


@pytest.fixture
def planned_today(database):
    plan(
        add_exercise("bridge", name="Glute bridge", kind="core", dose_type="reps", sets=1, reps=8),
        FIXED_NOW,
        weekdays=str(FIXED_NOW.weekday()),
    )
    close_database()
    return database


def _remind(db_path, now, fake, tmp_path, settings=None):
    out = io.StringIO()
    code = remind.run_remind(
        db_path,
        now,
        settings or Reminders(),
        notifier=fake.notifier,
        state=tmp_path / "state" / "reminders.json",
        out=out,
        err=out,
    )
    return code, out.getvalue()


def test_a_due_session_sends_one_notification_with_the_command(planned_today, tmp_path):
    fake = FakeNotifier(tmp_path)
    assert _remind(planned_today, EVENING, fake, tmp_path) == (0, "")
    [call] = fake.sent()
    assert call.startswith("--app-name=backtui|Your back exercises for today|")
    assert "1 exercise is planned" in call and "Run: backtui" in call


def test_never_twice_for_the_same_thing_on_the_same_day(planned_today, tmp_path):
    fake = FakeNotifier(tmp_path)
    _remind(planned_today, EVENING, fake, tmp_path)
    _remind(planned_today, EVENING + timedelta(minutes=30), fake, tmp_path)
    assert len(fake.sent()) == 1
    _remind(planned_today, EVENING + timedelta(days=7), fake, tmp_path)  # next Wednesday
    assert len(fake.sent()) == 2


def test_the_state_file_is_private(planned_today, tmp_path):
    _remind(planned_today, EVENING, FakeNotifier(tmp_path), tmp_path)
    state = tmp_path / "state" / "reminders.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.parent.stat().st_mode) == 0o700
    assert list(__import__("json").loads(state.read_text())) == ["session:2026-11-25"]


def test_not_due_before_the_configured_time(planned_today, tmp_path):
    fake = FakeNotifier(tmp_path)
    settings = Reminders(after=time(20, 0))
    assert _remind(planned_today, EVENING, fake, tmp_path, settings) == (0, "")
    assert fake.sent() == []


def test_not_due_once_done_or_on_a_rest_day_or_on_hold(planned_today, tmp_path):
    from backtui.db.storage import open_database

    fake = FakeNotifier(tmp_path)
    _remind(planned_today, EVENING + timedelta(days=1), fake, tmp_path)  # Thursday: rest day
    open_database(planned_today, now=FIXED_NOW)
    triage.record_screening(["weight_loss"], "manual", FIXED_NOW)
    close_database()
    _remind(planned_today, EVENING, fake, tmp_path)  # on hold: no nudge to exercise
    open_database(planned_today, now=FIXED_NOW)
    from backtui.db.models import Setting

    Setting.delete().execute()
    withdraw_hold(FIXED_NOW)  # the hold ends only by a clearance or a withdrawal
    Session.create(started_at=FIXED_NOW, ended_at=FIXED_NOW, status="completed")
    close_database()
    _remind(planned_today, EVENING, fake, tmp_path)  # done today
    assert fake.sent() == []


def test_quiet_hours_and_days(planned_today, tmp_path):
    fake = FakeNotifier(tmp_path)
    late = FIXED_NOW.replace(hour=22, minute=30)
    _remind(planned_today, late, fake, tmp_path)
    _remind(planned_today, EVENING, fake, tmp_path, Reminders(days=(0, 1)))  # not Wednesdays
    _remind(planned_today, EVENING, fake, tmp_path, Reminders(quiet=(time(18), time(20))))
    assert fake.sent() == []
    _remind(planned_today, late, fake, tmp_path, Reminders(quiet=None))
    assert len(fake.sent()) == 1


def test_quiet_hours_wrap_past_midnight():
    quiet = Reminders(quiet=(time(22), time(8)))
    assert quiet.is_quiet(time(23)) and quiet.is_quiet(time(7, 59))
    assert not quiet.is_quiet(time(8)) and not quiet.is_quiet(time(21, 59))


def test_the_next_morning_check_in_is_due_in_the_morning(database, tmp_path):
    yesterday = FIXED_NOW - timedelta(days=1)
    Session.create(started_at=yesterday, ended_at=yesterday, status="completed")
    close_database()
    fake = FakeNotifier(tmp_path)
    _remind(database, FIXED_NOW, fake, tmp_path)
    [call] = fake.sent()
    assert "How is your back this morning?" in call and "backtui checkin PAIN" in call
    _remind(database, FIXED_NOW.replace(hour=7), fake, tmp_path)  # quiet until 08:00 anyway
    assert len(fake.sent()) == 1


def test_without_a_notifier_it_prints_the_reminder_and_exits_0(planned_today, tmp_path):
    out = io.StringIO()
    state = tmp_path / "state.json"
    code = remind.run_remind(
        planned_today, EVENING, Reminders(), notifier=None, state=state, out=out, err=out
    )
    assert code == 0 and "Your back exercises for today" in out.getvalue()
    again = io.StringIO()
    remind.run_remind(planned_today, EVENING, Reminders(), notifier=None, state=state, out=again)
    assert again.getvalue() == ""


def test_a_failed_notification_is_tried_again_next_time(planned_today, tmp_path):
    failing = FakeNotifier(tmp_path, exit_status=1)
    code, said = _remind(planned_today, EVENING, failing, tmp_path)
    assert code == 1 and "could not be shown" in said
    assert not (tmp_path / "state" / "reminders.json").exists()


def test_no_database_means_nothing_to_remind_and_nothing_created(tmp_path):
    fake = FakeNotifier(tmp_path)
    missing = tmp_path / "none" / "backtui.db"
    assert _remind(missing, EVENING, fake, tmp_path) == (0, "")
    assert not missing.parent.exists() and fake.sent() == []


def test_the_notifier_is_the_platforms_own_tool_run_without_a_shell():
    found = {"notify-send": "/usr/bin/notify-send", "osascript": "/usr/bin/osascript"}
    linux = remind.find_notifier("linux", which=found.get)("Title", 'Body "; rm -rf ~')
    assert linux == ["/usr/bin/notify-send", "--app-name=backtui", "Title", 'Body "; rm -rf ~']
    mac = remind.find_notifier("darwin", which=found.get)("Title", 'say "hi"')
    assert mac[0] == "/usr/bin/osascript" and mac[-2:] == ["Title", 'say "hi"']
    assert remind.find_notifier("linux", which=lambda name: None) is None


def test_the_cli_reads_the_reminders_table_from_config(
    planned_today, tmp_path, monkeypatch, capsys
):
    from backtui.cli import main
    from backtui.paths import config_path

    config_path().parent.mkdir(parents=True)
    config_path().write_text('[reminders]\nafter = "00:00"\nquiet = ""\n')
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.setattr("backtui.clock.system_clock", lambda: at(2026, 11, 25, 3, 0))
    assert main(["--db", str(planned_today), "remind"]) == 0
    assert "Your back exercises for today" in capsys.readouterr().out
    assert (tmp_path / "xdg-state" / "backtui" / "reminders.json").exists()
