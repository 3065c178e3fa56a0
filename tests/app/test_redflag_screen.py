"""The red-flag checklist screen: toggles, the "none apply" default, and what each outcome says."""

from __future__ import annotations

import pytest
from fixed_time import FIXED_NOW


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screenings():
    from backtui.db.models import RedFlagScreening

    return list(RedFlagScreening.select().order_by(RedFlagScreening.id))


async def push_checklist(pilot, trigger: str = "manual", session_id: int | None = None):
    from backtui.tui.checkin.redflags import RedFlagScreen

    results: list = []
    screen = RedFlagScreen(trigger=trigger, session_id=session_id)
    await pilot.app.push_screen(screen, results.append)
    await settle(pilot)
    return screen, results


def shown_text(screen) -> str:
    return " ".join(str(widget.render()) for widget in screen.query("Static"))


async def test_enter_accepts_none_of_these_by_default(make_test_app):
    from backtui.checkin import triage

    app = make_test_app()
    async with app.run_test() as pilot:
        screen, results = await push_checklist(pilot, "first_session")
        assert "Before your first session" in shown_text(screen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not screen
        (result,) = results
        assert result.outcome == "none" and not result.stops_session
    assert [(s.outcome, s.answers, s.trigger) for s in screenings()] == [
        ("none", [], "first_session")
    ]
    assert not triage.needs_first_screening()
    assert triage.paused_since() is None


async def test_every_flag_has_a_key_and_its_urgency(make_test_app):
    from backtui.checkin.triage import RED_FLAGS
    from backtui.tui.checkin.redflags import KEY_FOR_FLAG

    app = make_test_app()
    async with app.run_test(size=(120, 36)) as pilot:
        for flag in RED_FLAGS:
            _screen, results = await push_checklist(pilot)
            await pilot.press(KEY_FOR_FLAG[flag.id], "enter")
            await settle(pilot)
            await pilot.press("enter")  # close the outcome
            await settle(pilot)
            (result,) = results
            assert result.outcome == flag.urgency, flag.id
            assert result.answers == [flag.id]
    assert [s.outcome for s in screenings()] == [flag.urgency for flag in RED_FLAGS]


async def test_arrows_and_space_tick_and_none_clears(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen, results = await push_checklist(pilot)
        await pilot.press("down", "space")  # the first flag: both legs
        assert screen.ticked == {"both_legs"}
        await pilot.press("a")  # its own key unticks it
        assert screen.ticked == set()
        await pilot.press("h", "i")
        assert screen.ticked == {"fever_unwell", "weight_loss"}
        await pilot.press("0")  # "None of these apply" clears the ticks
        assert screen.ticked == set()
        await pilot.press("i", "up", "up", "up", "up", "up", "up", "up", "up", "up", "space")
        assert screen.cursor == 0 and screen.ticked == set()  # space on "none" clears too
        await pilot.press("enter")
        await settle(pilot)
        assert results[0].outcome == "none"


async def test_every_line_shows_its_full_question(make_test_app):
    from backtui.checkin.triage import RED_FLAGS

    app = make_test_app()
    async with app.run_test() as pilot:
        screen, _results = await push_checklist(pilot)
        for flag in RED_FLAGS:
            assert flag.question in str(screen.query_one(f"#row-{flag.id}").render())


async def test_emergency_says_what_to_do_now_and_pauses_progression(make_test_app):
    from backtui.checkin import triage
    from backtui.db.models import Session

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # start-up work first, so no resume offer races the new session
        session_id = Session.create(started_at=FIXED_NOW).id
        screen, results = await push_checklist(pilot, "session", session_id)
        await pilot.press("d", "h", "enter")  # bowel control (emergency) and fever (urgent)
        await settle(pilot)
        assert app.screen is screen and results == []  # the advice is read first
        text = shown_text(screen)
        assert "Get emergency help now" in text
        assert "Stop exercising now" in text and "A&E" in text and "999" in text
        assert "Loss of bowel control" in text and "Fever or feeling unwell" in text
        await pilot.press("space", "0")  # the checklist is over: these do nothing now
        await pilot.press("escape")  # even escape hands back the stored result
        await settle(pilot)
        (result,) = results
        assert result.outcome == "emergency" and result.stops_session
    (stored,) = screenings()
    assert stored.outcome == "emergency" and stored.session_id == session_id
    assert stored.answers == ["bowel", "fever_unwell"] and stored.trigger == "session"
    assert triage.paused_since() == FIXED_NOW


async def test_the_advice_links_the_learn_page_on_getting_help(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, _ = await push_checklist(pilot)
        assert not screen.check_action("get_help", ())  # not before there is advice
        await pilot.press("d", "enter")  # loss of bowel control: an emergency
        await settle(pilot)
        assert screen.check_action("get_help", ())
        await pilot.press("f2")
        await settle(pilot)
        assert type(app.screen).__name__ == "LearnScreen"
        assert app.screen.page.id == "get-help"


async def test_urgent_says_see_a_doctor_soon(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen, results = await push_checklist(pilot, "body_signal")
        assert "legs" in shown_text(screen)
        await pilot.press("k", "enter")  # pain at rest or at night
        await settle(pilot)
        text = shown_text(screen)
        assert "See a doctor within a day or two" in text
        assert "Do not exercise through this" in text
        await pilot.press("enter")
        await settle(pilot)
        assert results[0].outcome == "urgent" and results[0].stops_session
    assert [(s.outcome, s.trigger) for s in screenings()] == [("urgent", "body_signal")]


async def test_escape_before_answering_stores_nothing(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen, results = await push_checklist(pilot, "first_session")
        await pilot.press("a", "escape")
        await settle(pilot)
        assert results == [None] and app.screen is not screen
    assert screenings() == []


async def test_a_missing_session_is_reported_not_stored(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        screen, results = await push_checklist(pilot, "session", session_id=999)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and results == []
        assert "no session 999" in str(screen.query_one("#flag-message").render())
    assert screenings() == []


def test_unknown_trigger_is_refused():
    from backtui.tui.checkin.redflags import RedFlagScreen

    with pytest.raises(ValueError, match="trigger"):
        RedFlagScreen(trigger="whenever")
