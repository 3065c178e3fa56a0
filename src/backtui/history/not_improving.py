"""Not getting better: a plain-words finding for the Plan, suggesting a GP or physiotherapist.

Two findings, each naming the figures that led to it:
- pain: the 7-day average pain has stayed 2 or more points above the person's starting level on
  every day of the last two weeks. Two points is a change people notice (Farrar et al., Pain 2001);
  NHS Inform advises getting help when nothing improves after 2 weeks, and the NHS advises seeing
  a GP when back pain does not start to improve within a few weeks (clinical reference).
- function: the PSFS has not improved by 2 points (its meaningful change for the mean, Stratford
  1995) six weeks or more after the first one. Most episodes settle within about 6 weeks (clinical
  reference, Education), so no gain by then is worth a clinician's look.
The starting level is checkin.measures.baseline_pain: the median resting pain of the first week.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from backtui.checkin.measures import (
    CHANGE_POINTS,
    RESTING_MOMENTS,
    baseline_pain,
    psfs_change,
)
from backtui.db.models import CheckIn, PsfsEntry
from backtui.instants import start_of_day

AVERAGE_DAYS = 7
STAYED_DAYS = 14
MIN_CHECKINS_PER_WEEK = 2  # an average of one score is not a trend
PSFS_WEEKS = 6
PAIN_SOURCES = (
    "Farrar et al., Pain 2001 (2 points is a meaningful change)",
    "NHS Inform: get help if nothing improves after 2 weeks",
    "NHS: see a GP if back pain does not start to improve within a few weeks",
)
PSFS_SOURCES = (
    "Stratford et al. 1995 (PSFS: 2 points is a meaningful change in the mean)",
    "Clinical reference, Education: most episodes settle within about 6 weeks",
)
SEE_SOMEONE = (
    "It would be worth seeing a GP or physiotherapist: they can look at what is going on and "
    "help adjust your plan. Keep moving gently in the meantime."
)


class NotImprovingFinding(NamedTuple):
    """A sign that pain or function is not getting better, in plain words with its sources."""

    kind: str  # "pain" | "function"
    headline: str
    text: str  # plain words naming the figures, ending with the suggestion to see someone
    figures: dict
    sources: tuple[str, ...]


def pain_stayed_high(starting: float, averages: Sequence[float | None]) -> bool:
    """True when every daily 7-day average is known and 2+ points above ``starting``."""
    return bool(averages) and all(
        average is not None and average - starting >= CHANGE_POINTS for average in averages
    )


def seven_day_averages(now: datetime, days: int = STAYED_DAYS) -> list[float | None]:
    """For each of the last ``days`` days (oldest first), the mean resting pain of the 7 days
    ending that day; None where those 7 days hold fewer than 2 resting check-ins."""
    today = now.date()
    first_day = today - timedelta(days=days - 1)
    start = start_of_day(first_day - timedelta(days=AVERAGE_DAYS - 1))
    rows = [
        (row.at.date(), row.pain)
        for row in CheckIn.select(CheckIn.at, CheckIn.pain).where(
            CheckIn.moment.in_(RESTING_MOMENTS), CheckIn.at >= start, CheckIn.at <= now
        )
    ]
    averages: list[float | None] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        window = [pain for at, pain in rows if day - timedelta(days=AVERAGE_DAYS - 1) <= at <= day]
        averages.append(statistics.fmean(window) if len(window) >= MIN_CHECKINS_PER_WEEK else None)
    return averages


def _pain_finding(now: datetime) -> NotImprovingFinding | None:
    starting = baseline_pain(now)
    if starting is None:
        return None
    averages = seven_day_averages(now)
    if not pain_stayed_high(starting, averages):
        return None
    low, high = min(averages), max(averages)
    span = f"{low:.1f}" if round(low, 1) == round(high, 1) else f"between {low:.1f} and {high:.1f}"
    text = (
        f"Your back pain has not eased as hoped. Over the last two weeks your average pain "
        f"over 7 days has stayed {span} out of 10, at least {CHANGE_POINTS:g} points above "
        f"your starting level of {starting:g}. {SEE_SOMEONE}"
    )
    figures = {"starting": starting, "lowest_average": low, "highest_average": high}
    return NotImprovingFinding("pain", "Pain has stayed higher", text, figures, PAIN_SOURCES)


def _psfs_finding(now: datetime) -> NotImprovingFinding | None:
    entries = list(
        PsfsEntry.select().where(PsfsEntry.at <= now).order_by(PsfsEntry.at, PsfsEntry.id)
    )
    if len(entries) < 2:
        return None
    first, latest = entries[0], entries[-1]
    weeks = (latest.at - first.at).days // 7
    if weeks < PSFS_WEEKS:
        return None
    if psfs_change(first.score, latest.score).direction == "improved":
        return None
    text = (
        f"The activities you chose have not become easier yet. Your score for them was "
        f"{first.score:.1f} out of 10 on {first.at:%-d %B} and is {latest.score:.1f} now, "
        f"{weeks} weeks later; a rise of 2 points is the change that counts. {SEE_SOMEONE}"
    )
    figures = {"first": first.score, "latest": latest.score, "weeks": weeks}
    return NotImprovingFinding(
        "function", "Activities are not getting easier", text, figures, PSFS_SOURCES
    )


def not_improving(now: datetime) -> list[NotImprovingFinding]:
    """The findings that hold on ``now`` (none, one or both)."""
    return [f for f in (_pain_finding(now), _psfs_finding(now)) if f is not None]
