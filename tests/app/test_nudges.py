"""Nudges for consistency in the app: the first session is today, the next-morning check-in is
offered at start-up, and the Plan says gently when the week's target is at risk."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fixed_time import at
from session_helpers import wait_for

from backtui.checkin import triage
from backtui.checkin.checkins import save_checkin
from backtui.clock import FixedClock
from backtui.db.models import CheckIn, Session

TUESDAY = at(2026, 11, 24, 9, 0)  # not a day of Gentle start's own Mon/Wed/Fri
THURSDAY_MORNING = at(2026, 11, 26, 8, 0)
SATURDAY = at(2026, 11, 28, 9, 0)


def screen_name(app) -> str:
    return type(app.screen).__name__


def done_session(started: datetime) -> Session:
    return Session.create(
        started_at=started, ended_at=started + timedelta(minutes=15), status="completed"
    )


# --- the first session is today -----------------------------------------------------------------


async def test_on_a_first_run_s_starts_todays_session_at_once(make_test_app):
    app = make_test_app(clock=FixedClock(TUESDAY))
    triage.record_screening([], "manual", TUESDAY)  # the safety checklist is tested elsewhere
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        # Straight to the pain question: no "nothing planned today" choice first.
        await wait_for(pilot, lambda: screen_name(app) == "PrePainScreen", "the pain question")
        await pilot.press("escape")
        await wait_for(
            pilot,
            lambda: screen_name(app) == "SessionScreen" and app.screen.flow,
            "the session to start",
        )
        assert Session.get().plan_day == TUESDAY.weekday()


# --- the next-morning check-in --------------------------------------------------------------------


@pytest.fixture
def morning_app(make_test_app):
    """The app on Thursday morning, after a session on Wednesday."""

    def build(session_start: datetime = THURSDAY_MORNING - timedelta(hours=24)):
        app = make_test_app(clock=FixedClock(THURSDAY_MORNING))
        return app, done_session(session_start)

    return build


async def test_the_morning_after_a_session_its_check_in_opens_first(morning_app):
    app, session = morning_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "CheckInScreen", "the check-in")
        assert app.screen.moment == "next_morning" and app.screen.session_id == session.id
        await pilot.press("3", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen", "the check-in to close")
    saved = CheckIn.get()
    assert (saved.moment, saved.pain, saved.session_id) == ("next_morning", 3, session.id)


async def test_not_offered_when_the_morning_check_in_is_done(morning_app, wait_for_workers):
    app, session = morning_app()
    save_checkin(pain=2, moment="next_morning", now=THURSDAY_MORNING - timedelta(hours=1),
                 session_id=session.id)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        assert screen_name(app) == "PlanScreen"


async def test_not_offered_without_a_session_the_day_before(morning_app, wait_for_workers):
    app, _ = morning_app(THURSDAY_MORNING - timedelta(days=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        assert screen_name(app) == "PlanScreen"


async def test_escape_skips_it_and_it_is_not_offered_again(morning_app, wait_for_workers):
    app, _ = morning_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "CheckInScreen", "the check-in")
        await pilot.press("escape")
        await pilot.press("h")  # to History and back: the Plan shows again
        await wait_for_workers(pilot)
        await pilot.press("p")
        await wait_for_workers(pilot)
        assert screen_name(app) == "PlanScreen"
    assert CheckIn.select().count() == 0


async def test_it_waits_for_the_resume_offer_to_be_answered(morning_app):
    app, _ = morning_app()
    Session.create(started_at=THURSDAY_MORNING - timedelta(minutes=30), status="in_progress")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ResumeOfferScreen", "the offer")
        assert not any(type(s).__name__ == "CheckInScreen" for s in app.screen_stack)
        await pilot.press("escape")  # later
        await wait_for(pilot, lambda: screen_name(app) == "CheckInScreen", "the check-in")
        assert [type(s).__name__ for s in app.screen_stack] == ["PlanScreen", "CheckInScreen"]


# --- the week at risk -----------------------------------------------------------------------------


async def week_note(pilot) -> str | None:
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.loads, "the Plan to load")
    note = screen.query_one("#week-note")
    return str(note.render()) if note.display else None


async def test_the_plan_says_gently_when_the_week_is_at_risk(make_test_app):
    app = make_test_app(clock=FixedClock(SATURDAY))
    done_session(SATURDAY - timedelta(days=4))  # Tuesday: 2 of 3 to go, Saturday and Sunday left
    async with app.run_test(size=(80, 24)) as pilot:
        assert await week_note(pilot) == (
            "2 sessions left and 2 days to go this week. A short session counts too."
        )


async def test_no_line_while_the_week_has_room(make_test_app):
    app = make_test_app()  # Wednesday, none done yet: 3 sessions and 5 days
    async with app.run_test(size=(80, 24)) as pilot:
        assert await week_note(pilot) is None
