"""Automatic backups and backtui restore."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from fixed_time import at

from backtui.cli import main
from backtui.db.models import CheckIn
from backtui.db.storage import (
    BACKUPS_KEPT,
    backup_if_due,
    close_database,
    list_backups,
    open_database,
)

NOW = at(2026, 11, 25, 9, 0)


def _checkin(pain: int) -> None:
    CheckIn.create(at=NOW, moment="standalone", pain=pain)


def test_daily_backup_once_a_day_and_rolling(database, db_path):
    _checkin(4)
    assert backup_if_due(db_path, NOW) is not None
    assert backup_if_due(db_path, NOW + timedelta(hours=3)) is None
    for day in range(1, BACKUPS_KEPT + 3):
        assert backup_if_due(db_path, NOW + timedelta(days=day)) is not None
    backups = list_backups(db_path)
    assert len(backups) == BACKUPS_KEPT
    assert "20261204" in backups[0].name  # the newest is kept first
    saved = sqlite3.connect(backups[0])
    assert saved.execute("SELECT pain FROM checkin").fetchall() == [(4,)]
    saved.close()


def test_backup_includes_commits_still_in_the_wal(database, db_path):
    _checkin(6)  # committed, but WAL mode keeps it out of the main file until a checkpoint
    backup = backup_if_due(db_path, NOW)
    saved = sqlite3.connect(backup)
    assert saved.execute("SELECT pain FROM checkin").fetchall() == [(6,)]
    saved.close()


def test_restore_lists_and_restores_after_confirming(database, db_path, capsys, monkeypatch):
    _checkin(3)
    backup_if_due(db_path, NOW)
    _checkin(9)
    close_database()

    assert main(["--db", str(db_path), "restore"]) == 0
    listing = capsys.readouterr().out
    assert "1. backtui-20261125" in listing

    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["--db", str(db_path), "restore", "1"]) == 1
    assert "Nothing was changed" in capsys.readouterr().out

    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["--db", str(db_path), "restore", "1"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "before-restore" in out
    open_database(db_path, now=NOW)
    assert [c.pain for c in CheckIn.select()] == [3]
    close_database()
    kept = list(db_path.parent.glob("backtui.db.before-restore-*"))
    assert len(kept) == 1  # the replaced file was moved aside, never deleted
    other = sqlite3.connect(kept[0])
    assert sorted(r[0] for r in other.execute("SELECT pain FROM checkin")) == [3, 9]
    other.close()


def test_restore_rescues_a_damaged_file(database, db_path):
    _checkin(5)
    backup_if_due(db_path, NOW)
    close_database()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])  # truncated
    assert main(["--db", str(db_path), "restore", "1", "--yes"]) == 0
    open_database(db_path, now=NOW)
    assert [c.pain for c in CheckIn.select()] == [5]
    close_database()


def test_restore_without_backups_says_so(db_path, capsys):
    assert main(["--db", str(db_path), "restore"]) == 2
    assert "no backups" in capsys.readouterr().err


def test_each_database_keeps_its_own_backups(db_path, capsys):
    """backtui-old.db's backups sit in the same folder but never count as backtui.db's."""
    old = db_path.parent / "backtui-old.db"
    open_database(old, now=NOW)
    for day in range(BACKUPS_KEPT):  # a full set of newer backups of the other file
        backup_if_due(old, NOW + timedelta(days=10 + day))
    open_database(db_path, now=NOW)
    _checkin(5)
    mine = backup_if_due(db_path, NOW)
    assert mine is not None and mine.exists()
    assert list_backups(db_path) == [mine]
    assert len(list_backups(old)) == BACKUPS_KEPT
    close_database()
    assert main(["--db", str(db_path), "restore"]) == 0
    listing = capsys.readouterr().out
    assert mine.name in listing and "backtui-old-" not in listing
