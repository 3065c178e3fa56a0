"""The record on the person's own PostgreSQL server (see db/store.py for the SQLite file).

Its own module, loaded only when a database URL is configured: a person on the local file never
loads it, nor db/location.py's server parsing.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee

from backtui.db import storage
from backtui.db.location import ServerDatabase
from backtui.db.models import ALL_MODELS, db
from backtui.paths import data_dir, ensure_private_dir


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
