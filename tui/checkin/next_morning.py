"""At start-up: on the morning after a session with no next-morning check-in yet, open that
check-in. Pain after exercise should have settled to the usual level by the next morning
(clinical reference, pain-monitoring model: Silbernagel et al. 2007), so this answer is the one
the progression rules need most. Escape skips it; it is offered once per start."""

from __future__ import annotations

from textual.app import App

# The check-in rules load on the look's thread, after the first frame: imported here they would
# add about 8 ms to start-up (measured with -X importtime).


def offer_next_morning(app: App) -> None:
    """Look off the UI thread whether the next-morning check-in is due; the app calls this after
    the first frame, once any unfinished session has been offered."""
    app.run_worker(lambda: _look(app), thread=True, group="next-morning", exit_on_error=False)


def _look(app: App) -> None:
    from backtui.checkin.checkins import next_morning_session  # lazy: see the top

    session = next_morning_session(app.now())
    if session is not None:
        app.call_from_thread(_offer, app, session.id)


def _offer(app: App, session_id: int) -> None:
    if len(app.screen_stack) > 1:
        return  # a session, a check-in or help is already open: never stack on top of it

    def done(saved: object | None) -> None:
        if saved is not None:
            app.notify("Thank you: this morning's check-in is saved.")

    app.open_checkin(moment="next_morning", session_id=session_id, callback=done)
