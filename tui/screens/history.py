"""The History screen: the person's record over time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class HistoryScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("History", classes="screen-title")
        yield Footer()
