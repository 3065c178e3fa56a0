"""Red-flag holds: exercise stays on hold after a warning sign until a clinician clears it.

An emergency or urgent screening starts a hold (triage.record_screening writes it with the
screening). Only two things end one, and each is stored with its date:
- ``clear_hold``: a doctor or physiotherapist checked the person and said they can exercise;
- ``withdraw_hold``: the person ticked the flag by mistake.
A good pain score never ends a hold (clinical reference, "Warning signs that need more than a pain
score to clear": "A red flag is cleared by a clinician, not by a good day").

Lasting facts (triage.LASTING_FLAGS: cancer, thin bones, steroids and the like) that a clinician has
cleared are left out of the routine checklist until something new is reported (same source:
"they need not be re-asked every session, only when something new appears").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from backtui.checkin.measures import CHANGE_POINTS, usual_level
from backtui.checkin.triage import (
    ADVICE,
    HEADLINES,
    LASTING_FLAGS,
    RED_FLAGS,
    RedFlag,
    signals_need_checklist,
)
from backtui.db.models import CLINICIANS, CheckIn, RedFlagHold, RedFlagScreening, db
from backtui.text import TextError, clean_text

NOTE_MAX_LENGTH = 500
CLINICIAN_WORDS = {
    "doctor": "a doctor",
    "physiotherapist": "a physiotherapist",
    "other_clinician": "a health professional",
}
# Checklists that always ask every question: the very first one, and one opened by a body signal
# (a new symptom is "something new" by definition).
ASK_ALL_TRIGGERS = ("first_session", "body_signal")


class HoldError(ValueError):
    """A hold cannot be ended as asked; the message says why in plain words."""


class Hold(NamedTuple):
    """The open hold, merged over every open hold row: what was reported, when, what to do."""

    ids: tuple[int, ...]
    started_at: datetime
    outcome: str  # "emergency" | "urgent": the most serious open one
    flags: tuple[RedFlag, ...]  # every flag reported in the open holds, in checklist order
    headline: str
    advice: str

    @property
    def reported(self) -> tuple[str, ...]:
        """The full questions the person answered yes to, for the UI to show."""
        return tuple(flag.question for flag in self.flags)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(flag.label for flag in self.flags)


class HoldEnd(NamedTuple):
    """How a hold ended, as stored."""

    hold: Hold
    ended_at: datetime
    ending: str  # "cleared" | "withdrawn"
    cleared_by: str | None
    note: str


def _open_rows() -> list[RedFlagHold]:
    return list(
        RedFlagHold.select()
        .where(RedFlagHold.ended_at.is_null())
        .order_by(RedFlagHold.started_at, RedFlagHold.id)
    )


def _merge(rows: list[RedFlagHold]) -> Hold:
    flag_ids = {flag_id for row in rows for flag_id in (row.flags or [])}
    outcome = "emergency" if any(row.outcome == "emergency" for row in rows) else "urgent"
    return Hold(
        ids=tuple(row.id for row in rows),
        started_at=rows[0].started_at,
        outcome=outcome,
        flags=tuple(flag for flag in RED_FLAGS if flag.id in flag_ids),
        headline=HEADLINES[outcome],
        advice=ADVICE[outcome],
    )


def active_hold() -> Hold | None:
    """The hold exercise is under now, or None."""
    rows = _open_rows()
    return _merge(rows) if rows else None


def _end(ending: str, now: datetime, note: object, cleared_by: str | None) -> HoldEnd:
    if not isinstance(now, datetime):
        raise HoldError("The time must be a date and time.")
    try:
        note = clean_text(note or "", what="The note", max_length=NOTE_MAX_LENGTH)
    except TextError as error:
        raise HoldError(str(error)) from error
    with db.atomic():
        rows = _open_rows()
        if not rows:
            raise HoldError("Exercise is not on hold, so there is nothing to lift.")
        hold = _merge(rows)
        if now < hold.started_at:
            raise HoldError("A hold cannot be lifted before it began; check the date.")
        RedFlagHold.update(ended_at=now, ending=ending, cleared_by=cleared_by, note=note).where(
            RedFlagHold.id.in_(hold.ids)
        ).execute()
    return HoldEnd(hold, now, ending, cleared_by, note)


def clear_hold(by_clinician: str, note: object = "", *, now: datetime) -> HoldEnd:
    """ "A doctor or physiotherapist checked me and said I can exercise": ends every open hold.

    ``by_clinician`` is one of models.CLINICIANS; the date and the optional note are stored.
    """
    if by_clinician not in CLINICIANS:
        raise HoldError(f"Say who checked you: one of {', '.join(CLINICIANS)}.")
    return _end("cleared", now, note, by_clinician)


def withdraw_hold(now: datetime, note: object = "") -> HoldEnd:
    """ "I ticked this by mistake": ends every open hold, and the withdrawal is stored."""
    return _end("withdrawn", now, note, None)


def cleared_lasting_flags() -> dict[str, datetime]:
    """Lasting-fact flags a clinician has cleared, each with its latest clearance."""
    cleared: dict[str, datetime] = {}
    for row in RedFlagHold.select().where(RedFlagHold.ending == "cleared"):
        for flag_id in row.flags or []:
            if flag_id in LASTING_FLAGS and (
                flag_id not in cleared or row.ended_at > cleared[flag_id]
            ):
                cleared[flag_id] = row.ended_at
    return cleared


def something_new_since(when: datetime, now: datetime) -> bool:
    """Whether anything new was reported after ``when`` (a clearance), up to ``now``.

    New means: a warning sign screened since; a check-in whose body signals open the checklist; a
    pain location not reported before ``when``; or pain 2 or more points above the usual level at
    ``when`` (Farrar 2001: 2 points is a change people notice).
    """
    flagged = RedFlagScreening.select().where(
        RedFlagScreening.at > when, RedFlagScreening.at <= now, RedFlagScreening.outcome != "none"
    )
    if flagged.exists():
        return True
    known: set[str] = set()
    for row in CheckIn.select(CheckIn.locations).where(
        CheckIn.at <= when, CheckIn.at > when - timedelta(days=365)
    ):
        known.update(row.locations or [])
    usual = usual_level(when)
    for row in CheckIn.select().where(CheckIn.at > when, CheckIn.at <= now):
        if signals_need_checklist(row.locations or (), row.qualities or (), row.spreading):
            return True
        if set(row.locations or ()) - known:
            return True
        if usual is not None and row.pain >= usual + CHANGE_POINTS:
            return True
    return False


def flags_to_ask(now: datetime, trigger: str = "session") -> tuple[RedFlag, ...]:
    """The checklist's questions for this time: every flag, except lasting facts a clinician has
    cleared when nothing new has been reported since their clearance."""
    if trigger in ASK_ALL_TRIGGERS:
        return RED_FLAGS
    cleared = cleared_lasting_flags()
    settled = {flag_id for flag_id, when in cleared.items() if not something_new_since(when, now)}
    return tuple(flag for flag in RED_FLAGS if flag.id not in settled)
