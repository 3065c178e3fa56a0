"""`backtui copy`: move a whole record between a local file and a PostgreSQL database.

The record is read in one consistent snapshot, written into the target in one transaction with
its ids as they were, then counted again table by table. The target must be empty: a file that
does not exist yet (or is empty), or a database with no record in it. Copy never writes into a
database that already holds one, and a copy that fails leaves the target as empty as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backtui.db.location import ServerDatabase
from backtui.db.models import ALL_MODELS, db
from backtui.db.storage import close_database
from backtui.db.store import store_for
from backtui.errors import BacktuiError

if TYPE_CHECKING:
    from backtui.db.store import Store

BATCH = 500


class CopyError(BacktuiError):
    """A copy that was refused or did not arrive whole; nothing is left half-written."""


@dataclass(frozen=True)
class Copied:
    source: str
    target: str
    counts: dict[str, int]  # rows per table, as counted in the target after the copy

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _table(model) -> str:
    return model._meta.table_name


def row_counts() -> dict[str, int]:
    """Rows in each table of the open record."""
    return {_table(model): model.select().count() for model in ALL_MODELS}


def _read_all(source: Store) -> dict[str, list[dict]]:
    source.open_read_only()
    try:
        with source.snapshot():
            rows = {}
            for model in ALL_MODELS:
                order = [model._meta.primary_key]
                rows[_table(model)] = list(model.select().order_by(*order).dicts())
    finally:
        close_database()
    if not any(rows.values()):
        raise CopyError(f"{source} holds no record yet: there is nothing to copy.")
    return rows


def _refused(target: Store) -> CopyError:
    return CopyError(
        f"{target} already holds a record; copy only writes into an empty database (a new file, "
        "or a new PostgreSQL database made with createdb). Nothing was changed."
    )


def _check_arrived(target: Store, expected: dict[str, int]) -> dict[str, int]:
    counts = row_counts()
    missing = [
        f"{table} ({counts[table]} of {count})"
        for table, count in expected.items()
        if counts[table] != count
    ]
    if missing:
        raise CopyError(f"the copy into {target} did not arrive whole: {', '.join(missing)}.")
    return counts


def _write_all(target: Store, rows: dict[str, list[dict]]) -> dict[str, int]:
    """Write every row in one transaction, counted before it commits and again after."""
    expected = {table: len(table_rows) for table, table_rows in rows.items()}
    with db.atomic():
        for model in ALL_MODELS:
            table_rows = rows[_table(model)]
            for start in range(0, len(table_rows), BATCH):
                model.insert_many(table_rows[start : start + BATCH]).execute()
        target.after_copy()
        _check_arrived(target, expected)  # a shortfall rolls the whole copy back
    return _check_arrived(target, expected)


def copy_record(
    source_location: Path | ServerDatabase, target_location: Path | ServerDatabase
) -> Copied:
    """Copy the record at ``source_location`` into the empty ``target_location``."""
    source, target = store_for(source_location), store_for(target_location)
    if str(source) == str(target):
        raise CopyError("the source and the target are the same database.")
    if not source.exists():
        raise CopyError(f"{source} does not exist: there is nothing to copy.")
    if not target.is_empty():
        raise _refused(target)
    rows = _read_all(source)
    target.open()
    if any(row_counts().values()):  # filled meanwhile by someone else: leave it be
        close_database()
        raise _refused(target)
    try:
        counts = _write_all(target, rows)
    except BaseException:
        close_database()
        target.forget_new()
        raise
    close_database()
    return Copied(str(source), str(target), counts)
