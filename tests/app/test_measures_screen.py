"""The weekly PEG and PSFS modals, and how the check-in offers them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_time import FIXED_NOW
from test_checkin_screen import make_session, open_checkin, push_checkin


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def push(pilot, screen):
    results: list = []
    await pilot.app.push_screen(screen, results.append)
    await settle(pilot)
    return results


def pegs():
    from backtui.db.models import PegEntry

    return list(PegEntry.select())


def psfs_rows():
    from backtui.db.models import PsfsEntry

    return list(PsfsEntry.select().order_by(PsfsEntry.id))


# --- PEG -----------------------------------------------------------------------------------------


async def test_peg_is_one_keystroke_per_question(make_test_app):
    from backtui.checkin import measures
    from backtui.tui.checkin.measures import PegScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        results = await push(pilot, PegScreen())
        await pilot.press("6", "3", "8")
        assert "5.7 out of 10" in str(app.screen.query_one("#peg-score").render())
        await pilot.press("enter")
        await settle(pilot)
        (entry,) = results
        assert (entry.pain, entry.enjoyment, entry.activity) == (6, 3, 8)
        assert entry.score == pytest.approx(17 / 3)
        assert not measures.peg_due(FIXED_NOW)
    assert len(pegs()) == 1


async def test_peg_ten_and_going_back(make_test_app):
    from backtui.tui.checkin.measures import PegScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        results = await push(pilot, PegScreen())
        await pilot.press("1", "0", "4")
        assert app.screen.index == 2
        await pilot.press("backspace")  # on an empty question: back to question 2, cleared
        assert app.screen.index == 1 and app.screen.entries[1].value is None
        await pilot.press("2", "5", "enter")
        await settle(pilot)
        (entry,) = results
        assert (entry.pain, entry.enjoyment, entry.activity) == (10, 2, 5)


async def test_peg_needs_every_answer(make_test_app):
    from backtui.tui.checkin.measures import PegScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        screen = PegScreen()
        results = await push(pilot, screen)
        await pilot.press("4", "enter")
        await settle(pilot)
        assert app.screen is screen and results == []
        assert "Question 2 has no answer" in str(screen.query_one("#peg-message").render())
    assert pegs() == []


async def test_peg_not_this_week_is_remembered(make_test_app):
    from backtui.checkin import measures
    from backtui.tui.checkin.measures import PegScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        assert measures.peg_due(FIXED_NOW)
        results = await push(pilot, PegScreen())
        await pilot.press("n")
        await settle(pilot)
        assert results == [None]
        assert not measures.peg_due(FIXED_NOW)
        assert measures.peg_due(FIXED_NOW + timedelta(days=7))  # asked again next week
    assert pegs() == []


async def test_peg_escape_asks_again_later(make_test_app):
    from backtui.checkin import measures
    from backtui.tui.checkin.measures import PegScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        results = await push(pilot, PegScreen())
        await pilot.press("3", "escape")
        await settle(pilot)
        assert results == [None]
        assert measures.peg_due(FIXED_NOW)
    assert pegs() == []


# --- PSFS ----------------------------------------------------------------------------------------


async def fill_psfs(pilot, items):
    for number, (name, score) in enumerate(items):
        pilot.app.screen.query_one(f"#psfs-name-{number}").value = name
        pilot.app.screen.query_one(f"#psfs-score-{number}").value = score
    await pilot.pause()


async def test_psfs_names_and_rates_activities(make_test_app):
    from backtui.checkin import measures
    from backtui.tui.checkin.measures import PsfsScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        assert measures.psfs_due(FIXED_NOW)
        results = await push(pilot, PsfsScreen())
        await pilot.press(*"putting on socks", "tab", "4", "tab")
        await pilot.press(*"gardening", "tab", "2", "tab")
        await pilot.press(*"walking the dog", "tab", "7", "enter")
        await settle(pilot)
        (entry,) = results
        assert entry.items == [
            {"activity": "putting on socks", "score": 4},
            {"activity": "gardening", "score": 2},
            {"activity": "walking the dog", "score": 7},
        ]
        assert entry.score == pytest.approx(13 / 3)
        assert not measures.psfs_due(FIXED_NOW)


async def test_psfs_score_box_takes_digits_only(make_test_app):
    from backtui.tui.checkin.measures import PsfsScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        await push(pilot, PsfsScreen())
        await pilot.press("tab", "x", "1", "0", "5")
        assert app.screen.query_one("#psfs-score-0").value == "10"


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([("socks", "4"), ("gardening", "2")], "Name 3 to 5"),
        ([("socks", "4"), ("gardening", ""), ("walking", "7")], "Give activity 2 a score"),
        ([("socks", "4"), ("", "2"), ("walking", "7")], "needs a name"),
        ([("socks", "4"), ("Socks", "2"), ("walking", "7")], "listed twice"),
        ([("socks", "4"), ("gardening", "12"), ("walking", "7")], "outside that range"),
    ],
    ids=["too_few", "no_score", "no_name", "twice", "out_of_range"],
)
async def test_psfs_problems_are_explained_and_nothing_is_stored(make_test_app, items, message):
    from backtui.tui.checkin.measures import PsfsScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        screen = PsfsScreen()
        results = await push(pilot, screen)
        await fill_psfs(pilot, items)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and results == []
        assert message in str(screen.query_one("#psfs-message").render())
    assert psfs_rows() == []


async def test_psfs_starts_from_the_last_activities(make_test_app):
    from backtui.checkin import measures
    from backtui.tui.checkin.measures import PsfsScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        earlier = FIXED_NOW - timedelta(days=22)
        measures.record_psfs([("socks", 3), ("gardening", 2), ("stairs", 5)], now=earlier)
        screen = PsfsScreen()
        results = await push(pilot, screen)
        names = [screen.query_one(f"#psfs-name-{n}").value for n in range(4)]
        assert names == ["socks", "gardening", "stairs", ""]
        assert app.focused is screen.query_one("#psfs-score-0")
        await pilot.press("5", "tab", "tab", "4", "tab", "tab", "6", "enter")
        await settle(pilot)
        assert [item["score"] for item in results[0].items] == [5, 4, 6]
    assert len(psfs_rows()) == 2


# --- offered from the check-in -------------------------------------------------------------------


async def test_check_in_offers_only_what_is_due(make_test_app):
    from backtui.checkin import measures

    app = make_test_app()
    async with app.run_test() as pilot:
        measures.record_peg(2, 2, 2, now=FIXED_NOW - timedelta(days=2))
        measures.record_psfs([("a", 3), ("b", 2), ("c", 5)], now=FIXED_NOW - timedelta(days=3))
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one("#offers").render()) == ""
        shown = {b.binding.action for b in screen.active_bindings.values()}
        assert "peg" not in shown and "psfs" not in shown
        await pilot.press("e", "a")  # hidden keys do nothing
        assert app.screen is screen


async def test_answering_the_offer_returns_to_the_check_in(make_test_app):
    from backtui.tui.checkin.measures import PsfsScreen
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        await pilot.press("c")
        await settle(pilot)
        checkin = app.screen
        assert "activities" in str(checkin.query_one("#offers").render())
        await pilot.press("a")
        assert isinstance(app.screen, PsfsScreen)
        await fill_psfs(pilot, [("socks", "4"), ("gardening", "2"), ("stairs", "7")])
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is checkin and isinstance(checkin, CheckInScreen)
        assert "activities" not in str(checkin.query_one("#offers").render())
        assert not checkin.psfs_due


async def test_answering_the_only_offer_clears_the_offers_line(make_test_app):
    from backtui.checkin import measures

    app = make_test_app()
    async with app.run_test() as pilot:
        measures.record_peg(2, 2, 2, now=FIXED_NOW - timedelta(days=2))  # PEG is not due
        await pilot.press("c")
        await settle(pilot)
        checkin = app.screen
        assert "activities" in str(checkin.query_one("#offers").render())
        await pilot.press("a")
        await fill_psfs(pilot, [("socks", "4"), ("gardening", "2"), ("stairs", "7")])
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is checkin
        assert str(checkin.query_one("#offers").render()) == ""  # no offer of a key that is off


# --- measures offered ----------------------------------------------------------------------------


async def test_weekly_peg_is_offered_by_a_key_not_pushed(make_test_app):
    from backtui.tui.checkin.measures import PegScreen
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_test_app()
    async with app.run_test() as pilot:
        screen = await open_checkin(pilot)
        assert isinstance(app.screen, CheckInScreen)  # nothing pops up by itself
        assert "PEG" in str(screen.query_one("#offers").render())
        shown = {b.binding.action for b in screen.active_bindings.values() if b.binding.show}
        assert "peg" in shown
        await pilot.press("e")
        assert isinstance(app.screen, PegScreen)


async def test_measures_are_not_offered_during_a_session(make_test_app):
    app = make_test_app()
    async with app.run_test() as pilot:
        session_id = await make_session(pilot, FIXED_NOW)
        screen, _results = await push_checkin(pilot, "during", session_id)
        assert str(screen.query_one("#offers").render()) == ""
        shown = {b.binding.action for b in screen.active_bindings.values()}
        assert "peg" not in shown and "psfs" not in shown


# --- drawn with the first frame ------------------------------------------------------------------


async def _first_layout_offers(app, pilot) -> list[str]:
    """The offers line as the check-in is first laid out, after a press of c."""
    from backtui.tui.checkin.screen import CheckInScreen

    seen: list[str] = []
    lay_out = CheckInScreen._refresh_layout

    def recording(screen, *args, **kwargs):
        if not seen:
            seen.append(str(screen.query_one("#offers").render()))
        return lay_out(screen, *args, **kwargs)

    CheckInScreen._refresh_layout = recording
    try:
        await pilot.press("c")
        await settle(pilot)
    finally:
        CheckInScreen._refresh_layout = lay_out
    return seen


async def test_the_check_in_is_first_laid_out_with_the_offers_read_ahead(make_test_app):
    """Read while the Plan was read, the offers are in the form's first layout, not added by a
    second layout a moment after it appears."""
    app = make_test_app()
    async with app.run_test() as pilot:
        for _ in range(200):
            if app.screens_prepared:
                break
            await pilot.pause(0.02)
        assert app.checkin_offers == (True, True)  # nothing answered yet
        seen = await _first_layout_offers(app, pilot)
        assert "PEG" in seen[0] and "activities" in seen[0]


async def test_offers_that_changed_since_they_were_read_are_corrected(make_test_app):
    from backtui.checkin import measures

    app = make_test_app()
    async with app.run_test() as pilot:
        measures.record_peg(2, 2, 2, now=FIXED_NOW - timedelta(days=2))
        measures.record_psfs([("a", 3), ("b", 2), ("c", 5)], now=FIXED_NOW - timedelta(days=3))
        app.checkin_offers = (True, True)  # as read before those were answered
        seen = await _first_layout_offers(app, pilot)
        assert "PEG" in seen[0]  # drawn from what was last read
        screen = app.screen
        assert str(screen.query_one("#offers").render()) == ""  # then read afresh
        shown = {b.binding.action for b in screen.active_bindings.values()}
        assert "peg" not in shown and "psfs" not in shown
        assert app.checkin_offers == (False, False)  # remembered for the next check-in
