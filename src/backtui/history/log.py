"""History's lists: sessions a page at a time, one session's detail, the person's notes.

Lists are paged in SQL (LIMIT/OFFSET, newest first) and their counts come from GROUP BY over the
page's ids, so the tenth year of record opens as fast as the first week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN

from backtui.db.models import (
    CheckIn,
    Exercise,
    ProgressionDecision,
    Session,
    SetLog,
    SkipLog,
    db,
)
from backtui.session.summary import SKIP_LABELS  # one wording for a skip's reason

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

ACTION_LABELS = {
    "progress": "Progressed",
    "hold": "Held",
    "step_back": "Stepped back",
    "see_clinician": "Suggested seeing a clinician",
}
STATUS_LABELS = {
    "completed": "done",
    "ended_early": "ended early",
    "interrupted": "interrupted",
    "in_progress": "in progress",
}


def _page_args(offset: int, limit: int) -> tuple[int, int]:
    if offset < 0:
        raise ValueError("offset must be 0 or more")
    return offset, max(1, min(limit, MAX_PAGE_SIZE))


def _dt(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def dose_text(reps: int | None, hold: int | None, seconds: int | None) -> str:
    """A set's dose in a few words (plan.dose_label describes planned doses; this, logged ones)."""
    if seconds:
        minutes, rest = divmod(int(seconds), 60)
        return f"{minutes} min" if not rest else f"{minutes} min {rest} s"
    if reps and hold:
        return f"{reps} × {hold} s hold"
    if hold:
        return f"{hold} s hold"
    if reps:
        return f"{reps} reps"
    return "done"


# --- Sessions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    id: int
    started_at: datetime
    ended_at: datetime | None
    status: str
    kind: str
    planned_sets: int
    sets: int
    exercises: int
    skips: int
    pain_before: int | None
    pain_after: int | None

    @property
    def minutes(self) -> int | None:
        if self.ended_at is None:
            return None
        return max(0, round((self.ended_at - self.started_at).total_seconds() / 60))


@dataclass(frozen=True)
class SessionPage:
    rows: list[SessionRow]
    total: int
    offset: int
    limit: int

    @property
    def has_older(self) -> bool:
        return self.offset + len(self.rows) < self.total

    @property
    def has_newer(self) -> bool:
        return self.offset > 0


def _grouped(sql: str, ids: list[int]) -> dict[int, tuple]:
    marks = ",".join("?" * len(ids))
    return {row[0]: row[1:] for row in db.execute_sql(sql.format(ids=marks), ids).fetchall()}


def session_count() -> int:
    return Session.select().count()


def sessions_page(offset: int = 0, limit: int = PAGE_SIZE) -> SessionPage:
    """One page of sessions, newest first, with set, exercise, skip and pain counts."""
    offset, limit = _page_args(offset, limit)
    sessions = list(
        Session.select(
            Session.id,
            Session.started_at,
            Session.ended_at,
            Session.status,
            Session.kind,
            Session.planned_sets,
        )
        .order_by(Session.started_at.desc(), Session.id.desc())
        .limit(limit)
        .offset(offset)
        .tuples()
    )
    ids = [row[0] for row in sessions]
    sets, skips, pains = {}, {}, {}
    if ids:
        sets = _grouped(
            "SELECT session_id, count(*), count(DISTINCT exercise_id) FROM setlog "
            "WHERE session_id IN ({ids}) GROUP BY session_id",
            ids,
        )
        skips = _grouped(
            "SELECT session_id, count(*) FROM skiplog WHERE session_id IN ({ids}) "
            "GROUP BY session_id",
            ids,
        )
        pains = _grouped(
            "SELECT session_id, "
            "max(CASE WHEN moment = 'before' THEN pain END), "
            "max(CASE WHEN moment = 'after' THEN pain END) FROM checkin "
            "WHERE session_id IN ({ids}) GROUP BY session_id",
            ids,
        )
    rows = [
        SessionRow(
            id=sid,
            started_at=_dt(started),
            ended_at=_dt(ended),
            status=status,
            kind=kind,
            planned_sets=planned,
            sets=sets.get(sid, (0, 0))[0],
            exercises=sets.get(sid, (0, 0))[1],
            skips=skips.get(sid, (0,))[0],
            pain_before=pains.get(sid, (None, None))[0],
            pain_after=pains.get(sid, (None, None))[1],
        )
        for sid, started, ended, status, kind, planned in sessions
    ]
    return SessionPage(rows, session_count(), offset, limit)


@dataclass(frozen=True)
class SetLine:
    exercise: str
    set_number: int
    dose: str
    completed_at: datetime


@dataclass(frozen=True)
class SkipLine:
    exercise: str
    reason: str
    note: str
    at: datetime


@dataclass(frozen=True)
class CheckInLine:
    at: datetime
    moment: str
    pain: int
    locations: list[str]
    qualities: list[str]
    note: str


@dataclass(frozen=True)
class DecisionLine:
    at: datetime
    exercise: str
    action: str
    reason: str
    status: str


@dataclass(frozen=True)
class SessionDetail:
    id: int
    started_at: datetime
    ended_at: datetime | None
    status: str
    kind: str
    planned_sets: int
    effort: int | None
    note: str
    sets: list[SetLine]
    skips: list[SkipLine]
    checkins: list[CheckInLine]
    decisions: list[DecisionLine]


def session_detail(session_id: int) -> SessionDetail | None:
    session = Session.get_or_none(Session.id == session_id)
    if session is None:
        return None
    sets = [
        SetLine(name, number, dose_text(reps, hold, seconds), _dt(done))
        for name, number, reps, hold, seconds, done in SetLog.select(
            Exercise.name,
            SetLog.set_number,
            SetLog.reps,
            SetLog.hold_seconds,
            SetLog.duration_seconds,
            SetLog.completed_at,
        )
        .join(Exercise)
        .where(SetLog.session == session_id)
        .order_by(SetLog.id)
        .tuples()
    ]
    skips = [
        SkipLine(name, SKIP_LABELS.get(reason, reason), note, _dt(at))
        for name, reason, note, at in SkipLog.select(
            Exercise.name, SkipLog.reason, SkipLog.note, SkipLog.at
        )
        .join(Exercise)
        .where(SkipLog.session == session_id)
        .order_by(SkipLog.id)
        .tuples()
    ]
    checkins = [
        CheckInLine(
            c.at, c.moment, c.pain, list(c.locations or []), list(c.qualities or []), c.note
        )
        for c in CheckIn.select().where(CheckIn.session == session_id).order_by(CheckIn.at)
    ]
    decisions = [
        DecisionLine(d.at, d.exercise.name if d.exercise_id else "", d.action, d.reason, d.status)
        for d in ProgressionDecision.select(ProgressionDecision, Exercise)
        .join(Exercise, on=ProgressionDecision.exercise == Exercise.id, join_type=JOIN.LEFT_OUTER)
        .where(ProgressionDecision.session == session_id)
        .order_by(ProgressionDecision.at)
    ]
    return SessionDetail(
        session.id,
        session.started_at,
        session.ended_at,
        session.status,
        session.kind,
        session.planned_sets,
        session.effort,
        session.note,
        sets,
        skips,
        checkins,
        decisions,
    )


# --- The person's own notes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    at: datetime
    source: str  # "check-in" | "session"
    text: str
    pain: int | None


# Each side reads, newest first, only its rows with a note (partial indexes checkin_note_at and
# session_note_started_at) and stops after the rows this page can need.
_NOTES_PAGE_SQL = (
    "SELECT * FROM (SELECT at, 'check-in', note, pain FROM checkin WHERE note != '' "
    "ORDER BY at DESC LIMIT :n) AS checkins "
    "UNION ALL SELECT * FROM (SELECT started_at, 'session', note, CAST(NULL AS INTEGER) "
    "FROM session WHERE note != '' ORDER BY started_at DESC LIMIT :n) AS sessions "
    "ORDER BY 1 DESC LIMIT :limit OFFSET :offset"
)
_NOTES_COUNT_SQL = (
    "SELECT (SELECT count(*) FROM checkin WHERE note != '') "
    "+ (SELECT count(*) FROM session WHERE note != '')"
)


def notes_page(offset: int = 0, limit: int = PAGE_SIZE) -> tuple[list[Note], int]:
    """The person's notes from check-ins and sessions, newest first, and how many there are."""
    offset, limit = _page_args(offset, limit)
    rows = db.execute_sql(
        _NOTES_PAGE_SQL, {"n": offset + limit, "limit": limit, "offset": offset}
    ).fetchall()
    total = db.execute_sql(_NOTES_COUNT_SQL).fetchone()[0]
    return [Note(_dt(at), source, text, pain) for at, source, text, pain in rows], total
