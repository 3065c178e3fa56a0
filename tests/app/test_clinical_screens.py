"""Red-flag holds, the checklist's questions, flare-ups, "not getting better" and the summary
after a warning sign, as the screens show them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from session_helpers import FakeTime, use_plan, wait_for

from backtui.checkin import triage
from backtui.checkin.checkins import save_checkin
from backtui.checkin.holds import clear_hold
from backtui.db.models import CheckIn, FlareUp, RedFlagHold, Session

PLAN = [("pelvic_tilt", dict(sets=1, reps=3))]


def screen_name(app) -> str:
    return type(app.screen).__name__


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def clinical_app(make_test_app, clock):
    """Today's plan (Wednesday), a first checklist already answered, optionally a warning sign."""

    def build(flags=()):
        app = make_test_app(monotonic=FakeTime())
        use_plan(clock(), PLAN, "2")
        triage.record_screening([], "manual", clock() - timedelta(days=1))
        if flags:
            triage.record_screening(list(flags), "manual", clock() - timedelta(hours=1))
        return app

    return build


async def open_hold(pilot):
    await pilot.press("s")
    await wait_for(pilot, lambda: screen_name(pilot.app) == "HoldScreen", "the hold")


# --- the hold screen -----------------------------------------------------------------------


async def test_the_hold_comes_first_and_says_what_to_do(clinical_app):
    app = clinical_app(["both_legs"])
    async with app.run_test() as pilot:
        await open_hold(pilot)
        body = shown(app, "#hold-body")
        assert triage.RED_FLAGS_BY_ID["both_legs"].question in body
        assert triage.ADVICE["emergency"] in body.replace("\n", " ")
        assert "Tuesday" not in body and "Wednesday 25 November" in body


async def test_a_clearance_is_stored_and_the_session_starts(clinical_app, clock):
    app = clinical_app(["fever_unwell"])
    async with app.run_test() as pilot:
        await open_hold(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: screen_name(app) == "ClearanceScreen", "who")
        await pilot.press("2", *"all fine", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "PrePainScreen", "the session")
        hold = RedFlagHold.get()
        assert (hold.ending, hold.cleared_by, hold.note) == (
            "cleared",
            "physiotherapist",
            "all fine",
        )
        assert hold.ended_at == clock()
        await pilot.press("escape")
        await wait_for(pilot, lambda: Session.select().count() == 1, "the session row")


async def test_a_withdrawal_is_confirmed_stored_and_the_checklist_asks_again(clinical_app):
    app = clinical_app(["chest_pain"])
    async with app.run_test() as pilot:
        await open_hold(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "WithdrawScreen", "the confirmation")
        assert RedFlagHold.get().ending is None  # nothing is stored before y
        await pilot.press("y")
        await wait_for(pilot, lambda: screen_name(app) == "RedFlagScreen", "the checklist")
        assert RedFlagHold.get().ending == "withdrawn"


async def test_not_yet_starts_no_session_and_keeps_the_hold(clinical_app):
    app = clinical_app(["weight_loss"])
    async with app.run_test() as pilot:
        await open_hold(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen", "the plan")
        await settle(pilot)
        assert Session.select().count() == 0
        assert RedFlagHold.get().ended_at is None


async def test_the_plan_shows_an_open_hold_at_the_top(clinical_app):
    app = clinical_app(["bladder"])
    async with app.run_test() as pilot:
        await settle(pilot)
        line = shown(app, "#safety")
        assert app.screen.query_one("#safety").display
        assert "Exercise is on hold" in line and "bladder changes" in line
        assert "A&E" in line and "press s when a clinician has checked you" in line.lower()


async def test_the_plan_has_no_safety_line_without_a_hold(clinical_app):
    app = clinical_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#safety").display


# --- the checklist -------------------------------------------------------------------------


async def test_a_cleared_history_item_is_not_asked_every_session(clinical_app, clock):
    from backtui.tui.checkin.redflags import RedFlagScreen

    app = clinical_app(["history_risk"])
    clear_hold("doctor", now=clock())
    async with app.run_test() as pilot:
        await app.push_screen(RedFlagScreen(trigger="session"))
        await settle(pilot)
        assert not app.screen.query_one("#row-history_risk").display
        assert app.screen.query_one("#row-weight_loss").display


async def test_mid_back_pain_opens_the_checklist_at_the_shoulder_blades(clinical_app):
    app = clinical_app()
    async with app.run_test() as pilot:
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("3", "w", "2", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "RedFlagScreen", "the checklist")
        assert app.screen.rows[app.screen.cursor] == "thoracic_pain"
        assert "shoulder blades" in shown(app, "#flags-intro")


# --- flare-ups -----------------------------------------------------------------------------


async def pain_of_7(pilot):
    await pilot.press("s")
    await wait_for(pilot, lambda: screen_name(pilot.app) == "PrePainScreen", "the pain")
    await pilot.press("7", "enter")  # a 0-10 answer is saved with enter
    await wait_for(pilot, lambda: screen_name(pilot.app) == "FlareUpScreen", "the flare-up")


@pytest.mark.parametrize(
    "key, kind", [("f", "minimum"), ("m", "minimum"), ("n", None)], ids=["flare", "min", "none"]
)
async def test_pain_of_7_before_a_session_shows_the_flare_up_page(clinical_app, key, kind):
    from backtui.session.items import flare_up_items, minimum_items

    app = clinical_app()
    async with app.run_test() as pilot:
        await pain_of_7(pilot)
        assert "6 or more" in shown(app, "#flare-body")
        assert FlareUp.get().pain == 7
        await pilot.press(key)
        if kind is None:
            await wait_for(pilot, lambda: screen_name(app) == "PlanScreen", "the plan")
            await settle(pilot)
            assert Session.select().count() == 0
            assert [(c.pain, c.moment) for c in CheckIn.select()] == [(7, "standalone")]
            return
        await wait_for(pilot, lambda: screen_name(app) == "SessionScreen", "the session")
        await wait_for(pilot, lambda: CheckIn.select().count() == 1, "the pain")
        expected = flare_up_items() if key == "f" else minimum_items()
        session = Session.get()
        assert session.kind == kind
        assert [i.name for i in app.screen.flow.items] == [i.exercise.name for i in expected]
        assert CheckIn.get().session_id == session.id


async def test_the_flare_up_page_opens_learn_on_flare_ups(clinical_app):
    app = clinical_app()
    async with app.run_test() as pilot:
        await pain_of_7(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: screen_name(app) == "LearnScreen", "Learn")
        assert "flare" in str(app.screen.query_one("Markdown").source).lower()


# --- not getting better --------------------------------------------------------------------


async def test_the_plan_says_when_pain_is_not_getting_better(clinical_app, clock):
    app = clinical_app()
    start = clock() - timedelta(days=40)
    for day in range(41):
        pain = 2 if day < 7 else 6
        save_checkin(pain, moment="standalone", now=start + timedelta(days=day, minutes=1))
    async with app.run_test() as pilot:
        await settle(pilot)
        line = shown(app, "#safety")
        assert "Pain has stayed higher" in line and "starting level of 2" in line
        assert "GP or physiotherapist" in line


# --- the summary ---------------------------------------------------------------------------


async def test_the_summary_after_a_warning_sign_repeats_the_advice(clinical_app, clock):
    from backtui.session import store
    from backtui.session import summary as session_summary
    from backtui.session.start import minimum_choice
    from backtui.tui.session.summary import SessionSummaryScreen

    app = clinical_app()
    choice = minimum_choice()
    session = store.start_session(clock(), choice.items, "minimum")
    save_checkin(4, moment="during", now=clock() + timedelta(minutes=2), session_id=session.id)
    triage.record_screening(["bowel"], "session", clock(), session_id=session.id)
    store.end_session(session.id, "ended_early", clock() + timedelta(minutes=3))
    async with app.run_test() as pilot:
        await app.push_screen(SessionSummaryScreen(session_summary.summary(session.id)))
        await settle(pilot)
        text = " ".join(shown(app, "#summary").split())
        assert "4/10" in text and "Pain during the session" in text
        assert triage.ADVICE["emergency"] in text
        assert "tomorrow morning" not in text
