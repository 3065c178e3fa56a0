"""PostgreSQL as the store: the same schema and steps, refusals, copy, and one-line errors.

These run on a real throwaway server that the test session starts (tests/postgres_server.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

import peewee
import pytest

from backtui.checkin.checkins import save_checkin
from backtui.cli import main
from backtui.db import dialect, migrations, postgres
from backtui.db.location import ServerDatabase
from backtui.db.models import ALL_MODELS, CheckIn, db
from backtui.db.storage import close_database, open_database
from backtui.db.store import store_for
from backtui.errors import StorageError
from backtui.record.collect import collect_record
from backtui.record.copy import CopyError, copy_record, row_counts
from backtui.record.demo import create_demo

NOW = datetime(2026, 11, 25, 9, 0).astimezone()
DEMO_NOW = datetime(2026, 11, 25, 20, 0).astimezone()  # the demo history ends on this day


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backtui.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def _sqlite_tables(path) -> dict[str, list[str]]:
    open_database(path, now=NOW)
    tables = {name: sorted(db.get_columns(name), key=str) for name in db.get_tables()}
    close_database()
    return {name: sorted(column.name for column in columns) for name, columns in tables.items()}


# --- schema and marker ---------------------------------------------------------------------------


def test_a_new_database_gets_every_step_and_the_marker(pg_server, pg_cluster, db_path):
    store_for(pg_server).open(now=NOW)
    marker = db.execute_sql('SELECT "application", "version" FROM "backtui_schema"').fetchall()
    tables = {name: sorted(c.name for c in db.get_columns(name)) for name in db.get_tables()}
    indexes = {i.name for name in db.get_tables() for i in db.get_indexes(name)}
    close_database()
    assert marker == [("backtui", migrations.SCHEMA_VERSION)]
    tables.pop("backtui_schema")
    assert tables == _sqlite_tables(db_path)  # the same tables and columns as the file
    assert {"setlog_session_id_exercise_id_set_number", "checkin_note_at"} <= indexes


def test_columns_hold_the_same_values_as_sqlite(pg_server):
    store_for(pg_server).open(now=NOW)
    types = dict(
        db.execute_sql(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        ).fetchall()
    )
    close_database()
    assert types["checkin.at"] == "text"  # instants as the text SQLite stores
    assert types["therapyentry.day"] == "text"
    assert types["pegentry.score"] == "double precision"
    assert types["planitem.active"] == "boolean"
    assert types["checkin.centralising"] == "boolean"  # added by a later step


def test_every_yes_no_field_is_a_boolean_column_on_postgres():
    fields = {
        field.column_name
        for model in ALL_MODELS
        for field in model._meta.sorted_fields
        if isinstance(field, peewee.BooleanField)
    }
    assert fields == dialect.BOOLEAN_COLUMNS


def test_opening_again_changes_nothing(pg_server):
    store_for(pg_server).open(now=NOW)
    save_checkin(3, moment="standalone", now=NOW)
    close_database()
    store_for(pg_server).open(now=NOW)
    assert [row.pain for row in CheckIn.select()] == [3]
    version = db.execute_sql('SELECT "version" FROM "backtui_schema"').fetchone()[0]
    assert version == migrations.SCHEMA_VERSION


def test_ids_count_up_after_explicit_ones(pg_server):
    store_for(pg_server).open(now=NOW)
    first = save_checkin(2, moment="standalone", now=NOW)
    second = save_checkin(3, moment="standalone", now=NOW)
    assert second.id == first.id + 1


# --- refusals ------------------------------------------------------------------------------------


def _foreign(pg_cluster, server: ServerDatabase) -> None:
    pg_cluster.admin_sql("CREATE TABLE invoices (id int, total numeric)", server.dbname)
    pg_cluster.admin_sql("INSERT INTO invoices VALUES (1, 9.5)", server.dbname)


def _tables(pg_cluster, server: ServerDatabase) -> list[str]:
    rows = pg_cluster.admin_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", server.dbname
    )
    return [name for (name,) in rows]


def test_a_database_of_another_application_is_refused_untouched(pg_server, pg_cluster):
    _foreign(pg_cluster, pg_server)
    with pytest.raises(StorageError, match="belongs to another application") as refused:
        store_for(pg_server).open(now=NOW)
    assert "\n" not in str(refused.value)
    assert _tables(pg_cluster, pg_server) == ["invoices"]
    assert pg_cluster.admin_sql("SELECT * FROM invoices", pg_server.dbname) == [(1, 9.5)]


def test_a_marker_of_another_application_is_refused(pg_server, pg_cluster):
    for statement in dialect.MARKER_SQL:
        pg_cluster.admin_sql(statement.replace("'backtui'", "'fitnessapp'"), pg_server.dbname)
    with pytest.raises(StorageError, match="belongs to another application"):
        store_for(pg_server).open(now=NOW)
    assert _tables(pg_cluster, pg_server) == ["backtui_schema"]


def test_a_newer_schema_is_refused_untouched(pg_server, pg_cluster):
    store_for(pg_server).open(now=NOW)
    close_database()
    newer = migrations.SCHEMA_VERSION + 1
    pg_cluster.admin_sql(f'UPDATE backtui_schema SET "version" = {newer}', pg_server.dbname)
    before = _tables(pg_cluster, pg_server)
    with pytest.raises(StorageError, match=f"newer backtui \\(schema {newer}"):
        store_for(pg_server).open(now=NOW)
    assert _tables(pg_cluster, pg_server) == before
    version = pg_cluster.admin_sql('SELECT "version" FROM backtui_schema', pg_server.dbname)
    assert version == [(newer,)]


def test_an_older_schema_is_brought_up_to_date(pg_server):
    record = postgres.ServerRecord(pg_server)
    record.connect()
    for statement in dialect.MARKER_SQL:
        record.execute_sql(statement)
    migrations.migrate(record, 0, 3)  # a database left at schema 3
    record.close()
    store_for(pg_server).open(now=NOW)
    columns = {column.name for column in db.get_columns("checkin")}
    version = db.execute_sql('SELECT "version" FROM "backtui_schema"').fetchone()[0]
    assert version == migrations.SCHEMA_VERSION
    assert {"centralising", "exercise_id"} <= columns  # from steps 4 and 5


def test_without_the_driver_a_url_gets_one_line_saying_how_to_install(pg_server, monkeypatch):
    monkeypatch.setattr(postgres, "psycopg", None)
    with pytest.raises(StorageError) as refused:
        store_for(pg_server).open(now=NOW)
    assert "pipx install 'backtui[postgres]'" in str(refused.value)
    assert "\n" not in str(refused.value)


# --- copy ----------------------------------------------------------------------------------------


@pytest.fixture
def demo_file(tmp_path):
    return create_demo(tmp_path / "demo" / "backtui.db", years=0.5, seed=3, end=DEMO_NOW)


def _record(location) -> tuple[dict, dict]:
    store_for(location).open_read_only()
    try:
        return collect_record(), row_counts()
    finally:
        close_database()


def test_copy_to_postgres_and_back_keeps_every_row(demo_file, pg_server, tmp_path):
    original, counts = _record(demo_file)
    assert counts["setlog"] > 50 and counts["checkin"] > 10

    there = copy_record(demo_file, pg_server)
    assert there.counts == counts
    assert _record(pg_server) == (original, counts)

    back = tmp_path / "back" / "backtui.db"
    assert copy_record(pg_server, back).counts == counts
    assert _record(back) == (original, counts)


def test_copy_never_writes_into_a_database_that_holds_a_record(demo_file, pg_server, tmp_path):
    store_for(pg_server).open(now=NOW)
    save_checkin(5, moment="standalone", now=NOW)
    close_database()
    with pytest.raises(CopyError, match="already holds a record"):
        copy_record(demo_file, pg_server)
    store_for(pg_server).open(now=NOW)
    assert [row.pain for row in CheckIn.select()] == [5]
    close_database()

    other = tmp_path / "other.db"
    open_database(other, now=NOW)
    save_checkin(6, moment="standalone", now=NOW)
    close_database()
    size = other.stat().st_size
    with pytest.raises(CopyError, match="already holds a record"):
        copy_record(pg_server, other)
    assert other.stat().st_size == size


def test_copy_refuses_a_foreign_database_without_touching_it(demo_file, pg_server, pg_cluster):
    _foreign(pg_cluster, pg_server)
    with pytest.raises(StorageError, match="another application"):
        copy_record(demo_file, pg_server)
    assert _tables(pg_cluster, pg_server) == ["invoices"]


def test_after_a_copy_new_rows_get_new_ids(demo_file, pg_server):
    copy_record(demo_file, pg_server)
    store_for(pg_server).open(now=NOW)
    largest = CheckIn.select(peewee.fn.MAX(CheckIn.id)).scalar()
    assert save_checkin(4, moment="standalone", now=NOW).id == largest + 1


def test_the_copy_command_says_what_arrived(demo_file, pg_server):
    result = _cli("--db", str(demo_file), "copy", "--to", pg_server.url)
    assert result.returncode == 0, result.stderr
    assert "every table arrived whole" in result.stdout
    assert "setlog" in result.stdout
    again = _cli("--db", str(demo_file), "copy", "--to", pg_server.url)
    assert again.returncode == 2
    assert "already holds a record" in again.stderr and "Traceback" not in again.stderr


# --- where, passwords and faults -----------------------------------------------------------------

SECRET = "s3cret-Pa55word"


def test_where_shows_server_port_database_and_user_never_the_password(capsys):
    url = f"postgresql://alex:{SECRET}@db.home.lan:5433/backtui?sslmode=verify-full"
    assert main(["--db", url, "where"]) == 0
    out = capsys.readouterr().out
    assert SECRET not in out
    for part in ("db.home.lan", "5433", "backtui", "alex", "sslmode=verify-full"):
        assert part in out


def test_the_config_file_can_name_the_database(tmp_path, capsys):
    from backtui.paths import config_path

    config_path().parent.mkdir(parents=True)
    config_path().write_text('[database]\nurl = "postgresql://sam@pg.example/record"\n')
    assert main(["where"]) == 0
    out = capsys.readouterr().out
    assert "pg.example" in out and "sam" in out and "record" in out


def test_a_password_never_shows_in_a_message():
    server = ServerDatabase.parse(f"postgresql://alex:{SECRET}@h/db?password={SECRET}x")
    assert SECRET not in str(server) and SECRET not in repr(server)
    said = server.scrub(f"could not reach {server.url}: password {SECRET}x was wrong")
    assert SECRET not in said and "postgresql://alex@h/db" in said


@pytest.mark.parametrize("where", ["url", "environment"])
def test_a_wrong_password_is_one_line_with_status_2(pg_cluster, pg_server, where):
    pg_cluster.admin_sql(f"GRANT ALL ON DATABASE {pg_server.dbname} TO alex")
    if where == "url":
        result = _cli("--db", pg_cluster.tcp_url(pg_server.dbname, SECRET), "export")
    else:
        url = pg_cluster.tcp_url(pg_server.dbname)
        result = _cli("--db", url, "export", env={"PGPASSWORD": SECRET})
    assert result.returncode == 2
    assert "password authentication failed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr + result.stdout


def test_the_right_password_opens_the_record(pg_cluster, pg_server):
    from postgres_server import PASSWORD

    pg_cluster.admin_sql(f"ALTER DATABASE {pg_server.dbname} OWNER TO alex")
    result = _cli("--db", pg_cluster.tcp_url(pg_server.dbname), "checkin", "4",
                  env={"PGPASSWORD": PASSWORD})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Saved: pain 4/10" in result.stdout


def test_an_unreachable_server_is_one_line_with_status_2(pg_cluster):
    from postgres_server import _free_port

    url = f"postgresql://alex:{SECRET}@127.0.0.1:{_free_port()}/backtui"
    result = _cli("--db", url, "checkin", "3")
    assert result.returncode == 2
    assert "cannot use the PostgreSQL database postgresql://alex@127.0.0.1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and SECRET not in result.stderr


def test_the_app_refuses_an_unreachable_server_before_the_screen_opens(pg_cluster):
    from postgres_server import _free_port

    url = f"postgresql://alex:{SECRET}@127.0.0.1:{_free_port()}/backtui"
    result = _cli("--db", url)
    assert result.returncode == 2
    assert result.stderr.startswith("backtui: cannot use the PostgreSQL database")
    assert len(result.stderr.strip().splitlines()) == 1 and SECRET not in result.stderr


def test_copy_never_loads_textual(demo_file, pg_server):
    script = (
        "import sys; from backtui.cli import main; "
        "code = main(['--db', sys.argv[1], 'copy', '--to', sys.argv[2]]); "
        "assert code == 0, code; "
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(demo_file), pg_server.url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_commands_that_read_the_file_directly_say_so(pg_server):
    result = _cli("--db", pg_server.url, "status")
    assert result.returncode == 2
    assert "does not work with a PostgreSQL database yet" in result.stderr


# --- the same answers from both stores -----------------------------------------------------------


def _everything_read(location) -> dict:
    from backtui.history import aggregates, exercise_progress, log, story, therapies
    from backtui.history.not_improving import not_improving
    from backtui.plan.snapshot import load_plan
    from backtui.record.report import build_report

    today = DEMO_NOW.date()
    store_for(location).open_read_only()
    try:
        sessions = log.sessions_page(0, 20)
        progress = exercise_progress.exercise_progress(today)
        first = progress[0].exercise_id if progress else None
        return {
            "export": collect_record(),
            "report": build_report(DEMO_NOW, None, "24h"),
            "plan": load_plan(DEMO_NOW),
            "pain": [aggregates.pain_series(key, today) for key in ("4w", "3m", "1y", "all")],
            "consistency": aggregates.consistency(today),
            "heatmap": aggregates.heatmap(today),
            "sessions": sessions,
            "detail": [log.session_detail(row.id) for row in sessions.rows[:5]],
            "notes": log.notes_page(),
            "progress": progress,
            "doses": exercise_progress.dose_series(first) if first else None,
            "recent doses": exercise_progress.dose_series(first, weeks=52) if first else None,
            "decisions": exercise_progress.exercise_decisions(first) if first else None,
            "story": story.milestones(DEMO_NOW),
            # means agree to the last bit or two (avg is summed differently): compare the words
            "therapies": [therapies.describe(found) for found in therapies.compare_pain()],
            "therapies kept": [
                therapies.describe(found) for found in therapies.compare_pain(today=today)
            ],
            "not_improving": not_improving(DEMO_NOW),
        }
    finally:
        close_database()


def test_history_report_plan_and_export_read_the_same_on_both_stores(demo_file, pg_server):
    copy_record(demo_file, pg_server)
    on_file, on_server = _everything_read(demo_file), _everything_read(pg_server)
    assert on_file["sessions"].rows and on_file["story"] and on_file["progress"]
    for part, value in on_file.items():
        assert on_server[part] == value, part


def test_an_import_into_postgres_leaves_ids_free_for_new_rows(demo_file, pg_server, tmp_path):
    export = tmp_path / "record.json"
    assert _cli("--db", str(demo_file), "export", "-o", str(export)).returncode == 0
    imported = _cli("--db", pg_server.url, "import", str(export))
    assert imported.returncode == 0, imported.stderr
    assert str(pg_server) in imported.stdout and "postgresql://" in imported.stdout
    checkin = _cli("--db", pg_server.url, "checkin", "2")
    assert checkin.returncode == 0, checkin.stderr
    assert _record(pg_server)[0]["checkins"][-1]["pain"] == 2


def test_two_processes_opening_a_new_database_build_it_once(pg_server):
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "backtui.cli", "--db", pg_server.url, "checkin", str(pain)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for pain in (3, 4)
    ]
    results = [start.communicate(timeout=60) + (start.returncode,) for start in starts]
    assert [code for _, _, code in results] == [0, 0], results
    store_for(pg_server).open(now=NOW)
    assert sorted(row.pain for row in CheckIn.select()) == [3, 4]
    assert db.execute_sql('SELECT count(*) FROM "backtui_schema"').fetchone()[0] == 1


def test_a_url_without_a_database_name_is_one_line():
    result = _cli("--db", f"postgresql://alex:{SECRET}@db.home.lan", "where")
    assert result.returncode == 2
    assert "names no database" in result.stderr and SECRET not in result.stderr


def test_a_database_line_that_is_not_text_is_a_config_problem(tmp_path):
    from backtui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text(f'[database]\nurl = 5\nuser = "alex:{SECRET}"\n')
    problems = load_config(path).problems
    assert any("'database.url': must be a path or a postgresql:// URL" in p for p in problems)
    assert any("'database.user': unknown setting" in p for p in problems)
    assert not any(SECRET in p for p in problems)
    path.write_text('[database]\nurl = "postgresql://alex@h/db"\n')
    assert load_config(path).database_url == "postgresql://alex@h/db"


def test_tls_settings_in_the_url_reach_the_driver(pg_cluster, pg_server):
    url = f"postgresql://alex@127.0.0.1:{pg_cluster.port}/{pg_server.dbname}"
    record = postgres.ServerRecord(
        ServerDatabase.parse(f"{url}?sslmode=verify-full&sslrootcert=/etc/backtui-ca.crt")
    )
    assert record.connect_params["sslmode"] == "verify-full"
    assert record.connect_params["sslrootcert"] == "/etc/backtui-ca.crt"
    # The throwaway server has no TLS: a URL that requires it is refused by the driver itself.
    result = _cli("--db", f"{url}?sslmode=require", "checkin", "3", env={"PGPASSWORD": SECRET})
    assert result.returncode == 2
    assert "server does not support SSL" in result.stderr and SECRET not in result.stderr


def test_a_record_in_a_file_never_loads_the_driver(tmp_path):
    script = (
        "import sys; from backtui.cli import main; import backtui.tui.app; "
        "from backtui.tui.app import make_app; make_app(db_path=__import__('pathlib').Path("
        "sys.argv[1])); "
        "assert main(['--db', sys.argv[1], 'checkin', '3']) == 0; "
        "assert main(['--db', sys.argv[1], 'export', '-o', sys.argv[1] + '.json']) == 0; "
        "assert 'psycopg' not in sys.modules, 'the driver was loaded'"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "backtui.db")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
