"""Exports of the whole record as JSON or CSV, written safely (temporary file, then rename)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO

from backtui import __version__
from backtui.models import (
    CheckIn,
    PegEntry,
    PsfsEntry,
    RedFlagScreening,
    Session,
    SetLog,
    SkipLog,
    TherapyEntry,
)

EXPORT_FORMAT = "backtui-export"
EXPORT_VERSION = 1


class ExportError(Exception):
    """A one-line reason an export could not be written."""


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _session_rows() -> list[dict]:
    sets_by_session: dict[int, list[dict]] = defaultdict(list)
    sets = (
        SetLog.select(SetLog, SetLog.exercise.slug.alias("slug"))
        .join_from(SetLog, SetLog.exercise.rel_model)
        .order_by(SetLog.session, SetLog.id)
        .dicts()
    )
    for row in sets:
        sets_by_session[row["session"]].append(
            {
                "exercise": row["slug"],
                "set_number": row["set_number"],
                "reps": row["reps"],
                "hold_seconds": row["hold_seconds"],
                "duration_seconds": row["duration_seconds"],
                "completed_at": _iso(row["completed_at"]),
            }
        )
    skips_by_session: dict[int, list[dict]] = defaultdict(list)
    skips = (
        SkipLog.select(SkipLog, SkipLog.exercise.slug.alias("slug"))
        .join_from(SkipLog, SkipLog.exercise.rel_model)
        .order_by(SkipLog.id)
        .dicts()
    )
    for row in skips:
        skips_by_session[row["session"]].append(
            {
                "exercise": row["slug"],
                "reason": row["reason"],
                "note": row["note"],
                "at": _iso(row["at"]),
            }
        )
    return [
        {
            "id": row["id"],
            "started_at": _iso(row["started_at"]),
            "ended_at": _iso(row["ended_at"]),
            "status": row["status"],
            "kind": row["kind"],
            "planned_sets": row["planned_sets"],
            "plan_day": row["plan_day"],
            "effort": row["effort"],
            "note": row["note"],
            "sets": sets_by_session.get(row["id"], []),
            "skips": skips_by_session.get(row["id"], []),
        }
        for row in Session.select().order_by(Session.started_at).dicts()
    ]


def _checkin_rows() -> list[dict]:
    return [
        {
            "id": row["id"],
            "at": _iso(row["at"]),
            "moment": row["moment"],
            "session_id": row["session"],
            "pain": row["pain"],
            "locations": row["locations"],
            "qualities": row["qualities"],
            "spreading": row["spreading"],
            "stiffness": row["stiffness"],
            "sleep": row["sleep"],
            "note": row["note"],
        }
        for row in CheckIn.select().order_by(CheckIn.at).dicts()
    ]


def _simple_rows(model, order) -> list[dict]:
    rows = []
    for row in model.select().order_by(order).dicts():
        rows.append({k: _iso(v) if isinstance(v, date | datetime) else v for k, v in row.items()})
    return rows


def collect_record() -> dict:
    """The whole record as plain JSON-ready data."""
    screenings = _simple_rows(RedFlagScreening, RedFlagScreening.at)
    for row in screenings:
        row["session_id"] = row.pop("session")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "app_version": __version__,
        "sessions": _session_rows(),
        "checkins": _checkin_rows(),
        "screenings": screenings,
        "peg": _simple_rows(PegEntry, PegEntry.at),
        "psfs": _simple_rows(PsfsEntry, PsfsEntry.at),
        "therapies": _simple_rows(TherapyEntry, TherapyEntry.day),
    }


@contextmanager
def safe_output(path: Path | None, *, force: bool) -> Iterator[IO[str]]:
    """Yield a text stream: standard output, or a private temporary file renamed into place."""
    if path is None:
        yield sys.stdout
        return
    path = Path(path).expanduser()
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; add --force to replace it.")
    if not path.parent.is_dir():
        raise ExportError(f"the folder {path.parent} does not exist.")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise ExportError(f"cannot write in {path.parent}: {error.strerror}.") from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)  # health data: readable by its owner only
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def export_json(output: Path | None, *, force: bool = False) -> None:
    record = collect_record()
    with safe_output(output, force=force) as handle:
        json.dump(record, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def _csv_tables() -> dict[str, list[dict]]:
    record = collect_record()
    sets = [
        {"session_id": session["id"], **one_set}
        for session in record["sessions"]
        for one_set in session["sets"]
    ]
    skips = [
        {"session_id": session["id"], **skip}
        for session in record["sessions"]
        for skip in session["skips"]
    ]
    sessions = [
        {k: v for k, v in session.items() if k not in ("sets", "skips")}
        for session in record["sessions"]
    ]
    checkins = [
        {**row, "locations": ";".join(row["locations"]), "qualities": ";".join(row["qualities"])}
        for row in record["checkins"]
    ]
    screenings = [{**row, "answers": ";".join(row["answers"])} for row in record["screenings"]]
    psfs = [
        {**row, "items": json.dumps(row["items"], ensure_ascii=False)} for row in record["psfs"]
    ]
    return {
        "sessions": sessions,
        "sets": sets,
        "skips": skips,
        "checkins": checkins,
        "screenings": screenings,
        "peg": record["peg"],
        "psfs": psfs,
        "therapies": record["therapies"],
    }


CSV_TABLES = ("sessions", "sets", "skips", "checkins", "screenings", "peg", "psfs", "therapies")


def _write_csv(rows: list[dict], handle: IO[str], fields: list[str] | None = None) -> None:
    fields = fields or (list(rows[0].keys()) if rows else [])
    writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def export_csv(output: Path | None, *, table: str | None = None, force: bool = False) -> None:
    """CSV: one table to standard output (--table), or one file per table into a folder."""
    if table is not None and table not in CSV_TABLES:
        raise ExportError(f"unknown table {table!r}; choose one of: {', '.join(CSV_TABLES)}.")
    tables = _csv_tables()
    if output is None:
        if table is None:
            raise ExportError(
                "CSV to standard output needs --table (one of: "
                f"{', '.join(CSV_TABLES)}), or -o FOLDER for all tables."
            )
        buffer = io.StringIO()
        _write_csv(tables[table], buffer)
        sys.stdout.write(buffer.getvalue())
        return
    output = Path(output).expanduser()
    if table is not None:
        with safe_output(output, force=force) as handle:
            _write_csv(tables[table], handle)
        return
    if output.exists() and not output.is_dir():
        raise ExportError(f"{output} is a file; CSV of all tables needs a folder (or use --table).")
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True, mode=0o700)
    targets = {name: output / f"{name}.csv" for name in CSV_TABLES}
    clashes = [str(p) for p in targets.values() if p.exists()]
    if clashes and not force:
        raise ExportError(f"{clashes[0]} already exists; add --force to replace it.")
    for name, target in targets.items():
        with safe_output(target, force=True) as handle:
            _write_csv(tables[name], handle)
    if created:
        os.chmod(output, 0o700)
