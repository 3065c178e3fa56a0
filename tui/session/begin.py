"""How a live session starts and ends: the steps around the exercise itself.

Start: what to run (today's plan, the next planned day or the minimum session, or carrying on
with today's unfinished session), the red-flag checklist when it is due, the session row, and an
optional pain score. End: the stored ending, the after-session questions and the summary.
Database work goes through the screen's DbLane (thread workers); the UI only awaits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backtui.session import store
from backtui.session.flow import FlowItem, SessionFlow

if TYPE_CHECKING:
    from backtui.session.start import Choice
    from backtui.tui.session.screen import SessionScreen


def _bell_on() -> bool:
    from backtui.db.settings import get_setting

    return get_setting("bell", True) is not False


def _resumed(session_id: int) -> tuple[list[FlowItem], dict[int, int]]:
    from backtui.session.start import resumption

    state = resumption(session_id)
    return store.flow_items(state.items), state.done_sets


def _create(now, choice: Choice) -> tuple[int, list[FlowItem]]:
    session = store.start_session(now, choice.items, choice.kind, choice.plan_day)
    return session.id, store.flow_items(choice.items)


async def begin(screen: SessionScreen) -> None:
    try:
        started = await _prepare(screen)
    except Exception as error:  # noqa: BLE001 - any failure is shown and the screen closes
        screen.notify(f"The session could not start: {error}", severity="error", timeout=10)
        started = False
    if not started and screen.is_current:
        screen.app.pop_screen()


async def _prepare(screen: SessionScreen) -> bool:
    from backtui.session.start import screening_trigger, start_options
    from backtui.tui.session.modals import ChoiceScreen
    from backtui.tui.session.pain import PrePainScreen

    app, lane = screen.app, screen.lane
    now = app.now()
    bell_on = await lane.run(_bell_on)
    resume_id, options = screen.resume_id, None
    if resume_id is None:
        options = await lane.run(start_options, now)
        if options.resume is not None:
            resume_id = options.resume.id
    screening = options.screening if options else await lane.run(screening_trigger, now)
    choice = None
    if resume_id is None:
        choice = options.today
        if choice is None:
            choice = await app.push_screen(ChoiceScreen(options), wait_for_dismiss=True)
            if choice is None:
                return False
    if screening is not None and not await _screen_ok(screen, screening):
        return False
    if resume_id is not None:
        items, done = await lane.run(_resumed, resume_id)
        screen.notify("Carrying on with today's session where you left off.")
        screen.start_flow(
            resume_id, SessionFlow(items, screen.time_source(), done_sets=done), bell_on
        )
        return True
    session_id, items = await lane.run(_create, now, choice)
    pain = await app.push_screen(PrePainScreen(), wait_for_dismiss=True)
    if pain is not None:
        from backtui.checkin.checkins import save_checkin

        lane.fire(save_checkin, pain, moment="before", now=app.now(), session_id=session_id)
        if pain > 5:
            screen.notify(
                "Your back is sore today: go gently, and stop any exercise that "
                "pushes pain above 5.",
                timeout=8,
            )
    screen.start_flow(session_id, SessionFlow(items, screen.time_source()), bell_on)
    return True


async def _screen_ok(screen: SessionScreen, trigger: str) -> bool:
    from backtui.tui.checkin.redflags import RedFlagScreen

    result = await screen.app.push_screen(RedFlagScreen(trigger=trigger), wait_for_dismiss=True)
    return result is not None and not result.stops_session


async def wrap_up(
    screen: SessionScreen, status: str, advice: tuple[str, str] | None, ask_after: bool
) -> None:
    from backtui.tui.session.modals import StopScreen
    from backtui.tui.session.pain import AfterSessionScreen
    from backtui.tui.session.summary import SessionSummaryScreen

    app, lane, session_id = screen.app, screen.lane, screen.session_id
    try:
        await lane.run(store.end_session, session_id, status, app.now())
        if advice is not None:
            await app.push_screen(StopScreen(*advice), wait_for_dismiss=True)
        if ask_after:
            answers = await app.push_screen(AfterSessionScreen(), wait_for_dismiss=True)
            if answers is not None:
                await lane.run(_save_after, session_id, answers, app.now())
        summary = await lane.run(store.summary, session_id)
    except Exception as error:  # noqa: BLE001 - shown; what was saved stays saved
        screen.notify(f"Could not finish the session: {error}", severity="error", timeout=10)
        if screen.is_current:
            app.pop_screen()
        return
    if screen.is_current:
        app.switch_screen(SessionSummaryScreen(summary))


def _save_after(session_id: int, answers, now) -> None:
    from backtui.checkin.checkins import save_checkin

    if answers.pain is not None:
        save_checkin(answers.pain, moment="after", now=now, session_id=session_id)
    if answers.effort is not None or answers.note:
        store.save_reflection(session_id, answers.effort, answers.note)
