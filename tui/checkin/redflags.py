"""The red-flag checklist: warning signs that mean stop exercising and get help.

``RedFlagScreen(trigger=..., session_id=None, start=None)`` is a modal. ``trigger`` is one of
``triage.TRIGGERS``: "first_session" (before a first session), "body_signal" (a check-in mentioned
both legs, numbness or spreading leg symptoms), "manual" or "session" (the person asked, outside or
inside a live session). It dismisses with:

- ``None`` when closed with escape before answering (nothing is stored);
- the stored ``TriageResult`` otherwise. "None of these apply" is ticked by default, so enter
  accepts it straight away. An emergency or urgent answer first shows what to do right now, and
  the screen then dismisses with that result (``result.stops_session`` is True).

Each line shows its full question. The questions asked are ``holds.flags_to_ask``: lasting facts a
clinician has cleared are left out until something new is reported. ``start`` is the flag the
cursor opens on (``triage.checklist_start``: mid or upper back pain opens at "pain between the
shoulder blades"). Answering "none" never lifts an open hold: only a clinician's clearance or a
withdrawal does (``checkin.holds``), so with a hold open the screen says so.

The flags, their urgency and the advice come from ``backtui.triage`` (NHS; NICE NG59; cauda equina
syndrome patient card, backes.org.uk).
"""

from __future__ import annotations

import string

from peewee import DatabaseError
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backtui.checkin import triage
from backtui.checkin.holds import active_hold, flags_to_ask
from backtui.checkin.triage import RED_FLAGS, TriageResult
from backtui.db.storage import StorageError
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.shown import while_shown

NONE_KEY = "0"
# One letter per flag, in checklist order.
FLAG_KEYS = dict(zip(string.ascii_lowercase, (flag.id for flag in RED_FLAGS), strict=False))
KEY_FOR_FLAG = {flag_id: key for key, flag_id in FLAG_KEYS.items()}

INTRO = {
    "first_session": "Before your first session, check that none of these warning signs apply.",
    "body_signal": (
        "What you noticed in your legs can come with other warning signs. "
        "Tick any that are true for you now."
    ),
    "manual": "Tick any of these that are true for you now.",
    "session": "Tick any of these that are true for you now.",
}
GROUPS = {
    "emergency": "Get help now if any of these is true",
    "urgent": "See a doctor within a day or two if any of these is true",
}
UPPER_BACK_INTRO = (
    "Pain higher up in the back, between the shoulder blades, can come with other warning "
    "signs. Tick any that are true for you now."
)
NONE_LABEL = "None of these apply"
HOLD_NOTE = (
    "Exercise is on hold after a warning sign you reported. Answering here does not lift it: "
    "when a doctor or physiotherapist has checked you, press s on the Plan to say so."
)


GET_HELP_TOOLTIP = "Open the Learn page on warning signs and where to get help."


class RedFlagScreen(ModalScreen[TriageResult | None]):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("enter", "accept", "Done", tooltip="Record these answers."),
        Binding("escape", "close", "Close", tooltip="Close; nothing is recorded."),
        Binding("space", "toggle", "Tick", tooltip="Tick or untick the highlighted line."),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding(NONE_KEY, "none", "None apply", tooltip="None of these apply (clears ticks)."),
        *[Binding(key, f"tick('{flag_id}')", show=False) for key, flag_id in FLAG_KEYS.items()],
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
        # Shown with the advice only: the Learn page on warning signs and where to get help.
        Binding("f2", "get_help", "When to get help", tooltip=GET_HELP_TOOLTIP),
    ]

    def __init__(
        self, *, trigger: str, session_id: int | None = None, start: str | None = None
    ) -> None:
        super().__init__()
        if trigger not in triage.TRIGGERS:
            raise ValueError(f"Unknown screening trigger: {trigger!r}.")
        self.trigger = trigger
        self.session_id = session_id
        self.ticked: set[str] = set()
        self.rows: list[str | None] = [None, *(flag.id for flag in RED_FLAGS)]  # None = "none"
        self.cursor = self.rows.index(start) if start in self.rows else 0
        self.result: TriageResult | None = None
        self._busy = False
        # Until the questions to ask have been read, every line shows and enter waits for them.
        self._ready = False
        self._accept_when_ready = False

    def compose(self) -> ComposeResult:
        with Vertical(id="flags-box", classes="modal-box"):
            yield Static("Warning signs check", classes="modal-title")
            intro = UPPER_BACK_INTRO if self.rows[self.cursor] == "thoracic_pain" else None
            yield Static(intro or INTRO[self.trigger], classes="muted", id="flags-intro")
            with VerticalScroll(id="flags", can_focus=False):
                yield Static("", id="row-none", classes="flag-row")
                for urgency in ("emergency", "urgent"):
                    yield Static(GROUPS[urgency], classes="flag-group")
                    for flag in RED_FLAGS:
                        if flag.urgency == urgency:
                            yield Static("", id=f"row-{flag.id}", classes="flag-row")
            yield Static("", id="flag-detail")
            yield Static("", id="flag-message", classes="error", markup=False)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._render_rows()
        self._read_questions()

    @work(thread=True, exclusive=True, group="redflag-read")
    def _read_questions(self) -> None:
        now = self.app.now()
        try:
            asked = tuple(flag.id for flag in flags_to_ask(now, self.trigger))
            on_hold = active_hold() is not None
        except (DatabaseError, StorageError, OSError):
            asked, on_hold = tuple(flag.id for flag in RED_FLAGS), False  # ask everything
        self.app.call_from_thread(self._show_questions, asked, on_hold)

    def _show_questions(self, asked: tuple[str, ...], on_hold: bool) -> None:
        # A line already ticked stays, even when it would not have been asked: never drop a tick.
        shown = tuple(flag.id for flag in RED_FLAGS if flag.id in asked or flag.id in self.ticked)
        for flag in RED_FLAGS:
            self._row_widget(flag.id).display = flag.id in shown
        current = self.rows[self.cursor]
        self.rows = [None, *shown]
        self.cursor = self.rows.index(current) if current in self.rows else 0
        self._ready = True
        if on_hold:
            self.query_one("#flags-intro", Static).update(HOLD_NOTE)
        self._render_rows()
        if self._accept_when_ready:
            self.action_accept()

    # The checklist ---------------------------------------------------------------------------

    def _row_widget(self, row: str | None) -> Static:
        return self.query_one(f"#row-{row or 'none'}", Static)

    def _render_rows(self) -> None:
        for index, row in enumerate(self.rows):
            widget = self._row_widget(row)
            if row is None:
                ticked = not self.ticked
                text = Text.assemble(
                    f"({'•' if ticked else ' '}) ", (NONE_KEY, "bold"), "  ", NONE_LABEL
                )
            else:
                ticked = row in self.ticked
                question = triage.RED_FLAGS_BY_ID[row].question
                text = Text.assemble(
                    f"[{'x' if ticked else ' '}] ", (KEY_FOR_FLAG[row], "bold"), "  ", question
                )
            widget.update(text)
            widget.set_class(index == self.cursor, "-cursor")
            widget.set_class(ticked, "-ticked")
        current = self.rows[self.cursor]
        if self.ticked:
            detail = "Enter records the lines you ticked. Space or a line's letter ticks it."
        else:
            detail = "Enter records that none of these signs apply. Tick a line with its letter."
        self.query_one("#flag-detail", Static).update(detail)
        self._row_widget(current).scroll_visible(animate=False)

    def action_move(self, step: int) -> None:
        if self.result is not None:
            return
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))
        self._render_rows()

    def action_toggle(self) -> None:
        row = self.rows[self.cursor]
        if row is None:
            self.action_none()
        else:
            self.action_tick(row)

    def action_tick(self, flag_id: str) -> None:
        if self.result is not None or self._busy or flag_id not in self.rows:
            return
        self.ticked ^= {flag_id}
        self.cursor = self.rows.index(flag_id)
        self._render_rows()

    def action_none(self) -> None:
        if self.result is not None or self._busy:
            return
        self.ticked.clear()
        self.cursor = 0
        self._render_rows()

    # Recording -------------------------------------------------------------------------------

    def action_accept(self) -> None:
        if self.result is not None:
            self.dismiss(self.result)  # the outcome has been read
            return
        if self._busy:
            return
        if not self._ready:
            self._accept_when_ready = True
            return
        self._busy = True
        self._record(sorted(self.ticked))

    @work(thread=True, exclusive=True, group="redflag-save")
    def _record(self, answers: list[str]) -> None:
        now = self.app.now()
        try:
            result = triage.record_screening(answers, self.trigger, now, session_id=self.session_id)
        except (ValueError, DatabaseError, StorageError, OSError) as error:
            self.app.call_from_thread(self._record_failed, str(error))
            return
        self.app.call_from_thread(self._recorded, result)

    @while_shown
    def _record_failed(self, message: str) -> None:
        self._busy = False
        self.query_one("#flag-message", Static).update(f"Could not record the answers: {message}")

    @while_shown
    def _recorded(self, result: TriageResult) -> None:
        self._busy = False
        self.result = result
        if not result.stops_session:
            self.app.notify("No warning signs. Recorded.")
            self.dismiss(result)
            return
        self._show_outcome(result)

    def _show_outcome(self, result: TriageResult) -> None:
        box = self.query_one("#flags-box", Vertical)
        box.add_class("-outcome")
        box.remove_children()
        ticked = "\n".join(f"  • {flag.label}" for flag in result.flags)
        box.mount(
            Static(result.headline, id="flag-outcome", classes=result.outcome, markup=False),
            Static(result.advice, id="flag-outcome-advice", markup=False),
            Static(f"\nYou told backtui:\n{ticked}", classes="muted", markup=False),
            Static(
                "\nThis answer is recorded for your history. Press enter to close.", classes="muted"
            ),
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.result is not None and action in ("toggle", "none", "move", "tick"):
            return False  # the outcome is showing; only enter, escape and its Learn page remain
        if action == "get_help":
            return self.result is not None and self.result.outcome != "none"
        return True

    def action_get_help(self) -> None:
        # Over everything, even a live session: reading about warning signs is always allowed.
        self.app.show_learn("get-help")

    def action_close(self) -> None:
        if self._busy:
            return
        # Once stored, closing still hands back the result, so a session always learns of it.
        self.dismiss(self.result)
