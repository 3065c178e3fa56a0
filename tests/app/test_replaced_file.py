"""A running app whose database file is replaced under it stops writing and says why; a write
that fails (a full disk) keeps what the person typed on screen to try again.

The file is replaced for real while the app runs: another process moves it aside and puts a copy
in its place, as a restore from another shell or a sync tool would.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee
import pytest
from session_helpers import FakeTime, use_plan, wait_for
from test_session_screen import REPS_PLAN, open_session, screen_name
from textual.widgets import Input, Static

from backtui.checkin import triage
from backtui.db.models import SetLog, TherapyEntry

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX renames")

REPLACED = "was replaced or moved while backtui had it open"


def replace_under_the_app(db_path: Path, tmp_path: Path) -> Path:
    """Another process moves the database aside and puts a copy in its place."""
    copy, moved = tmp_path / "copy.db", tmp_path / "moved-aside.db"
    source = sqlite3.connect(db_path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    script = "import os, sys; os.replace(sys.argv[1], sys.argv[3]); os.replace(*sys.argv[2:0:-1])"
    subprocess.run([sys.executable, "-c", script, str(db_path), str(copy), str(moved)], check=True)
    return moved


def set_rows(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT set_number FROM setlog ORDER BY id").fetchall()
    finally:
        connection.close()


async def test_a_replaced_file_stops_every_write_with_one_plain_message(
    make_test_app, clock, db_path, tmp_path, notices
):
    app = make_test_app(monotonic=FakeTime())
    use_plan(clock(), REPS_PLAN)
    triage.record_screening([], "manual", clock())
    app.bell = lambda: None
    async with app.run_test(message_hook=notices) as pilot:
        await open_session(pilot)
        await pilot.press("enter")  # set 1, into the file as it was
        await wait_for(pilot, lambda: SetLog.select().count() == 1, "set 1")
        await pilot.press("enter")  # end the rest
        replace_under_the_app(db_path, tmp_path)

        for attempt in (1, 2):  # set 2, refused each time with the same words
            await pilot.press("enter")
            await wait_for(
                pilot, lambda n=attempt: len(notices.of_severity("error")) == n, "the refusal"
            )
            assert screen_name(app) == "SessionScreen" and app.screen.flow.set_number == 2
            assert "not saved" in str(app.screen.query_one("#phase").render())
        first, second = notices.of_severity("error")
        assert first == second and REPLACED in first and first.startswith("Not saved.")
        assert app.is_running
    # The file now at the path holds set 1 (copied) and nothing more.
    assert set_rows(db_path) == [(1,)]


async def test_a_therapy_the_disk_refuses_keeps_the_form_open_then_saves(
    make_test_app, monkeypatch
):
    from backtui.tui.history import therapies

    real = therapies.add_therapy

    def full(*args, **kwargs):
        raise peewee.OperationalError("database or disk is full")

    monkeypatch.setattr(therapies, "add_therapy", full)
    app = make_test_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("h")
        await wait_for(pilot, lambda: screen_name(app) == "HistoryScreen", "History")
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "TherapyForm", "the form")
        form = app.screen
        form.query_one("#therapy-note", Input).value = "Physio: hip hinge"
        await pilot.press("ctrl+s")
        error = form.query_one("#therapy-error", Static)
        await wait_for(pilot, lambda: "disk is full" in str(error.render()), "the message")
        assert "Nothing was stored" in str(error.render())
        assert app.screen is form and form.query_one("#therapy-note", Input).value
        assert TherapyEntry.select().count() == 0

        monkeypatch.setattr(therapies, "add_therapy", real)  # the disk has room again
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_name(app) == "HistoryScreen", "the form to close")
        await wait_for(pilot, lambda: TherapyEntry.select().count() == 1, "the entry")
        assert TherapyEntry.get().note == "Physio: hip hinge"
