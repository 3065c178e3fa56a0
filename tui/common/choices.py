"""A row of numbered choices: a digit picks that choice, left/right move the marker, space picks
the marked one. Every other key bubbles up to the form (enter saves, tab moves on, escape closes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual import events
from textual.message import Message

from backtui.tui.common.packed import PackedItems


class NumberedChoices(PackedItems, can_focus=True):
    """Several answers (``multiple``), or one; with ``CLEARABLE``, picking it again clears it."""

    CLEARABLE = False
    ITEM = "{box} {number} {label}"  # how one choice is drawn

    class Changed(Message):
        def __init__(self, choices: NumberedChoices) -> None:
            super().__init__()
            self.choices = choices

        @property
        def control(self) -> NumberedChoices:
            return self.choices

    def __init__(
        self,
        options: Sequence[tuple[object, str]],
        *,
        chosen: Iterable[object] = (),
        multiple: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)  # (value, label)
        self.multiple = multiple
        self.chosen = [value for value, _ in self.options if value in set(chosen)]
        self.cursor = next(
            (i for i, (value, _) in enumerate(self.options) if value in self.chosen), 0
        )

    @property
    def values(self) -> list:
        """The chosen values, in the order of the options."""
        return [value for value, _ in self.options if value in self.chosen]

    def pick(self, index: int) -> None:
        value = self.options[index][0]
        if value in self.chosen and (self.multiple or self.CLEARABLE):
            self.chosen.remove(value)
        elif self.multiple:
            self.chosen.append(value)
        else:
            self.chosen = [value]
        self.cursor = index
        self.refresh(layout=True)
        self.post_message(self.Changed(self))

    def on_key(self, event: events.Key) -> None:
        key = event.key
        if len(key) == 1 and key.isdigit() and 1 <= int(key) <= len(self.options):
            self.pick(int(key) - 1)
        elif key == "space":
            self.pick(self.cursor)
        elif key in ("left", "right"):
            step = 1 if key == "right" else -1
            self.cursor = (self.cursor + step) % len(self.options)
            self.refresh()
        else:
            return
        event.stop()
        event.prevent_default()

    def _items(self) -> list[Text]:
        items = []
        for index, (value, label) in enumerate(self.options):
            on = value in self.chosen
            box = ("[x]" if on else "[ ]") if self.multiple else ("(•)" if on else "( )")
            item = Text(self.ITEM.format(box=box, number=index + 1, label=label))
            if on:
                item.stylize("bold")
            if self.has_focus and index == self.cursor:
                item.stylize("reverse")
            items.append(item)
        return items

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
