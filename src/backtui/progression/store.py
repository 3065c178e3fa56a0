"""The database side of progression: judge the sessions that are due, store the suggestions, and
apply the ones a person accepts. Judging is three steps: gather the inputs
(backtui.progression.inputs), decide (the pure backtui.progression.engine), persist (here).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import fn

from backtui.db.models import Exercise, PlanItem, ProgressionDecision, Session, db
from backtui.db.settings import set_setting
from backtui.plan.dose import Dose
from backtui.plan.weekly import DONE_STATUSES, dose_of
from backtui.progression.engine import Decision, EngineState, decide_session
from backtui.progression.inputs import STATE_SETTING, Evaluation, gather_evaluation
from backtui.progression.pending import pending_decisions as pending_decisions

LOOKBACK_DAYS = 14  # evaluate_due looks this far back for sessions still to judge


class DecisionError(ValueError):
    """A suggestion cannot be accepted or declined; the message says why."""


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
    evaluation = gather_evaluation(session, now)
    if evaluation is None:
        return []
    judged = decide_session(
        [state for _, state in evaluation.items],
        evaluation.outcome,
        evaluation.context,
        evaluation.state,
        latest=evaluation.latest,
    )
    with db.atomic():
        return _store(session, evaluation, judged.decisions, judged.new_state, now)


def _store(
    session: Session,
    evaluation: Evaluation,
    decisions: tuple[Decision, ...],
    new_state: EngineState | None,
    now: datetime,
) -> list[ProgressionDecision]:
    """Write one row per decision, retire suggestions they replace, and carry the state on."""
    rows = []
    for (item, _), decision in zip(evaluation.items, decisions, strict=True):
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
    if new_state is not None:
        set_setting(
            STATE_SETTING,
            {
                "previous_broke": new_state.previous_broke,
                "awaiting_good_checkin": new_state.awaiting_good_checkin,
                "last_session_at": session.started_at.isoformat(),
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
