"""The server goes away mid-session: sets and check-ins are kept on this machine and written
once it is back (or at the next start), each exactly once.

These stop and start a throwaway cluster of their own (the shared one stays up for other tests).
"""

from __future__ import annotations

import json
import stat
from datetime import timedelta

import pytest
from fixed_time import FIXED_NOW
from postgres_server import read_elsewhere
from session_helpers import add_library

from backtui.checkin.checkins import save_checkin
from backtui.db import journal
from backtui.db.models import CheckIn, SetLog
from backtui.db.storage import close_database
from backtui.db.store import store_for
from backtui.paths import data_dir
from backtui.session import store
from backtui.session import summary as session_summary
from backtui.session.items import SessionItem


@pytest.fixture
def own_cluster(pg_restartable):
    return pg_restartable


@pytest.fixture
def server(pg_away_server):
    return pg_away_server


@pytest.fixture
def running(server):
    """A session in progress on the server, one set and one check-in already stored."""
    store_for(server).open()
    library = add_library()
    exercise = library["bird_dog"]
    session = store.start_session(FIXED_NOW, [SessionItem(exercise, sets=6, reps=6)])
    store.log_set(session.id, exercise.id, 1, now=FIXED_NOW, reps=6)
    save_checkin(2, moment="during", now=FIXED_NOW, session_id=session.id)
    return session.id, exercise.id


def _at(minutes: int):
    return FIXED_NOW + timedelta(minutes=minutes)


def _stored(server) -> tuple[list[tuple], list[tuple]]:
    sets = read_elsewhere(server, "SELECT set_number, reps FROM setlog ORDER BY set_number")
    checkins = read_elsewhere(server, "SELECT pain FROM checkin ORDER BY at, pain")
    return sets, checkins


def test_sets_done_while_the_server_is_away_are_written_once_it_is_back(
    own_cluster, server, running
):
    session_id, exercise_id = running
    own_cluster.stop_server()
    for number in (2, 3):
        kept = store.log_set(session_id, exercise_id, number, now=_at(number), reps=6)
        assert store.kept(kept) and kept.set_number == number
    during = save_checkin(4, moment="during", now=_at(3), session_id=session_id)
    assert journal.kept(during)
    assert journal.waiting(server) == 3

    path = journal.journal_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["table"] for line in lines] == ["setlog", "setlog", "checkin"]
    assert all(line["server"] == str(server) for line in lines)

    own_cluster.start_server()
    fourth = store.log_set(session_id, exercise_id, 4, now=_at(4), reps=6)
    assert not store.kept(fourth)
    assert _stored(server) == ([(n, 6) for n in (1, 2, 3, 4)], [(2,), (4,)])
    assert not path.exists()
    # The session is this machine's again: another one cannot take it over.
    assert store.running_elsewhere(session_id) is None
    held = read_elsewhere(
        server, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    )
    assert held == [(1,)]
    store.end_session(session_id, "completed", _at(5))
    assert session_summary.summary(session_id).sets_done == 4


def test_what_was_kept_is_written_at_the_next_start(own_cluster, server, running):
    session_id, exercise_id = running
    own_cluster.stop_server()
    store.log_set(session_id, exercise_id, 2, now=_at(2), reps=6)
    save_checkin(5, moment="after", now=_at(3), session_id=session_id)
    close_database()  # the window is closed while the server is still away
    own_cluster.start_server()

    store_for(server).open()
    assert _stored(server) == ([(1, 6), (2, 6)], [(2,), (5,)])
    assert journal.waiting(server) == 0


def test_sending_twice_stores_each_row_once(own_cluster, server, running):
    """A process that died after the server committed, before the journal was rewritten."""
    session_id, exercise_id = running
    own_cluster.stop_server()
    store.log_set(session_id, exercise_id, 2, now=_at(2), reps=6)
    save_checkin(6, moment="during", now=_at(2), session_id=session_id)
    copy = journal.journal_path().read_text()
    own_cluster.start_server()
    assert journal.send_waiting() == 2
    journal.journal_path().write_text(copy)  # as if the rewrite never happened
    assert journal.send_waiting() == 2
    assert _stored(server) == ([(1, 6), (2, 6)], [(2,), (6,)])
    assert SetLog.select().count() == 2 and CheckIn.select().count() == 2


def test_a_server_that_stays_away_keeps_everything_and_the_session_goes_on(
    own_cluster, server, running
):
    session_id, exercise_id = running
    own_cluster.stop_server()
    try:
        for number in range(2, 7):
            assert store.kept(store.log_set(session_id, exercise_id, number, now=_at(number)))
        assert store.running_elsewhere(session_id) is None  # still this machine's session
        assert journal.waiting(server) == 5
    finally:
        own_cluster.start_server()
    store_for(server).open()
    assert [n for n, _ in _stored(server)[0]] == [1, 2, 3, 4, 5, 6]


def test_a_record_in_a_file_keeps_nothing(database, clock):
    library = add_library()
    session = store.start_session(clock(), [SessionItem(library["cat_cow"])])
    row = store.log_set(session.id, library["cat_cow"].id, 1, now=clock(), reps=8)
    assert not store.kept(row) and not journal.journal_path().exists()
