"""The built-in exercise library: loaded from a TOML file in the package, validated, and kept in
sync with the Exercise table. People can add their own exercises beside it.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from backtui.db.models import DOSE_TYPES, KINDS, Exercise, db
from backtui.db.settings import get_setting, set_setting
from backtui.errors import BacktuiError
from backtui.plan.dose import (
    FLOOR_HOLD_SECONDS,
    MAX_HOLD_SECONDS,
    MAX_MINUTES,
    MAX_REPS,
    MAX_SETS,
    Dose,
    check_dose,
)
from backtui.plan.ladder import Limits
from backtui.plan.tempo import Tempo, parse_tempo
from backtui.text import clean_text

LIBRARY_PATH = Path(__file__).parent.parent / "data" / "exercises.toml"
# Bump when the way rows are written changes, so an unchanged file is still re-synced once.
SYNC_FORMAT = 1
HASH_SETTING = "library_hash"
USER_SLUG_PREFIX = "user_"
TEXT_MAX = 200  # characters in one form cue or mistake of a person's own exercise
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# Ceilings used when an entry gives none (and for people's own exercises).
DEFAULT_LIMITS = {
    "reps": {"max_sets": 3, "max_reps": 12},
    # ACSM: stretches are held 10-30 s, 2-4 times.
    "hold": {"max_sets": 3, "max_reps": 4, "max_hold_seconds": 30},
    # WalkBack builds walking to about 30 minutes a session.
    "minutes": {"max_sets": 1, "max_minutes": 30},
}


def limits_for(dose_type: str, max_sets=0, max_reps=0, max_hold_seconds=0, max_minutes=0) -> Limits:
    """Ceilings for an exercise: the given ones, else the defaults for its dose type."""
    given = {
        "max_sets": max_sets,
        "max_reps": max_reps,
        "max_hold_seconds": max_hold_seconds,
        "max_minutes": max_minutes,
    }
    return Limits(**(DEFAULT_LIMITS[dose_type] | {k: v for k, v in given.items() if v}))


class LibraryError(BacktuiError):
    """The library file has a bad entry; the message names the entry and the field."""


class ExerciseSpec(NamedTuple):
    """One exercise of the library file: its dose, cues, mistakes and variants."""

    slug: str
    name: str
    kind: str
    dose_type: str
    per_side: bool
    sets: int
    reps: int | None
    hold_seconds: int | None
    minutes: int | None
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    summary: str
    source: str
    tempo: Tempo  # the pace of one rep (or of a cardio bout), stated by every entry
    easier: str | None = None
    harder: str | None = None
    easier_note: str = ""
    harder_note: str = ""
    max_sets: int = 0
    max_reps: int = 0
    max_hold_seconds: int = 0
    max_minutes: int = 0

    def beginner_dose(self) -> Dose:
        return Dose(
            self.dose_type, self.sets, self.reps, self.hold_seconds, self.minutes, self.per_side
        )

    def limits(self) -> Limits:
        """Its progression ceilings (fields a dose type does not use keep Limits' defaults)."""
        return limits_for(
            self.dose_type, self.max_sets, self.max_reps, self.max_hold_seconds, self.max_minutes
        )

    def row_values(self) -> dict:
        """The Exercise columns this entry sets."""
        return {
            "name": self.name,
            "kind": self.kind,
            "dose_type": self.dose_type,
            "per_side": self.per_side,
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "minutes": self.minutes,
            "cues": list(self.cues),
            "mistakes": list(self.mistakes),
            "easier": self.easier,
            "harder": self.harder,
            "summary": self.summary,
            "source": self.source,
            "builtin": True,
        }


_REQUIRED = {
    "slug": str,
    "name": str,
    "kind": str,
    "dose_type": str,
    "per_side": bool,
    "sets": int,
    "cues": list,
    "mistakes": list,
    "summary": str,
    "source": str,
    "tempo": dict,
}
_OPTIONAL = {
    "reps": int,
    "hold_seconds": int,
    "minutes": int,
    "easier": str,
    "harder": str,
    "easier_note": str,
    "harder_note": str,
    "max_sets": int,
    "max_reps": int,
    "max_hold_seconds": int,
    "max_minutes": int,
}
# Which count fields each dose type needs (the others must be absent).
_DOSE_FIELDS = {"reps": {"reps"}, "hold": {"reps", "hold_seconds"}, "minutes": {"minutes"}}
_BOUNDS = {
    "sets": MAX_SETS,
    "reps": MAX_REPS,
    "hold_seconds": MAX_HOLD_SECONDS,
    "minutes": MAX_MINUTES,
    "max_sets": MAX_SETS,
    "max_reps": MAX_REPS,
    "max_hold_seconds": MAX_HOLD_SECONDS,
    "max_minutes": MAX_MINUTES,
}
_TYPE_WORDS = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    list: "a list",
    dict: "a table",
}


def _fail(where: str, key: str, problem: str) -> LibraryError:
    return LibraryError(f"exercise library: entry {where}, field '{key}': {problem}")


def _check_entry(raw: dict, where: str) -> ExerciseSpec:
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise _fail(where, unknown[0], "unknown field (a typo?)")
    values: dict = {}
    for key, kind in (_REQUIRED | _OPTIONAL).items():
        if key not in raw:
            if key in _REQUIRED:
                raise _fail(where, key, "missing")
            continue
        value = raw[key]
        # bool is a subclass of int in Python: a count written as `true` is still wrong.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _fail(where, key, f"must be {_TYPE_WORDS[kind]}, not {value!r}")
        if kind is str and key not in ("easier", "harder", "easier_note", "harder_note"):
            if not value.strip():
                raise _fail(where, key, "must not be empty")
        if kind is int and not 1 <= value <= _BOUNDS[key]:
            raise _fail(where, key, f"must be from 1 to {_BOUNDS[key]}, not {value}")
        values[key] = value
    slug = values["slug"]
    if not SLUG_RE.match(slug) or slug.startswith(USER_SLUG_PREFIX):
        raise _fail(where, "slug", "use lower-case letters, digits and _ (not starting 'user_')")
    if values["kind"] not in KINDS:
        raise _fail(where, "kind", f"must be one of {', '.join(KINDS)}")
    dose_type = values["dose_type"]
    if dose_type not in DOSE_TYPES:
        raise _fail(where, "dose_type", f"must be one of {', '.join(DOSE_TYPES)}")
    for key in ("reps", "hold_seconds", "minutes"):
        needed = key in _DOSE_FIELDS[dose_type]
        if needed and key not in values:
            raise _fail(where, key, f"missing: a '{dose_type}' exercise needs it")
        if not needed and key in values:
            raise _fail(where, key, f"not used by a '{dose_type}' exercise: remove it")
    if dose_type == "hold" and values["hold_seconds"] < FLOOR_HOLD_SECONDS:
        raise _fail(where, "hold_seconds", f"must be at least {FLOOR_HOLD_SECONDS}")
    try:
        values["tempo"] = parse_tempo(values["tempo"], dose_type)
    except ValueError as error:
        raise _fail(where, "tempo", str(error)) from error
    for key, low, high in (("cues", 2, 4), ("mistakes", 1, 2)):
        items = values[key]
        if not low <= len(items) <= high:
            raise _fail(where, key, f"needs {low} to {high} entries, found {len(items)}")
        if not all(isinstance(item, str) and item.strip() for item in items):
            raise _fail(where, key, "every entry must be non-empty text")
        values[key] = tuple(items)
    for key in ("easier", "harder", "reps", "hold_seconds", "minutes"):
        values[key] = values.get(key) or None
    for key, value in DEFAULT_LIMITS[dose_type].items():
        values.setdefault(key, value)
    for cap, base in (
        ("max_sets", "sets"),
        ("max_reps", "reps"),
        ("max_hold_seconds", "hold_seconds"),
        ("max_minutes", "minutes"),
    ):
        if values.get(base) and values[cap] < values[base]:
            raise _fail(where, cap, f"is below the starting {base} ({values[base]})")
    return ExerciseSpec(**values)


def load_library(path: Path | None = None) -> list[ExerciseSpec]:
    """Read and validate the library file; LibraryError names the first bad entry and field."""
    path = Path(path) if path is not None else LIBRARY_PATH
    import tomllib  # lazy: see LAZY_IMPORTS in tests/unit/test_code_shape.py

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise LibraryError(f"exercise library {path} cannot be read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise LibraryError(f"exercise library {path} is not valid TOML: {error}") from error
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise LibraryError(f"exercise library {path} has no [[exercise]] entries")
    specs: list[ExerciseSpec] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(entries, start=1):
        if not isinstance(raw, dict):
            raise LibraryError(f"exercise library: entry #{index} is not an [[exercise]] table")
        slug = raw.get("slug")
        where = f"'{slug}' (#{index})" if isinstance(slug, str) and slug else f"#{index}"
        spec = _check_entry(raw, where)
        if spec.slug in seen:
            raise _fail(where, "slug", f"repeats entry #{seen[spec.slug]}")
        seen[spec.slug] = index
        specs.append(spec)
    for index, spec in enumerate(specs, start=1):
        for key in ("easier", "harder"):
            target = getattr(spec, key)
            if target is not None and (target not in seen or target == spec.slug):
                raise _fail(
                    f"'{spec.slug}' (#{index})",
                    key,
                    f"'{target}' is not another exercise in the library",
                )
    return specs


@lru_cache(maxsize=1)
def _builtin_specs() -> dict[str, ExerciseSpec]:
    return {spec.slug: spec for spec in load_library()}


def builtin_spec(slug: str) -> ExerciseSpec | None:
    """The shipped entry for a slug (cues, notes, ceilings), or None for people's own exercises."""
    return _builtin_specs().get(slug)


def sync_library(path: Path | None = None) -> bool:
    """Bring built-in Exercise rows in line with the library file; True when rows were written.

    Runs at every start-up, so an unchanged file costs one checksum and one Setting read. Rows
    people made themselves (builtin=False) are never touched. The checksum only notices a new
    release's file, so CRC-32 is enough; a cryptographic hash loaded OpenSSL at every start
    (0.6 MiB).
    """
    path = Path(path) if path is not None else LIBRARY_PATH
    digest = f"crc32:{zlib.crc32(path.read_bytes() + f'/{SYNC_FORMAT}'.encode()):08x}"
    if get_setting(HASH_SETTING) == digest:
        return False
    specs = load_library(path)
    with db.atomic():
        existing = {row.slug: row for row in Exercise.select()}
        for spec in specs:
            row = existing.get(spec.slug)
            if row is None:
                Exercise.create(slug=spec.slug, **spec.row_values())
            elif row.builtin:
                Exercise.update(**spec.row_values()).where(Exercise.id == row.id).execute()
        set_setting(HASH_SETTING, digest)
    return True


def _slugify(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return USER_SLUG_PREFIX + (words[:40] or "exercise")


def _cues_and_mistakes(cues, mistakes) -> tuple[list[str], list[str]]:
    """Cleaned one-line cues and mistakes, blanks left out."""
    cues = [
        clean_text(c or "", what="A form cue", max_length=TEXT_MAX, multiline=False).strip()
        for c in cues
    ]
    mistakes = [
        clean_text(m or "", what="A mistake", max_length=TEXT_MAX, multiline=False).strip()
        for m in mistakes
    ]
    return [c for c in cues if c], [m for m in mistakes if m]


def _free_slug(name: str) -> str:
    """A slug made from the name that no exercise has yet: "my_stretch", then "my_stretch_2"."""
    base = slug = _slugify(name)
    number = 2
    while Exercise.select().where(Exercise.slug == slug).exists():
        slug, number = f"{base}_{number}", number + 1
    return slug


def add_user_exercise(
    name: str,
    kind: str,
    dose_type: str,
    *,
    sets: int = 1,
    reps: int | None = None,
    hold_seconds: int | None = None,
    minutes: int | None = None,
    per_side: bool = False,
    cues: list[str] | tuple[str, ...] = (),
    mistakes: list[str] | tuple[str, ...] = (),
    summary: str = "",
    easier: str | None = None,
    harder: str | None = None,
) -> Exercise:
    """Create a person's own exercise (builtin=False). ValueError says what to fix."""
    # Names and cues are shown in the terminal later: no control characters or escape codes.
    name = clean_text(name or "", what="The name", max_length=60, multiline=False)
    cues, mistakes = _cues_and_mistakes(cues, mistakes)
    summary = clean_text(summary or "", what="The summary", max_length=2000)
    if not name:
        raise ValueError("Give the exercise a name.")
    if kind not in KINDS:
        raise ValueError(f"Choose a kind: {', '.join(KINDS)}.")
    dose = check_dose(
        dose_type, sets, reps, hold_seconds, minutes, per_side=bool(per_side), name=name
    )
    if len(cues) > 4 or len(mistakes) > 2:
        raise ValueError("Add at most 4 form cues and 2 common mistakes.")
    with db.atomic():
        if Exercise.select().where(Exercise.name == name).exists():
            raise ValueError(f"There is already an exercise called {name!r}.")
        for label, slug in (("easier", easier), ("harder", harder)):
            if slug and not Exercise.select().where(Exercise.slug == slug).exists():
                raise ValueError(f"The {label} variant {slug!r} is not in the library.")
        return Exercise.create(
            slug=_free_slug(name),
            name=name,
            kind=kind,
            dose_type=dose.dose_type,
            per_side=dose.per_side,
            sets=dose.sets,
            reps=dose.reps,
            hold_seconds=dose.hold_seconds,
            minutes=dose.minutes,
            cues=cues,
            mistakes=mistakes,
            easier=easier or None,
            harder=harder or None,
            summary=summary.strip(),
            source="added by you",
            builtin=False,
        )
