"""Small questions a live session asks, each a modal answered with one key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from backtui.session.start import Choice, StartOptions
from backtui.tui.common.footer import KeyFooter


class _Question(ModalScreen):
    CSS_PATH = "session.tcss"

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="session-modal"):
            yield Static(self.title_text, classes="screen-title")
            yield Static(self.body, id="body")
        yield KeyFooter()


class ChoiceScreen(_Question):
    """Nothing is planned today: run the next planned day now, or the minimum session."""

    BINDINGS = [
        Binding("n", "pick('next')", "Next planned day"),
        Binding("m", "pick('minimum')", "Minimum session"),
        Binding("escape", "dismiss(None)", "Not now"),
    ]

    def __init__(self, options: StartOptions) -> None:
        self.options = options
        lines = ["There is nothing planned for today. You can still move a little:", ""]
        if options.next_day is not None:
            count = len(options.next_day.items)
            lines.append(f"  n  {options.next_day.label} now ({count} exercises)")
        lines.append("  m  A 5-minute minimum session: gentle mobility that keeps the habit going")
        super().__init__("Nothing planned today", "\n".join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and parameters == ("next",) and self.options.next_day is None:
            return None
        return True

    def action_pick(self, which: str) -> None:
        choice: Choice | None = self.options.next_day if which == "next" else self.options.minimum
        if choice is not None:
            self.dismiss(choice)


SKIP_KEYS = {"p": "pain", "t": "too_hard", "n": "no_time", "o": "other"}


class SkipReasonScreen(_Question):
    """Why skip this exercise? The reason is stored (pain feeds the progression engine)."""

    BINDINGS = [
        Binding("p,1", "reason('pain')", "Pain"),
        Binding("t,2", "reason('too_hard')", "Too hard"),
        Binding("n,3", "reason('no_time')", "No time"),
        Binding("o,4", "reason('other')", "Other"),
        Binding("escape", "dismiss(None)", "Don't skip"),
    ]

    def __init__(self, exercise: str) -> None:
        body = "  p  It hurts\n  t  Too hard today\n  n  No time\n  o  Another reason"
        super().__init__(f"Skip {exercise}: why?", body)

    def action_reason(self, reason: str) -> None:
        self.dismiss(reason)


class EndConfirmScreen(_Question):
    """End early? y confirms; the sets done so far are kept."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Yes, end it"),
        Binding("n,escape", "dismiss(False)", "Keep going"),
    ]

    def __init__(self, sets_done: int) -> None:
        done = (
            "The 1 set you finished is"
            if sets_done == 1
            else f"The {sets_done} sets you finished are"
        )
        super().__init__("End the session now?", f"{done} kept.")


class PainAdviceScreen(_Question):
    """The check-in says stop this exercise: say why, and offer its easier variant or the end."""

    BINDINGS = [
        Binding("enter", "dismiss('skip')", "Stop this exercise"),
        Binding("v", "dismiss('easier')", "Easier variant"),
        Binding("e", "dismiss('end')", "End the session"),
        Binding("escape", "dismiss('skip')", "Close", show=False),
    ]

    def __init__(self, exercise: str, easier: str | None, reasons: tuple[str, ...]) -> None:
        self.easier = easier
        lines = [f"Stop {exercise} now.", *(f" • {reason}" for reason in reasons), ""]
        lines.append("  enter  Stop this exercise and move on")
        if easier:
            lines.append(f"  v      Carry on with the easier version: {easier}")
        lines.append("  e      End the session here")
        super().__init__("Listen to your back: stop this exercise", "\n".join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if parameters == ("easier",) and not self.easier:
            return False  # hidden: a key that does nothing would mislead
        return True


class WherePainMovesScreen(_Question):
    """During a back-extension exercise: is the pain moving towards the spine, or down the leg?
    (McKenzie; Donelson 1990: moving towards the spine is a good sign, down the leg means stop.)"""

    BINDINGS = [
        Binding("s", "dismiss(True)", "Towards my spine"),
        Binding("l", "dismiss(False)", "Down my leg"),
        Binding("escape", "dismiss(None)", "Neither / not sure"),
    ]

    def __init__(self, exercise: str) -> None:
        body = (
            f"During {exercise}, is the pain moving towards your spine, or down your leg?\n\n"
            "  s       Towards my spine\n"
            "  l       Down my leg\n"
            "  escape  Neither, or not sure"
        )
        super().__init__("Where is the pain moving?", body)


class MistakesScreen(_Question):
    """Every common mistake of the exercise being done; the session waits while it is open."""

    BINDINGS = [Binding("m,enter,escape", "dismiss(None)", "Back to the exercise")]

    def __init__(self, exercise: str, mistakes: tuple[str, ...]) -> None:
        body = "\n".join(f" • {mistake}" for mistake in mistakes) or "None listed for this one."
        super().__init__(f"{exercise}: common mistakes", body)


class StopScreen(_Question):
    """The session has stopped for a safety reason; says what to do next."""

    BINDINGS = [Binding("enter,escape", "dismiss(None)", "Understood")]


class ResumeOfferScreen(_Question):
    """An unfinished session from today: carry on, or close it as interrupted."""

    BINDINGS = [
        Binding("r", "dismiss('resume')", "Resume"),
        Binding("i", "dismiss('close')", "Close it"),
        Binding("escape", "dismiss(None)", "Later"),
    ]

    def __init__(self, started: str, sets_done: int, sets_planned: int) -> None:
        body = (
            f"You started a session at {started} today and finished {sets_done} of "
            f"{sets_planned} sets. Everything you did is saved.\n\n"
            "  r       Resume it where you left off\n"
            "  i       Close it as interrupted\n"
            "  escape  Decide later (s resumes it)"
        )
        super().__init__("Unfinished session", body)
