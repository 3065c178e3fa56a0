"""The body-signal check-in, a modal that returns the saved check-in (or None)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class CheckInScreen(ModalScreen[object | None]):
    BINDINGS = [Binding("escape", "cancel", "Close without saving")]

    def __init__(self, *, moment: str, session_id: int | None = None) -> None:
        super().__init__()
        self.moment = moment
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        yield Static("Check-in", classes="screen-title")
        yield Footer()

    def action_cancel(self) -> None:
        self.dismiss(None)
