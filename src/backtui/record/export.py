"""Exports of the whole record as JSON or CSV, written safely (temporary file, then rename)."""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from backtui.db.storage import database_in_use, is_backtui_file
from backtui.record.collect import (
    CHECKIN_FIELDS,
    DECISION_FIELDS,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    FLARE_UP_FIELDS,
    HOLD_FIELDS,
    PEG_FIELDS,
    PLAN_FIELDS,
    PSFS_FIELDS,
    SCREENING_FIELDS,
    SESSION_FIELDS,
    SET_FIELDS,
    SKIP_FIELDS,
    THERAPY_FIELDS,
    collect_record,
)

__all__ = ["EXPORT_FORMAT", "EXPORT_VERSION", "ExportError", "collect_record", "safe_output"]


class ExportError(Exception):
    """A one-line reason an export could not be written."""


SIDECARS = ("-wal", "-shm", "-journal")
STDOUT = "-"  # "-o -" means standard output, as Unix tools read it


def is_stdout(path: Path | str | None) -> bool:
    return path is None or str(path) == STDOUT


def _refuse_unsafe_target(path: Path) -> None:
    """Never write over a database (backtui's, or the one in use) or anything but a plain file."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    if not stat.S_ISREG(status.st_mode):
        raise ExportError(
            f"{path} is not a regular file (a device, a pipe or a folder); "
            "choose a file name, or - for standard output."
        )
    in_use = database_in_use()
    files_in_use = [] if in_use is None else [in_use, *(Path(f"{in_use}{s}") for s in SIDECARS)]
    if is_backtui_file(path) or any(_same_file(path, used) for used in files_in_use):
        raise ExportError(f"{path} is a backtui database; choose another file name.")


def _same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


@contextmanager
def _stdout() -> Iterator[IO[str]]:
    try:
        yield sys.stdout
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader left (`| head`): the command line ends quietly
    except OSError as error:
        raise ExportError(f"could not write to standard output: {error.strerror}.") from error


@contextmanager
def safe_output(path: Path | None, *, force: bool) -> Iterator[IO[str]]:
    """Yield a text stream: standard output, or a private temporary file renamed into place."""
    if is_stdout(path):
        with _stdout() as handle:
            yield handle
        return
    path = Path(path).expanduser()
    _refuse_unsafe_target(path)
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
    except OSError as error:  # a full disk, a quota: nothing is left behind, the old file stays
        Path(temp_name).unlink(missing_ok=True)
        raise ExportError(
            f"could not write {path}: {error.strerror}. Nothing was written."
        ) from error
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def export_json(output: Path | None, *, force: bool = False) -> None:
    record = collect_record()
    with safe_output(output, force=force) as handle:
        json.dump(record, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


# Every CSV table has fixed columns, so an empty table still has its header row.
CSV_FIELDS: dict[str, tuple[str, ...]] = {
    "sessions": SESSION_FIELDS,
    "sets": ("session_id", *SET_FIELDS),
    "skips": ("session_id", *SKIP_FIELDS),
    "checkins": CHECKIN_FIELDS,
    "screenings": SCREENING_FIELDS,
    "holds": HOLD_FIELDS,
    "flare_ups": FLARE_UP_FIELDS,
    "peg": PEG_FIELDS,
    "psfs": PSFS_FIELDS,
    "therapies": THERAPY_FIELDS,
    "plan": PLAN_FIELDS,
    "decisions": DECISION_FIELDS,
}
CSV_TABLES = tuple(CSV_FIELDS)


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"). OWASP's
# advice: prefix such a cell with a single quote, so it is shown as text
# (https://owasp.org/www-community/attacks/CSV_Injection). Only CSV does this; JSON stays exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value: object) -> object:
    """Lists of labels become "a;b"; nested data (PSFS items, doses) becomes JSON text; text that
    a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = ";".join(value)
    elif isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return _neutralised(value) if isinstance(value, str) else value


def _csv_tables() -> dict[str, list[dict]]:
    record = collect_record()
    sessions = record["sessions"]
    tables = {
        "sessions": sessions,
        "sets": [{"session_id": s["id"], **one} for s in sessions for one in s["sets"]],
        "skips": [{"session_id": s["id"], **one} for s in sessions for one in s["skips"]],
    }
    for name in CSV_TABLES[3:]:
        tables[name] = record[name]
    return {
        name: [{field: _cell(row[field]) for field in CSV_FIELDS[name]} for row in rows]
        for name, rows in tables.items()
    }


def _write_csv(name: str, rows: list[dict], handle: IO[str]) -> None:
    # CRLF, as RFC 4180 has it: a cell holding a carriage return is then quoted, so a row
    # never splits in two.
    writer = csv.DictWriter(handle, fieldnames=list(CSV_FIELDS[name]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)


def export_csv(output: Path | None, *, table: str | None = None, force: bool = False) -> None:
    """CSV: one table to standard output (--table), or one file per table into a folder."""
    if table is not None and table not in CSV_TABLES:
        raise ExportError(f"unknown table {table!r}; choose one of: {', '.join(CSV_TABLES)}.")
    tables = _csv_tables()
    if is_stdout(output) and table is None:
        raise ExportError(
            "CSV to standard output needs --table (one of: "
            f"{', '.join(CSV_TABLES)}), or -o FOLDER for all tables."
        )
    if table is not None:
        with safe_output(output, force=force) as handle:
            _write_csv(table, tables[table], handle)
        return
    output = Path(output).expanduser()
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
            _write_csv(name, tables[name], handle)
    if created:
        os.chmod(output, 0o700)
