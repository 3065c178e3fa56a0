"""The Plan screen: backtui's home, with today's exercises."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class PlanScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Plan", classes="screen-title")
        yield Static("Loading today's exercises…", id="today")
        yield Footer()

    def on_mount(self) -> None:
        self.load_today()

    @work(thread=True, exclusive=True)
    def load_today(self) -> None:
        from backtui.plan import dose_label, estimate_minutes, todays_items

        items = todays_items(self.app.now())
        if items:
            lines = [f"Today · about {estimate_minutes(items)} min"]
            lines += [f"  {item.exercise.name} — {dose_label(item)}" for item in items]
        else:
            lines = ["Nothing is planned today. Press s for a short session anyway."]
        self.app.call_from_thread(self.query_one("#today", Static).update, "\n".join(lines))
