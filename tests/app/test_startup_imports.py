"""Start-up loads only what the Plan's first frames need; the other screens come later."""

from __future__ import annotations

import subprocess
import sys
import time

# Run in a fresh process: the first frame that shows today's exercises lists which of the other
# screens' modules are loaded by then (the preparation after that frame loads them on purpose).
CHILD = """
import sys
from pathlib import Path
from textual.app import App
from backtui.tui.app import make_app

LATER = ("backtui.tui.session.screen", "backtui.tui.history.screen",
         "backtui.tui.checkin.screen", "backtui.tui.common.help", "numpy",
         "backtui.progression.engine",  # judging loads on a worker, after the first frame
         "_hashlib",  # OpenSSL: backtui/__init__.py, plan/library.py and common/style_cache.py
         "backtui.learn",  # the "did you know" line, read after the first frame
         "backtui.db.location")  # a server's address: only for a database URL
original = App._display

def defined_dataclasses():
    import dataclasses, inspect
    for name, module in list(sys.modules.items()):
        if name.startswith("backtui"):
            for value in vars(module).values():
                own = inspect.isclass(value) and value.__module__ == name
                if own and dataclasses.is_dataclass(value):
                    yield value.__qualname__

def display(self, screen, renderable):
    original(self, screen, renderable)
    if renderable is not None and getattr(screen, "loads", 0) and not hasattr(self, "seen"):
        self.seen = True
        print("loaded:", [name for name in LATER if name in sys.modules], flush=True)
        print("dataclasses:", sorted(defined_dataclasses()), flush=True)
        print("tomllib:", "tomllib" in sys.modules, flush=True)
        self.call_later(self.exit)

App._display = display
app = make_app(db_path=Path(sys.argv[1]), config_file=Path(sys.argv[2]))
app.run(headless=True, size=(100, 30))
print("engine at exit:", "backtui.progression.engine" in sys.modules, flush=True)
"""


STARTUP_DATACLASSES = {
    "Config",  # filled in as config.toml is read, with dict, list and set fields
    "Reminders",  # the same
    "SqliteStore",  # the same shape as PostgresStore, which loads only for a server
}


def test_the_plan_shows_today_before_any_other_screen_is_loaded(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "backtui.db"), str(tmp_path / "config.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "loaded: []" in done.stdout, done.stdout + done.stderr
    # A frozen dataclass takes about 1 ms to define on Python 3.11, a NamedTuple a tenth of that:
    # the records start-up builds are NamedTuples, but for these (docs/architecture.md).
    assert f"dataclasses: {sorted(STARTUP_DATACLASSES)}" in done.stdout, done.stdout
    # A new database takes in the exercise library, from its TOML file.
    assert "tomllib: True" in done.stdout, done.stdout
    # Quitting at once never loads the progression engine: judging starts a moment later.
    assert "engine at exit: False" in done.stdout, done.stdout + done.stderr


def test_a_later_start_without_a_config_file_reads_no_toml(tmp_path):
    """tomllib (about 3 ms) loads only when a TOML file is read: not at a start with no
    config.toml and the exercise library already taken in."""
    db_file, config_file = tmp_path / "backtui.db", tmp_path / "config.toml"
    args = [sys.executable, "-c", CHILD, str(db_file), str(config_file)]
    subprocess.run(args, capture_output=True, text=True, timeout=60, check=True)
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True)
    assert "tomllib: False" in done.stdout, done.stdout + done.stderr


# The start-up look for unfinished sessions, in a fresh process with none unfinished.
LOOK_CHILD = """
import asyncio, sys
from pathlib import Path
from backtui.tui.app import make_app
from backtui.tui.session import resume

looks = []
real = resume._look_and_tell

def noted(app, then):
    looks.append(real(app, then))
    return looks[-1]

resume._look_and_tell = noted
app = make_app(db_path=Path(sys.argv[1]), config_file=Path(sys.argv[2]))

async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(400):
            if looks:
                break
            await pilot.pause(0.05)
        print("looks:", looks, "store:", "backtui.session.store" in sys.modules, flush=True)

asyncio.run(main())
"""


def test_with_nothing_unfinished_the_look_does_not_load_the_session_store(tmp_path):
    """Imported on the look's thread, the store competed with the first frames for Python's
    lock; it is needed only when a session is unfinished."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            LOOK_CHILD,
            str(tmp_path / "backtui.db"),
            str(tmp_path / "config.toml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "looks: [False] store: False" in done.stdout, done.stdout + done.stderr


async def test_the_daily_backup_waits_for_the_plans_exercises(make_test_app, monkeypatch):
    """The integrity check reads the whole file: it must not slow the Plan's first read."""
    import sqlite3

    import backtui.tui.app as app_module
    from backtui.db.store import SqliteStore
    from backtui.tui.plan.screen import PlanScreen

    def unread(now):  # without the plan read at start-up, the Plan reads it on its worker
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(app_module, "load_plan", unread)
    app = make_test_app()
    seen: list[int] = []
    daily_care = SqliteStore.daily_care

    def noted(store, *args, **kwargs):
        home = app.screen_stack[0]
        seen.append(home.loads if isinstance(home, PlanScreen) else -1)
        return daily_care(store, *args, **kwargs)

    monkeypatch.setattr(SqliteStore, "daily_care", noted)
    import backtui.tui.plan.screen as plan_screen

    load_plan = plan_screen.load_plan

    def slow_read(*args, **kwargs):  # a slow machine with a long history
        time.sleep(0.8)
        return load_plan(*args, **kwargs)

    monkeypatch.setattr(plan_screen, "load_plan", slow_read)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            if seen:
                break
            await pilot.pause(0.05)
    assert seen and seen[0] >= 1  # the Plan had drawn today's exercises first


async def test_a_session_screen_still_being_imported_is_no_session(make_test_app, monkeypatch):
    """The preparation imports the session screen on a thread while the footer asks, for every
    key it lists, whether a session is running: a half-imported module must not crash that."""
    import types

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):  # the real preparation done first, so it never meets the stand-in
            if app.screens_prepared:
                break
            await pilot.pause(0.05)
        half = types.ModuleType("backtui.tui.session.screen")  # no SessionScreen defined yet
        monkeypatch.setitem(sys.modules, "backtui.tui.session.screen", half)
        assert app.in_live_session() is False
        app.screen.refresh_bindings()  # the footer asks again
        await pilot.pause()
        assert app.is_running


async def test_the_first_frame_shows_the_plan_read_at_start_up(make_test_app, monkeypatch):
    """Today's plan is read before the first frame and drawn in it; the screen does not read the
    same plan again on its worker while its first frames are drawn."""
    import backtui.tui.plan.screen as plan_screen
    from backtui.tui.plan.screen import PlanScreen

    reads: list[object] = []
    load_plan = plan_screen.load_plan

    def counted(*args, **kwargs):
        reads.append(args)
        return load_plan(*args, **kwargs)

    monkeypatch.setattr(plan_screen, "load_plan", counted)
    app = make_test_app()
    shown_at_mount: list[int] = []
    on_mount = PlanScreen.on_mount

    def noted(screen):
        on_mount(screen)
        shown_at_mount.append(screen.loads)

    monkeypatch.setattr(PlanScreen, "on_mount", noted)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        plan = app.screen
        assert shown_at_mount == [1]  # drawn with today's exercises before its first frame
        assert plan.query_one("#week-table").row_count == len(app.screen.snapshot.items)
        assert plan.snapshot.items
        assert app.read_first_plan() is None  # once: a later Plan screen reads on its worker
        assert reads == []
        await pilot.press("h")
        await pilot.press("p")  # back on the Plan: it reads again, the plan may have moved on
        for _ in range(100):
            if reads:
                break
            await pilot.pause(0.05)
        assert len(reads) == 1


async def test_the_first_frame_draws_words_in_a_colour_of_their_own(make_test_app, monkeypatch):
    """Textual styles the app after its first screen has mounted; a widget drawn before that
    kept no text colour, and today's list came out in the colour of the background."""
    from textual.app import App
    from textual.widgets import Static

    from backtui.tui.plan.screen import PlanScreen

    invisible: list[str] = []
    display = App._display

    def first_frame(self, screen, renderable):
        display(self, screen, renderable)
        if invisible or renderable is None or not isinstance(screen, PlanScreen):
            return
        for static in screen.query(Static):
            if not static.display or not static.size or not str(static.render()).strip():
                continue
            for y in range(static.size.height):
                for segment in static.render_line(y):
                    style = segment.style
                    if segment.text.strip() and style and style.color == style.bgcolor:
                        invisible.append(f"#{static.id}: {segment.text!r}")
        invisible.append("checked")

    monkeypatch.setattr(App, "_display", first_frame)
    app = make_test_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#today-list").display
    assert invisible == ["checked"]
