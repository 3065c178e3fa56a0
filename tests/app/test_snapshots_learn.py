"""Snapshots of the Learn screen at 80×24 and 120×36 (fixed clock, tmp database).

After an intended change: uv run pytest --snapshot-update tests/app/test_snapshots_learn.py
"""

from __future__ import annotations

import pytest

SIZES = [(80, 24), (120, 36)]
IDS = ["80x24", "120x36"]


def driver(*keys: str):
    """Let the app settle, press keys, and let every worker finish before the picture."""

    async def run_before(pilot) -> None:
        for key in ("", *keys):
            if key:
                await pilot.press(key)
            for _ in range(3):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_learn_first_page(snap_compare, make_test_app, size):
    assert snap_compare(make_test_app(), run_before=driver("l"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_learn_when_to_get_help(snap_compare, make_test_app, size):
    keys = ("l", *["down"] * 9, "enter")  # the tenth page, read from its top
    assert snap_compare(make_test_app(), run_before=driver(*keys), terminal_size=size)
