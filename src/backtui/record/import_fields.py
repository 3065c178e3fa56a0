"""The field checks `backtui import` builds the export file's shape from (import_schema).

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
    DOSE_TYPES,
)
from backtui.instants import fixed
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
# An offset ("+01:00", "Z") fixes the instant; without one a time is local time here.
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?(Z|[+-]\d{2}:\d{2})?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEARS = (1970, 2200)


class ImportFailure(Exception):
    """Why an import was refused; nothing was written."""


def fail(where: str, problem: str) -> ImportFailure:
    return ImportFailure(f"{where}: {problem}" if where else problem)


# Each check returns the value to store or raises ImportFailure.


def whole_number(lo: int, hi: int, null: bool = False):
    def check(value, where):
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(where, f"must be a whole number from {lo} to {hi}")
        if not lo <= value <= hi:
            raise fail(where, f"{value} is outside {lo}-{hi}")
        return value

    return check


def real_number(lo: float, hi: float):
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(where, f"must be a number from {lo} to {hi}")
        if not math.isfinite(value) or not lo <= value <= hi:
            raise fail(where, f"{value} is outside {lo}-{hi}")
        return float(value)

    return check


def true_false(null: bool = False):
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


def text(max_length: int = MAX_TEXT, null: bool = False, pattern: re.Pattern | None = None):
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


def one_of(options: tuple[str, ...], null: bool = False):
    def check(value, where):
        if value is None and null:
            return None
        if value not in options or not isinstance(value, str):
            raise fail(where, f"{value!r} is not one of: {', '.join(options)}")
        return value

    return check


def labels_of(options: tuple[str, ...]):
    def check(value, where):
        if not isinstance(value, list):
            raise fail(where, "must be a list")
        for index, item in enumerate(value):
            one_of(options)(item, f"{where}[{index}]")
        if len(set(value)) != len(value):
            raise fail(where, "lists a label twice")
        return value

    return check


def texts(max_items: int = 50, max_length: int = 500, pattern: re.Pattern | None = None):
    def check(value, where):
        if not isinstance(value, list) or len(value) > max_items:
            raise fail(where, f"must be a list of at most {max_items} texts")
        return [text(max_length, pattern=pattern)(v, f"{where}[{i}]") for i, v in enumerate(value)]

    return check


def _instant(text: str) -> datetime:
    return fixed(datetime.fromisoformat(text.replace("Z", "+00:00")))


def moment(kind: str, null: bool = False):
    pattern = DATETIME if kind == "datetime" else DATE
    parse = _instant if kind == "datetime" else date.fromisoformat

    def check(value, where):
        if value is None and null:
            return None
        if not isinstance(value, str) or not pattern.fullmatch(value):
            form = "YYYY-MM-DDTHH:MM:SS+HH:MM" if kind == "datetime" else "YYYY-MM-DD"
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
        return whole_number(-(2**53), 2**53)(value, where)
    if isinstance(value, float):
        return real_number(-1e12, 1e12)(value, where)
    if isinstance(value, str):
        return text(2000)(value, where)
    if isinstance(value, list):
        if len(value) > 100:
            raise fail(where, "has too many items")
        return [json_value(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dict):
        if len(value) > 100:
            raise fail(where, "has too many items")
        return {
            text(100)(k, where): json_value(v, f"{where}.{k}", depth + 1) for k, v in value.items()
        }
    raise fail(where, "holds a value of an unknown type")


def dose(value, where):
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


def weekdays(value, where):
    value = text(20, pattern=WEEKDAYS)(value, where)
    days = value.split(",") if value else []
    if len(set(days)) != len(days):
        raise fail(where, f"{value!r} lists a day twice")
    return value


def psfs_items(value, where):
    if not isinstance(value, list) or not 1 <= len(value) <= 10:
        raise fail(where, "must be a list of 1 to 10 activities")
    return [
        check_row(item, {"activity": text(200), "score": whole_number(0, 10)}, f"{where}[{i}]")
        for i, item in enumerate(value)
    ]


ID = whole_number(1, MAX_ID)
OPT_ID = whole_number(1, MAX_ID, null=True)
RATING = whole_number(0, 10)
OPT_RATING = whole_number(0, 10, null=True)
DT = moment("datetime")
OPT_DT = moment("datetime", null=True)
NOTE = text()
SLUG_TEXT = text(80, pattern=SLUG)
OPT_SLUG = text(80, null=True, pattern=SLUG)
OPT_SECONDS = whole_number(0, 86_400, null=True)
# Doses in the plan and the library: the ceilings the app itself keeps to (backtui.plan.dose).
SETS = whole_number(1, MAX_SETS)
REPS = whole_number(0, MAX_REPS, null=True)
HOLD = whole_number(0, MAX_HOLD_SECONDS, null=True)
MINUTES = whole_number(0, MAX_MINUTES, null=True)
DOSE_FIELDS = {
    "dose_type": one_of(DOSE_TYPES),
    "sets": SETS,
    "reps": REPS,
    "hold_seconds": HOLD,
    "minutes": MINUTES,
    "per_side": true_false(),
}


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
