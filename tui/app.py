"""The backtui Textual application and its factory."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import App

from backtui.clock import Clock, system_clock
from backtui.tui.actions import GLOBAL_ACTIONS, bindings_for


class BackTuiApp(App[int]):
    """Plan and History are modes; a live session is pushed on top; check-ins are modals."""

    TITLE = "backtui"
    CSS_PATH = "app.tcss"
    MODES = {
        "plan": "backtui.tui.screens.plan.PlanScreen",
        "history": "backtui.tui.screens.history.HistoryScreen",
    }
    DEFAULT_MODE = "plan"
    BINDINGS = bindings_for(GLOBAL_ACTIONS)

    def __init__(self, *, db_path: Path, clock: Clock = system_clock) -> None:
        self.db_path = db_path
        self.clock = clock
        super().__init__()

    def now(self) -> datetime:
        return self.clock()

    def in_live_session(self) -> bool:
        from backtui.tui.screens.session import SessionScreen

        return isinstance(self.screen, SessionScreen)

    def action_goto_plan(self) -> None:
        self._leave_pushed_screens()
        self.switch_mode("plan")

    def action_goto_history(self) -> None:
        self._leave_pushed_screens()
        self.switch_mode("history")

    def _leave_pushed_screens(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_start_session(self) -> None:
        from backtui.tui.screens.session import SessionScreen

        if self.in_live_session():
            self.notify("A session is already running.")
            return
        self.push_screen(SessionScreen())

    def action_checkin(self) -> None:
        from backtui.tui.screens.checkin import CheckInScreen

        if isinstance(self.screen, CheckInScreen):
            return
        self.push_screen(CheckInScreen(moment="standalone"), self._checkin_done)

    def _checkin_done(self, saved: object | None) -> None:
        if saved is not None:
            self.notify("Check-in saved.")


def make_app(*, db_path: Path, clock: Clock = system_clock) -> BackTuiApp:
    """Open (or create) the database, make sure a plan exists, and build the app.

    Tests call this with their own database path and a fixed clock.
    """
    from backtui.library import sync_library
    from backtui.programmes import ensure_default_plan
    from backtui.storage import open_database

    now = clock()
    open_database(db_path, now=now)
    sync_library()
    ensure_default_plan(now)
    return BackTuiApp(db_path=db_path, clock=clock)
