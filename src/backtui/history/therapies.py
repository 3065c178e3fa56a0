"""Other therapies the person uses (physio, massage, heat, medication...) and pain on those days.

The comparison is a plain association: days with a therapy may differ from other days for many
reasons (a bad day is often when someone books a massage), so it is never shown as a cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from backtui.db.models import THERAPY_KINDS, TherapyEntry, db
from backtui.history.past import PAST_CHECKINS, kept, past_end
from backtui.plan.weekly import week_start_day
from backtui.text import TextError, clean_text

THERAPY_LABELS = {
    "physiotherapy": "Physiotherapy",
    "chiropractic": "Chiropractic care",
    "massage": "Massage",
    "heat_ice": "Heat or ice",
    "medication": "Medication",
    "diet": "Diet change",
    "other": "Other",
}
NOTE_MAX = 500
MIN_DAYS_EACH_SIDE = 3
EARLIEST_DAY = date(1970, 1, 1)
ASSOCIATION_NOTE = (
    "This shows how pain went together with each therapy, not whether it helped: "
    "days with a therapy can differ in other ways."
)


class TherapyError(ValueError):
    """A therapy entry that cannot be saved; the message says what to fix."""


def validate_entry(day: object, kind: object, note: object, today: date) -> tuple[date, str, str]:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TherapyError("The day must be a date, such as 2026-11-25.")
    if day > today:
        raise TherapyError(
            "The day is in the future; log a therapy on or after the day it happens."
        )
    if day < EARLIEST_DAY:
        raise TherapyError("The day is too far in the past.")
    if kind not in THERAPY_KINDS:
        names = ", ".join(THERAPY_LABELS[k].lower() for k in THERAPY_KINDS)
        raise TherapyError(f"Choose a kind of therapy: {names}.")
    try:
        cleaned = clean_text(note, what="The note", max_length=NOTE_MAX)
    except TextError as error:
        raise TherapyError(str(error)) from error
    return day, kind, cleaned


def parse_day(text: str) -> date:
    """Read a day typed as YYYY-MM-DD, with a plain message when it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise TherapyError(f"{text.strip()!r} is not a date; write it as YYYY-MM-DD.") from error


def add_therapy(day: object, kind: object, note: object = "", *, today: date) -> TherapyEntry:
    day, kind, note = validate_entry(day, kind, note, today)
    with db.atomic():
        return TherapyEntry.create(day=day, kind=kind, note=note)


def edit_therapy(
    entry_id: int, day: object, kind: object, note: object = "", *, today: date
) -> TherapyEntry:
    day, kind, note = validate_entry(day, kind, note, today)
    with db.atomic():
        entry = TherapyEntry.get_or_none(TherapyEntry.id == entry_id)
        if entry is None:
            raise TherapyError("That therapy entry no longer exists.")
        entry.day, entry.kind, entry.note = day, kind, note
        entry.save()
        return entry


def delete_therapy(entry_id: int) -> bool:
    with db.atomic():
        return TherapyEntry.delete().where(TherapyEntry.id == entry_id).execute() > 0


def list_therapies(offset: int = 0, limit: int = 50) -> tuple[list[TherapyEntry], int]:
    """Therapy entries newest first, one page, and how many there are."""
    query = TherapyEntry.select().order_by(TherapyEntry.day.desc(), TherapyEntry.id.desc())
    return list(query.limit(limit).offset(max(0, offset))), TherapyEntry.select().count()


@dataclass(frozen=True)
class Comparison:
    kind: str
    with_days: int
    with_mean: float | None
    without_days: int
    without_mean: float | None

    @property
    def label(self) -> str:
        return THERAPY_LABELS.get(self.kind, self.kind)

    @property
    def enough(self) -> bool:
        """Only compare once each side has at least 3 days with a pain score."""
        return self.with_days >= MIN_DAYS_EACH_SIDE and self.without_days >= MIN_DAYS_EACH_SIDE

    @property
    def difference(self) -> float | None:
        if not self.enough:
            return None
        return self.with_mean - self.without_mean


# Each day's mean pain, and the days each therapy was logged: per kind, the days with both are
# summed in Python, and the days without are the rest (no day is visited once per kind).
_DAILY_PAIN = "SELECT substr(at, 1, 10), avg(pain) FROM checkin WHERE at >= ? AND at < ? GROUP BY 1"
_THERAPY_DAYS = "SELECT DISTINCT kind, day FROM therapyentry WHERE day >= ? AND day < ?"


def _daily_pain(start: date, end: date) -> dict[str, float]:
    rows = db.execute_sql(_DAILY_PAIN, (start.isoformat(), end.isoformat())).fetchall()
    return dict(rows)


def _daily_pain_kept(start: date, end: date, today: date) -> dict[str, float]:
    """``_daily_pain``, with the days before last week kept between reads (history/past.py)."""
    split = min(max(past_end(today, week_start_day()), start), end)
    past = kept(
        f"daily pain from {start}",
        PAST_CHECKINS,
        (split.isoformat(),),
        lambda: _daily_pain(start, split),
    )
    return {**past, **_daily_pain(split, end)}


def compare_pain(
    since: date | None = None, until: date | None = None, *, today: date | None = None
) -> list[Comparison]:
    """Mean daily pain on days with and without each logged therapy, one row per kind.

    A day counts only when it has a pain score; the mean is the day's mean check-in pain. With
    ``today`` (History's view of the whole record), the past days' means are kept between reads.
    """
    start = since or EARLIEST_DAY
    end = date.fromordinal((until or date(9999, 12, 30)).toordinal() + 1)
    daily = _daily_pain_kept(start, end, today) if today else _daily_pain(start, end)
    if not daily:
        return []  # no pain scores in the period: nothing to compare
    days_by_kind: dict[str, set[str]] = {}
    for kind, day in db.execute_sql(_THERAPY_DAYS, (start.isoformat(), end.isoformat())):
        days_by_kind.setdefault(kind, set()).add(str(day))  # PostgreSQL gives a date
    all_days, all_sum = len(daily), sum(daily.values())
    result = []
    for kind in sorted(
        days_by_kind, key=lambda k: THERAPY_KINDS.index(k) if k in THERAPY_KINDS else 99
    ):
        pains = [daily[day] for day in days_by_kind[kind] if day in daily]
        with_days, with_sum = len(pains), sum(pains)
        without_days = all_days - with_days
        result.append(
            Comparison(
                kind,
                with_days,
                with_sum / with_days if with_days else None,
                without_days,
                (all_sum - with_sum) / without_days if without_days else None,
            )
        )
    return result


def describe(comparison: Comparison) -> str:
    """One plain sentence about a comparison, or why there is none yet."""
    if not comparison.enough:
        return (
            f"{comparison.label}: not enough days yet to compare (needs {MIN_DAYS_EACH_SIDE} "
            f"days with it and {MIN_DAYS_EACH_SIDE} without, each with a pain score)."
        )
    diff = comparison.difference
    if abs(diff) < 0.5:
        trend = "about the same as"
    elif diff < 0:
        trend = f"{abs(diff):.1f} lower than"
    else:
        trend = f"{diff:.1f} higher than"
    return (
        f"{comparison.label}: pain averaged {comparison.with_mean:.1f} on {comparison.with_days:,} "
        f"days with it, {trend} on {comparison.without_days:,} days without "
        f"({comparison.without_mean:.1f})."
    )
