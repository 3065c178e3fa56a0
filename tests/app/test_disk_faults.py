"""Writes that fail for real: a disk that refuses writes, a full disk, a read-only data folder.

The faults are caused, not imagined: ``chattr +i`` makes the database file and its WAL immutable
(even root cannot write them), and a tiny tmpfs filled to the last byte gives a real "disk full".
Both need root; a monkeypatched core function covers the same path everywhere else. In every case
the app names the problem, the session (or the check-in form) stays open, everything saved before
is intact, nothing half-written is left, and once the disk is back the next write succeeds.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import peewee
import pytest
from session_helpers import FakeTime, use_plan, wait_for
from storage_helpers import small_tmpfs
from test_session_screen import REPS_PLAN, open_session, screen_name

from backtui.checkin import triage
from backtui.db.models import CheckIn, SetLog

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file systems")


def _can_freeze() -> bool:
    return os.geteuid() == 0 and shutil.which("chattr") is not None


needs_root = pytest.mark.skipif(not _can_freeze(), reason="needs root and chattr")


@contextmanager
def frozen(*paths: Path):
    """Make files or folders immutable for the block: every write to them fails."""
    names = [str(p) for p in paths]
    if subprocess.run(["chattr", "+i", *names], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make files immutable")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *names], check=False)


def file_rows(db_path: Path, sql: str) -> list[tuple]:
    """Read the file through a connection of its own, as the next start would."""
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def assert_sound(db_path: Path) -> None:
    assert file_rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert file_rows(db_path, "PRAGMA foreign_key_check") == []


@pytest.fixture
def build_session_app(make_test_app, clock):
    """The app on a given database, with today's plan, the checklist done and a fake timer."""

    def build(db_path=None):
        app = make_test_app(monotonic=FakeTime(), **({"db_path": db_path} if db_path else {}))
        use_plan(clock(), REPS_PLAN)
        triage.record_screening([], "manual", clock())
        app.bell = lambda: None
        return app

    return build


async def one_set_saved(pilot) -> None:
    """A session with the pre-session pain (4) and one set stored, waiting on its next set."""
    await open_session(pilot, "4", "enter")
    await pilot.press("enter")  # set 1 of pelvic tilt
    await wait_for(pilot, lambda: SetLog.select().count() == 1, "the first set")
    await pilot.press("enter")  # end the rest: set 2 is next


# SQLite's words for a file that refuses writes depend on whether the writing thread's connection
# was open before the file froze ("disk I/O error") or opens now, read-only ("readonly database").
REFUSED = ("disk I/O error", "readonly database")


async def write_fails_then_recovers(
    pilot, notices, db_path: Path, fault, problem: str | tuple[str, ...]
) -> str:
    """Confirm a set while ``fault`` is on; check what the app and the file show; lift it.
    ``notices`` is the recorder the app was run with; ``problem`` is what it names (any one)."""
    app = pilot.app
    with fault():
        await pilot.press("enter")  # set 2: its write fails
        await wait_for(pilot, lambda: notices.of_severity("error"), "the failure to be reported")
        assert screen_name(app) == "SessionScreen" and app.screen.live()
        # The screen counts only stored sets: the refused one is not shown as done.
        assert "1 of 3 sets done" in str(app.screen.query_one("#progress").render())
    (message,) = notices.of_severity("error")
    named = any(words in message for words in ((problem,) if isinstance(problem, str) else problem))
    assert named and "not stored" in message and "rollback" not in message, message
    # What was saved before is intact; the failed set left nothing behind.
    assert_sound(db_path)
    assert file_rows(db_path, "SELECT set_number FROM setlog") == [(1,)]
    assert file_rows(db_path, "SELECT moment, pain FROM checkin") == [("before", 4)]
    # The refused set is still on screen, saying so: enter tries it again, now stored.
    assert "not saved" in str(app.screen.query_one("#phase").render())
    assert app.screen.flow.set_number == 2
    await pilot.press("enter")
    await wait_for(pilot, lambda: SetLog.select().count() == 2, "the set tried again")
    assert file_rows(db_path, "SELECT set_number FROM setlog ORDER BY id") == [(1,), (2,)]
    assert "2 of 3 sets done" in str(app.screen.query_one("#progress").render())
    assert_sound(db_path)
    return message


@needs_root
async def test_a_set_the_disk_refuses_is_reported_and_the_session_carries_on(
    build_session_app, db_path, notices
):
    app = build_session_app()
    async with app.run_test(message_hook=notices) as pilot:
        await one_set_saved(pilot)
        wal = Path(f"{db_path}-wal")
        assert wal.exists()
        await write_fails_then_recovers(
            pilot, notices, db_path, lambda: frozen(db_path, wal), REFUSED
        )


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs of its own, so it can be filled for real (needs root and mount)."""
    with small_tmpfs(tmp_path / "small-disk", "2m") as mount_point:
        yield mount_point


@contextmanager
def filled(folder: Path):
    """Fill the file system holding ``folder`` to its last byte; free it afterwards."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (1 << 16, 1 << 12, 1 << 9, 1):
            while True:
                try:
                    handle.write(b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
    try:
        yield
    finally:
        filler.unlink()


async def test_a_set_on_a_full_disk_is_reported_and_the_session_carries_on(
    build_session_app, small_disk, notices
):
    db_path = small_disk / "data" / "backtui.db"
    app = build_session_app(db_path)
    async with app.run_test(message_hook=notices) as pilot:
        await one_set_saved(pilot)
        await app.workers.wait_for_complete()  # the daily backup is on the same disk
        message = await write_fails_then_recovers(
            pilot, notices, db_path, lambda: filled(small_disk), "database or disk is full"
        )
        assert message.startswith("Could not save")


async def test_a_failing_core_write_is_reported_without_a_real_fault(
    build_session_app, db_path, monkeypatch, notices
):
    """The same path on any machine: the set-logging function raises SQLite's own error."""
    from backtui.session import store

    @contextmanager
    def failing():
        def full(*args, **kwargs):
            raise peewee.OperationalError("database or disk is full")

        with monkeypatch.context() as patch:
            patch.setattr(store, "log_set", full)
            yield

    app = build_session_app()
    async with app.run_test(message_hook=notices) as pilot:
        await one_set_saved(pilot)
        await write_fails_then_recovers(
            pilot, notices, db_path, failing, "database or disk is full"
        )


@needs_root
async def test_a_check_in_the_disk_refuses_keeps_the_form_and_stores_nothing(
    make_test_app, db_path
):
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckInScreen), "the check-in")
        form = app.screen
        await pilot.press("3")
        with frozen(db_path, Path(f"{db_path}-wal")):
            await pilot.press("enter")
            await wait_for(pilot, lambda: not form._busy, "the save to finish")
        message = str(form.query_one("#message").render())
        assert any(words in message for words in REFUSED), message
        assert "Nothing was stored" in message
        assert app.screen is form  # still open, with the pain typed: enter tries again
        assert_sound(db_path)
        assert file_rows(db_path, "SELECT count(*) FROM checkin") == [(0,)]
        await pilot.press("enter")
        await wait_for(pilot, lambda: CheckIn.select().count() == 1, "the saved check-in")
        assert CheckIn.get().pain == 3


@needs_root
@pytest.mark.parametrize("made_before", [False, True], ids=["new-folders", "existing-folders"])
async def test_a_read_only_data_folder_in_the_app_is_reported_not_a_crash(
    make_test_app, db_path, made_before, notices
):
    """Backup, export and the clinician report each say they could not write; the app runs on."""
    from backtui.db.models import Session

    app = make_test_app()
    folder = db_path.parent
    if made_before:  # the folders exist from earlier use, but the data folder is read-only now
        for name in ("exports", "reports", "backups"):
            (folder / name).mkdir(mode=0o700)
    before = sorted(p.name for p in folder.rglob("*"))
    with frozen(folder, *(p for p in folder.iterdir() if p.is_dir())):
        async with app.run_test(message_hook=notices) as pilot:
            await wait_for(pilot, lambda: any("backup" in m for m in notices.messages), "backup")
            await app.run_action("export")
            failed = lambda: any("Export failed" in m for m in notices.messages)  # noqa: E731
            await wait_for(pilot, failed, "export")
            await pilot.press("h")
            await wait_for(pilot, lambda: screen_name(app) == "HistoryScreen", "History")
            await pilot.press("r")
            await wait_for(pilot, lambda: any("report" in m for m in notices.messages), "report")
            await app.workers.wait_for_complete()
            assert app.is_running and app.return_code is None
            # The database itself is still writable: a check-in saves.
            await pilot.press("c", "2", "enter")
            await wait_for(pilot, lambda: CheckIn.select().count() == 1, "a check-in")
            assert Session.select().count() == 0
    messages = notices.messages
    assert any("The daily backup could not be made" in m for m in messages)
    assert any(m.startswith("Export failed") for m in messages)
    assert any(m.startswith("Could not write the report") for m in messages)
    assert sorted(p.name for p in folder.rglob("*")) == before  # nothing half-written left


@needs_root
def test_a_read_only_data_folder_at_start_is_one_line_and_exit_2(tmp_path):
    """An existing database in a folder that became read-only: refused before the screen opens."""
    from backtui.db.storage import close_database, open_database

    folder = tmp_path / "data"
    path = folder / "backtui.db"
    open_database(path)
    close_database()
    content = path.read_bytes()
    with frozen(folder, path):
        result = subprocess.run(
            [sys.executable, "-m", "backtui.cli", "--db", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
        )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert str(path) in lines[0] and "read-only" in lines[0]
    assert path.read_bytes() == content
