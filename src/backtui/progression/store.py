"""The database side of progression: gather a session's inputs, run the engine, store the
suggestions, and apply the ones a person accepts. The decisions themselves are made by the pure
functions in backtui.progression.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from peewee import fn

from backtui.checkin.flareup import flare_up_holds_progression
from backtui.checkin.holds import active_hold
from backtui.db.models import (
    Exercise,
    PlanItem,
    ProgressionDecision,
    Session,
    SetLog,
    SkipLog,
    db,
)
from backtui.db.settings import get_setting, set_setting
from backtui.plan.dose import Dose
from backtui.plan.library import builtin_spec, limits_for
from backtui.plan.programmes import programme_started_at
from backtui.plan.weekly import (
    DONE_STATUSES,
    all_items,
    dose_of,
    week_bounds,
    weekly_volume_seconds,
)
from backtui.progression.engine import (
    Context,
    EngineState,
    ItemState,
    Limits,
    Variant,
    advance,
    decide,
    in_start_slow,
    judge,
)
from backtui.progression.inputs import session_outcome

STATE_SETTING = "progression_state"
LOOKBACK_DAYS = 14  # evaluate_due looks this far back for sessions still to judge


class DecisionError(ValueError):
    """A suggestion cannot be accepted or declined; the message says why."""


def progression_paused() -> bool:
    """True while a red-flag hold is open: only a clinician's clearance or a withdrawal ends it
    (checkin.holds), never a pain score."""
    return active_hold() is not None


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
    planned_ids = {item.exercise_id for item in planned}
    states = []
    for item in planned:
        exercise = item.exercise
        if exercise.id not in sets_done and exercise.id not in skipped:
            continue
        states.append(
            (
                item,
                ItemState(
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
                ),
            )
        )
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


def _load_state() -> tuple[EngineState, str | None]:
    raw = get_setting(STATE_SETTING) or {}
    return (
        EngineState(bool(raw.get("previous_broke")), bool(raw.get("awaiting_good_checkin"))),
        raw.get("last_session_at"),
    )


def evaluate_after_next_morning(session_id: int, now: datetime) -> list[ProgressionDecision]:
    """Judge a finished session once its next-morning check-in is in (or the next day is over:
    then every exercise holds). Stores one decision per exercise done; calling again returns them.
    Returns [] while it is too early to judge."""
    session = Session.get_or_none(Session.id == session_id)
    if session is None:
        raise DecisionError("That session is not in the diary.")
    stored = list(
        ProgressionDecision.select()
        .where(ProgressionDecision.session == session)
        .order_by(ProgressionDecision.id)
    )
    if stored or session.status not in DONE_STATUSES:
        return stored
    outcome = session_outcome(session)
    done_on = (session.ended_at or session.started_at).date()
    deadline = datetime.combine(done_on + timedelta(days=2), time())
    if outcome.pain_next_morning is None and now < deadline:
        return []
    planned = all_items()
    states = _item_states(session, planned)
    if not states:
        return []
    state, last_at = _load_state()
    baseline, growth = _week_volume(now, planned)
    ctx = Context(
        start_slow=in_start_slow(programme_started_at(), session.started_at),
        paused=progression_paused(),
        flare_up=flare_up_holds_progression(session.ended_at or session.started_at),
        previous_broke=state.previous_broke,
        awaiting_good_checkin=state.awaiting_good_checkin,
        week_volume_baseline=baseline,
        week_volume_growth=growth,
    )
    rows = []
    with db.atomic():
        for item, item_state in states:
            decision = decide(item_state, outcome, ctx)
            if decision.action == "progress":
                added = decision.to_dose.work_seconds() - item_state.dose.work_seconds()
                ctx = replace(
                    ctx,
                    week_volume_growth=ctx.week_volume_growth + added * item_state.days_per_week,
                )
            changes = decision.to_dose is not None
            if changes:  # an older unanswered suggestion for this item no longer applies
                (
                    ProgressionDecision.update(status="info", decided_at=now)
                    .where(
                        ProgressionDecision.plan_item == item,
                        ProgressionDecision.status == "pending",
                    )
                    .execute()
                )
            rows.append(
                ProgressionDecision.create(
                    at=now,
                    session=session,
                    plan_item=item,
                    exercise=item.exercise,
                    action=decision.action,
                    from_dose=decision.from_dose.as_dict(),
                    to_dose=decision.to_dose.as_dict() if changes else None,
                    to_exercise=decision.to_exercise,
                    reason=decision.reason,
                    status="pending" if changes else "info",
                )
            )
        started = session.started_at.isoformat()
        if last_at is None or started > last_at:
            new = advance(state, judge(outcome), [s for _, s in states])
            set_setting(
                STATE_SETTING,
                {
                    "previous_broke": new.previous_broke,
                    "awaiting_good_checkin": new.awaiting_good_checkin,
                    "last_session_at": started,
                },
            )
    return rows


def evaluate_due(now: datetime) -> list[ProgressionDecision]:
    """Judge, oldest first, recent finished sessions that have no decisions yet (run at start-up
    and after a next-morning check-in)."""
    # NOT EXISTS looks up each recent session's decisions; NOT IN would list every decision ever.
    judged = ProgressionDecision.select(ProgressionDecision.id).where(
        ProgressionDecision.session == Session.id
    )
    due = (
        Session.select(Session.id)
        .where(
            Session.status.in_(DONE_STATUSES),
            Session.started_at >= now - timedelta(days=LOOKBACK_DAYS),
            ~fn.EXISTS(judged),
        )
        .order_by(Session.started_at)
    )
    rows: list[ProgressionDecision] = []
    for session in due:
        rows.extend(evaluate_after_next_morning(session.id, now))
    return rows


def pending_decisions() -> list[ProgressionDecision]:
    """Suggestions waiting for the person's answer, oldest first, for exercises still planned."""
    return list(
        ProgressionDecision.select(ProgressionDecision, PlanItem)
        .join(PlanItem)
        .where(ProgressionDecision.status == "pending", PlanItem.active == True)  # noqa: E712
        .order_by(ProgressionDecision.at, ProgressionDecision.id)
    )


def _pending(decision_id: int) -> ProgressionDecision:
    decision = ProgressionDecision.get_or_none(ProgressionDecision.id == decision_id)
    if decision is None:
        raise DecisionError("That suggestion is no longer there.")
    if decision.status != "pending":
        raise DecisionError(f"That suggestion was already answered ({decision.status}).")
    return decision


def _apply(decision: ProgressionDecision, item: PlanItem) -> None:
    dose = Dose.from_dict(decision.to_dose)
    if decision.to_exercise:
        variant = Exercise.get(Exercise.slug == decision.to_exercise)
        twin = (
            PlanItem.select()
            .where(
                PlanItem.exercise == variant,
                PlanItem.active == True,  # noqa: E712
                PlanItem.id != item.id,
            )
            .first()
        )
        if twin is not None:
            # The variant is already planned: it takes over this item's days.
            twin.weekdays = ",".join(
                str(d) for d in sorted(set(twin.weekday_list()) | set(item.weekday_list()))
            )
            twin.save()
            item.active = False
            item.save()
            return
        item.exercise = variant
    item.sets, item.reps = dose.sets, dose.reps
    item.hold_seconds, item.minutes = dose.hold_seconds, dose.minutes
    item.save()


def accept_decision(decision_id: int, now: datetime) -> ProgressionDecision:
    """Apply a suggestion to the plan. If the plan changed since it was made, the suggestion is
    closed as information and DecisionError says why."""
    with db.atomic():
        decision = _pending(decision_id)
        item = PlanItem.get_or_none(PlanItem.id == decision.plan_item_id)
        if item is None or not item.active:
            problem = "that exercise is no longer in your plan"
        elif item.exercise_id != decision.exercise_id or dose_of(item) != Dose.from_dict(
            decision.from_dose
        ):
            problem = "its dose was changed since"
        else:
            _apply(decision, item)
            decision.status, decision.decided_at = "accepted", now
            decision.save()
            return decision
    with db.atomic():
        decision.status, decision.decided_at = "info", now
        decision.save()
    raise DecisionError(f"That suggestion no longer applies: {problem}.")


def decline_decision(decision_id: int, now: datetime) -> ProgressionDecision:
    """Keep the dose as it is; the answer is stored."""
    with db.atomic():
        decision = _pending(decision_id)
        decision.status, decision.decided_at = "declined", now
        decision.save()
        return decision
