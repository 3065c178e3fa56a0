"""The guided session as a pure state machine: exercises × sets, timed from a monotonic clock.

Phases of one set:
- ``get_ready``: a 3-2-1 count to get into position (before each hold, and before a rep or
  cardio set);
- ``work``: a hold countdown (each rep of a hold exercise is one hold), a paced rep counter, or a
  cardio countdown;
- ``set_done``: the work is over; the person confirms the set with enter (so every logged set is one
  the person says they did);
- ``rest``: a countdown before the next set or the next exercise;
- ``done``: nothing left.

Enter during ``get_ready``/``work`` completes the set early (the person moved at their own pace);
enter during ``rest`` starts the next set now. Time only runs while neither paused nor suspended
(the screen is hidden), so a paused session's timers stop. No Textual, no database: the screen
feeds it a time source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from backtui.plan.tempo import DEFAULT_TEMPO, Tempo

GET_READY_SECONDS = 3
# Rest between sets and before the next exercise. Cardio is one continuous bout, so it needs none.
REST_SECONDS = {"reps": 30, "hold": 30, "minutes": 0}

BELL_EVENTS = frozenset({"hold_end", "rest_end", "cardio_end"})


@dataclass(frozen=True)
class FlowItem:
    """One exercise of the session, at the dose the person runs today."""

    exercise_id: int
    name: str
    kind: str
    dose_type: str  # reps | hold | minutes
    sets: int = 1
    reps: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None
    per_side: bool = False
    cues: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    easier: str | None = None  # slug of the easier variant, if there is one
    slug: str = ""  # the exercise's library slug (some advice depends on the exercise)
    dose: str = ""  # a readable dose, e.g. "2 × 8 per side"
    # The exercise's own pace: the rep counter moves on once per tempo.rep_seconds. The person
    # may still move at their own pace and press enter.
    tempo: Tempo = DEFAULT_TEMPO

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1

    @property
    def count_per_set(self) -> int:
        """Holds or reps in one set (both sides counted), or 1 for a cardio bout."""
        if self.dose_type == "minutes":
            return 1
        return max(1, self.reps or 1) * self.sides

    @property
    def rep_tempo(self) -> int:
        """Seconds one rep takes on the counter, from the exercise's tempo."""
        return self.tempo.rep_seconds

    @property
    def rest_seconds(self) -> int:
        return REST_SECONDS.get(self.dose_type, 30)


@dataclass(frozen=True)
class SetRecord:
    """A completed set, ready to be stored."""

    exercise_id: int
    set_number: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int


@dataclass(frozen=True)
class Event:
    kind: str  # get_ready_end | hold_end | reps_done | cardio_end | rest_end

    @property
    def bell(self) -> bool:
        return self.kind in BELL_EVENTS


def estimate_seconds(items: Sequence[FlowItem]) -> int:
    """Rough length of a session run at the counter's pace, rests included."""
    total = 0
    for position, item in enumerate(items):
        per_set = GET_READY_SECONDS
        if item.dose_type == "hold":
            per_set = item.count_per_set * (GET_READY_SECONDS + (item.hold_seconds or 0))
        elif item.dose_type == "minutes":
            per_set += (item.minutes or 0) * 60
        else:
            per_set += item.count_per_set * item.rep_tempo
        rests = item.sets - 1 + (1 if position < len(items) - 1 else 0)
        total += item.sets * per_set + rests * item.rest_seconds
    return total


def format_clock(seconds: float) -> str:
    """12:05 or 1:02:03, rounded up while counting down so "0:00" means really over."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class SessionFlow:
    """Where the person is in the session, and how long each phase has run."""

    def __init__(
        self,
        items: Sequence[FlowItem],
        time_source: Callable[[], float],
        *,
        done_sets: Mapping[int, int] | None = None,
    ) -> None:
        """``done_sets`` maps exercise id -> sets already logged (when resuming a session)."""
        done_sets = done_sets or {}
        self.items: list[FlowItem] = list(items)
        self._time = time_source
        self._last = time_source()
        self.paused = False
        self.suspended = False
        self.total_elapsed = 0.0
        self.phase_elapsed = 0.0
        self.set_elapsed = 0.0
        self.held = 0.0  # seconds actually spent holding in this set (hold doses)
        self.sets_done = 0
        self.index = 0
        self.set_number = 1
        self.count_index = 0  # which hold (or rep) of the set
        self.rest_length = 0  # set by the exercise just finished
        self.phase = "done"
        for position, item in enumerate(self.items):
            already = min(done_sets.get(item.exercise_id, 0), item.sets)
            self.sets_done += already
            if already < item.sets and self.phase == "done":
                self.index, self.set_number = position, already + 1
                self.phase = "get_ready"

    # --- what the screen shows -------------------------------------------------------------------

    @property
    def current(self) -> FlowItem | None:
        return None if self.phase == "done" else self.items[self.index]

    @property
    def planned_sets(self) -> int:
        return sum(item.sets for item in self.items)

    @property
    def running(self) -> bool:
        return not (self.paused or self.suspended or self.phase == "done")

    def phase_length(self) -> float | None:
        """Seconds the current phase lasts, or None when it waits for the person."""
        item = self.current
        if item is None or self.phase == "set_done":
            return None
        if self.phase == "get_ready":
            return GET_READY_SECONDS
        if self.phase == "rest":
            return self.rest_length
        if item.dose_type == "hold":
            return item.hold_seconds or 0
        if item.dose_type == "minutes":
            return (item.minutes or 0) * 60
        return item.count_per_set * item.rep_tempo

    def remaining(self) -> float | None:
        length = self.phase_length()
        return None if length is None else max(0.0, length - self.phase_elapsed)

    def phase_seconds_now(self) -> float:
        """Seconds into the current phase as of the time source's now, without moving the session
        on: between the screen's once-a-second ticks, the exercise figure reads this to move
        smoothly. Capped at the phase's length; time does not run while paused or hidden."""
        seconds = self.phase_elapsed
        if self.running:
            seconds += max(0.0, self._time() - self._last)
        length = self.phase_length()
        return seconds if length is None else min(seconds, length)

    def rep_count(self) -> int:
        """The rep the counter is on (1-based) in a rep set; the holds done so far in a hold set."""
        item = self.current
        if item is None:
            return 0
        if item.dose_type == "reps":
            if self.phase == "set_done":
                return item.count_per_set
            if self.phase != "work":
                return 0
            return min(item.count_per_set, int(self.phase_elapsed // item.rep_tempo) + 1)
        return self.count_index

    def side(self) -> str | None:
        """ "left"/"right" for a per-side hold, alternating hold by hold."""
        item = self.current
        if item is None or not item.per_side or item.dose_type != "hold":
            return None
        return "left" if self.count_index % 2 == 0 else "right"

    def next_up(self) -> str:
        """What comes after the current set, in a few words."""
        item = self.current
        if item is None:
            return "Nothing: the session is complete."
        if self.set_number < item.sets:
            return f"{item.name}, set {self.set_number + 1} of {item.sets}"
        if self.index + 1 < len(self.items):
            following = self.items[self.index + 1]
            return f"{following.name} · {following.dose}".rstrip(" ·")
        return "That's the last set: then a short check-in and your summary."

    # --- time ------------------------------------------------------------------------------------

    def update(self) -> list[Event]:
        """Bring the state up to the time source's now; return what happened (for the bell)."""
        now = self._time()
        delta, self._last = max(0.0, now - self._last), now
        if not self.running:
            return []
        self.total_elapsed += delta
        events: list[Event] = []
        while delta > 0 and self.phase != "done":
            left = self.remaining()
            if left is None or delta < left:
                self._spend(delta)
                break
            self._spend(left)
            delta -= left
            events.append(self._finish_phase())
        return events

    def _spend(self, seconds: float) -> None:
        self.phase_elapsed += seconds
        if self.phase != "rest":
            self.set_elapsed += seconds
        if self.phase == "work":
            self.held += seconds

    def _enter(self, phase: str) -> None:
        self.phase, self.phase_elapsed = phase, 0.0

    def _finish_phase(self) -> Event:
        item = self.items[self.index]
        if self.phase == "get_ready":
            self._enter("work")
            return Event("get_ready_end")
        if self.phase == "rest":
            self._enter("get_ready")
            return Event("rest_end")
        # The work phase ended on its own.
        if item.dose_type == "hold":
            self.count_index += 1
            self._enter("get_ready" if self.count_index < item.count_per_set else "set_done")
            return Event("hold_end")
        self._enter("set_done")
        return Event("cardio_end" if item.dose_type == "minutes" else "reps_done")

    def pause(self) -> None:
        self.update()
        self.paused = True

    def resume(self) -> None:
        self.update()  # swallows the paused stretch: time does not run while paused
        self.paused = False

    def toggle_pause(self) -> bool:
        """Pause or resume; returns True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def set_suspended(self, suspended: bool) -> None:
        """The screen was hidden (a modal on top) or shown again: time stops while hidden."""
        self.update()
        self.suspended = suspended

    # --- the person's actions --------------------------------------------------------------------

    def complete_set(self) -> SetRecord | None:
        """Enter outside a rest: log the current set and move on."""
        record = self.set_record()
        if record is not None:
            self.confirm_set()
        return record

    def set_record(self) -> SetRecord | None:
        """The current set as done so far (enter outside a rest), without moving on: the screen
        moves on with ``confirm_set`` once the set is stored, so a refused write can be retried."""
        self.update()
        item = self.current
        if item is None or self.phase == "rest":
            return None
        duration = round(self.set_elapsed)
        reps = item.count_per_set if item.dose_type != "minutes" else None
        hold_seconds = item.hold_seconds
        if item.dose_type == "minutes":
            # The cardio bout as timed; the get-ready count is not exercise.
            duration = round(self.set_elapsed - min(self.set_elapsed, GET_READY_SECONDS))
        elif item.dose_type == "hold":
            # What was held, not what was planned: enter at once holds nothing, and a set cut
            # short stores the holds begun and their average length.
            begun = self.count_index + (1 if self.phase == "work" else 0)
            reps, hold_seconds = begun, round(self.held / begun) if begun else 0
        return SetRecord(
            exercise_id=item.exercise_id,
            set_number=self.set_number,
            reps=reps,
            hold_seconds=hold_seconds,
            duration_seconds=duration,
        )

    def confirm_set(self) -> None:
        """The set from ``set_record`` is stored: count it and move on."""
        if self.current is None or self.phase == "rest":
            return
        self.sets_done += 1
        self._advance()

    def skip_rest(self) -> bool:
        """Enter during a rest: start the next set now."""
        self.update()
        if self.phase != "rest":
            return False
        self._enter("get_ready")
        return True

    def skip_exercise(self) -> FlowItem | None:
        """Leave the rest of this exercise's sets; returns the exercise skipped."""
        self.update()
        item = self.current
        if item is None:
            return None
        self.set_number = item.sets  # so _advance moves to the next exercise
        self._advance(rest=False)
        return item

    def replace_current(self, easier: FlowItem) -> None:
        """Carry on with an easier variant for the remaining sets of this exercise."""
        self.update()
        if self.current is None:
            return
        self.items[self.index] = replace(easier, sets=self.items[self.index].sets)
        self.count_index, self.set_elapsed, self.held = 0, 0.0, 0.0
        self._enter("get_ready")

    def _advance(self, *, rest: bool = True) -> None:
        item = self.items[self.index]
        self.count_index, self.set_elapsed, self.held = 0, 0.0, 0.0
        self.rest_length = item.rest_seconds if rest else 0
        if self.set_number < item.sets:
            self.set_number += 1
        elif self.index + 1 < len(self.items):
            self.index, self.set_number = self.index + 1, 1
        else:
            self._enter("done")
            return
        self._enter("rest" if self.rest_length > 0 else "get_ready")
