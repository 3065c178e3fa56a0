"""The header every main screen shows: laid out again only when its title changes."""

from __future__ import annotations

from textual.app import App, ComposeResult

from backtui.tui.common.header import KeptHeader, KeptHeaderTitle


class HeaderApp(App):
    TITLE = "backtui"

    def compose(self) -> ComposeResult:
        yield KeptHeader()


async def test_a_title_already_shown_asks_for_no_layout():
    app = HeaderApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        title = app.query_one(KeptHeaderTitle)
        asked: list[bool] = []
        refresh = title.refresh

        def counting(*regions, layout: bool = False, **kwargs):
            asked.append(layout)
            return refresh(*regions, layout=layout, **kwargs)

        title.refresh = counting
        title.update(title.shown)  # as each of Textual's four title watches does at the start
        assert asked == []
        app.sub_title = "Paused"
        await pilot.pause()
        assert True in asked and "Paused" in str(title.render())
