"""Storage: models, migrations, application_id refusal, permissions and atomic writes."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from fixed_time import at
from peewee import SqliteDatabase
from storage_helpers import damage_a_middle_page

from backtui.checkin.holds import active_hold
from backtui.db import migrations
from backtui.db.models import CheckIn, Exercise, RedFlagHold, Session, SetLog, Setting, db
from backtui.db.storage import (
    APPLICATION_ID,
    StorageError,
    close_database,
    list_backups,
    open_database,
)

NOW = at(2026, 11, 25, 9, 0)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _exercise() -> Exercise:
    return Exercise.create(
        slug="bird-dog",
        name="Bird-dog",
        kind="core",
        dose_type="reps",
        sets=2,
        reps=8,
        cues=["Keep the spine still"],
        mistakes=["Sagging"],
    )


def test_new_database_is_marked_private_and_current(db_path):
    old_umask = os.umask(0o022)
    try:
        open_database(db_path, now=NOW)
    finally:
        os.umask(old_umask)
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert _mode(db_path) == 0o600
    close_database()


def test_opening_an_up_to_date_database_writes_nothing(db_path):
    # A write at start-up would create and sync the WAL before the first frame.
    open_database(db_path, now=NOW)
    close_database()
    before = db_path.read_bytes()
    open_database(db_path, now=NOW)
    try:
        wal = db_path.with_name(db_path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        assert db_path.read_bytes() == before
    finally:
        close_database()


def test_platform_data_folder_is_0700(tmp_path, monkeypatch):
    from backtui.paths import data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    old_umask = os.umask(0)
    try:
        open_database(data_dir() / "backtui.db", now=NOW)
    finally:
        os.umask(old_umask)
    assert _mode(data_dir()) == 0o700
    assert _mode(data_dir() / "backtui.db") == 0o600
    close_database()


def test_chosen_folder_that_exists_keeps_its_permissions(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    open_database(folder / "mine.db", now=NOW)
    assert _mode(folder) == 0o755
    assert _mode(folder / "mine.db") == 0o600
    close_database()


def test_pragmas_are_set(database):
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_models_round_trip(database):
    exercise = _exercise()
    session = Session.create(started_at=NOW, status="in_progress")
    SetLog.create(session=session, exercise=exercise, set_number=1, reps=8, completed_at=NOW)
    CheckIn.create(
        at=NOW,
        moment="before",
        session=session,
        pain=4,
        locations=["low_back", "buttock"],
        qualities=["ache"],
    )
    checkin = CheckIn.get()
    assert checkin.locations == ["low_back", "buttock"]
    assert checkin.session.id == session.id
    assert session.sets.count() == 1
    assert Exercise.get(Exercise.slug == "bird-dog").cues == ["Keep the spine still"]


def test_failed_transaction_writes_nothing(database):
    exercise = _exercise()
    session = Session.create(started_at=NOW)
    with pytest.raises(RuntimeError):
        with db.atomic():
            SetLog.create(session=session, exercise=exercise, set_number=1, completed_at=NOW)
            raise RuntimeError("disk went away")
    assert SetLog.select().count() == 0


def test_committed_rows_are_visible_to_another_connection(database, db_path):
    Session.create(started_at=NOW)
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT count(*) FROM session").fetchone()[0] == 1
    other.close()


def test_garbage_file_is_refused_and_untouched(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"\x00garbage" * 100)
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="not an SQLite file") as raised:
        open_database(db_path, now=NOW)
    assert str(db_path) in str(raised.value)
    assert db_path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_and_untouched(db_path):
    db_path.parent.mkdir(parents=True)
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('groceries')")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="another application"):
        open_database(db_path, now=NOW)
    assert db_path.read_bytes() == before


def test_newer_schema_is_refused(db_path):
    open_database(db_path, now=NOW)
    close_database()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="newer backtui"):
        open_database(db_path, now=NOW)
    assert db_path.read_bytes() == before


def test_empty_file_is_adopted(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    open_database(db_path, now=NOW)
    assert Session.select().count() == 0
    close_database()


def test_read_only_folder_gives_a_clear_error(read_only_dir):
    with pytest.raises(StorageError, match="cannot create") as raised:
        open_database(read_only_dir / "backtui.db", now=NOW)
    assert str(read_only_dir) in str(raised.value)


def test_older_schema_upgrades_without_loss_and_is_backed_up(db_path):
    db_path.parent.mkdir(parents=True)
    con = sqlite3.connect(db_path)
    con.isolation_level = None
    for statement in migrations._V1_TABLES.split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute("PRAGMA user_version = 1")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(
        "INSERT INTO session (started_at, status, kind, planned_sets, note) "
        "VALUES ('2026-01-05 18:00:00', 'completed', 'planned', 6, 'first one')"
    )
    con.execute(
        "INSERT INTO checkin (at, moment, pain, locations, qualities, note) "
        "VALUES ('2026-01-05 18:00:00', 'before', 4, '[]', '[]', '')"
    )
    con.close()

    open_database(db_path, now=NOW)
    session = Session.get()
    assert session.note == "first one" and session.plan_day is None
    assert CheckIn.get().pain == 4
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    close_database()
    backups = list_backups(db_path)
    assert len(backups) == 1
    saved = sqlite3.connect(backups[0])
    assert saved.execute("PRAGMA user_version").fetchone()[0] == 1
    assert saved.execute("SELECT note FROM session").fetchone()[0] == "first one"
    saved.close()
    assert _mode(backups[0]) == 0o600


def test_truncated_backtui_file_is_refused_and_untouched(db_path):
    open_database(db_path, now=NOW)
    for day in range(300):
        CheckIn.create(at=NOW, moment="standalone", pain=day % 11, note="x" * 200)
    close_database()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="damaged") as raised:
        open_database(db_path, now=NOW)
    assert "backtui restore" in str(raised.value)
    assert db_path.read_bytes() == before


def test_damage_inside_the_file_is_found_by_the_full_check(db_path):
    open_database(db_path, now=NOW)
    for day in range(400):
        CheckIn.create(at=NOW, moment="standalone", pain=day % 11, note="x" * 300)
    close_database()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    damage_a_middle_page(db_path)
    with pytest.raises(StorageError, match="damaged"):
        open_database(db_path, now=NOW)  # the thorough check the CLI uses


def _schema_3_file(db_path, pause: bool):
    """A schema 3 file with two warning-sign screenings and, if asked, the old pause setting."""
    db_path.parent.mkdir(parents=True)
    older = SqliteDatabase(str(db_path))
    migrations.migrate(older, 0, 3)
    older.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    for when, answers, outcome in (
        ("2026-11-01 08:00:00", '["weight_loss"]', "urgent"),
        ("2026-11-20 08:00:00", '["bladder"]', "emergency"),
        ("2026-11-21 08:00:00", "[]", "none"),
    ):
        older.execute_sql(
            "INSERT INTO redflagscreening (at, answers, outcome, trigger) "
            "VALUES (?, ?, ?, 'manual')",
            (when, answers, outcome),
        )
    if pause:
        older.execute_sql(
            "INSERT INTO setting (key, value) VALUES "
            "('progression_paused_until_clear', '\"2026-11-20T08:00:00\"')"
        )
    older.close()


def test_schema_4_turns_an_open_pause_into_a_hold_for_the_newest_warning_sign(db_path):
    _schema_3_file(db_path, pause=True)
    open_database(db_path, now=NOW)
    hold = active_hold()
    assert hold.started_at == at(2026, 11, 20, 8) and hold.outcome == "emergency"
    assert [flag.id for flag in hold.flags] == ["bladder"]
    assert RedFlagHold.select().count() == 1
    assert Setting.get_or_none(Setting.key == "progression_paused_until_clear") is None
    assert CheckIn.create(at=NOW, moment="during", pain=2, centralising=True).centralising
    close_database()


def test_schema_4_opens_no_hold_when_nothing_was_paused(db_path):
    _schema_3_file(db_path, pause=False)
    open_database(db_path, now=NOW)
    assert active_hold() is None
    close_database()


def _file_before(step, db_path) -> int:
    """A database built by every step before ``step``; returns that version."""
    version = migrations.STEPS.index(step)
    db_path.parent.mkdir(parents=True)
    older = SqliteDatabase(str(db_path))
    migrations.migrate(older, 0, version)
    older.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    older.close()
    return version


def test_checkin_exercise_step_keeps_every_checkin_and_links_none(db_path):
    version = _file_before(migrations._checkin_exercise, db_path)
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO session (started_at, status, kind, planned_sets, note) "
        "VALUES ('2026-11-20 18:00:00', 'completed', 'planned', 6, '')"
    )
    con.execute(
        "INSERT INTO checkin (at, moment, session_id, pain, locations, qualities, spreading, "
        "centralising, stiffness, sleep, note) VALUES ('2026-11-20 18:10:00', 'during', 1, 6, "
        "'[\"one_leg\"]', '[\"sharp\"]', 0, 1, 3, 7, 'kept')"
    )
    con.commit()
    con.close()

    open_database(db_path, now=NOW)
    kept = CheckIn.get()
    assert (kept.pain, kept.locations, kept.qualities, kept.note) == (
        6,
        ["one_leg"],
        ["sharp"],
        "kept",
    )
    assert (kept.spreading, kept.centralising, kept.stiffness, kept.sleep) == (False, True, 3, 7)
    assert kept.session_id == 1 and kept.exercise_id is None
    exercise = _exercise()
    linked = CheckIn.create(at=NOW, moment="during", pain=4, exercise=exercise)
    assert CheckIn.get_by_id(linked.id).exercise.slug == "bird-dog"
    exercise.delete_instance()  # the check-in outlives the exercise
    assert CheckIn.get_by_id(linked.id).exercise_id is None
    close_database()
    saved = sqlite3.connect(list_backups(db_path)[0])
    assert saved.execute("PRAGMA user_version").fetchone()[0] == version
    saved.close()


def test_duplicate_sets_in_an_older_file_keep_the_first_and_the_index_refuses_more(db_path):
    """Two windows on one session could store set 1 twice: the upgrade keeps the first copy of
    each, keeps every distinct set, and from then on the database refuses a copy."""
    import peewee

    before = migrations.STEPS.index(migrations.one_set_stored_once)
    db_path.parent.mkdir(parents=True)
    older = SqliteDatabase(str(db_path))
    migrations.migrate(older, 0, before)
    older.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    older.execute_sql(
        "INSERT INTO exercise (slug, name, kind, dose_type, per_side, sets, reps, cues, "
        "mistakes, summary, source, builtin) VALUES ('e', 'E', 'core', 'reps', 0, 2, 8, '[]', "
        "'[]', '', '', 1)"
    )
    older.execute_sql(
        "INSERT INTO session (started_at, status, kind, planned_sets, note) "
        "VALUES ('2026-11-24 18:00:00', 'completed', 'planned', 2, '')"
    )
    rows = [(1, 8, "18:01"), (1, 6, "18:02"), (2, 8, "18:03"), (2, 7, "18:04"), (1, 5, "18:05")]
    for set_number, reps, clock_time in rows:
        older.execute_sql(
            "INSERT INTO setlog (session_id, exercise_id, set_number, reps, completed_at) "
            f"VALUES (1, 1, {set_number}, {reps}, '2026-11-24 {clock_time}:00')"
        )
    older.close()

    open_database(db_path, now=NOW)
    try:
        kept = [(r.set_number, r.reps) for r in SetLog.select().order_by(SetLog.id)]
        assert kept == [(1, 8), (2, 8)]
        with pytest.raises(peewee.IntegrityError):
            SetLog.create(session=1, exercise=1, set_number=2, reps=3, completed_at=NOW)
    finally:
        close_database()
