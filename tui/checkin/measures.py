"""Measures over time: the weekly PEG and the PSFS (patient-specific functional scale).

- ``PegScreen()`` (Krebs 2009): three 0-10 questions about the past week, one keystroke each.
  Dismisses with the stored ``PegEntry``, or None when closed ("ask me later", escape) or put off
  until next week (``n``, which calls ``measures.dismiss_peg``).
- ``PsfsScreen()`` (Stratford 1995): 3-5 activities that matter, each rated 0 (unable) to 10 (as
  before the problem). Names are pre-filled from the last PSFS so the same activities are rated
  again. Dismisses with the stored ``PsfsEntry``, or None on escape.

Neither opens by itself: the check-in screen offers them with a key when they are due.
"""

from __future__ import annotations

from peewee import DatabaseError
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from backtui.checkin import measures
from backtui.checkin.checkins import PENDING_SECONDS, PainInput
from backtui.checkin.measures import MeasureError
from backtui.db.models import PegEntry, PsfsEntry
from backtui.db.storage import StorageError
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.shown import dismiss_if_shown, while_shown

_SAVE_ERRORS = (DatabaseError, StorageError, OSError)

# The three PEG items in backtui's own words (Krebs et al., J Gen Intern Med 2009;24:733).
PEG_ITEMS = (
    ("Your pain on average over the past week", "no pain", "worst imaginable"),
    ("How much pain got in the way of enjoying life", "not at all", "completely"),
    ("How much pain got in the way of your day-to-day activity", "not at all", "completely"),
)


class PegScreen(ModalScreen[PegEntry | None]):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("enter", "save", "Save", tooltip="Save the three answers."),
        Binding("escape", "close", "Later", tooltip="Close; ask again another time."),
        Binding("n", "not_this_week", "Not this week", tooltip="Do not ask again this week."),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries = [PainInput() for _ in PEG_ITEMS]
        self.index = 0
        self._timer: Timer | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static("Weekly check (PEG)", classes="modal-title")
            yield Static(
                "Three questions about the past week. Type a number from 0 to 10 for each.",
                classes="muted",
            )
            for number in range(len(PEG_ITEMS)):
                yield Static("", id=f"peg-{number}", classes="measure-item")
            yield Static("", id="peg-score")
            yield Static("", id="peg-message", classes="error", markup=False)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        for number, ((question, low, high), entry) in enumerate(
            zip(PEG_ITEMS, self.entries, strict=True)
        ):
            text = Text(f"{number + 1}. {question}\n   ")
            text.append(entry.display, style="bold")
            text.append(f"   (0 {low} … 10 {high})", style="dim")
            widget = self.query_one(f"#peg-{number}", Static)
            widget.update(text)
            widget.set_class(number == self.index, "-current")
        values = self.values
        score = self.query_one("#peg-score", Static)
        if values is None:
            score.update("")
        else:
            score.update(f"Score {measures.peg_score(*values):.1f} out of 10. Enter saves it.")

    @property
    def values(self) -> tuple[int, int, int] | None:
        if all(entry.is_complete for entry in self.entries):
            return tuple(entry.value for entry in self.entries)  # type: ignore[return-value]
        return None

    def on_key(self, event: events.Key) -> None:
        if self._busy or not (
            len(event.key) == 1 and event.key.isdigit() or event.key == "backspace"
        ):
            return
        event.stop()
        event.prevent_default()
        entry = self.entries[self.index]
        if event.key == "backspace" and entry.value is None and self.index > 0:
            self.index -= 1
            entry = self.entries[self.index]
        entry.press(event.key)
        self._stop_timer()
        if entry.pending:
            self._timer = self.set_timer(PENDING_SECONDS, self._settle)
        elif entry.is_complete:
            self._next()
        self.query_one("#peg-message", Static).update("")
        self._show()

    def _settle(self) -> None:
        self._stop_timer()
        entry = self.entries[self.index]
        if entry.pending:
            entry.settle()
            self._next()
            self._show()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _next(self) -> None:
        """Move to the next unanswered question, if any."""
        for number in (*range(self.index + 1, len(self.entries)), *range(self.index)):
            if not self.entries[number].is_complete:
                self.index = number
                return

    def action_move(self, step: int) -> None:
        self._settle()
        self.index = max(0, min(len(self.entries) - 1, self.index + step))
        self._show()

    def action_save(self) -> None:
        if self._busy:
            return
        self._settle()
        values = self.values
        if values is None:
            missing = next(n for n, entry in enumerate(self.entries) if not entry.is_complete)
            self.index = missing
            self._show()
            self.query_one("#peg-message", Static).update(
                f"Question {missing + 1} has no answer yet: type a number from 0 to 10."
            )
            return
        self._busy = True
        self._record(values)

    @work(thread=True, exclusive=True, group="peg-save")
    def _record(self, values: tuple[int, int, int]) -> None:
        try:
            entry = measures.record_peg(*values, now=self.app.now())
        except (MeasureError, *_SAVE_ERRORS) as error:
            self.app.call_from_thread(self._failed, f"Could not save: {error}")
            return
        self.app.call_from_thread(self._recorded, entry)

    @while_shown
    def _failed(self, message: str) -> None:
        self._busy = False
        self.query_one("#peg-message", Static).update(message)

    @while_shown
    def _recorded(self, entry: PegEntry) -> None:
        self.app.notify(f"Weekly check saved: {entry.score:.1f} out of 10.")
        self.dismiss(entry)

    def action_not_this_week(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._put_off()

    @work(thread=True, exclusive=True, group="peg-save")
    def _put_off(self) -> None:
        try:
            measures.dismiss_peg(self.app.now())
        except _SAVE_ERRORS as error:
            self.app.call_from_thread(self._failed, f"Could not save that: {error}")
            return
        self.app.call_from_thread(dismiss_if_shown, self, None)

    def action_close(self) -> None:
        if not self._busy:
            self.dismiss(None)


class PsfsScreen(ModalScreen[PsfsEntry | None]):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("enter", "save", "Save", tooltip="Save the activities and their scores."),
        Binding("escape", "close", "Close", tooltip="Close without saving."),
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static("Activities that matter to you (PSFS)", classes="modal-title")
            yield Static(
                f"Name {measures.PSFS_MIN_ITEMS} to {measures.PSFS_MAX_ITEMS} everyday things "
                "your back makes hard, and score each: 0 = I can't do it, 10 = as well as "
                "before the problem. Tab moves between boxes.",
                classes="muted",
            )
            for number in range(measures.PSFS_MAX_ITEMS):
                with Horizontal(classes="psfs-row"):
                    yield Static(f"{number + 1}. ", classes="psfs-number")
                    yield Input(
                        placeholder="an activity, e.g. putting on socks",
                        id=f"psfs-name-{number}",
                        classes="psfs-name",
                    )
                    yield Input(
                        placeholder="0-10",
                        restrict=r"[0-9]{0,2}",
                        max_length=2,
                        id=f"psfs-score-{number}",
                        classes="psfs-score",
                    )
            yield Static("", id="psfs-message", classes="error", markup=False)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#psfs-name-0", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="psfs-load")
    def _load(self) -> None:
        last = measures.last_psfs(before=self.app.now())
        names = [item["activity"] for item in last.items] if last is not None else []
        self.app.call_from_thread(self._prefill, names)

    @while_shown
    def _prefill(self, names: list[str]) -> None:
        for number, name in enumerate(names[: measures.PSFS_MAX_ITEMS]):
            field = self.query_one(f"#psfs-name-{number}", Input)
            if not field.value:
                field.value = name
        if names:
            self.query_one("#psfs-score-0", Input).focus()

    def _items(self) -> list[tuple[str, str]] | None:
        items = []
        for number in range(measures.PSFS_MAX_ITEMS):
            name = self.query_one(f"#psfs-name-{number}", Input).value.strip()
            score = self.query_one(f"#psfs-score-{number}", Input).value.strip()
            if not name and not score:
                continue
            if not score:
                self._say(f"Give activity {number + 1} a score from 0 to 10.")
                self.query_one(f"#psfs-score-{number}", Input).focus()
                return None
            items.append((name, score))
        return items

    def _say(self, message: str) -> None:
        self.query_one("#psfs-message", Static).update(message)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._busy:
            return
        items = self._items()
        if items is None:
            return
        try:
            measures.validate_psfs_items(items)
        except MeasureError as error:
            self._say(str(error))
            return
        self._busy = True
        self._record(items)

    @work(thread=True, exclusive=True, group="psfs-save")
    def _record(self, items: list[tuple[str, str]]) -> None:
        try:
            entry = measures.record_psfs(items, now=self.app.now())
        except (MeasureError, *_SAVE_ERRORS) as error:
            self.app.call_from_thread(self._failed, f"Could not save: {error}")
            return
        self.app.call_from_thread(self._recorded, entry)

    @while_shown
    def _failed(self, message: str) -> None:
        self._busy = False
        self._say(message)

    @while_shown
    def _recorded(self, entry: PsfsEntry) -> None:
        self.app.notify(f"Activities saved: {entry.score:.1f} out of 10 on average.")
        self.dismiss(entry)

    def action_close(self) -> None:
        if not self._busy:
            self.dismiss(None)
