"""The app shell: the four screens by key, escape, quit, help, palette, themes and rebinding."""

from __future__ import annotations

from backtui.config import load_config
from backtui.tui.actions import GLOBAL_ACTIONS


async def test_opens_on_plan_and_reaches_every_screen_by_key(make_test_app):
    from backtui.tui.checkin.screen import CheckInScreen
    from backtui.tui.history.screen import HistoryScreen
    from backtui.tui.plan.screen import PlanScreen
    from backtui.tui.session.screen import SessionScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("p")
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("c")
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("s")
        await pilot.pause()
        assert any(isinstance(screen, SessionScreen) for screen in app.screen_stack)


async def test_footer_shows_the_global_keys(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"start_session", "checkin", "goto_history", "learn", "help"} <= shown
        assert "goto_plan" not in shown  # already on the Plan


async def test_ctrl_q_quits(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_help_lists_keys_and_guidance(make_test_app, wait_for_workers):
    from backtui.tui.common.help import HelpScreen, HelpText

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_workers(pilot)  # the Plan is loaded: its keys stay the same from here
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(HelpText).source
        assert "Start today's session" in text and "pain zones" in text.lower()
        assert "not a clinician" in text
        view = app.screen.query_one(HelpText)
        lines = view.lines
        assert len(lines) > view.size.height  # longer than the screen: it scrolls
        await pilot.press("pagedown")
        assert view.scroll_y > 0
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        again = app.screen.query_one(HelpText)
        assert again.source == text
        assert again.lines is lines  # made once, drawn again


async def test_palette_offers_the_registry(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for action in GLOBAL_ACTIONS:
            if action.id not in ("command_palette", "quit"):
                assert action.label in titles


async def test_palette_runs_history(make_test_app, wait_for_workers):
    from backtui.tui.history.screen import HistoryScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"History")
        await wait_for_workers(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_theme_choice_is_remembered(make_test_app, tmp_path):
    config_file = tmp_path / "config.toml"
    app = make_test_app(config_file=config_file)
    async with app.run_test() as pilot:
        app.theme = "nord"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert load_config(config_file).theme == "nord"
    again = make_test_app(config_file=config_file)
    async with again.run_test() as pilot:
        assert again.theme == "nord"


async def test_keys_can_be_rebound_in_config(make_test_app, tmp_path):
    from backtui.tui.history.screen import HistoryScreen
    from backtui.tui.plan.screen import PlanScreen

    config_file = tmp_path / "config.toml"
    config_file.write_text('[keys]\ngoto_history = "f5"\n')
    app = make_test_app(config_file=config_file)
    async with app.run_test() as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("f5")
        assert isinstance(app.screen, HistoryScreen)


async def test_invalid_config_is_reported_and_defaults_used(make_test_app, tmp_path, notices):
    config_file = tmp_path / "config.toml"
    config_file.write_text('bell = "loud"\n')
    app = make_test_app(config_file=config_file)
    async with app.run_test(message_hook=notices) as pilot:
        await pilot.pause()
        assert any("line 1, 'bell'" in m for m in notices.messages)
        assert app.config.bell is True


async def test_palette_actions_for_report_and_therapy(make_test_app):
    from backtui.tui.history.forms import TherapyForm
    from backtui.tui.history.screen import HistoryScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.run_action("log_therapy")
        await pilot.pause()
        assert isinstance(app.screen, TherapyForm)
        assert isinstance(app.screen_stack[-2], HistoryScreen)
        await pilot.press("escape")
        await app.run_action("report")
        await app.workers.wait_for_complete()
        await pilot.pause()
    reports = list((app.db_path.parent / "reports").glob("backtui-report-*.html"))
    assert len(reports) == 1


async def test_palette_export_writes_a_private_file(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        await app.run_action("export")
        await app.workers.wait_for_complete()
        await pilot.pause()
    (export,) = (app.db_path.parent / "exports").glob("backtui-export-*.json")
    assert export.stat().st_mode & 0o777 == 0o600


async def _prepared(pilot) -> None:
    """Wait (on state, a bounded number of frames) until the idle preparation has finished."""
    for _ in range(100):
        await pilot.pause(0.05)
        if pilot.app.screens_prepared:
            await pilot.pause()
            return
    raise AssertionError("the screens were never prepared")


async def test_screens_are_prepared_once_the_plan_shows(make_test_app, wait_for_workers):
    """After the Plan's first read, History's styles are in place: opening it parses nothing."""
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        assert app.screen.loads >= 1
        await _prepared(pilot)
        sources = dict(app.stylesheet.source)
        await pilot.press("h")
        await wait_for_workers(pilot)
        assert type(app.screen).__name__ == "HistoryScreen" and app.screen.first_data_shown
        assert dict(app.stylesheet.source) == sources


async def test_footer_lists_each_sections_keys_and_a_click_presses_one(
    make_test_app, wait_for_workers
):
    from backtui.tui.common.footer import KeyFooter

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await wait_for_workers(pilot)
        footer = app.screen.query_one(KeyFooter)
        shown = footer.entries()
        assert [entry.display for entry in shown][:2] == ["1-6", "t"]
        assert not footer.children  # one line of text, not a widget per key
        await pilot.press("6")  # Therapies lists other keys
        await wait_for_workers(pilot)
        assert footer.entries() != shown
        assert "Add" in [entry.description for entry in footer.entries()]
        line = str(footer.render())
        assert "Add" in line and "Range" not in line
        column = line.index(" p ") + 1  # "p Plan": a click there goes to the Plan
        await pilot.click(KeyFooter, offset=(column, 0))
        await wait_for_workers(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
