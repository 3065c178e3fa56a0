"""What pressing start runs, and when the red-flag checklist must come first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from session_helpers import add_library, plan

from backtui.checkin import holds, triage
from backtui.checkin.checkins import save_checkin
from backtui.db.models import CheckIn, RedFlagScreening, Session
from backtui.history import past
from backtui.session import items as runs
from backtui.session import store
from backtui.session.start import resumption, screening_trigger, start_options


@pytest.fixture
def library(database):
    return add_library()


def test_today_planned_runs_todays_plan(library, clock):
    plan(library["cat_cow"], clock(), weekdays="2")  # the fixed clock is a Wednesday
    options = start_options(clock())
    assert (options.today.kind, options.today.plan_day, options.next_day) == ("planned", 2, None)
    assert options.minimum.kind == "minimum"


def test_nothing_today_offers_the_next_planned_day(library, clock):
    plan(library["cat_cow"], clock(), weekdays="4")
    options = start_options(clock())
    assert options.today is None
    assert (options.next_day.label, options.next_day.plan_day) == ("Friday's plan", 4)


def test_start_options_close_old_sessions_and_offer_todays(library, clock):
    items = runs.session_items([plan(library["cat_cow"], clock(), weekdays="2")])
    old = store.start_session(clock() - timedelta(days=2), items)
    today = store.start_session(clock(), items)
    options = start_options(clock())
    assert options.resume.id == today.id
    assert Session.get_by_id(old.id).status == "interrupted"


def test_checklist_comes_first_before_the_first_session(library, clock):
    assert screening_trigger(clock()) == "first_session"
    triage.record_screening([], "first_session", clock())
    assert screening_trigger(clock()) is None


def test_checklist_comes_back_after_new_symptoms_and_while_a_warning_holds(library, clock):
    triage.record_screening([], "first_session", clock())
    clock.advance(hours=1)
    save_checkin(4, moment="standalone", now=clock(), locations=["both_legs"])
    assert screening_trigger(clock()) == "body_signal"
    clock.advance(hours=1)
    triage.record_screening(["fever_unwell"], "manual", clock())  # urgent: progression paused
    assert screening_trigger(clock()) == "session"


def test_resumption_leaves_out_skipped_exercises_and_counts_done_sets(library, clock):
    items = runs.session_items(
        [
            plan(library["bird_dog"], clock(), weekdays="2"),
            plan(library["cat_cow"], clock(), weekdays="2", position=1),
            plan(library["knee_rolls"], clock(), weekdays="2", position=2),
        ]
    )
    session = store.start_session(clock(), items, plan_day=2)
    store.log_set(session.id, library["bird_dog"].id, 1, now=clock())
    store.log_skip(session.id, library["cat_cow"].id, "pain", now=clock())
    state = resumption(session.id)
    assert [item.exercise.slug for item in state.items] == ["bird_dog", "knee_rolls"]
    assert state.done_sets == {library["bird_dog"].id: 1}


def test_start_shows_an_open_hold_until_a_clinician_clears_it(library, clock):
    plan(library["cat_cow"], clock(), weekdays="0,1,2,3,4,5,6")
    triage.record_screening(["weight_loss"], "manual", clock())
    clock.advance(days=1)
    save_checkin(0, moment="standalone", now=clock())  # a good day does not lift it
    options = start_options(clock())
    assert options.hold is not None and options.hold.labels == ("Unplanned weight loss",)
    assert options.screening == "session"
    holds.clear_hold("doctor", now=clock())
    options = start_options(clock())
    assert options.hold is None and options.screening is None


def test_a_flare_up_offers_its_short_session_in_the_first_days(library, clock):
    plan(library["cat_cow"], clock(), weekdays="0,1,2,3,4,5,6")
    triage.record_screening([], "first_session", clock())
    save_checkin(8, moment="before", now=clock())
    options = start_options(clock())
    assert options.flare_up.phase == "settle"
    assert options.flare_up_session.label == "Flare-up session"
    assert options.flare_up_session.items[0].exercise.slug == "walking"
    clock.advance(days=4)
    options = start_options(clock())
    assert options.flare_up.phase == "rebuild" and options.flare_up_session is None


def test_pain_in_the_mid_or_upper_back_brings_the_checklist_back(library, clock):
    plan(library["cat_cow"], clock(), weekdays="0,1,2,3,4,5,6")
    triage.record_screening([], "first_session", clock())
    clock.advance(hours=1)
    save_checkin(3, moment="standalone", now=clock(), locations=["mid_upper_back"])
    assert screening_trigger(clock()) == "body_signal"


@pytest.mark.parametrize(
    "signals",
    [
        {"locations": ["low_back", "both_legs"]},
        {"locations": ["mid_upper_back"]},
        {"qualities": ["ache", "pins_needles_numbness"]},
        {"locations": ["one_leg"], "spreading": True},
    ],
)
def test_one_warning_signal_among_ordinary_check_ins_still_calls_for_the_checklist(
    library, clock, signals
):
    """Only check-ins that may call for the checklist are read: every kind of signal is found."""
    triage.record_screening([], "first_session", clock())
    for _ in range(5):
        clock.advance(hours=1)
        save_checkin(
            2,
            moment="standalone",
            now=clock(),
            locations=["low_back", "one_leg"],
            qualities=["ache", "stiffness"],
            spreading=False,
        )
    assert screening_trigger(clock()) is None
    clock.advance(hours=1)
    save_checkin(3, moment="standalone", now=clock(), **signals)
    clock.advance(hours=1)
    save_checkin(2, moment="standalone", now=clock(), locations=["low_back"])
    assert screening_trigger(clock()) == "body_signal"


# The checklist's check keeps its answer about check-ins before last week (history/past.py): it
# must give what a read of every check-in since the last checklist gives, as check-ins are added.
_SIGNS = (
    {},
    {"locations": ["low_back"]},
    {"locations": ["both_legs"]},
    {"locations": ["mid_upper_back"]},
    {"qualities": ["pins_needles_numbness"]},
    {"locations": ["one_leg"], "spreading": True},
)


def _any_sign_since_last_checklist(now) -> bool:
    last = triage.last_screening()
    return any(
        triage.signals_need_checklist(row.locations, row.qualities, row.spreading)
        for row in CheckIn.select().where(CheckIn.at > last.at, CheckIn.at <= now)
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    checkins=st.lists(st.tuples(st.integers(0, 60), st.integers(0, len(_SIGNS) - 1)), max_size=8),
    screening_day=st.integers(0, 60),
    later=st.tuples(st.integers(0, 60), st.integers(0, len(_SIGNS) - 1)),
)
def test_the_checklist_check_matches_a_read_of_every_checkin(
    database, clock, checkins, screening_day, later
):
    CheckIn.delete().execute()
    RedFlagScreening.delete().execute()
    past.forget()  # backtui never deletes a check-in: each example starts a new record
    start = clock() - timedelta(days=61)
    triage.record_screening([], "first_session", start + timedelta(days=screening_day, hours=1))
    for day, sign in checkins:
        save_checkin(2, moment="standalone", now=start + timedelta(days=day), **_SIGNS[sign])
    now = clock()
    for _ in range(2):  # then once more after a check-in is added, in the past or lately
        expected = "body_signal" if _any_sign_since_last_checklist(now) else None
        assert screening_trigger(now) == expected
        day, sign = later
        save_checkin(2, moment="standalone", now=start + timedelta(days=day), **_SIGNS[sign])
