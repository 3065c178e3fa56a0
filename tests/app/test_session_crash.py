"""kill -9 in the middle of a session loses no completed set: the real app, in a real terminal.

backtui runs in a child process on a pseudo-terminal. The test types keys like a person would,
waits for what the screen shows and for rows in the database, completes a set, and kills the process
with SIGKILL. The set and the in-progress session are then found in the database, and the next start
offers to resume that session.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from datetime import datetime, timedelta

import pytest
from session_helpers import wait_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
PATIENCE = 60.0  # seconds before giving up on a step: a guard against hanging, not a timing test


class Terminal:
    """backtui on a pseudo-terminal of 100×30, with everything it draws kept as plain text."""

    def __init__(self, db_path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backtui.cli", "--db", str(db_path)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.chunks: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.chunks.append(data.decode("utf-8", "replace"))

    def screen_text(self) -> str:
        return ANSI.sub("", "".join(self.chunks))

    def wait_for_text(self, text: str) -> None:
        self.wait(lambda: text in self.screen_text(), f"{text!r} on screen")

    def wait(self, condition, what: str) -> None:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                raise AssertionError(
                    f"backtui exited ({self.process.returncode}) before {what}:"
                    f"\n{self.screen_text()[-2000:]}"
                )
            time.sleep(0.05)
        raise AssertionError(f"Gave up waiting for {what}.")

    def type(self, keys: str) -> None:
        self.chunks.clear()  # what the screen shows after these keys is what counts now
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=PATIENCE)
        os.close(self.master)

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()


def count(db_path, sql: str) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def rows(db_path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture
def every_day_plan(db_path):
    """A new database whose plan runs every day, so the real date always has a session."""
    from backtui.db.models import PlanItem
    from backtui.db.storage import close_database, open_database
    from backtui.plan.library import sync_library
    from backtui.plan.programmes import ensure_default_plan

    open_database(db_path, now=datetime.now().astimezone())
    sync_library()
    ensure_default_plan(datetime.now().astimezone())
    PlanItem.update(weekdays="0,1,2,3,4,5,6").execute()
    close_database()
    return db_path


def crash_after_one_set(db_path) -> None:
    terminal = Terminal(db_path)
    try:
        terminal.wait_for_text("Plan")
        terminal.type("s")
        terminal.wait_for_text("None of these apply")  # the first-session safety screen
        terminal.type("\r")
        terminal.wait_for_text("Before you start")  # the pre-session pain question
        terminal.type("3")
        terminal.type("\r")  # a 0-10 answer is saved with enter
        terminal.wait_for_text("set 1 of")
        terminal.type("\r")  # complete the first set
        terminal.wait(lambda: count(db_path, "SELECT count(*) FROM setlog") == 1, "the set")
        terminal.kill()
    finally:
        terminal.close()


def test_sigkill_after_a_set_keeps_the_set_and_the_in_progress_session(every_day_plan):
    db_path = every_day_plan
    crash_after_one_set(db_path)
    assert rows(db_path, "SELECT status, ended_at, planned_sets > 1 FROM session") == [
        ("in_progress", None, 1)
    ]
    assert rows(db_path, "SELECT session_id, set_number FROM setlog") == [(1, 1)]
    assert rows(db_path, "SELECT moment, pain, session_id FROM checkin") == [("before", 3, 1)]


def test_the_next_start_offers_to_resume_todays_unfinished_session(every_day_plan):
    db_path = every_day_plan
    crash_after_one_set(db_path)
    terminal = Terminal(db_path)
    try:
        terminal.wait_for_text("Unfinished session")
        assert "finished 1 of" in terminal.screen_text()
        terminal.type("r")
        terminal.wait_for_text("Carrying on")
        terminal.type("\r")  # the next set, in the same session
        terminal.wait(lambda: count(db_path, "SELECT count(*) FROM setlog") == 2, "the set")
    finally:
        terminal.close()
    assert rows(db_path, "SELECT session_id FROM setlog") == [(1,), (1,)]
    assert count(db_path, "SELECT count(*) FROM session") == 1


async def test_an_unfinished_session_from_an_earlier_day_is_closed_as_interrupted(
    every_day_plan, make_test_app, notices
):
    from backtui.clock import FixedClock

    db_path = every_day_plan
    crash_after_one_set(db_path)
    (started,) = rows(db_path, "SELECT started_at FROM session")[0]
    tomorrow = FixedClock(datetime.fromisoformat(started) + timedelta(days=1))
    app = make_test_app(clock=tomorrow)
    async with app.run_test(message_hook=notices) as pilot:
        await wait_for(pilot, lambda: any("interrupted" in m for m in notices.messages), "a notice")
        assert type(app.screen).__name__ == "PlanScreen"  # nothing to resume on a new day
    ((status, ended_at),) = rows(db_path, "SELECT status, ended_at FROM session")
    ((last_set,),) = rows(db_path, "SELECT completed_at FROM setlog")
    assert (status, ended_at) == ("interrupted", last_set)
