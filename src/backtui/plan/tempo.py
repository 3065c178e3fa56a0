"""Tempo: how fast one rep of an exercise goes, as the library states it for every entry.

Back exercises are done slowly: about 2-3 s to move, a pause or short hold at the end position,
and the same to come back; cat-cow follows slow breathing, about 4-6 s a cycle (NHS back pain
exercise advice; McGill, *Low Back Disorders*, 3rd ed., 2016). The session's rep pacer counts one
rep per tempo, so each exercise keeps its own pace instead of one fixed count.

In the library a tempo is a TOML table, by dose type:
- reps: ``{ move = 2, hold = 2, back = 2 }`` seconds to move, hold at the end, and return;
  or ``{ breath = 5 }``: one rep per slow breath of about that many seconds;
- hold: ``{ move = 3, back = 3 }``: getting into and out of the position (the dose gives the hold);
- minutes: ``{ pace = "..." }``: a continuous bout has a pace, in words, not a count.
"""

from __future__ import annotations

from typing import NamedTuple

MOVE_RANGE = (1, 10)  # seconds to move into or out of a position
HOLD_RANGE = (0, 10)  # seconds paused at the end of a rep (0: no pause)
BREATH_RANGE = (3, 12)  # seconds of one slow breath, in and out
PACE_MAX = 80  # characters

_FIELDS = {
    "reps": ({"move", "hold", "back"}, {"breath"}),
    "hold": ({"move", "back"},),
    "minutes": ({"pace"},),
}
_EXAMPLES = {
    "reps": "{ move = 2, hold = 2, back = 2 } or { breath = 5 }",
    "hold": "{ move = 3, back = 3 } (the dose gives the hold)",
    "minutes": '{ pace = "easy enough to talk" }',
}


class Tempo(NamedTuple):
    """How one rep is paced: seconds to move, hold and come back, or a breath, or a pace."""

    move: int = 0
    hold: int = 0
    back: int = 0
    breath: int = 0  # non-zero: the rep follows one slow breath of this many seconds
    pace: str = ""  # for continuous cardio: the pace in words

    @property
    def rep_seconds(self) -> int:
        """Seconds one rep takes at this tempo."""
        return self.breath or (self.move + self.hold + self.back)

    def describe(self) -> str:
        """The tempo in words, e.g. "2 s to move, 2 s hold, 2 s back"."""
        if self.pace:
            return self.pace
        if self.breath:
            return f"one rep per slow breath, about {self.breath} s"
        parts = [f"{self.move} s to move"]
        if self.hold:
            parts.append(f"{self.hold} s hold")
        parts.append(f"{self.back} s back")
        return ", ".join(parts)


# For people's own exercises, which state no tempo: a slow rep with a short pause at the end
# (the reference pace above: 2-3 s to move, a pause, the same back).
DEFAULT_TEMPO = Tempo(move=2, hold=1, back=2)


def parse_tempo(raw: object, dose_type: str) -> Tempo:
    """A Tempo from a library entry's table; ValueError says what is wrong and how to write it."""
    example = _EXAMPLES.get(dose_type, "")
    if not isinstance(raw, dict):
        raise ValueError(f"must be a table like {example}")
    keys = set(raw)
    shapes = _FIELDS.get(dose_type, ())
    if keys not in shapes:
        raise ValueError(f"a '{dose_type}' exercise states its tempo as {example}")
    if dose_type == "minutes":
        pace = raw["pace"]
        if not isinstance(pace, str) or not pace.strip() or len(pace) > PACE_MAX:
            raise ValueError(f"'pace' must be words (up to {PACE_MAX} characters)")
        return Tempo(pace=pace.strip())
    bounds = {"move": MOVE_RANGE, "back": MOVE_RANGE, "hold": HOLD_RANGE, "breath": BREATH_RANGE}
    for key, value in raw.items():
        low, high = bounds[key]
        # bool is a subclass of int in Python: `true` is not a number of seconds.
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"'{key}' must be a whole number of seconds from {low} to {high}")
    return Tempo(**raw)
