"""The Plan screen as a person uses it: the week, edits, an exercise's page, suggestions, the
programme and the first-run welcome. Fixed clock: Wednesday 2026-11-25, 09:00."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from fixed_time import at
from textual.widgets import DataTable, Input, OptionList, Static

from backtui.db.models import (
    CheckIn,
    Exercise,
    PlanItem,
    ProgressionDecision,
    Session,
    SetLog,
    Setting,
)
from backtui.db.settings import get_setting
from backtui.plan import weekly

FIXED_NOW = at(2026, 11, 25, 9, 0, 0)  # as in conftest


async def settle(pilot) -> None:
    """Let every worker finish, and what they post land, until nothing is left running."""
    app = pilot.app
    for _ in range(10):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def table_names(screen) -> list[str]:
    table = screen.query_one("#week-table", DataTable)
    return [str(table.get_row_at(i)[0]).strip(" ▸↑↓") for i in range(table.row_count)]


def row_of(screen, name: str) -> list[str]:
    table = screen.query_one("#week-table", DataTable)
    return [str(cell) for cell in table.get_row_at(table_names(screen).index(name))]


async def highlight(pilot, name: str) -> None:
    table = pilot.app.screen.query_one("#week-table", DataTable)
    table.focus()
    table.move_cursor(row=table_names(pilot.app.screen).index(name))
    await pilot.pause()


def item(slug: str) -> PlanItem | None:
    return next((i for i in weekly.all_items() if i.exercise.slug == slug), None)


async def open_plan(pilot):
    """The Plan drawn from the database, after its first progression evaluation."""
    screen = pilot.app.screen
    for _ in range(100):
        if screen.loads and screen.evaluations:
            break
        await pilot.pause(0.02)
    await settle(pilot)
    return screen


# --- the week --------------------------------------------------------------------------------


async def test_shows_the_week_with_doses_days_and_todays_session(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        assert "Plan" in text(screen, "#plan-status")
        assert "Gentle start" in text(screen, "#plan-status")
        assert "0 of 3 sessions" in text(screen, "#plan-status")
        names = table_names(screen)
        assert names[:3] == ["Pelvic tilt", "Cat-cow", "Knee rolls"] and len(names) == 7
        bridge = row_of(screen, "Glute bridge")
        assert bridge[1] == "2×8"
        assert bridge[2] == "● · ● · ● · ·"  # Monday, Wednesday, Friday
        today = text(screen, "#today")
        assert "Today, Wednesday" in today and "7 exercises" in today and "min" in today
        assert "Wed" in text(screen, "#day-minutes")


async def test_back_on_the_plan_it_redraws_only_a_plan_that_changed(make_test_app, cleared_tables):
    cleared = cleared_tables
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await highlight(pilot, "Cat-cow")
        loads, cleared[:] = screen.loads, []
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert screen.loads > loads  # read again, found the same, and left as drawn
        assert cleared == [] and screen.selected_item().name == "Cat-cow"
        Session.create(
            started_at=FIXED_NOW - timedelta(hours=1), ended_at=FIXED_NOW, status="completed"
        )
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "1 of 3 sessions" in text(screen, "#plan-status")  # a change is drawn
        assert cleared == ["week-table"] and screen.selected_item().name == "Cat-cow"


async def test_wide_layout_lists_todays_session_in_order(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_plan(pilot)
        assert screen.has_class("-wide")
        listed = text(screen, "#today-list")
        assert "Today's session" in listed and "1. Pelvic tilt" in listed


async def test_sessions_done_this_week_count(make_test_app):
    app = make_test_app()
    Session.create(started_at=FIXED_NOW - timedelta(days=2), ended_at=FIXED_NOW, status="completed")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        assert "1 of 3 sessions" in text(screen, "#plan-status")


# --- editing the plan ------------------------------------------------------------------------


async def test_add_an_exercise_from_the_library_on_chosen_days(make_test_app):
    from backtui.tui.plan.forms import DaysForm
    from backtui.tui.plan.pickers import AddExerciseScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, AddExerciseScreen)
        library = picker.query_one("#library", OptionList)
        # Grouped by kind, and what is planned already cannot be picked twice.
        assert library.get_option("kind:core").disabled
        assert library.get_option("glute_bridge").disabled
        library.highlighted = library.get_option_index("dead_bug")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DaysForm)
        await pilot.press("2", "enter")  # Tuesday on top of the usual Mon/Wed/Fri
        await settle(pilot)
        added = item("dead_bug")
        assert added is not None and added.weekday_list() == [0, 1, 2, 4]
        assert "Dead bug" in table_names(app.screen)
        assert row_of(app.screen, "Dead bug")[2] == "● ● ● · ● · ·"


async def test_remove_asks_first(make_test_app):
    from backtui.tui.plan.forms import ConfirmScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await highlight(pilot, "Glute bridge")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Glute bridge" in text(app.screen, "#confirm-question")
        await pilot.press("n")
        await settle(pilot)
        assert item("glute_bridge") is not None
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert item("glute_bridge") is None
        assert "Glute bridge" not in table_names(screen)
        assert PlanItem.select().where(PlanItem.active == False).count() == 1  # noqa: E712


async def test_reorder_with_brackets_and_shift_arrows(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await highlight(pilot, "Knee rolls")  # third
        await pilot.press("right_square_bracket")
        await settle(pilot)
        order = [i.exercise.name for i in weekly.all_items()]
        assert order[2:4] == ["Glute bridge", "Knee rolls"]
        assert table_names(screen)[3] == "Knee rolls"
        assert screen.selected_item().name == "Knee rolls"  # the cursor follows it
        for _ in range(3):
            await pilot.press("shift+up")
        await settle(pilot)
        assert weekly.all_items()[0].exercise.name == "Knee rolls"
        await pilot.press("left_square_bracket")  # already at the top
        await settle(pilot)
        assert weekly.all_items()[0].exercise.name == "Knee rolls"


async def test_change_dose_explains_a_bad_value_then_saves_a_good_one(make_test_app):
    from backtui.tui.plan.forms import DoseForm

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await highlight(pilot, "Glute bridge")
        await pilot.press("d")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DoseForm)
        form.query_one("#dose-sets", Input).value = "0"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DoseForm)
        assert "Sets must be from 1 to 10" in text(form, "#dose-error")
        form.query_one("#dose-sets", Input).value = "two"
        await pilot.press("enter")
        await pilot.pause()
        assert "whole number" in text(form, "#dose-error")
        form.query_one("#dose-sets", Input).value = "3"
        form.query_one("#dose-reps", Input).value = "8"
        await pilot.press("enter")
        await settle(pilot)
        assert weekly.dose_label(item("glute_bridge")) == "3 × 8 reps"
        assert row_of(screen, "Glute bridge")[1] == "3×8"


@pytest.mark.parametrize("answer, saved", [("y", "10 × 50 reps"), ("n", "1 × 10 reps")])
async def test_a_dose_change_bigger_than_a_small_step_asks_first(make_test_app, answer, saved):
    from backtui.tui.plan.forms import ConfirmScreen, DoseForm

    app = make_test_app()
    weekly.set_dose(item("glute_bridge").id, sets=1, reps=10)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        await highlight(pilot, "Glute bridge")
        await pilot.press("d")
        await pilot.pause()
        form = app.screen
        form.query_one("#dose-sets", Input).value = "10"
        form.query_one("#dose-reps", Input).value = "50"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = text(app.screen, "#confirm-question")
        assert "1 × 10 reps to 10 × 50 reps is a big jump" in question
        await pilot.press(answer)
        await settle(pilot)
        assert weekly.dose_label(item("glute_bridge")) == saved
        assert isinstance(app.screen, DoseForm) == (answer == "n")  # n: back to the numbers


async def test_hold_dose_form_has_hold_fields(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        await highlight(pilot, "Child's pose")
        await pilot.press("d")
        await pilot.pause()
        form = app.screen
        form.query_one("#dose-hold_seconds", Input).value = "25"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert item("child_pose").hold_seconds == 25


async def test_move_an_exercise_to_other_days(make_test_app):
    from backtui.tui.plan.forms import DaysForm

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await highlight(pilot, "Glute bridge")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, DaysForm)
        await pilot.press("1", "3", "5", "enter")  # untick every day: refused
        await pilot.pause()
        assert isinstance(app.screen, DaysForm)
        assert "at least one day" in text(app.screen, "#days-error")
        await pilot.press("2", "4", "enter")
        await settle(pilot)
        assert item("glute_bridge").weekday_list() == [1, 3]
        assert row_of(screen, "Glute bridge")[2] == "· ● · ● · · ·"
        assert "Glute bridge" not in [i.name for i in screen.snapshot.today()]


async def test_weekly_target(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await pilot.press("t", "4", "enter")
        await settle(pilot)
        assert weekly.weekly_target() == 4
        assert "0 of 4 sessions" in text(screen, "#plan-status")


async def test_own_exercise_form_validates_then_adds_to_the_plan(make_test_app):
    from backtui.tui.plan.forms import DaysForm
    from backtui.tui.plan.own_exercise import UserExerciseForm

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await pilot.press("u")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, UserExerciseForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Give the exercise a name" in text(form, "#user-error")
        form.query_one("#user-name", Input).value = "Glute bridge"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already an exercise called 'Glute bridge'" in text(form, "#user-error")
        form.query_one("#user-name", Input).value = "Wall slide"
        form.query_one("#user-reps", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs a number of reps" in text(form, "#user-error")
        form.query_one("#user-reps", Input).value = "6"
        form.query_one("#user-cue-1", Input).value = "Keep your back against the wall."
        form.query_one("#user-mistake-1", Input).value = "Shrugging the shoulders."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DaysForm)
        await pilot.press("enter")
        await settle(pilot)
        made = Exercise.get(Exercise.name == "Wall slide")
        assert (made.builtin, made.kind, made.dose_type, made.reps) == (
            False,
            "mobility",
            "reps",
            6,
        )
        assert made.cues == ["Keep your back against the wall."]
        assert made.mistakes == ["Shrugging the shoulders."]
        assert item(made.slug).weekday_list() == [0, 2, 4]
        assert "Wall slide" in table_names(screen)


async def test_own_exercise_can_stay_in_the_library_only(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        await pilot.press("u")
        await pilot.pause()
        form = app.screen
        form.query_one("#user-name", Input).value = "Evening walk"
        form.query_one("#user-dose-type").pick(2)  # minutes
        form.query_one("#user-minutes", Input).value = "15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # no days: library only
        await settle(pilot)
        made = Exercise.get(Exercise.name == "Evening walk")
        assert (made.dose_type, made.minutes, made.reps) == ("minutes", 15, None)
        assert item(made.slug) is None


# --- one exercise ----------------------------------------------------------------------------


async def test_opening_an_exercise_shows_cues_mistakes_and_variants(make_test_app):
    from backtui.plan.library import builtin_spec
    from backtui.tui.plan.detail import ExerciseDetailScreen

    spec = builtin_spec("glute_bridge")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        await highlight(pilot, "Glute bridge")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseDetailScreen)
        shown = text(app.screen, "#exercise-detail")
        assert "Glute bridge" in shown and "2 × 8 reps" in shown
        assert spec.cues[0] in shown and spec.mistakes[0] in shown
        assert "Easier: Pelvic tilt" in shown and "Harder: Single-leg bridge" in shown
        assert "Source:" in shown and "NHS" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExerciseDetailScreen)


# --- progression suggestions -----------------------------------------------------------------


def _done_session(start: datetime) -> None:
    """A completed session of the day's plan with easy pain scores and a calm next morning."""
    session = Session.create(
        started_at=start, ended_at=start + timedelta(minutes=15), status="completed", effort=3
    )
    for planned in weekly.todays_items(start):
        for number in range(1, planned.sets + 1):
            SetLog.create(
                session=session, exercise=planned.exercise, set_number=number, completed_at=start
            )
    for moment in ("before", "during", "after"):
        CheckIn.create(at=start, moment=moment, session=session, pain=2)
    CheckIn.create(at=start.replace(hour=8) + timedelta(days=1), moment="next_morning", pain=2)


@pytest.fixture
def suggested(make_test_app):
    """An app whose plan started a month ago, with two easy sessions last week still to judge:
    the screen's evaluation on mount turns them into suggestions."""
    from backtui.plan.programmes import install_programme

    app = make_test_app()
    install_programme("gentle_start", FIXED_NOW - timedelta(days=30))
    _done_session(at(2026, 11, 16, 18, 0))  # Monday
    _done_session(at(2026, 11, 18, 18, 0))  # Wednesday
    return app


async def test_suggestions_appear_and_accepting_one_changes_the_plan(suggested):
    app = suggested
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        bridge = item("glute_bridge")
        pending = ProgressionDecision.get(
            ProgressionDecision.plan_item == bridge, ProgressionDecision.status == "pending"
        )
        options = screen.query_one("#suggestions", OptionList)
        assert options.option_count == len(screen.snapshot.suggestions) > 1
        assert "Glute bridge 2×8 → 2×10" in str(options.get_option(str(pending.id)).prompt)
        assert "Build up" in str(options.get_option(str(pending.id)).prompt)
        assert "Suggestions (" in text(screen, "#suggestions-title")
        options.highlighted = options.get_option_index(str(pending.id))
        await pilot.press("y")
        await settle(pilot)
        assert ProgressionDecision.get_by_id(pending.id).status == "accepted"
        assert weekly.dose_label(item("glute_bridge")) == "2 × 10 reps"
        assert row_of(screen, "Glute bridge")[1] == "2×10"
        assert str(pending.id) not in [o.id for o in options.options]


async def test_declining_a_suggestion_keeps_the_dose(suggested):
    app = suggested
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        options = screen.query_one("#suggestions", OptionList)
        first = screen.snapshot.suggestions[0]
        before = weekly.dose_label(PlanItem.get_by_id(first.plan_item_id))
        options.highlighted = 0
        await pilot.press("n")
        await settle(pilot)
        assert ProgressionDecision.get_by_id(first.id).status == "declined"
        assert weekly.dose_label(PlanItem.get_by_id(first.plan_item_id)) == before
        assert len(screen.snapshot.suggestions) == options.option_count
        assert first.id not in [row.id for row in screen.snapshot.suggestions]


async def test_answer_keys_are_hidden_without_suggestions(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        assert screen.check_action("answer", (True,)) is False
        assert screen.check_action("why_slowly", ()) is False
        assert "none waiting" in text(screen, "#suggestions-title")


async def test_b_beside_suggestions_explains_why_steps_are_small(suggested):
    app = suggested
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        assert "b why slowly?" in text(screen, "#suggestions-title")
        await pilot.press("b")
        await settle(pilot)
        assert type(app.screen).__name__ == "LearnScreen"
        assert app.screen.page.id == "start-slow"


# --- programmes ------------------------------------------------------------------------------


async def test_switching_programme_asks_first_and_replaces_the_plan(make_test_app):
    from backtui.tui.plan.forms import ConfirmScreen
    from backtui.tui.plan.pickers import ProgrammeScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        for answer in ("n", "y"):
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, ProgrammeScreen)
            programmes = app.screen.query_one("#programmes", OptionList)
            programmes.highlighted = programmes.get_option_index("walk_back")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            assert "replaces the 7 exercises" in text(app.screen, "#confirm-question")
            await pilot.press(answer)
            await settle(pilot)
            if answer == "n":
                assert get_setting("programme") == "gentle_start"
                assert len(table_names(screen)) == 7
        assert get_setting("programme") == "walk_back"
        assert table_names(screen) == ["Cat-cow", "Walking", "Knee rolls"]
        assert "Walk back" in text(screen, "#plan-status")
        assert "0 of 5 sessions" in text(screen, "#plan-status")


# --- the first-run welcome -------------------------------------------------------------------


async def test_welcome_shows_on_first_run_and_s_still_starts_a_session(make_test_app):
    from backtui.tui.session.screen import SessionScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot)
        welcome = screen.query_one("#welcome", Static)
        assert welcome.display and "Welcome to backtui" in str(welcome.render())
        await pilot.press("s")
        await pilot.pause()
        assert any(isinstance(s, SessionScreen) for s in app.screen_stack)


async def test_welcome_steps_finish_it_for_good(make_test_app, db_path):
    from backtui.db.storage import close_database
    from backtui.tui.checkin.measures import PsfsScreen
    from backtui.tui.checkin.redflags import RedFlagScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        await pilot.press("t", "2", "enter")
        await settle(pilot)
        assert screen.snapshot.welcome.target and weekly.weekly_target() == 2
        await pilot.press("g", "enter")  # keep Gentle start: nothing to confirm
        await settle(pilot)
        assert screen.snapshot.welcome.programme
        assert len(table_names(screen)) == 7
        await pilot.press("f")  # the optional activities (PSFS) open from the welcome too
        await pilot.pause()
        assert isinstance(app.screen, PsfsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.snapshot.welcome is not None
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagScreen)
        await pilot.press("enter")  # "none of these apply" is ticked by default
        await settle(pilot)
        assert get_setting("welcome_done") is True
        assert screen.snapshot.welcome is None
        assert not screen.query_one("#welcome", Static).display
    close_database()
    again = make_test_app(db_path=db_path)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        assert screen.snapshot.welcome is None
        assert not screen.query_one("#welcome", Static).display


async def test_welcome_can_be_closed_and_reopened_from_the_palette(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        assert screen.snapshot.welcome is not None
        await pilot.press("escape")
        await settle(pilot)
        assert get_setting("welcome_done") is True
        assert not screen.query_one("#welcome", Static).display
        assert screen.check_action("close_welcome", ()) is False
        await pilot.press("h")
        await app.run_action("welcome")
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#welcome", Static).display
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.query_one("#welcome", Static).display


def test_welcome_is_in_the_palette_registry():
    from backtui.tui.actions import GLOBAL_ACTIONS

    assert any(a.id == "welcome" and a.key is None for a in GLOBAL_ACTIONS)


async def test_a_record_from_earlier_days_is_not_a_first_run(make_test_app):
    app = make_test_app()
    Session.create(started_at=FIXED_NOW - timedelta(days=40), status="completed")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_plan(pilot)
        assert screen.snapshot.welcome is None
        assert Setting.get_or_none(Setting.key == "welcome_done") is None


# --- ten years of data -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory):
    from backtui.db.storage import close_database
    from backtui.record.demo import create_demo

    path = create_demo(tmp_path_factory.mktemp("demo") / "ten.db", years=10, seed=7, end=FIXED_NOW)
    close_database()
    return path


async def test_ten_years_of_history_loads_the_plan(make_test_app, ten_years, tmp_path):
    target = tmp_path / "data" / "backtui.db"
    target.parent.mkdir(mode=0o700)
    source, dest = sqlite3.connect(ten_years), sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    app = make_test_app(db_path=target)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_plan(pilot)
        assert screen.snapshot is not None and screen.snapshot.welcome is None
        assert table_names(screen) == [i.exercise.name for i in weekly.all_items()]
        assert f"{weekly.sessions_done_this_week(FIXED_NOW)} of" in text(screen, "#plan-status")
