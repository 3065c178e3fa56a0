"""Keyboard fields for check-ins: a 0-10 rating typed as digits, and a row of numbered choices.

Both are plain focusable widgets that handle their own keys and let every other key bubble up to
the screen's bindings (enter saves, letters jump between fields, escape closes). Each draws its
own label in a column on its left, so a row of the form is one widget: a row built from a
container, a label and a field was three, and the check-in opens anew on every ``c``.
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


class LabelledField(Widget, can_focus=True):
    """A field with its label (its key letter, then a few words) drawn in a column on its left.

    The label reads bold while the field has the focus, and the value's column takes the focus
    background, as a separate label and field did.
    """

    LABEL_WIDTH = 20  # the longest label, "s Sleep last night", and a gap
    COMPONENT_CLASSES = {"field--key", "field--label", "field--value"}
    DEFAULT_CSS = """
    LabelledField { height: auto; width: 1fr; }
    LabelledField > .field--key { color: $accent; text-style: bold; }
    LabelledField > .field--label { color: $text-muted; }
    LabelledField:focus > .field--label { color: $text; text-style: bold; }
    LabelledField:focus > .field--value { background: $boost; }
    """

    def __init__(self, *args, key: str, label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.key = key
        self.label = label

    def _value_lines(self, width: int) -> list[Text]:
        """The value, in lines that fit ``width`` cells."""
        raise NotImplementedError

    def _value_width(self, width: int) -> int:
        return max(width - self.LABEL_WIDTH, 1)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._value_lines(self._value_width(width)))

    def render(self) -> Text:
        width = self._value_width(self.content_size.width)
        value_style = self.get_component_rich_style("field--value")
        label = Text.assemble(
            (self.key, self.get_component_rich_style("field--key")),
            (f" {self.label}", self.get_component_rich_style("field--label")),
        )
        label.truncate(self.LABEL_WIDTH, pad=True)
        blank = " " * self.LABEL_WIDTH
        lines = []
        for number, value in enumerate(self._value_lines(width)):
            line = label.copy() if number == 0 else Text(blank)
            shown = Text(style=value_style, end="")
            shown.append_text(value)
            shown.truncate(width, pad=True)
            line.append_text(shown)
            lines.append(line)
        return Text("\n", no_wrap=True, overflow="crop").join(lines)


class RatingField(LabelledField):
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
        key: str,
        label: str,
        id: str | None = None,
    ) -> None:
        super().__init__(key=key, label=label, id=id)
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

    def _value_lines(self, width: int) -> list[Text]:
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
        return list(text.wrap(self.app.console, width))


class ChoiceField(LabelledField, NumberedChoices):
    """Body signals: a single answer can also be left unanswered (choose it again to clear it)."""

    CLEARABLE = True

    def _value_lines(self, width: int) -> list[Text]:
        return self._lines(width)
