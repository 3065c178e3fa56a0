"""Time you can trust: midnight, daylight saving and travel, with real zones and a fixed clock.

Every test runs in Europe/London unless it moves (fixed_time.in_zone). The clock holds a UTC
instant and answers in the machine's zone, as the real one does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fixed_time import at, in_zone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtui.checkin.checkins import moment_for, next_morning_session, save_checkin
from backtui.checkin.morning import morning_window
from backtui.clock import FixedClock
from backtui.db.models import CheckIn, Exercise, Session
from backtui.db.storage import close_database, open_database
from backtui.history.aggregates import heatmap
from backtui.instants import from_text, local_day, shown_zone, to_text
from backtui.plan import weekly
from backtui.plan.library import sync_library
from backtui.plan.programmes import install_programme
from backtui.progression import store as progression
from backtui.record import importer
from backtui.record.collect import collect_record
from backtui.session import store
from backtui.session import summary as session_summary
from backtui.session.items import SessionItem, session_items

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def _items() -> list[SessionItem]:
    return [SessionItem(Exercise.get(Exercise.slug == "glute_bridge"), sets=1, reps=8)]


@pytest.fixture
def library(database):
    sync_library()
    return database


def _run_session(clock: FixedClock, minutes: float) -> Session:
    """A session started at the clock's time and ended ``minutes`` of real time later."""
    started = store.start_session(clock(), _items())
    clock.advance(minutes=minutes)
    return store.end_session(started.id, "completed", clock())


# --- a session across midnight --------------------------------------------------------------------


def test_a_session_across_midnight_belongs_to_the_day_it_started(library):
    clock = FixedClock(at(2026, 11, 24, 23, 40))  # Tuesday
    session = _run_session(clock, 40)  # ends 00:20 on Wednesday
    stored = Session.get_by_id(session.id)
    assert local_day(stored.started_at) == at(2026, 11, 24).date()
    assert heatmap(at(2026, 11, 25).date(), weeks=1).counts == {at(2026, 11, 24).date(): 1}
    # The Plan's week and History's week agree with it.
    assert weekly.sessions_done_this_week(at(2026, 11, 25, 9)) == 1


def test_the_morning_after_a_late_session_links_and_a_flare_is_caught(library):
    install_programme("gentle_start", at(2026, 10, 20, 8), start_today=False)
    clock = FixedClock(at(2026, 11, 23, 23, 40))  # Monday night
    items = session_items(weekly.todays_items(clock()))
    started = store.start_session(clock(), items)
    for item in items:
        for number in range(1, item.sets + 1):
            store.log_set(started.id, item.exercise.id, number, reps=item.reps, now=clock())
    save_checkin(2, moment="after", session_id=started.id, now=clock())
    clock.advance(minutes=40)
    store.end_session(started.id, "completed", clock())  # 00:20 Tuesday
    clock.now = at(2026, 11, 24, 8, 0)
    assert moment_for(clock(), None) == "next_morning"
    morning = save_checkin(7, moment=moment_for(clock(), None), now=clock())
    assert morning.session_id == started.id

    rows = progression.evaluate_after_next_morning(started.id, clock())
    assert rows, "the session was judged"
    assert all("no next-morning check-in" not in row.reason for row in rows)
    assert {row.action for row in rows} & {"step_back", "see_clinician"}


def test_the_morning_window_opens_four_hours_after_a_session_ends():
    opens, closes = morning_window(at(2026, 11, 25, 2, 30))
    assert (opens, closes) == (at(2026, 11, 25, 6, 30), at(2026, 11, 25, 13, 0))
    opens, closes = morning_window(at(2026, 11, 25, 7, 40))  # a morning session: tomorrow
    assert (opens, closes) == (at(2026, 11, 26, 4, 0), at(2026, 11, 26, 13, 0))


# --- daylight saving ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "start_utc", "minutes", "start_wall", "end_wall"),
    [
        # London, clocks back at 02:00 BST on 25 October 2026: 01:30 BST to 01:10 GMT.
        (LONDON, datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 40, "01:30", "01:10"),
        # London, clocks forward at 01:00 GMT on 29 March 2026: 00:50 GMT to 02:10 BST.
        (LONDON, datetime(2026, 3, 29, 0, 50, tzinfo=UTC), 20, "00:50", "02:10"),
        # New York, clocks back on 1 November 2026 (02:00 EDT to 01:00 EST).
        (NEW_YORK, datetime(2026, 11, 1, 5, 40, tzinfo=UTC), 45, "01:40", "01:25"),
        # New York, clocks forward on 8 March 2026 (02:00 EST to 03:00 EDT).
        (NEW_YORK, datetime(2026, 3, 8, 6, 45, tzinfo=UTC), 30, "01:45", "03:15"),
    ],
)
def test_a_session_across_a_clock_change_lasts_the_time_spent(
    library, zone, start_utc, minutes, start_wall, end_wall
):
    with in_zone(zone):
        clock = FixedClock(start_utc)
        session = _run_session(clock, minutes)
        stored = Session.get_by_id(session.id)
        assert (f"{stored.started_at:%H:%M}", f"{stored.ended_at:%H:%M}") == (start_wall, end_wall)
        assert session_summary.summary(session.id).duration == timedelta(minutes=minutes)
        assert local_day(stored.started_at) == start_utc.astimezone().date()


# --- travel ---------------------------------------------------------------------------------------


def test_a_move_from_london_to_new_york_keeps_each_time_where_it_happened(library):
    clock = FixedClock(at(2026, 11, 24, 22, 30))  # 22:30 in London, 17:30 in New York
    london = _run_session(clock, 30)
    with in_zone(NEW_YORK):
        clock.now = datetime(2026, 11, 25, 1, 0).astimezone()  # 01:00 on Wednesday in New York
        stored = Session.get_by_id(london.id)
        assert f"{stored.started_at:%H:%M}" == "22:30"  # shown where it happened
        assert shown_zone(stored.started_at) == "UTC+00:00"
        assert local_day(stored.started_at) == at(2026, 11, 24).date()
        assert local_day(clock()) == at(2026, 11, 25).date()  # today follows the zone now
        assert weekly.todays_items(clock()) == weekly.items_for_day(2)  # Wednesday's plan
        new_york = _run_session(clock, 20)
        assert Session.get_by_id(new_york.id).started_at.utcoffset() == timedelta(hours=-5)
        # The two are ordered by the instants they began at, not their wall clocks.
        assert Session.get_by_id(new_york.id).started_at > stored.started_at


# --- resuming -------------------------------------------------------------------------------------


def test_a_session_cut_off_before_midnight_is_offered_just_after(library):
    clock = FixedClock(at(2026, 11, 24, 23, 55))
    session = store.start_session(clock(), _items())
    clock.advance(minutes=10)  # 00:05 the next day
    offer, closed = store.resolve_unfinished(clock())
    assert offer is not None and offer.id == session.id and closed == []


def test_a_session_older_than_twelve_hours_is_closed_at_its_last_activity(library):
    clock = FixedClock(at(2026, 11, 24, 9, 0))
    session = store.start_session(clock(), _items())
    clock.advance(minutes=5)
    store.log_set(session.id, _items()[0].exercise.id, 1, reps=8, now=clock())
    clock.advance(hours=12)
    offer, closed = store.resolve_unfinished(clock())
    assert offer is None and [s.id for s in closed] == [session.id]
    ended = Session.get_by_id(session.id)
    assert ended.status == "interrupted" and ended.ended_at == at(2026, 11, 24, 9, 5)


# --- the next morning across a zone change --------------------------------------------------------


def test_the_next_morning_follows_the_zone_you_wake_up_in(library):
    clock = FixedClock(at(2026, 11, 24, 18, 0))  # an evening session in London
    session = _run_session(clock, 30)
    with in_zone(NEW_YORK):
        clock.now = datetime(2026, 11, 25, 7, 30).astimezone()  # 07:30 in New York
        assert next_morning_session(clock()).id == session.id


# --- export and import with offsets ---------------------------------------------------------------


def test_export_and_import_keep_each_instant_and_its_offset(library, tmp_path):
    clock = FixedClock(at(2026, 7, 1, 18, 0))  # summer time in London: +01:00
    _run_session(clock, 25)
    with in_zone(NEW_YORK):
        clock.now = datetime(2026, 11, 24, 18, 0).astimezone()
        _run_session(clock, 25)
        save_checkin(3, moment="standalone", now=clock())
    record = json.loads(json.dumps(collect_record()))
    assert [s["started_at"] for s in record["sessions"]] == [
        "2026-07-01T18:00:00+01:00",
        "2026-11-24T18:00:00-05:00",
    ]
    assert record["checkins"][-1]["at"] == "2026-11-24T18:25:00-05:00"
    close_database()
    open_database(tmp_path / "copy.db", now=at(2026, 11, 25, 9))
    importer.import_record(record)
    again = json.loads(json.dumps(collect_record()))
    assert again["sessions"] == record["sessions"] and again["checkins"] == record["checkins"]
    assert importer.local_time_note(record) is None
    assert shown_zone(Session.get().started_at) == ""  # a summer evening at home: no mark


def test_an_export_from_before_offsets_reads_its_times_here_and_says_so(library):
    record = json.loads(json.dumps(collect_record()))
    record["version"] = 3
    record["checkins"] = [
        {
            "id": 1,
            "at": "2026-07-01T08:00:00",
            "moment": "standalone",
            "session_id": None,
            "pain": 3,
            "locations": [],
            "qualities": [],
            "spreading": None,
            "centralising": None,
            "exercise": None,
            "stiffness": None,
            "sleep": None,
            "note": "",
        }
    ]
    close_database()
    open_database(library.parent / "old.db", now=at(2026, 11, 25, 9))
    importer.import_record(record)
    assert CheckIn.get().at == from_text("2026-07-01T08:00:00+01:00")  # London in summer
    assert "this computer's zone" in importer.local_time_note(record)


# --- properties -----------------------------------------------------------------------------------

_ZONES = st.sampled_from([LONDON, NEW_YORK, "Asia/Kolkata", "Australia/Lord_Howe"])
_STARTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(zone=_ZONES, start=_STARTS, minutes=st.integers(0, 6 * 60))
def test_duration_is_time_spent_and_the_day_is_the_local_start_date(library, zone, start, minutes):
    with in_zone(zone):
        clock = FixedClock(start.replace(tzinfo=UTC))
        session = _run_session(clock, minutes)
        stored = Session.get_by_id(session.id)
        assert session_summary.summary(session.id).duration == timedelta(minutes=minutes)
        assert stored.ended_at - stored.started_at == timedelta(minutes=minutes)
        day = start.replace(tzinfo=UTC).astimezone().date()
        assert local_day(stored.started_at) == day
        # SQL reads the same day as the one rule (the heatmap counts by it).
        assert heatmap(day, weeks=1).counts.get(day, 0) >= 1
        Session.delete_by_id(session.id)


@given(
    moment=st.datetimes(
        min_value=datetime(1971, 1, 1),
        max_value=datetime(2099, 12, 31),
        timezones=st.sampled_from([UTC, at(2026, 1, 1).tzinfo, at(2026, 7, 1).tzinfo]),
    )
)
def test_the_stored_form_keeps_the_instant_and_the_local_wall_clock(moment):
    text = to_text(moment)
    back = from_text(text)
    assert back == moment and back.utcoffset() == moment.utcoffset()
    assert text[:10] == local_day(moment).isoformat()  # what SQL groups days by
