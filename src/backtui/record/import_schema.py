"""The strict shape of an export file, field by field, for `backtui import`.

Each check takes a value and its place in the file, and returns the value to store or raises
ImportFailure naming that place: wrong types (true is not a number, 3.0 is not a whole number),
values out of range, labels backtui does not know, unknown or missing fields, control characters.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime

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
from backtui.plan.dose import MAX_HOLD_SECONDS, MAX_MINUTES, MAX_REPS, MAX_SETS
from backtui.text import without_controls

MAX_ID = 2**31 - 1
MAX_TEXT = 20_000
MAX_JSON_DEPTH = 6
SESSION_KINDS = ("planned", "minimum")
TRIGGERS = ("first_session", "manual", "body_signal", "session")
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
FLAG_ID = re.compile(r"[a-z0-9_]{1,64}")
WEEKDAYS = re.compile(r"([0-6](,[0-6]){0,6})?")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEARS = (1970, 2200)


class ImportFailure(Exception):
    """Why an import was refused; nothing was written."""


def fail(where: str, problem: str) -> ImportFailure:
    return ImportFailure(f"{where}: {problem}" if where else problem)


# --- Field checks: each returns the value to store or raises ImportFailure ------------------------


def _int(lo: int, hi: int, null: bool = False):
    def check(value, where):
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(where, f"must be a whole number from {lo} to {hi}")
        if not lo <= value <= hi:
            raise fail(where, f"{value} is outside {lo}-{hi}")
        return value

    return check


def _float(lo: float, hi: float):
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(where, f"must be a number from {lo} to {hi}")
        if not math.isfinite(value) or not lo <= value <= hi:
            raise fail(where, f"{value} is outside {lo}-{hi}")
        return float(value)

    return check


def _bool(null: bool = False):
    def check(value, where):
        if value is None and null:
            return None
        if not isinstance(value, bool):
            raise fail(where, "must be true or false")
        return value

    return check


def _safe_text(value: str, where: str) -> str:
    for char in value:
        if without_controls(char) != char:  # a control, a lone surrogate, or a bidi override
            control = unicodedata.category(char) in ("Cc", "Cs")
            kind = "control character" if control else "character that changes text direction"
            raise fail(where, f"contains a {kind} (U+{ord(char):04X})")
    return value


def _text(max_length: int = MAX_TEXT, null: bool = False, pattern: re.Pattern | None = None):
    def check(value, where):
        if value is None and null:
            return None
        if not isinstance(value, str):
            raise fail(where, "must be text")
        if len(value) > max_length:
            raise fail(where, f"is longer than {max_length:,} characters")
        if pattern is not None and not pattern.fullmatch(value):
            raise fail(where, f"{value[:40]!r} is not in the expected form")
        return _safe_text(value, where)

    return check


def _choice(options: tuple[str, ...]):
    def check(value, where):
        if value not in options or not isinstance(value, str):
            raise fail(where, f"{value!r} is not one of: {', '.join(options)}")
        return value

    return check


def _opt_choice(options: tuple[str, ...]):
    def check(value, where):
        return None if value is None else _choice(options)(value, where)

    return check


def _labels(options: tuple[str, ...]):
    def check(value, where):
        if not isinstance(value, list):
            raise fail(where, "must be a list")
        for index, item in enumerate(value):
            _choice(options)(item, f"{where}[{index}]")
        if len(set(value)) != len(value):
            raise fail(where, "lists a label twice")
        return value

    return check


def _texts(max_items: int = 50, max_length: int = 500, pattern: re.Pattern | None = None):
    def check(value, where):
        if not isinstance(value, list) or len(value) > max_items:
            raise fail(where, f"must be a list of at most {max_items} texts")
        return [_text(max_length, pattern=pattern)(v, f"{where}[{i}]") for i, v in enumerate(value)]

    return check


def _moment(kind: str, null: bool = False):
    pattern = DATETIME if kind == "datetime" else DATE
    parse = datetime.fromisoformat if kind == "datetime" else date.fromisoformat

    def check(value, where):
        if value is None and null:
            return None
        if not isinstance(value, str) or not pattern.fullmatch(value):
            form = "YYYY-MM-DDTHH:MM:SS" if kind == "datetime" else "YYYY-MM-DD"
            raise fail(
                where, f"must be a {kind.replace('datetime', 'date and time')} written {form}"
            )
        try:
            parsed = parse(value)
        except ValueError as error:
            raise fail(where, f"{value!r} is not a real {kind}") from error
        if not YEARS[0] <= parsed.year <= YEARS[1]:
            raise fail(where, f"the year {parsed.year} is outside {YEARS[0]}-{YEARS[1]}")
        return parsed

    return check


def json_value(value, where: str, depth: int = 0):
    if depth > MAX_JSON_DEPTH:
        raise fail(where, "is nested too deeply")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _int(-(2**53), 2**53)(value, where)
    if isinstance(value, float):
        return _float(-1e12, 1e12)(value, where)
    if isinstance(value, str):
        return _text(2000)(value, where)
    if isinstance(value, list):
        if len(value) > 100:
            raise fail(where, "has too many items")
        return [json_value(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dict):
        if len(value) > 100:
            raise fail(where, "has too many items")
        return {
            _text(100)(k, where): json_value(v, f"{where}.{k}", depth + 1) for k, v in value.items()
        }
    raise fail(where, "holds a value of an unknown type")


def _dose(value, where):
    """A stored dose ({"dose_type", "sets", "reps", ...}): a pending one can be applied to the
    plan, so it gets the same ceilings as a dose typed in the app."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise fail(where, "must be an object or null")
    unknown = sorted(set(value) - set(DOSE_FIELDS))
    if unknown:
        raise fail(where, f"unknown field {unknown[0]!r}")
    return {key: DOSE_FIELDS[key](item, f"{where}.{key}") for key, item in value.items()}


def _weekdays(value, where):
    value = _text(20, pattern=WEEKDAYS)(value, where)
    days = value.split(",") if value else []
    if len(set(days)) != len(days):
        raise fail(where, f"{value!r} lists a day twice")
    return value


def _psfs_items(value, where):
    if not isinstance(value, list) or not 1 <= len(value) <= 10:
        raise fail(where, "must be a list of 1 to 10 activities")
    return [
        check_row(item, {"activity": _text(200), "score": _int(0, 10)}, f"{where}[{i}]")
        for i, item in enumerate(value)
    ]


_ID = _int(1, MAX_ID)
_OPT_ID = _int(1, MAX_ID, null=True)
_RATING = _int(0, 10)
_OPT_RATING = _int(0, 10, null=True)
_DT = _moment("datetime")
_OPT_DT = _moment("datetime", null=True)
_NOTE = _text()
_SLUG = _text(80, pattern=SLUG)
_OPT_SLUG = _text(80, null=True, pattern=SLUG)
_OPT_SECONDS = _int(0, 86_400, null=True)
# Doses in the plan and the library: the ceilings the app itself keeps to (backtui.plan.dose).
_SETS = _int(1, MAX_SETS)
_REPS = _int(0, MAX_REPS, null=True)
_HOLD = _int(0, MAX_HOLD_SECONDS, null=True)
_MINUTES = _int(0, MAX_MINUTES, null=True)
DOSE_FIELDS = {
    "dose_type": _choice(DOSE_TYPES),
    "sets": _SETS,
    "reps": _REPS,
    "hold_seconds": _HOLD,
    "minutes": _MINUTES,
    "per_side": _bool(),
}

SCHEMAS: dict[str, dict] = {
    "exercises": {
        "slug": _SLUG,
        "name": _text(200),
        "kind": _choice(KINDS),
        "dose_type": _choice(DOSE_TYPES),
        "per_side": _bool(),
        "sets": _SETS,
        "reps": _REPS,
        "hold_seconds": _HOLD,
        "minutes": _MINUTES,
        "cues": _texts(),
        "mistakes": _texts(),
        "easier": _OPT_SLUG,
        "harder": _OPT_SLUG,
        "summary": _NOTE,
        "source": _NOTE,
        "builtin": _bool(),
    },
    "plan": {
        "id": _ID,
        "exercise": _SLUG,
        "weekdays": _weekdays,
        "position": _int(0, 100_000),
        "sets": _SETS,
        "reps": _REPS,
        "hold_seconds": _HOLD,
        "minutes": _MINUTES,
        "active": _bool(),
        "added_at": _DT,
    },
    "sessions": {
        "id": _ID,
        "started_at": _DT,
        "ended_at": _OPT_DT,
        "status": _choice(SESSION_STATUSES),
        "kind": _choice(SESSION_KINDS),
        "planned_sets": _int(0, 10_000),
        "plan_day": _int(0, 6, null=True),
        "effort": _OPT_RATING,
        "note": _NOTE,
    },
    "sets": {
        "exercise": _SLUG,
        "set_number": _int(1, 10_000),
        "reps": _int(0, 10_000, null=True),
        "hold_seconds": _OPT_SECONDS,
        "duration_seconds": _OPT_SECONDS,
        "completed_at": _DT,
    },
    "skips": {"exercise": _SLUG, "reason": _choice(SKIP_REASONS), "note": _NOTE, "at": _DT},
    "checkins": {
        "id": _ID,
        "at": _DT,
        "moment": _choice(MOMENTS),
        "session_id": _OPT_ID,
        "pain": _RATING,
        "locations": _labels(LOCATIONS),
        "qualities": _labels(QUALITIES),
        "spreading": _bool(null=True),
        "centralising": _bool(null=True),
        "stiffness": _OPT_RATING,
        "sleep": _OPT_RATING,
        "note": _NOTE,
    },
    "screenings": {
        "id": _ID,
        "at": _DT,
        "session_id": _OPT_ID,
        "answers": _texts(pattern=FLAG_ID),
        "outcome": _choice(TRIAGE_OUTCOMES),
        "trigger": _choice(TRIGGERS),
    },
    "holds": {
        "id": _ID,
        "started_at": _DT,
        "screening_id": _OPT_ID,
        "flags": _texts(pattern=FLAG_ID),
        "outcome": _choice(("emergency", "urgent")),
        "ended_at": _OPT_DT,
        "ending": _opt_choice(HOLD_ENDINGS),
        "cleared_by": _opt_choice(CLINICIANS),
        "note": _NOTE,
    },
    "flare_ups": {
        "id": _ID,
        "started_at": _DT,
        "pain": _RATING,
        "usual": lambda value, where: None if value is None else _float(0, 10)(value, where),
        "reasons": _texts(max_items=10),
    },
    "peg": {
        "id": _ID,
        "at": _DT,
        "pain": _RATING,
        "enjoyment": _RATING,
        "activity": _RATING,
        "score": _float(0, 10),
    },
    "psfs": {"id": _ID, "at": _DT, "items": _psfs_items, "score": _float(0, 10)},
    "therapies": {"id": _ID, "day": _moment("date"), "kind": _choice(THERAPY_KINDS), "note": _NOTE},
    "decisions": {
        "id": _ID,
        "at": _DT,
        "session_id": _OPT_ID,
        "plan_item_id": _OPT_ID,
        "exercise": _OPT_SLUG,
        "action": _choice(DECISION_ACTIONS),
        "from_dose": _dose,
        "to_dose": _dose,
        "to_exercise": _OPT_SLUG,
        "reason": _NOTE,
        "status": _choice(DECISION_STATUSES),
        "decided_at": _OPT_DT,
    },
}


def _datetime_text(value, where):
    """A date and time kept as text (settings store them so)."""
    if value is not None:
        _DT(value, where)
    return value


def _week_start(value, where):
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if isinstance(value, str) and value.lower() in days:
        return value
    return _int(0, 6)(value, where)


def _object(value, where):
    if not isinstance(value, dict):
        raise fail(where, "must be an object")
    return value


# Settings backtui reads, with the shape it reads them in: a wrong one would stop the app later.
SETTINGS = {
    "weekly_target": _int(1, 7),
    "week_start": _week_start,
    "bell": _bool(),
    "programme": _text(80, pattern=SLUG),
    "programme_started_at": _datetime_text,
    "progression_paused_until_clear": _datetime_text,
    "progression_state": _object,
    "config_applied": _object,
    "welcome_done": _bool(null=True),
    "welcome_steps": _texts(max_items=20, max_length=40),
    "peg_dismissed_week": _text(20, null=True),
    "library_hash": _text(200, null=True),
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


def check_row(value, schema: dict, where: str) -> dict:
    if not isinstance(value, dict):
        raise fail(where, "must be an object")
    unknown = sorted(set(value) - set(schema))
    if unknown:
        raise fail(where, f"unknown field {unknown[0]!r}")
    missing = [name for name in schema if name not in value]
    if missing:
        raise fail(where, f"missing field {missing[0]!r}")
    return {name: check(value[name], f"{where}.{name}") for name, check in schema.items()}


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
