"""Starting programmes: ready-made weekly plans a person can start from and switch between.

Every programme starts each exercise at its beginner dose ("start slow"); the progression engine
then builds it up gently, and even more gently in the first two weeks.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from backtui.db.models import Exercise, PlanItem, ProgressionDecision, db
from backtui.db.settings import get_setting, set_setting
from backtui.plan.library import sync_library
from backtui.plan.weekly import create_item

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
DEFAULT_PROGRAMME = "gentle_start"


class ProgrammeItem(NamedTuple):
    """One exercise of a ready-made programme, and its days."""

    slug: str
    weekdays: tuple[int, ...]


class Programme(NamedTuple):
    """A ready-made weekly plan to start from."""

    slug: str
    name: str
    description: str
    weekly_target: int
    items: tuple[ProgrammeItem, ...]


def _items(days: tuple[int, ...], *slugs: str) -> tuple[ProgrammeItem, ...]:
    return tuple(ProgrammeItem(slug, days) for slug in slugs)


MWF = (MON, WED, FRI)

PROGRAMMES: dict[str, Programme] = {
    programme.slug: programme
    for programme in (
        Programme(
            slug="gentle_start",
            name="Gentle start",
            description=(
                "About 10 to 15 minutes on three days a week: easy movements for the back and "
                "some light core work. A good place to begin."
            ),
            weekly_target=3,
            items=_items(
                MWF,
                "pelvic_tilt",
                "cat_cow",
                "knee_rolls",
                "glute_bridge",
                "bird_dog_half",
                "knee_to_chest",
                "child_pose",
            ),
        ),
        Programme(
            slug="core_mobility",
            name="Core and mobility",
            description=(
                "About 20 minutes on three days a week: steady core strengthening for the trunk "
                "and hips, with stretches that alternate between the days."
            ),
            weekly_target=3,
            items=(
                _items(MWF, "cat_cow", "bird_dog", "dead_bug", "glute_bridge")
                + _items((MON, FRI), "side_plank_knees", "mcgill_curl_up", "figure_four")
                + _items((WED,), "hamstring_strap", "sphinx", "supine_twist")
            ),
        ),
        Programme(
            slug="walk_back",
            name="Walk back",
            description=(
                "Walking five days a week, starting at 10 minutes and building toward 30, with a "
                "short warm-up. Based on the WalkBack trial (Pocovi et al., Lancet 2024), where "
                "a walking programme kept people free of a new flare for about twice as long."
            ),
            weekly_target=5,
            items=(
                _items((MON, TUE, THU, FRI, SAT), "cat_cow", "walking")
                + _items((TUE, SAT), "knee_rolls")
            ),
        ),
    )
}


class ProgrammeError(ValueError):
    """A programme cannot be installed; the message says why."""


def shift_to_include(
    items: tuple[ProgrammeItem, ...], weekday: int
) -> tuple[ProgrammeItem, ...]:
    """The programme's days moved later by the fewest days that make ``weekday`` a planned day.

    Every item moves by the same number of days, so the spacing between days is kept: Mon/Wed/Fri
    stays as it is on a Wednesday and becomes Tue/Thu/Sat on a Tuesday. Starting on the day a plan
    is chosen means the first session can be done at once.
    """
    planned = {day for item in items for day in item.weekdays}
    if not planned or weekday in planned:
        return items
    shift = min((weekday - day) % 7 for day in planned)
    return tuple(
        ProgrammeItem(item.slug, tuple(sorted((day + shift) % 7 for day in item.weekdays)))
        for item in items
    )


def install_programme(slug: str, now: datetime, *, start_today: bool = True) -> list[PlanItem]:
    """Replace the active plan with a programme at beginner doses, and remember the choice.

    With ``start_today`` its days are shifted so that ``now``'s weekday is a planned day (see
    shift_to_include); the demo history keeps the programme's own days.
    Earlier items stay in the database, inactive, so past sessions and decisions keep their meaning.
    Suggestions still waiting for an answer about the old plan are closed as information only.
    """
    programme = PROGRAMMES.get(slug)
    if programme is None:
        raise ProgrammeError(
            f"There is no programme {slug!r}; choose one of {', '.join(PROGRAMMES)}."
        )
    needed = {item.slug for item in programme.items}
    exercises = {e.slug: e for e in Exercise.select().where(Exercise.slug.in_(needed))}
    if len(exercises) < len(needed):
        sync_library()
        exercises = {e.slug: e for e in Exercise.select().where(Exercise.slug.in_(needed))}
    missing = sorted(needed - set(exercises))
    if missing:
        raise ProgrammeError(f"The exercise library lacks {', '.join(missing)}.")
    with db.atomic():
        old = PlanItem.select(PlanItem.id).where(PlanItem.active == True)  # noqa: E712
        (
            ProgressionDecision.update(status="info", decided_at=now)
            .where(ProgressionDecision.status == "pending", ProgressionDecision.plan_item.in_(old))
            .execute()
        )
        PlanItem.update(active=False).where(PlanItem.active == True).execute()  # noqa: E712
        items = programme.items
        if start_today:
            items = shift_to_include(items, now.weekday())
        created = []
        for position, item in enumerate(_merged(items)):
            created.append(create_item(exercises[item.slug], item.weekdays, position, now))
        set_setting("programme", programme.slug)
        set_setting("weekly_target", programme.weekly_target)
        set_setting("programme_started_at", now.isoformat())
    return created


def _merged(items: tuple[ProgrammeItem, ...]) -> list[ProgrammeItem]:
    """One item per exercise: days of repeated entries are joined, first appearance sets order."""
    days: dict[str, set[int]] = {}
    for item in items:
        days.setdefault(item.slug, set()).update(item.weekdays)
    return [ProgrammeItem(slug, tuple(sorted(d))) for slug, d in days.items()]


def current_programme() -> Programme | None:
    return PROGRAMMES.get(get_setting("programme"))


def programme_started_at() -> datetime | None:
    value = get_setting("programme_started_at")
    return datetime.fromisoformat(value) if value else None


def ensure_default_plan(now: datetime) -> bool:
    """On a first run, put Gentle start in place; True when it did. Costs one Setting read after."""
    if get_setting("programme") is not None:
        return False
    if PlanItem.select().where(PlanItem.active == True).exists():  # noqa: E712
        # A plan built by hand before any programme was chosen: keep it, remember the choice.
        set_setting("programme", "custom")
        set_setting("programme_started_at", now.isoformat())
        return False
    install_programme(DEFAULT_PROGRAMME, now)
    return True
