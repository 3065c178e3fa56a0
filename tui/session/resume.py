"""At start-up: an unfinished session (a crash, a closed terminal, ctrl+q) is offered for resuming
when it is from today; older ones are closed as interrupted. Their sets were saved all along."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from backtui.db.models import Session, SetLog

# The session store and the offer's screen load only when the look runs on its thread, after the
# first frame, and only when a session is unfinished: imported here they would add about 75 ms to
# start-up (measured with -X importtime), and on the thread the store's import still competed
# with the first frames for Python's lock.


def offer_unfinished(app: App, then: Callable[[], None] | None = None) -> None:
    """Look for unfinished sessions off the UI thread; called from the app's on_mount.

    ``then`` runs on the UI thread once nothing is offered or the offer is answered, so the next
    start-up question never stacks on this one; not when a session screen is already open.
    """
    after = then or (lambda: None)
    app.run_worker(lambda: _look(app, after), thread=True, group="unfinished", exit_on_error=False)


def _look(app: App, then: Callable[[], None]) -> None:
    try:
        offered = _look_and_tell(app, then)
    except Exception as error:  # noqa: BLE001 - shown: a silent failure would hide the session
        app.call_from_thread(
            app.notify,
            f"Could not look for unfinished sessions: {error}",
            severity="error",
            timeout=10,
        )
        offered = False
    if not offered:
        app.call_from_thread(then)


def _look_and_tell(app: App, then: Callable[[], None]) -> bool:
    """Close older sessions and offer today's; True when the offer is on screen (it runs
    ``then`` once answered)."""
    if not Session.select().where(Session.status == "in_progress").exists():
        return False  # the usual start: nothing to close or offer
    from backtui.session.store import resolve_unfinished, running_elsewhere  # lazy: see the top

    offer, closed = resolve_unfinished(app.now())
    if closed:
        count = len(closed)
        app.call_from_thread(
            app.notify,
            f"{count} unfinished session{'s' if count > 1 else ''} from an earlier day "
            "closed as interrupted; every set done was kept.",
            timeout=8,
        )
    if offer is None:
        return False
    pid = running_elsewhere(offer.id)
    if pid is not None:
        app.call_from_thread(
            app.notify,
            f"Today's session is running in another backtui window (pid {pid}).",
            timeout=8,
        )
        return False
    done = SetLog.select().where(SetLog.session == offer.id).count()
    app.call_from_thread(
        _offer, app, offer.id, app.clock_time(offer.started_at), done, offer.planned_sets, then
    )
    return True


def _offer(
    app: App, session_id: int, started: str, done: int, planned: int, then: Callable[[], None]
) -> None:
    from backtui.tui.session.modals import ResumeOfferScreen  # lazy: see the top

    if app.session_screen_open():
        return  # s was pressed before this look finished: that session screen resumes it itself

    def chosen(answer: str | None) -> None:
        if answer == "resume":
            app.open_session(resume_id=session_id)
        elif answer == "close":
            app.run_worker(
                lambda: _close(app, session_id),
                thread=True,
                group="unfinished",
                exit_on_error=False,
            )
        else:
            app.notify("Press s when you want to carry on with it.")
        if answer != "resume":
            then()

    app.push_screen(ResumeOfferScreen(started, done, planned), chosen)


def _close(app: App, session_id: int) -> None:
    from backtui.session.store import close_as_interrupted  # lazy: see the top

    try:
        close_as_interrupted(session_id, app.now())
    except Exception as error:  # noqa: BLE001 - shown; the session stays as it was
        app.call_from_thread(
            app.notify, f"Could not close that session: {error}", severity="error", timeout=10
        )
        return
    app.call_from_thread(app.notify, "Closed as interrupted. The sets you did are kept.")
