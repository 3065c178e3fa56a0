"""One exercise for its detail page, and the library for the add-exercise list.

Kept apart from the Plan's snapshot (plan/snapshot.py): these are read when a pop-up opens, so
start-up does not build their records.
"""

from __future__ import annotations

from dataclasses import dataclass

from backtui.db.models import Exercise, PlanItem
from backtui.plan import weekly
from backtui.plan.library import builtin_spec
from backtui.plan.snapshot import KIND_LABELS
from backtui.plan.tempo import DEFAULT_TEMPO

# --- one exercise, for its detail page ----------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """An easier or harder version of an exercise, with its dose."""

    name: str
    dose: str


@dataclass(frozen=True)
class ExerciseDetail:
    """One exercise as its detail screen shows it: dose, cues, mistakes and variants."""

    name: str
    kind: str
    summary: str
    dose: str  # the person's current dose
    beginner: str  # the starting dose
    weekdays: tuple[int, ...]
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    easier: Variant | None
    harder: Variant | None
    easier_note: str
    harder_note: str
    source: str
    builtin: bool
    tempo: str = ""  # the pace in words, as the session's rep pacer follows it
    slug: str = ""  # a library exercise's slug (its figure); "" for a person's own exercise


def exercise_detail(item_id: int) -> ExerciseDetail | None:
    item = PlanItem.select(PlanItem, Exercise).join(Exercise).where(PlanItem.id == item_id).first()
    if item is None:
        return None
    exercise = item.exercise
    spec = builtin_spec(exercise.slug) if exercise.builtin else None
    return ExerciseDetail(
        name=exercise.name,
        kind=KIND_LABELS.get(exercise.kind, exercise.kind),
        summary=exercise.summary,
        dose=weekly.dose_label(item),
        beginner=weekly.dose_label(exercise),
        weekdays=tuple(item.weekday_list()) if item.active else (),
        cues=tuple(exercise.cues or ()),
        mistakes=tuple(exercise.mistakes or ()),
        easier=_variant(exercise.easier),
        harder=_variant(exercise.harder),
        easier_note=spec.easier_note if spec else "",
        harder_note=spec.harder_note if spec else "",
        source=exercise.source,
        builtin=bool(exercise.builtin),
        tempo=(spec.tempo if spec else DEFAULT_TEMPO).describe(),
        slug=exercise.slug if spec else "",
    )


def _variant(slug: str | None) -> Variant | None:
    row = Exercise.get_or_none(Exercise.slug == slug) if slug else None
    return Variant(row.name, weekly.dose_label(row)) if row else None


# --- the library, for the add picker -----------------------------------------------------------


@dataclass(frozen=True)
class LibraryEntry:
    """One exercise of the library, as the add-exercise list shows it."""

    slug: str
    name: str
    kind: str
    dose: str
    summary: str
    planned: bool
    builtin: bool


def library_entries() -> list[LibraryEntry]:
    planned = {
        row.exercise_id
        for row in PlanItem.select(PlanItem.exercise).where(PlanItem.active == True)  # noqa: E712
    }
    order = {kind: index for index, kind in enumerate(KIND_LABELS)}
    rows = sorted(Exercise.select(), key=lambda e: (order.get(e.kind, 9), e.name.lower()))
    return [
        LibraryEntry(
            e.slug,
            e.name,
            e.kind,
            weekly.dose_label(e),
            e.summary,
            e.id in planned,
            bool(e.builtin),
        )
        for e in rows
    ]
