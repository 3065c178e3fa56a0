"""What a finished session amounted to: sets done against planned, time, skips and their reasons."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from backtui.session.flow import format_clock
from backtui.session.store import SessionSummary

STATUS_WORDS = {
    "completed": "Session complete",
    "ended_early": "Session ended early",
    "interrupted": "Session interrupted",
    "in_progress": "Session in progress",
}


def summary_text(summary: SessionSummary) -> Text:
    text = Text()
    kind = " (minimum session)" if summary.kind == "minimum" else ""
    text.append(f"{STATUS_WORDS.get(summary.status, summary.status)}{kind}\n\n", style="bold")
    text.append(f"Sets done     {summary.sets_done} of {summary.sets_planned}\n")
    text.append(f"Time          {format_clock(summary.duration.total_seconds())}\n")
    if summary.pain_before is not None or summary.pain_after is not None:
        before = "–" if summary.pain_before is None else f"{summary.pain_before}/10"
        after = "–" if summary.pain_after is None else f"{summary.pain_after}/10"
        text.append(f"Pain          {before} before, {after} after\n")
    if summary.effort is not None:
        text.append(f"Effort        {summary.effort}/10\n")
    if summary.exercises_done:
        text.append("\nDone: " + ", ".join(summary.exercises_done) + "\n")
    if summary.skips:
        text.append("\nSkipped:\n")
        for skip in summary.skips:
            note = f" ({skip.note})" if skip.note else ""
            text.append(f" • {skip.exercise}: {skip.reason_label}{note}\n")
    text.append(
        "\nA check-in tomorrow morning tells backtui how your back took it; the plan's "
        "suggestions for next time follow from that.",
        style="italic",
    )
    return text


class SessionSummaryScreen(Screen):
    CSS_PATH = "session.tcss"
    BINDINGS = [Binding("enter,escape", "app.pop_screen", "Back to the plan")]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(summary_text(self.summary), id="summary", classes="panel")
        yield Footer()
