"""Sessions in the database: start, log each set the moment it is done, skip, end, and find the
unfinished ones. What a session came to is session/summary.py.

Nothing is lost: every write is its own ``db.atomic()`` block committed at once, so a killed
process keeps every completed set and leaves its session ``in_progress``; the next start resumes
it (same day) or closes it as ``interrupted``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from peewee import IntegrityError

from backtui.checkin.advice import during_signal
from backtui.db import claims, journal
from backtui.db import store as record_store
from backtui.db.models import (
    SKIP_REASONS,
    Session,
    SetLog,
    SkipLog,
    db,
)
from backtui.session.items import (  # re-exported: screens and tests ask the store for these
    MINIMUM_MAX_REPS,
    MINIMUM_SLUGS,
    SessionItem,
    dose_text,
    easier_item,
    flare_up_items,
    flow_items,
    minimum_items,
    session_items,
)
from backtui.text import TextError, clean_text

SESSION_KINDS = ("planned", "minimum")
END_STATUSES = ("completed", "ended_early", "interrupted")
NOTE_MAX_LENGTH = 2000
# An unfinished session younger than this is offered for resuming; an older one is closed.
RESUME_WITHIN = timedelta(hours=12)

# What the session screen says when a set was kept on this machine (db/journal.py).
SERVER_AWAY = (
    "The server holding your record cannot be reached. This set is kept safely on this machine "
    "and will be written there once the server is back; carry on."
)
kept = journal.kept  # re-exported: the screen asks whether a set was kept rather than stored
# Re-exported: screens ask the session store what a during-session check-in means.
__all__ = [
    "MINIMUM_MAX_REPS",
    "MINIMUM_SLUGS",
    "SessionItem",
    "dose_text",
    "during_signal",
    "easier_item",
    "flare_up_items",
    "flow_items",
    "minimum_items",
    "session_items",
]


class SessionError(ValueError):
    """A request that cannot be stored; the message says why in plain words."""


def session_by_id(session_id: int) -> Session:
    """The session, or SessionError when there is none with that id."""
    session = Session.get_or_none(Session.id == session_id)
    if session is None:
        raise SessionError(f"There is no session {session_id}.")
    return session


def running_elsewhere(session_id: int) -> str | None:
    """The pid of another live backtui process running this session, or None."""
    return record_store.current().session_owner_elsewhere(session_id)


def take_over(session_id: int) -> None:
    """Run this session here from now on; SessionElsewhere while another process runs it."""
    record_store.current().own_session(session_id)


def _ours(session_id: int) -> Session:
    """The session, refused when another window runs it: only its owner writes to it."""
    pid = running_elsewhere(session_id)
    if pid is not None:
        raise claims.SessionElsewhere(pid)
    return session_by_id(session_id)


def _whole(value: Any, what: str, *, low: int = 0, high: int | None = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SessionError(f"{what} must be a whole number.")
    if value < low or (high is not None and value > high):
        upper = f" to {high}" if high is not None else " or more"
        raise SessionError(f"{what} must be from {low}{upper} (got {value}).")
    return value


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
        session = Session.create(
            started_at=now,
            status="in_progress",
            kind=kind,
            planned_sets=sum(max(1, item.sets) for item in items),
            plan_day=plan_day,
        )
    take_over(session.id)
    return session


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
    """Store one completed set, committed at once; a set already stored is refused.

    When the record's server cannot be reached the set is kept on this machine instead and sent
    once it answers (db/journal.py): the row returned then has no id yet (``journal.kept``).
    """
    _whole(set_number, "The set number", low=1)
    _whole(reps, "Reps")
    _whole(hold_seconds, "The hold")
    _whole(duration_seconds, "The duration")
    row = dict(
        session=session_id,
        exercise=exercise_id,
        set_number=set_number,
        reps=reps,
        hold_seconds=hold_seconds,
        duration_seconds=duration_seconds,
        completed_at=now,
    )

    def write() -> SetLog:
        session = _ours(session_id)
        if session.status != "in_progress":
            raise SessionError(f"Session {session_id} has already ended ({session.status}).")
        try:
            with db.atomic():
                return SetLog.create(**row)
        except IntegrityError as error:  # the unique index of schema v5: one row per set
            raise SessionError(f"Set {set_number} of this exercise is already stored.") from error

    return journal.write_or_keep(SetLog, row, write)


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
    _ours(session_id)
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
    session = _ours(session_id)
    if session.status != "in_progress":
        return session
    with db.atomic():
        session.status, session.ended_at = status, now
        if effort is not None:
            session.effort = effort
        if note:
            session.note = note
        session.save()
    record_store.current().let_go_of_session(session_id)
    return session


def save_reflection(session_id: int, effort: int | None = None, note: str = "") -> Session:
    """The after-session answers: how hard it felt (0-10) and a free note."""
    _whole(effort, "Effort", high=10)
    note = _note(note)
    session = _ours(session_id)
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


def last_activity(session: Session) -> datetime:
    """When the session last saw a set, a skip or a check-in (its start if none)."""
    times = [session.started_at]
    times += [row.completed_at for row in session.sets]
    times += [row.at for row in session.skips]
    times += [row.at for row in session.checkins]
    return max(times)


def close_as_interrupted(session_id: int, now: datetime) -> Session:
    """End an abandoned session at its last recorded activity (``now`` may be days later)."""
    session = session_by_id(session_id)
    last = last_activity(session)
    return end_session(session_id, "interrupted", max(session.started_at, min(now, last)))


def resolve_unfinished(now: datetime) -> tuple[Session | None, list[Session]]:
    """Close every unfinished session except the newest one started less than RESUME_WITHIN ago
    (whatever the date: a session reopened just after midnight is still offered), and those
    another live window is running (theirs to end).

    Returns that session (for the person to resume or close, or refused by ``take_over`` while
    another window runs it; None when there is none) and the sessions just closed as interrupted.
    """
    offer: Session | None = None
    closed: list[Session] = []
    for session in (
        Session.select()
        .where(Session.status == "in_progress")
        .order_by(Session.started_at.desc(), Session.id.desc())
    ):
        if offer is None and now - session.started_at < RESUME_WITHIN:
            offer = session
        elif running_elsewhere(session.id) is not None:
            continue
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
