"""backtui's record in a PostgreSQL database, through psycopg 3 (the extra ``backtui[postgres]``).

The models, the numbered steps and every query are the same as on SQLite (db/dialect.py says what
differs in the schema). A database is only written once it is known to be backtui's (its
MARKER_TABLE) or new and empty; one that belongs to something else, or was written by a newer
backtui, is refused in one line and left untouched. Every error that reaches the person is one
line with the password taken out.

This module, and db/server_claims.py for the lock that marks which machine runs a session, are the
only ones that talk to a server, and they do so only when the person named one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import peewee

from backtui.db import migrations
from backtui.db.dialect import APPLICATION, MARKER_SQL, MARKER_TABLE, postgres_query
from backtui.db.location import ServerDatabase
from backtui.db.models import db
from backtui.errors import StorageError

try:
    import psycopg
    from psycopg.adapt import Dumper
    from psycopg.conninfo import conninfo_to_dict
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb
    from psycopg.types.numeric import FloatLoader
except ImportError:  # the optional extra is not installed
    psycopg = None
    Dumper = object

INSTALL_ADVICE = (
    "a PostgreSQL database needs the PostgreSQL driver, which is not installed; install backtui "
    "with it: pipx install 'backtui[postgres]' (or: uv tool install 'backtui[postgres]')"
)
CONNECT_TIMEOUT_SECONDS = 10
# pg_advisory_lock key: two backtui processes opening one new database build it once.
SCHEMA_LOCK = 0x42545549


class _InstantAsText(Dumper):
    """Instants and days go to the server as the text SQLite stores ("2026-11-25 09:00:00"), with
    no type of their own, so the server reads them as its TEXT columns do (see db/dialect.py)."""

    oid = 0

    def dump(self, obj):
        return str(obj).encode()


class _Psycopg3(peewee.Psycopg3Adapter):
    """Peewee's psycopg 3 adapter, on the driver imported here: Peewee itself loads without it
    (see backtui/__init__.py), so a record in a local file never pays for the driver."""

    if psycopg is not None:
        txn_idle = TransactionStatus.IDLE
        txn_inerror = TransactionStatus.INERROR
        txn_unknown = TransactionStatus.UNKNOWN

    def __init__(self) -> None:
        super().__init__()
        self.json_type, self.jsonb_type = (Json, Jsonb) if psycopg is not None else (None, None)

    def check_driver(self) -> None:
        _require_driver()

    def get_binary_type(self):
        return psycopg.Binary

    def connect(self, db, **params):
        if db._encoding:
            params.setdefault("client_encoding", db._encoding)
        params.setdefault("dbname", db.database)
        return psycopg.connect(**params)

    def server_side_cursor(self, conn):
        in_transaction = self.txn_status(conn) == TransactionStatus.INTRANS
        return conn.cursor(name=str(uuid.uuid1()), withhold=not in_transaction)


class ServerRecord(peewee.PostgresqlDatabase):
    """A PostgreSQL database holding a record; ``server`` says which, without the password."""

    # Whichever driver Peewee found while loading (none, usually), the record uses psycopg 3.
    psycopg2_adapter = psycopg3_adapter = _Psycopg3

    def __init__(self, server: ServerDatabase, *, read_only: bool = False) -> None:
        params = conninfo_to_dict(server.url)
        dbname = params.pop("dbname", server.dbname)
        params.setdefault("connect_timeout", str(CONNECT_TIMEOUT_SECONDS))
        params.setdefault("application_name", APPLICATION)
        if read_only:  # export and report: the server itself refuses any write
            options = params.get("options", "")
            params["options"] = f"{options} -c default_transaction_read_only=on".strip()
        super().__init__(dbname, prefer_psycopg3=True, **params)
        self.server = server

    def _connect(self):
        connection = super()._connect()
        for kind in (datetime, date):
            connection.adapters.register_dumper(kind, _InstantAsText)
        # avg() and the like come back as floats, as from SQLite, not as Decimal.
        connection.adapters.register_loader("numeric", FloatLoader)
        return connection

    def execute_sql(self, sql, params=None):
        sql = postgres_query(sql)
        try:
            return super().execute_sql(sql, params)
        except (peewee.OperationalError, peewee.InterfaceError) as error:
            # An idle connection learns that the server restarted only when it next asks: a read
            # outside a transaction is asked once more, on a new connection.
            reading = sql.lstrip()[:6].upper() == "SELECT"
            if not reading or self._state.transactions or not connection_lost(error, self):
                raise
            return super().execute_sql(sql, params)

    def begin(self, *args, **kwargs):
        try:
            return super().begin(*args, **kwargs)
        except (peewee.OperationalError, peewee.InterfaceError) as error:
            # Nothing was asked yet: a transaction that could not begin on a connection the
            # server dropped (a restart) begins again on a new one.
            if self._state.transactions or not connection_lost(error, self):
                raise
            return super().begin(*args, **kwargs)

    def lost(self, error: BaseException) -> bool:
        """True when ``error`` means the server cannot be reached (db/journal.py keeps the row)."""
        return connection_lost(error, self)

    def is_closed(self) -> bool:
        connection = self._state.conn
        if connection is not None and connection.closed and not self._state.transactions:
            self._state.reset()  # the server went away: the next query connects again
        return self._state.closed


def connection_lost(error: BaseException, record: peewee.Database | None = None) -> bool:
    """True when ``error`` came from the server going away (or never answering), rather than
    from what was asked of it: the open record's connection is gone."""
    if psycopg is None:
        return False
    seen: BaseException | None = error
    while seen is not None and not isinstance(seen, psycopg.OperationalError):
        seen = seen.__cause__ or seen.__context__
    if seen is None:
        return False
    record = record if record is not None else db.obj
    connection = getattr(getattr(record, "_state", None), "conn", None)
    return connection is None or connection.closed


def server_in_use() -> ServerDatabase | None:
    """The PostgreSQL database open in this process, if the open record is one."""
    return getattr(db.obj, "server", None)


def one_line(server: ServerDatabase, error: BaseException) -> str:
    """The driver's or server's words, on one line, with the password taken out."""
    lines = [" ".join(line.split()) for line in str(error).splitlines() if line.strip()]
    text = "; ".join(line.rstrip(".") for line in lines)
    for noise in ("connection failed: ", "FATAL: ", "ERROR: "):
        text = text.replace(noise, "")
    return server.scrub(text)


def _require_driver() -> None:
    if psycopg is None:
        raise StorageError(INSTALL_ADVICE)


def _schema_version(record: ServerRecord, server: ServerDatabase) -> int:
    """The database's schema version (0 for a new, empty one), or StorageError; reads only."""
    tables = {
        name
        for (name,) in record.execute_sql(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
    }
    if not tables:
        return 0
    if MARKER_TABLE not in tables:
        raise StorageError(
            f"the PostgreSQL database {server.dbname} on {server.server} belongs to another "
            "application, not backtui. Choose another database; this one was not changed."
        )
    row = record.execute_sql(f'SELECT "application", "version" FROM "{MARKER_TABLE}"').fetchone()
    if row is None or row[0] != APPLICATION:
        raise StorageError(
            f"the PostgreSQL database {server.dbname} on {server.server} belongs to another "
            "application, not backtui. Choose another database; this one was not changed."
        )
    if row[1] > migrations.SCHEMA_VERSION:
        raise StorageError(
            f"the PostgreSQL database {server.dbname} on {server.server} was written by a newer "
            f"backtui (schema {row[1]}, this one reads up to {migrations.SCHEMA_VERSION}). "
            "Upgrade backtui to open it."
        )
    return row[1]


def _bring_up_to_date(record: ServerRecord, server: ServerDatabase) -> None:
    """Build a new database or run the missing steps: all in one transaction, under a lock."""
    record.execute_sql("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
    try:
        with record.atomic():
            version = _schema_version(record, server)
            if version == 0 and not _has_marker(record):
                for statement in MARKER_SQL:
                    record.execute_sql(statement)
            migrations.migrate(record, version)
    finally:
        record.execute_sql("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))


def _has_marker(record: ServerRecord) -> bool:
    return record.execute_sql("SELECT to_regclass(%s)", (MARKER_TABLE,)).fetchone()[0] is not None


@contextmanager
def _talking_to(server: ServerDatabase, record: ServerRecord) -> Iterator[None]:
    """Turn whatever the driver or server raises into one line without the password."""
    try:
        yield
    except (peewee.PeeweeException, psycopg.Error) as error:
        record.close()
        raise StorageError(
            f"cannot use the PostgreSQL database {server}: {one_line(server, error)}"
        ) from None
    except BaseException:
        record.close()
        raise


def open_server(server: ServerDatabase, *, read_only: bool = False) -> ServerDatabase:
    """Connect to ``server``, check that it is backtui's (or empty) and bring its schema up to
    date, then make it the database every model uses. ``read_only`` opens an up-to-date
    record for reading only (export, report)."""
    _require_driver()
    if not db.is_closed():
        db.close()
    record = ServerRecord(server, read_only=read_only)
    with _talking_to(server, record):
        record.connect()
        version = _schema_version(record, server)
        if version < migrations.SCHEMA_VERSION:
            if read_only:
                record.close()
                return open_server(server)
            _bring_up_to_date(record, server)
    db.initialize(record)
    return server


def rows_held(server: ServerDatabase) -> int:
    """How many rows of a record ``server`` holds (0 for a new database), read without writing;
    StorageError for a database that is not backtui's."""
    _require_driver()
    record = ServerRecord(server, read_only=True)
    with _talking_to(server, record):
        record.connect()
        if _schema_version(record, server) == 0:
            record.close()
            return 0
        tables = [
            name
            for (name,) in record.execute_sql(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                "AND tablename != %s",
                (MARKER_TABLE,),
            ).fetchall()
        ]
        held = sum(
            record.execute_sql(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables
        )
        record.close()
        return held
