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
         "backtui.tui.checkin.screen", "backtui.tui.common.help", "numpy")
original = App._display

def display(self, screen, renderable):
    original(self, screen, renderable)
    if renderable is not None and getattr(screen, "loads", 0) and not hasattr(self, "seen"):
        self.seen = True
        print("loaded:", [name for name in LATER if name in sys.modules], flush=True)
        self.call_later(self.exit)

App._display = display
app = make_app(db_path=Path(sys.argv[1]), config_file=Path(sys.argv[2]))
app.run(headless=True, size=(100, 30))
"""


def test_the_plan_shows_today_before_any_other_screen_is_loaded(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "backtui.db"), str(tmp_path / "config.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "loaded: []" in done.stdout, done.stdout + done.stderr


async def test_the_daily_backup_waits_for_the_plans_exercises(make_test_app, monkeypatch):
    """The integrity check reads the whole file: it must not slow the Plan's first read."""
    from backtui.db.store import SqliteStore
    from backtui.tui.plan.screen import PlanScreen

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
