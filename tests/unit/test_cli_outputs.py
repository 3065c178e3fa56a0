"""Where export and report write: never over a database or a device, "-" for standard output,
formulas neutralised in CSV, and one line (or silence) when standard output fails."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys

import pytest
from fixed_time import at

from backtui.cli import main
from backtui.db.models import CheckIn, Session
from backtui.db.storage import close_database, open_database
from backtui.text import sentence

NOW = at(2026, 11, 25, 9, 0)
FORMULAS = ['=HYPERLINK("http://x","hi")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backtui.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


@pytest.fixture
def filled_db(db_path):
    open_database(db_path, now=NOW)
    session = Session.create(started_at=NOW, ended_at=NOW, status="completed", note=FORMULAS[0])
    for pain, note in enumerate(FORMULAS):
        CheckIn.create(at=NOW, moment="standalone", session=session, pain=pain, note=note)
    close_database()
    return db_path


@pytest.mark.parametrize("command", ["export", "report"])
def test_force_never_writes_over_the_database_in_use(filled_db, command):
    before = filled_db.read_bytes()
    result = _run("--db", str(filled_db), command, "-o", str(filled_db), "--force")
    assert result.returncode == 2, result.stderr
    assert "is a backtui database" in result.stderr and "Traceback" not in result.stderr
    assert filled_db.read_bytes() == before


@pytest.mark.parametrize("command", ["export", "report"])
def test_force_never_writes_over_another_backtui_database(filled_db, tmp_path, command):
    other = tmp_path / "other" / "old.db"
    open_database(other, now=NOW)
    close_database()
    before = other.read_bytes()
    result = _run("--db", str(filled_db), command, "-o", str(other), "--force")
    assert result.returncode == 2 and "is a backtui database" in result.stderr
    assert other.read_bytes() == before


def _device(tmp_path, name: str, minor: int):
    """A character device of our own (1, minor: 3 is null, 7 is full), never the system's."""
    if os.geteuid() != 0:
        pytest.skip("needs root to make a device node")
    node = tmp_path / name
    os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, minor))
    return node


@pytest.mark.parametrize("command", ["export", "report"])
@pytest.mark.parametrize("kind", ["null device", "full device", "fifo"])
def test_force_never_replaces_a_device_or_a_pipe(filled_db, tmp_path, command, kind):
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = _device(tmp_path, kind.replace(" ", "-"), 3 if kind == "null device" else 7)
    result = _run("--db", str(filled_db), command, "-o", str(target), "--force")
    assert result.returncode == 2 and "is not a regular file" in result.stderr, result.stderr
    mode = target.lstat().st_mode
    assert stat.S_ISFIFO(mode) if kind == "fifo" else stat.S_ISCHR(mode)


def test_report_dash_means_standard_output(filled_db, tmp_path):
    result = _run("--db", str(filled_db), "report", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and not (tmp_path / "-").exists()
    exported = _run("--db", str(filled_db), "export", "-o", "-", cwd=tmp_path)
    assert json.loads(exported.stdout)["format"] == "backtui-export"
    assert not (tmp_path / "-").exists()


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(filled_db, tmp_path, capsys):
    folder = tmp_path / "csv"
    assert main(["--db", str(filled_db), "export", "--format", "csv", "-o", str(folder)]) == 0
    with open(folder / "checkins.csv", newline="") as handle:
        notes = [row["note"] for row in csv.DictReader(handle)]
    assert notes == [f"'{note}" for note in FORMULAS]
    with open(folder / "sessions.csv", newline="") as handle:
        assert next(csv.DictReader(handle))["note"] == f"'{FORMULAS[0]}"
    capsys.readouterr()
    assert main(["--db", str(filled_db), "export"]) == 0  # JSON stays exact
    record = json.loads(capsys.readouterr().out)
    assert [row["note"] for row in record["checkins"]] == FORMULAS


def test_table_with_json_is_refused(filled_db, capsys):
    assert main(["--db", str(filled_db), "export", "--table", "checkins"]) == 2
    assert "--table is for CSV" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["export"], ["report"], ["export", "--format", "csv", "--table", "checkins"]]
)
def test_a_full_standard_output_is_one_line(filled_db, command):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "backtui.cli", "--db", str(filled_db), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0] == "backtui: could not write to standard output: No space left on device."


def test_a_closed_pipe_ends_the_export_quietly(db_path):
    open_database(db_path, now=NOW)
    CheckIn.insert_many(
        [{"at": NOW, "moment": "standalone", "pain": 3, "note": "n" * 200}] * 3000
    ).execute()  # about 1 MB of JSON: more than a pipe holds
    close_database()
    export = subprocess.Popen(
        [sys.executable, "-m", "backtui.cli", "--db", str(db_path), "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert export.stdout.read(100).startswith(b"{")
    export.stdout.close()  # as `| head` does
    errors = export.stderr.read().decode()
    assert export.wait(timeout=60) == 141 and errors == ""


def test_messages_end_in_one_full_stop(filled_db, tmp_path, capsys):
    assert sentence("kept in /tmp/notes.") == "kept in /tmp/notes."
    assert sentence("already ended (ended_early)") == "already ended (ended_early)."
    export = tmp_path / "record.json"
    assert main(["--db", str(filled_db), "export", "-o", str(export)]) == 0
    capsys.readouterr()
    # Importing into a database that holds a record: the reason already ends in a full stop.
    assert main(["--db", str(filled_db), "import", str(export)]) == 2
    err = capsys.readouterr().err
    assert "already holds a record" in err and ".." not in err
