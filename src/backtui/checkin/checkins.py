"""Check-ins: keystroke pain entry, validation, the moment a check-in belongs to, and saving.

A check-in must be savable with the pain score alone, so a bad day costs one keystroke
(clinical reference: keep logging cheap). Everything is validated before the single write.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from peewee import DatabaseError

from backtui.checkin.flareup import note_pain_before_session
from backtui.checkin.measures import MeasureError, validate_rating
from backtui.checkin.morning import in_morning_window, morning_window
from backtui.db import journal
from backtui.db.models import LOCATIONS, MOMENTS, QUALITIES, CheckIn, Session, db
from backtui.instants import local_day
from backtui.text import TextError, clean_text

NOTE_MAX_LENGTH = 2000
SESSION_PHASES = ("before", "during", "after")
# Statuses of a session that actually happened, for the next-morning check (Silbernagel 2007:
# pain after exercise must be back to the usual level by the next morning).
DONE_STATUSES = ("completed", "ended_early")
# How long a screen waits after a lone "1" for a "0" that would make 10.
PENDING_SECONDS = 0.8

_INCREASE = ("right", "up")
_DECREASE = ("left", "down")


class CheckInError(ValueError):
    """Input that cannot be saved as a check-in; the message is shown inline as it is."""


class PainInput:
    """Pain 0-10 from single keys: a small pure state machine for the check-in screen.

    - A digit sets the value. "1" is *pending*: it shows 1 but waits PENDING_SECONDS for a "0"
      that makes 10; the screen calls ``settle()`` when the wait ends. Another digit after a
      pending "1" replaces it.
    - Arrows step within 0..10 (from nothing, the first arrow gives 0) and settle a pending 1.
    - Backspace removes the last digit typed ("10" -> pending "1" -> nothing).
    Other keys are ignored (``press`` returns False) so the screen can handle them.
    """

    def __init__(self, value: int | None = None) -> None:
        if value is not None:
            value = validate_pain(value)
        self.value: int | None = value
        self.pending = False

    def press(self, key: str) -> bool:
        if len(key) == 1 and key in "0123456789":
            digit = int(key)
            if self.pending and digit == 0:
                self.value, self.pending = 10, False
            else:
                self.value, self.pending = digit, digit == 1
            return True
        if key in _INCREASE or key in _DECREASE:
            step = 1 if key in _INCREASE else -1
            self.value = 0 if self.value is None else min(10, max(0, self.value + step))
            self.pending = False
            return True
        if key == "backspace":
            if self.value == 10:
                self.value, self.pending = 1, True
            else:
                self.value, self.pending = None, False
            return True
        return False

    def settle(self) -> None:
        """The wait for a second digit is over: a pending 1 stays 1."""
        self.pending = False

    @property
    def is_complete(self) -> bool:
        return self.value is not None and not self.pending

    @property
    def error(self) -> str | None:
        """Why the entry cannot be saved yet, or None when it can."""
        if self.value is None:
            return "Choose a pain level from 0 to 10: type a number or use the arrow keys."
        if self.pending:
            return "You typed 1. Type 0 to make it 10, or wait a moment to keep 1."
        return None

    @property
    def display(self) -> str:
        if self.value is None:
            return "–"
        return f"{self.value}…" if self.pending else str(self.value)


def validate_pain(value: object, what: str = "Pain") -> int:
    """Return a 0-10 whole number, or raise CheckInError with a message to show inline."""
    try:
        return validate_rating(value, what)
    except MeasureError as error:
        raise CheckInError(str(error)) from error


def clean_note(text: object) -> str:
    """Return the note trimmed, or raise CheckInError if it holds control characters or is long.

    Escape sequences and other control characters (C0 except tab and newline, DEL, C1) are
    refused so that nothing stored can drive the terminal when shown; the limit is 2,000 characters.
    """
    if text is None:
        return ""
    try:
        return clean_text(text, what="The note", max_length=NOTE_MAX_LENGTH)
    except TextError as error:
        raise CheckInError(str(error)) from error


def _labels(values: Iterable[str], allowed: tuple[str, ...], what: str) -> list[str]:
    if isinstance(values, str):
        raise CheckInError(f"{what} must be a list of labels, not one string.")
    chosen = set()
    for value in values:
        if value not in allowed:
            raise CheckInError(f"Unknown {what.lower()}: {value!r}.")
        chosen.add(value)
    return [label for label in allowed if label in chosen]


def _optional_rating(value: object, what: str) -> int | None:
    return None if value is None else validate_pain(value, what)


def morning_checkins(session: Session) -> list[CheckIn]:
    """Check-ins in the morning window after ``session`` (checkin.morning), oldest first."""
    opens, closes = morning_window(session.ended_at or session.started_at)
    # A text range on the index by local dates around the window, then exact instants.
    rows = CheckIn.select().where(
        CheckIn.at >= local_day(opens) - timedelta(days=1),
        CheckIn.at < local_day(closes) + timedelta(days=2),
    )
    return sorted((row for row in rows if opens <= row.at < closes), key=lambda row: row.at)


def next_morning_session(now: datetime) -> Session | None:
    """The session a check-in at ``now`` would be the next-morning check-in for, if any.

    That is the latest completed or ended-early session whose morning window (checkin.morning)
    holds ``now``, when nothing has been checked in yet in that window and the session has no
    next-morning check-in.
    """
    # The last three days' sessions (a morning follows within a day), newest instant first.
    candidates = Session.select().where(
        Session.status.in_(DONE_STATUSES),
        Session.started_at >= local_day(now) - timedelta(days=3),
    )
    for session in sorted(candidates, key=lambda row: (row.started_at, row.id), reverse=True):
        if not in_morning_window(session.ended_at or session.started_at, now):
            continue
        already = CheckIn.select().where(
            CheckIn.session == session.id, CheckIn.moment == "next_morning"
        )
        if already.exists() or any(row.at <= now for row in morning_checkins(session)):
            return None
        return session
    return None


def moment_for(now: datetime, active_session_id: int | None, phase: str | None = None) -> str:
    """The moment a check-in taken now belongs to.

    During a live session it is its phase ("before", "during" or "after"; "during" when no phase
    is given). Otherwise "next_morning" for the first check-in of the morning after a day with a
    done session (see next_morning_session), else "standalone".
    """
    if active_session_id is not None:
        if phase is None:
            return "during"
        if phase not in SESSION_PHASES:
            raise ValueError(f"Unknown session phase: {phase!r}.")
        return phase
    return "next_morning" if next_morning_session(now) is not None else "standalone"


def _check_yes_no(value: object, what: str) -> None:
    if value is not None and not isinstance(value, bool):
        raise CheckInError(f"{what} must be yes, no or not answered.")


def _linked_session(session_id: object, moment: str, now: datetime) -> int | None:
    """The session a check-in belongs to: the one given, or for a next-morning check-in without
    one, the session it follows."""
    if session_id is not None:
        if isinstance(session_id, bool) or not isinstance(session_id, int):
            raise CheckInError("The session id must be a whole number.")
        if Session.get_or_none(Session.id == session_id) is None:
            raise CheckInError(f"There is no session {session_id} to link this check-in to.")
        return session_id
    if moment == "next_morning":
        followed = next_morning_session(now)
        return followed.id if followed is not None else None
    return None


def _write_or_keep(row: dict, session_id: int | None) -> CheckIn:
    """Store the check-in, or keep it on this machine while the server cannot be reached."""

    def write() -> CheckIn:
        row["session"] = _linked_session(session_id, row["moment"], row["at"])
        with db.atomic():
            return CheckIn.create(**row)

    return journal.write_or_keep(CheckIn, row, write)


def save_checkin(
    pain: object,
    *,
    moment: str,
    now: datetime,
    session_id: int | None = None,
    locations: Iterable[str] = (),
    qualities: Iterable[str] = (),
    spreading: bool | None = None,
    stiffness: object = None,
    sleep: object = None,
    note: object = "",
    centralising: bool | None = None,
    exercise_id: int | None = None,
) -> CheckIn:
    """Validate everything, then write one check-in row in one transaction.

    A next-morning check-in without a session is linked to the session it follows. A check-in
    never lifts a red-flag hold (only checkin.holds does). After a "before" check-in is committed,
    its pain is checked for a flare-up (checkin.flareup), which is stored; if that step fails the
    check-in is still saved. Raises CheckInError, before anything is written, for any invalid
    value.
    """
    pain = validate_pain(pain)
    if moment not in MOMENTS:
        raise CheckInError(f"Unknown check-in moment: {moment!r}.")
    if not isinstance(now, datetime):
        raise CheckInError("The check-in time must be a datetime.")
    location_list = _labels(locations, LOCATIONS, "Pain location")
    quality_list = _labels(qualities, QUALITIES, "Pain quality")
    _check_yes_no(spreading, "Spreading")
    _check_yes_no(centralising, "Moving towards the spine")
    stiffness = _optional_rating(stiffness, "Stiffness")
    sleep = _optional_rating(sleep, "Sleep")
    note = clean_note(note)
    if session_id is not None and (isinstance(session_id, bool) or not isinstance(session_id, int)):
        raise CheckInError("The session id must be a whole number.")
    row = dict(
        at=now,
        moment=moment,
        session=session_id,
        pain=pain,
        locations=location_list,
        qualities=quality_list,
        spreading=spreading,
        centralising=centralising,
        exercise=exercise_id,
        stiffness=stiffness,
        sleep=sleep,
        note=note,
        client_id=uuid.uuid4().hex,  # sent again after a lost server, it is still stored once
    )

    checkin = _write_or_keep(row, session_id)
    if moment == "before" and not journal.kept(checkin):
        try:
            note_pain_before_session(pain, now)
        except DatabaseError:
            pass  # the check-in is saved; the flare-up is found again at the next one
    return checkin


def recent_checkins(limit: int = 50) -> list[CheckIn]:
    """The newest check-ins first."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError("limit must be a positive whole number.")
    return list(CheckIn.select().order_by(CheckIn.at.desc(), CheckIn.id.desc()).limit(limit))


def add_exercise_details(
    checkin_id: int, *, exercise_id: int | None, centralising: bool | None = None
) -> CheckIn:
    """Link a stored during-session check-in to the exercise it is about and, for an extension
    exercise, store where the pain moved (towards the spine or down the leg). The check-in screen
    saves the rest; the session adds these afterwards, as only it knows the exercise."""
    _check_yes_no(centralising, "Moving towards the spine")
    with db.atomic():
        checkin = CheckIn.get_by_id(checkin_id)
        checkin.exercise = exercise_id
        if centralising is not None:
            checkin.centralising = centralising
        checkin.save()
    return checkin
