"""The screens one area opens for another.

The Plan, the session, the check-in and Learn never import each other's screens: they ask the app,
which has these methods. Each returns what push_screen does: with wait_for_dismiss (in a worker), a
future of the screen's result; otherwise ``callback`` receives it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.widget import AwaitMount

from backtui.tui.screens_ahead import ScreensAhead

# Each screen is imported when first opened, not at start-up (see the costs in tui/app.py).


class AreaDoors:
    """Mixed into BackTuiApp (a Textual App): how one area opens another's screens."""

    screens_ahead: ScreensAhead  # the app's (tui/screens_ahead.py)

    def open_checkin(
        self,
        *,
        moment: str,
        session_id: int | None = None,
        callback: Callable[[Any], None] | None = None,
        wait_for_dismiss: bool = False,
    ) -> AwaitMount | asyncio.Future[Any]:
        from backtui.tui.checkin.screen import CheckInScreen  # lazy: see tui/app.py

        standalone = (moment, session_id) == ("standalone", None)
        ready = self.screens_ahead.take("checkin") if standalone else None
        screen = ready or CheckInScreen(moment=moment, session_id=session_id)
        return self.push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)

    def open_red_flags(
        self,
        trigger: str,
        *,
        session_id: int | None = None,
        callback: Callable[[Any], None] | None = None,
        wait_for_dismiss: bool = False,
    ) -> AwaitMount | asyncio.Future[Any]:
        """The warning-sign checklist; its result is a TriageResult, or None if closed."""
        from backtui.tui.checkin.redflags import RedFlagScreen  # lazy: see tui/app.py

        screen = RedFlagScreen(trigger=trigger, session_id=session_id)
        return self.push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)

    def open_psfs(self, callback: Callable[[Any], None] | None = None) -> AwaitMount:
        """The Patient-Specific Functional Scale; its result is the saved entry, or None."""
        from backtui.tui.checkin.measures import PsfsScreen  # lazy: see tui/app.py

        return self.push_screen(PsfsScreen(), callback)

    def open_session(self, resume_id: int | None = None) -> AwaitMount:
        from backtui.tui.session.screen import SessionScreen  # lazy: see tui/app.py

        ready = self.screens_ahead.take("session") if resume_id is None else None
        return self.push_screen(ready or SessionScreen(resume_id=resume_id))

    def session_screen_open(self) -> bool:
        """A session screen anywhere in the stack, even under one of its questions."""
        from backtui.tui.session.screen import SessionScreen  # lazy: see tui/app.py

        return any(isinstance(screen, SessionScreen) for screen in self.screen_stack)

    def show_learn(self, page_id: str | None = None) -> None:
        """Learn, at a page if given, for any area (the red-flag advice links its page)."""
        from backtui.tui.learn.screen import open_learn

        open_learn(self, page_id)
