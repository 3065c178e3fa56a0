"""A session in progress belongs to the one backtui process running it.

Another real process starts today's session and stores set 1, then stays alive holding it, as a
second window would. The app here must not join it: pressing s says where it runs, nothing is
written to it, and the start-up look neither offers nor closes it. Once that process is killed
(SIGKILL: the kernel drops its lock), the same session is offered for resuming and carries on
from set 2, each set stored once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from session_helpers import FakeTime, use_plan, wait_for
from test_session_screen import REPS_PLAN, screen_name

from backtui.checkin import triage
from backtui.db.models import Session, SetLog

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs flock")

# The other window: today's session started and set 1 stored, then it waits until killed.
OTHER_WINDOW = """
import sys
from datetime import datetime
from backtui.db.storage import open_database
from backtui.session import store
from backtui.session.start import start_options
now = datetime.fromisoformat(sys.argv[2])
open_database(sys.argv[1], now=now)
choice = start_options(now).today
session = store.start_session(now, choice.items, choice.kind, choice.plan_day)
store.log_set(session.id, choice.items[0].exercise.id, 1, now=now, reps=3)
print(session.id, flush=True)
sys.stdin.read()
"""


@pytest.fixture
def other_window(db_path, clock):
    """Start the other process on the database; it answers once its session and set are stored."""
    started = []

    def start():
        process = subprocess.Popen(
            [sys.executable, "-c", OTHER_WINDOW, str(db_path), clock().isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process, int(process.stdout.readline())

    yield start
    for process in started:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()


async def test_another_window_s_session_cannot_be_joined_until_it_is_gone(
    make_test_app, clock, notices, other_window
):
    app = make_test_app(monotonic=FakeTime())
    use_plan(clock(), REPS_PLAN)
    triage.record_screening([], "manual", clock())
    app.bell = lambda: None
    process, session_id = other_window()
    elsewhere = f"running in another backtui window (pid {process.pid})"
    async with app.run_test(message_hook=notices) as pilot:
        await wait_for(pilot, lambda: any(elsewhere in m for m in notices.messages), "the look")
        assert screen_name(app) != "ResumeOfferScreen"

        await pilot.press("s")
        await wait_for(
            pilot,
            lambda: any(f"This session is {elsewhere}" in m for m in notices.messages),
            "the refusal",
        )
        await wait_for(pilot, lambda: screen_name(app) != "SessionScreen", "the screen to close")
        assert Session.select().count() == 1
        assert Session.get_by_id(session_id).status == "in_progress"
        assert [(s.set_number, s.reps) for s in SetLog.select()] == [(1, 3)]

        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        await pilot.press("s")
        await wait_for(
            pilot,
            lambda: screen_name(app) == "SessionScreen" and app.screen.flow,
            "the session to resume",
        )
        assert app.screen.session_id == session_id and app.screen.flow.set_number == 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: SetLog.select().count() == 2, "set 2")
    rows = sorted((s.exercise_id, s.set_number) for s in SetLog.select())
    assert len(rows) == len(set(rows)) == 2
