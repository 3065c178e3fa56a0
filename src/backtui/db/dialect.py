"""The few SQL differences the numbered schema steps meet on SQLite and on PostgreSQL.

The steps in migrations.py are written once, in SQLite's words. On PostgreSQL ``schema_sql``
gives a step's CREATE TABLE and ADD COLUMN the types that hold the same values:

- an ``INTEGER NOT NULL PRIMARY KEY`` id counts up by itself (``SERIAL``);
- ``DATETIME`` and ``DATE`` columns are ``TEXT``, holding exactly the text SQLite holds, so an
  instant reads, sorts, exports and copies the same on both stores;
- ``REAL`` is ``DOUBLE PRECISION`` (PostgreSQL's ``REAL`` keeps only 6 digits);
- the columns of Peewee ``BooleanField``s are ``BOOLEAN`` (SQLite keeps them as 0 and 1).

A new step that adds a yes/no column must add its name to BOOLEAN_COLUMNS (a test compares it with
the models). Everything else a step runs (INSERT ... SELECT, UPDATE, CREATE INDEX, partial
indexes) must be SQL both stores read; a step that cannot be must branch on ``on_postgres``.

SQLite keeps the schema version in ``PRAGMA user_version`` and backtui's mark in
``application_id``; PostgreSQL has neither, so both live in one small table, MARKER_TABLE.
"""

from __future__ import annotations

import re

from peewee import Database, PostgresqlDatabase

APPLICATION = "backtui"
MARKER_TABLE = "backtui_schema"
BOOLEAN_COLUMNS = frozenset({"per_side", "builtin", "active", "spreading", "centralising"})

_DEFINES_COLUMNS = re.compile(r"^\s*(CREATE\s+TABLE|ALTER\s+TABLE\s+\S+\s+ADD\s+COLUMN)\b", re.I)
_POSTGRES_TYPES = (
    (re.compile(r'"id" INTEGER NOT NULL PRIMARY KEY'), '"id" SERIAL NOT NULL PRIMARY KEY'),
    (re.compile(r"\b(DATETIME|DATE)\b"), "TEXT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (
        re.compile(rf'"({"|".join(sorted(BOOLEAN_COLUMNS))})" INTEGER\b'),
        r'"\1" BOOLEAN',
    ),
)


def on_postgres(database: Database) -> bool:
    return isinstance(database, PostgresqlDatabase)


def schema_sql(database: Database, statement: str) -> str:
    """``statement`` (SQLite's words) as ``database`` reads it."""
    if not on_postgres(database) or not _DEFINES_COLUMNS.match(statement):
        return statement
    for pattern, replacement in _POSTGRES_TYPES:
        statement = pattern.sub(replacement, statement)
    return statement


def run_script(database: Database, script: str, separator: str = ";") -> None:
    """Run each statement of ``script`` in turn, in ``database``'s words."""
    for statement in script.split(separator):
        if statement.strip():
            database.execute_sql(schema_sql(database, statement))


def record_version(database: Database, number: int) -> None:
    if on_postgres(database):
        database.execute_sql(f'UPDATE "{MARKER_TABLE}" SET "version" = %s', (number,))
    else:
        database.execute_sql(f"PRAGMA user_version = {int(number)}")


MARKER_SQL = (
    f'CREATE TABLE "{MARKER_TABLE}" ("application" TEXT NOT NULL PRIMARY KEY, '
    '"version" INTEGER NOT NULL)',
    f'INSERT INTO "{MARKER_TABLE}" ("application", "version") VALUES (\'{APPLICATION}\', 0)',
)
