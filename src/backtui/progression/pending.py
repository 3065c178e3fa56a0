"""The suggestions waiting for the person's answer: the one part of progression the Plan's first
frame reads. Kept apart from the store so that frame never loads the engine (its judging loads on
a worker once the Plan is shown)."""

from __future__ import annotations

from backtui.db.models import PlanItem, ProgressionDecision


def pending_decisions() -> list[ProgressionDecision]:
    """Suggestions waiting for the person's answer, oldest first, for exercises still planned."""
    return list(
        ProgressionDecision.select(ProgressionDecision, PlanItem)
        .join(PlanItem)
        .where(ProgressionDecision.status == "pending", PlanItem.active == True)  # noqa: E712
        .order_by(ProgressionDecision.at, ProgressionDecision.id)
    )
