"""The header every main screen shows: Textual's, laid out again only when its title changes.

Textual's Header watches four titles (the app's and the screen's title and subtitle). Each watch
sets the title once as it starts, and the app's two arrive a few tens of milliseconds after the
screen's first layout. Each update asks for a new layout even when the text is the same, so a
newly shown screen was laid out and drawn a second time for nothing (about 12 ms of each ``s`` at
120×36). Here a title that is already shown is not set again.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderClock, HeaderClockSpace, HeaderIcon, HeaderTitle


class KeptHeaderTitle(HeaderTitle):
    """A header title that ignores an update to the text it already shows."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: VisualType | None = None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if content == self.shown:
            return
        self.shown = content
        super().update(content, layout=layout)


class KeptHeader(Header):
    def compose(self) -> ComposeResult:  # Header.compose, with the kept title
        yield HeaderIcon().data_bind(Header.icon)
        yield KeptHeaderTitle()
        yield (
            HeaderClock().data_bind(Header.time_format) if self._show_clock else HeaderClockSpace()
        )
