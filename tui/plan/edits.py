"""The Plan's writes, on the shared ordered lane of database calls (one at a time, in order).

Each job's answer comes back on the UI thread as (result, problem): ``problem`` is the plain
message of a refused edit (backtui's edit errors are ValueErrors that say why), or a short note
when the database could not be written.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

from peewee import DatabaseError
from textual.dom import DOMNode

from backtui.db.storage import StorageError
from backtui.tui.db_lane import DbLane

Then = Callable[[Any, str | None], None]


class EditLane:
    def __init__(self, node: DOMNode) -> None:
        self._lane = DbLane(node)

    def run(self, job: Callable[[], Any], then: Then | None = None) -> None:
        future = self._lane.run(job)
        future.add_done_callback(lambda done: _answer(done, then))


def _answer(done: asyncio.Future, then: Then | None) -> None:
    result, problem = None, None
    error = None if done.cancelled() else done.exception()
    if isinstance(error, ValueError):  # PlanError, DecisionError, ProgrammeError: say why
        problem = str(error)
    elif isinstance(error, DatabaseError | sqlite3.Error | StorageError | OSError):
        problem = f"Could not save the change: {error}"
    elif error is not None:
        raise error
    elif not done.cancelled():
        result = done.result()
    if then is not None:
        then(result, problem)
