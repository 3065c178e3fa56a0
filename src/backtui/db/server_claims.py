"""Which machine runs a session, on a record in PostgreSQL: a session-level advisory lock.

The process running a session holds ``pg_try_advisory_lock(SESSION_LOCK, session id)`` on a
connection opened for that alone, for as long as the session runs. The server lets go of the
lock when the session ends here (that connection is closed) or when the process or its machine
goes away (the server sees the connection drop). Any other backtui on any machine sees the lock
in ``pg_locks``, and who holds it from that connection's application name ("pid 1234 on laptop").

This is the PostgreSQL side of what db/claims.py does with file locks for a record in a file;
db/store.py puts both behind the same three calls, so the session code never asks which it is.
Like db/postgres.py, this module is loaded only for a record on a server (db/store.py), so a
record in a file never loads the driver.
"""

from __future__ import annotations

import os
import platform
from typing import Any

from backtui.db.claims import SessionElsewhere
from backtui.db.location import ServerDatabase
from backtui.db.models import db
from backtui.db.postgres import one_line

try:
    import psycopg
except ImportError:  # never reached: db/store.py loads this module for a server only
    psycopg = None
from backtui.errors import StorageError

SESSION_LOCK = 0x42545553  # the first key of every session lock; the session id is the second
_PREFIX = "backtui session: pid "
_held: dict[tuple[str, int], Any] = {}  # (server URL, session id) -> the connection holding it

_HOLDER = """
SELECT a.application_name FROM pg_catalog.pg_locks l
LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
  AND l.classid::bigint = %s AND l.objid::bigint = %s
"""


def _this_process() -> str:
    return f"{os.getpid()} on {platform.node()}"


def _alive(connection: Any) -> bool:
    """Whether ``connection`` still holds its lock: an idle connection learns that the server went
    away (and took the lock with it) only when it next asks something."""
    if connection.closed:
        return False
    try:
        connection.execute("SELECT 1")
    except psycopg.Error:
        connection.close()
        return False
    return True


def _holder(session_id: int, cursor_of: Any = None) -> str | None:
    """Who holds the session's lock (as "1234 on laptop"), or None when nobody does."""
    sql, params = _HOLDER, (SESSION_LOCK, int(session_id))
    if cursor_of is not None:
        row = cursor_of.execute(sql, params).fetchone()
    else:
        row = db.execute_sql(sql, params).fetchone()
    if row is None:
        return None
    name = row[0] or ""
    return name[len(_PREFIX) :] if name.startswith(_PREFIX) else "unknown"


def owner_elsewhere(server: ServerDatabase, session_id: int) -> str | None:
    """The process on some machine running ``session_id``, or None (nobody, or this one)."""
    held = _held.get((server.url, int(session_id)))
    if held is not None and _alive(held):
        return None
    if held is not None:  # the server went away and took the lock: take it again, if free
        try:
            own(server, session_id)
        except SessionElsewhere as elsewhere:
            return elsewhere.pid
        except StorageError:
            return None  # still away: this process was the one running it
        return None
    return _holder(session_id)


def own(server: ServerDatabase, session_id: int) -> None:
    """Make this process the one that runs ``session_id``, or raise SessionElsewhere."""
    key = (server.url, int(session_id))
    held = _held.pop(key, None)
    if held is not None and _alive(held):
        _held[key] = held
        return
    try:
        connection = psycopg.connect(
            server.url,
            autocommit=True,
            connect_timeout=10,
            application_name=(_PREFIX + _this_process())[:63],
        )
        got = connection.execute(
            "SELECT pg_try_advisory_lock(%s::integer, %s::integer)", (SESSION_LOCK, key[1])
        ).fetchone()[0]
    except psycopg.Error as error:
        if held is not None:
            _held[key] = held  # kept dead: the lock is taken again once the server is back
        raise StorageError(
            f"cannot mark which machine runs this session on {server}: {one_line(server, error)}"
        ) from None
    if not got:
        holder = _holder(session_id, connection) or "unknown"
        connection.close()
        raise SessionElsewhere(holder)
    _held[key] = connection


def let_go(server: ServerDatabase, session_id: int) -> None:
    """The session ended here: closing its connection lets go of the lock."""
    connection = _held.pop((server.url, int(session_id)), None)
    if connection is None:
        return
    try:
        if _alive(connection):  # at once: the server would notice the closing a moment later
            connection.execute(
                "SELECT pg_advisory_unlock(%s::integer, %s::integer)", (SESSION_LOCK, session_id)
            )
    except Exception:  # noqa: BLE001 - gone with the server: its lock is gone as well
        pass
    connection.close()


def let_go_of_all() -> None:
    """Every session this process runs on any server (the record is being closed)."""
    for key in list(_held):
        _held.pop(key).close()
