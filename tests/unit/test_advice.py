"""During-session advice from the whole check-in: one case per rule, and a property over all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_time import at
from hypothesis import given
from hypothesis import strategies as st

from backtui.checkin import advice
from backtui.checkin.advice import DuringCheckIn, advise
from backtui.checkin.checkins import save_checkin
from backtui.db.models import LOCATIONS, QUALITIES, Session
from backtui.session import store

NOW = at(2026, 11, 25, 9, 0, 0)

# (the check-in, the action, the rule codes that must be among the reasons)
CASES = [
    ("calm", DuringCheckIn(3), "carry_on", set()),
    ("5/10 is still acceptable", DuringCheckIn(5, ("low_back",), ("ache",)), "carry_on", set()),
    ("above 5", DuringCheckIn(6), "stop_exercise", {"high_pain"}),
    ("sharp at 4", DuringCheckIn(4, qualities=("sharp",)), "stop_exercise", {"sharp"}),
    ("burning at 2", DuringCheckIn(2, qualities=("burning",)), "stop_exercise", {"burning"}),
    (
        "tingling at 1",
        DuringCheckIn(1, qualities=("pins_needles_numbness",)),
        "stop_exercise",
        {"pins_needles_numbness"},
    ),
    ("one leg at 3", DuringCheckIn(3, ("one_leg",)), "stop_exercise", {"one_leg"}),
    ("buttock at 3", DuringCheckIn(3, ("buttock",)), "stop_exercise", {"buttock"}),
    (
        "mid or upper back",
        DuringCheckIn(2, ("mid_upper_back",)),
        "stop_exercise",
        {"mid_upper_back"},
    ),
    ("rise of 2", DuringCheckIn(4, pain_before=2), "stop_exercise", {"rise"}),
    ("rise of 1 only", DuringCheckIn(4, pain_before=3), "carry_on", set()),
    ("spreading", DuringCheckIn(2, spreading=True), "end_session", {"spreading"}),
    ("both legs", DuringCheckIn(2, ("both_legs",)), "end_session", {"both_legs"}),
    (
        "pain moving down the leg during a press-up",
        DuringCheckIn(2, ("low_back",), centralising=False, exercise_slug="prone_press_up"),
        "stop_exercise",
        {"peripheralising"},
    ),
    (
        "sharp, in one leg, at 4 (the case that was answered 'carry on')",
        DuringCheckIn(4, ("one_leg",), ("sharp",)),
        "stop_exercise",
        {"sharp", "one_leg"},
    ),
    (
        "spreading beats stopping one exercise",
        DuringCheckIn(7, ("one_leg",), ("sharp",), spreading=True),
        "end_session",
        {"spreading", "high_pain", "sharp", "one_leg"},
    ),
]


@pytest.mark.parametrize(
    ("checkin", "action", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule(checkin, action, codes):
    result = advise(checkin)
    assert result.action == action
    assert {reason.code for reason in result.reasons} == codes
    assert all(reason.source and reason.words for reason in result.reasons)
    assert result.offer_easier is (action == "stop_exercise")


def test_every_rule_cites_a_source_and_has_a_known_action():
    for rule in advice.RULES:
        assert rule.action in advice.ACTIONS and rule.source.strip()
        assert rule.words.strip() and "carry on" not in rule.words.lower()


def test_reasons_name_the_figures():
    result = advise(DuringCheckIn(6, pain_before=2))
    words = " ".join(reason.words for reason in result.reasons)
    assert "6/10" in words and "4 points" in words and "2 to 6/10" in words
    assert "Silbernagel" in " ".join(result.sources) and "Farrar" in " ".join(result.sources)


def test_centralising_during_a_press_up_is_a_good_sign():
    result = advise(DuringCheckIn(3, ("low_back",), centralising=True, exercise_slug="sphinx"))
    assert result.action == "carry_on"
    assert [sign.code for sign in result.good_signs] == ["centralising"]
    assert "good sign" in result.message and "suit your back" in result.message
    assert "Donelson" in result.sources[0]


def test_pain_moving_down_the_leg_stops_a_press_up_whatever_else():
    result = advise(
        DuringCheckIn(3, ("one_leg",), spreading=True, centralising=True, exercise_slug="sphinx")
    )
    assert result.action == "end_session" and result.good_signs == ()


def test_centralising_with_leg_pain_still_stops_the_exercise_but_says_the_good_sign():
    result = advise(DuringCheckIn(3, ("one_leg",), centralising=True))
    assert result.action == "stop_exercise"
    assert [sign.code for sign in result.good_signs] == ["centralising"]


@pytest.mark.parametrize(
    ("locations", "qualities", "spreading", "start"),
    [
        (("mid_upper_back",), (), None, "thoracic_pain"),
        (("both_legs",), (), None, "both_legs"),
        ((), ("pins_needles_numbness",), None, "both_legs"),
        (("low_back",), ("sharp",), None, None),
    ],
)
def test_advice_says_where_the_checklist_opens(locations, qualities, spreading, start):
    assert advise(DuringCheckIn(2, locations, qualities, spreading)).checklist_at == start


def test_unknown_signals_and_scores_are_refused():
    with pytest.raises(ValueError):
        advise(DuringCheckIn(11))
    with pytest.raises(ValueError, match="Unknown body signal"):
        advise(DuringCheckIn(2, ("knee",)))


_WARNING_QUALITIES = ("sharp", "burning", "pins_needles_numbness")
_LEG_PLACES = ("one_leg", "both_legs")


@st.composite
def _during_checkins(draw):
    return DuringCheckIn(
        pain=draw(st.integers(0, 10)),
        locations=tuple(draw(st.lists(st.sampled_from(LOCATIONS), unique=True, max_size=4))),
        qualities=tuple(draw(st.lists(st.sampled_from(QUALITIES), unique=True, max_size=3))),
        spreading=draw(st.none() | st.booleans()),
        centralising=draw(st.none() | st.booleans()),
        pain_before=draw(st.none() | st.integers(0, 10)),
        exercise_slug=draw(st.none() | st.sampled_from(("sphinx", "prone_press_up", "cat_cow"))),
    )


@given(_during_checkins())
def test_no_warning_quality_or_leg_symptom_is_ever_answered_carry_on(checkin):
    result = advise(checkin)
    warned = set(checkin.qualities) & set(_WARNING_QUALITIES)
    legs = set(checkin.locations) & set(_LEG_PLACES)
    if warned or legs or checkin.spreading or checkin.pain > 5:
        assert result.action != "carry_on"
        assert "carry on" not in result.message
    if result.action == "carry_on":
        assert result.reasons == ()
    else:
        assert result.reasons and result.headline != advice.HEADLINES["carry_on"]


def test_during_signal_keeps_its_short_answers():
    assert store.during_signal(5, None) == "ok"
    assert store.during_signal(6, False) == "high_pain"
    assert store.during_signal(2, True) == "spreading"
    assert store.during_signal(4, None, qualities=["sharp"], locations=["one_leg"]) == "high_pain"
    assert store.during_signal(4, None, locations=["both_legs"]) == "spreading"
    assert store.during_signal(4, None, pain_before=1) == "high_pain"


def test_advice_for_a_stored_checkin_uses_the_pain_before_the_session(database):
    session = Session.create(started_at=NOW, status="in_progress")
    save_checkin(2, moment="before", now=NOW, session_id=session.id)
    during = save_checkin(
        5, moment="during", now=NOW + timedelta(minutes=5), session_id=session.id
    )
    result = advice.advise_checkin(during)
    assert result.action == "stop_exercise" and [r.code for r in result.reasons] == ["rise"]
