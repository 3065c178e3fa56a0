"""An app left open across local midnight: the Plan's today and the week roll over by themselves,
and the first activity of the new day makes its daily backup."""

from __future__ import annotations

from fixed_time import at
from session_helpers import wait_for

from backtui.clock import FixedClock
from backtui.db.storage import list_backups


async def test_the_plan_rolls_over_at_midnight_and_is_backed_up(make_test_app, db_path):
    clock = FixedClock(at(2026, 11, 24, 23, 58))  # Tuesday, two minutes to midnight
    app = make_test_app(clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.loads >= 1 and screen.snapshot is not None)
        assert screen.snapshot.weekday == 1
        assert "Tuesday" in str(screen.query_one("#today").render())
        await wait_for(pilot, lambda: any("20261124" in b.name for b in list_backups(db_path)))

        clock.advance(minutes=3)  # 00:01 on Wednesday, nothing pressed yet
        loads = screen.loads
        pilot.app.notice_new_day()  # the once-a-minute check
        await wait_for(pilot, lambda: screen.loads > loads)
        assert screen.snapshot.weekday == 2
        assert "Wednesday" in str(screen.query_one("#today").render())
        await wait_for(pilot, lambda: any("20261125" in b.name for b in list_backups(db_path)))


async def test_a_key_on_a_new_day_rolls_the_plan_over(make_test_app):
    clock = FixedClock(at(2026, 11, 24, 23, 59))
    app = make_test_app(clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.loads >= 1 and screen.snapshot is not None)
        clock.advance(minutes=2)
        loads = screen.loads
        await pilot.press("down")  # the first activity of the new day
        await wait_for(pilot, lambda: screen.loads > loads)
        assert screen.snapshot.weekday == 2
        # Nothing new while the day stays the same.
        assert pilot.app.day_watch.changed() is None


async def test_history_left_open_reloads_its_section_on_a_new_day(make_test_app):
    clock = FixedClock(at(2026, 11, 24, 23, 59))
    app = make_test_app(clock=clock)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("h")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "HistoryScreen")
        history = pilot.app.screen
        loads = []
        original = history.load_section
        history.load_section = lambda section: (loads.append(section), original(section))
        clock.advance(minutes=2)
        pilot.app.notice_new_day()
        await wait_for(pilot, lambda: loads == ["pain"])
