"""The backtui Textual application and its factory."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, time
from functools import partial
from pathlib import Path

import peewee
from textual import events, work
from textual.app import App, SystemCommand
from textual.command import Provider
from textual.geometry import Size
from textual.screen import Screen
from textual.theme import Theme, ThemeProvider

from backtui.clock import Clock, monotonic, system_clock
from backtui.config import Config, load_config, problem_summary, save_theme
from backtui.db.settings import apply_config_settings
from backtui.db.storage import DAMAGED_ADVICE, StorageError
from backtui.db.store import store_for
from backtui.instants import shown_zone
from backtui.paths import config_path
from backtui.plan.library import sync_library
from backtui.plan.programmes import ensure_default_plan
from backtui.plan.snapshot import PlanSnapshot, load_plan
from backtui.text import without_controls
from backtui.timefmt import clock_time
from backtui.tui.actions import GLOBAL_ACTIONS, bindings_for
from backtui.tui.after_start import AfterStart
from backtui.tui.checkin.next_morning import offer_next_morning
from backtui.tui.common.new_day import CHECK_EVERY_SECONDS, DayWatch, NewDay
from backtui.tui.common.palette import SafeCommandPalette
from backtui.tui.common.style_cache import CachingStylesheet, StyleCache
from backtui.tui.common.too_small import TooSmallScreen, too_small
from backtui.tui.doors import AreaDoors
from backtui.tui.memory import KeyMemory
from backtui.tui.plan.screen import PlanScreen, open_welcome
from backtui.tui.screens_ahead import ScreensAhead
from backtui.tui.session.resume import offer_unfinished

# Keys that would leave a running session for another screen: hidden while it runs.
LEAVING_A_SESSION = frozenset({"goto_plan", "start_session", "goto_history", "learn"})

# The screens below are imported when first opened, not at start-up: each costs the first frame
# time it does not need (measured after the Plan has loaded: History and its chart about 45 ms,
# the live session 30 ms, the check-in 40 ms, the checklist and measures about 20 ms each, help
# and its Markdown 120 ms, export 15 ms).


def _learn_pages() -> type[Provider]:
    # Imported when the palette first opens: the pages are read then, not at start-up.
    from backtui.tui.learn.palette import LearnPages

    return LearnPages


def _standalone_checkin() -> Screen:
    from backtui.tui.checkin.screen import CheckInScreen  # lazy: see above

    return CheckInScreen(moment="standalone")


def _new_session() -> Screen:
    from backtui.tui.session.screen import SessionScreen  # lazy: see above

    return SessionScreen()


def _history_screen() -> Screen:
    from backtui.tui.history.screen import HistoryScreen  # lazy: see above

    return HistoryScreen()


class BackTuiApp(AreaDoors, AfterStart, App[int]):
    """Plan and History are modes; a live session is pushed on top; check-ins are modals."""

    TITLE = "backtui"
    # The home screen's styles load with the app's, so the first frame parses CSS once.
    CSS_PATH = ["app.tcss", "plan/plan.tcss"]
    MODES = {"plan": PlanScreen, "history": _history_screen}
    DEFAULT_MODE = "plan"
    BINDINGS = bindings_for(GLOBAL_ACTIONS)
    COMMANDS = App.COMMANDS | {_learn_pages}  # the Learn pages, searchable by title and text

    def __init__(
        self,
        *,
        db_path: Path,
        clock: Clock = system_clock,
        monotonic: Callable[[], float] = monotonic,
        config: Config | None = None,
        config_file: Path | None = None,
    ) -> None:
        self.db_path = db_path
        self.first_plan_read = False  # see read_first_plan
        self.clock = clock
        self.monotonic = monotonic  # session timers; tests pass a clock they move by hand
        self.config = config or Config()
        self.config_file = config_file
        self.time_format = self.config.time_format  # "24h" or "12h", for every screen
        self.day_watch = DayWatch(self.now)
        self.screens_prepared = False  # see tui/prepare.py
        self.checkin_offers: tuple[bool, bool] | None = None  # see CheckInScreen.__init__
        # The screens behind c and s, built while the Plan is read (tui/screens_ahead.py).
        self.screens_ahead = ScreensAhead(
            self, {"checkin": _standalone_checkin, "session": _new_session}
        )
        self.history_built: Awaitable[None] | None = None  # see _build_history_ahead
        self.memory = KeyMemory(  # see tui/memory.py
            monotonic, start_ticking=lambda tick: self.set_interval(1.0, tick)
        )
        super().__init__()
        # Read back the rule sets parsed at earlier starts (tui/common/style_cache.py).
        self.stylesheet = CachingStylesheet(
            variables=self.get_css_variables(), cache=StyleCache.load()
        )
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.keys:
            self.set_keymap(self.config.keys)

    def on_mount(self) -> None:
        if self.config.problems:  # one notice, however many problems (an unknown theme is one)
            # Not markup: the problems quote the file, whose brackets are not styling.
            self.notify(
                problem_summary(self.config.problems),
                title="config.toml",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        # Right after the first frame, before a new session can start: resume today's unfinished
        # one, close older ones; then, on the morning after a session, its next-morning check-in.
        self.call_after_refresh(offer_unfinished, self, partial(offer_next_morning, self))
        # After the Plan shows today's exercises: the integrity check and the daily backup, then
        # the screens behind the common keys are made ready, so their first press is quick.
        self.start_after_plan()  # tui/after_start.py
        self.set_interval(CHECK_EVERY_SECONDS, self.notice_new_day)

    def on_unmount(self) -> None:
        self.memory.release()

    def notice_new_day(self) -> None:
        """At the first tick or key of a new local day: back up, and redraw today's screen."""
        today = self.day_watch.changed()
        if today is None:
            return
        self._daily_backup()
        self.screen.post_message(NewDay(today))

    def get_theme(self, theme_name: str) -> Theme | None:
        """Textual's lookup, without copying the theme table: it runs for every line drawn."""
        themes = self._registered_themes
        for name in theme_name.split(","):
            theme = themes.get(name.strip())
            if theme is not None:
                return theme
        return None

    def on_resize(self, event: events.Resize) -> None:
        self._fit_notice(event.size)

    def _screen_changed(self, screen: Screen) -> None:
        # A dialog that opens by itself (the resume offer) can land on the notice, and closing
        # one can uncover it: check again once the change has settled.
        self.call_later(self._fit_notice)
        if self.screens_prepared and len(self.screen_stack) == 1:
            # Back on the Plan or History: once it is drawn, replace a screen used since.
            self.call_after_refresh(self.screens_ahead.build)

    def _fit_notice(self, size: Size | None = None) -> None:
        """The too-small notice is in front exactly while the terminal is too small."""
        width, height = size or self.size
        small = too_small(width, height)
        for buried in self.screen_stack[:-1]:
            if isinstance(buried, TooSmallScreen):
                buried.stand_down()  # a fresh notice goes on top; this one leaves when uncovered
        if isinstance(self.screen, TooSmallScreen):
            if small:
                self.screen.show_size(width, height)
            else:
                self.pop_screen()
        elif small:
            self.push_screen(TooSmallScreen())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            self._clean_paste(event)
        if isinstance(event, events.Key):
            self.notice_new_day()
            self.memory.key_pressed()
        if isinstance(event, events.Compose):
            # Textual styles the app itself only after the first screen has mounted, and a widget
            # drawn before that keeps the colours it had then: no text colour, so its words came
            # out in the colour of the background. The Plan draws today's exercises in its first
            # frame, so the app is styled first.
            self.stylesheet.apply(self)
        await super().on_event(event)

    def _clean_paste(self, event: events.Paste) -> None:
        """Pasted text can carry terminal escape codes: they are left out, never shown raw."""
        cleaned = without_controls(event.text)
        if cleaned != event.text:
            event.text = cleaned
            self.notify(
                "The pasted text held control characters (such as terminal escape "
                "codes); they were left out.",
                severity="warning",
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides a key from the footer and turns it off: only keys that work are shown."""
        if isinstance(self.screen, TooSmallScreen) and action != "quit":
            return False  # nothing opens behind the notice
        if action in LEAVING_A_SESSION and self.in_live_session():
            return False  # a session ends with e (or ctrl+q), never by walking away from it
        if action == "goto_plan" and isinstance(self.screen, PlanScreen):
            return False  # already there
        if action == "learn" and not parameters and type(self.screen).__name__ == "LearnScreen":
            return False  # already there (a page chosen in the palette still turns to it)
        if action == "goto_history" and self.current_mode == "history":
            return len(self.screen_stack) > 1  # from one of History's own pop-ups
        return True

    def now(self) -> datetime:
        return self.clock()

    def read_first_plan(self) -> PlanSnapshot | None:
        """Today's plan for the Plan's first frame, read once, before that frame is drawn.

        The one read the UI waits for, like the start-up work make_app does before the terminal
        is taken over: 10-20 ms on SQLite, for one week of history as for thirty years
        (docs/performance.md). Read on a worker after the first frame instead, it competed with
        the drawing of the screen for Python's lock, and the exercises came 0.2 to 0.3 s later.
        None after the first call, or when the read fails: the Plan screen then reads on its
        worker, and says what went wrong.
        """
        if self.first_plan_read:
            return None
        self.first_plan_read = True
        try:
            return load_plan(self.now())
        except (sqlite3.DatabaseError, peewee.DatabaseError, StorageError):
            return None

    def clock_time(self, moment: datetime | time) -> str:
        """A time of day in the person's chosen format ("18:05" or "6:05 pm"), at the place it
        happened, with its offset when that was in another zone than this one."""
        shown = clock_time(moment, self.time_format)
        zone = shown_zone(moment) if isinstance(moment, datetime) else ""
        return f"{shown} {zone}" if zone else shown

    def in_live_session(self) -> bool:
        # Asked for every key the footer lists, from the first frame on: importing the session
        # screen here would make start-up pay for it. Until it is imported, none can be running.
        # It may be half imported (the preparation imports it on a thread): then it has no class
        # yet, and no session either.
        session = sys.modules.get("backtui.tui.session.screen")
        screen_class = getattr(session, "SessionScreen", None)
        return screen_class is not None and isinstance(self.screen, screen_class)

    # Navigation -----------------------------------------------------------------------------

    def action_goto_plan(self) -> None:
        if not self._stay_in_session():
            self._leave_pushed_screens()
            self.switch_mode("plan")

    def action_goto_history(self) -> None:
        if not self._stay_in_session():
            self._leave_pushed_screens()
            self.switch_mode("history")

    def _stay_in_session(self) -> bool:
        """Leaving a running session by a navigation key would walk away from it: say so."""
        if not self.in_live_session():
            return False
        self.notify(
            "A session is running. Press e to end it early, or ctrl+q to quit: everything "
            "done so far is kept.",
            severity="warning",
        )
        return True

    def _leave_pushed_screens(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_start_session(self) -> None:
        if self._stay_in_session():
            return
        self.open_session()

    async def action_checkin(self) -> None:
        from backtui.tui.checkin.screen import CheckInScreen  # lazy: see the top

        if isinstance(self.screen, CheckInScreen):
            return
        if self.in_live_session():
            # The live session links the check-in to itself and stops on a warning sign.
            await self.run_action("screen.checkin")
            return
        # "standalone" = not part of a session; the screen resolves it with checkins.moment_for
        # (the first check-in on the morning after a session becomes "next_morning").
        self.open_checkin(moment="standalone", callback=self._checkin_done)

    def _checkin_done(self, saved: object | None) -> None:
        if saved is not None:
            self.notify("Check-in saved.")

    def action_learn(self, page_id: str = "") -> None:
        if not self._stay_in_session():
            self.show_learn(page_id or None)

    def action_help(self) -> None:
        from backtui.tui.common.help import HelpScreen  # lazy: see the top

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    # Palette-only actions --------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists the same registry as the keys, then Textual's own commands."""
        for action in GLOBAL_ACTIONS:
            if action.id in ("command_palette", "quit"):
                continue
            yield SystemCommand(
                action.label, action.description, lambda name=action.id: self.run_action(name)
            )
        yield from super().get_system_commands(screen)

    async def action_report(self) -> None:
        await self._on_history("report")

    async def action_log_therapy(self) -> None:
        await self._on_history("add_therapy")

    async def _on_history(self, action: str) -> None:
        self._leave_pushed_screens()
        await self.switch_mode("history")
        await self.screen.run_action(action)

    def action_welcome(self) -> None:
        open_welcome(self)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not SafeCommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def action_change_theme(self) -> None:
        self.search_themes()

    def search_themes(self) -> None:
        self.push_screen(
            SafeCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…")
        )

    def _remember_theme(self, theme: object) -> None:
        if self.config_file is not None:
            self._save_theme(self.theme)

    @work(thread=True, exclusive=True, group="config")
    def _save_theme(self, theme: str) -> None:
        try:
            save_theme(self.config_file, theme)
        except OSError as error:
            self.call_from_thread(
                self.notify, f"Could not remember the theme: {error.strerror}", severity="warning"
            )

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="export")
    def _export(self) -> None:
        from backtui.record.export import ExportError, export_json  # lazy: see the top

        folder = store_for(self.db_path).files_folder() / "exports"
        target = folder / f"backtui-export-{self.now():%Y%m%d-%H%M%S}.json"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            export_json(target)
        except (ExportError, OSError) as error:
            self.call_from_thread(self.notify, f"Export failed: {error}", severity="error")
            return
        self.call_from_thread(self.notify, f"Exported to {target}", timeout=10)


def make_app(
    *,
    db_path: Path,
    clock: Clock = system_clock,
    monotonic: Callable[[], float] = monotonic,
    config_file: Path | None = None,
) -> BackTuiApp:
    """Open (or create) the database, make sure a plan exists, and build the app.

    Tests call this with their own database path, a fixed clock and a monotonic clock they move by
    hand. ``config_file`` defaults to the platform's config.toml.
    """
    config_file = config_file or config_path()
    config = load_config(config_file)
    now = clock()
    # The full integrity check grows with the file, so it runs after the first frame.
    store_for(db_path).open(now=now, thorough=False)
    try:
        sync_library()
        ensure_default_plan(now)
        apply_config_settings(config)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        raise StorageError(f"{db_path} is damaged ({error}). {DAMAGED_ADVICE}") from error
    return BackTuiApp(
        db_path=db_path, clock=clock, monotonic=monotonic, config=config, config_file=config_file
    )
