"""Reading backtui's database strictly read-only, for commands run from a prompt or a timer.

Nothing here runs migrations, syncs the library or creates a file: a missing database stays
missing, and an existing one is opened with SQLite's ``mode=ro``. Plain sqlite3 rather than Peewee,
because loading Peewee alone takes longer than a prompt can wait for its status line.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Kept in step with backtui.db.storage.APPLICATION_ID and backtui.db.migrations.SCHEMA_VERSION by
# a test; importing those modules here would load Peewee.
APPLICATION_ID = 0x42545549
SCHEMA_VERSION = 8
BUSY_TIMEOUT_SECONDS = 1  # a prompt would rather show nothing new than hang


class ReadOnlyProblem(Exception):
    """Why the database cannot be read: ``kind`` names the case, the message is one line."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # missing | older | newer | foreign | unreadable


def _uri(path: Path) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    # A read-only connection to a WAL database still creates the -wal and -shm files beside it
    # and leaves them behind. Without a -wal file nobody is writing (the app removes it when it
    # closes), so the file is read as immutable and nothing is created.
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to backtui's database at ``path``, or ReadOnlyProblem."""
    path = Path(path).expanduser()
    if not path.is_file() or path.stat().st_size == 0:
        raise ReadOnlyProblem("missing", f"{path} does not exist yet.")
    try:
        connection = sqlite3.connect(_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.Error as error:
        raise ReadOnlyProblem("unreadable", f"{path} cannot be read ({error}).") from error
    if app_id != APPLICATION_ID:
        connection.close()
        if app_id == 0 and tables == 0:
            # Created but never set up (the app stopped before its first write).
            raise ReadOnlyProblem("missing", f"{path} has not been set up yet.")
        raise ReadOnlyProblem("foreign", f"{path} is not a backtui database.")
    if version < SCHEMA_VERSION:
        connection.close()
        raise ReadOnlyProblem("older", f"{path} needs updating: open backtui once to do it.")
    if version > SCHEMA_VERSION:
        connection.close()
        raise ReadOnlyProblem("newer", f"{path} was written by a newer backtui: upgrade this one.")
    return connection
