"""What a finished session amounted to: sets done against planned, time, skips and their reasons,
the pain reported during it with what was advised, and what to do next (the core's summary). After
a stop for a warning sign it repeats the advice, never "see how your back took it tomorrow"
(NHS; NICE NG59)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from backtui.session.flow import format_clock
from backtui.session.summary import SessionSummary
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.header import KeptHeader

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
    if summary.during:
        text.append("\nPain during the session:\n")
        for note in summary.during:
            text.append(f" • {note.pain}/10: {note.headline}\n")
    if summary.stopped_by_warning:
        colour = "red" if summary.warning == "emergency" else "yellow"
        text.append("\n" + summary.closing, style=f"bold {colour}")
    else:
        text.append("\n" + summary.closing, style="italic")
    return text


class SessionSummaryScreen(Screen):
    CSS_PATH = "session.tcss"
    BINDINGS = [Binding("enter,escape", "app.pop_screen", "Back to the plan")]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        yield KeptHeader()
        yield Static(summary_text(self.summary), id="summary", classes="panel")
        yield KeyFooter()
