"""Flare-ups: noticing one before a session, dropping back for a few days, then building up again.

A flare-up is a temporary rise in pain above the person's usual level; it usually settles over
days and is rarely a sign of new damage unless a red flag is present. What helps: keep moving
gently (short walks, easy mobility), drop back to an easier dose for a few days, then build up
again (clinical reference, "Flare-ups": NHS; Pain Toolkit; Moseley & Butler, Explain Pain).

backtui's rule:
- pain before a session of 6/10 or more (above 5 is the high-risk zone, Silbernagel 2007), or 2 or
  more points above the usual level (a change people notice, Farrar 2001), starts a flare-up. A
  rise that stays within the safe zone (0-2, Silbernagel 2007) is not counted: 0 to 2 is no flare;
- days 1-3 ("settle"): the flare-up session instead of the plan: a few minutes of walking and easy
  mobility (session.flare);
- days 4-7 ("rebuild"): the plan, each exercise one step easier (plan.ladder.step_back);
- for the whole 7 days no exercise steps up (progression holds), then building up resumes.
Three days for "a few days" and a week in all are backtui's choices: the reference advises getting
help when a flare-up "does not start to settle within about a week or two", so by day 7 the person
is either back on their plan or is told to ask a GP or physiotherapist (history.not_improving).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backtui.checkin.measures import (
    ACCEPTABLE_MAX,
    CHANGE_POINTS,
    SAFE_MAX,
    usual_level,
    validate_rating,
)
from backtui.db.models import FlareUp, db
from backtui.plan.dose import Dose
from backtui.plan.ladder import step_back

FLARE_UP_PAIN = ACCEPTABLE_MAX + 1  # 6/10: above 5 is high risk (Silbernagel 2007)
FLARE_UP_RISE = CHANGE_POINTS  # 2 points above usual (Farrar 2001)
SETTLE_DAYS = 3
HOLD_DAYS = 7
PHASES = ("settle", "rebuild")
SOURCES = (
    "Clinical reference, Flare-ups (NHS; Pain Toolkit; Moseley & Butler, Explain Pain)",
    "Silbernagel et al. 2007: pain above 5/10 is the high-risk zone",
    "Farrar et al. 2001: a change of about 2 points is meaningful",
)
ADVICE = (
    "This looks like a flare-up: your pain is well above your usual level. Flare-ups usually "
    "settle within days and rarely mean new damage. Keep moving gently: for the next few days "
    "backtui offers a short walk and easy stretches instead of your plan, then builds back up. "
    "Heat and the pain relief a pharmacist or doctor has suggested can help. If it has not "
    "started to settle within a week or two, keeps getting worse, or any warning sign appears, "
    "see a GP or physiotherapist."
)


@dataclass(frozen=True)
class FlareUpFinding:
    """Why the pain before a session counts as a flare-up, in plain words."""

    pain: int
    usual: float | None
    reasons: tuple[str, ...]
    advice: str = ADVICE
    sources: tuple[str, ...] = SOURCES


@dataclass(frozen=True)
class FlareUpPlan:
    """Where a flare-up stands on a given day, for the Plan and the session start to show."""

    started_at: datetime
    phase: str  # one of PHASES
    day: int  # 1 on the day it began
    days_left: int  # days until building up resumes
    what_to_do: str


def detect_flare_up(pain_before: object, usual: float | None) -> FlareUpFinding | None:
    """A flare-up, with its reasons, when the pain before a session is 6+ or 2+ above usual."""
    pain = validate_rating(pain_before, "Pain before the session")
    reasons = []
    if pain >= FLARE_UP_PAIN:
        reasons.append(f"your pain before the session is {pain}/10, which is 6 or more")
    if usual is not None and pain > SAFE_MAX and pain - usual >= FLARE_UP_RISE:
        reasons.append(
            f"it is {pain - usual:g} points above your usual level of {usual:g}/10 "
            "over the last two weeks"
        )
    return FlareUpFinding(pain, usual, tuple(reasons)) if reasons else None


def flare_up_phase(started_at: datetime, now: datetime) -> FlareUpPlan | None:
    """The flare-up plan on ``now`` for a flare-up that began at ``started_at``, or None once
    the 7 days are over (or before it began)."""
    day = (now.date() - started_at.date()).days + 1
    if now < started_at or day > HOLD_DAYS:
        return None
    if day <= SETTLE_DAYS:
        phase = "settle"
        what = (
            "A gentle day: a few minutes of walking and easy stretches instead of your plan. "
            "Keep moving, change position often, and rest when you need to."
        )
    else:
        phase = "rebuild"
        what = (
            "Building back up: your plan, each exercise one step easier than usual. "
            "Nothing steps up until the week is over."
        )
    return FlareUpPlan(started_at, phase, day, HOLD_DAYS - day + 1, what)


def rebuild_dose(dose: Dose, beginner: Dose) -> Dose:
    """The dose for the rebuild days: one step easier, staying with the same exercise (at the
    floor, the dose itself)."""
    step = step_back(dose, beginner)
    return step.dose if step is not None else dose


# --- stored flare-ups ------------------------------------------------------------------------


def latest_flare_up(now: datetime) -> FlareUp | None:
    return (
        FlareUp.select()
        .where(FlareUp.started_at <= now)
        .order_by(FlareUp.started_at.desc(), FlareUp.id.desc())
        .first()
    )


def current_flare_up(now: datetime) -> FlareUpPlan | None:
    """The flare-up plan in force on ``now``, or None."""
    row = latest_flare_up(now)
    return None if row is None else flare_up_phase(row.started_at, now)


def flare_up_holds_progression(when: datetime) -> bool:
    """True within the 7 days after a flare-up began: nothing steps up."""
    return current_flare_up(when) is not None


def note_pain_before_session(pain_before: object, now: datetime) -> FlareUpFinding | None:
    """Check the pain before a session for a flare-up, and store one when it is found.

    A flare-up in its settle days is not stored twice; one found later (while rebuilding, or
    after) starts the days again. Returns the finding (also when one was already stored).
    """
    finding = detect_flare_up(pain_before, usual_level(now))
    if finding is None:
        return None
    current = current_flare_up(now)
    if current is None or current.phase != "settle":
        with db.atomic():
            FlareUp.create(
                started_at=now,
                pain=finding.pain,
                usual=finding.usual,
                reasons=list(finding.reasons),
            )
    return finding
