"""Snapshots of the live session and of History at 80×24 and 120×36.

Both run on a one-year demo database made with a fixed seed and end date, with the clock fixed;
the session's countdown clock stands still, so its timers read the same every time.

After an intended change: uv run pytest --snapshot-update tests/test_snapshots_session_history.py
"""

from __future__ import annotations

import pytest
from fixed_time import at
from session_helpers import wait_for

from backtui.clock import FixedClock
from backtui.db.storage import close_database
from backtui.record.demo import create_demo

SIZES = [(80, 24), (120, 36)]
FIXED_NOW = at(2026, 11, 25, 9, 0)  # as in conftest


def _stopped_monotonic() -> float:
    return 1000.0


@pytest.fixture
def demo_app(tmp_path):
    path = create_demo(tmp_path / "demo.db", years=1, seed=7, end=FIXED_NOW)
    close_database()

    def build():
        from backtui.tui.app import make_app

        return make_app(
            db_path=path,
            clock=FixedClock(FIXED_NOW),
            monotonic=_stopped_monotonic,
            config_file=tmp_path / "config.toml",
        )

    return build


def keys_then_wait(wait_for_workers, *keys: str, ready=lambda app: True):
    """Press ``keys``, letting the database work of each land, until ``ready(app)``."""

    async def run_before(pilot) -> None:
        await wait_for_workers(pilot)
        for key in keys:
            await pilot.press(key)
            await wait_for_workers(pilot)
        await wait_for(pilot, lambda: ready(pilot.app), "the screen to be ready")
        await wait_for_workers(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def _session_running(app) -> bool:
    return type(app.screen).__name__ == "SessionScreen" and app.screen.flow is not None


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_live_session(snap_compare, demo_app, size, wait_for_workers):
    keys = keys_then_wait(wait_for_workers, "s", "3", "enter", ready=_session_running)
    assert snap_compare(demo_app(), run_before=keys, terminal_size=size)


class _SteppedMonotonic:
    """Stands still, except when a test moves it on by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_live_session_figure_mid_rep(snap_compare, tmp_path, size, wait_for_workers):
    """The figure a second into the first rep of cat-cow, half-way to the rounded back; the
    clock then stands still, so the moving figure is drawn the same every time."""
    from backtui.tui.app import make_app

    path = create_demo(tmp_path / "demo.db", years=1, seed=7, end=FIXED_NOW)
    close_database()
    time = _SteppedMonotonic()
    app = make_app(
        db_path=path,
        clock=FixedClock(FIXED_NOW),
        monotonic=time,
        config_file=tmp_path / "config.toml",
    )
    ready = keys_then_wait(wait_for_workers, "s", "3", "enter", ready=_session_running)

    async def run_before(pilot) -> None:
        await ready(pilot)
        time.now += 3 + 1.25  # the 3 s count-in, then a quarter of the 5 s breath
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_history_pain(snap_compare, demo_app, size, wait_for_workers):
    keys = keys_then_wait(wait_for_workers, "h")
    assert snap_compare(demo_app(), run_before=keys, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_history_sessions(snap_compare, demo_app, size, wait_for_workers):
    keys = keys_then_wait(wait_for_workers, "h", "4")
    assert snap_compare(demo_app(), run_before=keys, terminal_size=size)
