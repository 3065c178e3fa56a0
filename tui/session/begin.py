"""How a live session starts and ends: the steps around the exercise itself.

Start: an open red-flag hold first (what was reported and what to do; only a clinician's
clearance or a withdrawal goes on to a session), then what to run (today's plan, the next planned
day or the minimum session, or carrying on with today's unfinished session), the red-flag
checklist when it is due, an optional pain score (a flare-up offers its gentle session instead),
and the session row. End: the stored ending, the after-session questions and the summary.
Database work goes through the screen's DbLane (thread workers); the UI only awaits it. Each step
reports to the session screen with a message (``messages.py``) and never touches its state.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.message_pump import MessagePump

from backtui.checkin.checkins import save_checkin
from backtui.checkin.flareup import note_pain_before_session
from backtui.checkin.holds import active_hold, clear_hold, withdraw_hold
from backtui.db.settings import get_setting
from backtui.session import store
from backtui.session import summary as session_summary
from backtui.session.flow import FlowItem, SessionFlow
from backtui.session.start import (
    Choice,
    StartOptions,
    flare_up_choice,
    resumption,
    screening_trigger,
    start_options,
)
from backtui.tui.db_lane import DbLane
from backtui.tui.session.flareup import FlareUpScreen
from backtui.tui.session.hold import HoldAnswer, HoldScreen
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


def _end_hold(answer: HoldAnswer, now: datetime) -> str | None:
    """Store how the hold ended; the checklist's trigger to ask afresh after a withdrawal."""
    if answer.ending == "cleared":
        clear_hold(answer.clinician, answer.note, now=now)
        return screening_trigger(now)
    withdraw_hold(now, answer.note)
    # "Ticked by mistake": ask the checklist again, so today's true answers are recorded.
    return "session"


async def _through_hold(
    app, lane: DbLane, options: StartOptions | None, screening: str | None
) -> tuple[bool, str | None]:
    """Show an open hold before anything else. Returns whether to go on, and the checklist's
    trigger then (the hold's own trigger no longer applies once it is lifted)."""
    hold = options.hold if options else await lane.run(active_hold)
    if hold is None:
        return True, screening
    when = f"{hold.started_at:%A %-d %B} at {app.clock_time(hold.started_at)}"
    answer = await app.push_screen(HoldScreen(hold, when), wait_for_dismiss=True)
    if answer is None:
        return False, None
    trigger = await lane.run(_end_hold, answer, app.now())
    if answer.ending == "cleared":
        app.notify("Recorded: a clinician has checked you. Exercise is no longer on hold.")
    else:
        app.notify("Recorded as a mistake. Please answer the checklist again for today.")
    return True, trigger


async def _flare_up(app, lane: DbLane, pain: int, choice: Choice, options) -> Choice | None:
    """Pain before the session that marks a flare-up (6+/10, or 2+ above usual) shows the
    flare-up page (clinical reference, Flare-ups); its choice replaces the session."""
    finding = await lane.run(note_pain_before_session, pain, app.now())
    if finding is None:
        return choice
    gentle = await lane.run(flare_up_choice)
    minimum = options.minimum if options else None
    return await app.push_screen(FlareUpScreen(finding, gentle, minimum), wait_for_dismiss=True)


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
    go_on, screening = await _through_hold(app, lane, options, screening)
    if not go_on:
        return None
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
    pain = await app.push_screen(PrePainScreen(), wait_for_dismiss=True)
    if pain is not None:
        chosen = await _flare_up(app, lane, pain, choice, options)
        if chosen is None:  # no session today: the pain is still recorded
            lane.fire(save_checkin, pain, moment="standalone", now=app.now())
            return None
        choice = chosen
    session_id, items = await lane.run(_create, app.now(), choice)
    if pain is not None:
        lane.fire(save_checkin, pain, moment="before", now=app.now(), session_id=session_id)
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
        summary = await lane.run(session_summary.summary, session_id)
    except Exception as error:  # noqa: BLE001 - shown; what was saved stays saved
        app.notify(f"Could not finish the session: {error}", severity="error", timeout=10)
        summary = None
    screen.post_message(SessionEnded(summary))


def _save_after(session_id: int, answers: AfterAnswers, now: datetime) -> None:
    if answers.pain is not None:
        save_checkin(answers.pain, moment="after", now=now, session_id=session_id)
    if answers.effort is not None or answers.note:
        store.save_reflection(session_id, answers.effort, answers.note)
