"""History's pop-ups: the therapy form, a delete confirmation, and one session's detail."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime

from rich.markup import escape as e
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from backtui.db.models import THERAPY_KINDS
from backtui.history.log import ACTION_LABELS, STATUS_LABELS, SessionDetail, session_detail
from backtui.history.therapies import THERAPY_LABELS, TherapyError, parse_day, validate_entry
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.shown import while_shown


class TherapyForm(ModalScreen[dict | None]):
    """Add or edit one therapy entry. Returns {"day", "kind", "note"} (checked and, with
    ``save``, stored) or None.

    ``save(values)`` returns a future of the write (on the History screen's DbLane): the form
    closes only once it is stored, and a failed write leaves it open with the message."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        *,
        today: date,
        day: date | None = None,
        kind: str | None = None,
        note: str = "",
        editing: bool = False,
        save: Callable[[dict], asyncio.Future] | None = None,
    ) -> None:
        super().__init__()
        self.save = save
        self.saving = False
        self.today = today
        self.initial = (day or today, kind or THERAPY_KINDS[0], note)
        self.editing = editing

    def compose(self) -> ComposeResult:
        day, kind, note = self.initial
        with Vertical(classes="history-dialog"):
            yield Static(
                "Edit therapy" if self.editing else "Log a therapy", classes="screen-title"
            )
            yield Label("Day (YYYY-MM-DD)")
            yield Input(day.isoformat(), id="therapy-day")
            yield Label("Kind")
            yield Select(
                [(THERAPY_LABELS[k], k) for k in THERAPY_KINDS],
                value=kind,
                allow_blank=False,
                id="therapy-kind",
            )
            yield Label("Note (optional)")
            yield Input(note, placeholder="e.g. physio: worked on hip hinge", id="therapy-note")
            yield Static("", id="therapy-error", classes="history-form-error")
            yield Static("Enter or ctrl+s saves · Escape cancels", classes="muted")
        yield KeyFooter()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#therapy-day", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        error = self.query_one("#therapy-error", Static)
        try:
            day = parse_day(self.query_one("#therapy-day", Input).value)
            kind = self.query_one("#therapy-kind", Select).value
            note = self.query_one("#therapy-note", Input).value
            day, kind, note = validate_entry(day, kind, note, self.today)
        except TherapyError as problem:
            error.update(str(problem))
            return
        values = {"day": day, "kind": kind, "note": note}
        if self.save is None:
            self.dismiss(values)
        elif not self.saving:  # one write at a time: enter twice stores one entry
            self.saving = True
            self.save(values).add_done_callback(lambda done: self._stored(done, values))

    @while_shown
    def _stored(self, done: asyncio.Future, values: dict) -> None:
        self.saving = False
        problem = None if done.cancelled() else done.exception()
        if isinstance(problem, TherapyError):
            self.query_one("#therapy-error", Static).update(str(problem))
        elif problem is not None:
            self.query_one("#therapy-error", Static).update(
                f"Could not save the therapy ({problem}). Nothing was stored; "
                "your entry is still here to try again."
            )
        elif not done.cancelled():
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDelete(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, delete"),
        Binding("n,escape", "answer(False)", "No, keep it"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="history-dialog"):
            yield Static(self.question)
            yield Static("y deletes it · n or Escape keeps it", classes="muted")
        yield KeyFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def _detail_text(detail: SessionDetail, clock_time: Callable[[datetime], str]) -> str:
    """Markup for the headings only: every name and note is escaped. ``clock_time`` writes a
    time of day in the person's format (the app's)."""
    ended = clock_time(detail.ended_at) if detail.ended_at else "not ended"
    lines = [
        f"[b]{detail.started_at:%A %d %B %Y}, {clock_time(detail.started_at)}[/b] to {ended} · "
        f"{STATUS_LABELS.get(detail.status, detail.status)} · {detail.kind}"
        + (f" · effort {detail.effort}/10" if detail.effort is not None else ""),
        "",
        f"[b]Sets[/b] ({len(detail.sets)} of {detail.planned_sets} planned)",
    ]
    lines += [
        f"  {clock_time(s.completed_at)}  {e(s.exercise)} · set {s.set_number} · {s.dose}"
        for s in detail.sets
    ] or ["  none"]
    lines += ["", "[b]Skipped[/b]"]
    lines += [
        f"  {e(s.exercise)}: {s.reason}" + (f" ({e(s.note)})" if s.note else "")
        for s in detail.skips
    ] or ["  none"]
    lines += ["", "[b]Check-ins[/b]"]
    lines += [
        f"  {clock_time(c.at)} {c.moment.replace('_', ' ')}: pain {c.pain}/10"
        + (
            f" · {', '.join(x.replace('_', ' ') for x in c.locations + c.qualities)}"
            if c.locations or c.qualities
            else ""
        )
        + (f" · “{e(c.note)}”" if c.note else "")
        for c in detail.checkins
    ] or ["  none"]
    if detail.decisions:
        lines += ["", "[b]Progression[/b]"]
        lines += [
            f"  {e(d.exercise)}: {ACTION_LABELS.get(d.action, d.action)} ({d.status}) · "
            f"{e(d.reason)}"
            for d in detail.decisions
        ]
    if detail.note:
        lines += ["", f"[b]Note[/b]  {e(detail.note)}"]
    return "\n".join(lines)


class SessionDetailScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="history-dialog wide"):
            yield Static("Loading the session…", id="session-detail")
        with Horizontal(classes="dialog-footer"):
            yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        detail = session_detail(self.session_id)
        self.app.call_from_thread(self._show, detail)

    @while_shown
    def _show(self, detail: SessionDetail | None) -> None:
        body = self.query_one("#session-detail", Static)
        if detail is None:
            body.update("This session no longer exists.")
            return
        body.update(Text.from_markup(_detail_text(detail, self.app.clock_time)))

    def action_close(self) -> None:
        self.dismiss(None)
