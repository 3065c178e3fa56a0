"""Measures over time: the pain scale, pain zones, PEG, PSFS, and what counts as a real change.

Every rule cites its source. Scores are whole numbers 0-10; booleans and fractional numbers are
refused so that nothing a screen mistypes reaches the database.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

from backtui.db.models import CheckIn, PegEntry, PsfsEntry, Setting, db
from backtui.db.settings import get_setting
from backtui.text import TextError, clean_text


class MeasureError(ValueError):
    """A score or answer outside what a measure allows; the message says what is expected."""


# Pain numeric rating scale: 0 = no pain, 10 = worst pain imaginable (Farrar 2001; the anchors in
# between are backtui's own plain words).
PAIN_ANCHORS: dict[int, str] = {
    0: "no pain",
    1: "barely there",
    2: "mild, easy to ignore",
    3: "noticeable, but I can get on",
    4: "distracting",
    5: "hard to ignore",
    6: "gets in the way of what I do",
    7: "hard to think of anything else",
    8: "very severe",
    9: "close to unbearable",
    10: "worst pain imaginable",
}

# Pain-monitoring model zones (Silbernagel et al., Am J Sports Med 2007;35:897): 0-2 safe,
# 2-5 acceptable, above 5 high risk. On a whole-number scale that is 0-2, 3-5 and 6-10.
PAIN_ZONES = ("safe", "acceptable", "high_risk")
SAFE_MAX = 2
ACCEPTABLE_MAX = 5

# Moments whose pain reflects the person's resting level (not the effort of a session).
RESTING_MOMENTS = ("standalone", "before", "next_morning")
# Moments that show the usual level away from sessions: not the pre-session score, which is
# that day's reading and is what gets compared with it.
USUAL_MOMENTS = ("standalone", "next_morning")
BASELINE_DAYS = 7
USUAL_DAYS = 14

# PEG: weekly (Krebs et al., J Gen Intern Med 2009;24:733).
PEG_INTERVAL = timedelta(days=7)
PEG_DISMISSED_KEY = "peg_dismissed_week"

# PSFS (Stratford 1995): 3-5 activities, offered at set-up and every 2-4 weeks; backtui offers it
# again 21 days after the last one, the middle of that range.
PSFS_MIN_ITEMS = 3
PSFS_MAX_ITEMS = 5
PSFS_INTERVAL = timedelta(days=21)
PSFS_NAME_MAX = 80
PSFS_CHANGE_MEAN = 2.0  # Stratford 1995: meaningful change for the mean score
PSFS_CHANGE_SINGLE = 3.0  # ... and for a single activity

# Meaningful change in pain (Farrar et al., Pain 2001): about 2 points, or 30% of the baseline.
CHANGE_POINTS = 2.0
CHANGE_FRACTION = 0.30
# backtui's own floor: the scale is whole numbers and half points only come from medians, so a
# change under 1 point is never reported, even when it is 30% of a very low baseline.
CHANGE_FLOOR = 1.0
_EPSILON = 1e-9
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,3}")


def validate_rating(value: object, what: str = "Pain") -> int:
    """Return ``value`` as an int 0-10, or raise MeasureError with a plain message.

    Accepts ints, whole floats (3.0) and digit strings ("7"); refuses bools, fractions and words.
    """
    expected = f"{what} must be a whole number from 0 to 10"
    if isinstance(value, bool):
        raise MeasureError(f"{expected}, not yes/no.")
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            raise MeasureError(f"{expected}; nothing was entered.")
        if not _WHOLE_NUMBER.fullmatch(stripped):
            raise MeasureError(f"{expected}; {stripped!r} is not a whole number.")
        value = int(stripped)
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise MeasureError(f"{expected}; {value:g} is not a whole number.")
        value = int(value)
    elif not isinstance(value, int):
        raise MeasureError(f"{expected}.")
    if not 0 <= value <= 10:
        raise MeasureError(f"{expected}; {value} is outside that range.")
    return value


def pain_zone(pain: object) -> str:
    """'safe', 'acceptable' or 'high_risk' for a 0-10 pain score (Silbernagel 2007)."""
    value = validate_rating(pain)
    if value <= SAFE_MAX:
        return "safe"
    if value <= ACCEPTABLE_MAX:
        return "acceptable"
    return "high_risk"


# --- PEG -----------------------------------------------------------------------------------------


def _peg_items(pain: object, enjoyment: object, activity: object) -> tuple[int, int, int]:
    return (
        validate_rating(pain, "Average pain"),
        validate_rating(enjoyment, "Interference with enjoyment of life"),
        validate_rating(activity, "Interference with general activity"),
    )


def peg_score(pain: object, enjoyment: object, activity: object) -> float:
    """Mean of the three PEG items, each 0-10 (Krebs 2009)."""
    return sum(_peg_items(pain, enjoyment, activity)) / 3


def record_peg(pain: object, enjoyment: object, activity: object, now: datetime) -> PegEntry:
    """Validate and store one weekly PEG; raises MeasureError before writing anything."""
    items = _peg_items(pain, enjoyment, activity)
    with db.atomic():
        return PegEntry.create(
            at=now, pain=items[0], enjoyment=items[1], activity=items[2], score=sum(items) / 3
        )


def iso_week(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def peg_due(now: datetime) -> bool:
    """True when no PEG was answered in the last 7 days and it was not dismissed this ISO week."""
    recent = PegEntry.select().where(PegEntry.at > now - PEG_INTERVAL, PegEntry.at <= now)
    if recent.exists():
        return False
    return get_setting(PEG_DISMISSED_KEY) != iso_week(now)


def dismiss_peg(now: datetime) -> None:
    """Stop offering the PEG until next ISO week (Monday)."""
    with db.atomic():
        Setting.insert(key=PEG_DISMISSED_KEY, value=iso_week(now)).on_conflict(
            conflict_target=[Setting.key], preserve=[Setting.value]
        ).execute()


def last_peg() -> PegEntry | None:
    return PegEntry.select().order_by(PegEntry.at.desc(), PegEntry.id.desc()).first()


# --- PSFS ----------------------------------------------------------------------------------------


def validate_psfs_items(items: Iterable[object]) -> list[dict]:
    """Return items as ``[{"activity": str, "score": int}]`` or raise MeasureError.

    Each item is a mapping with "activity" and "score", or an (activity, score) pair.
    """
    cleaned: list[dict] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if isinstance(item, Mapping):
            name, score = item.get("activity"), item.get("score")
        elif isinstance(item, tuple | list) and len(item) == 2:
            name, score = item
        else:
            raise MeasureError(f"Activity {number} needs a name and a score.")
        try:
            name = clean_text(
                name, what=f"Activity {number}", max_length=PSFS_NAME_MAX, multiline=False
            )
        except TextError as error:
            raise MeasureError(str(error)) from error
        if not name:
            raise MeasureError(f"Activity {number} needs a name, for example 'tying my shoes'.")
        if name.casefold() in seen:
            raise MeasureError(f"'{name}' is listed twice; name each activity once.")
        seen.add(name.casefold())
        cleaned.append(
            {"activity": name, "score": validate_rating(score, f"The score for '{name}'")}
        )
    if not PSFS_MIN_ITEMS <= len(cleaned) <= PSFS_MAX_ITEMS:
        raise MeasureError(
            f"Name {PSFS_MIN_ITEMS} to {PSFS_MAX_ITEMS} activities that matter to you "
            f"({len(cleaned)} given)."
        )
    return cleaned


def psfs_score(items: Iterable[object]) -> float:
    """Mean of the activity scores, 0 (unable) to 10 (as before the problem) (Stratford 1995)."""
    cleaned = validate_psfs_items(items)
    return sum(item["score"] for item in cleaned) / len(cleaned)


def record_psfs(items: Iterable[object], now: datetime) -> PsfsEntry:
    cleaned = validate_psfs_items(items)
    score = sum(item["score"] for item in cleaned) / len(cleaned)
    with db.atomic():
        return PsfsEntry.create(at=now, items=cleaned, score=score)


def last_psfs(before: datetime | None = None) -> PsfsEntry | None:
    query = PsfsEntry.select()
    if before is not None:
        query = query.where(PsfsEntry.at <= before)
    return query.order_by(PsfsEntry.at.desc(), PsfsEntry.id.desc()).first()


def psfs_due(now: datetime) -> bool:
    """True at set-up (never answered) and again once 21 days have passed since the last one."""
    last = last_psfs(before=now)
    return last is None or now - last.at >= PSFS_INTERVAL


def offers_due(now: datetime) -> tuple[bool, bool]:
    """Whether a check-in outside a session offers the PEG, and the PSFS."""
    return peg_due(now), psfs_due(now)


# --- Meaningful change ---------------------------------------------------------------------------


class MeaningfulChange(NamedTuple):
    """Whether a change from the baseline is large enough to matter, and which way."""

    direction: str  # "improved" | "worsened" | "none"
    delta: float  # current - baseline
    percent: float | None  # delta as a share of the baseline; None when the baseline is 0

    @property
    def meaningful(self) -> bool:
        return self.direction != "none"


def _check_level(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MeasureError(f"{what} must be a number from 0 to 10.")
    if not math.isfinite(value) or not 0 <= value <= 10:
        raise MeasureError(f"{what} must be a number from 0 to 10 (got {value}).")
    return float(value)


def meaningful_change(baseline: object, current: object) -> MeaningfulChange:
    """Whether pain moved meaningfully from ``baseline`` (Farrar 2001: >= 2 points or >= 30%).

    Lower pain is better. With a baseline of 0 the percentage is undefined, so only the 2-point
    rule applies. A move under 1 point never counts (backtui's floor, see CHANGE_FLOOR).
    """
    base = _check_level(baseline, "The baseline")
    now = _check_level(current, "The current level")
    delta = now - base
    size = abs(delta)
    percent = None if base == 0 else delta / base
    by_points = size >= CHANGE_POINTS - _EPSILON
    by_percent = percent is not None and abs(percent) >= CHANGE_FRACTION - _EPSILON
    if size >= CHANGE_FLOOR - _EPSILON and (by_points or by_percent):
        direction = "improved" if delta < 0 else "worsened"
    else:
        direction = "none"
    return MeaningfulChange(direction, delta, percent)


def psfs_change(
    baseline: object, current: object, *, single_activity: bool = False
) -> MeaningfulChange:
    """PSFS change (Stratford 1995): 2 points for the mean, 3 for one activity; higher is better."""
    base = _check_level(baseline, "The baseline")
    now = _check_level(current, "The current score")
    delta = now - base
    threshold = PSFS_CHANGE_SINGLE if single_activity else PSFS_CHANGE_MEAN
    if abs(delta) >= threshold - _EPSILON:
        direction = "improved" if delta > 0 else "worsened"
    else:
        direction = "none"
    return MeaningfulChange(direction, delta, None if base == 0 else delta / base)


# --- The person's own pain levels ----------------------------------------------------------------


def _resting_pains(start: datetime | None, end: datetime, *, include_end: bool = True) -> list[int]:
    query = CheckIn.select(CheckIn.pain).where(CheckIn.moment.in_(RESTING_MOMENTS))
    query = query.where(CheckIn.at <= end if include_end else CheckIn.at < end)
    if start is not None:
        query = query.where(CheckIn.at >= start)
    return [row.pain for row in query]


def baseline_pain(now: datetime) -> float | None:
    """The person's starting level: the median resting pain over their first 7 days.

    Resting check-ins are standalone, before-session and next-morning ones. The 7 days count from
    the first such check-in (not from install), so days without check-ins simply add nothing.
    None until there is at least one resting check-in up to ``now``.
    """
    first = first_resting_checkin(now)
    return None if first is None else baseline_from(first, now)


def baseline_from(first: datetime, now: datetime) -> float:
    """``baseline_pain`` when the first resting check-in (``first``) is already known."""
    end = min(now, first + timedelta(days=BASELINE_DAYS))
    pains = _resting_pains(first, end, include_end=end == now)
    return float(statistics.median(pains))


def first_resting_checkin(now: datetime) -> datetime | None:
    """When the person's first resting check-in up to ``now`` was made, if any."""
    first = (
        CheckIn.select(CheckIn.at)
        .where(CheckIn.moment.in_(RESTING_MOMENTS), CheckIn.at <= now)
        .order_by(CheckIn.at)
        .first()
    )
    return None if first is None else first.at


def usual_pain(now: datetime, *, include_now: bool = True) -> float | None:
    """The person's usual level lately: the median resting pain over the 14 days up to ``now``.

    This is the level that pain after exercise should settle back to by the next morning
    (Silbernagel 2007). None when there were no resting check-ins in those 14 days.
    """
    pains = _resting_pains(now - timedelta(days=USUAL_DAYS), now, include_end=include_now)
    return float(statistics.median(pains)) if pains else None


def usual_level(before: datetime) -> float | None:
    """The person's usual pain: the median of the standalone and next-morning check-ins in the
    14 days before ``before`` (not counting ``before`` itself).

    "Back to the usual level by the next morning" (Silbernagel 2007) means the person's typical
    resting level, not that day's pre-session score: one unusually good or bad morning would
    otherwise set the bar. Two weeks hold enough days for a median to shrug off one odd day, and
    are recent enough to follow a real change. None when there is no such check-in.
    """
    pains = [
        row.pain
        for row in CheckIn.select(CheckIn.pain).where(
            CheckIn.moment.in_(USUAL_MOMENTS),
            CheckIn.at >= before - timedelta(days=USUAL_DAYS),
            CheckIn.at < before,
        )
    ]
    return float(statistics.median(pains)) if pains else None
