"""Where an exercise's figure is at a moment of a set: the figure is the rep pacer.

During a rep it follows the exercise's tempo: it moves from the start to the end position in
``move`` seconds, stays at the end for ``hold`` seconds and returns in ``back`` seconds; a rep paced
by the breath goes there and back in one slow breath. Before a hold it moves into the held position
during the last seconds of the count-in, then stays there for the hold. A continuous exercise
(walking, cycling) cycles through its positions. At every other moment the figure is still at the
start (a rest shows the start of what comes next).
"""

from __future__ import annotations

from dataclasses import dataclass

from backtui.plan.poses import Figure, Pose
from backtui.plan.tempo import Tempo

DEFAULT_CYCLE = 1.2  # seconds, for a continuous exercise whose figure gives none


@dataclass(frozen=True)
class Moment:
    progress: float  # 0 at the start position, 1 at the end
    moving: bool  # False: the figure is still, and need not be redrawn until the phase changes


def rep_progress(tempo: Tempo, seconds: float) -> float:
    """How far along the movement one rep is, ``seconds`` into it (repeats every rep)."""
    if tempo.breath:
        length = float(tempo.breath)
        t = seconds % length
        half = length / 2
        return t / half if t < half else (length - t) / half
    length = tempo.rep_seconds
    if length <= 0:
        return 0.0
    t = seconds % length
    if t < tempo.move:
        return t / tempo.move
    if t < tempo.move + tempo.hold:
        return 1.0
    return max(0.0, 1.0 - (t - tempo.move - tempo.hold) / max(tempo.back, 1))


def moment(
    dose_type: str, tempo: Tempo, phase: str, seconds: float, get_ready: float, cycle: float = 0.0
) -> Moment:
    """Where the figure is ``seconds`` into a phase of a set (phases as in session.flow)."""
    if phase == "work" and dose_type == "reps":
        return Moment(rep_progress(tempo, seconds), True)
    if phase == "work" and dose_type == "hold":
        return Moment(1.0, False)
    if phase == "work" and dose_type == "minutes":
        cycle = cycle or DEFAULT_CYCLE
        t = (seconds % cycle) / cycle
        return Moment(2 * t if t < 0.5 else 2 * (1 - t), True)
    if phase == "get_ready" and dose_type == "hold":
        move = min(float(tempo.move or get_ready), get_ready)
        into = seconds - (get_ready - move)
        if into <= 0:
            return Moment(0.0, True)
        return Moment(min(1.0, into / move), into < move)
    return Moment(0.0, False)


def pose_at(
    figure: Figure, dose_type: str, tempo: Tempo, phase: str, seconds: float, get_ready: float
) -> tuple[Pose, bool]:
    """The figure's pose at that moment, and whether it is moving."""
    now = moment(dose_type, tempo, phase, seconds, get_ready, figure.cycle)
    return figure.along(now.progress), now.moving
