"""Exercise figures: each library exercise's key positions as a small side-view skeleton.

The positions live in ``data/poses.toml``, beside the library, and are checked when they are read,
like the library itself: a bad pose is named by its exercise, its position and its joint.

A pose is written as the place of the hip and the direction of every body segment (degrees,
counter-clockwise, 0 pointing right and 90 pointing up); the segment lengths are fixed here, so a
figure keeps its limbs the same length in every position. Moving between two positions turns each
segment along the shorter way round (``interpolate``): the limbs can never stretch or shrink.

Joints: head, neck, shoulder, a mid-back point (so the spine can round or arch), elbow, hand, hip,
knee, ankle and foot, and the far arm and leg (``*_far``: the side further from the viewer, drawn
dimmer). Units are about a person's height; y = 0 is the floor. No Textual: the front end draws.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from backtui.errors import BacktuiError

POSES_PATH = Path(__file__).parent.parent / "data" / "poses.toml"

# (joint, the joint it hangs from, segment length). The hip is the root.
SEGMENTS: tuple[tuple[str, str, float], ...] = (
    ("mid", "hip", 0.15),
    ("shoulder", "mid", 0.15),
    ("neck", "shoulder", 0.05),
    ("head", "neck", 0.07),
    ("elbow", "shoulder", 0.15),
    ("hand", "elbow", 0.14),
    ("knee", "hip", 0.22),
    ("ankle", "knee", 0.21),
    ("foot", "ankle", 0.07),
    ("elbow_far", "shoulder", 0.15),
    ("hand_far", "elbow_far", 0.14),
    ("knee_far", "hip", 0.22),
    ("ankle_far", "knee_far", 0.21),
    ("foot_far", "ankle_far", 0.07),
)
JOINTS = ("hip",) + tuple(joint for joint, _, _ in SEGMENTS)
LENGTHS = {joint: length for joint, _, length in SEGMENTS}
PARENTS = {joint: parent for joint, parent, _ in SEGMENTS}
# A far limb not written follows the near one (it is hidden behind it in the side view).
FAR_OF = {"elbow_far": "elbow", "hand_far": "hand", "knee_far": "knee", "ankle_far": "ankle",
          "foot_far": "foot"}  # fmt: skip
NEAR_ANGLES = tuple(joint for joint, _, _ in SEGMENTS if joint not in FAR_OF)
HEAD_RADIUS = 0.055
FLOOR_SLACK = 0.02  # a joint may rest this far into the floor line (a drawing, not a measurement)
FRAME = (-0.2, 1.6)  # x range of a figure's space
HEIGHT = 1.2  # top of a figure's space
PROP_KINDS = {"strap", "block", "line"}
GROUNDS = {"floor", "water"}
MIN_CYCLE, MAX_CYCLE = 0.5, 4.0  # seconds of one stride, pedal turn or stroke

Point = tuple[float, float]


class PoseError(BacktuiError):
    """The poses file has a bad entry; the message names the exercise, position and joint."""


@dataclass(frozen=True)
class Pose:
    name: str
    label: str
    hip: Point
    angles: tuple[tuple[str, float], ...]  # (joint, degrees) for every joint but the hip

    def angle(self, joint: str) -> float:
        return dict(self.angles)[joint]

    def points(self) -> dict[str, Point]:
        """Where every joint is, from the hip outward."""
        where: dict[str, Point] = {"hip": self.hip}
        for joint, degrees in self.angles:
            x, y = where[PARENTS[joint]]
            rad = math.radians(degrees)
            where[joint] = (x + LENGTHS[joint] * math.cos(rad), y + LENGTHS[joint] * math.sin(rad))
        return where


@dataclass(frozen=True)
class Prop:
    kind: str  # strap: a line between two joints; block: a box; line: fixed lines (a bike)
    joints: tuple[str, ...] = ()
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Figure:
    slug: str
    poses: tuple[Pose, ...]  # in the order of the movement: start … end
    props: tuple[Prop, ...] = ()
    ground: str = "floor"
    cycle: float = 0.0  # seconds of one cycle, for continuous exercises
    mistake: Pose | None = None  # the common mistake, shown as what not to do

    @property
    def start(self) -> Pose:
        return self.poses[0]

    @property
    def end(self) -> Pose:
        return self.poses[-1]

    def bounds(self) -> tuple[float, float, float, float]:
        """The box (x0, y0, x1, y1) holding every position and prop, so a drawing never jumps."""
        xs: list[float] = []
        ys: list[float] = [0.0]
        for pose in self.poses + ((self.mistake,) if self.mistake else ()):
            for x, y in pose.points().values():
                xs.append(x)
                ys.append(y)
        for prop in self.props:
            for x, y in prop.points:
                xs.append(x)
                ys.append(y)
        pad = HEAD_RADIUS + 0.02
        return min(xs) - pad, min(ys) - 0.02, max(xs) + pad, max(ys) + pad

    def along(self, progress: float) -> Pose:
        """The pose a fraction of the way through the movement (0: start, 1: end)."""
        progress = min(1.0, max(0.0, progress))
        if len(self.poses) == 1:
            return self.poses[0]
        steps = len(self.poses) - 1
        index = min(steps - 1, int(progress * steps))
        return interpolate(self.poses[index], self.poses[index + 1], progress * steps - index)


def _turn(a: float, b: float, t: float) -> float:
    """From angle a toward angle b by fraction t, the shorter way round."""
    delta = (b - a + 180.0) % 360.0 - 180.0
    return a + delta * t


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction t of the way from a to b: each segment turns, none changes length."""
    t = min(1.0, max(0.0, t))
    angles = tuple((joint, _turn(deg, b.angle(joint), t)) for joint, deg in a.angles)
    hip = (a.hip[0] + (b.hip[0] - a.hip[0]) * t, a.hip[1] + (b.hip[1] - a.hip[1]) * t)
    return Pose(b.name if t >= 1 else a.name, b.label if t >= 1 else a.label, hip, angles)


def other_side(pose: Pose) -> Pose:
    """The same position done on the other side: the near and far arm and leg change places
    (a bird-dog's right arm and left leg become its left arm and right leg)."""
    angles = dict(pose.angles)
    for far, near in FAR_OF.items():
        angles[far], angles[near] = angles[near], angles[far]
    return Pose(pose.name, pose.label, pose.hip, tuple((j, angles[j]) for j, _ in pose.angles))


# --- reading and checking ------------------------------------------------------------------------


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _point(raw: object, where: str, what: str) -> Point:
    if not (isinstance(raw, list) and len(raw) == 2 and all(_number(v) for v in raw)):
        raise PoseError(f"{where}: '{what}' must be [x, y], not {raw!r}")
    return float(raw[0]), float(raw[1])


def _pose(raw: object, name: str, where: str, ground: str, base: dict | None) -> Pose:
    where = f"{where}, position '{name}'"
    if not isinstance(raw, dict):
        raise PoseError(f"{where}: must be a table")
    unknown = sorted(set(raw) - {"label", "hip", "angles", "like"})
    if unknown:
        raise PoseError(f"{where}: unknown field '{unknown[0]}' (a typo?)")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip() or len(label) > 40:
        raise PoseError(f"{where}: 'label' must be a few words (up to 40 characters)")
    given = raw.get("angles", {})
    if not isinstance(given, dict):
        raise PoseError(f"{where}: 'angles' must be a table of joint = degrees")
    like = (base or {}).get(raw["like"]) if "like" in raw else None
    if "like" in raw and like is None:
        raise PoseError(f"{where}: 'like' names no earlier position: {raw['like']!r}")
    angles = dict(like["angles"]) if like else {}
    for joint, degrees in given.items():
        if joint not in LENGTHS:
            raise PoseError(f"{where}, joint '{joint}': not a joint (a typo?)")
        if not _number(degrees) or not -360 <= degrees <= 360:
            raise PoseError(f"{where}, joint '{joint}': must be degrees from -360 to 360")
        angles[joint] = float(degrees)
    for joint in NEAR_ANGLES:
        if joint not in angles:
            raise PoseError(f"{where}, joint '{joint}': no angle given")
    for far, near in FAR_OF.items():
        angles.setdefault(far, angles[near])
    hip = _point(raw["hip"], where, "hip") if "hip" in raw else like and like["hip"]
    if hip is None:
        raise PoseError(f"{where}, joint 'hip': no place given")
    pose = Pose(name, label.strip(), hip, tuple((j, angles[j]) for j in JOINTS[1:]))
    for joint, (x, y) in pose.points().items():
        if not FRAME[0] <= x <= FRAME[1] or y > HEIGHT:
            raise PoseError(f"{where}, joint '{joint}': outside the figure's space")
        if ground == "floor" and y < -FLOOR_SLACK:
            raise PoseError(f"{where}, joint '{joint}': below the floor")
    if base is not None:
        base[name] = {"angles": angles, "hip": hip}
    return pose


def _prop(raw: object, where: str) -> Prop:
    if not isinstance(raw, dict) or raw.get("kind") not in PROP_KINDS:
        raise PoseError(f"{where}: a prop must be a table with kind = {sorted(PROP_KINDS)}")
    kind = raw["kind"]
    if kind == "strap":
        joints = raw.get("joints")
        if not (isinstance(joints, list) and len(joints) == 2 and set(joints) <= set(JOINTS)):
            raise PoseError(f"{where}: a strap joins two joints, e.g. joints = ['hand', 'foot']")
        return Prop(kind, joints=tuple(joints))
    points = raw.get("points")
    if not isinstance(points, list) or len(points) < 2:
        raise PoseError(f"{where}: a {kind} needs 'points' (two corners, or a line's points)")
    return Prop(kind, points=tuple(_point(p, where, "points") for p in points))


def _figure(slug: str, raw: object) -> Figure:
    where = f"poses: exercise '{slug}'"
    if not isinstance(raw, dict):
        raise PoseError(f"{where}: must be a table")
    unknown = sorted(set(raw) - {"positions", "props", "ground", "cycle", "mistake"})
    if unknown:
        raise PoseError(f"{where}: unknown field '{unknown[0]}' (a typo?)")
    ground = raw.get("ground", "floor")
    if ground not in GROUNDS:
        raise PoseError(f"{where}: 'ground' must be one of {sorted(GROUNDS)}")
    positions = raw.get("positions")
    if not isinstance(positions, dict) or len(positions) < 2:
        raise PoseError(f"{where}: needs at least two positions (a start and an end)")
    base: dict = {}
    poses = tuple(_pose(value, name, where, ground, base) for name, value in positions.items())
    mistake = None
    if "mistake" in raw:
        mistake = _pose(raw["mistake"], "mistake", where, ground, dict(base))
    cycle = raw.get("cycle", 0.0)
    if cycle and (not _number(cycle) or not MIN_CYCLE <= cycle <= MAX_CYCLE):
        raise PoseError(f"{where}: 'cycle' must be seconds from {MIN_CYCLE} to {MAX_CYCLE}")
    props = tuple(_prop(p, f"{where}, prop #{n}") for n, p in enumerate(raw.get("props", []), 1))
    return Figure(slug, poses, props, ground, float(cycle), mistake)


def load_figures(path: Path | None = None) -> dict[str, Figure]:
    """Read and check the poses file; PoseError names the first bad exercise, position and joint."""
    path = Path(path) if path is not None else POSES_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise PoseError(f"poses file {path} cannot be read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise PoseError(f"poses file {path} is not valid TOML: {error}") from error
    return {slug: _figure(slug, raw) for slug, raw in data.items()}


@lru_cache(maxsize=1)
def library_figures() -> dict[str, Figure]:
    return load_figures()


def figure_for(slug: str) -> Figure | None:
    """The figure of a library exercise; None for a person's own exercise (its cues stand alone)."""
    return library_figures().get(slug)
