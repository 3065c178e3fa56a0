"""What the app does once the Plan shows today's exercises.

First the housekeeping: the progression's look at last sessions, the integrity check and the
daily backup. Then the screens behind the common keys are made ready while the person reads the
Plan: their modules imported and their styles added (tui/prepare.py), History built out of sight,
and the check-in and the session built ahead (tui/screens_ahead.py). None of it runs before the
Plan's first frame with today's exercises, which it would only slow down.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from pathlib import Path

import peewee
from textual import work
from textual.worker import WorkerError, get_current_worker

from backtui.checkin.measures import offers_due
from backtui.db.storage import StorageError
from backtui.db.store import store_for
from backtui.tui.common.style_cache import CachingStylesheet
from backtui.tui.memory import collector_on, freeze_built, settle_memory
from backtui.tui.plan.screen import PlanScreen
from backtui.tui.prepare import add_styles, import_screens
from backtui.tui.screens_ahead import ScreensAhead

# Seconds between looks at whether the Plan has shown today's exercises. Once it has, the
# integrity check and the daily backup run, then the other screens' modules and styles are
# prepared (tui/prepare.py); never before that frame, which they would slow down: the check reads
# the whole file, so on a slow machine ten years of history delayed the Plan by a fifth of a
# second. If the Plan has not shown it by HOUSEKEEPING_LATEST seconds, they run anyway.
PREPARE_DELAY = 0.1
HOUSEKEEPING_LATEST = 5.0
HISTORY_BUILD_LONGEST = 2.0  # seconds closing waits for History built ahead to finish mounting


class AfterStart:
    """Mixed into BackTuiApp (a Textual App), which calls ``start_after_plan`` as it mounts."""

    db_path: Path
    screens_ahead: ScreensAhead
    screens_prepared: bool  # tests and the start-up benchmark wait on it
    checkin_offers: tuple[bool, bool] | None
    history_built: Awaitable[None] | None
    now: Callable[[], datetime]  # the app's clock

    def start_after_plan(self) -> None:
        self.set_timer(PREPARE_DELAY, self._after_plan)

    def _after_plan(self, waited: float = 0.0) -> None:
        home = self.screen_stack[0] if self.screen_stack else None
        if isinstance(home, PlanScreen) and not home.loads and waited < HOUSEKEEPING_LATEST:
            # Its data is not shown yet: look again shortly.
            self.set_timer(PREPARE_DELAY, partial(self._after_plan, waited + PREPARE_DELAY))
            return
        collector_on()  # off since launch (launcher.build_app)
        plan = next(iter(self.get_screen_stack("plan")), None)
        if isinstance(plan, PlanScreen):  # judge the sessions whose next morning has come
            plan.evaluate()
        self._daily_backup()
        self._prepare_screens()

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare_screens(self) -> None:
        import_screens()
        try:  # what the first check-in offers (CheckInScreen reads it again as it opens)
            self.checkin_offers = offers_due(self.now())
        except (peewee.DatabaseError, StorageError):
            pass  # the check-in's own read reports a damaged file
        if not get_current_worker().is_cancelled and self.is_running:
            self.call_from_thread(self._prepared)

    def _prepared(self) -> None:
        add_styles(self)
        self._save_styles()
        self._build_history_ahead()
        self.screens_ahead.build()
        settle_memory()
        self.screens_prepared = True  # tests wait on it

    @work(thread=True, exclusive=True, group="styles")
    def _save_styles(self) -> None:
        stylesheet = self.stylesheet
        if isinstance(stylesheet, CachingStylesheet):
            try:
                stylesheet.cache.save()
            except OSError:
                pass  # a read-only cache folder: the styles are parsed at each start, as before

    def _build_history_ahead(self) -> None:
        """History, the screen behind h, is built while the person reads the Plan: composed,
        styled, laid out and given its chart, out of sight (Textual starts a mode's screen this
        way when it is first switched to). h then only shows it, and it reads afresh as it is
        shown (HistoryScreen.on_screen_resume), so what appears is never out of date."""
        # Not once closing has begun: a new screen then would join the stacks being closed.
        if self.is_running and "history" not in self._screen_stacks:
            self.history_built = self._init_mode("history")
            self.run_worker(self._history_settled(), group="history-ahead", exit_on_error=False)

    async def _history_settled(self) -> None:
        await self._history_finished()
        freeze_built()  # see tui/memory.py

    async def _shutdown(self) -> None:
        # Once shutting down, Textual mounts no more widgets: History, closed while still being
        # built, would find its tabs missing (an error at exit, when quitting a second after
        # start). Its build finishes first.
        if self.history_built is not None:
            try:
                await asyncio.wait_for(self._history_finished(), HISTORY_BUILD_LONGEST)
            except Exception:  # closing goes on whatever happened to the build
                pass
        await self.screens_ahead.close()
        await super()._shutdown()

    async def _history_finished(self) -> None:
        """History built ahead is mounted, and its sections read and laid out."""
        if self.history_built is not None:
            await self.history_built
        for screen in self._screen_stacks.get("history", [])[:1]:
            for mounting in getattr(screen, "sections_built", ()):
                await mounting
            prepared = getattr(screen, "prepared_ahead", None)
            if prepared is not None:
                try:
                    await prepared.wait()
                except WorkerError:  # cancelled as History closed: nothing more to wait for
                    pass

    @work(thread=True, exclusive=True, group="backup")
    def _daily_backup(self) -> None:
        try:
            damage = store_for(self.db_path).daily_care(self.now())
        except (OSError, sqlite3.Error, StorageError) as error:
            self.call_from_thread(
                self.notify, f"The daily backup could not be made: {error}", severity="warning"
            )
            return
        if damage is not None:  # never let a damaged file replace a good backup
            self.call_from_thread(
                self.notify, damage, title="Database", severity="error", timeout=30
            )
