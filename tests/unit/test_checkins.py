"""Keystroke pain entry, check-in validation, moments, and saving exactly one row."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from fixed_time import at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtui.checkin import checkins
from backtui.checkin.checkins import CheckInError, PainInput, clean_note, moment_for, save_checkin
from backtui.db.models import CheckIn, Exercise, Session

NOW = at(2026, 11, 25, 9, 0, 0)
YESTERDAY = NOW - timedelta(days=1)
KEYS = [str(d) for d in range(10)] + ["left", "right", "up", "down", "backspace", "enter", "x"]


@pytest.fixture
def database(any_database):
    """Every check-in test that stores one runs on SQLite and on PostgreSQL."""
    return any_database


def typed(*keys: str) -> PainInput:
    entry = PainInput()
    for key in keys:
        entry.press(key)
    return entry


# --- PainInput ---------------------------------------------------------------------------------


def test_nothing_typed_is_not_complete():
    entry = PainInput()
    assert entry.value is None and not entry.is_complete
    assert "0 to 10" in entry.error


def test_one_keystroke_sets_the_value():
    entry = typed("7")
    assert (entry.value, entry.is_complete, entry.error) == (7, True, None)


def test_one_waits_for_a_possible_zero():
    entry = typed("1")
    assert entry.value == 1 and entry.pending and not entry.is_complete
    assert "Type 0" in entry.error
    assert entry.display == "1…"
    entry.settle()
    assert (entry.value, entry.is_complete, entry.display) == (1, True, "1")


def test_one_then_zero_is_ten():
    entry = typed("1", "0")
    assert (entry.value, entry.pending, entry.is_complete) == (10, False, True)


@pytest.mark.parametrize(
    ("keys", "value", "pending"),
    [
        (("1", "5"), 5, False),  # another digit replaces the pending 1
        (("1", "1"), 1, True),
        (("1", "0", "0"), 0, False),  # after 10, a digit starts again
        (("4", "1"), 1, True),
        (("0",), 0, False),
    ],
)
def test_digits(keys, value, pending):
    entry = typed(*keys)
    assert (entry.value, entry.pending) == (value, pending)


@pytest.mark.parametrize(
    ("keys", "value"),
    [
        (("9", "right", "right", "up"), 10),
        (("1", "0", "up"), 10),
        (("1", "left", "down", "left"), 0),
        (("0", "down"), 0),
        (("up",), 0),  # from nothing, the first arrow gives 0
        (("left",), 0),
        (("5", "right", "left", "left"), 4),
    ],
)
def test_arrows_step_within_bounds(keys, value):
    entry = typed(*keys)
    assert entry.value == value and entry.is_complete


def test_arrow_settles_a_pending_one():
    entry = typed("1", "up")
    assert (entry.value, entry.pending) == (2, False)


def test_backspace_undoes_the_last_digit():
    entry = typed("1", "0", "backspace")
    assert (entry.value, entry.pending) == (1, True)
    entry.press("backspace")
    assert entry.value is None and not entry.is_complete
    assert typed("6", "backspace").value is None


def test_other_keys_are_left_to_the_screen():
    entry = typed("6")
    assert entry.press("enter") is False
    assert entry.press("escape") is False
    assert entry.value == 6


def test_starting_value_is_validated():
    assert PainInput(4).value == 4
    with pytest.raises(CheckInError):
        PainInput(11)


@given(st.lists(st.one_of(st.sampled_from(KEYS), st.just("settle")), max_size=40))
def test_any_key_sequence_keeps_the_value_on_the_scale(keys):
    entry = PainInput()
    for key in keys:
        entry.settle() if key == "settle" else entry.press(key)
        assert entry.value is None or (type(entry.value) is int and 0 <= entry.value <= 10)
        assert entry.is_complete == (entry.error is None)
        if entry.is_complete:
            assert checkins.validate_pain(entry.value) == entry.value


# --- Validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (11, "outside that range"),
        (-1, "outside that range"),
        ("seven", "not a whole number"),
        ("", "nothing was entered"),
        (True, "not yes/no"),
        (4.5, "not a whole number"),
        (None, "whole number from 0 to 10"),
        ([3], "whole number from 0 to 10"),
    ],
)
def test_validate_pain_messages(bad, message):
    with pytest.raises(CheckInError, match=message):
        checkins.validate_pain(bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("fine\x1b[31m red", "escape character"),
        ("bell\x07", "control character"),
        ("c1 \x9b2J", "control character"),
        ("nul\x00", "control character"),
        ("del\x7f", "control character"),
        ("flip \u202e", "text direction"),
        ("x" * 2001, "limit is 2,000"),
        (42, "must be text"),
    ],
)
def test_bad_notes_are_refused(bad, message):
    with pytest.raises(CheckInError, match=message):
        clean_note(bad)


def test_good_notes_are_kept():
    assert clean_note("  stiff after gardening\r\nbetter by noon\tok  ") == (
        "stiff after gardening\nbetter by noon\tok"
    )
    assert clean_note("é — 😀 日本") == "é — 😀 日本"
    assert clean_note("x" * 2000) == "x" * 2000
    assert clean_note(None) == ""


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n" for ch in text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.one_of(st.text(max_size=60), st.text(alphabet=st.characters(max_codepoint=0x9F))))
def test_random_notes_never_store_anything_invalid(database, note):
    before = CheckIn.select().count()
    try:
        saved = save_checkin(3, moment="standalone", now=NOW, note=note)
    except CheckInError:
        assert CheckIn.select().count() == before
        return
    stored = CheckIn.get_by_id(saved.id).note
    assert not _has_control(stored) and "\r" not in stored
    assert stored == clean_note(note) and len(stored) <= checkins.NOTE_MAX_LENGTH


# --- Moments -----------------------------------------------------------------------------------


def _session(started, status="completed", minutes=30):
    return Session.create(
        started_at=started, ended_at=started + timedelta(minutes=minutes), status=status
    )


@pytest.mark.parametrize("phase", ["before", "during", "after"])
def test_live_session_moment_is_its_phase(database, phase):
    assert moment_for(NOW, 7, phase) == phase


def test_live_session_without_phase_is_during(database):
    assert moment_for(NOW, 7, None) == "during"
    with pytest.raises(ValueError):
        moment_for(NOW, 7, "halfway")


def test_no_session_is_standalone(database):
    assert moment_for(NOW, None, None) == "standalone"


def test_first_morning_checkin_after_a_session_is_next_morning(database):
    session = _session(YESTERDAY.replace(hour=18))
    assert moment_for(NOW, None, None) == "next_morning"
    saved = save_checkin(2, moment="next_morning", now=NOW)
    assert saved.session.id == session.id
    # Once it is taken, later check-ins that morning are standalone.
    assert moment_for(NOW + timedelta(hours=1), None, None) == "standalone"


@pytest.mark.parametrize("status", ["completed", "ended_early"])
def test_done_sessions_count_for_next_morning(database, status):
    _session(YESTERDAY.replace(hour=7), status=status)
    assert moment_for(NOW, None, None) == "next_morning"


@pytest.mark.parametrize(
    ("started", "status", "now"),
    [
        (YESTERDAY.replace(hour=18), "completed", NOW.replace(hour=13)),  # afternoon
        (YESTERDAY.replace(hour=18), "interrupted", NOW),  # did not really happen
        (YESTERDAY.replace(hour=18), "in_progress", NOW),
        (NOW - timedelta(days=2), "completed", NOW),  # two days ago
        (NOW.replace(hour=7), "completed", NOW),  # this morning's own session
    ],
)
def test_not_next_morning(database, started, status, now):
    _session(started, status=status)
    assert moment_for(now, None, None) == "standalone"


def test_a_session_ending_after_midnight_is_followed_by_that_same_morning(database):
    _session(YESTERDAY.replace(hour=23, minute=50), minutes=30)  # ends 00:20 today
    assert moment_for(NOW.replace(hour=4, minute=10), None, None) == "standalone"  # too soon
    assert moment_for(NOW.replace(hour=4, minute=20), None, None) == "next_morning"  # 4 h after
    assert moment_for(NOW, None, None) == "next_morning"
    assert moment_for(NOW + timedelta(days=1), None, None) == "standalone"


def test_an_earlier_checkin_today_makes_it_standalone(database):
    _session(YESTERDAY.replace(hour=18))
    save_checkin(3, moment="standalone", now=NOW.replace(hour=7))
    assert moment_for(NOW, None, None) == "standalone"


# --- Saving ------------------------------------------------------------------------------------


def test_pain_alone_saves_one_row(database):
    saved = save_checkin(5, moment="standalone", now=NOW)
    row = CheckIn.get()
    assert CheckIn.select().count() == 1
    assert (row.id, row.pain, row.at, row.moment, row.session) == (
        saved.id,
        5,
        NOW,
        "standalone",
        None,
    )
    assert (row.locations, row.qualities, row.spreading, row.note) == ([], [], None, "")


def test_everything_is_saved_in_canonical_order(database):
    session = _session(NOW, status="in_progress")
    save_checkin(
        "4",
        moment="during",
        now=NOW,
        session_id=session.id,
        locations=["one_leg", "low_back", "low_back"],
        qualities={"sharp", "ache"},
        spreading=False,
        stiffness=6,
        sleep=3.0,
        note=" tight ",
    )
    row = CheckIn.get()
    assert row.session.id == session.id
    assert (row.pain, row.locations, row.qualities) == (
        4,
        ["low_back", "one_leg"],
        ["ache", "sharp"],
    )
    assert (row.spreading, row.stiffness, row.sleep, row.note) == (False, 6, 3, "tight")


def test_each_save_adds_exactly_one_row(database):
    for index, pain in enumerate((2, 3, 4)):
        save_checkin(pain, moment="standalone", now=NOW + timedelta(minutes=index))
    assert [c.pain for c in checkins.recent_checkins(2)] == [4, 3]
    assert CheckIn.select().count() == 3


@pytest.mark.parametrize(
    "fields",
    [
        {"pain": 12},
        {"moment": "lunchtime"},
        {"locations": ["knee"]},
        {"locations": "low_back"},
        {"qualities": ["throbbing"]},
        {"spreading": "yes"},
        {"centralising": 1},
        {"stiffness": 11},
        {"sleep": -2},
        {"note": "oops\x1b]0;title\x07"},
        {"session_id": 404},
        {"now": "2026-11-25"},
    ],
)
def test_invalid_checkins_write_nothing(database, fields):
    args = {"pain": 3, "moment": "standalone", "now": NOW} | fields
    pain = args.pop("pain")
    with pytest.raises(CheckInError):
        save_checkin(pain, **args)
    assert CheckIn.select().count() == 0


def test_pain_moving_towards_the_spine_is_stored(database):
    row = save_checkin(3, moment="during", now=NOW, centralising=True, locations=["low_back"])
    assert CheckIn.get_by_id(row.id).centralising is True
    assert CheckIn.get_by_id(save_checkin(3, moment="standalone", now=NOW).id).centralising is None


def test_a_failure_inside_the_write_leaves_no_row(database, monkeypatch):
    original = CheckIn.create.__func__

    def create_then_fail(cls, **fields):
        original(cls, **fields)
        assert CheckIn.select().count() == 1  # the row was written inside the transaction
        raise RuntimeError("disk gave up")

    monkeypatch.setattr(CheckIn, "create", classmethod(create_then_fail))
    with pytest.raises(RuntimeError):
        save_checkin(3, moment="standalone", now=NOW)
    monkeypatch.undo()
    assert CheckIn.select().count() == 0


def test_recent_checkins_limit_is_checked(database):
    with pytest.raises(ValueError):
        checkins.recent_checkins(0)


def test_a_during_checkin_gets_its_exercise_and_where_the_pain_moved(database):
    press_up = Exercise.create(
        slug="prone_press_up", name="Press-up", kind="mobility", dose_type="reps", sets=1,
        reps=8, cues=["Slowly"], mistakes=["Hips lift"],
    )  # fmt: skip
    session = Session.create(started_at=NOW, status="in_progress", kind="planned", planned_sets=2)
    saved = save_checkin(3, moment="during", now=NOW, session_id=session.id)
    checkins.add_exercise_details(saved.id, exercise_id=press_up.id, centralising=True)
    stored = CheckIn.get_by_id(saved.id)
    assert (stored.exercise_id, stored.centralising, stored.pain) == (press_up.id, True, 3)
    with pytest.raises(CheckInError):
        checkins.add_exercise_details(saved.id, exercise_id=press_up.id, centralising="yes")


def test_each_check_in_carries_its_own_client_id_and_one_id_is_stored_once(database, clock):
    """Schema 8: the id a check-in is sent again with after a lost server (db/journal.py)."""
    import peewee

    first = save_checkin(3, moment="standalone", now=clock())
    second = save_checkin(3, moment="standalone", now=clock())
    ids = [row.client_id for row in CheckIn.select().order_by(CheckIn.id)]
    assert ids == [first.client_id, second.client_id]
    assert len(set(ids)) == 2 and all(len(one) == 32 for one in ids)
    with pytest.raises(peewee.IntegrityError):
        CheckIn.create(at=clock(), moment="standalone", pain=4, client_id=first.client_id)
    CheckIn.create(at=clock(), moment="standalone", pain=5)  # ids before schema 8: none, no clash
    CheckIn.create(at=clock(), moment="standalone", pain=6)
    assert CheckIn.select().count() == 4
