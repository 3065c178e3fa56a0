"""What a session came to: the summary shown when it ends (sets against planned, skips, the pain
reported with what was advised, and what to do next)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import JOIN

from backtui.checkin.advice import advise_checkin
from backtui.checkin.triage import ADVICE, HEADLINES
from backtui.db.models import CheckIn, Exercise, RedFlagScreening, SetLog, SkipLog
from backtui.session import store

SKIP_LABELS = {"pain": "pain", "too_hard": "too hard", "no_time": "no time", "other": "other"}

# What the summary ends with, when no warning sign or advice to stop came up.
NEXT_MORNING_WORDS = (
    "A check-in tomorrow morning tells backtui how your back took it; the plan's suggestions "
    "for next time follow from that."
)

@dataclass(frozen=True)
class SkipSummary:
    exercise: str
    reason: str  # one of SKIP_REASONS
    note: str

    @property
    def reason_label(self) -> str:
        return SKIP_LABELS.get(self.reason, self.reason)


@dataclass(frozen=True)
class DuringNote:
    """Pain reported during the session, and what backtui advised then."""

    at: datetime
    pain: int
    action: str  # checkin.advice.ACTIONS
    headline: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SessionSummary:
    session_id: int
    kind: str
    status: str
    sets_done: int
    sets_planned: int
    duration: timedelta
    exercises_done: tuple[str, ...]
    skips: tuple[SkipSummary, ...]
    pain_before: int | None
    pain_after: int | None
    effort: int | None
    during: tuple[DuringNote, ...] = ()
    warning: str | None = None  # "emergency" | "urgent" when the checklist stopped the session
    closing: str = NEXT_MORNING_WORDS  # what the summary ends with: what to do next

    @property
    def stopped_by_warning(self) -> bool:
        return self.warning is not None


def _pain(session_id: int, moment: str) -> int | None:
    row = (
        CheckIn.select()
        .where(CheckIn.session == session_id, CheckIn.moment == moment)
        .order_by(CheckIn.at.desc(), CheckIn.id.desc())
        .first()
    )
    return None if row is None else row.pain


def _during(session_id: int) -> tuple[DuringNote, ...]:
    notes = []
    for row in (
        CheckIn.select(CheckIn, Exercise)
        .join(Exercise, JOIN.LEFT_OUTER, on=(CheckIn.exercise == Exercise.id))
        .where(CheckIn.session == session_id, CheckIn.moment == "during")
        .order_by(CheckIn.at, CheckIn.id)
    ):
        # The exercise it was about, when known: pain moving down the leg means something else
        # during an extension exercise (checkin.advice).
        slug = row.exercise.slug if row.exercise_id is not None else None
        advice = advise_checkin(row, slug)
        reasons = tuple(r.words for r in (*advice.good_signs, *advice.reasons))
        notes.append(DuringNote(row.at, row.pain, advice.action, advice.headline, reasons))
    return tuple(notes)


def _warning(session_id: int) -> str | None:
    """The most serious outcome of the warning-sign checklists answered in this session."""
    outcomes = {
        outcome
        for (outcome,) in RedFlagScreening.select(RedFlagScreening.outcome)
        .where(RedFlagScreening.session == session_id)
        .tuples()
    }
    return next((o for o in ("emergency", "urgent") if o in outcomes), None)


def _closing(warning: str | None, during: tuple[DuringNote, ...]) -> str:
    """A stop for a warning sign ends with its advice, never with "see how it went tomorrow"
    (NHS; NICE NG59); a stop for spreading or both legs ends with its reasons."""
    if warning is not None:
        return f"{HEADLINES[warning]}. {ADVICE[warning]}"
    ended = [note for note in during if note.action == "end_session"]
    if ended:
        return " ".join((*ended[-1].reasons, "Rest in a comfortable position for today."))
    return NEXT_MORNING_WORDS


def summary(session_id: int, now: datetime | None = None) -> SessionSummary:
    """Sets done against planned, duration, the skipped exercises with their reasons, the pain
    reported during the session with what was advised, and what to do next."""
    session = store.session_by_id(session_id)
    sets = list(
        SetLog.select(SetLog, Exercise)
        .join(Exercise)
        .where(SetLog.session == session_id)
        .order_by(SetLog.completed_at, SetLog.id)
    )
    names: list[str] = []
    for row in sets:
        if row.exercise.name not in names:
            names.append(row.exercise.name)
    skips = tuple(
        SkipSummary(row.exercise.name, row.reason, row.note)
        for row in SkipLog.select(SkipLog, Exercise)
        .join(Exercise)
        .where(SkipLog.session == session_id)
        .order_by(SkipLog.at, SkipLog.id)
    )
    end = session.ended_at or now or store.last_activity(session)
    during = _during(session_id)
    warning = _warning(session_id)
    return SessionSummary(
        session_id=session.id,
        kind=session.kind,
        status=session.status,
        sets_done=len(sets),
        sets_planned=session.planned_sets,
        duration=max(timedelta(0), end - session.started_at),
        exercises_done=tuple(names),
        skips=skips,
        pain_before=_pain(session_id, "before"),
        pain_after=_pain(session_id, "after"),
        effort=session.effort,
        during=during,
        warning=warning,
        closing=_closing(warning, during),
    )
