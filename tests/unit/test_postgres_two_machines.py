"""Two machines on one PostgreSQL server: two real processes write sessions, sets and check-ins
at the same time, and every row arrives."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from postgres_server import read_elsewhere
from session_helpers import add_exercise

from backtui.db.storage import close_database
from backtui.db.store import store_for

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta
    from backtui.checkin.checkins import save_checkin
    from backtui.db.location import ServerDatabase
    from backtui.db.models import Exercise
    from backtui.db.store import store_for
    from backtui.session import store
    from backtui.session.items import SessionItem

    url, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store_for(ServerDatabase.parse(url)).open()
    exercise = Exercise.get(Exercise.slug == "cat_cow")
    item = SessionItem(exercise=exercise, sets=count, reps=8)
    start = datetime(2026, 11, 25, 9, 0).astimezone()
    session = store.start_session(start, [item])
    for index in range(count):
        at = start + timedelta(seconds=index)
        store.log_set(session.id, exercise.id, index + 1, now=at, reps=8)
        save_checkin(index % 11, moment="during", now=at, session_id=session.id,
                     note=f"{tag}-{index}")
    store.end_session(session.id, "completed", start + timedelta(seconds=count))
    print("done", tag, session.id)
    """
)


def test_two_machines_writing_at_once_lose_nothing(pg_server):
    store_for(pg_server).open()
    add_exercise("cat_cow")
    close_database()
    count = 80
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, pg_server.url, tag, str(count)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for tag in ("laptop", "desktop")
    ]  # fmt: skip
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.startswith("done")
    notes = {note for (note,) in read_elsewhere(pg_server, "SELECT note FROM checkin")}
    assert notes == {f"{tag}-{i}" for tag in ("laptop", "desktop") for i in range(count)}
    sets = read_elsewhere(
        pg_server, "SELECT session_id, count(*), max(set_number) FROM setlog GROUP BY session_id"
    )
    assert sorted(row[1:] for row in sets) == [(count, count), (count, count)]
    ended = read_elsewhere(pg_server, "SELECT status FROM session")
    assert ended == [("completed",), ("completed",)]
