"""Red-flag checklist, classification, stored screenings and the progression pause."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from backtui.checkin import triage
from backtui.checkin.checkins import save_checkin
from backtui.db.models import CheckIn, RedFlagScreening, Session, Setting

NOW = datetime(2026, 11, 25, 9, 0, 0)

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
}


def test_checklist_holds_exactly_the_reference_flags():
    assert {flag.id: flag.urgency for flag in triage.RED_FLAGS} == REFERENCE_FLAGS
    assert len(triage.RED_FLAGS) == len(triage.RED_FLAGS_BY_ID) == 15


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


def test_cauda_equina_flags_cite_the_patient_card():
    for flag_id in ("both_legs", "saddle_numbness", "bladder", "bowel", "sexual_dysfunction"):
        assert "backes.org.uk" in triage.RED_FLAGS_BY_ID[flag_id].source


def test_advice_says_what_to_do():
    emergency = triage.classify(["chest_pain"]).advice
    assert "emergency number" in emergency and "A&E" in emergency
    assert "Do not do any more exercise" in emergency
    urgent = triage.classify(["weight_loss"]).advice
    assert "day or two" in urgent and "Do not exercise through" in urgent
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
    ],
)
def test_body_signals_that_open_the_checklist(locations, qualities, spreading, expected):
    assert triage.signals_need_checklist(locations, qualities, spreading) is expected


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


def test_clear_screening_is_stored_but_does_not_pause(database):
    assert triage.needs_first_screening()
    result = triage.record_screening([], "first_session", NOW)
    assert result.outcome == "none"
    assert not triage.needs_first_screening()
    assert triage.paused_since() is None
    assert triage.last_screening().id == result.screening_id


def test_last_screening_is_the_newest(database):
    triage.record_screening([], "manual", NOW - timedelta(days=3))
    newest = triage.record_screening(["chest_pain"], "manual", NOW)
    triage.record_screening([], "manual", NOW - timedelta(days=1))
    assert triage.last_screening().id == newest.screening_id


@pytest.mark.parametrize("answers", [["bowel"], ["cough_sneeze"]])
def test_warning_sign_pauses_progression_at_the_screening_time(database, answers):
    triage.record_screening(answers, "body_signal", NOW)
    assert Setting.get_by_id(triage.PAUSE_KEY).value == NOW.isoformat()
    assert triage.paused_since() == NOW


@pytest.mark.parametrize(
    ("answers", "trigger", "session_id"),
    [(["nope"], "manual", None), (["bowel"], "whenever", None), (["bowel"], "manual", 999)],
)
def test_bad_screening_stores_nothing(database, answers, trigger, session_id):
    with pytest.raises(ValueError):
        triage.record_screening(answers, trigger, NOW, session_id=session_id)
    assert RedFlagScreening.select().count() == 0
    assert triage.paused_since() is None


def _usual_level(pain: int, days: int = 5) -> None:
    """Resting check-ins on the days before NOW, all at ``pain``."""
    for back in range(1, days + 1):
        CheckIn.create(at=NOW - timedelta(days=back), moment="standalone", pain=pain)


def _checkin(at, pain, moment="standalone", **fields):
    return CheckIn.create(at=at, moment=moment, pain=pain, **fields)


def test_next_day_checkin_at_usual_level_clears_the_pause(database):
    _usual_level(4)
    triage.record_screening(["fever_unwell"], "manual", NOW)
    assert triage.clear_pause_if_good(_checkin(NOW + timedelta(days=1), 4))
    assert triage.paused_since() is None


@pytest.mark.parametrize(
    ("offset", "pain", "moment", "fields"),
    [
        (timedelta(hours=3), 1, "standalone", {}),  # same day: no time yet to get help
        (timedelta(days=1), 5, "standalone", {}),  # above the usual level of 4
        (timedelta(days=1), 2, "after", {}),  # a session moment, not a calm one
        (timedelta(days=1), 2, "standalone", {"spreading": True}),
        (timedelta(days=1), 2, "next_morning", {"locations": ["both_legs"]}),
    ],
)
def test_pause_stays_when_the_checkin_is_not_good(database, offset, pain, moment, fields):
    _usual_level(4)
    triage.record_screening(["bladder"], "manual", NOW)
    assert not triage.clear_pause_if_good(_checkin(NOW + offset, pain, moment, **fields))
    assert triage.paused_since() == NOW


def test_usual_level_is_measured_before_the_warning(database):
    _usual_level(3)
    triage.record_screening(["weight_loss"], "manual", NOW)
    # High-pain check-ins after the warning must not raise the bar for clearing it.
    for hours in (1, 2, 3):
        _checkin(NOW + timedelta(hours=hours), 9)
    assert not triage.clear_pause_if_good(_checkin(NOW + timedelta(days=1), 5))
    assert triage.clear_pause_if_good(_checkin(NOW + timedelta(days=1, hours=1), 3))


def test_without_any_history_only_the_safe_zone_clears(database):
    triage.record_screening(["weight_loss"], "manual", NOW)
    assert not triage.clear_pause_if_good(_checkin(NOW + timedelta(days=1), 3))
    assert triage.clear_pause_if_good(_checkin(NOW + timedelta(days=1, hours=1), 2))


def test_a_later_warning_restarts_the_pause(database):
    _usual_level(2)
    triage.record_screening(["weight_loss"], "manual", NOW)
    later = NOW + timedelta(days=1)
    triage.record_screening(["thoracic_pain"], "manual", later)
    assert triage.paused_since() == later
    assert not triage.clear_pause_if_good(_checkin(later + timedelta(hours=1), 1))


def test_nothing_to_clear_when_not_paused(database):
    assert not triage.clear_pause_if_good(_checkin(NOW, 0))


def test_saving_a_good_checkin_clears_the_pause(database):
    _usual_level(3)
    triage.record_screening(["rest_night_pain"], "manual", NOW)
    save_checkin(6, moment="standalone", now=NOW + timedelta(days=1))
    assert triage.paused_since() == NOW
    save_checkin(3, moment="standalone", now=NOW + timedelta(days=1, hours=2))
    assert triage.paused_since() is None
