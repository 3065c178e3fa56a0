"""The session screen when the record's PostgreSQL server goes away mid-session: it says so,
keeps going, and the sets shown as done are all stored once the server is back."""

from __future__ import annotations

from session_helpers import FakeTime, use_plan, wait_for

from backtui.checkin import triage
from backtui.db import journal
from backtui.db.models import Exercise, SetLog

PLAN = [("pelvic_tilt", dict(sets=2, reps=3)), ("cat_cow", dict(sets=1, reps=4))]


def _said(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_the_session_goes_on_while_the_server_is_away(
    make_test_app, clock, pg_restartable, pg_away_server
):
    app = make_test_app(db_path=pg_away_server, monotonic=FakeTime())
    use_plan(clock(), PLAN)
    triage.record_screening([], "manual", clock())
    tilt = Exercise.get(Exercise.slug == "pelvic_tilt").id
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PrePainScreen", "pain")
        await pilot.press("escape")
        await wait_for(pilot, lambda: getattr(app.screen, "flow", None), "the session")
        screen = app.screen
        await pilot.press("enter")  # set 1 of the pelvic tilt, stored on the server
        await wait_for(pilot, lambda: screen.saved_sets == 1, "set 1")

        pg_restartable.stop_server()
        await pilot.press("enter")  # the rest, skipped
        await pilot.press("enter")  # set 2: the server is away
        await wait_for(pilot, lambda: screen.saved_sets == 2, "set 2 kept")
        assert any("cannot be reached" in words for words in _said(app))
        assert screen.flow.current.slug == "cat_cow"  # the session moved on
        assert journal.waiting(pg_away_server) == 1

        pg_restartable.start_server()
        await pilot.press("enter")  # the rest after the pelvic tilt, skipped
        await pilot.press("enter")  # cat-cow's one set: the kept set goes first
        await wait_for(pilot, lambda: screen.saved_sets == 3, "set 3")
        stored = sorted(
            (row.exercise_id == tilt, row.set_number)
            for row in SetLog.select().where(SetLog.session == screen.session_id)
        )
        assert stored == [(False, 1), (True, 1), (True, 2)]
        assert journal.waiting(pg_away_server) == 0
