"""The rest after an exercise's last set asks "how was that, 0-10?", answered in one keystroke.

The question never blocks: if no digit is typed, the next exercise starts when the rest ends, as
it always did, and nothing is stored. A typed score goes to the session screen as ``Rated``; it is
stored as a during-session check-in about that exercise, so progression judges the exercise on its
own (Silbernagel 2007: pain during exercise may reach 5/10), and its advice is shown here.
Digits follow the check-in's rule: "1" then "0" within PENDING_SECONDS is 10.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from backtui.checkin.checkins import PENDING_SECONDS, PainInput
from backtui.session.flow import FlowItem

DIGITS = frozenset("0123456789")


class RestRating(Static):
    """One line on the session screen: the question during the rest, then its advice."""

    class Rated(Message):
        def __init__(self, item: FlowItem, pain: int) -> None:
            super().__init__()
            self.item = item
            self.pain = pain

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.item: FlowItem | None = None  # the exercise asked about, while the question is open
        self.entry: PainInput | None = None
        self._wait: Timer | None = None

    @property
    def asking(self) -> bool:
        return self.item is not None and self.entry is not None

    def ask(self, item: FlowItem) -> None:
        self.item, self.entry = item, PainInput()
        self._say(f"How was {item.name}? Pain 0–10: type a number (1 then 0 for 10), or just rest.")

    def take(self, key: str) -> bool:
        """A digit answers the question; anything else is left to the screen."""
        if not self.asking or key not in DIGITS:
            return False
        self.entry.press(key)
        if self.entry.pending:  # a "1" may become 10
            self._say("1… (0 now makes it 10)")
            self._stop_waiting()
            self._wait = self.set_timer(PENDING_SECONDS, self._settle)
        else:
            self._answer()
        return True

    def close(self) -> None:
        """The rest is over: a pending "1" counts as typed; an unanswered question goes away."""
        if self.asking and self.entry.pending:
            self._settle()
        elif self.asking:
            self.item = self.entry = None
            self._say("")

    def show_advice(self, text: str) -> None:
        self._say(text)

    def clear(self) -> None:
        if not self.asking:
            self._say("")

    def _settle(self) -> None:
        if self.asking and self.entry.pending:
            self.entry.settle()
            self._answer()

    def _answer(self) -> None:
        self._stop_waiting()
        item, pain = self.item, self.entry.value
        self.item = self.entry = None
        self._say(f"{item.name}: pain {pain}/10 noted.")
        self.post_message(self.Rated(item, pain))

    def _stop_waiting(self) -> None:
        if self._wait is not None:
            self._wait.stop()
            self._wait = None

    def _say(self, words: str) -> None:
        self.update(Text(words))  # exercise names are the person's own text: never markup
        self.set_class(bool(words), "shown")
