"""Exports: JSON and CSV hold the whole record (therapies, PEG, PSFS, plan, decisions) and are
written safely: never over an existing file without --force, private, no temporary files left."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from fixed_time import at

from backtui.checkin import holds, triage
from backtui.db.models import (
    CheckIn,
    Exercise,
    FlareUp,
    PegEntry,
    PlanItem,
    ProgressionDecision,
    PsfsEntry,
    Session,
    SetLog,
    TherapyEntry,
)
from backtui.db.settings import set_setting
from backtui.record.export import CSV_FIELDS, CSV_TABLES, ExportError, export_csv, export_json

NOW = at(2026, 11, 25, 9, 0)


@pytest.fixture
def database(any_database):
    """Every export test runs on an SQLite file and on a PostgreSQL database."""
    return any_database


@pytest.fixture
def filled(database):
    bridge = Exercise.create(
        slug="glute_bridge", name="Glute bridge", kind="core", dose_type="reps", reps=8
    )
    custom = Exercise.create(
        slug="user_stairs",
        name="Stairs",
        kind="cardio",
        dose_type="minutes",
        minutes=5,
        builtin=False,
    )
    Exercise.create(slug="unused", name="Unused", kind="core", dose_type="reps")
    item = PlanItem.create(exercise=bridge, weekdays="0,2", sets=2, reps=8, added_at=NOW)
    session = Session.create(started_at=NOW, ended_at=NOW, status="completed")
    SetLog.create(session=session, exercise=bridge, set_number=1, reps=8, completed_at=NOW)
    CheckIn.create(
        at=NOW,
        moment="after",
        session=session,
        pain=3,
        locations=["low_back", "buttock"],
        note='Said "ok", then, left',
    )
    PegEntry.create(at=NOW, pain=4, enjoyment=3, activity=5, score=4.0)
    PsfsEntry.create(at=NOW, items=[{"activity": "Gardening", "score": 6}], score=6.0)
    TherapyEntry.create(day=date(2026, 11, 24), kind="massage", note="Upper back")
    triage.record_screening(["bladder"], "manual", NOW)
    holds.clear_hold("doctor", "Checked; fine to exercise", now=NOW)
    FlareUp.create(started_at=NOW, pain=7, usual=3.0, reasons=["pain 7 before the session"])
    ProgressionDecision.create(
        at=NOW,
        session=session,
        plan_item=item,
        exercise=bridge,
        action="progress",
        from_dose={"reps": 8},
        to_dose={"reps": 9},
        reason="Easy.",
        status="accepted",
    )
    set_setting("weekly_target", 4)
    return custom


def test_json_holds_every_part_of_the_record(filled, tmp_path):
    target = tmp_path / "all.json"
    export_json(target)
    record = json.loads(target.read_text())
    assert record["therapies"] == [
        {"id": 1, "day": "2026-11-24", "kind": "massage", "note": "Upper back"}
    ]
    assert record["peg"][0]["score"] == 4.0
    assert record["psfs"][0]["items"] == [{"activity": "Gardening", "score": 6}]
    assert record["plan"][0]["exercise"] == "glute_bridge"
    assert record["decisions"][0]["to_dose"] == {"reps": 9}
    [hold] = record["holds"]
    assert (hold["flags"], hold["ending"], hold["cleared_by"]) == (["bladder"], "cleared", "doctor")
    assert hold["started_at"] == hold["ended_at"] == NOW.isoformat()
    assert record["flare_ups"][0]["reasons"] == ["pain 7 before the session"]
    assert record["settings"] == {"weekly_target": 4}
    # Exercises used by the record and the person's own; not the unused library ones.
    assert [e["slug"] for e in record["exercises"]] == ["glute_bridge", "user_stairs"]
    assert (target.stat().st_mode & 0o777) == 0o600


def test_json_never_overwrites_without_force_and_leaves_no_temporary_file(filled, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("keep")
    with pytest.raises(ExportError, match="--force"):
        export_json(target)
    assert target.read_text() == "keep"
    export_json(target, force=True)
    assert json.loads(target.read_text())["format"] == "backtui-export"
    # nothing beside it but the SQLite file's own folder, when the record is in a file
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["out.json"]


def test_json_into_a_missing_folder_is_a_clear_error(filled, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_json(tmp_path / "nowhere" / "out.json")


def test_csv_folder_has_every_table_with_its_header(filled, tmp_path):
    folder = tmp_path / "csv"
    export_csv(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in CSV_TABLES)
    with open(folder / "checkins.csv", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["locations"] == "low_back;buttock"
    assert row["note"] == 'Said "ok", then, left'  # quoted correctly
    with open(folder / "psfs.csv", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert json.loads(row["items"]) == [{"activity": "Gardening", "score": 6}]
    with open(folder / "decisions.csv", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert json.loads(row["to_dose"]) == {"reps": 9} and row["reason"] == "Easy."
    with open(folder / "holds.csv", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["flags"], row["ending"], row["cleared_by"]) == ("bladder", "cleared", "doctor")
    assert row["note"] == "Checked; fine to exercise"
    with open(folder / "flare_ups.csv", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["pain"], row["usual"]) == ("7", "3.0")
    assert (folder.stat().st_mode & 0o777) == 0o700


def test_csv_of_empty_tables_still_has_header_rows(database, tmp_path):
    folder = tmp_path / "empty"
    export_csv(folder)
    for table in CSV_TABLES:
        lines = (folder / f"{table}.csv").read_text().splitlines()
        assert lines == [",".join(CSV_FIELDS[table])], table


def test_csv_folder_refuses_to_replace_files_without_force(filled, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "sets.csv").write_text("mine")
    with pytest.raises(ExportError, match="--force"):
        export_csv(folder)
    assert (folder / "sets.csv").read_text() == "mine"
    assert not (folder / "sessions.csv").exists()  # nothing half-written either
    export_csv(folder, force=True)
    assert (folder / "sets.csv").read_text().startswith("session_id,exercise,")


def test_csv_single_table_to_stdout_and_to_a_file(filled, tmp_path, capsys):
    export_csv(None, table="therapies")
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert rows == [{"id": "1", "day": "2026-11-24", "kind": "massage", "note": "Upper back"}]
    target = tmp_path / "peg.csv"
    export_csv(target, table="peg")
    assert target.read_text().splitlines()[0] == "id,at,pain,enjoyment,activity,score"
    with pytest.raises(ExportError, match="unknown table"):
        export_csv(None, table="secrets")
    with pytest.raises(ExportError, match="--table"):
        export_csv(None)
    file_target = tmp_path / "a-file"
    file_target.write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export_csv(file_target)
