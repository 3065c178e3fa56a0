"""What the steps around a live session tell the session screen.

The start, the check-in during a session and the end run as workers, and the screen owns the
session's state (its flow, its timer, whether it has finished). The steps never touch that state:
they post one of these messages, and the screen decides what it means now.
"""

from __future__ import annotations

from textual.message import Message

from backtui.session.flow import FlowItem, SessionFlow, SetRecord


class SessionStarted(Message):
    """The session row exists (or today's unfinished one was loaded): exercising starts."""

    def __init__(self, session_id: int, flow: SessionFlow, bell_on: bool) -> None:
        super().__init__()
        self.session_id = session_id
        self.flow = flow
        self.bell_on = bell_on


class SessionNotStarted(Message):
    """Nothing was chosen, the checklist said not today, or the start failed (already shown)."""


class SetStored(Message):
    """A confirmed set's write has finished: only a stored set counts as done and moves the
    session on; one that was not stored (``stored`` False) stays on screen to retry."""

    def __init__(self, record: SetRecord, stored: bool) -> None:
        super().__init__()
        self.record, self.stored = record, stored


class CheckInHandled(Message):
    """A check-in during the session was saved and read back; what it means for the session.

    ``outcome`` is "stop" (end the session, with ``advice`` to show first, if any, and the
    after-session questions only when ``ask_after``), "stop_exercise" (say ``reasons`` and ask
    what to do about the current exercise), "noted" (say ``words``: carry on gently, with any
    good sign) or "nothing" (the check-in was closed).
    """

    def __init__(
        self,
        outcome: str,
        *,
        pain: int | None = None,
        advice: tuple[str, str] | None = None,
        ask_after: bool = True,
        reasons: tuple[str, ...] = (),
        words: str = "",
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.pain = pain
        self.advice = advice
        self.ask_after = ask_after
        self.reasons = reasons
        self.words = words


class ExerciseRatingHandled(Message):
    """The pain typed after an exercise's last set is stored; ``text`` is its advice in words."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class PainAdviceAnswered(Message):
    """The answer to "pain is high: what now?" for ``item``: "end", "easier" or anything else
    (skip the exercise). ``easier`` is the easier variant, when the library has one."""

    def __init__(self, choice: str | None, pain: int, item: FlowItem, easier: FlowItem | None):
        super().__init__()
        self.choice = choice
        self.pain = pain
        self.item = item
        self.easier = easier


class SessionEnded(Message):
    """The ending is stored and the after-session questions are answered: show ``summary``, or
    close the screen when it is None (the failure has been shown)."""

    def __init__(self, summary: object | None) -> None:
        super().__init__()
        self.summary = summary
