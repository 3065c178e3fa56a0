"""A failure in the start-up look for unfinished sessions is shown, never swallowed: a silent
failure would hide today's session from the person."""

from __future__ import annotations

import peewee
from session_helpers import wait_for


async def test_a_failed_look_for_unfinished_sessions_is_shown(
    make_test_app, monkeypatch, notices, clock
):
    from backtui.db.models import Session
    from backtui.session import store

    def locked(now):
        raise peewee.OperationalError("database is locked")

    monkeypatch.setattr(store, "resolve_unfinished", locked)
    app = make_test_app()
    # The look goes further than its first question only when a session is unfinished.
    Session.create(started_at=clock(), status="in_progress", kind="planned", planned_sets=2)
    async with app.run_test(message_hook=notices) as pilot:
        await wait_for(pilot, lambda: notices.of_severity("error"), "the notice")
        (message,) = notices.of_severity("error")
        assert "unfinished sessions" in message and "database is locked" in message
        assert app.is_running
