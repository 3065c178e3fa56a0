"""Sessions in the database: every set committed at once, skips, endings, unfinished sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from postgres_server import read_elsewhere
from session_helpers import add_exercise, add_library, plan

from backtui.checkin import triage
from backtui.checkin.checkins import save_checkin
from backtui.db.models import Session, SetLog, SkipLog
from backtui.plan.library import builtin_spec
from backtui.plan.tempo import DEFAULT_TEMPO
from backtui.session import items as runs
from backtui.session import store
from backtui.session import summary as session_summary
from backtui.session.flow import estimate_seconds


@pytest.fixture
def database(any_database):
    """Every session test runs on SQLite and on PostgreSQL."""
    return any_database


@pytest.fixture
def library(database):
    return add_library()


@pytest.fixture
def started(library, clock):
    items = runs.session_items(
        [plan(library["bird_dog"], clock()), plan(library["cat_cow"], clock(), position=1)]
    )
    return store.start_session(clock(), items, "planned", plan_day=2), library


def test_start_session_stores_an_in_progress_row_with_planned_sets_and_plan_day(started):
    session, _ = started
    row = Session.get_by_id(session.id)
    assert (row.status, row.kind, row.planned_sets) == ("in_progress", "planned", 3)
    assert row.plan_day == 2


def test_a_logged_set_is_visible_to_another_connection_at_once(started, database, clock):
    session, library = started
    store.log_set(
        session.id,
        library["bird_dog"].id,
        1,
        now=clock(),
        reps=12,
        hold_seconds=5,
        duration_seconds=70,
    )
    # a separate reader sees only committed data
    rows = read_elsewhere(database, "SELECT set_number, reps, hold_seconds FROM setlog")
    assert rows == [(1, 12, 5)]


def test_log_set_refuses_an_ended_session_and_bad_numbers(started, clock):
    session, library = started
    with pytest.raises(store.SessionError, match="set number"):
        store.log_set(session.id, library["cat_cow"].id, 0, now=clock())
    with pytest.raises(store.SessionError, match="Reps"):
        store.log_set(session.id, library["cat_cow"].id, 1, now=clock(), reps=-1)
    store.end_session(session.id, "completed", clock())
    with pytest.raises(store.SessionError, match="already ended"):
        store.log_set(session.id, library["cat_cow"].id, 1, now=clock())
    assert SetLog.select().count() == 0


def test_log_skip_stores_the_reason_and_refuses_unknown_ones(started, clock):
    session, library = started
    store.log_skip(session.id, library["bird_dog"].id, "pain", "sharp twinge", now=clock())
    with pytest.raises(store.SessionError, match="skip reason"):
        store.log_skip(session.id, library["cat_cow"].id, "bored", now=clock())
    with pytest.raises(store.SessionError, match="escape character"):
        store.log_skip(session.id, library["cat_cow"].id, "other", "\x1b[2J", now=clock())
    assert [(s.reason, s.note) for s in SkipLog.select()] == [("pain", "sharp twinge")]


def test_end_session_sets_status_once_and_validates_effort(started, clock):
    session, _ = started
    with pytest.raises(store.SessionError, match="Effort"):
        store.end_session(session.id, "completed", clock(), effort=11)
    with pytest.raises(store.SessionError, match="cannot end"):
        store.end_session(session.id, "in_progress", clock())
    clock.advance(minutes=12)
    store.end_session(session.id, "ended_early", clock())
    clock.advance(minutes=5)
    store.end_session(session.id, "completed", clock())  # a second end changes nothing
    row = Session.get_by_id(session.id)
    assert (row.status, row.ended_at - row.started_at) == ("ended_early", timedelta(minutes=12))
    store.save_reflection(session.id, effort=4, note="felt fine")
    assert (Session.get_by_id(session.id).effort, Session.get_by_id(session.id).note) == (
        4,
        "felt fine",
    )


def test_summary_counts_sets_skips_pain_and_duration(started, clock):
    session, library = started
    save_checkin(3, moment="before", now=clock(), session_id=session.id)
    clock.advance(minutes=2)
    store.log_set(session.id, library["bird_dog"].id, 1, now=clock(), reps=12, hold_seconds=5)
    clock.advance(minutes=2)
    store.log_skip(session.id, library["cat_cow"].id, "no_time", now=clock())
    clock.advance(minutes=1)
    store.end_session(session.id, "ended_early", clock(), effort=3)
    save_checkin(4, moment="after", now=clock(), session_id=session.id)
    result = session_summary.summary(session.id)
    assert (result.sets_done, result.sets_planned, result.duration) == (1, 3, timedelta(minutes=5))
    assert result.exercises_done == ("Bird-dog",)
    assert [(s.exercise, s.reason_label) for s in result.skips] == [("Cat-cow", "no time")]
    assert (result.pain_before, result.pain_after, result.effort) == (3, 4, 3)


def test_summary_lists_pain_during_the_session_and_what_was_advised(started, clock):
    session, _ = started
    save_checkin(2, moment="before", now=clock(), session_id=session.id)
    clock.advance(minutes=3)
    save_checkin(3, moment="during", now=clock(), session_id=session.id)
    clock.advance(minutes=3)
    save_checkin(
        4, moment="during", now=clock(), session_id=session.id,
        locations=["one_leg"], qualities=["sharp"],
    )  # fmt: skip
    store.end_session(session.id, "completed", clock())
    result = session_summary.summary(session.id)
    assert [(note.pain, note.action) for note in result.during] == [
        (3, "carry_on"),
        (4, "stop_exercise"),
    ]
    assert result.during[1].headline == "Stop this exercise"
    assert any("Sharp" in words for words in result.during[1].reasons)
    assert result.warning is None and result.closing == session_summary.NEXT_MORNING_WORDS


@pytest.mark.parametrize("answers", [["bladder"], ["weight_loss"]])
def test_after_a_warning_sign_stop_the_summary_carries_its_advice(started, clock, answers):
    session, _ = started
    clock.advance(minutes=4)
    result = triage.record_screening(answers, "session", clock(), session_id=session.id)
    store.end_session(session.id, "ended_early", clock())
    summary = session_summary.summary(session.id)
    assert summary.warning == result.outcome and summary.stopped_by_warning
    assert result.advice in summary.closing and result.headline in summary.closing
    assert "tomorrow" not in summary.closing


def test_after_spreading_the_summary_ends_with_its_reasons(started, clock):
    session, _ = started
    save_checkin(3, moment="during", now=clock(), session_id=session.id, spreading=True)
    store.end_session(session.id, "ended_early", clock())
    summary = session_summary.summary(session.id)
    assert "spreading further down your leg" in summary.closing
    assert "tomorrow" not in summary.closing


def test_flare_up_session_is_a_short_walk_and_easy_mobility(library):
    items = store.flare_up_items()
    assert items[0].exercise.slug == "walking" and items[0].minutes == 5
    assert [item.exercise.slug for item in items[1:]] == ["cat_cow", "pelvic_tilt", "knee_rolls"]
    assert all(item.sets == 1 for item in items)
    assert estimate_seconds(store.flow_items(items)) <= 12 * 60


def test_resolve_unfinished_offers_todays_and_closes_older_ones_at_their_last_activity(
    library, clock
):
    items = runs.session_items([plan(library["cat_cow"], clock())])
    yesterday = clock() - timedelta(days=1)
    old = store.start_session(yesterday, items)
    store.log_set(old.id, library["cat_cow"].id, 1, now=yesterday + timedelta(minutes=3))
    today = store.start_session(clock() - timedelta(hours=1), items)
    assert store.unfinished_session().id == today.id
    offered, closed = store.resolve_unfinished(clock())
    assert offered.id == today.id and [c.id for c in closed] == [old.id]
    old_row = Session.get_by_id(old.id)
    assert (old_row.status, old_row.ended_at) == ("interrupted", yesterday + timedelta(minutes=3))
    assert Session.get_by_id(today.id).status == "in_progress"
    store.close_as_interrupted(today.id, clock())
    assert store.unfinished_session() is None
    assert store.resolve_unfinished(clock()) == (None, [])


def test_progress_reports_sets_per_exercise_and_skips_for_resuming(started, clock):
    session, library = started
    store.log_set(session.id, library["bird_dog"].id, 1, now=clock())
    store.log_set(session.id, library["bird_dog"].id, 2, now=clock())
    store.log_skip(session.id, library["cat_cow"].id, "too_hard", now=clock())
    assert store.progress(session.id) == ({library["bird_dog"].id: 2}, {library["cat_cow"].id})


def test_minimum_session_is_about_five_gentle_minutes_of_mobility(library):
    items = runs.minimum_items()
    assert [i.exercise.slug for i in items][:2] == ["cat_cow", "pelvic_tilt"]
    assert all(i.exercise.kind in ("mobility", "yoga") and i.sets <= 2 for i in items)
    assert all((i.reps or 0) <= runs.MINIMUM_MAX_REPS for i in items)
    seconds = estimate_seconds(runs.flow_items(items))
    assert 3 * 60 <= seconds <= 7 * 60


def test_minimum_session_falls_back_to_any_gentle_mobility(database):
    add_exercise("hip_circles", name="Hip circles", kind="mobility", dose_type="reps", reps=20)
    add_exercise("walking")
    items = runs.minimum_items()
    assert [i.exercise.slug for i in items] == ["hip_circles"]
    assert items[0].reps == runs.MINIMUM_MAX_REPS


def test_dose_text_and_flow_items_carry_what_the_screen_shows(library):
    dog = runs.SessionItem(library["bird_dog"], 2, 6, 5)
    walk = runs.SessionItem(library["walking"], 1, minutes=15)
    tilt = runs.SessionItem(library["pelvic_tilt"], 2, 10, 2)
    assert runs.dose_text(dog) == "2 × 6 × 5 s hold per side"
    assert runs.dose_text(walk) == "15 min"
    assert runs.dose_text(tilt) == "2 × 10 reps"
    flow_item = runs.flow_items([dog])[0]
    assert flow_item.cues[0].startswith("Bird-dog") and flow_item.easier == "bird_dog_arm"
    assert runs.easier_item("bird_dog_arm").name == "Arm reach on all fours"
    assert runs.easier_item(None) is None


def test_flow_items_carry_each_exercises_tempo_from_the_library(library):
    tilt = store.SessionItem(library["pelvic_tilt"], 1, 10)
    cat_cow = store.SessionItem(library["cat_cow"], 1, 8)
    own = store.SessionItem(
        add_exercise(
            "hip_circles",
            name="Hip circles",
            kind="mobility",
            dose_type="reps",
            reps=10,
            builtin=False,
        ),
        1,
        10,
    )
    tilt_item, cat_cow_item, own_item = runs.flow_items([tilt, cat_cow, own])
    assert tilt_item.tempo == builtin_spec("pelvic_tilt").tempo
    assert tilt_item.rep_tempo == 6  # 2 s to move, 2 s held, 2 s back
    assert cat_cow_item.tempo.breath == builtin_spec("cat_cow").tempo.breath
    assert own_item.tempo == DEFAULT_TEMPO


@pytest.mark.parametrize(
    "pain, spreading, expected",
    [
        (5, None, "ok"),  # 5/10 is still acceptable during exercise (Silbernagel 2007)
        (5, False, "ok"),
        (6, None, "high_pain"),
        (2, True, "spreading"),
        (9, True, "spreading"),  # spreading stops the session, whatever the pain
    ],
)
def test_during_signal_follows_the_stop_rules(pain, spreading, expected):
    assert store.during_signal(pain, spreading) == expected


def test_start_session_refuses_nothing_to_do_and_unknown_kinds(database, clock):
    with pytest.raises(store.SessionError, match="at least one"):
        store.start_session(clock(), [])
    tilt = add_exercise("pelvic_tilt")
    with pytest.raises(store.SessionError, match="kind"):
        store.start_session(clock(), [runs.SessionItem(tilt)], kind="marathon")


def _eventually_free(session_id: int) -> bool:
    """A killed process's lock goes with it; a server notices the closed connection at once,
    though the look may come a moment before it has."""
    import time

    for _ in range(100):
        if store.running_elsewhere(session_id) is None:
            return True
        time.sleep(0.05)
    return False


def test_a_set_already_stored_is_refused_and_stored_once(started, clock):
    session, library = started
    store.log_set(session.id, library["bird_dog"].id, 1, now=clock(), reps=8)
    with pytest.raises(store.SessionError, match="Set 1 of this exercise is already stored"):
        store.log_set(session.id, library["bird_dog"].id, 1, now=clock(), reps=8)
    assert SetLog.select().count() == 1


def test_a_session_another_process_runs_is_neither_written_nor_closed(started, database, clock):
    """A real second process takes the session over (as another window, or another machine on
    the same server, would) and stays."""
    import subprocess
    import sys

    from backtui.db import store as record_store
    from backtui.db.claims import SessionElsewhere

    session, library = started
    record_store.current().let_go_of_session(session.id)  # as if this process had quit it
    where = database.url if hasattr(database, "url") else str(database)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from backtui.db.location import parse_location; "
            "from backtui.db.store import store_for; from backtui.session import store; "
            "store_for(parse_location(sys.argv[1])).open(); "
            "store.take_over(int(sys.argv[2])); print('ready', flush=True); sys.stdin.read()",
            where,
            str(session.id),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert store.running_elsewhere(session.id).startswith(str(holder.pid))
        window = f"another backtui window \\(pid {holder.pid}"
        with pytest.raises(SessionElsewhere, match=window):
            store.log_set(session.id, library["bird_dog"].id, 1, now=clock(), reps=8)
        with pytest.raises(SessionElsewhere):
            store.save_reflection(session.id, 5, "mine")
        with pytest.raises(SessionElsewhere):
            store.take_over(session.id)
        # A day later the look for unfinished sessions leaves it to its window.
        _offer, closed = store.resolve_unfinished(clock() + timedelta(days=1))
        assert closed == [] and Session.get_by_id(session.id).status == "in_progress"
    finally:
        holder.kill()
        holder.wait()
    # The window is gone: the session is this process's to carry on.
    assert _eventually_free(session.id)
    store.take_over(session.id)
    store.log_set(session.id, library["bird_dog"].id, 1, now=clock(), reps=8)
    assert SetLog.select().count() == 1
