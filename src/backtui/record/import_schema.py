"""The strict shape of an export file, table by table, for `backtui import`: which fields each row
has and how each is checked (the checks themselves are in import_fields), the settings backtui
reads, and whole sections with their unique ids.
"""

from __future__ import annotations

from backtui.db.models import (
    CLINICIANS,
    DECISION_ACTIONS,
    DECISION_STATUSES,
    DOSE_TYPES,
    HOLD_ENDINGS,
    KINDS,
    LOCATIONS,
    MOMENTS,
    QUALITIES,
    SESSION_STATUSES,
    SKIP_REASONS,
    THERAPY_KINDS,
    TRIAGE_OUTCOMES,
)
from backtui.record.import_fields import (
    DT,
    FLAG_ID,
    HOLD,
    ID,
    MINUTES,
    NOTE,
    OPT_DT,
    OPT_ID,
    OPT_RATING,
    OPT_SECONDS,
    OPT_SLUG,
    RATING,
    REPS,
    SESSION_KINDS,
    SETS,
    SLUG,
    SLUG_TEXT,
    TRIGGERS,
    check_row,
    dose,
    fail,
    json_value,
    labels_of,
    moment,
    one_of,
    psfs_items,
    real_number,
    text,
    texts,
    true_false,
    weekdays,
    whole_number,
)

SCHEMAS: dict[str, dict] = {
    "exercises": {
        "slug": SLUG_TEXT,
        "name": text(200),
        "kind": one_of(KINDS),
        "dose_type": one_of(DOSE_TYPES),
        "per_side": true_false(),
        "sets": SETS,
        "reps": REPS,
        "hold_seconds": HOLD,
        "minutes": MINUTES,
        "cues": texts(),
        "mistakes": texts(),
        "easier": OPT_SLUG,
        "harder": OPT_SLUG,
        "summary": NOTE,
        "source": NOTE,
        "builtin": true_false(),
    },
    "plan": {
        "id": ID,
        "exercise": SLUG_TEXT,
        "weekdays": weekdays,
        "position": whole_number(0, 100_000),
        "sets": SETS,
        "reps": REPS,
        "hold_seconds": HOLD,
        "minutes": MINUTES,
        "active": true_false(),
        "added_at": DT,
    },
    "sessions": {
        "id": ID,
        "started_at": DT,
        "ended_at": OPT_DT,
        "status": one_of(SESSION_STATUSES),
        "kind": one_of(SESSION_KINDS),
        "planned_sets": whole_number(0, 10_000),
        "plan_day": whole_number(0, 6, null=True),
        "effort": OPT_RATING,
        "note": NOTE,
    },
    "sets": {
        "exercise": SLUG_TEXT,
        "set_number": whole_number(1, 10_000),
        "reps": whole_number(0, 10_000, null=True),
        "hold_seconds": OPT_SECONDS,
        "duration_seconds": OPT_SECONDS,
        "completed_at": DT,
    },
    "skips": {"exercise": SLUG_TEXT, "reason": one_of(SKIP_REASONS), "note": NOTE, "at": DT},
    "checkins": {
        "id": ID,
        "at": DT,
        "moment": one_of(MOMENTS),
        "session_id": OPT_ID,
        "pain": RATING,
        "locations": labels_of(LOCATIONS),
        "qualities": labels_of(QUALITIES),
        "spreading": true_false(null=True),
        "centralising": true_false(null=True),
        "exercise": OPT_SLUG,
        "stiffness": OPT_RATING,
        "sleep": OPT_RATING,
        "note": NOTE,
    },
    "screenings": {
        "id": ID,
        "at": DT,
        "session_id": OPT_ID,
        "answers": texts(pattern=FLAG_ID),
        "outcome": one_of(TRIAGE_OUTCOMES),
        "trigger": one_of(TRIGGERS),
    },
    "holds": {
        "id": ID,
        "started_at": DT,
        "screening_id": OPT_ID,
        "flags": texts(pattern=FLAG_ID),
        "outcome": one_of(("emergency", "urgent")),
        "ended_at": OPT_DT,
        "ending": one_of(HOLD_ENDINGS, null=True),
        "cleared_by": one_of(CLINICIANS, null=True),
        "note": NOTE,
    },
    "flare_ups": {
        "id": ID,
        "started_at": DT,
        "pain": RATING,
        "usual": lambda value, where: None if value is None else real_number(0, 10)(value, where),
        "reasons": texts(max_items=10),
    },
    "peg": {
        "id": ID,
        "at": DT,
        "pain": RATING,
        "enjoyment": RATING,
        "activity": RATING,
        "score": real_number(0, 10),
    },
    "psfs": {"id": ID, "at": DT, "items": psfs_items, "score": real_number(0, 10)},
    "therapies": {"id": ID, "day": moment("date"), "kind": one_of(THERAPY_KINDS), "note": NOTE},
    "decisions": {
        "id": ID,
        "at": DT,
        "session_id": OPT_ID,
        "plan_item_id": OPT_ID,
        "exercise": OPT_SLUG,
        "action": one_of(DECISION_ACTIONS),
        "from_dose": dose,
        "to_dose": dose,
        "to_exercise": OPT_SLUG,
        "reason": NOTE,
        "status": one_of(DECISION_STATUSES),
        "decided_at": OPT_DT,
    },
}


def _datetime_text(value, where):
    """A date and time kept as text (settings store them so)."""
    if value is not None:
        DT(value, where)
    return value


def _week_start(value, where):
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if isinstance(value, str) and value.lower() in days:
        return value
    return whole_number(0, 6)(value, where)


def _object(value, where):
    if not isinstance(value, dict):
        raise fail(where, "must be an object")
    return value


# Settings backtui reads, with the shape it reads them in: a wrong one would stop the app later.
SETTINGS = {
    "weekly_target": whole_number(1, 7),
    "week_start": _week_start,
    "bell": true_false(),
    "programme": text(80, pattern=SLUG),
    "programme_started_at": _datetime_text,
    "progression_paused_until_clear": _datetime_text,
    "progression_state": _object,
    "config_applied": _object,
    "welcome_done": true_false(null=True),
    "welcome_steps": texts(max_items=20, max_length=40),
    "peg_dismissed_week": text(20, null=True),
    "library_hash": text(200, null=True),
}


def check_settings(value) -> dict:
    """Any key may be stored (JSON within limits); the ones backtui reads must have their shape."""
    if not isinstance(value, dict):
        raise fail("settings", "must be an object")
    checked = json_value(value, "settings")
    for key, check in SETTINGS.items():
        if key in checked:
            checked[key] = check(checked[key], f"settings.{key}")
    return checked


def _nested(schema: dict):
    def check(value, where):
        if not isinstance(value, list):
            raise fail(where, "must be a list")
        return [check_row(row, schema, f"{where}[{i}]") for i, row in enumerate(value)]

    return check


def check_section(data: dict, name: str) -> list[dict]:
    """Check one list of rows (a session's sets and skips with it); ids must be unique."""
    rows = data[name]
    if not isinstance(rows, list):
        raise fail(name, "must be a list")
    schema = SCHEMAS[name]
    if name == "sessions":
        schema = {**schema, "sets": _nested(SCHEMAS["sets"]), "skips": _nested(SCHEMAS["skips"])}
    checked = [check_row(row, schema, f"{name}[{i}]") for i, row in enumerate(rows)]
    if "id" in schema:
        seen: set[int] = set()
        for i, row in enumerate(checked):
            if row["id"] in seen:
                raise fail(f"{name}[{i}].id", f"{row['id']} is used twice")
            seen.add(row["id"])
    return checked
