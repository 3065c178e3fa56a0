"""`backtui import`: lossless round trips with export; hostile files refused, nothing written."""

from __future__ import annotations

import copy
import json
import re
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fixed_time import at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtui.checkin import holds
from backtui.cli import main
from backtui.db.models import (
    CLINICIANS,
    DECISION_ACTIONS,
    DECISION_STATUSES,
    KINDS,
    LOCATIONS,
    MOMENTS,
    QUALITIES,
    SESSION_STATUSES,
    SKIP_REASONS,
    THERAPY_KINDS,
    TRIAGE_OUTCOMES,
    CheckIn,
    Session,
    SetLog,
)
from backtui.db.storage import close_database, open_database
from backtui.record import importer
from backtui.record.collect import collect_record

NOW = at(2026, 11, 25, 9, 0)


def _base() -> dict:
    """A small, valid export."""
    return {
        "format": "backtui-export",
        "version": 4,
        "app_version": "0.1.0",
        "exercises": [
            {
                "slug": "glute_bridge",
                "name": "Glute bridge",
                "kind": "core",
                "dose_type": "reps",
                "per_side": False,
                "sets": 2,
                "reps": 8,
                "hold_seconds": None,
                "minutes": None,
                "cues": ["Tilt the pelvis first"],
                "mistakes": [],
                "easier": None,
                "harder": None,
                "summary": "",
                "source": "",
                "builtin": True,
            }
        ],
        "plan": [
            {
                "id": 1,
                "exercise": "glute_bridge",
                "weekdays": "0,2,4",
                "position": 0,
                "sets": 2,
                "reps": 8,
                "hold_seconds": None,
                "minutes": None,
                "active": True,
                "added_at": "2026-11-01T08:00:00+00:00",
            }
        ],
        "sessions": [
            {
                "id": 1,
                "started_at": "2026-11-20T18:00:00+00:00",
                "ended_at": "2026-11-20T18:20:00+00:00",
                "status": "completed",
                "kind": "planned",
                "planned_sets": 2,
                "plan_day": 4,
                "effort": 4,
                "note": "Felt fine",
                "sets": [
                    {
                        "exercise": "glute_bridge",
                        "set_number": 1,
                        "reps": 8,
                        "hold_seconds": None,
                        "duration_seconds": None,
                        "completed_at": "2026-11-20T18:05:00+00:00",
                    }
                ],
                "skips": [
                    {
                        "exercise": "glute_bridge",
                        "reason": "pain",
                        "note": "",
                        "at": "2026-11-20T18:06:00+00:00",
                    }
                ],
            }
        ],
        "checkins": [
            {
                "id": 1,
                "at": "2026-11-20T18:00:00+00:00",
                "moment": "before",
                "session_id": 1,
                "pain": 4,
                "locations": ["low_back"],
                "qualities": ["ache"],
                "spreading": False,
                "centralising": None,
                "exercise": None,
                "stiffness": 3,
                "sleep": None,
                "note": "",
            }
        ],
        "screenings": [
            {
                "id": 1,
                "at": "2026-11-01T08:00:00+00:00",
                "session_id": None,
                "answers": [],
                "outcome": "none",
                "trigger": "first_session",
            },
            {
                "id": 2,
                "at": "2026-11-10T08:00:00+00:00",
                "session_id": None,
                "answers": ["history_risk"],
                "outcome": "urgent",
                "trigger": "manual",
            },
        ],
        "holds": [
            {
                "id": 1,
                "started_at": "2026-11-10T08:00:00+00:00",
                "screening_id": 2,
                "flags": ["history_risk"],
                "outcome": "urgent",
                "ended_at": "2026-11-12T10:00:00+00:00",
                "ending": "cleared",
                "cleared_by": "doctor",
                "note": "Seen at the surgery",
            }
        ],
        "flare_ups": [
            {
                "id": 1,
                "started_at": "2026-11-20T18:00:00+00:00",
                "pain": 6,
                "usual": 3.5,
                "reasons": ["your pain before the session is 6/10, which is 6 or more"],
            }
        ],
        "peg": [
            {
                "id": 1,
                "at": "2026-11-22T20:00:00+00:00",
                "pain": 4,
                "enjoyment": 3,
                "activity": 5,
                "score": 4.0,
            }
        ],
        "psfs": [
            {
                "id": 1,
                "at": "2026-11-01T08:00:00+00:00",
                "score": 5.0,
                "items": [
                    {"activity": "Tying shoes", "score": 4},
                    {"activity": "Gardening", "score": 6},
                ],
            }
        ],
        "therapies": [{"id": 1, "day": "2026-11-21", "kind": "massage", "note": "Upper back"}],
        "decisions": [
            {
                "id": 1,
                "at": "2026-11-20T18:30:00+00:00",
                "session_id": 1,
                "plan_item_id": 1,
                "exercise": "glute_bridge",
                "action": "progress",
                "from_dose": {"sets": 2, "reps": 8},
                "to_dose": {"sets": 2, "reps": 9},
                "to_exercise": None,
                "reason": "Easy, settled by morning.",
                "status": "accepted",
                "decided_at": "2026-11-20T18:31:00+00:00",
            }
        ],
        "settings": {"weekly_target": 3, "programme": "gentle_start"},
    }


@pytest.fixture
def fresh(any_database):
    """A new, empty database: an SQLite file, then a PostgreSQL database."""
    return any_database


def _diary_counts() -> tuple[int, int, int]:
    return Session.select().count(), CheckIn.select().count(), SetLog.select().count()


def test_base_record_imports_and_exports_identically(fresh):
    data = _base()
    counts = importer.import_record(copy.deepcopy(data))
    assert counts["sessions"] == 1 and counts["check-ins"] == 1
    out = collect_record()
    assert out == {**data, "app_version": out["app_version"]}


def test_import_refuses_a_database_that_already_has_a_record(fresh):
    importer.import_record(_base())
    with pytest.raises(importer.ImportFailure, match="already holds a record"):
        importer.import_record(_base())
    assert _diary_counts() == (1, 1, 1)


def test_a_failure_while_writing_leaves_nothing_behind(fresh, monkeypatch):
    original = importer._insert

    def failing(model, rows):
        if model.__name__ == "TherapyEntry":
            raise RuntimeError("disk full")
        original(model, rows)

    monkeypatch.setattr(importer, "_insert", failing)
    with pytest.raises(RuntimeError):
        importer.import_record(_base())
    assert _diary_counts() == (0, 0, 0)


def _mutate(path: str, value):
    def apply(data: dict) -> dict:
        target = data
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
        return data

    return apply


_DELETE = object()

HOSTILE = [
    ("format", "someone-else", "not a backtui export"),
    ("version", 5, "export version"),
    ("checkins.0.exercise", "no_such_move", "checkins[0].exercise"),
    ("holds.0.screening_id", 9, "no screening has the id 9"),
    ("holds.0.ending", None, "needs both ended_at and ending"),
    ("holds.0.ending", "forgotten", "holds[0].ending: 'forgotten' is not one of"),
    ("holds.0.cleared_by", "neighbour", "holds[0].cleared_by"),
    ("holds.0.ended_at", "2026-11-01T00:00:00", "before the hold began"),
    ("holds.0.outcome", "none", "holds[0].outcome"),
    ("flare_ups.0.pain", 11, "flare_ups[0].pain: 11 is outside 0-10"),
    ("checkins.0.centralising", "yes", "checkins[0].centralising: must be true or false"),
    ("version", True, "export version"),
    ("extra", 1, "unknown field 'extra'"),
    ("therapies", _DELETE, "missing field 'therapies'"),
    ("sessions.0.colour", "red", "sessions[0]: unknown field 'colour'"),
    ("checkins.0.pain", 11, "checkins[0].pain: 11 is outside 0-10"),
    ("checkins.0.pain", True, "checkins[0].pain: must be a whole number"),
    ("checkins.0.pain", 3.0, "checkins[0].pain: must be a whole number"),
    ("checkins.0.pain", "4", "checkins[0].pain: must be a whole number"),
    ("sessions.0.id", 10**30, "sessions[0].id"),
    ("peg.0.score", 1e300, "peg[0].score"),
    ("checkins.0.at", "2026-11-20 18:00:00", "checkins[0].at: must be a date and time"),
    ("checkins.0.at", "2026-11-20T18:00:00+1", "checkins[0].at: must be a date and time"),
    ("checkins.0.at", "2026-02-30T18:00:00", "not a real datetime"),
    ("checkins.0.at", "1850-01-01T00:00:00", "the year 1850"),
    ("therapies.0.day", "21/11/2026", "therapies[0].day: must be a date"),
    ("checkins.0.moment", "sometime", "checkins[0].moment: 'sometime' is not one of"),
    ("checkins.0.locations", ["low_back", "low_back"], "lists a label twice"),
    ("checkins.0.locations", ["knee"], "checkins[0].locations[0]"),
    ("checkins.0.session_id", 99, "no session has the id 99"),
    ("decisions.0.plan_item_id", 7, "no plan item has the id 7"),
    ("sessions.0.sets.0.exercise", "moonwalk", "does not define"),
    ("therapies.0.kind", "acupuncture", "therapies[0].kind"),
    ("therapies.0.note", "red \x1b[31m alert", "control character (U+001B)"),
    ("sessions.0.note", "nul \x00 byte", "control character (U+0000)"),
    ("settings.deep", [[[[[[[[1]]]]]]]], "nested too deeply"),
    ("psfs.0.items", [], "list of 1 to 10 activities"),
    ("exercises.0.slug", "Glute Bridge!", "not in the expected form"),
    ("sessions", {}, "sessions: must be a list"),
]


@pytest.mark.parametrize(("path", "value", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_values_are_refused_by_name_and_nothing_is_written(fresh, path, value, message):
    data = _mutate(path, value)(_base())
    with pytest.raises(importer.ImportFailure) as error:
        importer.import_record(data)
    assert message in str(error.value)
    assert _diary_counts() == (0, 0, 0)


def test_duplicate_session_ids_are_refused(fresh):
    data = _base()
    data["sessions"].append(copy.deepcopy(data["sessions"][0]))
    with pytest.raises(importer.ImportFailure, match=r"sessions\[1\]\.id: 1 is used twice"):
        importer.import_record(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json at all", r"not valid JSON \(line 1"),
        ("[1, 2]", "one JSON object"),
        ('{"format": "backtui-export", "format": "x"}', "names the field 'format' twice"),
        ('{"score": NaN}', "NaN"),
        ('{"score": Infinity}', "Infinity"),
        ('{"big": ' + "9" * 5000 + "}", "cannot read"),
        ("[" * 100_000 + "]" * 100_000, "cannot read"),
    ],
)
def test_hostile_files_are_refused(fresh, tmp_path, text, message):
    path = tmp_path / "hostile.json"
    path.write_text(text)
    with pytest.raises(importer.ImportFailure, match=message):
        importer.import_file(path)
    assert _diary_counts() == (0, 0, 0)


def test_non_utf8_and_missing_files(fresh, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"note": "caf\xe9"}')
    with pytest.raises(importer.ImportFailure, match="not UTF-8"):
        importer.import_file(path)
    with pytest.raises(importer.ImportFailure, match="does not exist"):
        importer.import_file(tmp_path / "nope.json")


def test_cli_import_round_trip_and_one_line_error(tmp_path, capsys):
    source = tmp_path / "source.json"
    source.write_text(json.dumps(_base()))
    db = tmp_path / "restored.db"
    assert main(["--db", str(db), "import", str(source)]) == 0
    assert "1 sessions" in capsys.readouterr().out
    assert main(["--db", str(db), "export", "-o", str(tmp_path / "again.json")]) == 0
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["sessions"] == _base()["sessions"]
    assert main(["--db", str(db), "import", str(source)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already holds a record" in err[0] and "nothing was imported" in err[0]
    close_database()


# --- round trip with generated records ------------------------------------------------------------

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_TEXT = st.text(
    # What a text field can hold: no controls, no text-direction overrides (backtui.text).
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=_BIDI)
    | st.sampled_from("\n\t"),
    max_size=20,
)
# Instants anywhere in the world, whole seconds or not (the export keeps what was stored).
_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
)
_WHEN = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=_ZONES
).map(lambda d: d.isoformat())
_DAY = st.dates(min_value=datetime(1970, 1, 1).date(), max_value=datetime(2100, 1, 1).date()).map(
    lambda d: d.isoformat()
)
_RATING = st.integers(0, 10)
_KEY = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=_BIDI), max_size=8
)
_SLUGS = st.lists(
    st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True), min_size=1, max_size=3, unique=True
)


@st.composite
def records(draw) -> dict:
    slugs = draw(_SLUGS)
    slug = st.sampled_from(slugs)
    opt = st.none()
    exercises = [
        {
            "slug": s,
            "name": draw(_TEXT),
            "kind": draw(st.sampled_from(KINDS)),
            "dose_type": draw(st.sampled_from(("reps", "hold", "minutes"))),
            "per_side": draw(st.booleans()),
            "sets": draw(st.integers(1, 10)),
            "reps": draw(opt | st.integers(0, 100)),
            "hold_seconds": draw(opt | st.integers(0, 300)),
            "minutes": draw(opt | st.integers(0, 180)),
            "cues": draw(st.lists(_TEXT, max_size=2)),
            "mistakes": draw(st.lists(_TEXT, max_size=2)),
            "easier": draw(opt | slug),
            "harder": draw(opt | slug),
            "summary": draw(_TEXT),
            "source": draw(_TEXT),
            "builtin": draw(st.booleans()),
        }
        for s in slugs
    ]
    ids = st.lists(st.integers(1, 2**31 - 1), unique=True, max_size=4)
    plan = [
        {
            "id": i,
            "exercise": draw(slug),
            "weekdays": draw(st.sampled_from(("", "0", "1,3,5"))),
            "position": draw(st.integers(0, 20)),
            "sets": draw(st.integers(1, 10)),
            "reps": draw(opt | st.integers(1, 100)),
            "hold_seconds": draw(opt | st.integers(5, 300)),
            "minutes": draw(opt | st.integers(5, 180)),
            "active": draw(st.booleans()),
            "added_at": draw(_WHEN),
        }
        for i in draw(ids)
    ]
    sessions = [
        {
            "id": i,
            "started_at": (started := draw(_WHEN)),
            "ended_at": draw(opt | st.just(max(started, draw(_WHEN)))),  # never before the start
            "status": draw(st.sampled_from(SESSION_STATUSES)),
            "kind": draw(st.sampled_from(("planned", "minimum"))),
            "planned_sets": draw(st.integers(0, 30)),
            "plan_day": draw(opt | st.integers(0, 6)),
            "effort": draw(opt | _RATING),
            "note": draw(_TEXT),
            "sets": [
                {
                    "exercise": draw(slug),
                    "set_number": n + 1,
                    "reps": draw(opt | st.integers(0, 100)),
                    "hold_seconds": draw(opt | st.integers(0, 300)),
                    "duration_seconds": draw(opt | st.integers(0, 3600)),
                    "completed_at": draw(_WHEN),
                }
                for n in range(draw(st.integers(0, 3)))
            ],
            "skips": [
                {
                    "exercise": draw(slug),
                    "reason": draw(st.sampled_from(SKIP_REASONS)),
                    "note": draw(_TEXT),
                    "at": draw(_WHEN),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
        for i in draw(ids)
    ]
    session_ref = (
        st.none() | st.sampled_from([s["id"] for s in sessions]) if sessions else st.none()
    )
    plan_ref = st.none() | st.sampled_from([p["id"] for p in plan]) if plan else st.none()
    labels = lambda options: st.lists(st.sampled_from(options), unique=True, max_size=3)  # noqa: E731
    return {
        "format": "backtui-export",
        "version": 4,
        "app_version": "0.1.0",
        "exercises": exercises,
        "plan": plan,
        "sessions": sessions,
        "checkins": [
            {
                "id": i,
                "at": draw(_WHEN),
                "moment": draw(st.sampled_from(MOMENTS)),
                "session_id": draw(session_ref),
                "pain": draw(_RATING),
                "locations": draw(labels(LOCATIONS)),
                "qualities": draw(labels(QUALITIES)),
                "spreading": draw(opt | st.booleans()),
                "centralising": draw(opt | st.booleans()),
                "exercise": draw(
                    st.none() | st.sampled_from([e["slug"] for e in exercises])
                    if exercises
                    else st.none()
                ),
                "stiffness": draw(opt | _RATING),
                "sleep": draw(opt | _RATING),
                "note": draw(_TEXT),
            }
            for i in draw(ids)
        ],
        "screenings": [
            {
                "id": i,
                "at": draw(_WHEN),
                "session_id": draw(session_ref),
                "answers": draw(st.lists(st.sampled_from(("bladder", "chest_pain")), unique=True)),
                "outcome": draw(st.sampled_from(TRIAGE_OUTCOMES)),
                "trigger": draw(st.sampled_from(("manual", "session"))),
            }
            for i in draw(ids)
        ],
        "holds": [_hold(draw, i) for i in draw(ids)],
        "flare_ups": [
            {
                "id": i,
                "started_at": draw(_WHEN),
                "pain": draw(_RATING),
                "usual": draw(opt | st.floats(0, 10)),
                "reasons": draw(st.lists(_TEXT, max_size=2)),
            }
            for i in draw(ids)
        ],
        "peg": [
            {
                "id": i,
                "at": draw(_WHEN),
                "pain": (pain := draw(_RATING)),
                "enjoyment": (enjoyment := draw(_RATING)),
                "activity": (activity := draw(_RATING)),
                "score": (pain + enjoyment + activity) / 3,  # the PEG score is their mean
            }
            for i in draw(ids)
        ],
        "psfs": [
            {
                "id": i,
                "at": draw(_WHEN),
                "items": (
                    items := [
                        {"activity": draw(_TEXT), "score": draw(_RATING)}
                        for _ in range(draw(st.integers(1, 5)))
                    ]
                ),
                "score": sum(item["score"] for item in items) / len(items),  # their mean
            }
            for i in draw(ids)
        ],
        "therapies": [
            {
                "id": i,
                "day": draw(_DAY),
                "kind": draw(st.sampled_from(THERAPY_KINDS)),
                "note": draw(_TEXT),
            }
            for i in draw(ids)
        ],
        "decisions": [
            {
                "id": i,
                "at": draw(_WHEN),
                "session_id": draw(session_ref),
                "plan_item_id": draw(plan_ref),
                "exercise": draw(opt | slug),
                "action": draw(st.sampled_from(DECISION_ACTIONS)),
                "from_dose": draw(opt | st.fixed_dictionaries({"reps": _RATING})),
                "to_dose": draw(opt | st.fixed_dictionaries({"reps": _RATING})),
                "to_exercise": draw(opt | slug),
                "reason": draw(_TEXT),
                "status": draw(st.sampled_from(DECISION_STATUSES)),
                "decided_at": draw(opt | _WHEN),
            }
            for i in draw(ids)
        ],
        "settings": draw(st.dictionaries(_KEY, st.none() | st.integers(-5, 5) | _TEXT, max_size=3)),
    }


def _hold(draw, hold_id: int) -> dict:
    """A hold as backtui stores one: open, withdrawn, or cleared by a named clinician."""
    started = draw(_WHEN)
    ending = draw(st.sampled_from((None, "withdrawn", "cleared")))
    return {
        "id": hold_id,
        "started_at": started,
        "screening_id": None,
        "flags": draw(st.lists(st.sampled_from(("bladder", "history_risk")), unique=True)),
        "outcome": draw(st.sampled_from(("emergency", "urgent"))),
        "ended_at": None if ending is None else started,
        "ending": ending,
        "cleared_by": draw(st.sampled_from(CLINICIANS)) if ending == "cleared" else None,
        "note": draw(_TEXT),
    }


def _by_id(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: row.get("id", row.get("slug")))


def _used(data: dict) -> set[str]:
    used = {p["exercise"] for p in data["plan"]}
    used |= {x["exercise"] for s in data["sessions"] for x in s["sets"] + s["skips"]}
    used |= {d[k] for d in data["decisions"] for k in ("exercise", "to_exercise") if d[k]}
    used |= {c["exercise"] for c in data["checkins"] if c["exercise"]}
    return used


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=records())
def test_round_trip_through_json_is_lossless(tmp_path, data):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    open_database(path, now=NOW)
    try:
        text = json.dumps(data, ensure_ascii=False)
        importer.import_record(json.loads(text))
        out = json.loads(json.dumps(collect_record(), ensure_ascii=False))
    finally:
        close_database()
    used = _used(data)
    expected_exercises = [e for e in data["exercises"] if not e["builtin"] or e["slug"] in used]
    assert _by_id(out["exercises"]) == _by_id(expected_exercises)
    for name in (
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
    ):
        assert _by_id(out[name]) == _by_id(data[name]), name
    assert out["settings"] == data["settings"]


def _local_times(data: dict) -> dict:
    """Before version 4, times carried no UTC offset."""
    return json.loads(re.sub(r'(T\d\d:\d\d:\d\d)\+00:00"', r'\1"', json.dumps(data)))


def _version_1() -> dict:
    """The base record as version 1 wrote it: no holds, flare-ups or "centralising"."""
    data = _local_times(_base())
    data["version"] = 1
    del data["holds"], data["flare_ups"], data["checkins"][0]["centralising"]
    del data["checkins"][0]["exercise"]
    return data


def test_a_version_1_file_still_imports(fresh):
    counts = importer.import_record(_version_1())
    assert counts["check-ins"] == 1
    out = collect_record()
    assert out["version"] == 4 and out["holds"] == [] and out["flare_ups"] == []
    assert out["checkins"][0]["centralising"] is None


def test_a_version_1_pause_becomes_an_open_hold_for_the_newest_warning_sign(fresh):
    data = _version_1()
    data["settings"]["progression_paused_until_clear"] = "2026-11-10T08:00:00"
    importer.import_record(data)
    hold = holds.active_hold()
    assert hold is not None and hold.started_at == at(2026, 11, 10, 8)
    assert [flag.id for flag in hold.flags] == ["history_risk"]
    assert "progression_paused_until_clear" not in collect_record()["settings"]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [("holds", [], "unknown field 'holds'"), ("checkins.0.centralising", True, "centralising")],
)
def test_a_version_1_file_cannot_carry_version_2_fields(fresh, path, value, message):
    data = _mutate(path, value)(_version_1())
    with pytest.raises(importer.ImportFailure, match=message):
        importer.import_record(data)
    assert _diary_counts() == (0, 0, 0)


def _version_2() -> dict:
    """The base record as version 2 wrote it: check-ins name no exercise."""
    data = _local_times(_base())
    data["version"] = 2
    del data["checkins"][0]["exercise"]
    return data


def test_a_version_2_file_still_imports_with_no_exercise_on_its_checkins(fresh):
    importer.import_record(_version_2())
    out = collect_record()
    assert out["version"] == 4 and out["checkins"][0]["exercise"] is None


def test_a_version_2_file_cannot_name_a_checkins_exercise(fresh):
    data = _version_2()
    data["checkins"][0]["exercise"] = "glute_bridge"
    with pytest.raises(importer.ImportFailure, match="unknown field 'exercise'"):
        importer.import_record(data)
    assert _diary_counts() == (0, 0, 0)


def test_a_checkins_exercise_survives_export_and_import(fresh):
    data = _base()
    data["checkins"][0].update(moment="during", pain=6, exercise="glute_bridge")
    importer.import_record(copy.deepcopy(data))
    assert CheckIn.get().exercise.slug == "glute_bridge"
    out = collect_record()
    assert out["checkins"] == data["checkins"]
