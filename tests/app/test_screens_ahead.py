"""The screens behind c and s, built ahead while the Plan is read: a key shows one, which reads
as it is shown, and a new one is built once the person is back on the Plan."""

from __future__ import annotations

from session_helpers import FakeTime, use_plan, wait_for

from backtui.checkin import measures, triage
from backtui.db.models import PegEntry

PLAN = [("pelvic_tilt", dict(sets=1, reps=3))]


async def prepared(pilot):
    app = pilot.app
    await wait_for(pilot, lambda: app.screens_prepared, "the screens to be prepared")
    await wait_for(pilot, lambda: set(app.screens_ahead.ready) == {"checkin", "session"})
    await pilot.pause()
    return app.screens_ahead


def ready_screen(ahead, kind: str):
    return ahead.ready[kind][0]


async def test_c_shows_the_check_in_built_ahead_and_a_new_one_follows(make_test_app, clock):
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test(size=(100, 32)) as pilot:
        ahead = await prepared(pilot)
        built = ready_screen(ahead, "checkin")
        assert isinstance(built, CheckInScreen) and not built.read_started  # nothing read yet
        measures.record_peg(2, 2, 2, now=clock())  # after it was built: the PEG is not due now
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen is built and built.read_started)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "PEG" not in str(built.query_one("#offers").render())  # read as it was shown
        assert built.query_one("#pain").has_focus
        await pilot.press("5", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PlanScreen")
        await wait_for(pilot, lambda: "checkin" in ahead.ready, "a new check-in to be built")
        assert ready_screen(ahead, "checkin") is not built  # a used screen is never shown again
        assert PegEntry.select().count() == 1


async def test_s_shows_the_session_built_ahead_which_begins_as_it_is_shown(make_test_app, clock):
    from backtui.tui.session.screen import SessionScreen

    app = make_test_app(monotonic=FakeTime())
    use_plan(clock(), PLAN)
    triage.record_screening([], "manual", clock())
    async with app.run_test(size=(100, 32)) as pilot:
        ahead = await prepared(pilot)
        built = ready_screen(ahead, "session")
        assert isinstance(built, SessionScreen) and not built.begun
        assert not [w for w in app.workers if w.group == "session-begin"]  # not begun unseen
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PrePainScreen")
        assert app.screen_stack[-2] is built and built.begun
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is built and built.flow is not None)


async def test_a_screen_built_for_another_terminal_size_is_not_shown(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 32)) as pilot:
        ahead = await prepared(pilot)
        built = ready_screen(ahead, "checkin")
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        await pilot.press("c")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CheckInScreen")
        assert app.screen is not built
        await wait_for(pilot, lambda: not built.is_attached, "the old one to be removed")


async def test_quitting_with_screens_built_ahead_ends_cleanly(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 32)) as pilot:
        ahead = await prepared(pilot)
        screens = [screen for screen, _size in ahead.ready.values()]
    assert app.return_code in (None, 0)
    assert not any(screen.is_attached for screen in screens)
