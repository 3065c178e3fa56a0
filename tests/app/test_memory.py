"""Freezing after key presses, the sweep once keys are quiet, and the release at the end."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from backtui.tui.memory import KeyMemory


class Node:
    """An object in a reference cycle: only the cycle collector can free it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def hand_clock():
    gc.unfreeze()
    now = [1000.0]
    yield now
    gc.unfreeze()  # whatever a test froze goes back to the collector


def test_a_tick_after_a_key_freezes_what_exists_and_a_quiet_minute_sweeps_it(hand_clock):
    memory = KeyMemory(lambda: hand_clock[0], quiet_seconds=60)
    node = Node()
    alive = weakref.ref(node)
    memory.tick()  # no key yet: nothing frozen
    assert gc.get_freeze_count() == 0
    memory.key_pressed()
    memory.tick()
    assert gc.get_freeze_count() > 0
    del node
    gc.collect()
    assert alive() is not None  # frozen: the collector leaves it alone
    hand_clock[0] += 59
    memory.tick()
    assert alive() is not None  # keys pressed a moment ago: no sweep yet
    hand_clock[0] += 1
    memory.tick()
    assert alive() is None  # swept once the keys were quiet
    assert gc.get_freeze_count() > 0  # and what lives is frozen again


def test_a_key_during_the_quiet_minute_starts_it_again(hand_clock):
    memory = KeyMemory(lambda: hand_clock[0], quiet_seconds=60)
    memory.key_pressed()
    memory.tick()
    node = Node()
    alive = weakref.ref(node)
    hand_clock[0] += 50
    memory.key_pressed()
    memory.tick()  # freezes the node
    del node
    hand_clock[0] += 30
    memory.tick()
    assert alive() is not None
    hand_clock[0] += 30
    memory.tick()
    assert alive() is None


def test_a_key_starts_the_ticks_and_the_sweep_stops_them(hand_clock):
    started: list[object] = []

    class Ticks:
        stopped = False

        def stop(self) -> None:
            self.stopped = True

    def start_ticking(tick):
        started.append(Ticks())
        return started[-1]

    memory = KeyMemory(lambda: hand_clock[0], quiet_seconds=60, start_ticking=start_ticking)
    assert started == []  # an app nobody has touched runs no timer for this
    memory.key_pressed()
    memory.key_pressed()
    assert len(started) == 1
    memory.tick()
    hand_clock[0] += 30
    memory.tick()
    assert not started[0].stopped  # the quiet minute is not over
    hand_clock[0] += 30
    memory.tick()
    assert started[0].stopped and memory.ticks is None
    memory.key_pressed()
    assert len(started) == 2  # the next key starts them again


def test_release_collects_what_was_frozen_and_freezes_the_rest(hand_clock):
    memory = KeyMemory(lambda: hand_clock[0])
    node = Node()
    alive = weakref.ref(node)
    memory.key_pressed()
    memory.tick()
    del node
    gc.collect()
    assert alive() is not None  # frozen
    memory.release()
    assert alive() is None and gc.get_freeze_count() > 0


async def test_the_app_freezes_after_a_key_and_frees_what_died_meanwhile_when_it_ends(
    make_test_app,
):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        gc.unfreeze()  # start from nothing frozen, whatever start-up did
        node = Node()
        alive = weakref.ref(node)
        await pilot.press("question_mark")
        for _ in range(40):  # the app's own one-second tick
            if gc.get_freeze_count():
                break
            await pilot.pause(0.05)
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert alive() is not None  # frozen with everything else: the collector skips it
    assert alive() is None  # the app's end gave it back to the collector
    gc.unfreeze()


@pytest.fixture
def collector_restored():
    yield
    gc.enable()
    gc.unfreeze()


async def test_the_collector_is_off_from_launch_until_the_plan_shows_today(
    make_test_app, monkeypatch, collector_restored
):
    import backtui.tui.app as app_module
    from backtui import launcher
    from backtui.tui.plan.screen import PlanScreen

    on_at_first_show: list[bool] = []
    show = PlanScreen._show

    def spied_show(screen, *args, **kwargs):
        on_at_first_show.append(gc.isenabled())
        return show(screen, *args, **kwargs)

    monkeypatch.setattr(PlanScreen, "_show", spied_show)
    monkeypatch.setattr(app_module, "make_app", lambda db_path: make_test_app())
    app = launcher.build_app(Path("the test's own"))
    assert not gc.isenabled() and gc.get_freeze_count() > 0
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            if gc.isenabled():
                break
            await pilot.pause(0.02)
        assert on_at_first_show[0] is False  # off while today's exercises were drawn
        assert gc.isenabled() and app.screen.loads  # and back on once they were shown
    # The process ends with this app: what is frozen stays so, out of the last collection's way.
    assert gc.get_freeze_count() > 0


def test_a_launch_that_fails_turns_the_collector_back_on(monkeypatch, collector_restored):
    import backtui.tui.app as app_module
    from backtui import launcher
    from backtui.db.storage import StorageError

    def refused(db_path):
        raise StorageError("not a backtui file")

    monkeypatch.setattr(app_module, "make_app", refused)
    with pytest.raises(StorageError):
        launcher.build_app(Path("somebody else's file"))
    assert gc.isenabled()
