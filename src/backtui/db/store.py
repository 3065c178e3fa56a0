"""Where a record lives, behind one small interface: a local SQLite file or a PostgreSQL database.

What only a file has (WAL and pragmas, file permissions, daily backups and restore, the claims on
the file and on a running session in db/claims.py, the integrity check) stays with SqliteStore;
PostgresStore leaves backups to the server (pg_dump) and marks which machine runs a session with
an advisory lock (db/server_claims.py). Everything else (the models, the numbered steps, every
query) is shared.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee

from backtui.db import claims, storage
from backtui.db.location import ServerDatabase
from backtui.db.models import ALL_MODELS, db
from backtui.paths import data_dir, ensure_private_dir


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


@dataclass(frozen=True)
class PostgresStore:
    """A database on the person's own PostgreSQL server."""

    server: ServerDatabase

    def __str__(self) -> str:
        return str(self.server)

    def exists(self) -> bool:
        return True  # the server says otherwise when it is opened, in one line

    def is_empty(self) -> bool:
        """No record here (a new database, or backtui's schema with no rows); reads only."""
        from backtui.db import postgres  # lazy: the driver loads only for a database URL

        return postgres.rows_held(self.server) == 0

    def open(self, *, now: datetime | None = None, thorough: bool = True) -> None:
        from backtui.db import journal, postgres  # lazy: the driver loads only for a database URL

        storage.close_database()
        postgres.open_server(self.server)
        try:
            journal.send_waiting()  # what the last session kept while the server was away
        except peewee.DatabaseError:
            pass  # gone again already: kept for the next write or the next start

    def open_read_only(self, *, thorough: bool = True) -> None:
        from backtui.db import postgres  # lazy: the driver loads only for a database URL

        storage.close_database()
        postgres.open_server(self.server, read_only=True)

    def files_folder(self) -> Path:
        """Exports and reports made in the app go to the private data folder."""
        ensure_private_dir(data_dir(), owned=True)
        return data_dir()

    def daily_care(self, now: datetime) -> str | None:
        return None  # the server keeps its own backups (pg_dump; docs/multi-device.md)

    def snapshot(self) -> AbstractContextManager:
        return db.atomic(isolation_level="REPEATABLE READ")

    def forget_new(self) -> None:
        """The schema stays: an empty backtui database, ready for the next try."""

    def session_owner_elsewhere(self, session_id: int) -> str | None:
        from backtui.db import server_claims  # lazy: the driver loads only for a database URL

        return server_claims.owner_elsewhere(self.server, session_id)

    def own_session(self, session_id: int) -> None:
        from backtui.db import server_claims  # lazy: the driver loads only for a database URL

        server_claims.own(self.server, session_id)

    def let_go_of_session(self, session_id: int) -> None:
        from backtui.db import server_claims  # lazy: the driver loads only for a database URL

        server_claims.let_go(self.server, session_id)

    def sole_user(self, doing: str, now: datetime) -> AbstractContextManager:
        return nullcontext()  # the import's one transaction is what keeps it whole

    def after_copy(self) -> None:
        """Ids were copied as they were: each table's counter carries on after its largest."""
        for model in ALL_MODELS:
            if model._meta.primary_key.name != "id":
                continue
            table = model._meta.table_name
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'coalesce(max("id"), 0) + 1, false) FROM "{table}"'
            )


Store = SqliteStore | PostgresStore


def store_for(target: Path | ServerDatabase) -> Store:
    if isinstance(target, ServerDatabase):
        return PostgresStore(target)
    return SqliteStore(Path(target))


def current() -> Store:
    """The store of the record open in this process."""
    server = getattr(db.obj, "server", None)  # postgres.ServerRecord names its server
    if server is not None:
        return PostgresStore(server)
    return SqliteStore(storage.database_in_use() or Path(db.database))
