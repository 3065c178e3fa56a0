"""A database open in one backtui process is never restored or imported into by another, and a
process whose file was replaced under it stops writing. Every holder is a real second process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from fixed_time import at

from backtui.db.claims import FileReplaced
from backtui.db.models import CheckIn, db
from backtui.db.storage import backup_database, close_database, open_database

NOW = at(2026, 11, 25, 9, 0)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs flock")

HOLDER = textwrap.dedent(
    """
    import sys
    from backtui.db.storage import open_database
    open_database(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()  # hold the database until the test closes our input
    """
)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backtui.cli", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def with_backup(db_path):
    open_database(db_path, now=NOW)
    CheckIn.create(at=NOW, moment="standalone", pain=2)
    backup_database(db_path, "daily", NOW)
    close_database()
    return db_path


@pytest.fixture
def holder(with_backup):
    """Another process with the database open, as a running app has it."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(with_backup)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "open"
    yield process
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=30)


def test_restore_refuses_while_another_process_has_the_database_open(with_backup, holder):
    before = with_backup.read_bytes()
    result = _run("--db", str(with_backup), "restore", "1", "--yes")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert f"pid {holder.pid}" in lines[0] and "Close that backtui first" in lines[0]
    assert with_backup.read_bytes() == before
    assert not list(with_backup.parent.glob("*.before-restore-*"))
    holder.send_signal(signal.SIGKILL)  # an app that crashed: its lock goes with it
    holder.wait(timeout=30)
    assert _run("--db", str(with_backup), "restore", "1", "--yes").returncode == 0


def test_import_refuses_while_another_process_has_the_database_open(with_backup, holder, tmp_path):
    empty = tmp_path / "empty.db"
    open_database(empty, now=NOW)
    close_database()
    source = tmp_path / "record.json"
    assert _run("--db", str(with_backup), "export", "-o", str(source)).returncode == 0
    other = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(empty)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline().strip() == "open"
        result = _run("--db", str(empty), "import", str(source))
        assert result.returncode == 2 and f"pid {other.pid}" in result.stderr, result.stderr
    finally:
        other.stdin.close()
        other.wait(timeout=30)
    assert _run("--db", str(empty), "import", str(source)).returncode == 0


def test_a_process_notices_its_file_was_replaced_and_writes_nothing(with_backup, tmp_path):
    copy = tmp_path / "copy.db"
    open_database(with_backup, now=NOW)
    CheckIn.create(at=NOW, moment="standalone", pain=3)  # the file is as it was: writes go on
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy and the moved file agree
    connection = sqlite3.connect(copy)
    sqlite3.connect(with_backup).backup(connection)
    connection.close()
    moved = tmp_path / "moved-aside.db"
    subprocess.run(  # another program moves the file aside and puts a copy in its place
        [
            sys.executable,
            "-c",
            "import os, sys; os.replace(sys.argv[1], sys.argv[3]);"
            "os.replace(sys.argv[2], sys.argv[1])",
            str(with_backup),
            str(copy),
            str(moved),
        ],
        check=True,
    )
    try:
        with pytest.raises(FileReplaced, match="was replaced or moved while backtui had it open"):
            CheckIn.create(at=NOW, moment="standalone", pain=9)
    finally:
        close_database()
    for path in (moved, with_backup):
        rows = sqlite3.connect(path).execute("SELECT pain FROM checkin ORDER BY id").fetchall()
        assert rows == [(2,), (3,)]
    assert os.path.exists(with_backup)


def test_after_a_replaced_file_every_write_is_refused_even_if_it_comes_back(db_path, tmp_path):
    """What this process holds may no longer match the file: once it noticed, it stops."""
    open_database(db_path, now=NOW)
    try:
        CheckIn.create(at=NOW, moment="standalone", pain=3)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        aside = tmp_path / "aside.db"
        os.replace(db_path, aside)
        sqlite3.connect(aside).backup(copy := sqlite3.connect(db_path))
        copy.close()
        with pytest.raises(FileReplaced) as first:
            CheckIn.create(at=NOW, moment="standalone", pain=5)
        os.replace(aside, db_path)  # the original file is put back under its name
        with pytest.raises(FileReplaced) as again:
            CheckIn.create(at=NOW, moment="standalone", pain=6)
        assert str(again.value) == str(first.value)
    finally:
        close_database()
    rows = sqlite3.connect(db_path).execute("SELECT pain FROM checkin").fetchall()
    assert rows == [(3,)]
