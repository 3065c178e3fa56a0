"""The command line: where, export, demo and the error paths, as a person runs them."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys

import pytest
from fixed_time import at

from backtui.cli import main
from backtui.db.models import CheckIn, Exercise, Session, SetLog
from backtui.db.storage import close_database, open_database

NOW = at(2026, 11, 25, 9, 0)


def _run(*args: str, env_db=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backtui.cli", *args], capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def filled_db(db_path):
    open_database(db_path, now=NOW)
    exercise = Exercise.create(slug="glute-bridge", name="Glute bridge", kind="core",
                               dose_type="reps", sets=2, reps=8)
    session = Session.create(started_at=NOW, ended_at=NOW, status="completed")
    SetLog.create(session=session, exercise=exercise, set_number=1, reps=8, completed_at=NOW)
    CheckIn.create(at=NOW, moment="after", session=session, pain=3, locations=["low_back"])
    close_database()
    return db_path


def test_version_and_help():
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("backtui ")
    helped = _run("--help")
    assert helped.returncode == 0
    for command in ("where", "export", "demo"):
        assert command in helped.stdout


def test_where_prints_the_three_paths(db_path, capsys):
    assert main(["--db", str(db_path), "where"]) == 0
    out = capsys.readouterr().out
    assert f"database: {db_path}" in out
    assert "config:" in out and "backtui" in out.split("config:")[1]
    assert f"backups:  {db_path.parent / 'backups'}" in out


def test_where_follows_the_environment_variable(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BACKTUI_DB", str(tmp_path / "env.db"))
    assert main(["where"]) == 0
    assert f"database: {tmp_path / 'env.db'}" in capsys.readouterr().out


def test_export_json_to_stdout(filled_db, capsys):
    assert main(["--db", str(filled_db), "export"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["format"] == "backtui-export"
    assert isinstance(record["version"], int)
    (session,) = record["sessions"]
    assert session["status"] == "completed"
    assert session["started_at"] == "2026-11-25T09:00:00+00:00"  # ISO 8601 with its offset
    assert session["sets"] == [{
        "exercise": "glute-bridge", "set_number": 1, "reps": 8, "hold_seconds": None,
        "duration_seconds": None, "completed_at": "2026-11-25T09:00:00+00:00",
    }]
    (checkin,) = record["checkins"]
    assert checkin["moment"] == "after" and checkin["pain"] == 3
    assert checkin["session_id"] == session["id"] and checkin["locations"] == ["low_back"]


def test_export_json_file_is_private_and_never_overwritten(filled_db, tmp_path, capsys):
    target = tmp_path / "out.json"
    assert main(["--db", str(filled_db), "export", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["sessions"]
    assert (target.stat().st_mode & 0o777) == 0o600
    target.write_text("keep me")
    assert main(["--db", str(filled_db), "export", "-o", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text() == "keep me"
    assert main(["--db", str(filled_db), "export", "-o", str(target), "--force"]) == 0
    assert json.loads(target.read_text())["format"] == "backtui-export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []


def test_export_csv_folder_and_single_table(filled_db, tmp_path, capsys):
    folder = tmp_path / "csv"
    assert main(["--db", str(filled_db), "export", "--format", "csv", "-o", str(folder)]) == 0
    with open(folder / "sets.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["exercise"] == "glute-bridge" and rows[0]["reps"] == "8"
    assert (folder / "checkins.csv").exists() and (folder / "sessions.csv").exists()
    capsys.readouterr()
    assert main(["--db", str(filled_db), "export", "--format", "csv", "--table", "checkins"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert rows[0]["pain"] == "3" and rows[0]["locations"] == "low_back"


def test_export_csv_without_table_or_folder_explains(filled_db, capsys):
    assert main(["--db", str(filled_db), "export", "--format", "csv"]) == 2
    assert "--table" in capsys.readouterr().err


def test_export_of_missing_database_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "nothing.db"
    assert main(["--db", str(missing), "export"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize("command", [[], ["export"]])
def test_garbage_file_exits_2_with_one_line_and_is_untouched(tmp_path, command):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is my diary, not a database\n" * 50)
    before = bad.read_bytes()
    result = _run("--db", str(bad), *command)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "Traceback" not in result.stderr
    assert bad.read_bytes() == before


def test_foreign_sqlite_file_exits_2(tmp_path):
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE photos (name TEXT)")
    con.commit()
    con.close()
    before = other.read_bytes()
    result = _run("--db", str(other), "export")
    assert result.returncode == 2 and "another application" in result.stderr
    assert other.read_bytes() == before


def test_newer_schema_exits_2(tmp_path):
    from backtui.db import migrations

    path = tmp_path / "future.db"
    open_database(path, now=NOW)
    close_database()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    result = _run("--db", str(path), "export")
    assert result.returncode == 2 and "newer backtui" in result.stderr


def test_read_only_folder_exits_2(read_only_dir):
    result = _run("--db", str(read_only_dir / "backtui.db"), "export")
    assert result.returncode == 2
    assert "does not exist" in result.stderr  # export never creates a database
    result = _run("--db", str(read_only_dir / "sub" / "backtui.db"))
    assert result.returncode == 2 and "cannot create" in result.stderr
    assert "Traceback" not in result.stderr
