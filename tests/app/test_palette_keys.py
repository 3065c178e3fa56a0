"""The command palette's page keys before its list has been laid out (a fast typist's keys)."""

from __future__ import annotations

import pytest
from session_helpers import wait_for
from textual.command import CommandList, CommandPalette


@pytest.mark.parametrize("keys", [("pageup",), ("pagedown",), ("a", "pageup"), ("a", "pagedown")])
async def test_page_keys_before_the_list_is_laid_out_do_not_crash(make_test_app, keys):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Holding the screen's updates stands in for the few milliseconds between the list
        # receiving its commands and its first layout, which a quick typist can fall into.
        with app.batch_update():
            await pilot.press("ctrl+p", *keys[:-1])

            def listed() -> bool:
                found = app.screen.query(CommandList)
                return bool(found) and found.first().highlighted is not None

            await wait_for(pilot, listed, "the palette's list")
            assert not app.screen.query_one(CommandList).scrollable_content_region
            await pilot.press(keys[-1])
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.return_code is None  # no crash closed the app
