"""Snapshots of the red-flag hold and the flare-up page at 80×24 and 120×36.

After an intended change: uv run pytest --snapshot-update tests/app/test_snapshots_clinical.py
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from session_helpers import use_plan

from backtui.checkin import triage

SIZES = [(80, 24), (120, 36)]


def driver(wait_for_workers, *keys: str):
    """Press keys and let every database worker finish, so the picture never races them (the
    session's start waits in a worker for each answer, so it is left waiting)."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await wait_for_workers(pilot)
        await pilot.pause()

    return run_before


def _app(make_test_app, clock, flags=()):
    app = make_test_app()
    use_plan(clock(), [("pelvic_tilt", dict(sets=1, reps=3))], "2")
    triage.record_screening([], "manual", clock() - timedelta(days=1))
    if flags:
        triage.record_screening(list(flags), "manual", clock() - timedelta(hours=14))
    return app


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_hold_screen(snap_compare, make_test_app, clock, size, wait_for_workers):
    app = _app(make_test_app, clock, ["fever_unwell"])
    assert snap_compare(app, run_before=driver(wait_for_workers, "s"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_flare_up_page(snap_compare, make_test_app, clock, size, wait_for_workers):
    app = _app(make_test_app, clock)
    keys = driver(wait_for_workers, "s", "7", "enter")
    assert snap_compare(app, run_before=keys, terminal_size=size)
