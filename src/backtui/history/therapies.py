"""Other therapies the person uses (physio, massage, heat, medication...) and pain on those days.

The comparison is a plain association: days with a therapy may differ from other days for many
reasons (a bad day is often when someone books a massage), so it is never shown as a cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from backtui.db.models import THERAPY_KINDS, TherapyEntry, db
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


# Per kind, the days with both that therapy and a pain score (found by a seek on therapyentry_day
# for each day with a pain score), and the totals over all such days: the days without a therapy
# are the difference, so no day is visited once per kind.
_COMPARE_SQL = """
WITH daily AS (
    SELECT substr(at, 1, 10) AS d, avg(pain) AS p FROM checkin
    WHERE at >= :start AND at < :end GROUP BY d
), took AS (
    SELECT DISTINCT t.kind, daily.d, daily.p FROM daily JOIN therapyentry t ON t.day = daily.d
), sums AS (SELECT kind, count(*) AS n, sum(p) AS s FROM took GROUP BY kind)
SELECT k.kind, coalesce(sums.n, 0), sums.s,
       (SELECT count(*) FROM daily), (SELECT total(p) FROM daily)
FROM (SELECT DISTINCT kind FROM therapyentry WHERE day >= :start AND day < :end) AS k
LEFT JOIN sums ON sums.kind = k.kind
"""


def compare_pain(since: date | None = None, until: date | None = None) -> list[Comparison]:
    """Mean daily pain on days with and without each logged therapy, one row per kind.

    A day counts only when it has a pain score; the mean is the day's mean check-in pain.
    """
    start = (since or EARLIEST_DAY).isoformat()
    end = (until or date(9999, 12, 30)).toordinal() + 1
    end_text = date.fromordinal(end).isoformat()
    result = []
    rows = db.execute_sql(_COMPARE_SQL, {"start": start, "end": end_text}).fetchall()
    for kind, with_days, with_sum, all_days, all_sum in sorted(
        rows, key=lambda r: THERAPY_KINDS.index(r[0]) if r[0] in THERAPY_KINDS else 99
    ):
        if not all_days:
            break  # no pain scores in the period: nothing to compare
        without_days = all_days - with_days
        result.append(
            Comparison(
                kind,
                with_days,
                with_sum / with_days if with_days else None,
                without_days,
                (all_sum - (with_sum or 0.0)) / without_days if without_days else None,
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
        f"{comparison.label}: pain averaged {comparison.with_mean:.1f} on {comparison.with_days} "
        f"days with it, {trend} on {comparison.without_days} days without "
        f"({comparison.without_mean:.1f})."
    )
