"""The shipped exercise library: it validates, bad copies are refused by name, it syncs cheaply."""

from __future__ import annotations

import pytest

from backtui.db.models import KINDS, Exercise, Setting
from backtui.plan import library
from backtui.plan.library import (
    LIBRARY_PATH,
    LibraryError,
    add_user_exercise,
    load_library,
    sync_library,
)
from backtui.plan.tempo import Tempo


@pytest.fixture
def lib_db(database):
    sync_library()
    return database


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return '"' + value.replace('"', '\\"') + '"'


def _write(tmp_path, entries: list[dict]):
    text = "".join(
        "[[exercise]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in entry.items()) + "\n"
        for entry in entries
    )
    path = tmp_path / "exercises.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _entry(**changes) -> dict:
    entry = {
        "slug": "wall_sit",
        "name": "Wall sit",
        "kind": "core",
        "dose_type": "hold",
        "per_side": False,
        "sets": 2,
        "reps": 2,
        "hold_seconds": 10,
        "cues": ["Back flat on the wall.", "Knees over ankles."],
        "mistakes": ["Knees caving in."],
        "summary": "Strengthens the thighs.",
        "source": "test",
        "tempo": {"move": 3, "back": 3},
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


def test_shipped_library_validates_and_covers_the_promise():
    specs = load_library()
    assert len(specs) >= 18
    assert {spec.kind for spec in specs} == set(KINDS)
    names = {spec.name for spec in specs}
    # Every exercise of the clinical beginner library is there.
    for name in (
        "Pelvic tilt", "Glute bridge", "Bird-dog", "Dead bug", "Side plank on knees",
        "McGill curl-up", "Cat-cow", "Child's pose", "Knee rolls", "Knee to chest",
        "Figure-4 stretch", "Hamstring stretch with strap", "Prone press-up", "Walking",
        "Stationary cycling", "Swimming",
    ):  # fmt: skip
        assert name in names
    slugs = {spec.slug for spec in specs}
    for spec in specs:
        assert 2 <= len(spec.cues) <= 4 and 1 <= len(spec.mistakes) <= 2
        assert spec.source and spec.summary
        assert spec.easier in slugs | {None} and spec.harder in slugs | {None}
        dose = spec.beginner_dose()
        assert dose.sets >= 1
        if spec.dose_type == "hold":
            assert dose.reps >= 1 and dose.hold_seconds >= 5
        elif spec.dose_type == "minutes":
            assert dose.minutes >= 5 and dose.reps is None


def test_every_shipped_entry_states_a_tempo_that_fits_its_dose_type():
    specs = {spec.slug: spec for spec in load_library()}
    for spec in specs.values():
        if spec.dose_type == "minutes":
            assert spec.tempo.pace, spec.slug
        else:
            assert spec.tempo.rep_seconds >= 3, spec.slug
    # Cat-cow follows slow breathing, about 4-6 s a cycle; the pelvic tilt holds 2 s at the end.
    assert 4 <= specs["cat_cow"].tempo.breath <= 6
    assert specs["pelvic_tilt"].tempo.hold == 2
    assert "breath" in specs["cat_cow"].tempo.describe()


def test_a_tempo_reads_as_plain_words():
    assert Tempo(move=3, hold=2, back=3).describe() == "3 s to move, 2 s hold, 3 s back"
    assert Tempo(move=2, back=2).describe() == "2 s to move, 2 s back"


def test_nerve_tension_stretches_warn_and_the_press_up_welcomes_centralising_pain():
    specs = {spec.slug: spec for spec in load_library()}
    for slug in ("hamstring_strap", "seated_forward_fold"):
        assert any("tingling or pain runs down the leg" in cue for cue in specs[slug].cues)
    assert any("good sign" in cue for cue in specs["prone_press_up"].cues)
    assert all("backtui" not in spec.source for spec in specs.values())


def test_a_malformed_copy_of_the_shipped_file_names_the_entry_and_field(tmp_path):
    text = LIBRARY_PATH.read_text(encoding="utf-8")
    start = text.index('slug = "bird_dog"\n')
    broken = text[:start] + text[start:].replace('kind = "core"', 'kind = "pilates"', 1)
    copy = tmp_path / "exercises.toml"
    copy.write_text(broken, encoding="utf-8")
    with pytest.raises(LibraryError) as error:
        load_library(copy)
    message = str(error.value)
    assert "'bird_dog'" in message and "'kind'" in message and "core, mobility" in message


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"cues": ["Only one."]}, "cues", "2 to 4"),
        ({"mistakes": []}, "mistakes", "1 to 2"),
        ({"hold_seconds": None}, "hold_seconds", "needs it"),
        ({"minutes": 10}, "minutes", "not used"),
        ({"dose_type": "laps"}, "dose_type", "reps, hold, minutes"),
        ({"sets": 0}, "sets", "from 1"),
        ({"sets": True}, "sets", "whole number"),
        ({"per_side": "yes"}, "per_side", "true or false"),
        ({"easier": "no_such_thing"}, "easier", "not another exercise"),
        ({"harder": "wall_sit"}, "harder", "not another exercise"),
        ({"cuez": ["a", "b"]}, "cuez", "unknown field"),
        ({"summary": "  "}, "summary", "empty"),
        ({"max_reps": 1}, "max_reps", "below the starting reps"),
        ({"slug": "user_wall"}, "slug", "not starting 'user_'"),
        ({"tempo": None}, "tempo", "missing"),
        ({"tempo": "slow"}, "tempo", "must be a table"),
        ({"tempo": {"move": 2, "hold": 2, "back": 2}}, "tempo", "the dose gives the hold"),
        ({"tempo": {"move": 0, "back": 3}}, "tempo", "from 1 to 10"),
        ({"tempo": {"move": True, "back": 3}}, "tempo", "whole number of seconds"),
        ({"dose_type": "reps", "hold_seconds": None, "tempo": {"move": 2}}, "tempo",
         "{ move = 2, hold = 2, back = 2 } or { breath = 5 }"),
        ({"dose_type": "minutes", "reps": None, "hold_seconds": None, "minutes": 10,
          "tempo": {"pace": " "}}, "tempo", "'pace' must be words"),
    ],
)
def test_a_bad_entry_is_refused_with_its_name_and_field(tmp_path, changes, field, words):
    path = _write(tmp_path, [_entry(slug="plank", name="Plank"), _entry(**changes)])
    with pytest.raises(LibraryError) as error:
        load_library(path)
    message = str(error.value)
    assert f"field '{field}'" in message
    assert "(#2)" in message and words in message


def test_an_entry_without_a_slug_is_named_by_position_and_repeats_are_refused(tmp_path):
    with pytest.raises(LibraryError, match=r"entry #1, field 'slug': missing"):
        load_library(_write(tmp_path, [_entry(slug=None)]))
    with pytest.raises(LibraryError, match=r"'wall_sit' \(#2\), field 'slug': repeats entry #1"):
        load_library(_write(tmp_path, [_entry(), _entry()]))


def test_sync_inserts_builtins_then_costs_only_a_hash_check(lib_db, monkeypatch):
    assert Exercise.select().where(Exercise.builtin == True).count() == len(load_library())  # noqa: E712
    assert Setting.get_by_id(library.HASH_SETTING).value

    def must_not_parse(*args, **kwargs):
        raise AssertionError("an unchanged library must not be parsed again")

    monkeypatch.setattr(library, "load_library", must_not_parse)
    assert sync_library() is False


def test_sync_restores_builtin_text_and_never_touches_peoples_own(lib_db, tmp_path):
    Exercise.update(name="Edited").where(Exercise.slug == "bird_dog").execute()
    mine = add_user_exercise("Wall sit", "core", "hold", sets=2, reps=3, hold_seconds=15)
    text = LIBRARY_PATH.read_text(encoding="utf-8").replace(
        'name = "Walking"', 'name = "Brisk walking"'
    )
    changed = tmp_path / "exercises.toml"
    changed.write_text(text, encoding="utf-8")
    assert sync_library(changed) is True
    assert Exercise.get(Exercise.slug == "walking").name == "Brisk walking"
    assert Exercise.get(Exercise.slug == "bird_dog").name == "Bird-dog"
    again = Exercise.get_by_id(mine.id)
    assert (again.name, again.builtin, again.hold_seconds) == ("Wall sit", False, 15)


def test_add_user_exercise_makes_a_non_builtin_row(lib_db):
    row = add_user_exercise(
        "Wall sit", "core", "hold", sets=2, reps=3, hold_seconds=15,
        cues=["Back on the wall", " "], easier="glute_bridge",
    )  # fmt: skip
    assert row.slug.startswith("user_") and row.builtin is False
    assert row.cues == ["Back on the wall"] and row.easier == "glute_bridge"
    second = add_user_exercise("Wall-sit!", "core", "reps", reps=5)
    assert second.slug != row.slug


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"name": "  "}, "Give the exercise a name"),
        ({"kind": "pilates"}, "Choose a kind"),
        ({"dose_type": "hold", "reps": 3}, "how many seconds to hold"),
        ({"dose_type": "reps", "reps": 5, "minutes": 10}, "not minutes"),
        ({"dose_type": "minutes", "minutes": 0}, "Minutes must be from 1 to 180"),
        ({"dose_type": "reps", "reps": 5, "sets": 11}, "Sets must be from 1 to 10"),
        ({"dose_type": "reps"}, "needs a number of reps"),
        ({"name": "Walking", "dose_type": "minutes", "minutes": 10}, "already an exercise"),
        ({"dose_type": "reps", "reps": 5, "harder": "nope"}, "not in the library"),
    ],
)
def test_add_user_exercise_explains_what_to_fix(lib_db, kwargs, words):
    args = {"name": "Wall sit", "kind": "core", "dose_type": "reps"} | kwargs
    with pytest.raises(ValueError, match=words):
        add_user_exercise(args.pop("name"), args.pop("kind"), args.pop("dose_type"), **args)
    assert not Exercise.select().where(Exercise.builtin == False).exists()  # noqa: E712
