"""Red-flag checklist, classification, stored screenings and where the checklist opens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_time import at

from backtui.checkin import triage
from backtui.db.models import RedFlagHold, RedFlagScreening, Session

NOW = at(2026, 11, 25, 9, 0, 0)

# Every red flag in the clinical reference (NHS, NICE NG59, backes.org.uk) and its urgency.
REFERENCE_FLAGS = {
    "both_legs": "emergency",
    "saddle_numbness": "emergency",
    "bladder": "emergency",
    "bowel": "emergency",
    "sexual_dysfunction": "emergency",
    "chest_pain": "emergency",
    "serious_fall": "emergency",
    "fever_unwell": "urgent",
    "weight_loss": "urgent",
    "lump_or_shape": "urgent",
    "rest_night_pain": "urgent",
    "cough_sneeze": "urgent",
    "thoracic_pain": "urgent",
    "history_risk": "urgent",
    "worsening_weakness": "urgent",
    # Further risk factors with new back pain (NICE NG59; NHS pathways).
    "weakened_immunity": "urgent",
    "injecting_drugs": "urgent",
    "age_onset": "urgent",
}


def test_checklist_holds_exactly_the_reference_flags():
    assert {flag.id: flag.urgency for flag in triage.RED_FLAGS} == REFERENCE_FLAGS
    assert len(triage.RED_FLAGS) == len(triage.RED_FLAGS_BY_ID) == 18


@pytest.mark.parametrize(("flag_id", "urgency"), sorted(REFERENCE_FLAGS.items()))
def test_each_flag_alone_is_classified_by_its_urgency(flag_id, urgency):
    result = triage.classify([flag_id])
    assert result.outcome == urgency
    assert result.answers == [flag_id]
    assert result.stops_session


@pytest.mark.parametrize("flag", triage.RED_FLAGS, ids=lambda flag: flag.id)
def test_each_flag_has_a_question_and_a_source(flag):
    assert flag.question.endswith("?") and len(flag.question) > 15
    assert flag.label
    assert "NHS" in flag.source and "NICE NG59" in flag.source


def test_each_question_is_a_full_sentence_longer_than_its_label():
    for flag in triage.RED_FLAGS:
        assert len(flag.question.split()) >= 6 and len(flag.question) > len(flag.label)


def test_fever_question_names_the_temperature():
    assert "38 °C" in triage.RED_FLAGS_BY_ID["fever_unwell"].question


def test_lasting_flags_are_urgent_flags_of_the_list():
    assert set(triage.LASTING_FLAGS) <= set(triage.RED_FLAGS_BY_ID)
    assert {triage.RED_FLAGS_BY_ID[f].urgency for f in triage.LASTING_FLAGS} == {"urgent"}


def test_cauda_equina_flags_cite_the_patient_card():
    for flag_id in ("both_legs", "saddle_numbness", "bladder", "bowel", "sexual_dysfunction"):
        assert "backes.org.uk" in triage.RED_FLAGS_BY_ID[flag_id].source


def test_advice_says_what_to_do():
    emergency = triage.classify(["chest_pain"]).advice
    assert "emergency number" in emergency and "A&E" in emergency
    assert "Do not do any more exercise" in emergency
    urgent = triage.classify(["weight_loss"]).advice
    assert "day or two" in urgent and "Do not exercise through" in urgent
    assert "doctor or physiotherapist has checked you" in urgent
    assert "check-in" not in urgent  # a later check-in never lifts the hold
    none = triage.classify([])
    assert none.outcome == "none" and not none.stops_session and none.flags == ()
    assert "carry on" in none.advice


def test_emergency_beats_urgent_and_flags_keep_checklist_order():
    result = triage.classify(["weight_loss", "fever_unwell", "bladder", "weight_loss"])
    assert result.outcome == "emergency"
    assert result.answers == ["bladder", "fever_unwell", "weight_loss"]
    assert triage.classify(iter(["thoracic_pain", "cough_sneeze"])).outcome == "urgent"


@pytest.mark.parametrize("answers", [["no_such_flag"], ["bladder", "Bladder"], [None], "bladder"])
def test_unknown_answers_raise(answers):
    with pytest.raises(ValueError):
        triage.classify(answers)


@pytest.mark.parametrize(
    ("locations", "qualities", "spreading", "expected"),
    [
        ((), (), None, False),
        (("low_back", "one_leg"), ("ache", "sharp"), False, False),
        (("both_legs",), (), None, True),
        ((), ("pins_needles_numbness",), None, True),
        (("one_leg",), ("ache",), True, True),
        (("buttock",), ("burning",), None, False),
        (("mid_upper_back",), (), None, True),
    ],
)
def test_body_signals_that_open_the_checklist(locations, qualities, spreading, expected):
    assert triage.signals_need_checklist(locations, qualities, spreading) is expected


@pytest.mark.parametrize(
    ("locations", "qualities", "spreading", "start"),
    [
        (("mid_upper_back",), ("ache",), None, "thoracic_pain"),
        (("low_back", "mid_upper_back"), (), False, "thoracic_pain"),
        (("both_legs", "mid_upper_back"), (), None, "both_legs"),
        ((), ("pins_needles_numbness",), None, "both_legs"),
        (("one_leg",), (), True, "both_legs"),
        (("low_back",), ("ache",), False, None),
    ],
)
def test_checklist_opens_at_the_question_closest_to_the_signal(
    locations, qualities, spreading, start
):
    assert triage.checklist_start(locations, qualities, spreading) == start


def test_unknown_body_signal_raises():
    with pytest.raises(ValueError, match="Unknown body signal"):
        triage.signals_need_checklist(["both_knees"], [], None)


def test_screening_is_stored_with_time_answers_and_trigger(database):
    session = Session.create(started_at=NOW, status="in_progress")
    result = triage.record_screening(["rest_night_pain"], "session", NOW, session_id=session.id)
    row = RedFlagScreening.get_by_id(result.screening_id)
    assert (row.at, row.answers, row.outcome, row.trigger) == (
        NOW,
        ["rest_night_pain"],
        "urgent",
        "session",
    )
    assert row.session.id == session.id


def test_clear_screening_is_stored_but_starts_no_hold(database):
    assert triage.needs_first_screening()
    result = triage.record_screening([], "first_session", NOW)
    assert result.outcome == "none"
    assert not triage.needs_first_screening()
    assert triage.paused_since() is None
    assert RedFlagHold.select().count() == 0
    assert triage.last_screening().id == result.screening_id


def test_last_screening_is_the_newest(database):
    triage.record_screening([], "manual", NOW - timedelta(days=3))
    newest = triage.record_screening(["chest_pain"], "manual", NOW)
    triage.record_screening([], "manual", NOW - timedelta(days=1))
    assert triage.last_screening().id == newest.screening_id


@pytest.mark.parametrize("answers", [["bowel"], ["cough_sneeze"]])
def test_warning_sign_starts_a_hold_at_the_screening_time(database, answers):
    result = triage.record_screening(answers, "body_signal", NOW)
    hold = RedFlagHold.get()
    assert (hold.started_at, hold.flags, hold.screening_id) == (NOW, answers, result.screening_id)
    assert hold.outcome == result.outcome and hold.ended_at is None
    assert triage.paused_since() == NOW


@pytest.mark.parametrize(
    ("answers", "trigger", "session_id"),
    [(["nope"], "manual", None), (["bowel"], "whenever", None), (["bowel"], "manual", 999)],
)
def test_bad_screening_stores_nothing(database, answers, trigger, session_id):
    with pytest.raises(ValueError):
        triage.record_screening(answers, trigger, NOW, session_id=session_id)
    assert RedFlagScreening.select().count() == 0
    assert RedFlagHold.select().count() == 0
    assert triage.paused_since() is None
