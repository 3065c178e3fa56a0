"""The queries that start-up, each screen's first render and a check-in run are served by indexes.

Each group of functions runs on a small demo database with SQLite's statement trace on; every
statement it sends is then put through EXPLAIN QUERY PLAN. backtui never runs ANALYZE, so SQLite
plans without table statistics and picks the same plan for a few months of record as for ten
years: what holds here holds for the big file.

Two kinds of check:
- no statement walks a whole big table (a SCAN), except the few bounded scans listed below;
- the queries that matter most use the very index built for them, so a dropped index, or a planner
  falling back to a weaker one (a range over all of history), fails a test by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from fixed_time import at

from backtui.checkin import checkins, holds, measures, triage
from backtui.db import migrations
from backtui.db.models import ALL_MODELS, FlareUp, PlanItem, ProgressionDecision, Session, db
from backtui.db.settings import get_setting
from backtui.db.storage import close_database, open_database
from backtui.history import aggregates, exercise_progress, log, past, story, therapies
from backtui.plan.library import sync_library
from backtui.plan.programmes import ensure_default_plan
from backtui.progression import inputs as progression_inputs
from backtui.progression import store as progression_store
from backtui.record.demo import create_demo
from backtui.session import store as session_store

NOW = at(2026, 11, 25, 9)
TODAY = NOW.date()

# Tables that grow with every day of use.
BIG_TABLES = {
    "session",
    "setlog",
    "checkin",
    "skiplog",
    "progressiondecision",
    "pegentry",
    "redflagscreening",
    "therapyentry",
}
# The scans allowed, each for the one statement it serves (None: any statement): (table, index,
# a fragment of the statement).
ALLOWED_SCANS = {
    # History's sessions page and the therapies page: newest first along the index, stopping
    # after one page.
    ("session", "session_started_at", 'ORDER BY "t1"."started_at" DESC, "t1"."id" DESC LIMIT'),
    ("therapyentry", "therapyentry_day", 'ORDER BY "t1"."day" DESC, "t1"."id" DESC LIMIT'),
    # Their "of N" totals count the entries of the smallest index: a few bytes a row.
    ("session", "session_started_at", 'SELECT COUNT(1) FROM (SELECT 1 FROM "session" AS "t1") AS'),
    ("therapyentry", "therapyentry_day", 'SELECT COUNT(1) FROM (SELECT 1 FROM "therapyentry" AS'),
    # "Has the checklist ever been answered?": EXISTS stops at the first row.
    (
        "redflagscreening",
        "redflagscreening_session_id",
        'SELECT EXISTS(SELECT 1 FROM "redflagscreening" AS "t1") LIMIT 1',
    ),
    # How many rows the past holds (history/past.py): the whole table's count, less the recent
    # rows'. SQLite counts a table on its smallest index, page by page, without reading its rows.
    ("session", "session_started_at", "SELECT (SELECT count(*) FROM session) - "),
    ("checkin", "checkin_exercise_id", "SELECT (SELECT count(*) FROM checkin) - "),
    ("setlog", "setlog_completed_at", "SELECT (SELECT count(*) FROM setlog) - "),
    ("pegentry", "pegentry_at", "SELECT (SELECT count(*) FROM pegentry) - "),
    # Partial indexes: they hold only the rows that carry a note.
    ("checkin", "checkin_note_at", None),
    ("session", "session_note_started_at", None),
}
_SCAN = re.compile(r"^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?")
_READS = ("SELECT", "WITH")


@pytest.fixture
def demo(tmp_path):
    """A few months of demo record, ending at NOW; no ANALYZE, as in the app."""
    path = create_demo(tmp_path / "d.db", years=0.3, seed=1, end=NOW)
    close_database()
    open_database(path, now=NOW, thorough=False)
    assert not db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchall()
    yield path
    close_database()


@contextmanager
def traced() -> Iterator[list[str]]:
    """Every read statement sent to SQLite meanwhile, with its values filled in."""
    statements: list[str] = []
    connection = db.connection()

    def keep(sql: str) -> None:
        if sql.lstrip().split(None, 1)[0].upper() in _READS:
            statements.append(sql)

    connection.set_trace_callback(keep)
    try:
        yield statements
    finally:
        connection.set_trace_callback(None)


def query_plan(sql: str) -> list[str]:
    return [row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql).fetchall()]


def full_scans(sql: str) -> list[str]:
    """Plan lines that walk a big table (or all of an index on one) from end to end."""
    found = []
    for line in query_plan(sql):
        match = _SCAN.match(line)
        if match and match[1] in BIG_TABLES and not _allowed(match[1], match[2], sql):
            found.append(line)
    return found


def _allowed(table: str, index: str | None, sql: str) -> bool:
    return any(
        (table, index) == (t, i) and (fragment is None or fragment in sql)
        for t, i, fragment in ALLOWED_SCANS
    )


def run_traced(action: Callable[[], object]) -> list[str]:
    with traced() as statements:
        action()
    assert statements, "nothing was read: the trace is not working"
    return statements


def assert_no_full_scans(statements: list[str]) -> None:
    problems = {sql: full_scans(sql) for sql in statements}
    problems = {sql: lines for sql, lines in problems.items() if lines}
    assert not problems, "\n\n".join(f"{sql}\n  -> {lines}" for sql, lines in problems.items())


def plan_of(statements: list[str], fragment: str) -> list[str]:
    """The plan of the one captured statement containing ``fragment``."""
    matching = {sql for sql in statements if fragment in sql}
    assert len(matching) == 1, f"{len(matching)} statements contain {fragment!r}"
    return query_plan(matching.pop())


def uses(plan: list[str], line: str) -> bool:
    return any(step.startswith(line) for step in plan)


def _forget_newest_judgement() -> None:
    """Let evaluate_due judge the newest finished session again, as on the morning after it."""
    newest = (
        Session.select()
        .where(Session.status.in_(aggregates.DONE_STATUSES))
        .order_by(Session.started_at.desc())
        .first()
    )
    ProgressionDecision.delete().where(ProgressionDecision.session == newest.id).execute()


# --- start-up and the Plan screen ----------------------------------------------------------------


def _start_up() -> None:
    sync_library()
    ensure_default_plan(NOW)
    get_setting("config_applied", {})


def _plan_screen() -> None:
    from backtui.plan.snapshot import load_plan

    load_plan(NOW)
    progression_store.evaluate_due(NOW)


def test_start_up_and_plan_screen_read_no_big_table_end_to_end(demo):
    _forget_newest_judgement()
    statements = run_traced(_start_up) + run_traced(_plan_screen)
    # The engine judged a session, so its per-session queries were seen too.
    assert any("COUNT(DISTINCT" in sql and '"setlog"' in sql for sql in statements)
    assert_no_full_scans(statements)


def test_plan_screen_counts_the_week_with_status_and_date(demo):
    statements = run_traced(_plan_screen)
    week = plan_of(statements, 'SELECT COUNT(1) FROM (SELECT 1 FROM "session"')
    assert uses(
        week,
        "SEARCH t1 USING COVERING INDEX session_status_started_at "
        "(status=? AND started_at>? AND started_at<?)",
    )
    pending = plan_of(statements, '"t1"."status" = \'pending\'')
    assert uses(pending, "SEARCH t1 USING INDEX progressiondecision_status_at (status=?)")
    assert not uses(pending, "USE TEMP B-TREE FOR ORDER BY")  # the index gives the order


def test_evaluate_due_looks_up_only_recent_sessions(demo):
    _forget_newest_judgement()
    statements = run_traced(lambda: progression_store.evaluate_due(NOW))
    due = plan_of(statements, "NOT EXISTS")
    assert uses(
        due,
        "SEARCH t1 USING COVERING INDEX session_status_started_at (status=? AND started_at>?)",
    )
    assert uses(due, "SEARCH t2 USING COVERING INDEX progressiondecision_session_id (session_id=?)")
    # The doses since the last step: newest first straight from the index, stopping early.
    since_step = [sql for sql in statements if 'WHERE ("t1"."plan_item_id" = ' in sql]
    assert since_step
    for sql in since_step:
        plan = query_plan(sql)
        assert uses(plan, "SEARCH t1 USING INDEX progressiondecision_plan_item_id_at")
        assert not uses(plan, "USE TEMP B-TREE FOR ORDER BY")


def test_week_volume_ranges_over_this_week_only(demo):
    items = list(PlanItem.select().where(PlanItem.active == True))  # noqa: E712
    statements = run_traced(lambda: progression_inputs._week_volume(NOW, items))
    plan = plan_of(statements, '"t1"."action" = \'progress\'')
    assert uses(
        plan, "SEARCH t1 USING INDEX progressiondecision_status_at (status=? AND at>? AND at<?)"
    )


def test_resume_check_finds_unfinished_sessions_by_status(demo):
    statements = run_traced(lambda: session_store.resolve_unfinished(NOW))
    assert_no_full_scans(statements)
    plan = plan_of(statements, "'in_progress'")
    assert uses(plan, "SEARCH t1 USING INDEX session_status_started_at (status=?)")


# --- History -------------------------------------------------------------------------------------


def _history_tabs() -> None:
    for key in aggregates.RANGES:
        aggregates.pain_series(key, TODAY)
    aggregates.consistency(TODAY)
    aggregates.heatmap(TODAY)
    rows = exercise_progress.exercise_progress(TODAY)
    exercise_progress.dose_series(rows[0].exercise_id)
    exercise_progress.exercise_decisions(rows[0].exercise_id, limit=20)
    log.sessions_page(0, log.PAGE_SIZE)
    story.milestones(NOW)
    log.notes_page(0, 50)
    therapies.list_therapies(0, 50)
    therapies.compare_pain()


def test_history_tabs_read_no_big_table_end_to_end(demo):
    assert_no_full_scans(run_traced(_history_tabs))


def test_history_first_render_reads_four_weeks_by_index(demo):
    statements = run_traced(lambda: aggregates.pain_series("4w", TODAY))
    assert_no_full_scans(statements)
    sessions_done = plan_of(statements, "FROM session WHERE started_at >=")
    assert uses(
        sessions_done,
        "SEARCH session USING COVERING INDEX session_status_started_at "
        "(status=? AND started_at>? AND started_at<?)",
    )
    pain = plan_of(statements, "avg(pain) FROM checkin")
    assert uses(pain, "SEARCH checkin USING INDEX checkin_at (at>? AND at<?)")


def test_heatmap_and_last_session_use_status_and_date(demo):
    statements = run_traced(lambda: (aggregates.heatmap(TODAY), aggregates.last_session_day()))
    heat = plan_of(statements, "GROUP BY d")
    assert uses(
        heat,
        "SEARCH session USING COVERING INDEX session_status_started_at "
        "(status=? AND started_at>? AND started_at<?)",
    )
    last = plan_of(statements, "max(started_at)")
    assert uses(last, "SEARCH session USING COVERING INDEX session_status_started_at")


def test_exercise_progress_seeks_each_exercise_first_and_latest_set(demo):
    past.forget()
    statements = run_traced(lambda: exercise_progress.exercise_progress(TODAY))
    plan = plan_of(statements, "FROM exercise e")
    seeks = [line for line in plan if "setlog_exercise_id_completed_at_session_id" in line]
    # First set, latest set: two seeks per exercise, both on the index.
    assert len(seeks) == 2
    assert all(line.startswith("SEARCH s USING COVERING INDEX") for line in seeks)
    assert not any(line.startswith("SCAN s") for line in plan)
    # Sessions per exercise: ranges of session ids on the (session, exercise, set) index.
    counted = [sql for sql in statements if "count(DISTINCT session_id)" in sql]
    assert len(counted) == 2  # the past (kept from now on) and the recent sessions
    for sql in counted:
        assert uses(
            query_plan(sql),
            "SEARCH setlog USING COVERING INDEX setlog_session_id_exercise_id_set_number "
            "(session_id>? AND session_id<?)",
        )
    again = run_traced(lambda: exercise_progress.exercise_progress(TODAY))
    assert len([sql for sql in again if "count(DISTINCT session_id)" in sql]) == 1


def test_one_exercise_reads_only_its_own_sets_and_decisions(demo):
    exercise_id = exercise_progress.exercise_progress(TODAY)[0].exercise_id
    statements = run_traced(
        lambda: (
            exercise_progress.dose_series(exercise_id, weeks=52),
            exercise_progress.exercise_decisions(exercise_id, limit=20),
        )
    )
    # Newest first, in the index's order: the read stops at the 52nd week, with no sort first.
    series = plan_of(statements, "ORDER BY completed_at DESC")
    assert uses(
        series,
        "SEARCH setlog USING INDEX setlog_exercise_id_completed_at_session_id (exercise_id=?)",
    )
    assert not uses(series, "USE TEMP B-TREE FOR ORDER BY")
    decisions = plan_of(statements, '"t1"."exercise_id" = ')
    assert uses(
        decisions, "SEARCH t1 USING INDEX progressiondecision_exercise_id_at (exercise_id=?)"
    )
    assert not uses(decisions, "USE TEMP B-TREE FOR ORDER BY")


def test_notes_come_from_the_partial_note_indexes(demo):
    statements = run_traced(lambda: log.notes_page(0, 50))
    page = plan_of(statements, "ORDER BY 1 DESC")
    assert uses(page, "SCAN checkin USING INDEX checkin_note_at")
    assert uses(page, "SCAN session USING INDEX session_note_started_at")


def test_therapy_comparison_reads_days_along_the_indexes(demo):
    past.forget()
    statements = run_traced(lambda: therapies.compare_pain(today=TODAY))
    assert_no_full_scans(statements)
    daily = [sql for sql in statements if "avg(pain)" in sql]
    assert len(daily) == 2  # the past (kept from now on) and the last two weeks
    for sql in daily:
        assert uses(query_plan(sql), "SEARCH checkin USING INDEX checkin_at (at>? AND at<?)")
    counted = plan_of(statements, "SELECT (SELECT count(*) FROM checkin) - ")
    assert uses(counted, "SEARCH checkin USING COVERING INDEX checkin_at (at>?)")
    assert uses(plan_of(statements, "DISTINCT kind, day"), "SEARCH therapyentry USING INDEX")
    # Read again, only the fingerprint and the recent days touch the check-ins.
    again = run_traced(lambda: therapies.compare_pain(today=TODAY))
    assert len([sql for sql in again if "avg(pain)" in sql]) == 1


# --- check-ins -----------------------------------------------------------------------------------


def _checkin() -> None:
    triage.needs_first_screening()
    moment = checkins.moment_for(NOW, None)
    measures.peg_due(NOW)
    measures.psfs_due(NOW)
    checkins.save_checkin(1, moment=moment, now=NOW)


def _checkin_and_session_start() -> None:
    _checkin()
    checkins.save_checkin(9, moment="before", now=NOW)  # runs the flare-up check to its end
    holds.active_hold()
    holds.flags_to_ask(NOW)


def test_checkin_open_and_save_read_no_big_table_end_to_end(demo):
    # A lasting fact a clinician cleared yesterday, so the checklist looks for anything new since.
    triage.record_screening(["history_risk"], "session", at(2026, 11, 23, 9))
    holds.clear_hold("doctor", now=at(2026, 11, 24, 9))
    statements = run_traced(_checkin_and_session_start)
    assert FlareUp.select().count() == 1  # the flare-up check ran to its end and stored one
    assert_no_full_scans(statements)
    usual = [sql for sql in statements if '\'next_morning\')) AND ("t1"."at" >=' in sql]
    assert usual
    for sql in usual:
        assert uses(query_plan(sql), "SEARCH t1 USING INDEX checkin_at (at>? AND at<?)")
    flagged = plan_of(statements, 'FROM "redflagscreening" AS "t1" WHERE')
    assert uses(flagged, "SEARCH t1 USING INDEX redflagscreening_at (at>? AND at<?)")


def test_next_morning_check_reads_three_days_of_sessions(demo):
    statements = run_traced(lambda: checkins.next_morning_session(at(2026, 11, 26, 8)))
    plan = plan_of(statements, 'FROM "session" AS "t1"')
    assert uses(plan, "SEARCH t1 USING INDEX session_status_started_at (status=? AND started_at>?)")


# --- the checks themselves -----------------------------------------------------------------------


def test_a_dropped_index_is_caught(demo):
    """Without the status-and-date index, the week's count falls back to a weaker index and the
    session notes to a full scan: both are reported."""
    db.execute_sql('DROP INDEX "session_status_started_at"')
    db.execute_sql('DROP INDEX "session_note_started_at"')
    statements = run_traced(_plan_screen) + run_traced(lambda: log.notes_page(0, 50))
    week = plan_of(statements, 'SELECT COUNT(1) FROM (SELECT 1 FROM "session"')
    assert not uses(week, "SEARCH t1 USING COVERING INDEX session_status_started_at")
    with pytest.raises(AssertionError, match="SCAN session"):
        assert_no_full_scans(statements)


def test_models_declare_the_indexes_the_migrations_build(demo):
    built = {
        name
        for (name,) in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    }
    declared = set()
    for model in ALL_MODELS:
        for index in model._meta.fields_to_index():
            sql, _ = db.get_sql_context().sql(index).query()
            declared.add(re.search(r'INDEX IF NOT EXISTS "(\w+)"', sql)[1])
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert built == declared


def test_a_schema_2_file_gains_the_query_indexes(tmp_path):
    """The step that adds these indexes also drops the ones they replace (each a prefix)."""
    import sqlite3

    from peewee import SqliteDatabase

    from backtui.db.storage import APPLICATION_ID

    path = tmp_path / "v2.db"
    older = SqliteDatabase(str(path))
    migrations.migrate(older, 0, 2)
    older.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    older.close()
    open_database(path, now=NOW)
    try:
        names = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
        assert {
            "session_status_started_at",
            "checkin_note_at",
            "setlog_exercise_id_completed_at_session_id",
        } <= names
        assert not {"session_status", "setlog_exercise_id", "progressiondecision_status"} & names
    finally:
        close_database()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    check.close()


def test_allowed_scans_are_the_bounded_ones(demo):
    """Pages read along their index with a LIMIT and no sort of the whole table; the partial
    indexes hold only the rows with a note."""
    statements = run_traced(
        lambda: (log.sessions_page(0, 50), therapies.list_therapies(0, 50))
    )
    pages = [sql for sql in statements if "DESC LIMIT 50" in sql]
    assert len(pages) == 2
    for sql in pages:
        plan = query_plan(sql)
        assert uses(plan, "SCAN t1 USING INDEX")
        assert not uses(plan, "USE TEMP B-TREE")
    partial = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE name IN ('checkin_note_at', 'session_note_started_at')"
    ).fetchall()
    assert len(partial) == 2 and all("WHERE" in sql for (sql,) in partial)
