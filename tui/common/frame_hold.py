"""Keeping the last frame on screen while a view's first read is on its way.

A History section opened for the first time is built, laid out and drawn empty ("Loading…"), and
then laid out and drawn again a few tens of milliseconds later when its read comes back. The first
of those frames is gone before anyone can read it, and it slows the read down, which shares the
processor with it. While held, Textual lays out and draws nothing (``App.batch_update``), so the
section appears once, with its data.

Textual still lays out and renders a newly pushed screen while a batch is on (it only keeps the
result off the terminal), so a screen that holds its first frame also skips that render: see
``HistoryScreen._compositor_refresh``. Such a screen passes ``after_release``, which asks it to
draw what it skipped.

A hold never outlasts ``LONGEST_SECONDS``: a slow read then shows the section with its "Loading…"
text, as before. It ends when released, when the limit passes, or when the screen goes away.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from textual.app import App
from textual.timer import Timer

# Reads behind a first press take 10-40 ms on ten years of history; a person notices a pause at
# about a tenth of a second, and the old frame stays up no longer than twice that.
LONGEST_SECONDS = 0.2


class FrameHold:
    """One hold at a time: ``start`` keeps the current frame up, ``release`` lets drawing go on."""

    def __init__(
        self,
        app: App,
        longest: float | None = None,
        after_release: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self.longest = LONGEST_SECONDS if longest is None else longest
        self.after_release = after_release
        self._batch: AbstractContextManager[None] | None = None
        self._limit: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def start(self) -> None:
        if self._batch is not None:
            return
        self._batch = self.app.batch_update()
        self._batch.__enter__()
        # An app timer, so the hold ends even if the screen that asked for it is closed.
        self._limit = self.app.set_timer(self.longest, self.release, name="frame-hold")

    def release(self) -> None:
        batch, self._batch = self._batch, None
        if self._limit is not None:
            self._limit.stop()
            self._limit = None
        if batch is not None:
            batch.__exit__(None, None, None)
            if self.after_release is not None:
                self.after_release()
