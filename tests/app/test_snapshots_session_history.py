"""Snapshots of the live session and of History at 80×24 and 120×36.

Both run on a one-year demo database made with a fixed seed and end date, with the clock fixed;
the session's countdown clock stands still, so its timers read the same every time.

After an intended change: uv run pytest --snapshot-update tests/test_snapshots_session_history.py
"""

from __future__ import annotations

from datetime import datetime

import pytest

from backtui.clock import FixedClock
from backtui.db.storage import close_database
from backtui.record.demo import create_demo

SIZES = [(80, 24), (120, 36)]
FIXED_NOW = datetime(2026, 11, 25, 9, 0)  # as in conftest


def _stopped_monotonic() -> float:
    return 1000.0


@pytest.fixture
def demo_app(tmp_path):
    path = create_demo(tmp_path / "demo.db", years=1, seed=7, end=FIXED_NOW)
    close_database()

    def build():
        from backtui.tui.app import make_app

        app = make_app(db_path=path, clock=FixedClock(FIXED_NOW),
                       config_file=tmp_path / "config.toml")
        app.monotonic = _stopped_monotonic
        return app

    return build


def keys_then_wait(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.pause(0.2)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
        await pilot.pause(0.3)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_live_session(snap_compare, demo_app, size):
    assert snap_compare(demo_app(), run_before=keys_then_wait("s", "3"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_history_pain(snap_compare, demo_app, size):
    assert snap_compare(demo_app(), run_before=keys_then_wait("h"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_history_sessions(snap_compare, demo_app, size):
    assert snap_compare(demo_app(), run_before=keys_then_wait("h", "4"), terminal_size=size)
