"""The body-signal check-in: pain in one keystroke, optional body signals, and red-flag triage.

``CheckInScreen(moment=..., session_id=None)`` is a modal that dismisses with the saved
``CheckIn``, or ``None`` when nothing was saved (escape). A check-in never half-saves.

Triage: the red-flag checklist opens after saving when the body signals call for it (both legs,
numbness, spreading leg symptoms), and ``!`` opens it at any time. Its outcome is exposed two ways:

- ``checkin.triage_result`` on the dismissed ``CheckIn`` (a plain attribute, not a column): the
  ``TriageResult`` of a checklist answered during this check-in, else None;
- ``screen.triage``: the same result, kept on the screen even when it was dismissed with None
  (``!`` answered, then escape without saving a pain score).

``triage_of(checkin, screen)`` reads either. When its ``.stops_session`` is True (emergency or
urgent), a live session that pushed this screen must stop. Every screening is also stored by
``triage.record_screening``, so callers may read the database instead.

``moment`` "before", "during" or "after" is stored as given (pass the live session's id with it).
``moment="standalone"`` means "not part of a session": the screen resolves it with
``checkins.moment_for`` when it saves, so the first check-in on the morning after a session is
stored as "next_morning" and linked to that session.

Keys: digits set pain ("1" then "0" is 10), arrows adjust it, enter saves as soon as pain is set
(clinical reference: keep logging cheap on bad days), and every optional field has a letter.
"""

from __future__ import annotations

from peewee import DatabaseError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backtui.checkin import checkins, measures, triage
from backtui.checkin.checkins import CheckInError
from backtui.checkin.triage import TriageResult
from backtui.db.models import CheckIn
from backtui.db.storage import StorageError
from backtui.tui.checkin.body_fields import ZONE_WORDS, ChoiceField, RatingField
from backtui.tui.checkin.measures import PegScreen, PsfsScreen
from backtui.tui.checkin.redflags import RedFlagScreen
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.kept_styles import KeptStyles
from backtui.tui.common.shown import while_shown

MOMENT_WORDS = {
    "before": "before your session",
    "during": "during your session",
    "after": "after your session",
    "next_morning": "the morning after your session",
    "standalone": "how is your back right now?",
}
WHERE = (
    ("low_back", "Low back"),
    ("mid_upper_back", "Mid/upper back"),
    ("neck", "Neck"),
    ("buttock", "Buttock"),
    ("one_leg", "One leg"),
    ("both_legs", "Both legs"),
)
FEELS = (
    ("ache", "Ache"),
    ("stiffness", "Stiffness"),
    ("sharp", "Sharp"),
    ("burning", "Burning"),
    ("pins_needles_numbness", "Pins and needles or numbness"),
)
# The field keys share one footer entry; each row's label shows its own letter.
_FIELDS = Binding.Group("Go to field", compact=True)
SPREADING = (("yes", "Yes, further than before"), ("no", "No"))


def triage_of(checkin: CheckIn | None, screen: CheckInScreen | None = None) -> TriageResult | None:
    """The checklist answered during a check-in, from the dismissed value or the screen."""
    found = getattr(checkin, "triage_result", None)
    if found is None and screen is not None:
        found = screen.triage
    return found


def pain_words(value: int) -> tuple[str, str]:
    """The plain-word anchor and pain-monitoring zone of a pain score, with the zone's colour."""
    zone, colour = ZONE_WORDS[measures.pain_zone(value)]
    return f"{measures.PAIN_ANCHORS[value]} · {zone}", colour


class NoteInput(Input):
    """The free note: letters type into it; enter saves the whole check-in."""

    BINDINGS = [Binding("enter", "submit", "Save")]

    def __init__(self, **kwargs) -> None:
        # Coming back to the note adds to it; selecting all would let one letter replace it.
        super().__init__(select_on_focus=False, **kwargs)


def _offers_text(peg: bool, psfs: bool) -> str:
    offers = []
    if peg:
        offers.append("[b]e[/]: this week's three quick questions (PEG)")
    if psfs:
        offers.append("[b]a[/]: rate the activities that matter to you")
    return " · ".join(offers)


def _label(key: str, text: str) -> Static:
    return Static(f"[b $accent]{key}[/] {text}", classes="field-label")


class CheckInScreen(KeptStyles, ModalScreen[CheckIn | None]):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("enter", "save", "Save", tooltip="Save the check-in (only the pain is needed)."),
        Binding("escape", "cancel", "Close", tooltip="Close without saving anything."),
        Binding(
            "exclamation_mark",
            "checklist",
            "Warning signs",
            key_display="!",
            tooltip="New or unusual symptoms: open the red-flag checklist.",
        ),
        Binding("p", "focus('#pain')", "Pain", tooltip="Pain now, 0-10.", group=_FIELDS),
        Binding("w", "focus('#where')", "Where", tooltip="Where it hurts.", group=_FIELDS),
        Binding(
            "f", "focus('#feels')", "Feels", tooltip="What the pain feels like.", group=_FIELDS
        ),
        Binding(
            "l",
            "focus('#spreading')",
            "Legs",
            group=_FIELDS,
            tooltip="Whether leg symptoms spread further than before.",
        ),
        Binding("t", "focus('#stiffness')", "Stiff", tooltip="Stiffness, 0-10.", group=_FIELDS),
        Binding("s", "focus('#sleep')", "Sleep", tooltip="Sleep last night, 0-10.", group=_FIELDS),
        Binding("n", "focus('#note')", "Note", tooltip="A free note.", group=_FIELDS),
        Binding("e", "peg", "PEG", tooltip="Answer the weekly three-question check (PEG)."),
        Binding(
            "a", "psfs", "Activities", tooltip="Rate the activities that matter to you (PSFS)."
        ),
        Binding(
            "question_mark,f1", "app.help", "Help", key_display="?", tooltip="Keys and guidance."
        ),
    ]

    def __init__(self, *, moment: str, session_id: int | None = None) -> None:
        super().__init__()
        if moment not in MOMENT_WORDS:
            raise ValueError(f"Unknown check-in moment: {moment!r}.")
        self.moment = moment
        self.session_id = session_id
        self.checkin: CheckIn | None = None
        self.triage: TriageResult | None = None
        # The measures offered at the last check-in outside a session (or as read while the
        # Plan was read): drawn with the first frame, so the read below changes nothing on most
        # days, instead of laying the form out again a moment after it appears.
        known = getattr(self.app, "checkin_offers", None) if session_id is None else None
        self.peg_due, self.psfs_due = known or (False, False)
        self._busy = False
        self.read_started = False

    # Layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-box", classes="modal-box"):
            yield Static(self._title(self.moment), id="checkin-title", classes="modal-title")
            yield Static(
                "Only the pain is needed: type a number, then enter. The rest is optional.",
                classes="muted",
            )
            yield RatingField(
                low="no pain",
                high="worst imaginable",
                describe=pain_words,
                scale=True,
                key="p",
                label="Pain now",
                id="pain",
            )
            yield ChoiceField(WHERE, key="w", label="Where it hurts", id="where")
            yield ChoiceField(FEELS, key="f", label="Feels like", id="feels")
            yield ChoiceField(
                SPREADING, multiple=False, key="l", label="Leg spreading", id="spreading"
            )
            yield RatingField(
                low="none", high="very stiff", key="t", label="Stiffness", id="stiffness"
            )
            yield RatingField(
                low="very poor", high="slept well", key="s", label="Sleep last night", id="sleep"
            )
            with Horizontal(classes="field-row"):
                yield _label("n", "Note")
                yield NoteInput(placeholder="anything worth remembering (optional)", id="note")
            yield Static("", id="triage-banner", markup=False)
            yield Static("", id="message", markup=False)
            yield Static(_offers_text(self.peg_due, self.psfs_due), id="offers", classes="muted")
        yield KeyFooter(compact=True, show_command_palette=False)

    def _title(self, moment: str) -> str:
        return f"Check-in · {MOMENT_WORDS[moment]}"

    def on_mount(self) -> None:
        self.query_one("#pain", RatingField).focus()

    def on_screen_resume(self) -> None:
        # Read as it is first shown, not as it mounts: it may be built ahead (screens_ahead.py).
        if not self.read_started:
            self.read_started = True
            self._load()

    @work(thread=True, exclusive=True, group="checkin-load")
    def _load(self) -> None:
        """Work out whether this is a next-morning check-in, and which measures are due."""
        now = self.app.now()
        moment = self._resolved_moment(now)
        loose = self.session_id is None  # measures are offered outside sessions only
        peg, psfs = measures.offers_due(now) if loose else (False, False)
        if loose:
            self.app.checkin_offers = (peg, psfs)
        self.app.call_from_thread(self._loaded, moment, peg, psfs)

    @while_shown
    def _loaded(self, moment: str, peg: bool, psfs: bool) -> None:
        # Each update lays the screen out again: only what changed is updated (usually nothing).
        if moment != self.moment:
            self.query_one("#checkin-title", Static).update(self._title(moment))
        if (peg, psfs) != (self.peg_due, self.psfs_due):
            self.peg_due, self.psfs_due = peg, psfs
            self.query_one("#offers", Static).update(_offers_text(peg, psfs))
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "peg":
            return self.peg_due
        if action == "psfs":
            return self.psfs_due
        return True

    def _resolved_moment(self, now) -> str:
        if self.moment == "standalone":
            return checkins.moment_for(now, None)
        return self.moment

    # Messages --------------------------------------------------------------------------------

    def show_message(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#message", Static)
        message.update(text)
        message.set_class(error and bool(text), "error")

    @on(RatingField.Changed)
    @on(ChoiceField.Changed)
    def _field_changed(self) -> None:
        self.show_message("")

    @on(Input.Changed, "#note")
    def _note_changed(self, event: Input.Changed) -> None:
        try:
            checkins.clean_note(event.value)
        except CheckInError as error:
            self.show_message(str(error))
        else:
            self.show_message("")

    @on(Input.Submitted, "#note")
    def _note_submitted(self) -> None:
        self.action_save()

    # Saving ----------------------------------------------------------------------------------

    def _collect(self) -> dict | None:
        """Everything typed, validated; or None after showing what needs fixing."""
        ratings = [
            self.query_one(f"#{name}", RatingField) for name in ("pain", "stiffness", "sleep")
        ]
        for field in ratings:
            field.settle()  # enter accepts a lone "1" at once
        pain = ratings[0]
        if pain.value is None:
            self.show_message(pain.error or "Choose a pain level from 0 to 10.")
            pain.focus()
            return None
        note_input = self.query_one("#note", Input)
        try:
            note = checkins.clean_note(note_input.value)
        except CheckInError as error:
            self.show_message(str(error))
            note_input.focus()
            return None
        spreading = self.query_one("#spreading", ChoiceField).values
        return {
            "pain": pain.value,
            "locations": self.query_one("#where", ChoiceField).values,
            "qualities": self.query_one("#feels", ChoiceField).values,
            "spreading": None if not spreading else spreading[0] == "yes",
            "stiffness": ratings[1].value,
            "sleep": ratings[2].value,
            "note": note,
        }

    def action_save(self) -> None:
        if self._busy or self.checkin is not None:
            return
        values = self._collect()
        if values is None:
            return
        self._busy = True
        self.show_message("Saving…", error=False)
        self._save(values)

    @work(thread=True, exclusive=True, group="checkin-save")
    def _save(self, values: dict) -> None:
        now = self.app.now()
        try:
            moment = self._resolved_moment(now)
            saved = checkins.save_checkin(
                moment=moment, now=now, session_id=self.session_id, **values
            )
        except CheckInError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        except (DatabaseError, StorageError, OSError) as error:
            self.app.call_from_thread(
                self._save_failed, f"Could not save the check-in ({error}). Nothing was stored."
            )
            return
        start = triage.checklist_start(
            values["locations"], values["qualities"], values["spreading"]
        )
        self.app.call_from_thread(self._saved, saved, start)

    @while_shown
    def _save_failed(self, message: str) -> None:
        self._busy = False
        self.show_message(message)

    @while_shown
    def _saved(self, saved: CheckIn, start: str | None) -> None:
        self.checkin = saved
        if start is not None and self.triage is None:
            # Both legs, numbness, spreading leg symptoms or mid/upper back pain: ask about
            # warning signs, opening at the closest question (NHS; NICE NG59).
            self._open_checklist("body_signal", self._after_body_checklist, start)
        else:
            self._finish()

    def _after_body_checklist(self, result: TriageResult | None) -> None:
        if result is None:
            self.app.notify(
                "Check-in saved. The warning-sign checklist was closed without answers; press "
                "! in a check-in to answer it.",
                severity="warning",
            )
        self.triage = result
        self._finish()

    def _finish(self) -> None:
        self._busy = False
        self.checkin.triage_result = self.triage
        self.dismiss(self.checkin)

    # Other actions ---------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self._busy:
            return  # a save is under way; its result decides what happens next
        self.dismiss(None)  # a checklist answered with ! stays readable as screen.triage

    def action_checklist(self) -> None:
        if self._busy:
            return
        trigger = "session" if self.session_id is not None else "manual"
        self._open_checklist(trigger, self._after_manual_checklist)

    def _open_checklist(self, trigger: str, callback, start: str | None = None) -> None:
        screen = RedFlagScreen(trigger=trigger, session_id=self.session_id, start=start)
        self.app.push_screen(screen, callback)

    def _after_manual_checklist(self, result: TriageResult | None) -> None:
        if result is None:
            return
        self.triage = result
        banner = self.query_one("#triage-banner", Static)
        if result.stops_session:
            banner.update(
                f"{result.headline}. Recorded. Save your pain with enter, or press escape to close."
            )
        else:
            banner.update("Warning-sign checklist recorded: none of the signs.")
        banner.set_class(result.outcome == "emergency", "emergency")
        banner.set_class(result.outcome == "urgent", "urgent")
        banner.set_class(True, "shown")

    def action_peg(self) -> None:
        self.app.push_screen(PegScreen(), lambda _result: self._load())

    def action_psfs(self) -> None:
        self.app.push_screen(PsfsScreen(), lambda _result: self._load())
