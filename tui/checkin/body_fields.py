"""Keyboard fields for check-ins: a 0-10 rating typed as digits, and a row of numbered choices.

Both are plain focusable widgets that handle their own keys and let every other key bubble up to
the screen's bindings (enter saves, letters jump between fields, escape closes).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from backtui.checkin.checkins import PENDING_SECONDS, PainInput
from backtui.tui.common.choices import NumberedChoices

ZONE_WORDS = {
    "safe": ("safe zone", "green"),
    "acceptable": ("acceptable zone", "yellow"),
    "high_risk": ("high-risk zone", "red"),
}


class RatingField(Widget, can_focus=True):
    """A 0-10 rating: a digit sets it ("1" then "0" makes 10), arrows step, backspace clears.

    A lone "1" waits PENDING_SECONDS for a "0"; ``settle()`` ends the wait at once (the screen
    calls it before saving, so "1" then enter saves 1 without waiting).
    """

    DEFAULT_CSS = """
    RatingField { height: auto; width: 1fr; }
    """

    class Changed(Message):
        def __init__(self, field: RatingField) -> None:
            super().__init__()
            self.field = field

    def __init__(
        self,
        *,
        low: str,
        high: str,
        describe: Callable[[int], tuple[str, str]] | None = None,
        scale: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.entry = PainInput()
        self.low = low
        self.high = high
        self.describe = describe  # value -> (words, colour) shown next to the number
        self.scale = scale  # show the whole 0..10 row
        self._timer: Timer | None = None

    @property
    def value(self) -> int | None:
        """The settled value, or None while empty or waiting for a second digit."""
        return self.entry.value if self.entry.is_complete else None

    @property
    def is_empty(self) -> bool:
        return self.entry.value is None

    @property
    def error(self) -> str | None:
        return self.entry.error

    def on_key(self, event: events.Key) -> None:
        if not self.entry.press(event.key):
            return
        event.stop()
        event.prevent_default()
        self._stop_timer()
        if self.entry.pending:
            self._timer = self.set_timer(PENDING_SECONDS, self.settle)
        self._changed()

    def settle(self) -> None:
        """A pending "1" stays 1."""
        self._stop_timer()
        if self.entry.pending:
            self.entry.settle()
            self._changed()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _changed(self) -> None:
        self.refresh(layout=True)
        self.post_message(self.Changed(self))

    def render(self) -> Text:
        entry = self.entry
        text = Text()
        if self.scale:
            for number in range(11):
                style = "reverse bold" if number == entry.value else "dim"
                text.append(f" {number} ", style=style)
            text.append("\n")
        if entry.value is None:
            text.append("–", style="bold")
            text.append(f"  type 0-10 ({self.low} … {self.high})", style="dim")
        elif entry.pending:
            text.append(entry.display, style="bold")
            text.append("  type 0 to make it 10, or wait a moment to keep 1", style="yellow")
        else:
            text.append(str(entry.value), style="bold")
            if self.describe is not None:
                words, colour = self.describe(entry.value)
                text.append("  ")
                text.append(words, style=colour)
        return text


class ChoiceField(NumberedChoices):
    """Body signals: a single answer can also be left unanswered (choose it again to clear it)."""

    DEFAULT_CSS = """
    ChoiceField { height: auto; width: 1fr; }
    """
    CLEARABLE = True
