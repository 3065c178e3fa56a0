"""The flare-up page: shown when the pain before a session marks a flare-up (checkin.flareup).

What a flare-up is, what helps, and a choice: the gentle flare-up session, the minimum session, or
no session today; then when to get help. The words follow the clinical reference, "Flare-ups"
(NHS; Pain Toolkit; Moseley & Butler, Explain Pain), and its sources are the core's. Dismisses
with the chosen ``Choice`` or None (no session today).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backtui.checkin.flareup import FlareUpFinding
from backtui.session.start import Choice
from backtui.tui.common.footer import KeyFooter

LEARN_PAGE = "flare-ups"
WHAT_IT_IS = (
    "A flare-up is a spell when your back hurts more than usual. It usually settles within "
    "days and rarely means new damage."
)
WHAT_HELPS = (
    "Keep moving gently: short walks, easy stretches, changing position often. Rest when you "
    "need to, but not all day. Heat, and the pain relief a pharmacist or doctor has suggested, "
    "can help."
)
GET_HELP = (
    "See a GP or physiotherapist if it has not started to settle within a week or two, or keeps "
    "getting worse. If any warning sign appears (both legs, numbness between the legs, bladder "
    "or bowel changes), get help straight away."
)


def flare_up_text(finding: FlareUpFinding, gentle: Choice | None) -> Text:
    text = Text()
    text.append("Why backtui thinks so: ", style="bold")
    text.append("; ".join(finding.reasons) + ".\n\n")
    text.append(WHAT_IT_IS + " ")
    text.append(WHAT_HELPS + "\n\n")
    text.append("What would you like to do today?\n", style="bold")
    if gentle is not None:
        text.append(f"  f  The gentle flare-up session ({len(gentle.items)} easy exercises)\n")
    text.append("  m  The 5-minute minimum session\n")
    text.append("  n  No session today: a short walk is still a good idea\n\n")
    text.append(GET_HELP, style="italic")
    return text


class FlareUpScreen(ModalScreen[Choice | None]):
    CSS_PATH = "session.tcss"
    BINDINGS = [
        Binding("f", "pick('flare')", "Flare-up session", tooltip="A short, gentle session."),
        Binding("m", "pick('minimum')", "Minimum session"),
        Binding("n,escape", "dismiss(None)", "No session today"),
        Binding("l", "learn", "Read about flare-ups", tooltip="Open the Learn page on flare-ups."),
    ]

    def __init__(
        self, finding: FlareUpFinding, gentle: Choice | None, minimum: Choice | None
    ) -> None:
        super().__init__()
        self.finding = finding
        self.gentle = gentle
        self.minimum = minimum

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="session-modal", id="flare-box"):
            yield Static("This looks like a flare-up", classes="screen-title")
            yield Static(flare_up_text(self.finding, self.gentle), id="flare-body")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            chosen = self.gentle if parameters == ("flare",) else self.minimum
            return chosen is not None
        return True

    def action_pick(self, which: str) -> None:
        chosen = self.gentle if which == "flare" else self.minimum
        if chosen is not None:
            self.dismiss(chosen)

    def action_learn(self) -> None:
        # Through the app: areas never import each other (Learn is its own area).
        self.app.action_learn(LEARN_PAGE)
