"""Shown instead of a garbled layout when the terminal is smaller than backtui can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 18


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """Covers everything until the terminal is large enough again; nothing underneath is lost."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
    }
    TooSmallScreen > Static {
        width: auto;
        max-width: 100%;
        text-align: center;
    }
    TooSmallScreen.-stood-down { background: 0%; }
    TooSmallScreen.-stood-down > Static { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def stand_down(self) -> None:
        """Covered by a dialog that came up meanwhile: show nothing behind it; the app takes
        this notice away once it is uncovered at a size that fits."""
        self.add_class("-stood-down")

    def show_size(self, width: int, height: int) -> None:
        self.remove_class("-stood-down")
        for message in self.query("#too-small-message").results(Static):
            message.update(
                f"Please make the terminal larger.\n"
                f"backtui needs at least {MIN_WIDTH}×{MIN_HEIGHT}; it is {width}×{height} now.\n"
                "Your session and data are safe."
            )
