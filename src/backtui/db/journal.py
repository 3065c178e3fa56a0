"""Completed sets and check-ins kept on this machine while the record's server cannot be reached.

A record in PostgreSQL lives on another machine, which can go away mid-session (a network drop,
a server restart). A set or check-in whose write finds the server gone is kept instead as one
line of a small journal in the data folder (``unsent.jsonl``, 0600, in backtui's own 0700
folder), flushed to disk before the session moves on, and the session carries on. The journal is
sent before the next write once the server answers again, and when the record is next opened.

Sending is idempotent, so a line sent twice (the process died between the server's commit and
the journal's rewrite) is stored once: a set is one row per (session, exercise, set number)
(schema v6) and a check-in carries an id made here (``client_id``, schema v8); a row already
there is skipped (``INSERT ... ON CONFLICT DO NOTHING`` on PostgreSQL, ``INSERT OR IGNORE`` on
SQLite). A record in a local file never loses its store mid-session, so it never keeps lines.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from peewee import DatabaseError, InterfaceError, OperationalError

from backtui.db.models import CheckIn, SetLog, db
from backtui.instants import to_text
from backtui.paths import data_dir, ensure_private_dir

JOURNAL_NAME = "unsent.jsonl"
KEPT = {model._meta.table_name: model for model in (SetLog, CheckIn)}
_lock = threading.Lock()
Row = TypeVar("Row")


def journal_path() -> Path:
    return data_dir() / JOURNAL_NAME


def _line(server: str, model: type, row: dict[str, Any]) -> str:
    values = {name: to_text(value) if hasattr(value, "tzinfo") else value
              for name, value in row.items()}  # fmt: skip
    return json.dumps({"server": server, "table": model._meta.table_name, "row": values}) + "\n"


def _keep(server: str, model: type, row: dict[str, Any]) -> None:
    """Append one line and flush it to disk: once this returns, the row survives a crash."""
    ensure_private_dir(data_dir(), owned=True)
    with _lock:
        fd = os.open(journal_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.fchmod(fd, 0o600)  # whatever the umask
            os.write(fd, _line(server, model, row).encode())
            os.fsync(fd)
        finally:
            os.close(fd)


def _read() -> list[dict[str, Any]]:
    try:
        text = journal_path().read_text()
    except FileNotFoundError:
        return []
    entries = []
    for line in text.splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash while it was written was never confirmed
    return entries


def _rewrite(entries: list[dict[str, Any]]) -> None:
    path = journal_path()
    if not entries:
        path.unlink(missing_ok=True)
        return
    spare = path.with_name(f".{JOURNAL_NAME}.new")
    fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, "".join(json.dumps(entry) + "\n" for entry in entries).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(spare, path)


def waiting(server: object | None = None) -> int:
    """How many kept rows wait to be sent to ``server`` (the open record's, by default)."""
    name = str(server if server is not None else getattr(db.obj, "server", None))
    return sum(1 for entry in _read() if entry.get("server") == name)


def send_waiting() -> int:
    """Send the rows kept for the open record's server, each stored once; how many were sent.

    The server going away again leaves every row kept, to be sent next time. A row the record
    refuses (its session was deleted meanwhile, say) stays kept and does not stop the others.
    """
    server = getattr(db.obj, "server", None)  # a record in a file keeps nothing
    if server is None or not journal_path().exists():
        return 0
    name = str(server)
    with _lock:
        entries = _read()
        mine = [entry for entry in entries if entry.get("server") == name]
        if not mine:
            return 0
        refused = []
        with db.atomic():
            for entry in mine:
                model = KEPT.get(entry.get("table"))
                if model is None:
                    continue
                try:
                    with db.atomic():
                        model.insert(**entry["row"]).on_conflict_ignore().execute()
                except (OperationalError, InterfaceError):
                    raise
                except DatabaseError:
                    refused.append(entry)
        _rewrite([entry for entry in entries if entry.get("server") != name] + refused)
        return len(mine) - len(refused)


def write_or_keep(model: type[Row], row: dict[str, Any], write: Callable[[], Row]) -> Row:
    """Send what is kept, then ``write()``; when the server cannot be reached, keep ``row`` in
    the journal instead and return it unsaved (its id is None until it is sent)."""
    try:
        send_waiting()
        return write()
    except (OperationalError, InterfaceError) as error:
        record = db.obj  # postgres.ServerRecord knows when its server went away; a file never does
        lost = getattr(record, "lost", None)
        if lost is None or not lost(error):
            raise
        _keep(str(record.server), model, row)
        return model(**row)


def kept(row: Any) -> bool:
    """True for a row write_or_keep kept on this machine rather than stored."""
    return getattr(row, "id", None) is None
