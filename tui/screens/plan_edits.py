"""The Plan's writes, each on a thread worker, run one at a time in the order they were asked.

Order matters: pressing ] three times must move an exercise three places, and two writers racing
in SQLite could make one of them fail. Each job's answer comes back on the UI thread as
(result, problem): ``problem`` is the plain message of a refused edit (backtui's edit errors are
ValueErrors that say why), or a short note when the database could not be written.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from peewee import DatabaseError
from textual.app import App

from backtui.storage import StorageError

Then = Callable[[Any, str | None], None]


class EditLane:
    def __init__(self, app: App) -> None:
        self._app = app
        self._jobs: deque[tuple[Callable[[], Any], Then | None]] = deque()
        self._lock = threading.Lock()

    def run(self, job: Callable[[], Any], then: Then | None = None) -> None:
        self._jobs.append((job, then))
        # App-level worker: an edit already asked for is finished even if the screen changes.
        self._app.run_worker(self._one, thread=True, group="plan-edit", exit_on_error=False)

    def _one(self) -> None:
        with self._lock:
            job, then = self._jobs.popleft()
            result, problem = None, None
            try:
                result = job()
            except ValueError as error:  # PlanError, DecisionError, ProgrammeError: say why
                problem = str(error)
            except (DatabaseError, sqlite3.Error, StorageError, OSError) as error:
                problem = f"Could not save the change: {error}"
            if then is None:
                return
            try:
                self._app.call_from_thread(then, result, problem)
            except RuntimeError:  # the app closed meanwhile; the write itself is stored
                pass
