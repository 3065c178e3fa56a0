"""Red-flag holds: only a clinician's clearance or a withdrawal lifts one, never a pain score."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_time import at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtui.checkin import holds, triage
from backtui.checkin.checkins import save_checkin
from backtui.db.models import LOCATIONS, MOMENTS, QUALITIES, CheckIn, RedFlagHold
from backtui.progression import inputs as progression_inputs

NOW = at(2026, 11, 25, 9, 0, 0)


def _usual_level(pain: int, days: int = 5) -> None:
    for back in range(1, days + 1):
        CheckIn.create(at=NOW - timedelta(days=back), moment="standalone", pain=pain)


def test_no_hold_without_a_warning_sign(database):
    triage.record_screening([], "manual", NOW)
    assert holds.active_hold() is None
    assert not progression_inputs.progression_paused()


def test_active_hold_says_what_was_reported_when_and_what_to_do(database):
    triage.record_screening(["weight_loss"], "manual", NOW)
    hold = holds.active_hold()
    assert hold.started_at == NOW and hold.outcome == "urgent"
    assert hold.reported == (triage.RED_FLAGS_BY_ID["weight_loss"].question,)
    assert hold.labels == ("Unplanned weight loss",)
    assert "doctor" in hold.advice and hold.headline == triage.HEADLINES["urgent"]
    assert progression_inputs.progression_paused()


def test_open_holds_merge_into_the_most_serious(database):
    triage.record_screening(["weight_loss"], "manual", NOW)
    triage.record_screening(["bladder"], "manual", NOW + timedelta(hours=1))
    hold = holds.active_hold()
    assert hold.outcome == "emergency" and hold.started_at == NOW
    assert [flag.id for flag in hold.flags] == ["bladder", "weight_loss"]
    assert len(hold.ids) == 2


def test_good_checkins_never_lift_a_hold(database):
    _usual_level(4)
    triage.record_screening(["fever_unwell"], "manual", NOW)
    for day in range(1, 15):
        save_checkin(0, moment="standalone", now=NOW + timedelta(days=day))
        save_checkin(0, moment="next_morning", now=NOW + timedelta(days=day, hours=1))
    assert holds.active_hold() is not None
    assert triage.paused_since() == NOW


def test_clearance_by_a_clinician_is_stored_with_its_date_and_note(database):
    triage.record_screening(["rest_night_pain", "history_risk"], "manual", NOW)
    later = NOW + timedelta(days=2)
    ended = holds.clear_hold(
        "physiotherapist", "  Checked at the clinic; fine to exercise. ", now=later
    )
    assert ended.ending == "cleared" and ended.cleared_by == "physiotherapist"
    row = RedFlagHold.get()
    assert (row.ended_at, row.ending, row.cleared_by) == (later, "cleared", "physiotherapist")
    assert row.note == "Checked at the clinic; fine to exercise."
    assert holds.active_hold() is None
    assert not progression_inputs.progression_paused()


def test_a_flag_ticked_by_mistake_can_be_withdrawn(database):
    triage.record_screening(["chest_pain"], "manual", NOW)
    ended = holds.withdraw_hold(NOW + timedelta(minutes=1))
    row = RedFlagHold.get()
    assert (ended.ending, row.ending, row.cleared_by) == ("withdrawn", "withdrawn", None)
    assert row.ended_at == NOW + timedelta(minutes=1)
    assert holds.active_hold() is None


def test_clearance_ends_every_open_hold_and_a_new_flag_starts_another(database):
    triage.record_screening(["weight_loss"], "manual", NOW)
    triage.record_screening(["cough_sneeze"], "manual", NOW + timedelta(hours=2))
    holds.clear_hold("doctor", now=NOW + timedelta(days=1))
    assert RedFlagHold.select().where(RedFlagHold.ended_at.is_null()).count() == 0
    triage.record_screening(["thoracic_pain"], "manual", NOW + timedelta(days=3))
    assert [f.id for f in holds.active_hold().flags] == ["thoracic_pain"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: holds.clear_hold("doctor", now=NOW), "not on hold"),
        (lambda: holds.withdraw_hold(NOW), "not on hold"),
    ],
)
def test_nothing_to_lift_without_a_hold(database, call, message):
    with pytest.raises(holds.HoldError, match=message):
        call()


def test_bad_clearances_change_nothing(database):
    triage.record_screening(["weight_loss"], "manual", NOW)
    with pytest.raises(holds.HoldError, match="who checked you"):
        holds.clear_hold("neighbour", now=NOW + timedelta(days=1))
    with pytest.raises(holds.HoldError, match="before it began"):
        holds.clear_hold("doctor", now=NOW - timedelta(days=1))
    with pytest.raises(holds.HoldError, match="cannot be saved"):
        holds.clear_hold("doctor", "\x1b[2J", now=NOW + timedelta(days=1))
    assert holds.active_hold() is not None


_CHECKINS = st.lists(
    st.tuples(
        st.integers(0, 10),
        st.sampled_from(MOMENTS),
        st.integers(0, 60 * 24 * 30),  # minutes after the warning sign
        st.lists(st.sampled_from(LOCATIONS), unique=True, max_size=2),
        st.lists(st.sampled_from(QUALITIES), unique=True, max_size=2),
        st.none() | st.booleans(),
    ),
    max_size=12,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=_CHECKINS, usual=st.integers(0, 10))
def test_no_sequence_of_checkins_lifts_a_hold(database, sequence, usual):
    CheckIn.delete().execute()
    RedFlagHold.delete().execute()
    _usual_level(usual)
    triage.record_screening(["rest_night_pain"], "manual", NOW)
    for pain, moment, minutes, locations, qualities, spreading in sequence:
        save_checkin(
            pain,
            moment=moment,
            now=NOW + timedelta(minutes=minutes),
            locations=locations,
            qualities=qualities,
            spreading=spreading,
        )
    assert holds.active_hold() is not None
    assert progression_inputs.progression_paused()


# --- lasting facts: not asked again once a clinician has cleared them ---------------------------


def _ids(flags) -> set[str]:
    return {flag.id for flag in flags}


def test_every_flag_is_asked_until_a_clinician_clears_a_lasting_one(database):
    assert holds.flags_to_ask(NOW) == triage.RED_FLAGS
    triage.record_screening(["history_risk"], "session", NOW)
    assert holds.flags_to_ask(NOW + timedelta(hours=1)) == triage.RED_FLAGS


def test_cleared_lasting_facts_are_left_out_of_routine_checklists(database):
    _usual_level(3)
    triage.record_screening(["history_risk", "rest_night_pain"], "session", NOW)
    holds.clear_hold("doctor", now=NOW + timedelta(days=1))
    asked = _ids(holds.flags_to_ask(NOW + timedelta(days=2)))
    assert "history_risk" not in asked
    assert "rest_night_pain" in asked  # a symptom of today, not a lasting fact: still asked
    assert len(asked) == len(triage.RED_FLAGS) - 1


def test_a_withdrawn_lasting_fact_is_still_asked(database):
    triage.record_screening(["history_risk"], "session", NOW)
    holds.withdraw_hold(NOW + timedelta(minutes=2))
    assert "history_risk" in _ids(holds.flags_to_ask(NOW + timedelta(days=2)))


@pytest.mark.parametrize(
    ("pain", "fields"),
    [
        (3, {"locations": ["one_leg"]}),  # a place not reported before
        (3, {"qualities": ["pins_needles_numbness"]}),  # a body signal for the checklist
        (5, {}),  # 2 points above the usual level of 3 (Farrar 2001)
    ],
)
def test_something_new_brings_the_lasting_facts_back(database, pain, fields):
    _usual_level(3)
    CheckIn.create(at=NOW - timedelta(days=1), moment="standalone", pain=3, locations=["low_back"])
    triage.record_screening(["history_risk"], "session", NOW)
    holds.clear_hold("doctor", now=NOW + timedelta(days=1))
    quiet = NOW + timedelta(days=2)
    save_checkin(3, moment="standalone", now=quiet, locations=["low_back"])
    assert "history_risk" not in _ids(holds.flags_to_ask(quiet))
    later = NOW + timedelta(days=3)
    save_checkin(pain, moment="standalone", now=later, **fields)
    assert "history_risk" in _ids(holds.flags_to_ask(later))


def test_a_checklist_opened_by_a_body_signal_asks_everything(database):
    triage.record_screening(["history_risk"], "session", NOW)
    holds.clear_hold("doctor", now=NOW + timedelta(days=1))
    later = NOW + timedelta(days=2)
    assert "history_risk" not in _ids(holds.flags_to_ask(later, "session"))
    assert holds.flags_to_ask(later, "body_signal") == triage.RED_FLAGS
