"""Doses: what one exercise asks for (sets × reps, holds or minutes), its labels and its time cost.

Pure values shared by the library, the plan and the progression engine. No database access.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from backtui.db.models import DOSE_TYPES

# The gentlest dose the progression engine ever suggests: a step back never goes below these.
FLOOR_SETS = 1
FLOOR_REPS = 1
FLOOR_HOLD_SECONDS = 5
FLOOR_MINUTES = 5

# Upper bounds for a dose typed in by hand: anything above is almost surely a typo.
MAX_SETS = 10
MAX_REPS = 100
MAX_HOLD_SECONDS = 300
MAX_MINUTES = 180

# Time estimates (seconds). These are rough figures for planning, not measurements.
SECONDS_PER_REP = 4  # one slow, controlled repetition
HOLD_TRANSITION_SECONDS = 3  # getting into and out of each hold
REST_BETWEEN_SETS_SECONDS = 30
SETUP_SECONDS_PER_EXERCISE = 15  # moving into position for the next exercise


class Dose(NamedTuple):
    """One exercise's dose. ``reps`` counts holds per set for hold exercises."""

    dose_type: str
    sets: int = 1
    reps: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None
    per_side: bool = False

    def as_dict(self) -> dict:
        return self._asdict()

    @classmethod
    def from_dict(cls, data: dict) -> Dose:
        """Read a stored dose; missing keys (older or hand-made rows) fall back to safe values."""
        return cls(
            dose_type=data.get("dose_type") or "reps",
            sets=data.get("sets") or 1,
            reps=data.get("reps"),
            hold_seconds=data.get("hold_seconds"),
            minutes=data.get("minutes"),
            per_side=bool(data.get("per_side", False)),
        )

    def with_(self, **changes) -> Dose:
        return self._replace(**changes)

    def compact(self) -> str:
        """Short form for reasons and tables: "2×8", "2×3×20 s", "10 min"."""
        if self.dose_type == "minutes":
            return f"{self.minutes} min"
        side = " each side" if self.per_side else ""
        if self.dose_type == "hold":
            count = f"{self.sets}×{self.reps}" if (self.reps or 1) > 1 else f"{self.sets}"
            return f"{count}×{self.hold_seconds} s{side}"
        return f"{self.sets}×{self.reps}{side}"

    def label(self) -> str:
        """Readable form for the plan: "2 × 8 reps", "3 × 20 s hold", "2 × 8 per side", "10 min"."""
        if self.dose_type == "minutes":
            return f"{self.minutes} min"
        side = " per side" if self.per_side else ""
        if self.dose_type == "hold":
            if (self.reps or 1) > 1:
                return f"{self.sets} × {self.reps} × {self.hold_seconds} s hold{side}"
            return f"{self.sets} × {self.hold_seconds} s hold{side}"
        return (
            f"{self.sets} × {self.reps}{side}"
            if self.per_side
            else f"{self.sets} × {self.reps} reps"
        )

    def work_seconds(self) -> int:
        """Estimated seconds of actual work, without rests: the unit of weekly volume."""
        if self.dose_type == "minutes":
            return (self.minutes or 0) * 60 * self.sets
        sides = 2 if self.per_side else 1
        reps = self.reps or 1
        if self.dose_type == "hold":
            per_rep = (self.hold_seconds or 0) + HOLD_TRANSITION_SECONDS
        else:
            per_rep = SECONDS_PER_REP
        return self.sets * reps * per_rep * sides

    def session_seconds(self) -> int:
        """Estimated seconds this dose takes in a session: work, rests between sets and set-up."""
        rests = max(0, self.sets - 1) * REST_BETWEEN_SETS_SECONDS
        return self.work_seconds() + rests + SETUP_SECONDS_PER_EXERCISE


def estimate_minutes(doses: list[Dose]) -> int:
    """Whole minutes (rounded up) a session with these doses takes. An estimate, not a timer."""
    total = sum(dose.session_seconds() for dose in doses)
    return math.ceil(total / 60) if total else 0


def _whole(value, what: str, low: int, high: int, unit: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number from {low} to {high}{unit}.")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low} to {high}{unit}; {value} is out of range.")
    return value


def check_dose(
    dose_type: str,
    sets: int | None,
    reps: int | None = None,
    hold_seconds: int | None = None,
    minutes: int | None = None,
    *,
    per_side: bool = False,
    name: str = "This exercise",
) -> Dose:
    """Validate a dose typed in by a person and return it; ValueError in plain words otherwise."""
    if dose_type not in DOSE_TYPES:
        raise ValueError(
            f"The dose type must be one of {', '.join(DOSE_TYPES)}, not {dose_type!r}."
        )
    sets = _whole(1 if sets is None else sets, "Sets", 1, MAX_SETS)
    if dose_type == "minutes":
        if reps is not None or hold_seconds is not None:
            raise ValueError(f"{name} is timed in minutes, so it takes no reps or hold time.")
        if minutes is None:
            raise ValueError(f"{name} is timed in minutes: give the number of minutes.")
        minutes = _whole(minutes, "Minutes", 1, MAX_MINUTES)
        return Dose(dose_type, sets, None, None, minutes, per_side)
    if minutes is not None:
        raise ValueError(f"{name} is counted in reps or holds, not minutes.")
    if reps is None:
        what = "holds per set" if dose_type == "hold" else "reps"
        raise ValueError(f"{name} needs a number of {what}.")
    reps = _whole(reps, "Holds per set" if dose_type == "hold" else "Reps", 1, MAX_REPS)
    if dose_type == "hold":
        if hold_seconds is None:
            raise ValueError(f"{name} is a hold: give how many seconds to hold.")
        hold_seconds = _whole(hold_seconds, "Hold time", 1, MAX_HOLD_SECONDS, " seconds")
        return Dose(dose_type, sets, reps, hold_seconds, None, per_side)
    if hold_seconds is not None:
        raise ValueError(f"{name} is counted in reps, so it takes no hold time.")
    return Dose(dose_type, sets, reps, None, None, per_side)
