"""What a session runs: its items and doses, the flow's items, the minimum session, and an
exercise's easier variant."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from backtui.db.models import Exercise
from backtui.plan.dose import Dose
from backtui.plan.library import builtin_spec
from backtui.plan.tempo import DEFAULT_TEMPO, Tempo
from backtui.session.flow import FlowItem, estimate_seconds

# The minimum session: about 5 minutes of the gentlest mobility work. On a bad day a short, easy
# session keeps the habit going, and consistency matters more than any one session's dose
# (clinical reference: "consistency and good technique matter most"; pacing, Lindström 1992:
# avoid boom-and-bust by keeping a baseline that works even on bad days). Gentlest first:
MINIMUM_SLUGS = ("cat_cow", "pelvic_tilt", "knee_rolls", "knee_to_chest", "child_pose")
MINIMUM_TARGET_SECONDS = 5 * 60
MINIMUM_KINDS = ("mobility", "yoga")
# Gentle caps on the dose of each minimum-session exercise.
MINIMUM_MAX_REPS = 8
MINIMUM_MAX_HOLD = 20
MINIMUM_MAX_HOLDS = 3


@dataclass(frozen=True)
class SessionItem:
    """One exercise to run, at a dose: a plan item, or an item of the minimum session."""

    exercise: Exercise
    sets: int = 1
    reps: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None


def session_items(plan_items: Iterable[Any]) -> list[SessionItem]:
    """Plan items (anything with exercise, sets, reps, hold_seconds, minutes) as session items."""
    return [
        SessionItem(item.exercise, item.sets, item.reps, item.hold_seconds, item.minutes)
        for item in plan_items
    ]


def dose_text(item: SessionItem) -> str:
    """The dose as the plan shows it: "2 × 8 reps", "2 × 6 × 5 s hold per side", "10 min"."""
    exercise = item.exercise
    return Dose(
        exercise.dose_type,
        item.sets,
        item.reps,
        item.hold_seconds,
        item.minutes,
        bool(exercise.per_side),
    ).label()


def _tempo_of(exercise: Exercise) -> Tempo:
    """The library's tempo for a built-in exercise; a slow default for people's own."""
    spec = builtin_spec(exercise.slug) if exercise.builtin else None
    return spec.tempo if spec is not None else DEFAULT_TEMPO


def flow_items(items: Sequence[SessionItem]) -> list[FlowItem]:
    return [
        FlowItem(
            exercise_id=item.exercise.id,
            name=item.exercise.name,
            kind=item.exercise.kind,
            dose_type=item.exercise.dose_type,
            sets=max(1, item.sets),
            reps=item.reps,
            hold_seconds=item.hold_seconds,
            minutes=item.minutes,
            per_side=item.exercise.per_side,
            cues=tuple(item.exercise.cues or ()),
            mistakes=tuple(item.exercise.mistakes or ()),
            easier=item.exercise.easier,
            slug=item.exercise.slug,
            dose=dose_text(item),
            tempo=_tempo_of(item.exercise),
        )
        for item in items
    ]


def _gentle(exercise: Exercise) -> SessionItem:
    if exercise.dose_type == "hold":
        return SessionItem(
            exercise,
            1,
            min(exercise.reps or 1, MINIMUM_MAX_HOLDS),
            min(exercise.hold_seconds or MINIMUM_MAX_HOLD, MINIMUM_MAX_HOLD),
        )
    return SessionItem(
        exercise, 1, min(exercise.reps or MINIMUM_MAX_REPS, MINIMUM_MAX_REPS), exercise.hold_seconds
    )


def minimum_items() -> list[SessionItem]:
    """The minimum session: gentle mobility at a capped dose, about 5 minutes in all."""
    by_slug = {e.slug: e for e in Exercise.select().where(Exercise.slug.in_(MINIMUM_SLUGS))}
    chosen = [by_slug[slug] for slug in MINIMUM_SLUGS if slug in by_slug]
    if len(chosen) < 3:  # a library without the preferred ones: any gentle mobility or yoga
        others = (
            Exercise.select()
            .where(Exercise.kind.in_(MINIMUM_KINDS), Exercise.dose_type != "minutes")
            .order_by(Exercise.id)
        )
        chosen += [e for e in others if e not in chosen]
    items: list[SessionItem] = []
    for exercise in chosen:
        if items and estimate_seconds(flow_items(items)) >= MINIMUM_TARGET_SECONDS:
            return items
        items.append(_gentle(exercise))
    # Few gentle exercises in the library: a second set of each, in turn, fills the 5 minutes.
    for position, item in enumerate(items):
        if estimate_seconds(flow_items(items)) >= MINIMUM_TARGET_SECONDS:
            break
        items[position] = replace(item, sets=2)
    return items


def easier_item(slug: str | None) -> FlowItem | None:
    """The easier variant of an exercise at its beginner dose, or None when there is none."""
    exercise = Exercise.get_or_none(Exercise.slug == slug) if slug else None
    if exercise is None:
        return None
    item = SessionItem(
        exercise, exercise.sets, exercise.reps, exercise.hold_seconds, exercise.minutes
    )
    return flow_items([item])[0]


# The flare-up session: a short walk and a few of the gentlest mobility exercises. In a flare-up
# "keep moving gently: short walks, gentle mobility, change position often; relative rest, not
# bed rest" (clinical reference, Flare-ups: NHS; Pain Toolkit). Five minutes is the floor of any
# walk in backtui (plan.dose) and the length of the minimum session.
FLARE_UP_WALK_SLUG = "walking"
FLARE_UP_WALK_MINUTES = 5
FLARE_UP_MOBILITY_COUNT = 3


def flare_up_items() -> list[SessionItem]:
    """The session offered in a flare-up's first days: walking, then easy mobility."""
    items: list[SessionItem] = []
    walk = Exercise.get_or_none(Exercise.slug == FLARE_UP_WALK_SLUG)
    if walk is not None:
        items.append(SessionItem(walk, 1, minutes=FLARE_UP_WALK_MINUTES))
    gentle = [replace(item, sets=1) for item in minimum_items()]
    return items + gentle[:FLARE_UP_MOBILITY_COUNT]
