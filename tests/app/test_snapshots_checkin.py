"""Snapshots of the check-in and red-flag screens at 80×24 and 120×36 (fixed clock, tmp database).

After an intended change: uv run pytest --snapshot-update tests/test_snapshots_checkin.py
"""

from __future__ import annotations

import pytest

SIZES = [(80, 24), (120, 36)]


def driver(*keys: str):
    """Press keys and let every database worker finish, so the picture never races them."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_checkin_empty(snap_compare, make_test_app, size):
    assert snap_compare(make_test_app(), run_before=driver("c"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_checkin_filled(snap_compare, make_test_app, size):
    keys = ("c", "6", "w", "1", "5", "f", "1", "l", "2", "t", "4", "s", "7", "p")
    assert snap_compare(make_test_app(), run_before=driver(*keys), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_redflag_checklist(snap_compare, make_test_app, size):
    keys = ("c", "exclamation_mark", "down", "down", "b")
    assert snap_compare(make_test_app(), run_before=driver(*keys), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_redflag_emergency_advice(snap_compare, make_test_app, size):
    keys = ("c", "exclamation_mark", "a", "enter")
    assert snap_compare(make_test_app(), run_before=driver(*keys), terminal_size=size)
