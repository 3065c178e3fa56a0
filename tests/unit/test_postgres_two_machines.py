"""Two machines on one PostgreSQL server: two real processes write sessions, sets and check-ins
at the same time, and every row arrives."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
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


HOLDER = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from backtui.db.location import ServerDatabase
    from backtui.db.models import Exercise
    from backtui.db.store import store_for
    from backtui.session import store
    from backtui.session.items import SessionItem

    store_for(ServerDatabase.parse(sys.argv[1])).open()
    exercise = Exercise.get(Exercise.slug == "cat_cow")
    now = datetime(2026, 11, 25, 9, 0).astimezone()
    session = store.start_session(now, [SessionItem(exercise, sets=3, reps=8)])
    store.log_set(session.id, exercise.id, 1, now=now, reps=8)
    print(session.id, flush=True)
    sys.stdin.readline()
    store.end_session(session.id, "completed", now)
    print("ended", flush=True)
    sys.stdin.readline()
    """
)


def test_a_session_running_on_one_machine_is_in_progress_and_not_offered_on_the_other(pg_server):
    from datetime import datetime, timedelta

    from backtui.db.claims import SessionElsewhere
    from backtui.db.models import Session
    from backtui.session import store

    store_for(pg_server).open()
    add_exercise("cat_cow")
    other = subprocess.Popen([sys.executable, "-c", HOLDER, pg_server.url],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        session_id = int(other.stdout.readline())
        now = datetime(2026, 11, 25, 9, 30).astimezone()
        offer, closed = store.resolve_unfinished(now)
        assert offer.id == session_id and closed == []  # in progress here too
        assert store.running_elsewhere(session_id).startswith(f"{other.pid} on ")
        with pytest.raises(SessionElsewhere):
            store.take_over(session_id)  # not resumed on a second machine
        _offer, closed = store.resolve_unfinished(now + timedelta(days=1))
        assert closed == [] and Session.get_by_id(session_id).status == "in_progress"

        other.stdin.write("end\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "ended"
        # Ended there while that process still runs: the lock went with the session.
        assert store.running_elsewhere(session_id) is None
        assert Session.get_by_id(session_id).status == "completed"
    finally:
        other.kill()
        other.wait()
