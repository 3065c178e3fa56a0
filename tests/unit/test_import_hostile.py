"""More hostile imports, beyond tests/test_import.py: each refused by name, nothing written.

These cover what test_import.py does not: a missing or textual version, doses above the ceilings
the app keeps to (a pending suggestion's dose could otherwise be applied to the plan), settings
whose wrong shape would stop the app on its next start, text that reads backwards, a lone
surrogate, a 100 KB note, and files that are empty, not an object, too big, or a folder.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_import import _DELETE, _base, _diary_counts, _mutate, fresh  # noqa: F401

from backtui.record import importer

BIG = "x" * 100_000

HOSTILE = [
    # a wrong or missing version
    ("version", _DELETE, "version: None is not an export version"),
    ("version", "1", "version: '1' is not an export version"),
    ("version", -1, "version: -1 is not an export version"),
    ("version", 1.0, "version: 1.0 is not an export version"),
    # rows that contradict themselves
    ("sessions.0.ended_at", "2020-11-20T18:00:00", "ends (2020-11-20 18:00) before it starts"),
    ("peg.0.score", 9.0, "peg[0].score: 9 does not match its answers, which give 4.00"),
    ("psfs.0.score", 9.0, "psfs[0].score: 9 does not match its answers, which give 5.00"),
    ("screenings.0.answers", ["not_a_flag"], "'not_a_flag' is not a warning sign backtui asks"),
    # huge and negative numbers
    ("plan.0.sets", 11, "plan[0].sets: 11 is outside 1-10"),
    ("plan.0.reps", 10**9, "plan[0].reps: 1000000000 is outside 0-100"),
    ("exercises.0.hold_seconds", 10**6, "exercises[0].hold_seconds: 1000000 is outside 0-300"),
    ("exercises.0.sets", 10**18, "exercises[0].sets: 1000000000000000000 is outside 1-10"),
    ("sessions.0.sets.0.duration_seconds", 10**12, "duration_seconds: 1000000000000 is outside"),
    ("sessions.0.planned_sets", -1, "sessions[0].planned_sets: -1 is outside"),
    ("checkins.0.pain", -1, "checkins[0].pain: -1 is outside 0-10"),
    ("psfs.0.score", 99.0, "psfs[0].score: 99.0 is outside 0-10"),
    ("decisions.0.to_dose", {"sets": 10**9, "reps": 9}, "decisions[0].to_dose.sets: 1000000000"),
    ("decisions.0.to_dose", {"reps": 10**9}, "decisions[0].to_dose.reps: 1000000000 is outside"),
    ("settings.weekly_target", 10**9, "settings.weekly_target: 1000000000 is outside 1-7"),
    ("settings.weekly_target", -1, "settings.weekly_target: -1 is outside 1-7"),
    # wrong types
    ("checkins", "x", "checkins: must be a list"),
    ("settings", [], "settings: must be an object"),
    ("checkins.0.spreading", "yes", "checkins[0].spreading: must be true or false"),
    ("exercises.0.per_side", "true", "exercises[0].per_side: must be true or false"),
    ("exercises.0.cues", "Tilt the pelvis", "exercises[0].cues: must be a list"),
    ("checkins.0.locations", "low_back", "checkins[0].locations: must be a list"),
    ("decisions.0.from_dose", {"reps": "8"}, "decisions[0].from_dose.reps: must be a whole"),
    ("decisions.0.from_dose", "2x8", "decisions[0].from_dose: must be an object or null"),
    ("settings.weekly_target", "3", "settings.weekly_target: must be a whole number"),
    ("settings.programme", ["gentle_start"], "settings.programme: must be text"),
    ("settings.programme_started_at", "yesterday", "settings.programme_started_at: must be a"),
    ("settings.progression_paused_until_clear", 5, "progression_paused_until_clear: must be"),
    ("settings.progression_state", [], "settings.progression_state: must be an object"),
    ("settings.welcome_steps", "target", "settings.welcome_steps: must be a list"),
    ("settings.week_start", "someday", "settings.week_start: must be a whole number from 0 to 6"),
    # unknown keys
    ("decisions.0.to_dose", {"sets": 2, "colour": "red"}, "to_dose: unknown field 'colour'"),
    ("psfs.0.items.0.colour", "red", "psfs[0].items[0]: unknown field 'colour'"),
    ("checkins.0.mood", "fine", "checkins[0]: unknown field 'mood'"),
    ("sessions.0.sets.0.weight_kg", 20, "sessions[0].sets[0]: unknown field 'weight_kg'"),
    # text that cannot be stored, or is too long
    ("exercises.0.name", "Bridge \u202eevil", "changes text direction (U+202E)"),
    ("checkins.0.note", "half \ud800 a pair", "control character (U+D800)"),
    ("exercises.0.cues", ["\x1b]0;title\x07"], "exercises[0].cues[0]: contains a control"),
    ("checkins.0.note", BIG, "checkins[0].note: is longer than 20,000 characters"),
    ("exercises.0.name", "x" * 300, "exercises[0].name: is longer than 200 characters"),
    # a plan day listed twice
    ("plan.0.weekdays", "0,0", "plan[0].weekdays: '0,0' lists a day twice"),
]


@pytest.mark.parametrize(("path", "value", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_values_are_refused_by_name_and_nothing_is_written(fresh, path, value, message):  # noqa: F811
    data = _mutate(path, value)(_base())
    with pytest.raises(importer.ImportFailure) as error:
        importer.import_record(data)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert _diary_counts() == (0, 0, 0)


def test_the_refused_values_were_the_only_problem(fresh):  # noqa: F811
    """The base file itself imports: every refusal above is about its one changed value."""
    importer.import_record(_base())
    assert _diary_counts() == (1, 1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"not valid JSON \(line 1, column 1\)"),
        ("   \n", "not valid JSON"),
        ('"backtui-export"', "one JSON object"),
        ("null", "one JSON object"),
        ('{"format": "backtui-export", "version": 1', "not valid JSON"),  # cut short
        ('{"note": "\\ud800"}', "not a backtui export"),  # parses; refused before any text
    ],
)
def test_hostile_files_are_refused(fresh, tmp_path, text, message):  # noqa: F811
    path = tmp_path / "hostile.json"
    path.write_text(text)
    with pytest.raises(importer.ImportFailure, match=message):
        importer.import_file(path)
    assert _diary_counts() == (0, 0, 0)


def test_a_lone_surrogate_written_as_an_escape_in_the_file_is_refused(fresh, tmp_path):  # noqa: F811
    data = _base()
    data["therapies"][0]["note"] = "PLACEHOLDER"
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(data).replace("PLACEHOLDER", "\\udc80"))
    with pytest.raises(importer.ImportFailure, match=r"therapies\[0\]\.note: .*U\+DC80"):
        importer.import_file(path)
    assert _diary_counts() == (0, 0, 0)


def test_a_file_bigger_than_any_export_and_a_folder_are_refused(fresh, tmp_path, monkeypatch):  # noqa: F811
    path = tmp_path / "big.json"
    path.write_text(json.dumps(_base()))
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 100)
    with pytest.raises(importer.ImportFailure, match="larger than any backtui export"):
        importer.import_file(path)
    with pytest.raises(importer.ImportFailure, match="does not exist, or is not a file"):
        importer.import_file(tmp_path)
    assert _diary_counts() == (0, 0, 0)


def test_the_command_line_says_what_is_wrong_in_one_line_and_writes_nothing(tmp_path):
    hostile = _mutate("settings.weekly_target", 10**9)(_base())
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(hostile))
    db_path = tmp_path / "new.db"
    result = subprocess.run(
        [sys.executable, "-m", "backtui.cli", "--db", str(db_path), "import", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "settings.weekly_target: 1000000000 is outside 1-7" in lines[0]
    assert "nothing was imported" in lines[0] and "Traceback" not in result.stderr
    # The database was new: a refused import leaves no empty one behind, nor anything beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.json"]
