"""History's reads that stop early give what a read of the whole record gives.

Progress reads an exercise's sets back from the newest until it has the weeks it draws, and the
Story section reads the record forward from the start, a chunk of weeks at a time, until each
milestone is found. These tests hold both to the answers of reading everything.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtui.db.models import CheckIn, Exercise, PegEntry, Session, SetLog
from backtui.history import aggregates, exercise_progress, past, story, therapies
from backtui.instants import at_local
from backtui.plan.weekly import set_weekly_target

START = date(2025, 1, 6)  # a Monday
# Each example starts over in the test's one database.
ON_ONE_DATABASE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOW = at_local(date(2026, 11, 25), time(12))


def _session(day: date) -> Session:
    start = at_local(day, time(18))
    return Session.create(
        started_at=start, ended_at=start + timedelta(minutes=20), status="completed"
    )


def _set(exercise: Exercise, session: Session, day: date, number: int, **dose) -> None:
    SetLog.create(
        session=session,
        exercise=exercise,
        set_number=number,
        completed_at=at_local(day, time(18, number)),
        **dose,
    )


def test_the_dose_series_keeps_the_latest_weeks_that_have_sets(database):
    plank = Exercise.create(slug="plank", name="Plank", kind="core", dose_type="hold", reps=1)
    # Weeks 0, 1, 3 and 5 have sets (2 and 4 are missed); week 5 has two sessions.
    for week, seconds in ((0, 20), (1, 25), (3, 30), (5, 40)):
        day = START + timedelta(days=7 * week)
        session = _session(day)
        _set(plank, session, day, 1, hold_seconds=seconds - 5)
        _set(plank, session, day, 2, hold_seconds=seconds)
    later = START + timedelta(days=7 * 5 + 2)
    _set(plank, _session(later), later, 1, hold_seconds=35)

    unit, latest = exercise_progress.dose_series(plank.id, weeks=3)
    assert unit == "hold seconds"
    assert [(p.week, p.value, p.sessions) for p in latest] == [
        (START + timedelta(days=7), 25.0, 1),
        (START + timedelta(days=21), 30.0, 1),
        (START + timedelta(days=35), 40.0, 2),
    ]
    _, every = exercise_progress.dose_series(plank.id)
    assert every[-3:] == latest and len(every) == 4
    assert exercise_progress.dose_series(plank.id, weeks=10) == (unit, every)


def test_the_unit_and_value_come_from_the_weeks_shown(database):
    walk = Exercise.create(slug="walk", name="Walk", kind="cardio", dose_type="minutes", reps=1)
    old, new = START, START + timedelta(days=14)
    _set(walk, _session(old), old, 1, reps=12)  # logged as reps long ago
    _set(walk, _session(new), new, 1, duration_seconds=15 * 60)
    assert exercise_progress.dose_series(walk.id, weeks=1) == (
        "minutes",
        [exercise_progress.DosePoint(new, 15.0, 1)],
    )
    assert exercise_progress.dose_series(walk.id)[0] == "minutes"  # as before: any minutes


def _reference_target_milestones(now) -> dict[str, date]:
    """The target milestones found from every week of the record at once."""
    weeks = {w: n for w, n in aggregates.weekly_sessions().items() if w <= now.date()}
    target = aggregates.weekly_target()
    runs = aggregates.streak_runs(weeks, target)
    found = {}
    if runs:
        found["first_week_on_target"] = min(runs[0][0] + timedelta(days=6), now.date())
    long_runs = [start for start, length in runs if length >= aggregates.STREAK_MILESTONE_WEEKS]
    if long_runs:
        reached = long_runs[0] + timedelta(days=7 * aggregates.STREAK_MILESTONE_WEEKS - 1)
        found["first_4_week_streak"] = min(reached, now.date())
    return found


@ON_ONE_DATABASE
@given(
    sessions_per_week=st.lists(st.integers(0, 4), min_size=1, max_size=30),
    target=st.integers(1, 4),
    chunk_weeks=st.integers(1, 5),
    now_week=st.integers(0, 32),
)
def test_target_milestones_read_in_chunks_match_a_read_of_everything(
    database, monkeypatch, sessions_per_week, target, chunk_weeks, now_week
):
    Session.delete().execute()
    monkeypatch.setattr(story, "CHUNK_WEEKS", chunk_weeks)  # runs cross the chunks' edges
    set_weekly_target(target)
    for week, count in enumerate(sessions_per_week):
        for day in range(count):
            _session(START + timedelta(days=7 * week + day))
    now = at_local(START + timedelta(days=7 * now_week + 3), time(12))
    found = {
        m.key: m.day
        for m in story.milestones(now)
        if m.key in ("first_week_on_target", "first_4_week_streak")
    }
    assert found == _reference_target_milestones(now)


def test_the_pain_milestone_is_found_past_the_first_chunks(database, monkeypatch):
    monkeypatch.setattr(story, "CHUNK_WEEKS", 2)
    for week in range(12):  # 6 at the start, 5 for a while, then 3 from week 9
        day = START + timedelta(days=7 * week)
        CheckIn.create(at=at_local(day, time(8)), moment="standalone", pain=6 if week < 2 else 5)
        if week >= 9:
            CheckIn.create(at=at_local(day, time(9)), moment="standalone", pain=1)
    found = {m.key: m for m in story.milestones(NOW)}
    # Week 9 averages 3.0: 3 points under the starting 6 (Farrar 2001).
    assert found["pain_down"].day == START + timedelta(days=7 * 9 + 6)


# --- figures about the past, kept between reads (history/past.py) ---------------------------------


def _fresh_best_streak() -> int:
    runs = aggregates.streak_runs(aggregates.weekly_sessions(), aggregates.weekly_target())
    return max((length for _, length in runs), default=0)


def test_a_kept_past_is_read_again_when_a_past_week_changes(database):
    set_weekly_target(1)
    for week in (0, 1, 2, 4):
        _session(START + timedelta(days=7 * week))
    today = START + timedelta(days=7 * 60)
    assert aggregates.consistency(today).best_streak == 3
    _session(START + timedelta(days=7 * 3))  # an old week filled in (an import, say)
    assert aggregates.consistency(today).best_streak == 5 == _fresh_best_streak()


def test_the_recent_weeks_are_read_afresh_with_the_past_kept(database):
    set_weekly_target(1)
    today = START + timedelta(days=7 * 10 + 2)
    for week in range(8):  # weeks 0-7: before last week, so kept
        _session(START + timedelta(days=7 * week))
    assert aggregates.consistency(today).best_streak == 8
    _session(START + timedelta(days=7 * 9))  # last week: recent
    assert aggregates.consistency(today).streak == 1
    _session(START + timedelta(days=7 * 8))  # the week before it: kept, and changed
    result = aggregates.consistency(today)
    assert (result.streak, result.best_streak) == (10, 10) == (10, _fresh_best_streak())


def test_sessions_per_exercise_count_the_past_and_the_recent_once_each(database):
    bridge = Exercise.create(slug="bridge", name="Glute bridge", kind="core", dose_type="reps")
    bird = Exercise.create(slug="bird", name="Bird dog", kind="core", dose_type="reps")
    today = START + timedelta(days=7 * 10)
    days = [START + timedelta(days=7 * week) for week in (0, 1, 2, 9, 10)]
    for day in days:
        session = _session(day)
        _set(bridge, session, day, 1, reps=8)
        _set(bridge, session, day, 2, reps=8)
    _set(bird, Session.get(Session.id == 1), days[0], 1, reps=6)
    counts = exercise_progress.sessions_per_exercise(today)
    assert counts == {bridge.id: 5, bird.id: 1}
    _set(bird, Session.get(Session.id == 2), days[1], 1, reps=6)  # a past session changed
    assert exercise_progress.sessions_per_exercise(today) == {bridge.id: 5, bird.id: 2}
    later = START + timedelta(days=7 * 10 + 1)
    _set(bird, _session(later), later, 1, reps=6)
    assert exercise_progress.sessions_per_exercise(today) == {bridge.id: 5, bird.id: 3}


def test_the_kept_therapy_comparison_matches_a_fresh_one(database):
    from backtui.db.models import TherapyEntry

    today = START + timedelta(days=7 * 20)
    for offset in range(0, 7 * 20, 2):
        day = START + timedelta(days=offset)
        CheckIn.create(at=at_local(day, time(8)), moment="standalone", pain=offset % 7)
        if offset % 6 == 0:
            TherapyEntry.create(day=day, kind="massage", note="")
    assert therapies.compare_pain(today=today) == therapies.compare_pain()
    old = START + timedelta(days=1)  # a past day gets its first pain score
    CheckIn.create(at=at_local(old, time(8)), moment="standalone", pain=9)
    TherapyEntry.create(day=old, kind="heat_ice", note="")
    assert therapies.compare_pain(today=today) == therapies.compare_pain()
    assert [c.kind for c in therapies.compare_pain(today=today)] == ["massage", "heat_ice"]


@ON_ONE_DATABASE
@given(
    sessions_per_week=st.lists(st.integers(0, 3), min_size=1, max_size=20),
    target=st.integers(1, 3),
    today_week=st.integers(0, 24),
    added_week=st.integers(0, 24),
)
def test_kept_weeks_and_runs_match_a_read_of_everything(
    database, sessions_per_week, target, today_week, added_week
):
    Session.delete().execute()
    past.forget()  # backtui never deletes a session: each example starts a new record
    set_weekly_target(target)
    for week, count in enumerate(sessions_per_week):
        for day in range(count):
            _session(START + timedelta(days=7 * week + day))
    today = START + timedelta(days=7 * today_week + 4)
    for _ in range(2):  # read, then read again after a session is added in a past or recent week
        result = aggregates.consistency(today)
        fresh = aggregates.weekly_sessions()
        assert result.best_streak == max(
            (length for _, length in aggregates.streak_runs(fresh, target)), default=0
        )
        assert result.streak == aggregates.current_streak(fresh, target, today)
        assert [week.days for week in result.recent] == [
            fresh.get(week.start, 0) for week in result.recent
        ]
        _session(START + timedelta(days=7 * added_week + 5))


def test_the_all_time_chart_keeps_past_months_and_matches_a_fresh_read(database):
    today = date(2026, 11, 25)
    first = date(2022, 1, 3)  # almost five years: the chart counts by month

    def fresh(series):
        def month(value, table, col, where=""):
            return aggregates.bucketed(value, table, col, "month", series.start, series.end, where)

        weeks = aggregates.bucketed(
            "avg(score)", "pegentry", "at", "week", series.start, series.end
        )
        return (
            month("avg(pain)", "checkin", "at"),
            month("count(*)", "session", "started_at", aggregates._DONE),
            weeks,
        )

    for offset in range(0, (today - first).days, 9):
        day = first + timedelta(days=offset)
        CheckIn.create(at=at_local(day, time(8)), moment="standalone", pain=offset % 9)
        _session(day)
        if offset % 27 == 0:
            PegEntry.create(at=at_local(day, time(9)), pain=5, enjoyment=4, activity=3, score=4.0)
    series = aggregates.pain_series("all", today)
    assert series.bucket == "month"
    assert (series.pain, series.sessions, series.peg) == fresh(series)
    may = date(2023, 5, 1)
    before = (dict(series.pain)[may], dict(series.sessions)[may])
    CheckIn.create(at=at_local(date(2023, 5, 2), time(8)), moment="standalone", pain=10)
    _session(date(2023, 5, 3))  # the past changed: read again
    PegEntry.create(
        at=at_local(date(2023, 5, 4), time(9)), pain=9, enjoyment=9, activity=9, score=9.0
    )
    CheckIn.create(at=at_local(today, time(7)), moment="standalone", pain=0)  # and today
    series = aggregates.pain_series("all", today)
    assert (series.pain, series.sessions, series.peg) == fresh(series)
    assert dict(series.pain)[may] > before[0] and dict(series.sessions)[may] == before[1] + 1
