"""The guided-session state machine, driven by a fake monotonic clock."""

from __future__ import annotations

import pytest

from backtui.plan.tempo import DEFAULT_TEMPO, Tempo
from backtui.session.flow import (
    GET_READY_SECONDS,
    FlowItem,
    SessionFlow,
    estimate_seconds,
    format_clock,
)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


HOLD = FlowItem(1, "Bird-dog", "core", "hold", sets=2, reps=2, hold_seconds=5, dose="2 × 2 × 5 s")
TILT_TEMPO = Tempo(move=2, hold=2, back=2)
REP_SECONDS = 6  # the pelvic tilt's tempo: 2 s to move, 2 s held, 2 s back
REPS = FlowItem(2, "Pelvic tilt", "core", "reps", sets=2, reps=4, dose="2 × 4", tempo=TILT_TEMPO)
WALK = FlowItem(3, "Walking", "cardio", "minutes", sets=1, minutes=2, dose="2 min")


def make(*items, **kwargs):
    clock = FakeTime()
    return SessionFlow(list(items), clock, **kwargs), clock


def kinds(events):
    return [event.kind for event in events]


def test_hold_set_runs_get_ready_then_each_hold_with_a_bell_at_each_end():
    flow, clock = make(HOLD)
    assert (flow.phase, flow.remaining()) == ("get_ready", GET_READY_SECONDS)
    clock.advance(GET_READY_SECONDS)
    assert kinds(flow.update()) == ["get_ready_end"]
    assert (flow.phase, flow.remaining()) == ("work", 5)
    clock.advance(2)
    flow.update()
    assert flow.remaining() == 3
    clock.advance(3)
    events = flow.update()
    assert kinds(events) == ["hold_end"] and events[0].bell
    assert (flow.phase, flow.rep_count()) == ("get_ready", 1)  # relax, then the second hold
    clock.advance(GET_READY_SECONDS + 5)
    assert kinds(flow.update()) == ["get_ready_end", "hold_end"]
    assert (flow.phase, flow.rep_count()) == ("set_done", 2)
    clock.advance(100)
    assert flow.update() == [] and flow.phase == "set_done"  # waits for the person


def test_complete_set_then_rest_countdown_rings_and_starts_next_set():
    flow, clock = make(HOLD)
    clock.advance(GET_READY_SECONDS + 5 + GET_READY_SECONDS + 5)
    flow.update()
    record = flow.complete_set()
    assert (record.exercise_id, record.set_number, record.reps, record.hold_seconds) == (1, 1, 2, 5)
    assert record.duration_seconds == 16
    assert (flow.phase, flow.remaining(), flow.set_number) == ("rest", 30, 2)
    clock.advance(29)
    assert flow.update() == []
    clock.advance(1)
    events = flow.update()
    assert kinds(events) == ["rest_end"] and events[0].bell
    assert flow.phase == "get_ready"


def test_enter_during_rest_skips_it_and_logs_nothing():
    flow, _ = make(HOLD)
    flow.complete_set()
    assert flow.phase == "rest"
    assert flow.complete_set() is None
    assert flow.skip_rest() is True
    assert (flow.phase, flow.set_number) == ("get_ready", 2)


@pytest.mark.parametrize(
    "elapsed, phase, count",
    [
        (0, "get_ready", 0),
        (GET_READY_SECONDS, "work", 1),
        (GET_READY_SECONDS + REP_SECONDS, "work", 2),
        (GET_READY_SECONDS + 3 * REP_SECONDS + 1, "work", 4),
        (GET_READY_SECONDS + 4 * REP_SECONDS, "set_done", 4),
    ],
)
def test_rep_counter_paces_the_reps(elapsed, phase, count):
    flow, clock = make(REPS)
    clock.advance(elapsed)
    flow.update()
    assert (flow.phase, flow.rep_count()) == (phase, count)


def test_each_exercise_is_paced_by_its_own_tempo():
    cat_cow = FlowItem(5, "Cat-cow", "yoga", "reps", reps=8, tempo=Tempo(breath=5))
    bridge = FlowItem(6, "Glute bridge", "core", "reps", reps=8,
                      tempo=Tempo(move=2, hold=3, back=2))
    for item, seconds in ((cat_cow, 5), (bridge, 7), (REPS, REP_SECONDS)):
        flow, clock = make(item)
        clock.advance(GET_READY_SECONDS + seconds - 0.5)
        flow.update()
        assert flow.rep_count() == 1, item.name  # still on the first rep near its end
        clock.advance(0.5)
        flow.update()
        assert flow.rep_count() == 2, item.name
        assert flow.phase_length() == item.count_per_set * seconds


def test_an_exercise_without_a_stated_tempo_gets_a_slow_default():
    own = FlowItem(7, "My stretch", "mobility", "reps", reps=5)
    assert own.tempo == DEFAULT_TEMPO and own.rep_tempo == DEFAULT_TEMPO.rep_seconds
    assert DEFAULT_TEMPO.move >= 2 and DEFAULT_TEMPO.back >= 2


def test_reps_done_does_not_ring_but_cardio_end_does():
    flow, clock = make(REPS)
    clock.advance(GET_READY_SECONDS + 4 * REP_SECONDS)
    assert [e.bell for e in flow.update()] == [False, False]
    walk, clock = make(WALK)
    clock.advance(GET_READY_SECONDS + 119)
    walk.update()
    assert walk.remaining() == 1
    clock.advance(1)
    events = walk.update()
    assert kinds(events) == ["cardio_end"] and events[0].bell


def test_cardio_set_logs_its_timed_duration_and_no_rest_follows():
    flow, clock = make(WALK, REPS)
    clock.advance(GET_READY_SECONDS + 90)
    record = flow.complete_set()
    assert (record.duration_seconds, record.reps) == (90, None)
    assert (flow.phase, flow.current.name) == ("get_ready", "Pelvic tilt")


def test_pause_stops_every_timer_and_resume_carries_on():
    flow, clock = make(HOLD)
    clock.advance(GET_READY_SECONDS + 2)
    flow.update()
    assert flow.toggle_pause() is True
    clock.advance(600)
    assert flow.update() == []
    assert (flow.remaining(), flow.total_elapsed) == (3, GET_READY_SECONDS + 2)
    assert flow.toggle_pause() is False
    clock.advance(1)
    flow.update()
    assert (flow.remaining(), flow.total_elapsed) == (2, GET_READY_SECONDS + 3)


def test_suspended_screen_stops_time_like_a_pause():
    flow, clock = make(HOLD)
    flow.set_suspended(True)
    clock.advance(60)
    flow.update()
    flow.set_suspended(False)
    assert (flow.phase, flow.total_elapsed) == ("get_ready", 0)


def test_a_long_gap_crosses_several_phases_in_one_update():
    flow, clock = make(HOLD)
    flow.complete_set()  # now resting before set 2
    clock.advance(30 + GET_READY_SECONDS + 5)
    assert kinds(flow.update()) == ["rest_end", "get_ready_end", "hold_end"]
    assert flow.total_elapsed == 38


def test_next_up_names_the_next_set_then_the_next_exercise_then_the_end():
    flow, _ = make(HOLD, REPS)
    assert flow.next_up() == "Bird-dog, set 2 of 2"
    flow.complete_set()
    assert flow.next_up() == "Pelvic tilt · 2 × 4"
    flow.skip_exercise()
    assert flow.current.name == "Pelvic tilt"
    flow.complete_set()
    assert flow.next_up().startswith("That's the last set")


def test_skip_moves_to_the_next_exercise_without_rest_and_counts_no_set():
    flow, _ = make(HOLD, REPS)
    skipped = flow.skip_exercise()
    assert skipped.name == "Bird-dog"
    assert (flow.current.name, flow.phase, flow.sets_done) == ("Pelvic tilt", "get_ready", 0)
    flow.skip_exercise()
    assert flow.phase == "done" and flow.current is None


def test_finishing_every_set_ends_the_flow():
    flow, _ = make(REPS)
    flow.complete_set()
    flow.skip_rest()
    flow.complete_set()
    assert (flow.phase, flow.sets_done, flow.planned_sets) == ("done", 2, 2)
    assert flow.complete_set() is None


def test_resuming_starts_after_the_sets_already_logged():
    flow, _ = make(HOLD, REPS, done_sets={1: 2, 2: 1})
    assert (flow.current.name, flow.set_number, flow.sets_done) == ("Pelvic tilt", 2, 3)
    finished, _ = make(REPS, done_sets={2: 2})
    assert finished.phase == "done"


def test_easier_variant_takes_over_the_remaining_sets():
    flow, _ = make(HOLD)
    flow.complete_set()
    flow.replace_current(FlowItem(9, "Arm reach", "core", "hold", sets=5, reps=1, hold_seconds=3))
    assert (flow.current.name, flow.current.sets, flow.set_number) == ("Arm reach", 2, 2)
    assert flow.phase == "get_ready"


def test_per_side_holds_alternate_sides_and_double_the_count():
    plank = FlowItem(4, "Side plank", "core", "hold", reps=1, hold_seconds=20, per_side=True)
    flow, clock = make(plank)
    assert (plank.count_per_set, flow.side()) == (2, "left")
    clock.advance(GET_READY_SECONDS + 20)
    flow.update()
    assert flow.side() == "right"


def test_estimate_and_clock_format():
    assert estimate_seconds([WALK]) == GET_READY_SECONDS + 120
    two_sets = 2 * (GET_READY_SECONDS + 4 * REP_SECONDS) + 30
    assert estimate_seconds([REPS]) == two_sets
    assert format_clock(65) == "1:05"
    assert format_clock(3725) == "1:02:05"
    assert format_clock(-3) == "0:00"


def test_a_hold_confirmed_at_once_stores_nothing_held():
    """Enter before the first hold began: no hold was done, so none is stored as held."""
    flow, _clock = make(HOLD)
    record = flow.complete_set()
    assert (record.reps, record.hold_seconds) == (0, 0)


def test_a_hold_cut_short_stores_the_holds_begun_and_their_average():
    flow, clock = make(HOLD)  # 2 holds of 5 s
    clock.advance(GET_READY_SECONDS + 5 + GET_READY_SECONDS + 2)  # the second hold at 2 s
    record = flow.complete_set()
    assert (record.reps, record.hold_seconds) == (2, round(7 / 2))


def test_a_set_is_moved_past_only_once_confirmed():
    """set_record reads the set without moving on, so a refused write leaves it to retry."""
    flow, clock = make(HOLD)
    clock.advance(GET_READY_SECONDS + 5 + GET_READY_SECONDS + 5)
    first = flow.set_record()
    assert flow.set_record() == first and (flow.phase, flow.set_number) == ("set_done", 1)
    flow.confirm_set()
    assert (flow.phase, flow.set_number, flow.sets_done) == ("rest", 2, 1)
