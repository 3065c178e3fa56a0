"""A screen closed while its background work is on its way ignores the result, instead of
ending the app looking for widgets that are gone (seen: ``NoMatches: '#exercise-detail'`` when
an exercise page's load finished after the page was closed).

A thread worker cannot be stopped, so its result can come back to a closed screen whenever the
thread finishes. These tests close the screen and then hand it the result, as the late worker
does, so the order is certain.
"""

from __future__ import annotations

from session_helpers import wait_for
from test_plan_screen import highlight, open_plan, settle

from backtui.plan.exercise_pages import exercise_detail


async def test_an_exercise_page_closed_before_it_loaded_ignores_the_late_result(make_test_app):
    from backtui.tui.plan.detail import ExerciseDetailScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        await highlight(pilot, "Glute bridge")
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, ExerciseDetailScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not list(page.walk_children()), "the page to close")
        page._show(exercise_detail(page.item_id))  # the load's result, arriving late
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ExerciseDetailScreen)
