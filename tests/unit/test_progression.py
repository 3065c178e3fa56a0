"""The progression engine: one case per rule and per edge, properties over any sequence of sessions,
and the database side (evaluate, accept, decline)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from fixed_time import at
from hypothesis import given, settings
from hypothesis import strategies as st

from backtui.checkin import holds, triage
from backtui.checkin.checkins import save_checkin
from backtui.db.models import (
    CheckIn,
    Exercise,
    FlareUp,
    PlanItem,
    ProgressionDecision,
    Session,
    SetLog,
    SkipLog,
)
from backtui.db.settings import get_setting
from backtui.plan import weekly
from backtui.plan.dose import FLOOR_HOLD_SECONDS, FLOOR_MINUTES, FLOOR_REPS, FLOOR_SETS, Dose
from backtui.plan.ladder import Limits, Variant, step_back, step_up
from backtui.plan.library import load_library, sync_library
from backtui.plan.programmes import install_programme
from backtui.progression import inputs, store
from backtui.progression.engine import (
    Context,
    EngineState,
    ItemState,
    SessionOutcome,
    advance,
    decide,
    decide_session,
    in_start_slow,
    judge,
)
from backtui.progression.inputs import session_outcome

REPS = Dose("reps", 2, 8)
BIRD_DOG = ItemState(
    name="Bird-dog", dose=REPS, beginner=Dose("reps", 2, 6), limits=Limits(max_reps=12),
    sessions_since_step=2,
)  # fmt: skip
GOOD = SessionOutcome(pain_during=3, pain_next_morning=2, baseline=2, effort=4)
CALM = Context(week_volume_baseline=10_000)


def _case(id_, outcome=GOOD, ctx=CALM, action="hold", to=None, words="", **item):
    return pytest.param(replace(BIRD_DOG, **item), outcome, ctx, action, to, words, id=id_)


CASES = [
    _case("all rules held and easy: progress", action="progress", to="2×10",
          words="Bird-dog 2×8 → 2×10: pain stayed at 3 during and was back to 2 next morning."),
    _case("pain during above 5: step back", replace(GOOD, pain_during=6), action="step_back",
          to="2×6", words="pain reached 6 during (the limit is 5)"),
    _case("pain after above 5: step back", replace(GOOD, pain_after=7), action="step_back",
          to="2×6", words="7 after"),
    _case("next morning 2 above usual: step back", replace(GOOD, pain_next_morning=4),
          action="step_back", to="2×6", words="4 next morning, above your usual 2"),
    _case("next morning 1 above usual: at the limit, hold", replace(GOOD, pain_next_morning=3),
          words="a point above your usual 2"),
    _case("pain during 5: at the limit, hold", replace(GOOD, pain_during=5),
          words="close to the limit"),
    _case("pain rising week on week: step back", replace(GOOD, weekly_pain_rise=1.5),
          action="step_back", to="2×6", words="1.5 points above last week"),
    _case("stiffness rising week on week: step back", replace(GOOD, weekly_stiffness_rise=1.0),
          action="step_back", to="2×6", words="stiffness"),
    _case("pain creeping up a little: hold", replace(GOOD, weekly_pain_rise=0.6),
          words="crept up"),
    _case("felt hard: hold", replace(GOOD, effort=8), words="effort 8/10"),
    _case("no next-morning check-in: hold, never progress",
          replace(GOOD, pain_next_morning=None), words="no next-morning check-in"),
    _case("no pain scores at all: hold", SessionOutcome(pain_next_morning=1, baseline=2),
          words="no pain score"),
    _case("no usual level known, calm morning: progress",
          replace(GOOD, baseline=None), action="progress", to="2×10", words="was 2 next morning"),
    _case("pacing cap: changed last session, hold", sessions_since_step=1,
          words="done once at this dose, and backtui waits for 2 sessions"),
    _case("first two weeks: waits 3 sessions", ctx=replace(CALM, start_slow=True),
          words="waits for 3 sessions before a step up in the first two weeks"),
    _case("first two weeks: one more rep only", ctx=replace(CALM, start_slow=True),
          sessions_since_step=3, action="progress", to="2×9"),
    _case("second break running: see a clinician and step back",
          replace(GOOD, pain_during=7), replace(CALM, previous_broke=True),
          action="see_clinician", to="2×6", words="two sessions running"),
    _case("spreading leg symptoms: see a clinician, no dose change",
          replace(GOOD, spreading=True), action="see_clinician", words="spread further"),
    _case("paused by a warning sign: hold", ctx=replace(CALM, paused=True), words="paused"),
    _case("paused and a rule broke: still steps back", replace(GOOD, pain_during=8),
          replace(CALM, paused=True), action="step_back", to="2×6"),
    _case("after a clinician suggestion, first good session: hold",
          ctx=replace(CALM, awaiting_good_checkin=True, previous_broke=True),
          words="first session to go well"),
    _case("the session after a break: hold", ctx=replace(CALM, previous_broke=True),
          words="the session before broke a pain rule"),
    _case("skipped for pain: step back", skip_reason="pain", sets_done=0, action="step_back",
          to="2×6", words="skipped it because of pain"),
    _case("skipped as too hard: step back", skip_reason="too_hard", action="step_back", to="2×6"),
    _case("too hard after a broken session: a step back, not a clinician",
          skip_reason="too_hard", ctx=replace(CALM, previous_broke=True), action="step_back",
          to="2×6"),
    _case("skipped for time: hold", skip_reason="no_time", sets_done=0, words="not all of it"),
    _case("fewer sets than planned: hold", sets_done=1, words="not all of it"),
    _case("week already grew 10%: hold", ctx=replace(CALM, week_volume_growth=990),
          words="grown by about a tenth"),
    _case("first step of the week is allowed even above 10%",
          ctx=replace(CALM, week_volume_baseline=10), action="progress", to="2×10"),
    _case("at the floor with no easier variant: hold, never lower",
          replace(GOOD, pain_during=9), dose=Dose("reps", 1, 1), action="hold",
          words="already its gentlest dose"),
    _case("at the top of the range: hold", dose=Dose("reps", 3, 12), words="top of its range"),
]  # fmt: skip


@pytest.mark.parametrize(("item", "outcome", "ctx", "action", "to", "words"), CASES)
def test_engine_rules(item, outcome, ctx, action, to, words):
    decision = decide(item, outcome, ctx)
    assert decision.action == action, decision.reason
    assert (decision.to_dose.compact() if decision.to_dose else None) == to
    assert words in decision.reason
    assert decision.from_dose == item.dose


EASY_POSE = Variant("sphinx", "Sphinx", Dose("hold", 1, 2, 20))
HARD_POSE = Variant("press", "Press-up", Dose("reps", 1, 8))


@pytest.mark.parametrize(
    ("dose", "beginner", "limits", "slow", "expected"),
    [
        (Dose("reps", 2, 12), Dose("reps", 2, 8), Limits(), False, "3×8"),  # extra set at the cap
        (Dose("reps", 3, 12), Dose("reps", 2, 8), Limits(), False, "Press-up 1×8"),
        (Dose("hold", 1, 2, 25), Dose("hold", 1, 2, 20), Limits(max_sets=1), False, "1×2×30 s"),
        (Dose("hold", 1, 2, 30), Dose("hold", 1, 2, 20), Limits(max_sets=1), False, "1×3×30 s"),
        (Dose("hold", 1, 2, 20), Dose("hold", 1, 2, 20), Limits(), True, "1×3×20 s"),
        (Dose("minutes", 1, minutes=29), Dose("minutes", 1, minutes=10), Limits(), False, "30 min"),
        (Dose("minutes", 1, minutes=12), Dose("minutes", 1, minutes=10), Limits(), True, "13 min"),
        (Dose("minutes", 1, minutes=30), Dose("minutes", 1, minutes=10), Limits(), True, None),
    ],
)
def test_step_up_ladders(dose, beginner, limits, slow, expected):
    step = step_up(dose, beginner, limits, HARD_POSE, start_slow=slow)
    if expected is None:
        assert step is None
    else:
        label = step.dose.compact()
        assert (f"{step.variant.name} {label}" if step.variant else label) == expected


@pytest.mark.parametrize(
    ("dose", "beginner", "easier", "expected"),
    [
        (Dose("reps", 3, 8), Dose("reps", 2, 8), None, "2×8"),
        (Dose("reps", 2, 8), Dose("reps", 2, 8), EASY_POSE, "Sphinx 1×2×20 s"),
        (Dose("reps", 2, 8), Dose("reps", 2, 8), None, "2×6"),
        (Dose("hold", 1, 2, 30), Dose("hold", 1, 2, 20), None, "1×2×25 s"),
        (Dose("hold", 1, 1, 5), Dose("hold", 1, 2, 20), None, None),
        (Dose("minutes", 1, minutes=30), Dose("minutes", 1, minutes=10), None, "24 min"),
        (Dose("minutes", 1, minutes=6), Dose("minutes", 1, minutes=10), None, "5 min"),
        (Dose("minutes", 1, minutes=5), Dose("minutes", 1, minutes=10), None, None),
    ],
)
def test_step_back_ladders(dose, beginner, easier, expected):
    step = step_back(dose, beginner, easier)
    if expected is None:
        assert step is None
    else:
        label = step.dose.compact()
        assert (f"{step.variant.name} {label}" if step.variant else label) == expected


# ---------------------------------------------------------------- sequences of sessions

LIBRARY = {spec.slug: spec for spec in load_library()}


def _variant(slug):
    spec = LIBRARY.get(slug) if slug else None
    return Variant(spec.slug, spec.name, spec.beginner_dose()) if spec else None


def _item(slug, dose=None, since=1):
    spec = LIBRARY[slug]
    return ItemState(
        name=spec.name, dose=dose or spec.beginner_dose(), beginner=spec.beginner_dose(),
        limits=spec.limits(),
        easier=_variant(spec.easier), harder=_variant(spec.harder), sessions_since_step=since,
    )  # fmt: skip


def simulate(slug, outcomes, *, start_slow=False, paused=False):
    """Run sessions through the engine as the app would, accepting every suggestion."""
    item, state, log = _item(slug), EngineState(), []
    for outcome in outcomes:
        ctx = Context(
            start_slow=start_slow, paused=paused, previous_broke=state.previous_broke,
            awaiting_good_checkin=state.awaiting_good_checkin, week_volume_baseline=1e9,
        )  # fmt: skip
        decision = decide(item, outcome, ctx)
        verdict = judge(outcome)
        log.append((outcome, verdict, decision, ctx))
        if decision.to_dose is not None:
            slug = decision.to_exercise or slug
            item = _item(slug, decision.to_dose if not decision.to_exercise else None)
        else:
            item = replace(item, sessions_since_step=item.sessions_since_step + 1)
        state = advance(state, verdict, [item])
    return item, log


def test_two_breaks_in_a_row_then_a_flare_recovers():
    bad = replace(GOOD, pain_during=7)
    _, log = simulate("glute_bridge", [GOOD, GOOD, bad, bad, GOOD, GOOD, GOOD, GOOD])
    actions = [decision.action for _, _, decision, _ in log]
    assert actions == [
        "hold",  # first session at this dose (pacing)
        "progress",
        "step_back",  # flare
        "see_clinician",  # second break running
        "hold",  # first good session after the advice
        "progress",  # recovered
        "hold",  # pacing: one step per two sessions
        "progress",
    ]


def test_spreading_symptoms_hold_everything_until_a_good_session():
    _, log = simulate("walking", [GOOD, replace(GOOD, spreading=True), GOOD, GOOD, GOOD])
    assert [d.action for _, _, d, _ in log] == [
        "hold", "see_clinician", "hold", "progress", "hold",
    ]  # fmt: skip


def test_first_two_weeks_build_one_rep_at_a_time():
    item, log = simulate("glute_bridge", [GOOD] * 9, start_slow=True)
    steps = [d.to_dose.compact() for _, _, d, _ in log if d.action == "progress"]
    assert steps == ["2×9", "2×10", "2×11"]


def test_deciding_a_session_counts_each_step_towards_the_weekly_cap():
    # Each exercise alone may step up; together they would pass a tenth of the week's volume.
    squat = replace(BIRD_DOG, name="Squat")
    ctx = replace(CALM, week_volume_baseline=200)
    alone = [decide(item, GOOD, ctx).action for item in (BIRD_DOG, squat)]
    judged = decide_session([BIRD_DOG, squat], GOOD, ctx, EngineState(), latest=True)
    assert alone == ["progress", "progress"]
    assert [d.action for d in judged.decisions] == ["progress", "hold"]
    assert "grown by about a tenth" in judged.decisions[1].reason


def test_deciding_a_session_carries_the_state_only_from_the_latest_session():
    broken = replace(GOOD, pain_during=7)
    latest = decide_session([BIRD_DOG], broken, CALM, EngineState(), latest=True)
    late = decide_session([BIRD_DOG], broken, CALM, EngineState(), latest=False)
    assert latest.new_state == EngineState(previous_broke=True)
    assert late.new_state is None
    assert late.decisions == latest.decisions and latest.decisions[0].action == "step_back"


outcomes = st.builds(
    SessionOutcome,
    pain_during=st.none() | st.integers(0, 10),
    pain_after=st.none() | st.integers(0, 10),
    pain_next_morning=st.none() | st.integers(0, 10),
    baseline=st.none() | st.integers(0, 10),
    effort=st.none() | st.integers(0, 10),
    spreading=st.booleans(),
    weekly_pain_rise=st.none() | st.floats(-5, 5),
    weekly_stiffness_rise=st.none() | st.floats(-5, 5),
)


@settings(max_examples=300, deadline=None)
@given(
    slug=st.sampled_from(sorted(LIBRARY)),
    sequence=st.lists(outcomes, min_size=1, max_size=25),
    start_slow=st.booleans(),
    paused=st.booleans(),
)
def test_no_sequence_progresses_after_a_broken_rule_or_below_the_floor(
    slug, sequence, start_slow, paused
):
    _, log = simulate(slug, sequence, start_slow=start_slow, paused=paused)
    for index, (_, verdict, decision, ctx) in enumerate(log):
        if verdict.status == "broken" or index and log[index - 1][1].status == "broken":
            assert decision.action != "progress", decision.reason
        if verdict.status == "missing" or paused or ctx.awaiting_good_checkin:
            assert decision.action != "progress", decision.reason
        dose = decision.to_dose
        if dose is not None:
            assert dose.sets >= FLOOR_SETS
            if dose.dose_type == "minutes":
                assert dose.minutes >= FLOOR_MINUTES
            else:
                assert dose.reps >= FLOOR_REPS
            if dose.dose_type == "hold":
                assert dose.hold_seconds >= FLOOR_HOLD_SECONDS
        assert decision.reason.strip()


@settings(max_examples=200, deadline=None)
@given(
    sets=st.integers(1, 10),
    reps=st.integers(1, 100),
    hold=st.integers(1, 300),
    minutes=st.integers(1, 180),
    dose_type=st.sampled_from(["reps", "hold", "minutes"]),
)
def test_a_step_back_never_goes_below_the_floor_or_the_starting_point(
    sets, reps, hold, minutes, dose_type
):
    if dose_type == "minutes":
        dose = Dose("minutes", sets, minutes=minutes)
    else:
        dose = Dose(dose_type, sets, reps, hold if dose_type == "hold" else None)
    step = step_back(dose, dose)
    if step is None:
        return
    new = step.dose
    assert new.work_seconds() < dose.work_seconds()
    assert new.sets >= min(dose.sets, FLOOR_SETS)
    if dose_type == "minutes":
        assert new.minutes >= min(dose.minutes, FLOOR_MINUTES)
    else:
        assert new.reps >= min(dose.reps, FLOOR_REPS)
    if dose_type == "hold":
        assert new.hold_seconds >= min(dose.hold_seconds, FLOOR_HOLD_SECONDS)


def test_start_slow_window():
    started = at(2026, 11, 2, 9, 0)
    assert in_start_slow(started, started + timedelta(days=13))
    assert not in_start_slow(started, started + timedelta(days=14))
    assert in_start_slow(None, started)


# ---------------------------------------------------------------- the database side

MONDAY = at(2026, 11, 2, 9, 0)


@pytest.fixture
def programme_db(database):
    sync_library()
    # Started a month ago: past the first two weeks.
    install_programme("gentle_start", MONDAY - timedelta(days=30), start_today=False)
    return database


def _session(start, *, during=2, after=2, morning=2, before=2, spreading=False, skip=None):
    """A completed session of the day's plan with its check-ins; returns (session, morning time)."""
    session = Session.create(
        started_at=start, ended_at=start + timedelta(minutes=15), status="completed", effort=4
    )
    for item in weekly.todays_items(start):
        if skip and item.exercise.slug == skip[0]:
            SkipLog.create(session=session, exercise=item.exercise, reason=skip[1], at=start)
            continue
        for number in range(1, item.sets + 1):
            SetLog.create(
                session=session, exercise=item.exercise, set_number=number, completed_at=start
            )
    for moment, pain in (("before", before), ("during", during), ("after", after)):
        if pain is not None:
            CheckIn.create(at=start, moment=moment, session=session, pain=pain)
    next_morning = start.replace(hour=8) + timedelta(days=1)
    if morning is not None:
        CheckIn.create(at=next_morning, moment="next_morning", pain=morning, spreading=spreading)
    return session, next_morning


def _bridge():
    return next(i for i in weekly.all_items() if i.exercise.slug == "glute_bridge")


def test_too_early_to_judge_then_holds_once_the_next_day_is_over(programme_db):
    session, next_morning = _session(MONDAY, morning=None)
    assert store.evaluate_after_next_morning(session.id, next_morning) == []
    assert not ProgressionDecision.select().exists()
    rows = store.evaluate_after_next_morning(session.id, MONDAY + timedelta(days=2))
    assert rows and all(r.action == "hold" and r.status == "info" for r in rows)
    assert all("no next-morning check-in" in r.reason for r in rows)


def test_evaluate_stores_once_and_accept_applies_the_dose(programme_db):
    first, morning1 = _session(MONDAY)
    store.evaluate_after_next_morning(first.id, morning1)
    second, morning2 = _session(MONDAY + timedelta(days=2))
    rows = store.evaluate_after_next_morning(second.id, morning2)
    assert store.evaluate_after_next_morning(second.id, morning2) == rows  # no duplicates
    bridge = next(r for r in rows if r.exercise.slug == "glute_bridge")
    assert (bridge.action, bridge.status) == ("progress", "pending")
    assert "Glute bridge 2×8 → 2×10" in bridge.reason
    assert bridge.id in [d.id for d in store.pending_decisions()]
    accepted = store.accept_decision(bridge.id, morning2)
    assert (accepted.status, accepted.decided_at) == ("accepted", morning2)
    assert weekly.dose_label(_bridge()) == "2 × 10 reps"
    with pytest.raises(store.DecisionError, match="already answered"):
        store.accept_decision(bridge.id, morning2)
    other = next(r for r in store.pending_decisions() if r.id != bridge.id)
    before = weekly.dose_of(other.plan_item)
    assert store.decline_decision(other.id, morning2).status == "declined"
    assert weekly.dose_of(PlanItem.get_by_id(other.plan_item_id)) == before


def test_a_suggestion_for_a_dose_changed_by_hand_is_not_applied(programme_db):
    store.evaluate_after_next_morning(_session(MONDAY)[0].id, MONDAY + timedelta(days=1))
    session, morning = _session(MONDAY + timedelta(days=2))
    store.evaluate_after_next_morning(session.id, morning)
    pending = next(d for d in store.pending_decisions() if d.plan_item_id == _bridge().id)
    weekly.set_dose(_bridge().id, reps=9)
    with pytest.raises(store.DecisionError, match="dose was changed"):
        store.accept_decision(pending.id, morning)
    assert ProgressionDecision.get_by_id(pending.id).status == "info"
    assert _bridge().reps == 9


def test_skipped_for_pain_steps_back_to_the_easier_variant_when_it_is_not_planned(programme_db):
    install_programme("core_mobility", MONDAY - timedelta(days=30), start_today=False)
    session, morning = _session(MONDAY, skip=("glute_bridge", "pain"))
    rows = store.evaluate_after_next_morning(session.id, morning)
    bridge = next(r for r in rows if r.exercise.slug == "glute_bridge")
    assert bridge.action == "step_back" and bridge.to_exercise == "pelvic_tilt"
    store.accept_decision(bridge.id, morning)
    slugs = [i.exercise.slug for i in weekly.all_items()]
    assert "pelvic_tilt" in slugs and "glute_bridge" not in slugs
    tilt = next(i for i in weekly.all_items() if i.exercise.slug == "pelvic_tilt")
    assert weekly.dose_label(tilt) == "1 × 10 reps"


def test_two_broken_sessions_suggest_a_clinician_and_persist(programme_db):
    first, m1 = _session(MONDAY, during=7)
    rows = store.evaluate_after_next_morning(first.id, m1)
    assert {r.action for r in rows} == {"step_back"}
    second, m2 = _session(MONDAY + timedelta(days=2), during=8)
    rows = store.evaluate_after_next_morning(second.id, m2)
    assert {r.action for r in rows} == {"see_clinician"}
    assert all("GP or physiotherapist" in r.reason for r in rows)
    assert get_setting("progression_state")["awaiting_good_checkin"] is True
    # Older step-backs no one answered are closed: only the newest suggestion per item waits.
    assert len(store.pending_decisions()) == len(rows)


def test_spreading_in_the_next_morning_check_in_suggests_a_clinician(programme_db):
    session, morning = _session(MONDAY, spreading=True)
    rows = store.evaluate_after_next_morning(session.id, morning)
    assert {(r.action, r.status) for r in rows} == {("see_clinician", "info")}


def test_a_red_flag_hold_holds_until_a_clinician_clears_it(programme_db):
    store.evaluate_after_next_morning(_session(MONDAY)[0].id, MONDAY + timedelta(days=1))
    triage.record_screening(["weight_loss"], "manual", MONDAY + timedelta(days=1, hours=2))
    assert inputs.progression_paused() is True
    session, morning = _session(MONDAY + timedelta(days=2), during=0, after=0, morning=0)
    save_checkin(0, moment="standalone", now=morning + timedelta(hours=1))  # a very good day
    rows = store.evaluate_after_next_morning(session.id, morning)
    assert {r.action for r in rows} == {"hold"} and "doctor or physiotherapist" in rows[0].reason
    assert inputs.progression_paused() is True
    holds.clear_hold("doctor", now=morning + timedelta(hours=2))
    assert inputs.progression_paused() is False


def test_next_morning_is_compared_with_the_usual_level_not_that_days_score(programme_db):
    """Usual resting pain 2 for two weeks; a bad morning before the session (5) must not let a
    next morning of 4 pass as "back to usual"."""
    for back in range(1, 14):
        CheckIn.create(at=MONDAY - timedelta(days=back), moment="standalone", pain=2)
    session, morning = _session(MONDAY, before=5, during=3, after=3, morning=4)
    rows = store.evaluate_after_next_morning(session.id, morning)
    bridge = next(r for r in rows if r.exercise.slug == "glute_bridge")
    assert bridge.action == "step_back"
    assert "4 next morning, above your usual 2" in bridge.reason


def test_a_good_morning_before_the_session_does_not_lower_the_bar(programme_db):
    for back in range(1, 14):
        CheckIn.create(at=MONDAY - timedelta(days=back), moment="standalone", pain=3)
    session, morning = _session(MONDAY, before=1, during=2, after=2, morning=3)
    outcome = session_outcome(session)
    assert outcome.baseline == 3.0
    assert judge(outcome).status != "broken"
    rows = store.evaluate_after_next_morning(session.id, morning)
    assert all(r.action not in ("step_back", "see_clinician") for r in rows)


def test_usual_level_falls_back_to_the_score_before_the_session(programme_db):
    session, morning = _session(MONDAY, before=4, morning=6)
    rows = store.evaluate_after_next_morning(session.id, morning)
    assert any("above your usual 4" in r.reason for r in rows)


def test_a_flare_up_before_a_session_holds_progression_for_a_week(programme_db):
    store.evaluate_after_next_morning(_session(MONDAY)[0].id, MONDAY + timedelta(days=1))
    start = MONDAY + timedelta(days=2)
    session, morning = _session(start, before=None)
    save_checkin(7, moment="before", now=start, session_id=session.id)
    assert FlareUp.select().count() == 1
    rows = store.evaluate_after_next_morning(session.id, morning)
    bridge = next(r for r in rows if r.exercise.slug == "glute_bridge")
    assert bridge.action == "hold" and "flare-up" in bridge.reason


def test_start_slow_in_the_first_two_weeks_uses_single_steps(programme_db):
    install_programme("gentle_start", MONDAY)
    actions = []
    for k in range(3):
        session, morning = _session(MONDAY + timedelta(days=2 * k))
        rows = store.evaluate_after_next_morning(session.id, morning)
        actions.append(next(r for r in rows if r.exercise.slug == "glute_bridge"))
    assert [r.action for r in actions] == ["hold", "hold", "progress"]
    assert actions[-1].to_dose["reps"] == 9


def test_evaluate_due_judges_waiting_sessions_oldest_first(programme_db):
    first, _ = _session(MONDAY, morning=None)
    second, _ = _session(MONDAY + timedelta(days=2))
    rows = store.evaluate_due(MONDAY + timedelta(days=3, hours=1))
    assert {r.session_id for r in rows} == {first.id, second.id}
    assert store.evaluate_due(MONDAY + timedelta(days=3, hours=2)) == []


def test_pending_decisions_skip_exercises_taken_out_of_the_plan(programme_db):
    store.evaluate_after_next_morning(_session(MONDAY)[0].id, MONDAY + timedelta(days=1))
    session, morning = _session(MONDAY + timedelta(days=2))
    store.evaluate_after_next_morning(session.id, morning)
    weekly.remove_item(_bridge().id)
    assert _bridge_id_absent(store.pending_decisions())


def _bridge_id_absent(decisions):
    bridge = Exercise.get(Exercise.slug == "glute_bridge")
    return decisions and all(d.exercise_id != bridge.id for d in decisions)


def test_an_exercise_that_hurt_is_judged_on_its_own():
    squat = replace(BIRD_DOG, name="Squat", pain_during=7)
    judged = decide_session([BIRD_DOG, squat], GOOD, CALM, EngineState(), latest=True)
    assert [d.action for d in judged.decisions] == ["progress", "step_back"]
    assert "pain reached 7 during" in judged.decisions[1].reason
    assert judged.new_state.previous_broke  # the next session waits for a good one
    # A lower score about one exercise does not hide the session's own higher one.
    calm_squat = replace(squat, pain_during=1)
    assert decide(calm_squat, replace(GOOD, pain_during=6), CALM).action == "step_back"


def test_pain_logged_about_one_exercise_steps_back_only_that_exercise(programme_db):
    session, morning = _session(MONDAY)
    bridge = _bridge().exercise
    save_checkin(7, moment="during", now=MONDAY, session_id=session.id, exercise_id=bridge.id)
    assert session_outcome(session).pain_during == 2  # the session's own score is unchanged
    rows = store.evaluate_after_next_morning(session.id, morning)
    actions = {r.exercise.slug: r.action for r in rows}
    assert actions.pop("glute_bridge") == "step_back"
    assert actions and "step_back" not in actions.values()
