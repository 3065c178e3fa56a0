"""History's aggregates on small, fixed records."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from fixed_time import at

from backtui.db.models import (
    CheckIn,
    Exercise,
    PegEntry,
    ProgressionDecision,
    Session,
    SetLog,
    SkipLog,
    TherapyEntry,
)
from backtui.db.settings import set_setting
from backtui.history import aggregates, exercise_progress, log, story, therapies
from backtui.instants import at_local
from backtui.plan.weekly import set_weekly_target

TODAY = date(2026, 11, 25)  # a Wednesday, as in conftest's FIXED_NOW


@pytest.fixture
def database(any_database):
    """Every History test that reads a record runs on SQLite and on PostgreSQL."""
    return any_database


def _exercise(slug="bridge", name="Glute bridge", dose_type="reps") -> Exercise:
    return Exercise.create(slug=slug, name=name, kind="core", dose_type=dose_type, reps=8)


def _session(day: date, status="completed", at=time(18), note="") -> Session:
    start = at_local(day, at)
    return Session.create(
        started_at=start, ended_at=start + timedelta(minutes=20), status=status, note=note
    )


def _pain(day: date, pain: int, moment="standalone", at=time(8)) -> CheckIn:
    return CheckIn.create(at=at_local(day, at), moment=moment, pain=pain)


# --- weekly target, adherence and streaks ---------------------------------------------------------


def test_weekly_target_follows_the_plan_setting(database):
    assert aggregates.weekly_target() == 3
    set_weekly_target(5)
    assert aggregates.weekly_target() == 5


def test_week_start_is_monday_across_a_year_boundary():
    assert aggregates.week_start(date(2027, 1, 1)) == date(2026, 12, 28)  # a Friday
    assert aggregates.week_start(date(2026, 12, 28)) == date(2026, 12, 28)
    assert aggregates.week_start(date(2027, 1, 1), start_day=6) == date(2026, 12, 27)  # Sunday


def test_weekly_sessions_count_only_done_sessions(database):
    monday = date(2026, 11, 16)
    _session(monday)
    _session(monday, at=time(20))  # a second session the same day counts too, as on Plan
    _session(monday + timedelta(days=2))
    _session(monday + timedelta(days=3), status="interrupted")
    _session(monday + timedelta(days=4), status="ended_early")
    _session(monday + timedelta(days=5), status="in_progress")
    assert aggregates.weekly_sessions() == {monday: 4}


def test_weeks_follow_the_chosen_start_day(database):
    set_setting("week_start", "sunday")
    _session(date(2026, 11, 22))  # a Sunday: first day of its week
    _session(date(2026, 11, 21))  # the Saturday before: the previous week
    assert aggregates.weekly_sessions() == {date(2026, 11, 22): 1, date(2026, 11, 15): 1}


def test_streak_spans_a_year_boundary_and_ignores_rest_days(database):
    # The default target: 3 sessions a week.
    # Four weeks around new year, each with 3 practice days and rest days between them.
    for monday in (date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28), date(2027, 1, 4)):
        for offset in (0, 2, 4):
            _session(monday + timedelta(days=offset))
    weeks = aggregates.weekly_sessions()
    today = date(2027, 1, 12)  # Tuesday of the next week: nothing yet, the streak holds
    assert aggregates.current_streak(weeks, 3, today) == 4
    # Once that week meets the target it adds one.
    for offset in (0, 1):
        _session(date(2027, 1, 11) + timedelta(days=offset))
    _session(date(2027, 1, 14))
    assert aggregates.current_streak(aggregates.weekly_sessions(), 3, date(2027, 1, 14)) == 5


def test_streak_breaks_on_a_past_week_under_target():
    weeks = {date(2026, 11, 2): 3, date(2026, 11, 9): 2, date(2026, 11, 16): 3}
    assert aggregates.current_streak(weeks, 3, TODAY) == 1
    assert aggregates.streak_runs(weeks, 3) == [(date(2026, 11, 2), 1), (date(2026, 11, 16), 1)]


def test_streak_is_zero_when_last_full_week_missed():
    weeks = {date(2026, 11, 9): 3}
    assert aggregates.current_streak(weeks, 3, TODAY) == 0


def test_consistency_reports_this_week_and_best_streak(database):
    set_weekly_target(2)
    for monday in (date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9)):
        _session(monday)
        _session(monday + timedelta(days=2))
    _session(date(2026, 11, 23))
    result = aggregates.consistency(TODAY, weeks_shown=6)
    assert result.target == 2
    assert result.this_week == 1
    assert result.streak == 0  # the week of 16 November had nothing
    assert result.best_streak == 3
    assert [w.met for w in result.recent] == [False, True, True, True, False, False]
    assert result.recent_met == 3


@pytest.mark.parametrize(
    ("today", "this_week", "last_week", "last_session", "expect"),
    [
        (date(2026, 11, 29), 1, 3, date(2026, 11, 28), "quieter"),  # Sunday, 2 still needed
        (date(2026, 11, 25), 0, 1, date(2026, 11, 20), "Last week"),
        (date(2026, 11, 25), 3, 0, date(2026, 11, 24), None),
        (date(2026, 11, 24), 0, 1, date(2026, 11, 20), None),  # Tuesday: early in the week
        (date(2026, 11, 25), 0, 3, date(2026, 11, 1), "24 days"),
    ],
)
def test_off_track_message_is_gentle_and_only_when_behind(
    today, this_week, last_week, last_session, expect
):
    message = aggregates.off_track_message(today, 3, this_week, last_week, last_session)
    if expect is None:
        assert message is None
    else:
        assert expect in message
        assert "fail" not in message.lower()


# --- pain series ----------------------------------------------------------------------------------


def test_rolling_average_uses_days_with_data_and_leaves_long_gaps_empty():
    values = {date(2026, 11, 1): 6.0, date(2026, 11, 3): 4.0, date(2026, 11, 20): 2.0}
    series = dict(aggregates.rolling_average(values, date(2026, 11, 1), date(2026, 11, 20)))
    assert series[date(2026, 11, 1)] == 6.0
    assert series[date(2026, 11, 3)] == 5.0  # 6 and 4; the missing 2nd adds nothing
    assert series[date(2026, 11, 7)] == 5.0  # the window still holds the 1st and 3rd
    assert series[date(2026, 11, 8)] == 4.0  # the 1st has left the window
    assert series[date(2026, 11, 10)] is None  # a gap of more than 7 days: no invented line
    assert series[date(2026, 11, 20)] == 2.0


def test_pain_series_four_weeks_daily_with_average_peg_sessions_therapies(database):
    _pain(date(2026, 10, 25), 8)  # before the range: feeds only the first averages
    _pain(TODAY - timedelta(days=27), 6)
    _pain(TODAY - timedelta(days=27), 4, moment="after", at=time(19))
    _pain(TODAY, 2)
    PegEntry.create(at=at(2026, 11, 22, 20), pain=5, enjoyment=4, activity=3, score=4.0)
    _session(TODAY - timedelta(days=1))
    _session(TODAY - timedelta(days=1), status="in_progress", at=time(20))
    TherapyEntry.create(day=TODAY - timedelta(days=3), kind="massage")
    series = aggregates.pain_series("4w", TODAY)
    assert series.bucket == "day"
    assert series.start == TODAY - timedelta(days=27)
    assert series.pain == [(TODAY - timedelta(days=27), 5.0), (TODAY, 2.0)]
    averages = dict(series.average)
    assert len(series.average) == 28
    assert averages[TODAY - timedelta(days=27)] == pytest.approx((8 + 5) / 2)
    assert averages[TODAY - timedelta(days=10)] is None
    assert series.peg == [(date(2026, 11, 16), 4.0)]
    assert series.sessions == [(TODAY - timedelta(days=1), 1)]
    assert series.therapies == [(TODAY - timedelta(days=3), 1)]


def test_long_ranges_use_coarser_buckets(database):
    _pain(date(2016, 3, 1), 7)
    _pain(date(2016, 3, 20), 5)
    _pain(TODAY, 3)
    year = aggregates.pain_series("1y", TODAY)
    assert year.bucket == "week"
    assert year.average == []
    assert year.pain == [(date(2026, 11, 23), 3.0)]
    everything = aggregates.pain_series("all", TODAY)
    assert everything.bucket == "month"
    assert everything.start == date(2016, 3, 1)
    assert everything.pain[0] == (date(2016, 3, 1), 6.0)
    assert len(everything.pain) == 2
    with pytest.raises(ValueError):
        aggregates.pain_series("decade", TODAY)


def test_heatmap_counts_sessions_per_day_in_the_window(database):
    _session(TODAY)
    _session(TODAY, at=time(7))
    _session(date(2025, 1, 1))  # outside 53 weeks
    grid = aggregates.heatmap(TODAY)
    assert grid.first_monday.weekday() == 0
    assert grid.count(TODAY) == 2
    assert grid.count(TODAY - timedelta(days=1)) == 0
    assert grid.count(TODAY + timedelta(days=1)) is None
    assert date(2025, 1, 1) not in grid.counts


# --- sessions, detail, notes, progress ------------------------------------------------------------


def test_sessions_page_newest_first_with_counts(database):
    bridge = _exercise()
    walk = _exercise("walk", "Walking", "minutes")
    sessions = [_session(TODAY - timedelta(days=i)) for i in range(5)]
    newest = sessions[0]
    for n in (1, 2):
        SetLog.create(
            session=newest,
            exercise=bridge,
            set_number=n,
            reps=8,
            completed_at=at_local(TODAY, time(18, n)),
        )
    SetLog.create(
        session=newest,
        exercise=walk,
        set_number=1,
        duration_seconds=900,
        completed_at=at_local(TODAY, time(18, 30)),
    )
    SkipLog.create(
        session=newest, exercise=bridge, reason="pain", at=at_local(TODAY, time(18))
    )
    CheckIn.create(at=at_local(TODAY, time(18)), moment="before", pain=4, session=newest)
    CheckIn.create(at=at_local(TODAY, time(19)), moment="after", pain=3, session=newest)
    page = log.sessions_page(0, 2)
    assert [row.id for row in page.rows] == [sessions[0].id, sessions[1].id]
    first = page.rows[0]
    assert (first.sets, first.exercises, first.skips) == (3, 2, 1)
    assert (first.pain_before, first.pain_after) == (4, 3)
    assert first.minutes == 20
    assert page.total == 5 and page.has_older and not page.has_newer
    last = log.sessions_page(4, 2)
    assert [row.id for row in last.rows] == [sessions[4].id]
    assert not last.has_older and last.has_newer
    assert last.rows[0].sets == 0


def test_session_detail_lists_sets_skips_checkins_and_decisions(database):
    bridge = _exercise()
    session = _session(TODAY, note="Felt good")
    SetLog.create(
        session=session,
        exercise=bridge,
        set_number=1,
        reps=10,
        hold_seconds=3,
        completed_at=at_local(TODAY, time(18, 5)),
    )
    SkipLog.create(
        session=session,
        exercise=bridge,
        reason="too_hard",
        note="wobbly",
        at=at_local(TODAY, time(18, 6)),
    )
    CheckIn.create(
        at=at_local(TODAY, time(18)),
        moment="before",
        pain=3,
        session=session,
        locations=["low_back"],
    )
    ProgressionDecision.create(
        at=at_local(TODAY, time(19)),
        session=session,
        exercise=bridge,
        action="progress",
        reason="Pain stayed low.",
        status="accepted",
    )
    detail = log.session_detail(session.id)
    assert detail.note == "Felt good"
    assert detail.sets[0].dose == "10 × 3 s hold"
    assert detail.sets[0].exercise == "Glute bridge"
    assert (detail.skips[0].reason, detail.skips[0].note) == ("too hard", "wobbly")
    assert detail.checkins[0].locations == ["low_back"]
    assert detail.decisions[0].reason == "Pain stayed low."
    assert log.session_detail(9999) is None


def test_notes_page_merges_checkin_and_session_notes_newest_first(database):
    _session(TODAY - timedelta(days=2), note="Tired legs")
    _session(TODAY - timedelta(days=1))
    CheckIn.create(at=at_local(TODAY, time(8)), moment="standalone", pain=2, note="Better")
    CheckIn.create(at=at_local(TODAY, time(9)), moment="standalone", pain=2)
    notes, total = log.notes_page(0, 10)
    assert total == 2
    assert [(n.source, n.text) for n in notes] == [
        ("check-in", "Better"),
        ("session", "Tired legs"),
    ]


def test_exercise_progress_and_weekly_dose_series(database):
    bridge = _exercise()
    for week, reps in enumerate((8, 9, 11)):
        day = date(2026, 11, 2) + timedelta(days=7 * week)
        session = _session(day)
        for n, extra in enumerate((0, -1)):
            SetLog.create(
                session=session,
                exercise=bridge,
                set_number=n + 1,
                reps=reps + extra,
                completed_at=at_local(day, time(18, n)),
            )
    ProgressionDecision.create(
        at=at(2026, 11, 9, 19),
        exercise=bridge,
        action="progress",
        reason="Easy and settled by morning.",
        status="accepted",
    )
    ProgressionDecision.create(
        at=at(2026, 11, 12, 19),
        exercise=bridge,
        action="step_back",
        reason="Pain rose the next morning.",
        status="accepted",
    )
    [progress] = exercise_progress.exercise_progress(TODAY)
    assert (progress.first_dose, progress.last_dose) == ("8 reps", "10 reps")
    assert progress.sessions == 3 and progress.changes == 2
    unit, points = exercise_progress.dose_series(bridge.id)
    assert unit == "reps"
    assert [(p.week, p.value) for p in points] == [
        (date(2026, 11, 2), 8.0),
        (date(2026, 11, 9), 9.0),
        (date(2026, 11, 16), 11.0),
    ]
    decisions = exercise_progress.exercise_decisions(bridge.id)
    assert [d.action for d in decisions] == ["step_back", "progress"]


# --- your story -----------------------------------------------------------------------------------


def test_milestones_sessions_weeks_streak_and_pain(database):
    # The default target: 3 sessions a week.
    start = date(2026, 6, 1)  # a Monday
    # Pain starts at 6, then is 3 from the fifth week on: a meaningful change (Farrar 2001).
    for week in range(8):
        monday = start + timedelta(days=7 * week)
        days = (0, 2, 4) if week >= 2 else (0,)
        for offset in days:
            _session(monday + timedelta(days=offset))
        _pain(monday, 6 if week < 4 else 3)
    now = at_local(date(2026, 8, 1), time(9))
    found = {m.key: m for m in story.milestones(now)}
    assert found["first_session"].day == start
    assert found["sessions_10"].day == start + timedelta(days=7 * 4 + 2)  # 1+1+3+3, then 2 more
    assert "sessions_50" not in found
    assert found["first_week_on_target"].day == start + timedelta(days=7 * 2 + 6)
    assert found["first_4_week_streak"].day == start + timedelta(days=7 * 6 - 1)
    assert found["pain_down"].day == start + timedelta(days=7 * 4 + 6)
    assert "6.0" in found["pain_down"].detail


def test_no_pain_milestone_for_a_small_change(database):
    for week in range(6):
        _pain(date(2026, 6, 1) + timedelta(days=7 * week), 6 if week < 2 else 5)
    keys = [m.key for m in story.milestones(at(2026, 8, 1, 9))]
    assert "pain_down" not in keys
    assert keys == []


# --- therapies ------------------------------------------------------------------------------------


def test_therapy_add_edit_delete_with_validation(database):
    entry = therapies.add_therapy(TODAY, "massage", "  Upper back \r\n", today=TODAY)
    assert entry.note == "Upper back"
    edited = therapies.edit_therapy(entry.id, TODAY - timedelta(days=1), "heat_ice", today=TODAY)
    assert (edited.day, edited.kind) == (TODAY - timedelta(days=1), "heat_ice")
    with pytest.raises(therapies.TherapyError, match="future"):
        therapies.add_therapy(TODAY + timedelta(days=1), "massage", today=TODAY)
    with pytest.raises(therapies.TherapyError, match="kind"):
        therapies.add_therapy(TODAY, "acupuncture", today=TODAY)
    with pytest.raises(therapies.TherapyError, match="escape"):
        therapies.add_therapy(TODAY, "other", "bad \x1b[31m", today=TODAY)
    with pytest.raises(therapies.TherapyError, match="date"):
        therapies.add_therapy(at(2026, 1, 1), "other", today=TODAY)
    with pytest.raises(therapies.TherapyError, match="YYYY-MM-DD"):
        therapies.parse_day("yesterday")
    assert therapies.delete_therapy(entry.id) is True
    assert therapies.delete_therapy(entry.id) is False
    with pytest.raises(therapies.TherapyError, match="no longer"):
        therapies.edit_therapy(entry.id, TODAY, "other", today=TODAY)


def test_with_without_comparison_needs_three_days_each_side(database):
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(6)]
    for day, pain in zip(days, (3, 3, 3, 6, 6, 5), strict=True):
        _pain(day, pain)
    for day in days[:3]:
        TherapyEntry.create(day=day, kind="massage")
    for day in days[:2]:
        TherapyEntry.create(day=day, kind="heat_ice")
    TherapyEntry.create(day=date(2026, 10, 1), kind="heat_ice")  # no pain that day: not counted
    result = {c.kind: c for c in therapies.compare_pain()}
    massage = result["massage"]
    assert (massage.with_days, massage.without_days) == (3, 3)
    assert massage.enough
    assert massage.difference == pytest.approx(3 - 17 / 3)
    assert "lower than" in therapies.describe(massage)
    heat = result["heat_ice"]
    assert (heat.with_days, heat.without_days) == (2, 4)
    assert not heat.enough and heat.difference is None
    assert "not enough days" in therapies.describe(heat)
    assert "not whether it helped" in therapies.ASSOCIATION_NOTE
    # Only kinds logged within the period are compared.
    assert [c.kind for c in therapies.compare_pain(since=date(2026, 11, 3))] == ["massage"]


def test_a_comparison_over_years_writes_its_day_counts_with_separators():
    comparison = therapies.Comparison(
        kind="physio",
        with_days=50,
        with_mean=2.7,
        without_days=3335,
        without_mean=2.7,
    )
    assert "on 3,335 days without" in therapies.describe(comparison)
