"""Learn: opened with l from the Plan and History, every page opens, the palette finds pages, and
the Plan's "did you know" line follows the day and the setting."""

from __future__ import annotations

import pytest
from session_helpers import wait_for
from textual.command import CommandPalette
from textual.widgets import Markdown, OptionList

from backtui.learn import did_you_know, shipped_pages
from backtui.tui.learn.screen import LearnScreen, PageList, PageView
from backtui.tui.plan.did_you_know import DidYouKnow


def _shown(app) -> str:
    return app.screen.query_one("#learn-page", Markdown).source


@pytest.mark.parametrize("start", ["p", "h"])
async def test_l_opens_learn_from_plan_and_history_and_escape_goes_back(make_test_app, start):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(start)
        underneath = type(app.screen)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LearnScreen), "Learn")
        assert _shown(app) == shipped_pages()[0].body
        assert isinstance(app.focused, PageList)
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen) is underneath, "the screen before")


async def test_every_page_opens_and_enter_moves_into_it(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LearnScreen), "Learn")
        for index, page in enumerate(shipped_pages()):
            if index:
                await pilot.press("down")
            await wait_for(pilot, lambda page=page: _shown(app) == page.body, page.title)
        await pilot.press("enter")
        assert isinstance(app.focused, PageView)
        await pilot.press("escape")  # back to the list, Learn still open
        assert isinstance(app.focused, PageList) and isinstance(app.screen, LearnScreen)


async def test_the_footer_shows_learns_keys(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LearnScreen), "Learn")
        shown = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"up", "down", "enter", "escape"} <= shown


async def test_palette_search_finds_a_page_by_its_words_and_opens_it(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"heat")  # in the text of two pages, in neither title

        def prompts() -> list[str]:
            options = app.screen.query_one("CommandList", OptionList)
            prompts = (options.get_option_at_index(i).prompt for i in range(options.option_count))
            return [str(prompt).splitlines()[0] for prompt in prompts]  # the title, not the help

        await wait_for(pilot, lambda: "Learn: Flare-ups" in prompts(), "the page in the palette")
        learn_hits = [prompt for prompt in prompts() if prompt.startswith("Learn: ")]
        assert learn_hits == ["Learn: Exercise alongside other care", "Learn: Flare-ups"]
        await wait_for(pilot, lambda: prompts()[0] == learn_hits[0], "the best match first")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LearnScreen), "Learn")
        await wait_for(pilot, lambda: _shown(app).startswith("# Flare-ups"), "the page")
        assert isinstance(app.focused, PageView)  # opened at the page, ready to scroll


async def test_plan_shows_todays_did_you_know_line(make_test_app, clock):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(DidYouKnow)
        assert did_you_know(clock().date()).text in line.render().plain
        assert line.display


async def test_did_you_know_can_be_turned_off(make_test_app, tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text("did_you_know = false\n")
    app = make_test_app(config_file=config_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(DidYouKnow).display

