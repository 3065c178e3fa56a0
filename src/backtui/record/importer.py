"""`backtui import FILE`: restore a JSON export into a new, empty database.

The whole file is checked before anything is written (import_schema checks each field with the
checks in import_fields; this module checks the file itself and the links between rows). Any
problem stops the import with a message naming the place in the file. The writes then happen in
one transaction, so a failure part-way leaves the database exactly as it was.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from backtui.checkin.triage import RED_FLAGS_BY_ID
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
    db,
)
from backtui.record import collect
from backtui.record.collect import LOCAL_TIME_VERSIONS
from backtui.record.import_fields import ImportFailure, fail
from backtui.record.import_schema import check_section, check_settings

__all__ = ["ImportFailure", "import_file", "import_record", "load_file"]

MAX_FILE_BYTES = 256 * 1024 * 1024
BATCH = 500
# Version 1 files kept a warning sign's pause in this setting; it becomes an open hold.
OLD_PAUSE_SETTING = "progression_paused_until_clear"
DIARY_TABLES = {
    "sessions": Session,
    "check-ins": CheckIn,
    "red-flag screenings": RedFlagScreening,
    "red-flag holds": RedFlagHold,
    "flare-ups": FlareUp,
    "PEG entries": PegEntry,
    "PSFS entries": PsfsEntry,
    "therapies": TherapyEntry,
    "progression decisions": ProgressionDecision,
}


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        duplicate = next(key for key in keys if keys.count(key) > 1)
        raise ImportFailure(f"the file names the field {duplicate!r} twice in one object")
    return dict(pairs)


def _refuse_constant(name: str):
    raise ImportFailure(f"the file holds {name}, which is not a number backtui stores")


def load_file(path: Path) -> dict:
    """Read and parse the file, refusing what is not a backtui export."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ImportFailure("the file does not exist, or is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFailure(
            f"the file is larger than any backtui export ({MAX_FILE_BYTES:,} bytes)"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ImportFailure(f"the file is not UTF-8 text (byte {error.start})") from error
    try:
        data = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as error:
        raise ImportFailure(
            f"the file is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from error
    except (ValueError, RecursionError) as error:  # e.g. a 5,000-digit number, deep nesting
        raise ImportFailure(f"the file holds a value backtui cannot read ({error})") from error
    return data


def validate(data: object) -> dict:
    """The checked record, with dates parsed, or ImportFailure naming the first problem."""
    if not isinstance(data, dict):
        raise fail("", "the file must hold one JSON object, as `backtui export` writes")
    if data.get("format") != collect.EXPORT_FORMAT:
        raise fail("format", f"this is not a backtui export (expected {collect.EXPORT_FORMAT!r})")
    version = data.get("version")
    if type(version) is not int or version not in collect.READABLE_VERSIONS:  # not 1.0, true
        readable = ", ".join(map(str, collect.READABLE_VERSIONS))
        raise fail(
            "version", f"{version!r} is not an export version this backtui reads ({readable})"
        )
    if version == 1:
        data = _from_version_1(data)
    if version in (1, 2):
        data = _from_version_2(data)
    unknown = sorted(set(data) - set(collect.TOP_FIELDS))
    if unknown:
        raise fail("", f"unknown field {unknown[0]!r}")
    missing = [name for name in collect.TOP_FIELDS if name not in data]
    if missing:
        raise fail("", f"missing field {missing[0]!r}")
    if not isinstance(data["app_version"], str) or len(data["app_version"]) > 40:
        raise fail("app_version", "must be a short text")
    checked = {name: check_section(data, name) for name in collect.SECTIONS if name != "settings"}
    checked["settings"] = check_settings(data["settings"])
    _check_links(checked)
    _check_meaning(checked)
    _check_holds(checked)
    if version == 1:
        _open_old_pause(checked)
    return checked


def _with_new_checkin_field(data: dict, field: str) -> dict:
    """The file's check-ins with ``field`` added as None; refused if an older file has it."""
    checkins = data.get("checkins")
    if not isinstance(checkins, list):
        return data  # the section check names what is wrong
    upgraded = []
    for i, row in enumerate(checkins):
        if isinstance(row, dict):
            if field in row:
                raise fail(f"checkins[{i}]", f"unknown field {field!r}")
            row = {**row, field: None}
        upgraded.append(row)
    return {**data, "checkins": upgraded}


def _from_version_1(data: dict) -> dict:
    """A version 1 file as version 2: no holds or flare-ups, no "centralising" answers."""
    for name in ("holds", "flare_ups"):
        if name in data:
            raise fail("", f"unknown field {name!r} (version 1 files have none)")
    return {**_with_new_checkin_field(data, "centralising"), "holds": [], "flare_ups": []}


def _from_version_2(data: dict) -> dict:
    """A version 2 file as version 3: its check-ins name no exercise."""
    return _with_new_checkin_field(data, "exercise")


def _open_old_pause(data: dict) -> None:
    """A pause kept in the old setting becomes an open hold for the newest warning sign, as the
    schema v4 migration does for a database."""
    if data["settings"].pop(OLD_PAUSE_SETTING, None) is None or data["holds"]:
        return
    flagged = [row for row in data["screenings"] if row["outcome"] != "none"]
    if not flagged:
        return
    newest = max(flagged, key=lambda row: (row["at"], row["id"]))
    data["holds"].append(
        {
            "id": 1,
            "started_at": newest["at"],
            "screening_id": newest["id"],
            "flags": newest["answers"],
            "outcome": newest["outcome"],
            "ended_at": None,
            "ending": None,
            "cleared_by": None,
            "note": "",
        }
    )


def _check_holds(data: dict) -> None:
    screenings = {row["id"] for row in data["screenings"]}
    for i, row in enumerate(data["holds"]):
        where = f"holds[{i}]"
        if row["screening_id"] is not None and row["screening_id"] not in screenings:
            raise fail(f"{where}.screening_id", f"no screening has the id {row['screening_id']}")
        if (row["ended_at"] is None) != (row["ending"] is None):
            raise fail(where, "an ended hold needs both ended_at and ending, an open one neither")
        if row["cleared_by"] is not None and row["ending"] != "cleared":
            raise fail(f"{where}.cleared_by", "only a hold cleared by a clinician names one")
        if row["ended_at"] is not None and row["ended_at"] < row["started_at"]:
            raise fail(f"{where}.ended_at", "is before the hold began")


# A score stored beside its answers must be what the answers give; a small tolerance for rounding.
SCORE_TOLERANCE = 0.01


def _check_meaning(data: dict) -> None:
    """Rows whose fields are each valid but that contradict themselves."""
    for i, row in enumerate(data["sessions"]):
        if row["ended_at"] is not None and row["ended_at"] < row["started_at"]:
            raise fail(
                f"sessions[{i}]",
                f"session {row['id']} ends ({row['ended_at']:%Y-%m-%d %H:%M}) before it starts "
                f"({row['started_at']:%Y-%m-%d %H:%M})",
            )
    for i, row in enumerate(data["screenings"]):
        for j, answer in enumerate(row["answers"]):
            if answer not in RED_FLAGS_BY_ID:
                raise fail(
                    f"screenings[{i}].answers[{j}]",
                    f"{answer!r} is not a warning sign backtui asks about",
                )
    for i, row in enumerate(data["peg"]):
        # The PEG score is the mean of its three items (Krebs 2009).
        _check_score(
            f"peg[{i}].score", row["score"], [row["pain"], row["enjoyment"], row["activity"]]
        )
    for i, row in enumerate(data["psfs"]):
        # The PSFS score is the mean of its activities' scores (Stratford 1995).
        _check_score(f"psfs[{i}].score", row["score"], [item["score"] for item in row["items"]])


def _check_score(where: str, score: float, answers: list[int]) -> None:
    expected = sum(answers) / len(answers)
    if abs(score - expected) > SCORE_TOLERANCE:
        raise fail(where, f"{score:g} does not match its answers, which give {expected:.2f}")


def _check_links(data: dict) -> None:
    defined = {row["slug"] for row in data["exercises"]}
    if len(defined) != len(data["exercises"]):
        raise fail("exercises", "an exercise slug is listed twice")
    known = defined | {slug for (slug,) in Exercise.select(Exercise.slug).tuples()}

    def need(slug: str | None, where: str) -> None:
        if slug is not None and slug not in known:
            raise fail(where, f"refers to the exercise {slug!r}, which the file does not define")

    for i, item in enumerate(data["plan"]):
        need(item["exercise"], f"plan[{i}].exercise")
    sessions = {row["id"] for row in data["sessions"]}
    plan_ids = {row["id"] for row in data["plan"]}
    for i, session in enumerate(data["sessions"]):
        for kind in ("sets", "skips"):
            for j, row in enumerate(session[kind]):
                need(row["exercise"], f"sessions[{i}].{kind}[{j}].exercise")
    for name in ("checkins", "screenings", "decisions"):
        for i, row in enumerate(data[name]):
            if row["session_id"] is not None and row["session_id"] not in sessions:
                raise fail(f"{name}[{i}].session_id", f"no session has the id {row['session_id']}")
    for i, row in enumerate(data["checkins"]):
        need(row["exercise"], f"checkins[{i}].exercise")
    for i, row in enumerate(data["decisions"]):
        need(row["exercise"], f"decisions[{i}].exercise")
        if row["plan_item_id"] is not None and row["plan_item_id"] not in plan_ids:
            raise fail(
                f"decisions[{i}].plan_item_id", f"no plan item has the id {row['plan_item_id']}"
            )


def _refuse_non_empty() -> None:
    held = [
        f"{count} {name}"
        for name, model in DIARY_TABLES.items()
        if (count := model.select().count())
    ]
    if held:
        raise ImportFailure(
            f"this database already holds a record ({', '.join(held)}); import only restores into "
            "a new, empty database. Choose a new file with --db."
        )


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start : start + BATCH]).execute()


def _write(data: dict) -> dict[str, int]:
    existing = dict(Exercise.select(Exercise.slug, Exercise.id).tuples())
    new = [row for row in data["exercises"] if row["slug"] not in existing]
    _insert(Exercise, new)
    ids = dict(Exercise.select(Exercise.slug, Exercise.id).tuples())
    # The plan in the file replaces any starting plan made when the database was created.
    PlanItem.delete().execute()
    _insert(PlanItem, [{**row, "exercise": ids[row["exercise"]]} for row in data["plan"]])
    sessions = [
        {k: v for k, v in row.items() if k not in ("sets", "skips")} for row in data["sessions"]
    ]
    _insert(Session, sessions)
    for kind, model in (("sets", SetLog), ("skips", SkipLog)):
        _insert(
            model,
            [
                {**row, "session": session["id"], "exercise": ids[row["exercise"]]}
                for session in data["sessions"]
                for row in session[kind]
            ],
        )
    _write_checkins(data, ids)
    _insert(
        RedFlagHold,
        [
            {**_without(row, "screening_id"), "screening": row["screening_id"]}
            for row in data["holds"]
        ],
    )
    _insert(FlareUp, data["flare_ups"])
    _insert(PegEntry, data["peg"])
    _insert(PsfsEntry, data["psfs"])
    _insert(TherapyEntry, data["therapies"])
    _insert(
        ProgressionDecision,
        [
            {
                **_without(row, "session_id", "plan_item_id"),
                "session": row["session_id"],
                "plan_item": row["plan_item_id"],
                "exercise": ids[row["exercise"]] if row["exercise"] else None,
            }
            for row in data["decisions"]
        ],
    )
    for key, value in data["settings"].items():
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], preserve=[Setting.value]
        ).execute()
    return {
        "exercises added": len(new),
        "sessions": len(sessions),
        "check-ins": len(data["checkins"]),
        "therapies": len(data["therapies"]),
    }


def _write_checkins(data: dict, ids: dict[str, int]) -> None:
    """Check-ins (with the exercise each is about) and warning-sign screenings."""
    _insert(
        CheckIn,
        [
            {
                **_without(row, "session_id"),
                "session": row["session_id"],
                "exercise": ids[row["exercise"]] if row["exercise"] else None,
            }
            for row in data["checkins"]
        ],
    )
    _insert(
        RedFlagScreening,
        [
            {**_without(row, "session_id"), "session": row["session_id"]}
            for row in data["screenings"]
        ],
    )


def _without(row: dict, *names: str) -> dict:
    return {k: v for k, v in row.items() if k not in names}


def import_record(data: object) -> dict[str, int]:
    """Check ``data`` fully, then write it in one transaction. Returns counts of what was added."""
    _refuse_non_empty()
    checked = validate(data)
    with db.atomic():
        _refuse_non_empty()
        return _write(checked)


def local_time_note(data: object) -> str | None:
    """What to tell the person when the file's times carry no UTC offset (exports before version
    4): they were read as local times in this machine's zone."""
    version = data.get("version") if isinstance(data, dict) else None
    if version not in LOCAL_TIME_VERSIONS:
        return None
    zone = datetime.now().astimezone().strftime("%Z, UTC%z")
    return (
        "The times in this file carry no time zone (it was exported by an older backtui), "
        f"so they were read as local times in this computer's zone ({zone})."
    )


def import_file(path: Path) -> dict[str, int]:
    return import_record(load_file(path))
