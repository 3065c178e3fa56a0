"""The red-flag hold, shown when s is pressed while exercise is on hold (checkin.holds).

It says what was reported, when, and what to do (the triage advice: NHS; NICE NG59), and offers
the only two ways a hold ends: a clinician has checked the person, or the warning sign was ticked
by mistake. A good day or an empty checklist never lifts it (clinical reference, "Warning signs
that need more than a pain score to clear"). ``HoldScreen`` dismisses with a ``HoldAnswer`` or
None ("not yet"); the caller stores the answer on its database lane.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backtui.checkin.holds import NOTE_MAX_LENGTH, Hold
from backtui.tui.common.footer import KeyFooter

CLEARED_WORDS = "A doctor or physiotherapist has checked me and said I can exercise"
MISTAKE_WORDS = "I ticked this by mistake"
NOT_YET_WORDS = "Not yet"
CLINICIAN_KEYS = {"1": "doctor", "2": "physiotherapist", "3": "other_clinician"}
CLINICIAN_CHOICES = {
    "doctor": "A doctor",
    "physiotherapist": "A physiotherapist",
    "other_clinician": "Another health professional",
}


@dataclass(frozen=True)
class HoldAnswer:
    ending: str  # "cleared" | "withdrawn"
    clinician: str | None = None  # one of models.CLINICIANS when cleared
    note: str = ""


def hold_text(hold: Hold, when: str) -> Text:
    """What was reported, when, and what to do, in plain words."""
    text = Text()
    text.append(f"On {when} you told backtui:\n", style="bold")
    for question in hold.reported:
        text.append(f" • {question}\n")
    colour = "red" if hold.outcome == "emergency" else "yellow"
    text.append(f"\n{hold.headline}. ", style=f"bold {colour}")
    text.append(hold.advice)
    return text


class HoldScreen(ModalScreen[HoldAnswer | None]):
    CSS_PATH = "session.tcss"
    BINDINGS = [
        Binding("c", "cleared", "Checked by a clinician", tooltip=CLEARED_WORDS),
        Binding("w", "mistake", "Ticked by mistake", tooltip=MISTAKE_WORDS),
        Binding("n,escape", "dismiss(None)", NOT_YET_WORDS, tooltip="No session today."),
    ]

    def __init__(self, hold: Hold, when: str) -> None:
        super().__init__()
        self.hold = hold
        self.when = when

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="session-modal", id="hold-box"):
            yield Static("Exercise is on hold", classes="screen-title")
            yield Static(hold_text(self.hold, self.when), id="hold-body")
            yield Static(
                f"  c  {CLEARED_WORDS}\n  w  {MISTAKE_WORDS}\n  n  {NOT_YET_WORDS}: no session",
                id="hold-choices",
                classes="hint",
            )
        yield KeyFooter()

    def action_cleared(self) -> None:
        self.app.push_screen(ClearanceScreen(), self._answered)

    def action_mistake(self) -> None:
        self.app.push_screen(WithdrawScreen(), self._answered)

    def _answered(self, answer: HoldAnswer | None) -> None:
        if answer is not None:
            self.dismiss(answer)


class ClearanceScreen(ModalScreen[HoldAnswer | None]):
    """Who checked you, and an optional note (what they said, a date to go back)."""

    CSS_PATH = "session.tcss"
    BINDINGS = [
        *[Binding(key, f"who('{kind}')", show=False) for key, kind in CLINICIAN_KEYS.items()],
        Binding("escape", "dismiss(None)", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.clinician: str | None = None

    def compose(self) -> ComposeResult:
        choices = "\n".join(
            f"  {key}  {CLINICIAN_CHOICES[kind]}" for key, kind in CLINICIAN_KEYS.items()
        )
        with Vertical(classes="session-modal"):
            yield Static("Who checked you?", classes="screen-title")
            yield Static(choices, id="clearance-who")
            yield Input(
                placeholder="A note, if you like (what they said); enter saves",
                max_length=NOTE_MAX_LENGTH,
                id="clearance-note",
                disabled=True,
            )
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once the clinician is chosen, number keys belong to the note.
        return not (action == "who" and self.clinician is not None)

    def action_who(self, kind: str) -> None:
        self.clinician = kind
        self.query_one("#clearance-who", Static).update(f"Checked by: {CLINICIAN_CHOICES[kind]}")
        note = self.query_one("#clearance-note", Input)
        note.disabled = False
        note.focus()
        self.refresh_bindings()

    @on(Input.Submitted, "#clearance-note")
    def _save(self, event: Input.Submitted) -> None:
        if self.clinician is not None:
            self.dismiss(HoldAnswer("cleared", self.clinician, event.value.strip()))


class WithdrawScreen(ModalScreen[HoldAnswer | None]):
    """Confirm that the warning sign was ticked by mistake."""

    CSS_PATH = "session.tcss"
    BINDINGS = [
        Binding("y", "confirm", "Yes, it was a mistake"),
        Binding("n,escape", "dismiss(None)", "No, go back"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="session-modal"):
            yield Static("Ticked by mistake?", classes="screen-title")
            yield Static(
                "Only say so if none of those signs is true for you. The answer stays in your "
                "history, marked as a mistake, and exercise is no longer on hold.\n\n"
                "  y  Yes, I ticked it by mistake\n  n  No, go back",
                id="withdraw-body",
            )
        yield KeyFooter()

    def action_confirm(self) -> None:
        self.dismiss(HoldAnswer("withdrawn"))
