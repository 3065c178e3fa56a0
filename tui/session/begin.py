"""How a live session starts and ends: the steps around the exercise itself.

Start: what to run (today's plan, the next planned day or the minimum session, or carrying on
with today's unfinished session), the red-flag checklist when it is due, the session row, and an
optional pain score. End: the stored ending, the after-session questions and the summary.
Database work goes through the screen's DbLane (thread workers); the UI only awaits it. Each step
reports to the session screen with a message (``messages.py``) and never touches its state.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.message_pump import MessagePump

from backtui.checkin.checkins import save_checkin
from backtui.db.settings import get_setting
from backtui.session import store
from backtui.session.flow import FlowItem, SessionFlow
from backtui.session.start import Choice, resumption, screening_trigger, start_options
from backtui.tui.db_lane import DbLane
from backtui.tui.session.messages import SessionEnded, SessionNotStarted, SessionStarted
from backtui.tui.session.modals import ChoiceScreen, StopScreen
from backtui.tui.session.pain import AfterAnswers, AfterSessionScreen, PrePainScreen


def _bell_on() -> bool:
    return get_setting("bell", True) is not False


def _resumed(session_id: int) -> tuple[list[FlowItem], dict[int, int]]:
    state = resumption(session_id)
    return store.flow_items(state.items), state.done_sets


def _create(now: datetime, choice: Choice) -> tuple[int, list[FlowItem]]:
    session = store.start_session(now, choice.items, choice.kind, choice.plan_day)
    return session.id, store.flow_items(choice.items)


async def begin(
    screen: MessagePump,
    lane: DbLane,
    resume_id: int | None,
    time_source: Callable[[], float],
) -> None:
    """Start (or resume) a session, then tell ``screen`` whether it started."""
    try:
        started = await _prepare(screen, lane, resume_id, time_source)
    except Exception as error:  # noqa: BLE001 - any failure is shown and the screen closes
        screen.app.notify(f"The session could not start: {error}", severity="error", timeout=10)
        started = None
    screen.post_message(started or SessionNotStarted())


async def _prepare(
    screen: MessagePump,
    lane: DbLane,
    resume_id: int | None,
    time_source: Callable[[], float],
) -> SessionStarted | None:
    app = screen.app
    now = app.now()
    bell_on = await lane.run(_bell_on)
    options = None
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
                return None
    if screening is not None:
        result = await app.open_red_flags(screening, wait_for_dismiss=True)
        if result is None or result.stops_session:
            return None
    if resume_id is not None:
        items, done = await lane.run(_resumed, resume_id)
        app.notify("Carrying on with today's session where you left off.")
        return SessionStarted(resume_id, SessionFlow(items, time_source, done_sets=done), bell_on)
    session_id, items = await lane.run(_create, now, choice)
    pain = await app.push_screen(PrePainScreen(), wait_for_dismiss=True)
    if pain is not None:
        lane.fire(save_checkin, pain, moment="before", now=app.now(), session_id=session_id)
        if pain > 5:
            app.notify(
                "Your back is sore today: go gently, and stop any exercise that "
                "pushes pain above 5.",
                timeout=8,
            )
    return SessionStarted(session_id, SessionFlow(items, time_source), bell_on)


async def wrap_up(
    screen: MessagePump,
    lane: DbLane,
    session_id: int,
    status: str,
    advice: tuple[str, str] | None,
    ask_after: bool,
) -> None:
    """Store the ending, show any advice, ask the after-session questions, then tell ``screen``
    the summary to show."""
    app = screen.app
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
        app.notify(f"Could not finish the session: {error}", severity="error", timeout=10)
        summary = None
    screen.post_message(SessionEnded(summary))


def _save_after(session_id: int, answers: AfterAnswers, now: datetime) -> None:
    if answers.pain is not None:
        save_checkin(answers.pain, moment="after", now=now, session_id=session_id)
    if answers.effort is not None or answers.note:
        store.save_reflection(session_id, answers.effort, answers.note)
