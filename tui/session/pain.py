"""Quick 0-10 answers around a session: pain before it, and pain, effort and a note after it.

A digit or the arrows choose ("1" then "0" makes 10), enter saves, escape skips: the same keys as
the check-in's 0-10 fields. Enter is the answer's own key, so the habitual enter after a digit is
never left over to act on the next screen (it once completed the first set, or skipped the effort
question). These modals only collect answers; the session screen stores them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backtui.checkin.checkins import CheckInError, PainInput, clean_note
from backtui.checkin.measures import PAIN_ANCHORS
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.kept_styles import KeptStyles

# How hard the session felt, 0-10 (a rating of perceived exertion in everyday words).
EFFORT_ANCHORS: dict[int, str] = {
    0: "no effort at all",
    1: "very easy",
    2: "easy",
    3: "comfortable",
    4: "a bit of work",
    5: "moderate",
    6: "somewhat hard",
    7: "hard",
    8: "very hard",
    9: "close to my limit",
    10: "as hard as it gets",
}
HINT = "Type a number (1 then 0 makes 10) or use the arrows, then press enter."


class ScalePrompt(Static):
    """A 0-10 scale driven by single keys (backtui.checkin.checkins.PainInput)."""

    def __init__(self, question: str, anchors: dict[int, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.anchors = anchors
        self.entry = PainInput()

    def press(self, key: str) -> bool:
        handled = self.entry.press(key)
        if handled:
            self.refresh_scale()
        return handled

    def on_mount(self) -> None:
        self.refresh_scale()

    def refresh_scale(self) -> None:
        text = Text(self.question + "\n\n", style="bold")
        for value in range(11):
            chosen = value == self.entry.value
            text.append(f" {value} ", style="reverse bold" if chosen else "")
        value = self.entry.value
        meaning = "–" if value is None else f"{self.entry.display}: {self.anchors[value]}"
        text.append(f"\n\n{meaning}", style="italic")
        self.update(text)


class _ScaleModal(KeptStyles, ModalScreen):
    """Shared key handling: digits and arrows choose, enter saves (a lone 1 stays 1)."""

    CSS_PATH = "session.tcss"
    AUTO_FOCUS = ""  # keys go to the scale, not to the note field below it

    prompt: ScalePrompt

    def on_key(self, event: events.Key) -> None:
        if self.prompt.display is not False and self.prompt.press(event.key):
            event.stop()

    def action_confirm(self) -> None:
        self.prompt.entry.settle()
        if self.prompt.entry.value is None:
            self.notify(self.prompt.entry.error or "Choose a number.", severity="warning")
            return
        self.answered(self.prompt.entry.value)

    def answered(self, value: int) -> None:
        raise NotImplementedError


class PrePainScreen(_ScaleModal):
    """Pain before the session; returns 0-10, or None when skipped."""

    BINDINGS = [
        Binding("enter", "confirm", "Save"),
        Binding("escape", "dismiss(None)", "Skip"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="session-modal"):
            self.prompt = ScalePrompt(
                "Before you start: how much does your back hurt right now?", PAIN_ANCHORS, id="pain"
            )
            yield self.prompt
            yield Static(f"{HINT} Escape skips this.", classes="hint")
        yield KeyFooter()

    def answered(self, value: int) -> None:
        self.dismiss(value)


@dataclass(frozen=True)
class AfterAnswers:
    pain: int | None = None
    effort: int | None = None
    note: str = ""


class AfterSessionScreen(_ScaleModal):
    """Pain now, how hard it felt and a note; escape keeps what was answered and skips the rest."""

    BINDINGS = [
        Binding("enter", "confirm", "Next"),
        Binding("escape", "skip", "Skip the rest"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pain: int | None = None
        self.effort: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="session-modal"):
            yield Static("Well done. Three quick questions, all optional.", classes="screen-title")
            self.prompt = ScalePrompt("How much does your back hurt now?", PAIN_ANCHORS, id="pain")
            yield self.prompt
            yield Input(placeholder="A note about this session (optional): enter saves", id="note")
            yield Static("", id="note-error", classes="error")
            yield Static(HINT, classes="hint", id="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        note = self.query_one("#note", Input)
        note.display = False
        note.cursor_blink = False

    def answered(self, value: int) -> None:
        if self.pain is None:
            self.pain = value
            self.prompt.question = "How hard did the session feel, from 0 to 10?"
            self.prompt.anchors = EFFORT_ANCHORS
            self.prompt.entry = PainInput()
            self.prompt.refresh_scale()
            return
        self.effort = value
        self.prompt.display = False
        self.query_one("#hint", Static).update("Enter saves the note; escape finishes without it.")
        note = self.query_one("#note", Input)
        note.display = True
        note.focus()

    @on(Input.Submitted, "#note")
    def _note_done(self, event: Input.Submitted) -> None:
        try:
            note = clean_note(event.value)
        except CheckInError as error:
            self.query_one("#note-error", Static).update(str(error))
            return
        self.dismiss(AfterAnswers(self.pain, self.effort, note))

    def action_confirm(self) -> None:
        if self.prompt.display:
            super().action_confirm()

    def action_skip(self) -> None:
        if self.pain is None and self.effort is None:
            self.dismiss(None)
        else:
            self.dismiss(AfterAnswers(self.pain, self.effort))
