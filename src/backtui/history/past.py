"""Figures about the record's past, kept between reads while that past is unchanged.

A few of History's figures look at the whole record: the best streak of weeks on target, how many
sessions each exercise was done in, and the mean pain on days with and without each therapy.
Read afresh, thirty years of sessions, sets or check-ins took 15-40 ms each, every time History
showed them. But backtui never deletes or edits a session, a set or a check-in, and a session's
status is settled long before it counts as past (one can be resumed for 12 hours only): the past
changes only when rows are added to it, by an import, or by sets and check-ins that waited on
this machine for the server to answer (db/journal.py). So what is read about the past is kept
in memory with the number of rows it came from, and read again when that number differs.
Counting them costs a few index reads (all the rows less the recent ones; SQLite counts a whole
table without visiting its rows). The recent part, last week and this week, is read afresh by
the callers each time.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from backtui.db.models import db
from backtui.history.weeks import week_start

T = TypeVar("T")

# How many rows came before a point: all of the table's, less the later ones. SQLite counts a
# whole table on its smallest index without reading the rows, and the later ones along an index.
PAST_SESSIONS = (
    "SELECT (SELECT count(*) FROM session) - (SELECT count(*) FROM session WHERE started_at >= ?)"
)
PAST_CHECKINS = (
    "SELECT (SELECT count(*) FROM checkin) - (SELECT count(*) FROM checkin WHERE at >= ?)"
)
PAST_PEG = "SELECT (SELECT count(*) FROM pegentry) - (SELECT count(*) FROM pegentry WHERE at >= ?)"
PAST_SETS = (  # by session: the sets of the sessions before a session id
    "SELECT (SELECT count(*) FROM setlog) - (SELECT count(*) FROM setlog WHERE session_id >= ?)"
)

# Per open database (a new one after each open, dropped with it): name -> (fingerprint, value).
_kept: weakref.WeakKeyDictionary[Any, dict[str, tuple[tuple, Any]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def past_end(today: date, start_day: int) -> date:
    """The first day that is not "past": the start of last week. Last week stays recent, so a
    session resumed or closed after midnight on a Monday is read afresh."""
    return week_start(today, start_day) - timedelta(days=7)


def kept(name: str, fingerprint_sql: str, params: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave before for the same ``name``, while the row that
    ``fingerprint_sql`` reads with ``params`` (the count of the past's rows) is as it was then.

    The count is read first: rows added while ``compute`` runs change it, so they are read next
    time. Callers must not change the value they are given; it is shared.
    """
    fingerprint = (params, tuple(db.execute_sql(fingerprint_sql, params).fetchone()))
    database = db.obj
    with _lock:
        held = _kept.get(database, {}).get(name)
    if held is not None and held[0] == fingerprint:
        return held[1]
    value = compute()
    with _lock:
        _kept.setdefault(database, {})[name] = (fingerprint, value)
    return value


def forget() -> None:
    """Drop everything kept: after a change that deletes or edits past rows (backtui makes none),
    and in tests that start a new record in the same database."""
    with _lock:
        _kept.clear()
