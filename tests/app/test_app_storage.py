"""Damage inside the database file, as the running app meets it."""

from __future__ import annotations

import sqlite3

from fixed_time import at
from session_helpers import wait_for
from storage_helpers import damage_a_middle_page

from backtui.db.models import CheckIn
from backtui.db.storage import StorageError, close_database, open_database
from backtui.tui.app import make_app

NOW = at(2026, 11, 25, 9)


async def test_the_app_warns_about_damage_found_after_its_first_frame(db_path, clock, notices):
    open_database(db_path, now=NOW)
    for day in range(400):
        CheckIn.create(at=NOW, moment="standalone", pain=day % 11, note="x" * 300)
    close_database()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    make_app(db_path=db_path, clock=clock)  # builds the library and plan on a sound file
    close_database()
    damage_a_middle_page(db_path)
    try:
        app = make_app(db_path=db_path, clock=clock)
    except StorageError as error:  # the damage was met while starting: also a clear refusal
        raise AssertionError(f"start-up met the damage: {error}") from error
    async with app.run_test(message_hook=notices) as pilot:
        # The check runs on a worker a moment after the first frame.
        await wait_for(pilot, lambda: any("backtui restore" in m for m in notices.messages))
