"""What the body said about a session, gathered from check-ins for the progression engine.

The usual level (baseline) is the person's typical resting pain of the two weeks before the session
(checkin.measures.usual_level: the median of standalone and next-morning check-ins), so the next
morning is compared with what is normal for them, not with that day's pre-session score (the
pain-monitoring model, Silbernagel 2007: "back to the usual level by the next morning"). Only when
there is no such check-in does it fall back to the score before the session, then to the latest
resting check-in in the week before. The next-morning score comes from a check-in linked to the
session, or one logged the next day.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from peewee import fn

from backtui.checkin.measures import usual_level
from backtui.db.models import CheckIn, Session
from backtui.progression.engine import SessionOutcome

# Moments that show the usual level of pain, not the effect of exercising right then.
RESTING_MOMENTS = ("before", "next_morning", "standalone")


def _next_morning(session: Session) -> CheckIn | None:
    """The next-morning check-in: one linked to the session, else one logged the next day (a
    "next_morning" one at any time of that day, or a standalone/before one before noon)."""
    linked = (
        CheckIn.select()
        .where(CheckIn.session == session, CheckIn.moment == "next_morning")
        .order_by(CheckIn.at)
        .first()
    )
    if linked is not None:
        return linked
    done_on = (session.ended_at or session.started_at).date()
    day = datetime.combine(done_on + timedelta(days=1), time())
    return (
        CheckIn.select()
        .where(
            CheckIn.at >= day,
            CheckIn.at < day + timedelta(days=1),
            (CheckIn.moment == "next_morning")
            | (
                CheckIn.moment.in_(("standalone", "before"))
                & (CheckIn.at < day + timedelta(hours=12))
            ),
        )
        .order_by(CheckIn.at)
        .first()
    )


def _weekly_rise(field, end: datetime) -> float | None:
    """This week's average minus last week's (resting check-ins, 2+ in each week), or None."""
    means = []
    for weeks_back in (1, 2):
        start, stop = (
            end - timedelta(days=7 * weeks_back),
            end - timedelta(days=7 * (weeks_back - 1)),
        )
        row = (
            CheckIn.select(fn.AVG(field), fn.COUNT(field))
            .where(
                CheckIn.at >= start,
                CheckIn.at < stop,
                CheckIn.moment.in_(RESTING_MOMENTS),
                field.is_null(False),
            )
            .tuples()
            .first()
        )
        if row is None or row[1] < 2:
            return None
        means.append(row[0])
    return round(means[0] - means[1], 2)


def usual_for(session: Session, linked: list[CheckIn]) -> float | None:
    """The usual level a session's next morning is compared with (see the module's docstring)."""
    usual = usual_level(session.started_at)
    if usual is not None:
        return usual
    before = [c.pain for c in linked if c.moment == "before"]
    if before:
        return float(before[-1])
    latest = (
        CheckIn.select()
        .where(
            CheckIn.at < session.started_at,
            CheckIn.at >= session.started_at - timedelta(days=7),
            CheckIn.moment.in_(RESTING_MOMENTS),
        )
        .order_by(CheckIn.at.desc())
        .first()
    )
    return float(latest.pain) if latest is not None else None


def session_outcome(session: Session) -> SessionOutcome:
    """Gather what the body said about a session from its check-ins."""
    linked = list(CheckIn.select().where(CheckIn.session == session).order_by(CheckIn.at))
    morning = _next_morning(session)
    baseline = usual_for(session, linked)
    during = [c.pain for c in linked if c.moment == "during"]
    after = [c.pain for c in linked if c.moment == "after"]
    end = morning.at + timedelta(seconds=1) if morning else session.started_at
    return SessionOutcome(
        pain_during=max(during) if during else None,
        pain_after=max(after) if after else None,
        pain_next_morning=morning.pain if morning else None,
        baseline=baseline,
        effort=session.effort,
        spreading=any(c.spreading for c in linked + ([morning] if morning else [])),
        weekly_pain_rise=_weekly_rise(CheckIn.pain, end),
        weekly_stiffness_rise=_weekly_rise(CheckIn.stiffness, end),
    )
