"""The live session screen, driven by keys with a fixed wall clock and a fake monotonic clock."""

from __future__ import annotations

import pytest
from session_helpers import FakeTime, use_plan, wait_for

from backtui.checkin import triage
from backtui.checkin.checkins import save_checkin
from backtui.db.models import CheckIn, RedFlagScreening, Session, SetLog, SkipLog
from backtui.db.settings import set_setting
from backtui.session.flow import GET_READY_SECONDS

HOLD_PLAN = [("bird_dog", dict(sets=2, reps=1, hold_seconds=5))]  # per side: 2 holds a set
REPS_PLAN = [("pelvic_tilt", dict(sets=2, reps=3)), ("cat_cow", dict(sets=1, reps=4))]


def screen_name(app) -> str:
    return type(app.screen).__name__


def phase_text(app) -> str:
    return str(app.screen.query_one("#phase").render())


@pytest.fixture
def session_app(make_test_app, clock):
    """The app with a given plan for today (Wednesday), screened already, and a fake clock."""

    def build(items=REPS_PLAN, *, screened=True, weekdays="2"):
        app = make_test_app(monotonic=FakeTime())
        use_plan(clock(), items, weekdays)
        if screened:
            triage.record_screening([], "manual", clock())
        app.bells = 0

        def bell():
            app.bells += 1

        app.bell = bell
        return app

    return build


async def open_session(pilot, *pain_keys: str):
    """Press s, answer the pre-session pain (or skip it), and wait for the live screen."""
    app = pilot.app
    await pilot.press("s")
    await wait_for(pilot, lambda: screen_name(app) == "PrePainScreen", "the pain question")
    await pilot.press(*(pain_keys or ("escape",)))
    await wait_for(
        pilot,
        lambda: screen_name(app) == "SessionScreen" and app.screen.flow,
        "the session to start",
    )
    return app.screen


async def open_session_after_pain(pilot) -> None:
    """The session row is made once the pain before it is answered (a flare-up may change it)."""
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "PrePainScreen", "the pain question")
    await pilot.press("escape")
    await wait_for(pilot, lambda: Session.select().count() == 1, "the session row")


def current_session() -> Session:
    return Session.select().order_by(Session.id.desc()).get()


# --- starting ------------------------------------------------------------------------------------


async def test_first_session_runs_the_safety_screen_and_enter_accepts_none(session_app):
    app = session_app(screened=False)
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "RedFlagScreen", "the safety screen")
        assert Session.select().count() == 0  # nothing starts before the checklist
        await pilot.press("enter")
        await open_session_after_pain(pilot)
        screening = RedFlagScreening.get()
        assert (screening.outcome, screening.trigger) == ("none", "first_session")
        assert current_session().status == "in_progress"


@pytest.mark.parametrize("flag, outcome", [("both_legs", "emergency"), ("fever_unwell", "urgent")])
async def test_a_red_flag_before_starting_shows_advice_and_no_session_starts(
    session_app, flag, outcome
):
    from backtui.tui.checkin.redflags import KEY_FOR_FLAG

    app = session_app(screened=False)
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "RedFlagScreen", "the safety screen")
        await pilot.press(KEY_FOR_FLAG[flag], "enter")
        await wait_for(pilot, lambda: app.screen.result is not None, "the advice")
        shown = str(app.screen.query_one("#flag-outcome").render())
        assert shown == triage.HEADLINES[outcome]
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen", "the plan again")
        assert Session.select().count() == 0
        assert RedFlagScreening.get().outcome == outcome


async def test_a_new_symptom_since_the_last_checklist_brings_it_back(session_app, clock):
    app = session_app()
    clock.advance(minutes=5)
    save_checkin(3, moment="standalone", now=clock(), spreading=True)
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "RedFlagScreen", "the safety screen")
        assert app.screen.trigger == "body_signal"


@pytest.mark.parametrize(
    "keys, pain",
    [(["4", "enter"], 4), (["0", "enter"], 0), (["1", "enter"], 1),
     (["right", "right", "enter"], 1)],
)
async def test_pre_session_pain_is_chosen_then_saved_with_enter_and_linked(
    session_app, keys, pain
):
    app = session_app()
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "PrePainScreen", "the pain question")
        await pilot.press(*keys)
        await wait_for(pilot, lambda: CheckIn.select().count() == 1, "the check-in")
        checkin = CheckIn.get()
        assert (checkin.moment, checkin.pain, checkin.session_id) == (
            "before",
            pain,
            current_session().id,
        )


async def test_a_digit_then_enter_at_once_before_a_session_stores_no_set(session_app):
    # The habitual enter after a pain digit belongs to the pain question, never the first set.
    app = session_app()
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "PrePainScreen", "the pain question")
        await pilot.press("3", "enter")
        await wait_for(
            pilot,
            lambda: screen_name(app) == "SessionScreen" and app.screen.flow,
            "the session to start",
        )
        await pilot.pause()
        assert SetLog.select().count() == 0
        assert CheckIn.get().pain == 3


async def test_enter_after_each_answer_never_skips_the_next_question(session_app):
    app = session_app([("cat_cow", dict(sets=1, reps=4))])
    async with app.run_test() as pilot:
        await open_session(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "AfterSessionScreen", "the questions")
        await pilot.press("3", "enter", "5", "enter")
        await pilot.pause()
        assert screen_name(app) == "AfterSessionScreen"  # the note is still asked for
        assert (app.screen.pain, app.screen.effort) == (3, 5)
        assert app.screen.query_one("#note").display


async def test_escape_skips_the_pre_session_pain(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        await open_session(pilot)
        assert CheckIn.select().count() == 0


async def test_nothing_planned_today_offers_the_minimum_session(session_app):
    app = session_app(weekdays="4")  # Fridays only; today is a Wednesday
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "ChoiceScreen", "the choice")
        assert "Friday's plan" in str(app.screen.query_one("#body").render())
        await pilot.press("m")
        await open_session_after_pain(pilot)
        session = current_session()
        assert (session.kind, session.plan_day) == ("minimum", None)


async def test_nothing_planned_today_can_run_the_next_planned_day(session_app):
    app = session_app(weekdays="4")
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "ChoiceScreen", "the choice")
        await pilot.press("n", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "SessionScreen", "the session")
        session = current_session()
        assert (session.kind, session.plan_day, session.planned_sets) == ("planned", 4, 3)


# --- the timers ----------------------------------------------------------------------------------


async def test_hold_countdown_follows_a_3_2_1_get_ready_and_rings_at_its_end(session_app):
    app = session_app(HOLD_PLAN)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        clock = app.monotonic
        assert phase_text(app).startswith("Get ready… 0:03")
        clock.advance(GET_READY_SECONDS)
        screen.tick()
        assert phase_text(app).startswith("HOLD 0:05 (left side)")
        clock.advance(4)
        screen.tick()
        assert phase_text(app).startswith("HOLD 0:01") and app.bells == 0
        clock.advance(1)
        screen.tick()
        assert app.bells == 1
        assert phase_text(app).startswith("Relax… next hold in 0:03 (right side)")


async def test_rest_countdown_rings_at_its_end_and_enter_can_cut_it_short(session_app):
    app = session_app(HOLD_PLAN)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        clock = app.monotonic
        await pilot.press("enter")  # set 1 done
        assert phase_text(app).startswith("Rest 0:30")
        clock.advance(29)
        screen.tick()
        assert phase_text(app).startswith("Rest 0:01") and app.bells == 0
        clock.advance(1)
        screen.tick()
        assert app.bells == 1 and phase_text(app).startswith("Get ready")
        await pilot.press("enter")  # set 2 done: the last set
        await wait_for(pilot, lambda: screen_name(app) == "AfterSessionScreen", "the end")


async def test_the_bell_setting_turns_the_bell_off(session_app):
    app = session_app(HOLD_PLAN)
    set_setting("bell", False)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        app.monotonic.advance(GET_READY_SECONDS + 5)
        screen.tick()
        assert screen.flow.count_index == 1 and app.bells == 0


async def test_space_pauses_and_paused_time_does_not_count(session_app):
    app = session_app(HOLD_PLAN)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        clock = app.monotonic
        clock.advance(GET_READY_SECONDS + 2)
        screen.tick()
        await pilot.press("space")
        assert phase_text(app).startswith("PAUSED")
        clock.advance(300)
        screen.tick()
        assert phase_text(app).endswith("HOLD 0:03 (left side) · hold 1 of 2")
        assert "Elapsed 0:05" in str(screen.query_one("#progress").render())
        await pilot.press("space")
        clock.advance(1)
        screen.tick()
        assert phase_text(app).startswith("HOLD 0:02")


async def test_time_stops_while_another_screen_covers_the_session(session_app):
    app = session_app(HOLD_PLAN)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        await pilot.press("n")  # the skip question covers the session
        await wait_for(pilot, lambda: screen_name(app) == "SkipReasonScreen", "the question")
        assert screen.flow.suspended and not screen.flow.running
        app.monotonic.advance(120)
        await pilot.press("escape")  # don't skip after all
        await wait_for(pilot, lambda: screen_name(app) == "SessionScreen", "the session")
        screen.tick()
        assert screen.flow.total_elapsed == 0 and phase_text(app).startswith("Get ready… 0:03")


# --- the keys ------------------------------------------------------------------------------------


async def test_enter_stores_each_set_at_once_and_moves_on(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        app.monotonic.advance(GET_READY_SECONDS + 9)
        screen.tick()
        await pilot.press("enter")
        await wait_for(pilot, lambda: SetLog.select().count() == 1, "the set to be stored")
        row = SetLog.get()
        assert (row.set_number, row.reps, row.duration_seconds) == (1, 3, 12)
        assert current_session().status == "in_progress"
        assert "1 of 3 sets done" in str(screen.query_one("#progress").render())
        assert str(screen.query_one("#dose").render()).endswith("set 2 of 2")


async def test_n_skips_the_exercise_and_stores_why(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(app) == "SkipReasonScreen", "the question")
        await pilot.press("t")
        await wait_for(pilot, lambda: SkipLog.select().count() == 1, "the skip")
        assert SkipLog.get().reason == "too_hard"
        assert screen.flow.current.name == "Cat-cow"


async def test_e_ends_early_only_when_y_confirms(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        await open_session(pilot)
        await pilot.press("enter", "e")
        await wait_for(pilot, lambda: screen_name(app) == "EndConfirmScreen", "the question")
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(app) == "SessionScreen", "the session")
        assert current_session().status == "in_progress"
        await pilot.press("e")
        await wait_for(pilot, lambda: screen_name(app) == "EndConfirmScreen", "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: screen_name(app) == "AfterSessionScreen", "the questions")
        assert current_session().status == "ended_early"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SessionSummaryScreen", "the summary")
        summary = str(app.screen.query_one("#summary").render())
        assert "Session ended early" in summary and "1 of 3" in summary


async def test_finishing_asks_pain_effort_and_a_note_then_shows_the_summary(session_app):
    app = session_app([("cat_cow", dict(sets=1, reps=4))])
    async with app.run_test() as pilot:
        await open_session(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "AfterSessionScreen", "the questions")
        await pilot.press("2", "enter", "6", "enter", *"easy today", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "SessionSummaryScreen", "the summary")
        session = current_session()
        assert (session.status, session.effort, session.note) == ("completed", 6, "easy today")
        after = CheckIn.get(CheckIn.moment == "after")
        assert (after.pain, after.session_id) == (2, session.id)
        summary = str(app.screen.query_one("#summary").render())
        assert "Session complete" in summary and "1 of 1" in summary
        await pilot.press("escape")
        assert screen_name(app) == "PlanScreen"


async def test_p_h_s_and_l_do_not_walk_away_from_a_running_session(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        await open_session(pilot)
        for key in ("p", "h", "s", "l"):
            await pilot.press(key)
            assert screen_name(app) == "SessionScreen"
        assert Session.select().count() == 1


async def test_rebound_navigation_keys_do_not_walk_away_either(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        app.set_keymap({"goto_plan": "f2", "goto_history": "f3"})
        await open_session(pilot)
        for key in ("f2", "f3"):
            await pilot.press(key)
            assert screen_name(app) == "SessionScreen"


async def test_ctrl_q_quits_and_keeps_the_session_to_resume(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        await open_session(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: SetLog.select().count() == 1, "the set to be stored")
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert current_session().status == "in_progress"


# --- listening to the body -----------------------------------------------------------------------


async def test_c_checks_in_during_the_session_linked_to_it(session_app):
    app = session_app()
    async with app.run_test() as pilot:
        await open_session(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: screen_name(app) == "CheckInScreen", "the check-in")
        await pilot.press("3", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "SessionScreen", "the session")
        checkin = CheckIn.get()
        assert (checkin.moment, checkin.pain, checkin.session_id) == (
            "during",
            3,
            current_session().id,
        )
        assert current_session().status == "in_progress"


async def _check_in(pilot, clock, pain, *, spreading=None, flags=()):
    """Press c, then store what the check-in screen would (it is tested on its own) and close it."""
    app = pilot.app
    await pilot.press("c")
    await wait_for(pilot, lambda: screen_name(app) == "CheckInScreen", "the check-in")
    session_id = app.screen.session_id
    checkin = save_checkin(
        pain, moment="during", now=clock(), session_id=session_id, spreading=spreading
    )
    if spreading or flags:
        triage.record_screening(list(flags), "body_signal", clock(), session_id)
    app.screen.dismiss(checkin)


@pytest.mark.parametrize(
    "key, expected", [("enter", "Cat-cow"), ("v", "Bird-dog, arm or leg only")]
)
async def test_pain_above_5_advises_stopping_or_the_easier_variant(
    session_app, clock, key, expected
):
    app = session_app(
        [("bird_dog", dict(sets=2, reps=1, hold_seconds=5)), ("cat_cow", dict(sets=1, reps=4))]
    )
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        await _check_in(pilot, clock, 7)
        await wait_for(pilot, lambda: screen_name(app) == "PainAdviceScreen", "the advice")
        await pilot.press(key)
        await wait_for(pilot, lambda: SkipLog.select().count() == 1, "the skip for pain")
        assert SkipLog.get().reason == "pain"
        assert screen.flow.current.name == expected
        assert current_session().status == "in_progress"


async def test_pain_of_5_is_within_limits_and_the_session_carries_on(
    session_app, clock, notices
):
    app = session_app()
    async with app.run_test(message_hook=notices) as pilot:
        await open_session(pilot)
        await _check_in(pilot, clock, 5)
        await wait_for(pilot, lambda: any("5/10 noted" in m for m in notices.messages), "a notice")
        assert screen_name(app) == "SessionScreen" and SkipLog.select().count() == 0


async def test_spreading_leg_pain_stops_the_session_with_advice(session_app, clock):
    app = session_app()
    async with app.run_test() as pilot:
        await open_session(pilot)
        await _check_in(pilot, clock, 3, spreading=True)
        await wait_for(pilot, lambda: screen_name(app) == "StopScreen", "the advice")
        assert "spreading" in str(app.screen.query_one(".screen-title").render())
        assert current_session().status == "ended_early"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SessionSummaryScreen", "the summary")


async def test_a_red_flag_during_the_session_stops_it(session_app, clock):
    app = session_app()
    async with app.run_test() as pilot:
        await open_session(pilot)
        await _check_in(pilot, clock, 4, flags=["saddle_numbness"])
        await wait_for(pilot, lambda: screen_name(app) == "SessionSummaryScreen", "the summary")
        assert current_session().status == "ended_early"
        assert RedFlagScreening.get(RedFlagScreening.outcome == "emergency").session_id == (
            current_session().id
        )


# --- unfinished sessions -------------------------------------------------------------------------


async def test_s_carries_on_with_todays_unfinished_session(session_app, clock):
    from backtui.plan.weekly import todays_items
    from backtui.session import store

    app = session_app()
    items = store.session_items(todays_items(clock()))
    started = store.start_session(clock(), items, plan_day=2)
    store.log_set(started.id, items[0].exercise.id, 1, now=clock())
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ResumeOfferScreen", "the offer")
        await pilot.press("escape")  # decide later
        await pilot.press("s")
        await wait_for(
            pilot, lambda: screen_name(app) == "SessionScreen" and app.screen.flow, "the session"
        )
        flow = app.screen.flow
        assert (app.screen.session_id, flow.current.name, flow.set_number) == (
            started.id,
            "Pelvic tilt",
            2,
        )
        assert Session.select().count() == 1
