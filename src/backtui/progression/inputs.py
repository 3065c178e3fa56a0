"""Everything the progression engine needs about a finished session, gathered from the database:
what the body said (from check-ins), each exercise done and its ladder, the week's volume, and the
state carried from the session before.

The usual level (baseline) is the person's typical resting pain of the two weeks before the session
(checkin.measures.usual_level: the median of standalone and next-morning check-ins), so the next
morning is compared with what is normal for them, not with that day's pre-session score (the
pain-monitoring model, Silbernagel 2007: "back to the usual level by the next morning"). Only when
there is no such check-in does it fall back to the score before the session, then to the latest
resting check-in in the week before. The next-morning score comes from a check-in linked to the
session, or the first resting one in the morning window after it (checkin.morning).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import fn

from backtui.checkin.checkins import morning_checkins
from backtui.checkin.flareup import flare_up_holds_progression
from backtui.checkin.holds import active_hold
from backtui.checkin.measures import usual_level
from backtui.checkin.morning import morning_after
from backtui.db.models import (
    CheckIn,
    Exercise,
    PlanItem,
    ProgressionDecision,
    Session,
    SetLog,
    SkipLog,
)
from backtui.db.settings import get_setting
from backtui.instants import from_text, start_of_day
from backtui.plan.dose import Dose
from backtui.plan.library import builtin_spec, limits_for
from backtui.plan.programmes import programme_started_at
from backtui.plan.weekly import all_items, dose_of, week_bounds, weekly_volume_seconds
from backtui.progression.engine import (
    Context,
    EngineState,
    ItemState,
    Limits,
    SessionOutcome,
    Variant,
    in_start_slow,
)

STATE_SETTING = "progression_state"

# Moments that show the usual level of pain, not the effect of exercising right then.
RESTING_MOMENTS = ("before", "next_morning", "standalone")


def _next_morning(session: Session) -> CheckIn | None:
    """The next-morning check-in: one linked to the session, else the first resting check-in in
    the morning window after it (checkin.morning; docs/progression.md)."""
    linked = (
        CheckIn.select()
        .where(CheckIn.session == session, CheckIn.moment == "next_morning")
        .order_by(CheckIn.at)
        .first()
    )
    if linked is not None:
        return linked
    resting = ("next_morning", "standalone", "before")
    return next((row for row in morning_checkins(session) if row.moment in resting), None)


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
    # Scores about one exercise count for that exercise only (exercise_pain).
    during = [c.pain for c in linked if c.moment == "during" and c.exercise_id is None]
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


@dataclass(frozen=True)
class Evaluation:
    """One finished session, ready for the engine to decide."""

    outcome: SessionOutcome
    items: list[tuple[PlanItem, ItemState]]  # each exercise done, with its plan row
    context: Context
    state: EngineState
    latest: bool  # no later session has been judged yet, so the carried state moves on


def progression_paused() -> bool:
    """True while a red-flag hold is open: only a clinician's clearance or a withdrawal ends it
    (checkin.holds), never a pain score."""
    return active_hold() is not None


def gather_evaluation(session: Session, now: datetime) -> Evaluation | None:
    """What the engine needs to judge ``session``, or None while it is too early (no next-morning
    check-in and the next day is not over) or when no planned exercise was done."""
    outcome = session_outcome(session)
    # Without a next-morning check-in, the session is judged once its morning's day is over.
    deadline = start_of_day(morning_after(session.ended_at or session.started_at) + timedelta(1))
    if outcome.pain_next_morning is None and now < deadline:
        return None
    planned = all_items()
    items = _item_states(session, planned)
    if not items:
        return None
    state, last_judged = _load_state()
    baseline, growth = _week_volume(now, planned)
    context = Context(
        start_slow=in_start_slow(programme_started_at(), session.started_at),
        paused=progression_paused(),
        flare_up=flare_up_holds_progression(session.ended_at or session.started_at),
        previous_broke=state.previous_broke,
        awaiting_good_checkin=state.awaiting_good_checkin,
        week_volume_baseline=baseline,
        week_volume_growth=growth,
    )
    latest = last_judged is None or session.started_at > from_text(last_judged)
    return Evaluation(outcome, items, context, state, latest)


def _load_state() -> tuple[EngineState, str | None]:
    raw = get_setting(STATE_SETTING) or {}
    return (
        EngineState(bool(raw.get("previous_broke")), bool(raw.get("awaiting_good_checkin"))),
        raw.get("last_session_at"),
    )


def _limits(exercise: Exercise) -> Limits:
    spec = builtin_spec(exercise.slug) if exercise.builtin else None
    return spec.limits() if spec else limits_for(exercise.dose_type)


def _variant(slug: str | None) -> Variant | None:
    exercise = Exercise.get_or_none(Exercise.slug == slug) if slug else None
    return Variant(exercise.slug, exercise.name, dose_of(exercise)) if exercise else None


def _easier(exercise: Exercise, planned_ids: set[int]) -> Variant | None:
    """The easier variant, unless it is already in the plan (then this one just gets smaller)."""
    row = Exercise.get_or_none(Exercise.slug == exercise.easier) if exercise.easier else None
    if row is None or row.id in planned_ids:
        return None
    return Variant(row.slug, row.name, dose_of(row))


def _sessions_since_step(item: PlanItem) -> int:
    """Sessions at the current dose, counting the one being judged: one decision is stored per
    session, so count the decisions since the last change that was accepted or is pending."""
    count = 1
    for row in (
        ProgressionDecision.select(ProgressionDecision.status, ProgressionDecision.to_dose)
        .where(ProgressionDecision.plan_item == item)
        .order_by(ProgressionDecision.at.desc(), ProgressionDecision.id.desc())
    ):
        if row.to_dose is not None and row.status in ("accepted", "pending"):
            break
        count += 1
    return count


def exercise_pain(session: Session) -> dict[int, int]:
    """The highest pain logged during the session about each exercise, by exercise id."""
    return dict(
        CheckIn.select(CheckIn.exercise, fn.MAX(CheckIn.pain))
        .where(
            CheckIn.session == session,
            CheckIn.moment == "during",
            CheckIn.exercise.is_null(False),
        )
        .group_by(CheckIn.exercise)
        .tuples()
    )


def _item_states(session: Session, planned: list[PlanItem]) -> list[tuple[PlanItem, ItemState]]:
    sets_done = dict(
        SetLog.select(SetLog.exercise, fn.COUNT(SetLog.set_number.distinct()))
        .where(SetLog.session == session)
        .group_by(SetLog.exercise)
        .tuples()
    )
    skipped = dict(
        SkipLog.select(SkipLog.exercise, SkipLog.reason).where(SkipLog.session == session).tuples()
    )
    own_pain = exercise_pain(session)
    planned_ids = {item.exercise_id for item in planned}
    states = []
    for item in planned:
        exercise = item.exercise
        if exercise.id not in sets_done and exercise.id not in skipped:
            continue
        state = ItemState(
            name=exercise.name,
            dose=dose_of(item),
            beginner=dose_of(exercise),
            limits=_limits(exercise),
            easier=_easier(exercise, planned_ids),
            harder=_variant(exercise.harder),
            sessions_since_step=_sessions_since_step(item),
            days_per_week=len(item.weekday_list()),
            sets_done=sets_done.get(exercise.id, 0),
            skip_reason=skipped.get(exercise.id),
            pain_during=own_pain.get(exercise.id),
        )
        states.append((item, state))
    return states


def _week_volume(now: datetime, planned: list[PlanItem]) -> tuple[float, float]:
    """(volume as the week began, growth accepted or pending since), in seconds of work a week."""
    start, end = week_bounds(now)
    accepted = pending = 0.0
    rows = (
        ProgressionDecision.select(ProgressionDecision, PlanItem)
        .join(PlanItem)
        .where(
            ProgressionDecision.at >= start,
            ProgressionDecision.at < end,
            ProgressionDecision.action == "progress",
            ProgressionDecision.status.in_(("accepted", "pending")),
        )
    )
    for row in rows:
        delta = (
            Dose.from_dict(row.to_dose).work_seconds()
            - Dose.from_dict(row.from_dose).work_seconds()
        )
        delta *= len(row.plan_item.weekday_list())
        if row.status == "accepted":
            accepted += delta
        else:
            pending += delta
    return weekly_volume_seconds(planned) - accepted, accepted + pending
