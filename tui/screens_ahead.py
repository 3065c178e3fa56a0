"""The check-in form and the live session's screen, built ahead while the person reads the Plan.

Opening either one composed, mounted and styled its widgets at the key press: about 30 ms each at
120×36 on this machine. Once they were mounted, Textual also laid the whole screen out a second
time (10–18 ms). A screen built ahead is composed, mounted and styled out of sight, and its key
only shows it. Its data is still read as it is shown: each of these screens reads at its first
``ScreenResume``, not at its mount.

One of each kind is kept ready. A screen that is used is not used again (closing it removes it),
so a new one is built as soon as the person is back on the Plan or History. A screen built for
another terminal size is not used: its size classes (``KeptStyles.breakpoint_classes``) would be
out of date.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.geometry import Size
from textual.screen import Screen

from backtui.tui.common.shown import is_shown


class ScreensAhead:
    """Screens kept ready, by kind; ``makers`` builds a new screen of each kind."""

    def __init__(self, app: App, makers: dict[str, Callable[[], Screen]]) -> None:
        self.app = app
        self.makers = makers
        self.ready: dict[str, tuple[Screen, Size]] = {}

    def build(self) -> None:
        """Build each kind that has no screen ready, out of sight (on the UI thread)."""
        app = self.app
        if not app.is_running:  # closing: a new screen would join the nodes being closed
            return
        for kind, make in self.makers.items():
            if kind not in self.ready:
                screen = make()
                app._register(app, screen)  # as push_screen does: it composes and mounts
                self.ready[kind] = (screen, app.size)

    def take(self, kind: str) -> Screen | None:
        """The ready screen of ``kind``, or None (then the caller builds one as before)."""
        screen, size = self.ready.pop(kind, (None, None))
        if screen is None:
            return None
        if size != self.app.size or not is_shown(screen) or not screen.is_running:
            if is_shown(screen):
                screen.remove()
            return None
        return screen

    async def close(self) -> None:
        """Remove the screens not used (before the app closes its screens)."""
        ready, self.ready = self.ready, {}
        for screen, _size in ready.values():
            if is_shown(screen):
                await screen.remove()
