"""The whole record as plain, JSON-ready data: what `backtui export` writes and `import` reads.

Rows keep their ids so links between them (a check-in's session, a decision's plan item) survive
a round trip. Exercises are named by slug; the record carries the definition of every exercise it
refers to, and of every exercise the person made, so it can be restored into a new database.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from backtui import __version__
from backtui.db.models import (
    CheckIn,
    Exercise,
    FlareUp,
    PegEntry,
    PlanItem,
    ProgressionDecision,
    PsfsEntry,
    RedFlagHold,
    RedFlagScreening,
    Session,
    SetLog,
    Setting,
    SkipLog,
    TherapyEntry,
)

EXPORT_FORMAT = "backtui-export"
# Version 2 added red-flag holds, flare-ups and a check-in's "centralising" answer; version 3 the
# exercise a check-in is about. Older files (without them) still import. A new version, not just a
# new field, so an older backtui names the file as too new instead of an unknown field. Version 4
# writes every time as ISO 8601 with its UTC offset; older files' times have none, and are read in
# the importing machine's zone (LOCAL_TIME_VERSIONS).
EXPORT_VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)
LOCAL_TIME_VERSIONS = (1, 2, 3)

# Field names of every row kind, in export order. The importer accepts exactly these.
SESSION_FIELDS = (
    "id",
    "started_at",
    "ended_at",
    "status",
    "kind",
    "planned_sets",
    "plan_day",
    "effort",
    "note",
)
SET_FIELDS = (
    "exercise",
    "set_number",
    "reps",
    "hold_seconds",
    "duration_seconds",
    "completed_at",
)
SKIP_FIELDS = ("exercise", "reason", "note", "at")
CHECKIN_FIELDS = (
    "id",
    "at",
    "moment",
    "session_id",
    "pain",
    "locations",
    "qualities",
    "spreading",
    "centralising",
    "exercise",
    "stiffness",
    "sleep",
    "note",
)
SCREENING_FIELDS = ("id", "at", "session_id", "answers", "outcome", "trigger")
HOLD_FIELDS = (
    "id",
    "started_at",
    "screening_id",
    "flags",
    "outcome",
    "ended_at",
    "ending",
    "cleared_by",
    "note",
)
FLARE_UP_FIELDS = ("id", "started_at", "pain", "usual", "reasons")
PEG_FIELDS = ("id", "at", "pain", "enjoyment", "activity", "score")
PSFS_FIELDS = ("id", "at", "items", "score")
THERAPY_FIELDS = ("id", "day", "kind", "note")
EXERCISE_FIELDS = (
    "slug",
    "name",
    "kind",
    "dose_type",
    "per_side",
    "sets",
    "reps",
    "hold_seconds",
    "minutes",
    "cues",
    "mistakes",
    "easier",
    "harder",
    "summary",
    "source",
    "builtin",
)
PLAN_FIELDS = (
    "id",
    "exercise",
    "weekdays",
    "position",
    "sets",
    "reps",
    "hold_seconds",
    "minutes",
    "active",
    "added_at",
)
DECISION_FIELDS = (
    "id",
    "at",
    "session_id",
    "plan_item_id",
    "exercise",
    "action",
    "from_dose",
    "to_dose",
    "to_exercise",
    "reason",
    "status",
    "decided_at",
)
SECTIONS = (
    "exercises",
    "plan",
    "sessions",
    "checkins",
    "screenings",
    "holds",
    "flare_ups",
    "peg",
    "psfs",
    "therapies",
    "decisions",
    "settings",
)
TOP_FIELDS = ("format", "version", "app_version", *SECTIONS)


def iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _plain(row: dict, fields: tuple[str, ...], renames: dict[str, str] | None = None) -> dict:
    renames = renames or {}
    out = {}
    for name in fields:
        value = row[renames.get(name, name)]
        out[name] = iso(value) if isinstance(value, date | datetime) else value
    return out


def _slugs() -> dict[int, str]:
    return dict(Exercise.select(Exercise.id, Exercise.slug).tuples())


def _sessions(slugs: dict[int, str]) -> list[dict]:
    sets: dict[int, list[dict]] = defaultdict(list)
    for row in SetLog.select().order_by(SetLog.session, SetLog.id).dicts():
        row["exercise"] = slugs[row["exercise"]]
        sets[row["session"]].append(_plain(row, SET_FIELDS))
    skips: dict[int, list[dict]] = defaultdict(list)
    for row in SkipLog.select().order_by(SkipLog.session, SkipLog.id).dicts():
        row["exercise"] = slugs[row["exercise"]]
        skips[row["session"]].append(_plain(row, SKIP_FIELDS))
    return [
        {
            **_plain(row, SESSION_FIELDS),
            "sets": sets.get(row["id"], []),
            "skips": skips.get(row["id"], []),
        }
        for row in Session.select().order_by(Session.started_at, Session.id).dicts()
    ]


def _rows(model, fields: tuple[str, ...], order, renames: dict[str, str] | None = None) -> list:
    return [
        _plain(row, fields, renames) for row in model.select().order_by(order, model.id).dicts()
    ]


def _decisions(slugs: dict[int, str]) -> list[dict]:
    rows = []
    for row in (
        ProgressionDecision.select()
        .order_by(ProgressionDecision.at, ProgressionDecision.id)
        .dicts()
    ):
        row["exercise"] = slugs.get(row["exercise"]) if row["exercise"] is not None else None
        rows.append(
            _plain(row, DECISION_FIELDS, {"session_id": "session", "plan_item_id": "plan_item"})
        )
    return rows


def _checkins(slugs: dict[int, str]) -> list[dict]:
    rows = []
    for row in CheckIn.select().order_by(CheckIn.at, CheckIn.id).dicts():
        row["exercise"] = slugs.get(row["exercise"]) if row["exercise"] is not None else None
        rows.append(_plain(row, CHECKIN_FIELDS, {"session_id": "session"}))
    return rows


def _exercises(used: set[str]) -> list[dict]:
    """Definitions of the exercises the record refers to and of every one the person made."""
    query = Exercise.select().where(Exercise.slug.in_(sorted(used)) | ~Exercise.builtin)
    return [_plain(row, EXERCISE_FIELDS) for row in query.order_by(Exercise.slug).dicts()]


def collect_record() -> dict:
    """The whole record as plain JSON-ready data."""
    slugs = _slugs()
    sessions = _sessions(slugs)
    plan = []
    for row in PlanItem.select().order_by(PlanItem.position, PlanItem.id).dicts():
        row["exercise"] = slugs[row["exercise"]]
        plan.append(_plain(row, PLAN_FIELDS))
    decisions = _decisions(slugs)
    checkins = _checkins(slugs)
    used = {item["exercise"] for item in plan}
    used |= {one["exercise"] for s in sessions for one in s["sets"] + s["skips"]}
    used |= {d["exercise"] for d in decisions if d["exercise"]}
    used |= {d["to_exercise"] for d in decisions if d["to_exercise"]}
    used |= {c["exercise"] for c in checkins if c["exercise"]}
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "app_version": __version__,
        "exercises": _exercises(used),
        "plan": plan,
        "sessions": sessions,
        "checkins": checkins,
        "screenings": _rows(
            RedFlagScreening, SCREENING_FIELDS, RedFlagScreening.at, {"session_id": "session"}
        ),
        "holds": _rows(
            RedFlagHold, HOLD_FIELDS, RedFlagHold.started_at, {"screening_id": "screening"}
        ),
        "flare_ups": _rows(FlareUp, FLARE_UP_FIELDS, FlareUp.started_at),
        "peg": _rows(PegEntry, PEG_FIELDS, PegEntry.at),
        "psfs": _rows(PsfsEntry, PSFS_FIELDS, PsfsEntry.at),
        "therapies": _rows(TherapyEntry, THERAPY_FIELDS, TherapyEntry.day),
        "decisions": decisions,
        "settings": {
            key: value
            for key, value in Setting.select(Setting.key, Setting.value)
            .order_by(Setting.key)
            .tuples()
        },
    }
