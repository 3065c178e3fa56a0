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

import functools
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


# --- queries written in SQLite's words, read by PostgreSQL ---------------------------------------
#
# History, the report and a few counts run hand-written SQL in SQLite's words: ``?`` and ``:name``
# placeholders, and SQLite's date functions over the instants' text. ``postgres_query`` gives
# PostgreSQL the same query: each function below becomes an expression that gives the same text,
# and the placeholders become psycopg's. Peewee's own queries (``%s`` placeholders) pass as they
# are. A new SQLite-only function in hand-written SQL needs a line here and a test on both stores.

_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_FUNCTION = re.compile(r"\b(date|strftime|total)\(", re.I)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_WEEKDAY = re.compile(r"^'weekday ([0-6])'$")


def _arguments(sql: str, start: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose "(" is at ``start``, and where it ends."""
    depth, quote, args, current = 0, None, [], []
    for index in range(start, len(sql)):
        char = sql[index]
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
            if depth == 1:
                continue
        elif char == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(current).strip())
                return args, index + 1
        elif char == "," and depth == 1:
            args.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    raise ValueError(f"unbalanced parentheses in: {sql}")


def _day(value: str) -> str:
    return f"substr({value}, 1, 10)"


def _rewrite_call(name: str, args: list[str]) -> str:
    args = [postgres_functions(arg) for arg in args]
    if name == "total":  # SQLite's total(): a sum that is 0.0, never NULL, over no rows
        return f"coalesce(sum({args[0]}), 0.0)"
    if name == "strftime" and args[0] == "'%Y-%m-01'":
        return f"(substr({args[1]}, 1, 7) || '-01')"
    if name == "date" and len(args) == 1:
        return _day(args[0])
    weekday = _WEEKDAY.match(args[2]) if name == "date" and len(args) == 3 else None
    if weekday and args[1] == "'-6 days'":  # the first day of the week holding the value
        day = f"CAST({_day(args[0])} AS date)"
        back = f"((CAST(extract(dow FROM {day}) AS integer) - {weekday[1]} + 7) % 7)"
        return f"to_char({day} - {back}, 'YYYY-MM-DD')"
    raise ValueError(f"no PostgreSQL words for SQLite's {name}({', '.join(args)})")


def postgres_functions(sql: str) -> str:
    """``sql`` with SQLite's date(), strftime() and total() calls in PostgreSQL's words."""
    out, position = [], 0
    for match in _FUNCTION.finditer(sql):
        if match.start() < position or _inside_quotes(sql, match.start()):
            continue
        args, end = _arguments(sql, match.end() - 1)
        out += [sql[position : match.start()], _rewrite_call(match[1].lower(), args)]
        position = end
    return "".join(out) + sql[position:]


def _inside_quotes(sql: str, index: int) -> bool:
    return sql[:index].count("'") % 2 == 1


def _placeholders(sql: str) -> str:
    parts = _QUOTED.split(sql)
    for number, part in enumerate(parts):
        if number % 2:  # a quoted literal or name: only its percent signs change
            parts[number] = part.replace("%", "%%")
        else:
            part = part.replace("%", "%%").replace("?", "%s")
            parts[number] = _NAMED.sub(r"%(\1)s", part)
    return "".join(parts)


@functools.lru_cache(maxsize=512)
def postgres_query(sql: str) -> str:
    """A query in SQLite's words, as PostgreSQL reads it (Peewee's own pass unchanged)."""
    if "%s" in sql:
        return sql
    return _placeholders(postgres_functions(sql))
