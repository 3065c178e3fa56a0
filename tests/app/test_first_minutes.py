"""A newcomer's first minutes: footers list the keys that work, and small screens still fit."""

from __future__ import annotations

from session_helpers import FakeTime, wait_for
from textual.widgets import DataTable, Static

from backtui.checkin import triage


def footer_actions(screen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values() if b.binding.show}


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_running_session_lists_only_the_keys_that_work_there(make_test_app, clock):
    app = make_test_app(monotonic=FakeTime())
    triage.record_screening([], "manual", clock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PrePainScreen", "pain")
        await pilot.press("escape")
        await wait_for(pilot, lambda: getattr(app.screen, "flow", None), "the session")
        shown = footer_actions(app.screen)
        assert not shown & {"goto_plan", "start_session", "goto_history", "learn"}
        assert {"complete", "checkin", "end", "help"} <= shown


async def test_the_plan_lists_learn_and_quit_and_learn_does_not_list_itself(make_test_app):
    from backtui.tui.plan.key_bar import PlanKeyBar

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert "learn" in footer_actions(app.screen)
        assert "goto_plan" not in footer_actions(app.screen)  # already there
        assert ("^q", "Quit") in app.screen.query_one(PlanKeyBar).entries()
        await pilot.press("l")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "LearnScreen", "Learn")
        assert "learn" not in footer_actions(app.screen)


async def test_history_lists_learn_and_its_footer_fits_110_columns(make_test_app):
    from backtui.tui.common.footer import KeyFooter

    app = make_test_app()
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("h")
        await _settle(app, pilot)
        for section in "123456":
            await pilot.press(section)
            await _settle(app, pilot)
            assert "learn" in footer_actions(app.screen)
            footer = app.screen.query_one(KeyFooter)
            footer.render()
            assert not footer.cut_off, f"section {section}: the footer is cut off"


async def test_check_in_labels_never_run_into_their_fields(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CheckInScreen", "check-in")
        for label in app.screen.query(".field-label").results(Static):
            words = str(label.render()).rstrip()
            assert len(words) < label.size.width, f"{words!r} has no gap after it"


async def test_the_first_run_welcome_and_the_week_both_fit_the_minimum_size(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(60, 18)) as pilot:
        await _settle(app, pilot)
        screen = app.screen
        assert screen.snapshot.welcome is not None
        welcome = screen.query_one("#welcome")
        table = screen.query_one("#week-table", DataTable)
        assert welcome.region.height > 0
        assert table.region.height - 1 >= 3  # the header, then at least three exercises


async def test_a_new_pain_chart_says_what_will_appear_and_how(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await _settle(app, pilot)
        empty = app.screen.query_one("#chart-empty", Static)
        assert empty.display and "Check in with c" in str(empty.render())
        assert not app.screen.query_one("#plot").display

