"""Keeping Python's full garbage-collection passes out of key presses.

Python's cycle collector now and then walks every object the process holds. After start-up that
is hundreds of thousands (modules, styles, widgets), a pause of 40–95 ms, and it fell in about
one key press in eight (ten years of history, 80×24). An object that is frozen (``gc.freeze``) is
left out of those walks; freezing is a constant-time move of the collector's lists.

- ``backtui`` starts with the collector off (``launcher.build_app``); once the Plan shows today's
  exercises, ``collector_on`` turns it back on.
- Once start-up is over, ``settle_memory`` collects and freezes what it made.
- History is built ahead while the person reads the Plan (``AfterStart._build_history_ahead``);
  what it made is frozen once it is built (``freeze_built``).
- Each screen a key opens adds thousands of objects that stay (widgets, styles, drawn lines).
  A key starts ``KeyMemory.tick`` once a second; it freezes what exists after keys were pressed,
  so a pass during the next press walks only what was made since. The ticks stop after the
  sweep below: an app left alone runs no timer for this.
- A frozen object is never collected. A screen that was frozen while open and closed later stays
  in memory, so once no key has been pressed for ``QUIET_SECONDS`` everything is unfrozen,
  collected and frozen again (one full pass, while nobody is waiting on the screen).
- When an app built by ``make_app`` alone ends, everything is unfrozen, collected and frozen
  again, so a process that runs many apps (the tests) frees the old ones; left unfrozen, every
  later full pass in that process walked all it holds (a quarter more time for the tests).
  ``backtui`` itself ends with its app, and leaves it frozen: unfrozen, Python's last collection
  at exit walked all of it (about 130 ms).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Protocol

QUIET_SECONDS = 60.0


def collector_on() -> None:
    gc.enable()


def settle_memory() -> None:
    """Collect what start-up left and freeze the rest."""
    gc.collect()
    gc.freeze()


def freeze_built() -> None:
    """Freeze what a screen built ahead made (History, while the Plan is read), so the first
    presses after it walk none of it; the quiet sweep below frees what of it has died."""
    gc.freeze()


class Ticks(Protocol):
    def stop(self) -> None: ...


class KeyMemory:
    """Freezes after key presses, and sweeps everything once the keys have been quiet.

    ``start_ticking(tick)`` calls ``tick`` once a second until stopped (the app's
    ``set_interval``); without it, the caller ticks.
    """

    def __init__(
        self,
        monotonic: Callable[[], float],
        quiet_seconds: float = QUIET_SECONDS,
        start_ticking: Callable[[Callable[[], None]], Ticks] | None = None,
    ):
        self.monotonic = monotonic
        self.quiet_seconds = quiet_seconds
        self.start_ticking = start_ticking
        self.ticks: Ticks | None = None
        self.last_key: float | None = None
        self.pressed_since_freeze = False
        self.swept = True  # nothing frozen by keys yet, so nothing to sweep
        self.release_at_end = True  # launcher.build_app: False, the process ends with the app

    def key_pressed(self) -> None:
        self.last_key = self.monotonic()
        self.pressed_since_freeze = True
        if self.ticks is None and self.start_ticking is not None:
            self.ticks = self.start_ticking(self.tick)

    def tick(self) -> None:
        if self.pressed_since_freeze:
            gc.freeze()
            self.pressed_since_freeze = False
            self.swept = False
        elif (
            not self.swept
            and self.last_key is not None
            and self.monotonic() - self.last_key >= self.quiet_seconds
        ):
            gc.unfreeze()
            settle_memory()
            self.swept = True
        if self.swept and not self.pressed_since_freeze and self.ticks is not None:
            self.ticks.stop()  # nothing to do until the next key
            self.ticks = None

    def release(self) -> None:
        """What the ending app froze goes back to the collector, and the rest is frozen again."""
        if self.release_at_end:
            gc.unfreeze()
            settle_memory()
