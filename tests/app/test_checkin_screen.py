"""The check-in screen: pain in one keystroke, body signals, moments, triage and validation."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fixed_time import FIXED_NOW


async def settle(pilot) -> None:
    """Let thread workers finish and their results reach the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def make_test_app(make_test_app, record_location):
    """Every test here runs the app on an SQLite file and on a PostgreSQL database."""

    def factory(**overrides):
        overrides.setdefault("db_path", record_location)
        return make_test_app(**overrides)

    return factory


def rows():
    from backtui.db.models import CheckIn

    return list(CheckIn.select().order_by(CheckIn.id))


def screenings():
    from backtui.db.models import RedFlagScreening

    return list(RedFlagScreening.select().order_by(RedFlagScreening.id))


async def make_session(pilot, at: datetime, status: str = "in_progress") -> int:
    """A session row, made once start-up work is over (so no resume offer races it)."""
    from backtui.db.models import Session

    await settle(pilot)
    ended = at + timedelta(minutes=30) if status != "in_progress" else None
    return Session.create(started_at=at, ended_at=ended, status=status).id


async def open_checkin(pilot):
    from backtui.tui.checkin.screen import CheckInScreen

    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CheckInScreen)
    return pilot.app.screen


async def push_checkin(pilot, moment: str, session_id: int | None):
    """Push the screen as a live session does, and collect what it dismisses with."""
    from backtui.tui.checkin.screen import CheckInScreen

    results: list = []
    screen = CheckInScreen(moment=moment, session_id=session_id)
    await pilot.app.push_screen(screen, results.append)
    await settle(pilot)
    return screen, results


# --- pain ----------------------------------------------------------------------------------------


async def test_c_digit_enter_saves_one_checkin(make_test_app):
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("7", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, CheckInScreen)
        saved = rows()
        assert [(row.pain, row.moment, row.at) for row in saved] == [(7, "standalone", FIXED_NOW)]
        assert saved[0].locations == [] and saved[0].note == "" and saved[0].sleep is None


async def test_one_then_zero_is_ten(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("1", "0")
        assert screen.query_one("#pain").value == 10
        await pilot.press("enter")
        await settle(pilot)
        assert [row.pain for row in rows()] == [10]


async def test_one_then_enter_saves_one_without_waiting(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("1")
        field = screen.query_one("#pain")
        assert field.entry.pending  # still waiting for a possible "0"
        await pilot.press("enter")
        await settle(pilot)
        assert [row.pain for row in rows()] == [1]


async def test_a_pending_one_settles_by_itself(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("1")
        field = screen.query_one("#pain")
        field.settle()  # what the timer calls when the wait is over
        await pilot.press("0")
        assert field.value == 0  # a "0" after the wait is a new entry, not 10


async def test_arrows_adjust_pain_within_0_to_10(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        field = screen.query_one("#pain")
        await pilot.press("down")
        assert field.value == 0  # the first arrow starts at 0 and never goes below
        await pilot.press("right", "right", "up", "left")
        assert field.value == 2
        await pilot.press("9", "up", "up", "up")
        assert field.value == 10
        await pilot.press("enter")
        await settle(pilot)
        assert [row.pain for row in rows()] == [10]


async def test_each_number_shows_its_anchor_and_zone(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        field = screen.query_one("#pain")
        for key, words in (
            ("0", "no pain · safe zone"),
            ("4", "distracting · acceptable zone"),
            ("8", "very severe · high-risk zone"),
        ):
            await pilot.press(key)
            assert words in field.render().plain


async def test_enter_without_pain_explains_and_saves_nothing(make_test_app):
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("w", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        assert "Choose a pain level" in str(screen.query_one("#message").render())
        assert screen.focused is screen.query_one("#pain")
        assert rows() == []


async def test_each_field_draws_its_label_and_wraps_its_value_beside_it(make_test_app):
    """A field and its label are one widget: on a narrow terminal the value wraps in its own
    column and the label's column stays empty below the label."""
    app = make_test_app()
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await open_checkin(pilot)
        sleep = screen.query_one("#sleep")
        width = sleep.LABEL_WIDTH
        lines = sleep.render().plain.split("\n")
        assert lines[0].startswith("s Sleep last night")
        assert len(lines) > 1 and sleep.size.height == len(lines)
        assert all(not line[:width].strip() for line in lines[1:])
        value = " ".join(line[width:].strip() for line in lines)
        assert " ".join(value.split()) == "– type 0-10 (very poor … slept well)"
        assert all(len(line) == sleep.content_size.width for line in lines)


# --- moments -------------------------------------------------------------------------------------


async def test_check_in_from_plan_is_standalone(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        assert [(row.moment, row.session_id) for row in rows()] == [("standalone", None)]


async def test_first_check_in_the_morning_after_a_session_is_next_morning(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        yesterday_evening = FIXED_NOW - timedelta(days=1) + timedelta(hours=9)
        session_id = await make_session(pilot, yesterday_evening, status="completed")
        screen = await open_checkin(pilot)
        assert "morning after" in str(screen.query_one("#checkin-title").render())
        await pilot.press("2", "enter")
        await settle(pilot)
        await open_checkin(pilot)  # a second check-in that morning is standalone again
        await pilot.press("2", "enter")
        await settle(pilot)
    assert [(row.moment, row.session_id) for row in rows()] == [
        ("next_morning", session_id),
        ("standalone", None),
    ]


@pytest.mark.parametrize("moment", ["before", "during", "after"])
async def test_moments_pushed_by_a_session_are_kept_and_linked(make_test_app, moment):
    app = make_test_app()
    async with app.run_test() as pilot:
        session_id = await make_session(pilot, FIXED_NOW)
        _screen, results = await push_checkin(pilot, moment, session_id)
        await pilot.press("4", "enter")
        await settle(pilot)
        assert len(results) == 1 and results[0].pain == 4
        assert results[0].triage_result is None
    assert [(row.moment, row.session_id) for row in rows()] == [(moment, session_id)]


# --- escape and body signals ---------------------------------------------------------------------


async def test_escape_saves_nothing(make_test_app):
    from backtui.tui.plan.screen import PlanScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("5", "w", "1", "n", *"sore", "tab", "escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    assert rows() == []
    assert screenings() == []


async def test_body_signals_are_saved(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_checkin(pilot)
        await pilot.press("4", "w", "1", "5", "f", "1", "2", "space", "l", "2", "t", "3")
        await pilot.press("s", "1", "0", "n", *"stiff after sitting", "enter")
        await settle(pilot)
    (row,) = rows()
    assert row.pain == 4
    assert row.locations == ["low_back", "one_leg"]
    assert row.qualities == ["ache"]  # 1 and 2 ticked, then space unticked 2 (the marked one)
    assert row.spreading is False
    assert (row.stiffness, row.sleep) == (3, 10)
    assert row.note == "stiff after sitting"
    assert screenings() == []  # nothing here calls for the checklist


async def test_letters_type_into_the_note_instead_of_moving(make_test_app):
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("6", "n", "c", "p", "s", "h", "w", "exclamation_mark")
        assert isinstance(app.screen, CheckInScreen)
        assert screen.query_one("#note").value == "cpshw!"


@pytest.mark.parametrize(
    "keys",
    [("w", "6"), ("f", "5"), ("l", "1")],
    ids=["both_legs", "numbness", "spreading"],
)
async def test_body_signals_open_the_checklist(make_test_app, keys):
    from backtui.tui.checkin.redflags import RedFlagScreen
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("3", *keys, "enter")
        await settle(pilot)
        assert isinstance(app.screen, RedFlagScreen)
        assert app.screen.trigger == "body_signal"
        assert len(rows()) == 1  # the check-in is already safe
        await pilot.press("enter")  # "None of these apply" is the default
        await settle(pilot)
        assert not isinstance(app.screen, (CheckInScreen, RedFlagScreen))
    assert [(s.outcome, s.trigger, s.answers) for s in screenings()] == [
        ("none", "body_signal", [])
    ]


async def test_no_checklist_without_those_signals(make_test_app):
    from backtui.tui.checkin.redflags import RedFlagScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("3", "w", "5", "f", "1", "l", "2", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, RedFlagScreen)
    assert screenings() == []


# --- triage during a live session ----------------------------------------------------------------


async def test_emergency_from_body_signals_during_a_session(make_test_app):
    from backtui.checkin import triage
    from backtui.tui.checkin.redflags import RedFlagScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        session_id = await make_session(pilot, FIXED_NOW)
        screen, results = await push_checkin(pilot, "during", session_id)
        await pilot.press("6", "w", "6", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RedFlagScreen)
        await pilot.press("b", "enter")  # numbness around the saddle area
        await settle(pilot)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Get emergency help now" in shown and "A&E" in shown
        await pilot.press("enter")
        await settle(pilot)
        (checkin,) = results
        assert checkin.pain == 6 and checkin.session_id == session_id
        assert checkin.triage_result.outcome == "emergency"
        assert checkin.triage_result.stops_session
        assert screen.triage is checkin.triage_result
    (stored,) = screenings()
    assert (stored.outcome, stored.trigger, stored.session_id) == (
        "emergency",
        "body_signal",
        session_id,
    )
    assert stored.answers == ["saddle_numbness"]
    assert triage.paused_since() == FIXED_NOW


async def test_urgent_from_the_warning_signs_key_during_a_session(make_test_app):
    from backtui.tui.checkin.screen import CheckInScreen, triage_of

    app = make_test_app()
    async with app.run_test() as pilot:
        session_id = await make_session(pilot, FIXED_NOW)
        screen, results = await push_checkin(pilot, "during", session_id)
        await pilot.press("exclamation_mark", "h", "enter")  # fever or feeling unwell
        await settle(pilot)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "See a doctor within a day or two" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen  # back on the check-in, which says what was recorded
        assert "See a doctor" in str(screen.query_one("#triage-banner").render())
        await pilot.press("3", "w", "6", "enter")  # already screened: no second checklist
        await settle(pilot)
        assert not isinstance(app.screen, CheckInScreen)
        (checkin,) = results
        assert triage_of(checkin).outcome == "urgent" and triage_of(checkin).stops_session
    assert [(s.outcome, s.trigger, s.session_id) for s in screenings()] == [
        ("urgent", "session", session_id)
    ]


async def test_warning_signs_then_escape_keeps_the_outcome_on_the_screen(make_test_app):
    from backtui.tui.checkin.screen import triage_of

    app = make_test_app()
    async with app.run_test() as pilot:
        session_id = await make_session(pilot, FIXED_NOW)
        screen, results = await push_checkin(pilot, "during", session_id)
        await pilot.press("exclamation_mark", "a", "enter", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert results == [None]  # no pain score was saved
        assert triage_of(None, screen).outcome == "emergency"
    assert rows() == []
    assert [s.outcome for s in screenings()] == ["emergency"]


async def test_warning_signs_key_then_escape_stores_nothing(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("exclamation_mark", "a", "escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.triage is None
    assert screenings() == []


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "message"),
    [("bad \x1b[31mred", "escape character"), ("x" * 2001, "limit is 2,000")],
    ids=["escape_sequence", "too_long"],
)
async def test_invalid_note_shows_a_message_and_stores_nothing(make_test_app, note, message):
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("5", "n")
        screen.query_one("#note").value = note  # as a paste would
        await pilot.pause()
        assert message in str(screen.query_one("#message").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        assert message in str(screen.query_one("#message").render())
    assert rows() == []


async def test_unfinished_two_digit_entry_is_explained(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        await pilot.press("1")
        assert "type 0 to make it 10" in screen.query_one("#pain").render().plain
        await pilot.press("0", "backspace")  # back to a pending "1"
        assert "type 0 to make it 10" in screen.query_one("#pain").render().plain
