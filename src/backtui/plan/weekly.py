"""The weekly plan: what is planned on which day, at what dose, and the edits a person makes to it.

Weekdays are numbered like ``datetime.weekday()``: Monday = 0 … Sunday = 6.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from backtui.db.models import Exercise, PlanItem, Session, db
from backtui.db.settings import get_setting, set_setting
from backtui.instants import start_of_day
from backtui.plan import dose as dosing
from backtui.plan.dose import Dose, check_dose

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DONE_STATUSES = ("completed", "ended_early")
DEFAULT_WEEKLY_TARGET = 3


class PlanError(ValueError):
    """An edit that cannot be made; the message says why in plain words."""


def dose_of(thing: PlanItem | Exercise) -> Dose:
    """The dose of a plan item (the person's own) or of an exercise (its beginner dose)."""
    exercise = thing.exercise if isinstance(thing, PlanItem) else thing
    return Dose(
        exercise.dose_type,
        thing.sets,
        thing.reps,
        thing.hold_seconds,
        thing.minutes,
        bool(exercise.per_side),
    )


def dose_label(thing: PlanItem | Exercise) -> str:
    """E.g. "2 × 8 reps", "3 × 20 s hold", "2 × 8 per side", "10 min"."""
    return dose_of(thing).label()


def estimate_minutes(items: Iterable[PlanItem | Exercise]) -> int:
    """Estimated whole minutes for a session of these items (see backtui.plan.dose for the figures:
    about 4 s a rep, each hold plus 3 s to get in and out, 30 s rest between sets, 15 s to set up
    each exercise, and the minutes themselves for cardio). It is a guide, not a promise."""
    return dosing.estimate_minutes([dose_of(item) for item in items])


def _active_items():
    return (
        PlanItem.select(PlanItem, Exercise)
        .join(Exercise)
        .where(PlanItem.active == True)  # noqa: E712 (Peewee expression)
        .order_by(PlanItem.position, PlanItem.id)
    )


def all_items() -> list[PlanItem]:
    """Every active plan item, in plan order, with its exercise loaded."""
    return list(_active_items())


def week_plan() -> dict[int, list[PlanItem]]:
    """Active items by weekday (0-6), each day in plan order; days without items map to []."""
    week: dict[int, list[PlanItem]] = {day: [] for day in range(7)}
    for item in _active_items():
        for day in item.weekday_list():
            week[day].append(item)
    return week


def items_for_day(weekday: int) -> list[PlanItem]:
    return [item for item in _active_items() if weekday in item.weekday_list()]


def todays_items(now: datetime) -> list[PlanItem]:
    return items_for_day(now.weekday())


def next_planned_day(
    now: datetime, *, include_today: bool = False
) -> tuple[date, list[PlanItem]] | None:
    """The next date with planned items (from tomorrow, or today when include_today), or None."""
    week = week_plan()
    first = 0 if include_today else 1
    for offset in range(first, first + 7):
        day = now.date() + timedelta(days=offset)
        if week[day.weekday()]:
            return day, week[day.weekday()]
    return None


def weekly_target() -> int:
    return int(get_setting("weekly_target", DEFAULT_WEEKLY_TARGET))


def set_weekly_target(sessions: int) -> int:
    if isinstance(sessions, bool) or not isinstance(sessions, int) or not 1 <= sessions <= 7:
        raise PlanError("The weekly target is a number of sessions from 1 to 7.")
    set_setting("weekly_target", sessions)
    return sessions


def week_start_day() -> int:
    """The weekday a week starts on: Setting "week_start" (0-6 or a day name), Monday by default."""
    value = get_setting("week_start", 0)
    if isinstance(value, str):
        names = [name.lower() for name in DAY_NAMES]
        return names.index(value.lower()) if value.lower() in names else 0
    return value if isinstance(value, int) and 0 <= value <= 6 else 0


def week_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of the week that contains ``now``."""
    back = (now.weekday() - week_start_day()) % 7
    first = now.date() - timedelta(days=back)
    # Each end is local midnight: a week holding a clock change is 167 or 169 hours long.
    return start_of_day(first), start_of_day(first + timedelta(days=7))


def sessions_done_this_week(now: datetime) -> int:
    """Sessions completed or ended early that started in the current week."""
    start, end = week_bounds(now)
    return (
        Session.select()
        .where(
            Session.status.in_(DONE_STATUSES), Session.started_at >= start, Session.started_at < end
        )
        .count()
    )


def _weekday_text(weekdays: Iterable[int]) -> str:
    days = list(weekdays)
    if not days or any(
        isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in days
    ):
        raise PlanError("Choose at least one day of the week (Monday to Sunday).")
    return ",".join(str(d) for d in sorted(set(days)))


def _get_item(item_id: int) -> PlanItem:
    item = (
        PlanItem.select(PlanItem, Exercise)
        .join(Exercise)
        .where(PlanItem.id == item_id, PlanItem.active == True)  # noqa: E712
        .first()
    )
    if item is None:
        raise PlanError("That exercise is no longer in your plan.")
    return item


def add_item(exercise_slug: str, weekdays: Iterable[int], now: datetime) -> PlanItem:
    """Add an exercise at its beginner dose on the given weekdays, at the end of the plan."""
    with db.atomic():
        exercise = Exercise.get_or_none(Exercise.slug == exercise_slug)
        if exercise is None:
            raise PlanError(f"There is no exercise {exercise_slug!r} in the library.")
        already = (
            PlanItem.select()
            .where(PlanItem.exercise == exercise, PlanItem.active == True)  # noqa: E712
            .exists()
        )
        if already:
            raise PlanError(f"{exercise.name} is already in your plan; change its days instead.")
        last = (
            PlanItem.select(PlanItem.position)
            .where(PlanItem.active == True)  # noqa: E712
            .order_by(PlanItem.position.desc())
            .first()
        )
        return create_item(exercise, weekdays, (last.position + 1) if last else 0, now)


def create_item(
    exercise: Exercise, weekdays: Iterable[int], position: int, now: datetime
) -> PlanItem:
    """A new active plan item at the exercise's beginner dose (no duplicate check)."""
    return PlanItem.create(
        exercise=exercise,
        weekdays=_weekday_text(weekdays),
        position=position,
        sets=exercise.sets,
        reps=exercise.reps,
        hold_seconds=exercise.hold_seconds,
        minutes=exercise.minutes,
        active=True,
        added_at=now,
    )


def remove_item(item_id: int) -> None:
    """Take an item out of the plan. The row stays (inactive) so its history keeps its meaning."""
    with db.atomic():
        item = _get_item(item_id)
        item.active = False
        item.save()


def move_item(item_id: int, delta: int, *, weekday: int | None = None) -> bool:
    """Move an item ``delta`` places up (negative) or down the plan; with ``weekday``, among that
    day's items only. Returns False when it is already at the end it is moving toward."""
    with db.atomic():
        items = list(_active_items())
        # Renumber so positions are unique and dense before swapping.
        for index, item in enumerate(items):
            if item.position != index:
                item.position = index
                item.save()
        moving = next((item for item in items if item.id == item_id), None)
        if moving is None:
            raise PlanError("That exercise is no longer in your plan.")
        scope = items if weekday is None else [i for i in items if weekday in i.weekday_list()]
        here = scope.index(moving)
        there = max(0, min(len(scope) - 1, here + delta))
        if there == here:
            return False
        # Shift the in-between items so the order of the rest is kept.
        target = scope[there]
        order = [item for item in items if item is not moving]
        insert_at = order.index(target) + (1 if there > here else 0)
        order.insert(insert_at, moving)
        for index, item in enumerate(order):
            if item.position != index:
                item.position = index
                item.save()
        return True


def set_dose(
    item_id: int,
    *,
    sets: int | None = None,
    reps: int | None = None,
    hold_seconds: int | None = None,
    minutes: int | None = None,
) -> PlanItem:
    """Change a plan item's dose (the person's own override; the built-in entry is unchanged).
    Only the given fields change; the result is checked as a whole."""
    with db.atomic():
        item = _get_item(item_id)
        current = dose_of(item)
        wrong = {"reps": reps, "hold_seconds": hold_seconds, "minutes": minutes}
        allowed = {"reps": ("reps",), "hold": ("reps", "hold_seconds"), "minutes": ("minutes",)}[
            current.dose_type
        ]
        for key, value in wrong.items():
            if value is not None and key not in allowed:
                unit = {"reps": "reps", "hold": "holds", "minutes": "minutes"}[current.dose_type]
                raise PlanError(
                    f"{item.exercise.name} is counted in {unit}; it has no {key.replace('_', ' ')}."
                )
        try:
            new = check_dose(
                current.dose_type,
                current.sets if sets is None else sets,
                current.reps if reps is None else reps,
                current.hold_seconds if hold_seconds is None else hold_seconds,
                current.minutes if minutes is None else minutes,
                per_side=current.per_side,
                name=item.exercise.name,
            )
        except ValueError as error:
            raise PlanError(str(error)) from error
        item.sets, item.reps = new.sets, new.reps
        item.hold_seconds, item.minutes = new.hold_seconds, new.minutes
        item.save()
        return item


def set_weekdays(item_id: int, weekdays: Iterable[int]) -> PlanItem:
    """Put an item on other days of the week."""
    days = _weekday_text(weekdays)
    with db.atomic():
        item = _get_item(item_id)
        item.weekdays = days
        item.save()
        return item


def weekly_volume_seconds(items: Iterable[PlanItem]) -> int:
    """Estimated seconds of exercise work a week: each item's work times its days a week."""
    return sum(dose_of(item).work_seconds() * len(item.weekday_list()) for item in items)
