"""What the Plan screen shows, read from the database in one go (called from thread workers),
and the small first-run welcome state kept in Settings.

Plain values only, so the screen can draw them on the UI thread without touching the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from backtui.checkin.holds import Hold, active_hold
from backtui.checkin.measures import last_psfs
from backtui.checkin.triage import needs_first_screening
from backtui.db.models import Exercise, Session
from backtui.db.settings import get_setting, set_setting
from backtui.history.not_improving import NotImprovingFinding, not_improving
from backtui.instants import start_of_day
from backtui.plan import weekly
from backtui.plan.dose import Dose
from backtui.plan.pace import days_to_go, week_at_risk_line
from backtui.plan.programmes import PROGRAMMES, current_programme
from backtui.progression.pending import pending_decisions

KIND_LABELS = {
    "core": "Core strengthening",
    "mobility": "Flexibility and mobility",
    "cardio": "Low-impact cardio",
    "yoga": "Yoga",
}
SUGGESTION_LABELS = {
    "progress": "Build up",
    "step_back": "Step back",
    "see_clinician": "See a clinician",
    "hold": "Hold",
}

# Safety first: advice to see a clinician leads, then steps back, then steps up.
URGENCY = {"see_clinician": 0, "step_back": 1, "hold": 2, "progress": 3}

WELCOME_DONE = "welcome_done"
WELCOME_STEPS = "welcome_steps"
# Steps that finish the welcome; the PSFS activities are offered but optional.
REQUIRED_STEPS = ("programme", "target", "safety")


class ItemRow(NamedTuple):
    """One exercise of the plan, as the week table shows it."""

    id: int
    slug: str
    name: str
    kind: str
    dose: str
    weekdays: tuple[int, ...]
    amount: Dose  # the dose itself, for the dose form
    summary: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


class SuggestionRow(NamedTuple):
    """A progression suggestion waiting for the person's answer."""

    id: int
    plan_item_id: int
    action: str
    reason: str
    to_dose: str


class Welcome(NamedTuple):
    """Which first steps are done: a programme, a weekly target, the safety check, the PSFS."""

    programme: bool
    target: bool
    safety: bool
    psfs: bool


class PlanSnapshot(NamedTuple):
    """Everything the Plan screen shows, read in one go."""

    weekday: int
    items: tuple[ItemRow, ...]
    day_minutes: tuple[int, ...]  # estimated minutes for each weekday, Monday first
    target: int
    done: int
    programme: str  # its name, or a word for a hand-made plan
    programme_slug: str | None
    suggestions: tuple[SuggestionRow, ...]
    welcome: Welcome | None
    week_note: str | None = None  # the week's target is at risk (plan.pace), else None
    # Safety first, shown at the top: an open red-flag hold (checkin.holds) and "not getting
    # better" findings (history.not_improving), read here so the UI thread never computes them.
    hold: Hold | None = None
    not_improving: tuple[NotImprovingFinding, ...] = ()

    def today(self) -> list[ItemRow]:
        return [item for item in self.items if self.weekday in item.weekdays]

    def training_days(self) -> list[int]:
        return [day for day in range(7) if self.day_minutes[day]]


def load_plan(now: datetime, *, welcome_forced: bool = False) -> PlanSnapshot:
    items = weekly.all_items()
    rows = tuple(
        ItemRow(
            item.id,
            item.exercise.slug,
            item.exercise.name,
            item.exercise.kind,
            weekly.dose_label(item),
            tuple(item.weekday_list()),
            weekly.dose_of(item),
            item.exercise.summary,
        )
        for item in items
    )
    minutes = tuple(
        weekly.estimate_minutes([i for i in items if day in i.weekday_list()]) for day in range(7)
    )
    programme = current_programme()
    target, done = weekly.weekly_target(), weekly.sessions_done_this_week(now)
    return PlanSnapshot(
        weekday=now.weekday(),
        items=rows,
        day_minutes=minutes,
        target=target,
        done=done,
        programme=programme.name if programme else "Your own plan",
        programme_slug=programme.slug if programme else None,
        suggestions=tuple(sorted(_suggestions(), key=lambda r: URGENCY.get(r.action, 9))),
        welcome=welcome_state(now, forced=welcome_forced),
        week_note=_week_note(now, target, done),
        hold=active_hold(),
        not_improving=tuple(not_improving(now)),
    )


def _week_note(now: datetime, target: int, done: int) -> str | None:
    if done >= target:
        return None  # met: no need to look further
    _, week_end = weekly.week_bounds(now)
    today = start_of_day(now.date())
    trained_today = (
        Session.select()
        .where(
            Session.status.in_(weekly.DONE_STATUSES),
            Session.started_at >= today,
            Session.started_at < today + timedelta(days=1),
        )
        .exists()
    )
    days_left = days_to_go(now.date(), week_end.date(), trained_today)
    return week_at_risk_line(done, target, days_left)


def _suggestions() -> list[SuggestionRow]:
    names = dict(Exercise.select(Exercise.slug, Exercise.name).tuples())
    rows = []
    for decision in pending_decisions():
        dose = Dose.from_dict(decision.to_dose).label() if decision.to_dose else ""
        if decision.to_exercise:
            dose = f"{names.get(decision.to_exercise, decision.to_exercise)} {dose}"
        rows.append(
            SuggestionRow(
                decision.id, decision.plan_item_id, decision.action, decision.reason, dose
            )
        )
    return rows


# --- the first-run welcome ---------------------------------------------------------------------


def welcome_state(now: datetime, *, forced: bool = False) -> Welcome | None:
    """The welcome's ticks, or None when it is not to be shown. A record with sessions from earlier
    days is not a first run, so people who used backtui before the welcome existed never see it."""
    if not forced:
        if get_setting(WELCOME_DONE):
            return None
        today = start_of_day(now.date())
        if Session.select().where(Session.started_at < today).exists():
            return None
    steps = set(get_setting(WELCOME_STEPS) or [])
    return Welcome(
        programme="programme" in steps,
        target="target" in steps,
        safety=not needs_first_screening(),
        psfs=last_psfs() is not None,
    )


def complete_welcome_step(step: str | None, now: datetime) -> bool:
    """Tick a step (None only checks); True when this finished the welcome for good."""
    if get_setting(WELCOME_DONE):
        return False
    if step is not None:
        steps = set(get_setting(WELCOME_STEPS) or [])
        if step not in steps:
            set_setting(WELCOME_STEPS, sorted(steps | {step}))
    state = welcome_state(now, forced=True)
    ticks = {"programme": state.programme, "target": state.target, "safety": state.safety}
    if all(ticks[name] for name in REQUIRED_STEPS):
        set_setting(WELCOME_DONE, True)
        return True
    return False


def close_welcome() -> None:
    set_setting(WELCOME_DONE, True)


def programme_choices() -> list[tuple[str, str, str, int, int]]:
    """(slug, name, description, exercises, weekly target) for each starting programme."""
    return [
        (p.slug, p.name, p.description, len({i.slug for i in p.items}), p.weekly_target)
        for p in PROGRAMMES.values()
    ]
