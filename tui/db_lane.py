"""One screen's database calls, each on a thread worker, run strictly in the order they were asked.

Order matters: in a session the last set must be stored before the session is marked ended, and on
the Plan pressing ] three times must move an exercise three places. Each
call starts its own thread worker (the UI never waits), and the workers take jobs from one queue
under a lock, so jobs run one at a time, oldest first. ``run`` returns an asyncio future to await
(its failure is raised there); ``fire`` is for writes nobody waits for, and shows any failure.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.dom import DOMNode

from backtui.errors import BacktuiError


class DbLane:
    def __init__(self, node: DOMNode) -> None:
        self._node = node
        self._jobs: deque[tuple[Callable[[], Any], asyncio.Future, asyncio.AbstractEventLoop]] = (
            deque()
        )
        self._lock = threading.Lock()

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()
        self._jobs.append((partial(fn, *args, **kwargs), future, loop))
        # App-level workers: a set being stored is not cancelled when the screen closes.
        self._node.app.run_worker(self._one, thread=True, group="session-db", exit_on_error=False)
        return future

    def _one(self) -> None:
        with self._lock:
            job, future, loop = self._jobs.popleft()
            try:
                result, error = job(), None
            except Exception as exc:  # shown to the person, and raised in whoever awaits
                result, error = None, exc
            loop.call_soon_threadsafe(_settle, future, result, error)

    def fire(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> asyncio.Future:
        future = self.run(fn, *args, **kwargs)
        future.add_done_callback(self._report)
        return future

    def _report(self, future: asyncio.Future) -> None:
        error = None if future.cancelled() else future.exception()
        if error is None:
            return
        if isinstance(error, BacktuiError):  # already a whole sentence saying what to do
            message = f"Not saved. {error}"
        else:
            message = (
                f"Could not save: {str(error).rstrip('.')}. What you just did was not stored; "
                "everything saved before it is safe."
            )
        self._node.app.notify(message, severity="error", timeout=10)


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
