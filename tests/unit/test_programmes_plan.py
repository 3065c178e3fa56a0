"""Starting programmes and the weekly plan: first run, switching, queries and edits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fixed_time import at

from backtui.db.models import Exercise, PlanItem, ProgressionDecision, Session
from backtui.db.settings import get_setting, set_setting
from backtui.plan import programmes, weekly
from backtui.plan.library import builtin_spec, sync_library
from backtui.plan.programmes import (
    PROGRAMMES,
    ProgrammeError,
    ensure_default_plan,
    install_programme,
)
from backtui.plan.weekly import PlanError

MONDAY = at(2026, 11, 23, 9, 0)
WEDNESDAY = MONDAY + timedelta(days=2)


@pytest.fixture
def lib_db(database):
    sync_library()
    return database


@pytest.fixture
def gentle(lib_db):
    ensure_default_plan(MONDAY)
    return weekly.all_items()


def test_every_programme_uses_library_exercises_and_has_a_sensible_target():
    for programme in PROGRAMMES.values():
        assert 1 <= programme.weekly_target <= 7 and programme.description
        for item in programme.items:
            assert builtin_spec(item.slug) is not None, item.slug
            assert item.weekdays and all(0 <= d <= 6 for d in item.weekdays)
    walk = PROGRAMMES["walk_back"]
    walking_days = [item.weekdays for item in walk.items if item.slug == "walking"]
    assert walking_days == [(0, 1, 3, 4, 5)] and walk.weekly_target == 5


def test_first_run_installs_gentle_start_once(lib_db, monkeypatch):
    assert ensure_default_plan(MONDAY) is True
    week = weekly.week_plan()
    assert [day for day, items in week.items() if items] == [0, 2, 4]
    assert 10 <= weekly.estimate_minutes(week[0]) <= 15
    kinds = [item.exercise.kind for item in week[0]]
    assert "cardio" not in kinds and "mobility" in kinds and "core" in kinds
    assert get_setting("programme") == "gentle_start"
    assert get_setting("weekly_target") == 3
    assert get_setting("programme_started_at") == MONDAY.isoformat()

    def must_not_install(*args, **kwargs):
        raise AssertionError("a second start-up must not reinstall the plan")

    monkeypatch.setattr(programmes, "install_programme", must_not_install)
    assert ensure_default_plan(MONDAY + timedelta(days=1)) is False
    assert len(weekly.all_items()) == len(week[0])


def test_a_hand_built_plan_is_kept_on_first_run(lib_db):
    weekly.add_item("walking", [1], MONDAY)
    assert ensure_default_plan(MONDAY) is False
    assert [item.exercise.slug for item in weekly.all_items()] == ["walking"]
    assert get_setting("programme") == "custom"


def test_install_replaces_the_plan_at_beginner_doses(gentle):
    old_ids = {item.id for item in gentle}
    weekly.set_dose(gentle[0].id, reps=14)
    waiting = ProgressionDecision.create(
        at=MONDAY, plan_item=gentle[0].id, exercise=gentle[0].exercise, action="progress",
        from_dose={}, to_dose={}, reason="r", status="pending",
    )  # fmt: skip
    later = MONDAY + timedelta(days=20)
    created = install_programme("walk_back", later)
    assert {item.exercise.slug for item in created} == {"cat_cow", "walking", "knee_rolls"}
    for item in weekly.all_items():
        assert item.id not in old_ids
        assert weekly.dose_of(item) == weekly.dose_of(item.exercise)
    still_active = PlanItem.select().where(PlanItem.id.in_(old_ids), PlanItem.active == True)  # noqa: E712
    assert not still_active.exists()
    assert ProgressionDecision.get_by_id(waiting.id).status == "info"
    assert get_setting("programme") == "walk_back" and get_setting("weekly_target") == 5
    assert get_setting("programme_started_at") == later.isoformat()
    with pytest.raises(ProgrammeError, match="choose one of"):
        install_programme("marathon", later)


def test_day_queries(gentle):
    assert [i.id for i in weekly.todays_items(MONDAY)] == [i.id for i in weekly.items_for_day(0)]
    assert weekly.items_for_day(1) == []
    day, items = weekly.next_planned_day(WEDNESDAY)
    assert day == date(2026, 11, 27) and items
    assert weekly.next_planned_day(WEDNESDAY, include_today=True)[0] == WEDNESDAY.date()
    sunday = MONDAY + timedelta(days=6)
    assert weekly.next_planned_day(sunday)[0] == date(2026, 11, 30)


def test_next_planned_day_is_none_for_an_empty_plan(lib_db):
    assert weekly.next_planned_day(MONDAY) is None


def test_dose_labels_and_time_estimates(lib_db):
    def ex(slug):
        return Exercise.get(Exercise.slug == slug)

    assert weekly.dose_label(ex("glute_bridge")) == "2 × 8 reps"
    assert weekly.dose_label(ex("dead_bug")) == "2 × 8 per side"
    assert weekly.dose_label(ex("side_plank_knees")) == "2 × 20 s hold per side"
    assert weekly.dose_label(ex("knee_to_chest")) == "1 × 3 × 10 s hold per side"
    assert weekly.dose_label(ex("walking")) == "10 min"
    # 2×8 reps at ~4 s, one 30 s rest, 15 s set-up: 109 s -> 2 min. Walking: 600 + 15 s -> 11 min.
    assert weekly.estimate_minutes([ex("glute_bridge")]) == 2
    assert weekly.estimate_minutes([ex("walking")]) == 11
    assert weekly.estimate_minutes([]) == 0


def test_weekly_target(lib_db):
    assert weekly.weekly_target() == 3
    assert weekly.set_weekly_target(5) == 5 and weekly.weekly_target() == 5
    for bad in (0, 8, "3", True):
        with pytest.raises(PlanError, match="from 1 to 7"):
            weekly.set_weekly_target(bad)
    assert weekly.weekly_target() == 5


def test_sessions_done_this_week_counts_finished_sessions_in_the_week(lib_db):
    for day, status in [
        (-1, "completed"),  # last Sunday: the week before
        (0, "completed"),
        (1, "ended_early"),
        (2, "interrupted"),
        (3, "in_progress"),
        (6, "completed"),
    ]:
        Session.create(started_at=MONDAY + timedelta(days=day), status=status)
    assert weekly.sessions_done_this_week(WEDNESDAY) == 3
    set_setting("week_start", "sunday")  # the week now runs Sunday 22 to Saturday 28
    assert weekly.sessions_done_this_week(WEDNESDAY) == 3
    set_setting("week_start", 1)  # Tuesday 24 to Monday 30
    assert weekly.sessions_done_this_week(WEDNESDAY) == 2


def test_add_item_at_the_end_at_beginner_dose(gentle):
    item = weekly.add_item("walking", [5, 6, 5], MONDAY)
    assert item.weekday_list() == [5, 6]
    assert item.position > max(i.position for i in gentle)
    assert (item.sets, item.minutes) == (1, 10)
    assert weekly.week_plan()[6] == [item]
    with pytest.raises(PlanError, match="already in your plan"):
        weekly.add_item("walking", [1], MONDAY)
    with pytest.raises(PlanError, match="no exercise 'nope'"):
        weekly.add_item("nope", [1], MONDAY)
    for days in ([], [7], [True], ["1"]):
        with pytest.raises(PlanError, match="at least one day"):
            weekly.add_item("swimming", days, MONDAY)


def test_remove_item_takes_it_out_but_keeps_the_row(gentle):
    weekly.remove_item(gentle[0].id)
    assert gentle[0].id not in {i.id for i in weekly.all_items()}
    assert PlanItem.get_by_id(gentle[0].id).active is False
    with pytest.raises(PlanError, match="no longer in your plan"):
        weekly.remove_item(gentle[0].id)


def test_move_item_reorders(gentle):
    ids = [i.id for i in gentle]
    assert weekly.move_item(ids[2], -1) is True
    assert [i.id for i in weekly.all_items()][:3] == [ids[0], ids[2], ids[1]]
    assert weekly.move_item(ids[0], -1) is False
    assert weekly.move_item(ids[-1], +5) is False
    assert weekly.move_item(ids[0], +2) is True
    assert [i.id for i in weekly.all_items()][:3] == [ids[2], ids[1], ids[0]]


def test_move_item_within_a_day_skips_items_on_other_days(gentle):
    walk = weekly.add_item("walking", [0, 1], MONDAY)
    first_monday = weekly.items_for_day(0)[0]
    assert weekly.move_item(walk.id, -1, weekday=1) is False  # alone on Tuesday
    assert weekly.move_item(walk.id, -1, weekday=0) is True
    monday = [i.id for i in weekly.items_for_day(0)]
    assert monday.index(walk.id) == len(monday) - 2 and monday[0] == first_monday.id


def test_set_dose_changes_only_the_plan_item(gentle):
    bridge = next(i for i in gentle if i.exercise.slug == "glute_bridge")
    updated = weekly.set_dose(bridge.id, sets=3, reps=12)
    assert weekly.dose_label(updated) == "3 × 12 reps"
    assert Exercise.get(Exercise.slug == "glute_bridge").reps == 8  # built-in untouched
    hold = next(i for i in gentle if i.exercise.slug == "knee_to_chest")
    assert weekly.set_dose(hold.id, hold_seconds=20).hold_seconds == 20


@pytest.mark.parametrize(
    ("slug", "changes", "words"),
    [
        ("glute_bridge", {"sets": 0}, "Sets must be from 1 to 10; 0 is out of range"),
        ("glute_bridge", {"reps": 500}, "Reps must be from 1 to 100"),
        ("glute_bridge", {"minutes": 10}, "counted in reps; it has no minutes"),
        ("glute_bridge", {"hold_seconds": 10}, "it has no hold seconds"),
        ("knee_to_chest", {"hold_seconds": 900}, "Hold time must be from 1 to 300 seconds"),
        ("cat_cow", {"reps": 2.5}, "whole number"),
    ],
)
def test_set_dose_refuses_nonsense_in_plain_words(gentle, slug, changes, words):
    item = next(i for i in gentle if i.exercise.slug == slug)
    before = weekly.dose_of(item)
    with pytest.raises(PlanError, match=words):
        weekly.set_dose(item.id, **changes)
    assert weekly.dose_of(PlanItem.get_by_id(item.id)) == before


def test_set_weekdays_moves_an_item_to_other_days(gentle):
    item = gentle[0]
    weekly.set_weekdays(item.id, [1, 3])
    week = weekly.week_plan()
    assert item.id in [i.id for i in week[1]] and item.id not in [i.id for i in week[0]]
    with pytest.raises(PlanError):
        weekly.set_weekdays(item.id, [])


# --- the first session is today -----------------------------------------------------------------


def _planned_days(items) -> set[int]:
    return {day for item in items for day in item.weekdays}


def _gaps(days: set[int]) -> list[int]:
    """The gaps between planned days around the week, starting from the first day."""
    ordered = sorted(days)
    return sorted((ordered[(i + 1) % len(ordered)] - day) % 7 or 7 for i, day in enumerate(ordered))


@pytest.mark.parametrize("slug", list(PROGRAMMES))
@pytest.mark.parametrize("weekday", range(7))
def test_shifted_programme_includes_the_day_and_keeps_its_spacing(slug, weekday):
    items = PROGRAMMES[slug].items
    shifted = programmes.shift_to_include(items, weekday)
    assert weekday in _planned_days(shifted)
    assert _gaps(_planned_days(shifted)) == _gaps(_planned_days(items))
    moved_by = [
        k for k in range(7)
        if all(
            new.weekdays == tuple(sorted((day + k) % 7 for day in old.weekdays))
            for old, new in zip(items, shifted, strict=True)
        )
    ]
    assert moved_by, "every item moves by the same number of days"
    if weekday in _planned_days(items):
        assert shifted == items  # a programme that already trains today is left as it is


def test_shifting_moves_the_days_later_by_the_fewest_days():
    mwf = PROGRAMMES["gentle_start"].items
    assert _planned_days(programmes.shift_to_include(mwf, 2)) == {0, 2, 4}
    assert _planned_days(programmes.shift_to_include(mwf, 1)) == {1, 3, 5}
    assert _planned_days(programmes.shift_to_include(mwf, 6)) == {2, 4, 6}


@pytest.mark.parametrize("offset", range(7))
def test_first_run_and_a_later_choice_plan_today(lib_db, offset):
    now = MONDAY + timedelta(days=offset)
    ensure_default_plan(now)
    assert weekly.todays_items(now), f"nothing planned on weekday {now.weekday()}"
    later = now + timedelta(days=3)
    install_programme("core_mobility", later)
    assert weekly.todays_items(later)
    assert weekly.weekly_target() == 3


def test_the_demo_keeps_the_programme_days(lib_db):
    install_programme("gentle_start", MONDAY + timedelta(days=1), start_today=False)
    assert [day for day, items in weekly.week_plan().items() if items] == [0, 2, 4]
