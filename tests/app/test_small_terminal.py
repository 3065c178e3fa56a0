"""Below the minimum size a clear notice replaces the screen; growing again brings it back."""

from __future__ import annotations

from textual.widgets import Static

from backtui.tui.common.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen


async def test_notice_replaces_screen_and_goes_away(make_test_app):
    from backtui.tui.plan.screen import PlanScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await pilot.resize_terminal(MIN_WIDTH - 10, MIN_HEIGHT - 2)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one("#too-small-message", Static).render())
        assert "make the terminal larger" in message and f"{MIN_WIDTH - 10}×" in message
        await pilot.resize_terminal(MIN_WIDTH - 5, MIN_HEIGHT - 2)
        await pilot.pause()
        assert f"{MIN_WIDTH - 5}×" in str(app.screen.query_one(Static).render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)


async def test_starting_small_shows_the_notice(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


async def test_keys_do_nothing_behind_the_notice(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("c", "h", "s")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen) and len(app.screen_stack) == 2


def _unfinished_session_today(clock) -> None:
    from session_helpers import use_plan

    from backtui.plan.weekly import todays_items
    from backtui.session import store

    use_plan(clock(), [("pelvic_tilt", dict(sets=2, reps=3))])
    items = store.session_items(todays_items(clock()))
    started = store.start_session(clock(), items, plan_day=2)
    store.log_set(started.id, items[0].exercise.id, 1, now=clock())


def _notices(app) -> list:
    return [screen for screen in app.screen_stack if isinstance(screen, TooSmallScreen)]


async def test_the_notice_leaves_when_a_resume_offer_came_up_while_small(make_test_app, clock):
    from session_helpers import wait_for

    from backtui.tui.plan.screen import PlanScreen

    app = make_test_app()
    _unfinished_session_today(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for(pilot, lambda: any(type(s).__name__ == "ResumeOfferScreen"
                                          for s in app.screen_stack), "the offer")
        assert isinstance(app.screen, TooSmallScreen)  # the notice stays in front while small
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert type(app.screen).__name__ == "ResumeOfferScreen"
        await pilot.press("escape")  # decide later
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen), "the Plan")
        assert _notices(app) == []

