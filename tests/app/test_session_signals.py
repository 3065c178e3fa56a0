"""The live session listens to the whole body signal: advice from the whole check-in, where the
pain moves during an extension, the pain asked for after each exercise, every common mistake on
`m`, and each exercise's pace in words."""

from __future__ import annotations

import pytest
from session_helpers import FakeTime, use_plan, wait_for

from backtui.checkin import triage
from backtui.checkin.checkins import save_checkin
from backtui.db.models import CheckIn, Exercise, PlanItem, Session, SkipLog
from backtui.plan.exercise_pages import exercise_detail
from backtui.plan.library import builtin_spec
from backtui.tui.plan.detail import detail_text

TILT_THEN_CAT_COW = [("pelvic_tilt", dict(sets=2, reps=3)), ("cat_cow", dict(sets=1, reps=4))]
BIRD_DOG_THEN_CAT_COW = [
    ("bird_dog", dict(sets=2, reps=1, hold_seconds=5)),
    ("cat_cow", dict(sets=1, reps=4)),
]
PRESS_UP_THEN_CAT_COW = [
    ("prone_press_up", dict(sets=1, reps=6)),
    ("cat_cow", dict(sets=1, reps=4)),
]


def screen_name(app) -> str:
    return type(app.screen).__name__


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.fixture
def signals_app(make_test_app, clock):
    def build(items):
        app = make_test_app(monotonic=FakeTime())
        use_plan(clock(), items, "2")
        triage.record_screening([], "manual", clock())
        app.bell = lambda: None
        return app

    return build


async def open_session(pilot):
    app = pilot.app
    await pilot.press("s")
    await wait_for(pilot, lambda: screen_name(app) == "PrePainScreen", "the pain question")
    await pilot.press("escape")
    await wait_for(
        pilot, lambda: screen_name(app) == "SessionScreen" and app.screen.flow, "the session"
    )
    return app.screen


async def check_in(pilot, clock, pain, **signals):
    """Press c, store what the check-in screen would (it is tested on its own), and close it."""
    app = pilot.app
    await pilot.press("c")
    await wait_for(pilot, lambda: screen_name(app) == "CheckInScreen", "the check-in")
    checkin = save_checkin(
        pain, moment="during", now=clock(), session_id=app.screen.session_id, **signals
    )
    app.screen.dismiss(checkin)


def current_session() -> Session:
    return Session.select().order_by(Session.id.desc()).get()


# --- advice from the whole check-in ---------------------------------------------------------------


async def test_sharp_one_leg_pain_of_4_stops_the_exercise_and_offers_the_easier_one(
    signals_app, clock
):
    app = signals_app(BIRD_DOG_THEN_CAT_COW)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        await check_in(pilot, clock, 4, locations=["one_leg"], qualities=["sharp"])
        await wait_for(pilot, lambda: screen_name(app) == "PainAdviceScreen", "the advice")
        assert shown(app, ".screen-title") == "Listen to your back: stop this exercise"
        assert shown(app, "#body") == (
            "Stop Bird-dog now.\n"
            " • Sharp or stabbing pain means stop this exercise, whatever its number.\n"
            " • Pain in your leg can come from an irritated nerve: stop this exercise.\n"
            "\n"
            "  enter  Stop this exercise and move on\n"
            "  v      Carry on with the easier version: Bird-dog, arm or leg only\n"
            "  e      End the session here"
        )
        await pilot.press("v")
        await wait_for(pilot, lambda: SkipLog.select().count() == 1, "the skip for pain")
        assert screen.flow.current.name == "Bird-dog, arm or leg only"
        checkin = CheckIn.get()
        assert checkin.exercise.slug == "bird_dog"  # a check-in during a set is about it
        assert current_session().status == "in_progress"


async def test_centralising_is_asked_during_a_press_up_towards_the_spine(
    signals_app, clock, notices
):
    app = signals_app(PRESS_UP_THEN_CAT_COW)
    async with app.run_test(message_hook=notices) as pilot:
        await open_session(pilot)
        await check_in(pilot, clock, 3, locations=["low_back"])
        await wait_for(pilot, lambda: screen_name(app) == "WherePainMovesScreen", "the question")
        assert "towards your spine, or down your leg" in shown(app, "#body")
        await pilot.press("s")
        await wait_for(pilot, lambda: any("good sign" in m for m in notices.messages), "notice")
        checkin = CheckIn.get()
        assert checkin.centralising is True and checkin.exercise.slug == "prone_press_up"
        assert screen_name(app) == "SessionScreen" and SkipLog.select().count() == 0


async def test_centralising_is_asked_during_a_press_up_down_the_leg_stops_it(signals_app, clock):
    app = signals_app(PRESS_UP_THEN_CAT_COW)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        await check_in(pilot, clock, 3, locations=["low_back"])
        await wait_for(pilot, lambda: screen_name(app) == "WherePainMovesScreen", "the question")
        await pilot.press("l")
        await wait_for(pilot, lambda: screen_name(app) == "PainAdviceScreen", "the advice")
        assert "moving down your leg" in shown(app, "#body")
        assert CheckIn.get().centralising is False
        await pilot.press("enter")
        await wait_for(pilot, lambda: SkipLog.select().count() == 1, "the skip for pain")
        assert screen.flow.current.name == "Cat-cow"


async def test_other_exercises_link_the_checkin_without_the_centralising_question(
    signals_app, clock, notices
):
    app = signals_app(TILT_THEN_CAT_COW)
    async with app.run_test(message_hook=notices) as pilot:
        await open_session(pilot)
        await check_in(pilot, clock, 3)
        await wait_for(pilot, lambda: any("3/10 noted" in m for m in notices.messages), "notice")
        checkin = CheckIn.get()
        assert checkin.centralising is None and checkin.exercise.slug == "pelvic_tilt"


# --- pain asked for after each exercise -----------------------------------------------------------


async def finish_the_tilt(pilot):
    """Both sets of the pelvic tilt (enter completes a set; enter in the rest starts the next)."""
    await pilot.press("enter", "enter", "enter")
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.saved_sets == 2, "both sets stored")


async def test_the_rest_after_an_exercise_asks_how_it_was_and_can_be_ignored(
    signals_app, wait_for_workers
):
    app = signals_app(TILT_THEN_CAT_COW)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        await pilot.press("enter")  # the first set: no question yet
        assert not screen.query_one("#rating").has_class("shown")
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: screen.saved_sets == 2, "both sets stored")
        assert screen.flow.phase == "rest"
        assert shown(app, "#rating").startswith("How was Pelvic tilt? Pain 0–10")
        app.monotonic.advance(screen.flow.rest_length + 1)  # the rest runs out, unanswered
        screen.tick()
        await wait_for_workers(pilot)
        assert screen.flow.current.name == "Cat-cow" and screen.flow.phase == "get_ready"
        assert not screen.query_one("#rating").has_class("shown")
        await pilot.press("4")  # too late: nothing is asked any more
        await wait_for_workers(pilot)
        assert CheckIn.select().count() == 0


@pytest.mark.parametrize(("keys", "pain"), [(("4",), 4), (("1", "0"), 10)])
async def test_the_pain_typed_in_the_rest_is_stored_with_session_and_exercise(
    signals_app, wait_for_workers, keys, pain
):
    app = signals_app(TILT_THEN_CAT_COW)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        await finish_the_tilt(pilot)
        await pilot.press(*keys)
        await wait_for(pilot, lambda: CheckIn.select().count() == 1, "the score stored")
        await wait_for_workers(pilot)
        checkin = CheckIn.get()
        assert (checkin.pain, checkin.moment) == (pain, "during")
        assert checkin.session_id == current_session().id
        assert checkin.exercise.slug == "pelvic_tilt"
        assert screen.flow.phase == "rest" and screen.flow.current.name == "Cat-cow"
        advice = shown(app, "#rating")
        if pain <= 5:
            assert advice == (
                "Pelvic tilt: pain 4/10 noted. That is fine while exercising: carry on gently."
            )
        else:
            assert advice.startswith("Pelvic tilt: Your pain is 10/10. Above 5 is more")


# --- every common mistake, and the pace ----------------------------------------------------------


async def test_m_shows_every_common_mistake_of_the_exercise(signals_app):
    app = signals_app(BIRD_DOG_THEN_CAT_COW)
    async with app.run_test() as pilot:
        screen = await open_session(pilot)
        assert "m shows all of them" in shown(app, "#cues")
        in_footer = screen.active_bindings["m"].binding
        assert in_footer.show and in_footer.description == "Mistakes"
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "MistakesScreen", "the mistakes")
        mistakes = Exercise.get(Exercise.slug == "bird_dog").mistakes
        assert len(mistakes) == 2
        assert shown(app, "#body") == "\n".join(f" • {m}" for m in mistakes)
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "SessionScreen", "the session")


async def test_the_set_screen_and_the_exercise_page_give_the_pace_in_words(signals_app, clock):
    app = signals_app(TILT_THEN_CAT_COW)
    pace = builtin_spec("pelvic_tilt").tempo.describe()
    assert pace == "2 s to move, 2 s hold, 2 s back"
    async with app.run_test() as pilot:
        await open_session(pilot)
        assert f"Pace {pace}" in shown(app, "#cues")
    tilt = PlanItem.get(PlanItem.exercise == Exercise.get(Exercise.slug == "pelvic_tilt"))
    assert f"[b]Pace[/b] {pace}" in detail_text(exercise_detail(tilt.id))
