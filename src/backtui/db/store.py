"""Where a record lives, behind one small interface: a local SQLite file or a PostgreSQL database.

What only a file has (WAL and pragmas, file permissions, daily backups and restore, the claims on
the file and on a running session in db/claims.py, the integrity check) stays with SqliteStore;
PostgresStore (db/server_store.py, loaded only for a database URL) leaves backups to the server
(pg_dump) and marks which machine runs a session with an advisory lock (db/server_claims.py).
Everything else (the models, the numbered steps, every query) is shared.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from backtui.db import claims, storage
from backtui.db.models import db

if TYPE_CHECKING:
    from backtui.db.location import ServerDatabase
    from backtui.db.server_store import PostgresStore


@dataclass(frozen=True)
class SqliteStore:
    """The local SQLite file."""

    path: Path

    def __str__(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def is_empty(self) -> bool:
        """No record here: no file yet, or an empty one. Never opens the file."""
        return not self.path.exists() or (self.path.is_file() and self.path.stat().st_size == 0)

    def open(self, *, now: datetime | None = None, thorough: bool = True) -> None:
        storage.open_database(self.path, now=now, thorough=thorough)

    def open_read_only(self, *, thorough: bool = True) -> None:
        storage.open_database_read_only(self.path, thorough=thorough)

    def files_folder(self) -> Path:
        """Where exports and reports made in the app go: beside the database."""
        return self.path.parent

    def daily_care(self, now: datetime) -> str | None:
        """The integrity check, then the daily backup; a sentence when the file shows damage."""
        damage = storage.verify_database(self.path)
        if damage is None:
            storage.backup_if_due(self.path, now)
        return damage

    def snapshot(self) -> AbstractContextManager:
        """A transaction in which every read sees one moment of the record."""
        return db.atomic()

    def forget_new(self) -> None:
        """Remove a database this process created and could not fill (a failed copy)."""
        storage.remove_database(self.path)

    def session_owner_elsewhere(self, session_id: int) -> str | None:
        return claims.session_owner_elsewhere(self.path, session_id)

    def own_session(self, session_id: int) -> None:
        claims.own_session(self.path, session_id)

    def let_go_of_session(self, session_id: int) -> None:
        claims.let_go_of_session(self.path, session_id)

    def after_copy(self) -> None:
        """Nothing to do: SQLite's ids carry on from the largest one stored."""

    def sole_user(self, doing: str, now: datetime) -> AbstractContextManager:
        """Hold the file alone for a block (an import); DatabaseInUse while another has it."""
        return claims.sole_user(self.path, doing, now)


if TYPE_CHECKING:  # annotations only: PostgresStore loads with a server
    Store = SqliteStore | PostgresStore


def store_for(target: Path | ServerDatabase) -> Store:
    if isinstance(target, str | PathLike):
        return SqliteStore(Path(target))
    from backtui.db.server_store import PostgresStore  # lazy: only for a database URL

    return PostgresStore(target)


def current() -> Store:
    """The store of the record open in this process."""
    server = getattr(db.obj, "server", None)  # postgres.ServerRecord names its server
    if server is not None:
        from backtui.db.server_store import PostgresStore  # lazy: only for a database URL

        return PostgresStore(server)
    return SqliteStore(storage.database_in_use() or Path(db.database))
