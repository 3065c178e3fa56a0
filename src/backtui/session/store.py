"""Sessions in the database: start, log each set the moment it is done, skip, end, summarise.

Nothing is lost: every write is its own ``db.atomic()`` block committed at once, so a killed
process keeps every completed set and leaves its session ``in_progress``; the next start resumes
it (same day) or closes it as ``interrupted``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from backtui.checkin.measures import pain_zone
from backtui.db.models import SKIP_REASONS, CheckIn, Exercise, Session, SetLog, SkipLog, db
from backtui.plan.dose import Dose
from backtui.plan.library import builtin_spec
from backtui.plan.tempo import DEFAULT_TEMPO, Tempo
from backtui.session.flow import FlowItem, estimate_seconds
from backtui.text import TextError, clean_text

SESSION_KINDS = ("planned", "minimum")
END_STATUSES = ("completed", "ended_early", "interrupted")
SKIP_LABELS = {"pain": "pain", "too_hard": "too hard", "no_time": "no time", "other": "other"}
NOTE_MAX_LENGTH = 2000

# The minimum session: about 5 minutes of the gentlest mobility work. On a bad day a short, easy
# session keeps the habit going, and consistency matters more than any one session's dose
# (clinical reference: "consistency and good technique matter most"; pacing, Lindström 1992:
# avoid boom-and-bust by keeping a baseline that works even on bad days). Gentlest first:
MINIMUM_SLUGS = ("cat_cow", "pelvic_tilt", "knee_rolls", "knee_to_chest", "child_pose")
MINIMUM_TARGET_SECONDS = 5 * 60
MINIMUM_KINDS = ("mobility", "yoga")
# Gentle caps on the dose of each minimum-session exercise.
MINIMUM_MAX_REPS = 8
MINIMUM_MAX_HOLD = 20
MINIMUM_MAX_HOLDS = 3


class SessionError(ValueError):
    """A request that cannot be stored; the message says why in plain words."""


@dataclass(frozen=True)
class SessionItem:
    """One exercise to run, at a dose: a plan item, or an item of the minimum session."""

    exercise: Exercise
    sets: int = 1
    reps: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class SkipSummary:
    exercise: str
    reason: str  # one of SKIP_REASONS
    note: str

    @property
    def reason_label(self) -> str:
        return SKIP_LABELS.get(self.reason, self.reason)


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


def _session(session_id: int) -> Session:
    session = Session.get_or_none(Session.id == session_id)
    if session is None:
        raise SessionError(f"There is no session {session_id}.")
    return session


def _whole(value: Any, what: str, *, low: int = 0, high: int | None = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SessionError(f"{what} must be a whole number.")
    if value < low or (high is not None and value > high):
        upper = f" to {high}" if high is not None else " or more"
        raise SessionError(f"{what} must be from {low}{upper} (got {value}).")
    return value


# --- what a session runs --------------------------------------------------------------------------


def session_items(plan_items: Iterable[Any]) -> list[SessionItem]:
    """Plan items (anything with exercise, sets, reps, hold_seconds, minutes) as session items."""
    return [
        SessionItem(item.exercise, item.sets, item.reps, item.hold_seconds, item.minutes)
        for item in plan_items
    ]


def dose_text(item: SessionItem) -> str:
    """The dose as the plan shows it: "2 × 8 reps", "2 × 6 × 5 s hold per side", "10 min"."""
    exercise = item.exercise
    return Dose(
        exercise.dose_type,
        item.sets,
        item.reps,
        item.hold_seconds,
        item.minutes,
        bool(exercise.per_side),
    ).label()


def _tempo_of(exercise: Exercise) -> Tempo:
    """The library's tempo for a built-in exercise; a slow default for people's own."""
    spec = builtin_spec(exercise.slug) if exercise.builtin else None
    return spec.tempo if spec is not None else DEFAULT_TEMPO


def flow_items(items: Sequence[SessionItem]) -> list[FlowItem]:
    return [
        FlowItem(
            exercise_id=item.exercise.id,
            name=item.exercise.name,
            kind=item.exercise.kind,
            dose_type=item.exercise.dose_type,
            sets=max(1, item.sets),
            reps=item.reps,
            hold_seconds=item.hold_seconds,
            minutes=item.minutes,
            per_side=item.exercise.per_side,
            cues=tuple(item.exercise.cues or ()),
            mistakes=tuple(item.exercise.mistakes or ()),
            easier=item.exercise.easier,
            dose=dose_text(item),
            tempo=_tempo_of(item.exercise),
        )
        for item in items
    ]


def _gentle(exercise: Exercise) -> SessionItem:
    if exercise.dose_type == "hold":
        return SessionItem(
            exercise,
            1,
            min(exercise.reps or 1, MINIMUM_MAX_HOLDS),
            min(exercise.hold_seconds or MINIMUM_MAX_HOLD, MINIMUM_MAX_HOLD),
        )
    return SessionItem(
        exercise, 1, min(exercise.reps or MINIMUM_MAX_REPS, MINIMUM_MAX_REPS), exercise.hold_seconds
    )


def minimum_items() -> list[SessionItem]:
    """The minimum session: gentle mobility at a capped dose, about 5 minutes in all."""
    by_slug = {e.slug: e for e in Exercise.select().where(Exercise.slug.in_(MINIMUM_SLUGS))}
    chosen = [by_slug[slug] for slug in MINIMUM_SLUGS if slug in by_slug]
    if len(chosen) < 3:  # a library without the preferred ones: any gentle mobility or yoga
        others = (
            Exercise.select()
            .where(Exercise.kind.in_(MINIMUM_KINDS), Exercise.dose_type != "minutes")
            .order_by(Exercise.id)
        )
        chosen += [e for e in others if e not in chosen]
    items: list[SessionItem] = []
    for exercise in chosen:
        if items and estimate_seconds(flow_items(items)) >= MINIMUM_TARGET_SECONDS:
            return items
        items.append(_gentle(exercise))
    # Few gentle exercises in the library: a second set of each, in turn, fills the 5 minutes.
    for position, item in enumerate(items):
        if estimate_seconds(flow_items(items)) >= MINIMUM_TARGET_SECONDS:
            break
        items[position] = replace(item, sets=2)
    return items


# --- writing --------------------------------------------------------------------------------------


def start_session(
    now: datetime, items: Sequence[SessionItem], kind: str = "planned", plan_day: int | None = None
) -> Session:
    """Create the in-progress session row before the first set, so a crash can never lose it."""
    if kind not in SESSION_KINDS:
        raise SessionError(f"Unknown session kind: {kind!r}.")
    if not items:
        raise SessionError("A session needs at least one exercise.")
    _whole(plan_day, "The plan day", high=6)
    with db.atomic():
        return Session.create(
            started_at=now,
            status="in_progress",
            kind=kind,
            planned_sets=sum(max(1, item.sets) for item in items),
            plan_day=plan_day,
        )


def log_set(
    session_id: int,
    exercise_id: int,
    set_number: int,
    *,
    now: datetime,
    reps: int | None = None,
    hold_seconds: int | None = None,
    duration_seconds: int | None = None,
) -> SetLog:
    """Store one completed set, committed at once."""
    session = _session(session_id)
    if session.status != "in_progress":
        raise SessionError(f"Session {session_id} has already ended ({session.status}).")
    _whole(set_number, "The set number", low=1)
    _whole(reps, "Reps")
    _whole(hold_seconds, "The hold")
    _whole(duration_seconds, "The duration")
    with db.atomic():
        return SetLog.create(
            session=session_id,
            exercise=exercise_id,
            set_number=set_number,
            reps=reps,
            hold_seconds=hold_seconds,
            duration_seconds=duration_seconds,
            completed_at=now,
        )


def _note(note: object) -> str:
    try:
        return clean_text(
            note if note is not None else "", what="The note", max_length=NOTE_MAX_LENGTH
        )
    except TextError as error:
        raise SessionError(str(error)) from error


def log_skip(
    session_id: int, exercise_id: int, reason: str, note: str = "", *, now: datetime
) -> SkipLog:
    """Store why an exercise was skipped (pain feeds the progression engine)."""
    if reason not in SKIP_REASONS:
        raise SessionError(f"Unknown skip reason: {reason!r}.")
    _session(session_id)
    note = _note(note)
    with db.atomic():
        return SkipLog.create(
            session=session_id, exercise=exercise_id, reason=reason, note=note, at=now
        )


def end_session(
    session_id: int, status: str, now: datetime, effort: int | None = None, note: str = ""
) -> Session:
    """End a session as completed, ended early or interrupted; a second end changes nothing."""
    if status not in END_STATUSES:
        raise SessionError(f"A session cannot end as {status!r}.")
    _whole(effort, "Effort", high=10)
    note = _note(note)
    session = _session(session_id)
    if session.status != "in_progress":
        return session
    with db.atomic():
        session.status, session.ended_at = status, now
        if effort is not None:
            session.effort = effort
        if note:
            session.note = note
        session.save()
    return session


def save_reflection(session_id: int, effort: int | None = None, note: str = "") -> Session:
    """The after-session answers: how hard it felt (0-10) and a free note."""
    _whole(effort, "Effort", high=10)
    note = _note(note)
    session = _session(session_id)
    with db.atomic():
        session.effort, session.note = effort, note
        session.save()
    return session


# --- unfinished sessions --------------------------------------------------------------------------


def unfinished_session() -> Session | None:
    """The newest session still in progress (a crash, a closed terminal or ctrl+q)."""
    return (
        Session.select()
        .where(Session.status == "in_progress")
        .order_by(Session.started_at.desc(), Session.id.desc())
        .first()
    )


def _last_activity(session: Session) -> datetime:
    times = [session.started_at]
    times += [row.completed_at for row in session.sets]
    times += [row.at for row in session.skips]
    times += [row.at for row in session.checkins]
    return max(times)


def close_as_interrupted(session_id: int, now: datetime) -> Session:
    """End an abandoned session at its last recorded activity (``now`` may be days later)."""
    session = _session(session_id)
    return end_session(session_id, "interrupted", min(now, _last_activity(session)))


def resolve_unfinished(now: datetime) -> tuple[Session | None, list[Session]]:
    """Close every unfinished session except the newest one from today.

    Returns that session (for the person to resume or close; None when there is none) and the
    sessions just closed as interrupted.
    """
    offer: Session | None = None
    closed: list[Session] = []
    for session in (
        Session.select()
        .where(Session.status == "in_progress")
        .order_by(Session.started_at.desc(), Session.id.desc())
    ):
        if offer is None and session.started_at.date() == now.date():
            offer = session
        else:
            closed.append(close_as_interrupted(session.id, now))
    return offer, closed


def progress(session_id: int) -> tuple[dict[int, int], set[int]]:
    """Sets logged per exercise id, and the exercise ids skipped, for resuming a session."""
    done: dict[int, int] = {}
    for row in SetLog.select().where(SetLog.session == session_id):
        done[row.exercise_id] = done.get(row.exercise_id, 0) + 1
    skipped = {row.exercise_id for row in SkipLog.select().where(SkipLog.session == session_id)}
    return done, skipped


# --- reading --------------------------------------------------------------------------------------


def _pain(session_id: int, moment: str) -> int | None:
    row = (
        CheckIn.select()
        .where(CheckIn.session == session_id, CheckIn.moment == moment)
        .order_by(CheckIn.at.desc(), CheckIn.id.desc())
        .first()
    )
    return None if row is None else row.pain


def summary(session_id: int, now: datetime | None = None) -> SessionSummary:
    """Sets done against planned, duration, and the skipped exercises with their reasons."""
    session = _session(session_id)
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
    end = session.ended_at or now or _last_activity(session)
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
    )


def easier_item(slug: str | None) -> FlowItem | None:
    """The easier variant of an exercise at its beginner dose, or None when there is none."""
    exercise = Exercise.get_or_none(Exercise.slug == slug) if slug else None
    if exercise is None:
        return None
    item = SessionItem(
        exercise, exercise.sets, exercise.reps, exercise.hold_seconds, exercise.minutes
    )
    return flow_items([item])[0]


# --- listening to the body during a session -------------------------------------------------------


def during_signal(pain: int, spreading: bool | None) -> str:
    """What a during-session check-in means: "spreading" (stop the session), "high_pain" (stop
    this exercise or go easier) or "ok". Red flags are the checklist's to judge (triage)."""
    # Leg symptoms spreading further mean stop and seek advice (McKenzie; clinical reference).
    if spreading is True:
        return "spreading"
    # Above 5/10 during exercise is the high-risk zone (Silbernagel 2007): stop the exercise or
    # move to its easier variant.
    if pain_zone(pain) == "high_risk":
        return "high_pain"
    return "ok"
