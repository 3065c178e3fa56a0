"""History's numbers: pain over time, PEG, consistency against the weekly target, the heatmap.

Every aggregate runs in SQL (GROUP BY over indexed date columns), so ten years of record cost
about what one month does: Python only sees one row per day, week or month.
Weeks start on the person's chosen day (Monday unless set otherwise) and are keyed by their first
day's date, so they cross year boundaries cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from backtui.db.models import db
from backtui.history.past import PAST_CHECKINS, PAST_PEG, PAST_SESSIONS, kept, past_end
from backtui.history.weeks import current_streak, week_sql_for, week_start
from backtui.instants import local_date_sql, local_month_sql
from backtui.plan.weekly import week_start_day
from backtui.plan.weekly import weekly_target as plan_weekly_target

# A session counts towards the week once the person did it: finished, or stopped early on purpose
# (stopping for a warning sign is the right thing to do, not a failure).
DONE_STATUSES = ("completed", "ended_early")

RANGES: dict[str, tuple[str, int | None]] = {
    "4w": ("4 weeks", 28),
    "3m": ("3 months", 91),
    "1y": ("1 year", 365),
    "all": ("All time", None),
}
# Bucket sizes keep a chart at or under ~120 points, readable at 80 columns.
MAX_DAY_POINTS = 120
MAX_WEEK_POINTS = 160
ROLLING_DAYS = 7
STREAK_MILESTONE_WEEKS = 4

_DONE = "status IN ('completed', 'ended_early')"


def week_sql(col: str, start_day: int | None = None) -> str:
    """SQL for the first day of the week holding ``col``, in the person's week by default."""
    return week_sql_for(col, week_start_day() if start_day is None else start_day)


def bucket_sql(bucket: str, col: str) -> str:
    if bucket == "day":
        return local_date_sql(col)
    if bucket == "week":
        return week_sql(col)
    return local_month_sql(col)


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _rows(sql: str, params: tuple = ()) -> list[tuple]:
    return list(db.execute_sql(sql, params).fetchall())


def weekly_target() -> int:
    """Sessions a week the person aims for (the plan owns the setting)."""
    return plan_weekly_target()


# --- Pain, PEG, sessions and therapies over a range ---------------------------------------------


@dataclass(frozen=True)
class PainSeries:
    range_key: str
    start: date
    end: date
    bucket: str  # day | week | month
    pain: list[tuple[date, float]]  # bucket start, mean pain of that bucket's check-ins
    average: list[tuple[date, float | None]]  # 7-day rolling average (day buckets only)
    peg: list[tuple[date, float]]  # weekly mean PEG score
    sessions: list[tuple[date, int]]  # bucket start, sessions done
    therapies: list[tuple[date, int]]  # bucket start, therapy entries

    @property
    def empty(self) -> bool:
        return not (self.pain or self.peg or self.sessions or self.therapies)


def first_record_day() -> date | None:
    # substr(min(col)), not min(substr(col)): a bare min() is one seek on the column's index.
    row = _rows(
        "SELECT min(d) FROM (SELECT substr(min(at), 1, 10) AS d FROM checkin "
        "UNION ALL SELECT substr(min(started_at), 1, 10) FROM session "
        "UNION ALL SELECT substr(min(at), 1, 10) FROM pegentry "
        "UNION ALL SELECT min(day) FROM therapyentry) AS firsts"
    )
    return _d(row[0][0]) if row and row[0][0] else None


def range_bounds(range_key: str, today: date) -> tuple[date, date]:
    if range_key not in RANGES:
        raise ValueError(f"unknown range {range_key!r}; choose one of {', '.join(RANGES)}")
    days = RANGES[range_key][1]
    if days is None:
        first = first_record_day() or today
        return min(first, today), today
    return today - timedelta(days=days - 1), today


def bucket_for(start: date, end: date) -> str:
    span = (end - start).days + 1
    if span <= MAX_DAY_POINTS:
        return "day"
    if span <= MAX_WEEK_POINTS * 7:
        return "week"
    return "month"


def bucketed(
    sql_value: str, table: str, col: str, bucket: str, start: date, end: date, where: str = ""
) -> list[tuple[date, float]]:
    key = bucket_sql(bucket, col)
    extra = f" AND {where}" if where else ""
    rows = _rows(
        f"SELECT {key} AS b, {sql_value} FROM {table} WHERE {col} >= ? AND {col} < ?{extra} "
        "GROUP BY b ORDER BY b",
        (start.isoformat(), (end + timedelta(days=1)).isoformat()),
    )
    return [(_d(b), value) for b, value in rows if b is not None]


def daily_pain(start: date, end: date) -> dict[date, float]:
    """Mean pain of each day's check-ins, for days that have any."""
    return dict(bucketed("avg(pain)", "checkin", "at", "day", start, end))


def rolling_average(
    values: dict[date, float], start: date, end: date, window: int = ROLLING_DAYS
) -> list[tuple[date, float | None]]:
    """For each day, the mean of the days *with data* in the window ending that day.

    Gaps are not filled in: missing days add nothing, and a window with no data at all gives
    None, so a chart shows a break rather than an invented line.
    """
    result: list[tuple[date, float | None]] = []
    day = start
    while day <= end:
        found = [values[d] for d in (day - timedelta(days=i) for i in range(window)) if d in values]
        result.append((day, sum(found) / len(found) if found else None))
        day += timedelta(days=1)
    return result


def _kept_buckets(
    past_rows: str,
    sql_value: str,
    table: str,
    col: str,
    bucket: str,
    span: tuple[date, date, date],
    where: str = "",
) -> list[tuple[date, float]]:
    """``bucketed`` from ``start`` to ``end``, with the buckets before ``split`` (the first day
    of one) kept between reads while ``past_rows`` counts the same (history/past.py)."""
    start, split, end = span
    if not start < split <= end:
        return bucketed(sql_value, table, col, bucket, start, end, where)
    past = kept(
        f"{bucket}s of {table} {sql_value} from {start}",
        past_rows,
        (split.isoformat(),),
        lambda: bucketed(sql_value, table, col, bucket, start, split - timedelta(days=1), where),
    )
    return past + bucketed(sql_value, table, col, bucket, split, end, where)


def pain_series(range_key: str, today: date) -> PainSeries:
    start, end = range_bounds(range_key, today)
    bucket = bucket_for(start, end)
    average: list[tuple[date, float | None]] = []
    if bucket == "month":  # the whole record: its past months and weeks are kept between reads
        last_week = past_end(today, week_start_day())
        months = (start, last_week.replace(day=1), end)
        pain = _kept_buckets(PAST_CHECKINS, "avg(pain)", "checkin", "at", bucket, months)
        sessions = _kept_buckets(
            PAST_SESSIONS, "count(*)", "session", "started_at", bucket, months, _DONE
        )
        peg = _kept_buckets(
            PAST_PEG, "avg(score)", "pegentry", "at", "week", (start, last_week, end)
        )
    else:
        sessions = bucketed("count(*)", "session", "started_at", bucket, start, end, _DONE)
        peg = bucketed("avg(score)", "pegentry", "at", "week", start, end)  # PEG is weekly
    if bucket == "week":
        pain = bucketed("avg(pain)", "checkin", "at", bucket, start, end)
    elif bucket == "day":
        # Six days before the range feed the first points of the rolling average.
        daily = daily_pain(start - timedelta(days=ROLLING_DAYS - 1), end)
        pain = sorted((d, v) for d, v in daily.items() if d >= start)
        average = rolling_average(daily, start, end)
    therapies = bucketed("count(*)", "therapyentry", "day", bucket, start, end)
    return PainSeries(range_key, start, end, bucket, pain, average, peg, sessions, therapies)


# --- Consistency: weeks against the target -------------------------------------------------------


def weekly_sessions(since: date | None = None, until: date | None = None) -> dict[date, int]:
    """First day of each week -> sessions done that week (as the Plan screen counts them), for
    the sessions started from ``since`` and before ``until`` (local days) when given."""
    key = week_sql("started_at")
    where = f"WHERE {_DONE}" + (" AND started_at >= ?" if since else "")
    where += " AND started_at < ?" if until else ""
    params = tuple(day.isoformat() for day in (since, until) if day)
    rows = _rows(
        f"SELECT {key} AS w, count(*) FROM session {where} GROUP BY w ORDER BY w",
        params,
    )
    return {_d(w): n for w, n in rows}


def weeks_and_runs(today: date, target: int) -> tuple[dict[date, int], list[tuple[date, int]]]:
    """``weekly_sessions()`` for the whole record and its ``streak_runs``, with the past weeks'
    counts and runs kept between reads (history/past.py): after thirty years, a millisecond or
    two instead of twenty."""
    start_day = week_start_day()
    end = past_end(today, start_day)

    def read_past() -> tuple[dict[date, int], list[tuple[date, int]]]:
        weeks = weekly_sessions(until=end)
        return weeks, streak_runs(weeks, target)

    past_weeks, past_runs = kept(
        f"weeks from weekday {start_day}, target {target}",
        PAST_SESSIONS,
        (end.isoformat(),),
        read_past,
    )
    recent = weekly_sessions(since=end)
    runs = list(past_runs)
    for start, length in streak_runs(recent, target):
        if runs and runs[-1][0] + timedelta(days=7 * runs[-1][1]) == start:
            runs[-1] = (runs[-1][0], runs[-1][1] + length)  # a run on from the past
        else:
            runs.append((start, length))
    return {**past_weeks, **recent}, runs


def streak_runs(weeks: dict[date, int], target: int) -> list[tuple[date, int]]:
    """Each run of consecutive weeks that met the target: (first Monday, length), oldest first."""
    runs: list[tuple[date, int]] = []
    for week in sorted(w for w, n in weeks.items() if n >= target):
        if runs and runs[-1][0] + timedelta(days=7 * runs[-1][1]) == week:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((week, 1))
    return runs


@dataclass(frozen=True)
class WeekResult:
    start: date
    days: int
    target: int

    @property
    def met(self) -> bool:
        return self.days >= self.target


@dataclass(frozen=True)
class Consistency:
    today: date
    target: int
    this_week: int
    streak: int
    best_streak: int
    recent: list[WeekResult] = field(default_factory=list)  # oldest first, ends with this week
    last_session: date | None = None
    message: str | None = None

    @property
    def recent_met(self) -> int:
        return sum(1 for week in self.recent[:-1] if week.met)


def last_session_day() -> date | None:
    # One index seek.
    row = _rows(f"SELECT substr(max(started_at), 1, 10) FROM session WHERE {_DONE}")
    return _d(row[0][0]) if row and row[0][0] else None


def off_track_message(
    today: date, target: int, this_week: int, last_week: int, last_session: date | None
) -> str | None:
    """A kind nudge when the person has fallen behind, or None when there is nothing to say."""
    if last_session is not None and (today - last_session).days >= 14:
        gap = (today - last_session).days
        return (
            f"It has been {gap} days since your last session. Starting again small is fine: "
            "a short session today counts."
        )
    if this_week >= target:
        return None
    needed = target - this_week
    days_left = 7 - today.weekday()  # today included
    if needed > days_left:
        return (
            "This week is quieter than planned, and that happens. Any session still helps, "
            "and next week is a fresh start."
        )
    if last_week < target and this_week == 0 and today.weekday() >= 2:
        return "Last week was lighter than planned. A short session today is a good way back in."
    return None


def consistency(today: date, *, weeks_shown: int = 12) -> Consistency:
    target = weekly_target()
    start_day = week_start_day()
    this_monday = week_start(today, start_day)
    weeks, runs = weeks_and_runs(today, target)
    recent = [
        WeekResult(monday, weeks.get(monday, 0), target)
        for monday in (this_monday - timedelta(days=7 * i) for i in range(weeks_shown - 1, -1, -1))
    ]
    last = last_session_day()
    this_week = weeks.get(this_monday, 0)
    last_week = weeks.get(this_monday - timedelta(days=7), 0)
    return Consistency(
        today=today,
        target=target,
        this_week=this_week,
        streak=current_streak(weeks, target, today, start_day),
        best_streak=max((length for _, length in runs), default=0),
        recent=recent,
        last_session=last,
        message=off_track_message(today, target, this_week, last_week, last),
    )


# --- Calendar heatmap ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Heatmap:
    first_monday: date  # first day of the first week shown
    weeks: int
    today: date
    counts: dict[date, int]  # day -> sessions done that day

    def count(self, day: date) -> int | None:
        """Sessions on ``day``; None for days after today (not yet lived)."""
        return None if day > self.today else self.counts.get(day, 0)


def heatmap(today: date, weeks: int = 53) -> Heatmap:
    first = week_start(today, week_start_day()) - timedelta(days=7 * (weeks - 1))
    rows = _rows(
        f"SELECT substr(started_at, 1, 10) AS d, count(*) FROM session WHERE {_DONE} "
        "AND started_at >= ? AND started_at < ? GROUP BY d",
        (first.isoformat(), (today + timedelta(days=1)).isoformat()),
    )
    return Heatmap(first, weeks, today, {_d(d): n for d, n in rows})
