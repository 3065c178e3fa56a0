"""Snapshots of the Plan screen and its pop-ups at 80×24 and 120×36 (fixed clock, tmp database).

After an intended change: uv run pytest --snapshot-update tests/test_snapshots_plan.py
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fixed_time import at

from backtui.db.models import CheckIn, Session, SetLog
from backtui.plan import weekly

SIZES = [(80, 24), (120, 36)]
IDS = ["80x24", "120x36"]
FIXED_NOW = at(2026, 11, 25, 9, 0, 0)  # as in conftest


def driver(*keys: str):
    """Let the plan load, press keys, and let every worker finish before the picture."""

    async def run_before(pilot) -> None:
        app = pilot.app
        for key in ("", *keys):
            if key:
                await pilot.press(key)
            for _ in range(5):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def _done_session(start: datetime) -> None:
    session = Session.create(
        started_at=start, ended_at=start + timedelta(minutes=15), status="completed", effort=3
    )
    for planned in weekly.todays_items(start):
        for number in range(1, planned.sets + 1):
            SetLog.create(
                session=session, exercise=planned.exercise, set_number=number, completed_at=start
            )
    for moment in ("before", "during", "after"):
        CheckIn.create(at=start, moment=moment, session=session, pain=2)
    CheckIn.create(at=start.replace(hour=8) + timedelta(days=1), moment="next_morning", pain=2)


def app_with_suggestions(make_test_app):
    """A month into Gentle start, two easy sessions last week and one on Monday."""
    from backtui.plan.programmes import install_programme

    app = make_test_app()
    install_programme("gentle_start", FIXED_NOW - timedelta(days=30))
    for day in (16, 18, 23):
        _done_session(at(2026, 11, day, 18, 0))
    return app


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_plan_first_run_welcome(snap_compare, make_test_app, size):
    assert snap_compare(make_test_app(), run_before=driver(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_plan_with_suggestions(snap_compare, make_test_app, size):
    app = app_with_suggestions(make_test_app)
    assert snap_compare(app, run_before=driver("down", "down", "down"), terminal_size=size)


def set_up(make_test_app):
    """An app whose welcome was finished earlier."""
    from backtui.db.settings import set_setting

    app = make_test_app()
    set_setting("welcome_done", True)
    return app


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_plan_exercise_page(snap_compare, make_test_app, size):
    keys = ("down", "down", "down", "enter")
    assert snap_compare(set_up(make_test_app), run_before=driver(*keys), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_plan_add_picker(snap_compare, make_test_app, size):
    assert snap_compare(set_up(make_test_app), run_before=driver("a"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_plan_programme_picker(snap_compare, make_test_app, size):
    assert snap_compare(make_test_app(), run_before=driver("g"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_plan_own_exercise_form(snap_compare, make_test_app, size):
    assert snap_compare(make_test_app(), run_before=driver("u"), terminal_size=size)
