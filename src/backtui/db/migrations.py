"""Numbered schema steps, recorded in PRAGMA user_version (SQLite) or backtui_schema (PostgreSQL).

Each step is frozen once released: a change to a model needs a new step here, never an edit to an
old one. storage.open_database backs the file up before running any step on an existing database.
The same steps build and upgrade both stores: write them in SQLite's words and run them through
``dialect.run_script`` (see db/dialect.py for what PostgreSQL reads differently).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from peewee import SqliteDatabase

from backtui.db.dialect import on_postgres, record_version, run_script

_V1_TABLES = """
CREATE TABLE "session" ("id" INTEGER NOT NULL PRIMARY KEY, "started_at" DATETIME NOT NULL, "ended_at" DATETIME, "status" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "planned_sets" INTEGER NOT NULL, "effort" INTEGER, "note" TEXT NOT NULL);
CREATE INDEX "session_started_at" ON "session" ("started_at");
CREATE INDEX "session_status" ON "session" ("status");
CREATE TABLE "checkin" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "moment" VARCHAR(255) NOT NULL, "session_id" INTEGER, "pain" INTEGER NOT NULL, "locations" TEXT NOT NULL, "qualities" TEXT NOT NULL, "spreading" INTEGER, "stiffness" INTEGER, "sleep" INTEGER, "note" TEXT NOT NULL, FOREIGN KEY ("session_id") REFERENCES "session" ("id") ON DELETE SET NULL);
CREATE INDEX "checkin_at" ON "checkin" ("at");
CREATE INDEX "checkin_session_id" ON "checkin" ("session_id");
CREATE TABLE "exercise" ("id" INTEGER NOT NULL PRIMARY KEY, "slug" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "dose_type" VARCHAR(255) NOT NULL, "per_side" INTEGER NOT NULL, "sets" INTEGER NOT NULL, "reps" INTEGER, "hold_seconds" INTEGER, "minutes" INTEGER, "cues" TEXT NOT NULL, "mistakes" TEXT NOT NULL, "easier" VARCHAR(255), "harder" VARCHAR(255), "summary" TEXT NOT NULL, "source" TEXT NOT NULL, "builtin" INTEGER NOT NULL);
CREATE UNIQUE INDEX "exercise_slug" ON "exercise" ("slug");
CREATE TABLE "pegentry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "pain" INTEGER NOT NULL, "enjoyment" INTEGER NOT NULL, "activity" INTEGER NOT NULL, "score" REAL NOT NULL);
CREATE INDEX "pegentry_at" ON "pegentry" ("at");
CREATE TABLE "planitem" ("id" INTEGER NOT NULL PRIMARY KEY, "exercise_id" INTEGER NOT NULL, "weekdays" VARCHAR(255) NOT NULL, "position" INTEGER NOT NULL, "sets" INTEGER NOT NULL, "reps" INTEGER, "hold_seconds" INTEGER, "minutes" INTEGER, "active" INTEGER NOT NULL, "added_at" DATETIME NOT NULL, FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id") ON DELETE CASCADE);
CREATE INDEX "planitem_exercise_id" ON "planitem" ("exercise_id");
CREATE TABLE "progressiondecision" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "session_id" INTEGER, "plan_item_id" INTEGER, "exercise_id" INTEGER, "action" VARCHAR(255) NOT NULL, "from_dose" TEXT, "to_dose" TEXT, "to_exercise" VARCHAR(255), "reason" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "decided_at" DATETIME, FOREIGN KEY ("session_id") REFERENCES "session" ("id") ON DELETE SET NULL, FOREIGN KEY ("plan_item_id") REFERENCES "planitem" ("id") ON DELETE SET NULL, FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id"));
CREATE INDEX "progressiondecision_at" ON "progressiondecision" ("at");
CREATE INDEX "progressiondecision_session_id" ON "progressiondecision" ("session_id");
CREATE INDEX "progressiondecision_plan_item_id" ON "progressiondecision" ("plan_item_id");
CREATE INDEX "progressiondecision_exercise_id" ON "progressiondecision" ("exercise_id");
CREATE INDEX "progressiondecision_status" ON "progressiondecision" ("status");
CREATE TABLE "psfsentry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "items" TEXT NOT NULL, "score" REAL NOT NULL);
CREATE INDEX "psfsentry_at" ON "psfsentry" ("at");
CREATE TABLE "redflagscreening" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "session_id" INTEGER, "answers" TEXT NOT NULL, "outcome" VARCHAR(255) NOT NULL, "trigger" VARCHAR(255) NOT NULL, FOREIGN KEY ("session_id") REFERENCES "session" ("id") ON DELETE SET NULL);
CREATE INDEX "redflagscreening_at" ON "redflagscreening" ("at");
CREATE INDEX "redflagscreening_session_id" ON "redflagscreening" ("session_id");
CREATE TABLE "setlog" ("id" INTEGER NOT NULL PRIMARY KEY, "session_id" INTEGER NOT NULL, "exercise_id" INTEGER NOT NULL, "set_number" INTEGER NOT NULL, "reps" INTEGER, "hold_seconds" INTEGER, "duration_seconds" INTEGER, "completed_at" DATETIME NOT NULL, FOREIGN KEY ("session_id") REFERENCES "session" ("id") ON DELETE CASCADE, FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id"));
CREATE INDEX "setlog_session_id" ON "setlog" ("session_id");
CREATE INDEX "setlog_exercise_id" ON "setlog" ("exercise_id");
CREATE INDEX "setlog_completed_at" ON "setlog" ("completed_at");
CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT);
CREATE TABLE "skiplog" ("id" INTEGER NOT NULL PRIMARY KEY, "session_id" INTEGER NOT NULL, "exercise_id" INTEGER NOT NULL, "reason" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, "at" DATETIME NOT NULL, FOREIGN KEY ("session_id") REFERENCES "session" ("id") ON DELETE CASCADE, FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id"));
CREATE INDEX "skiplog_session_id" ON "skiplog" ("session_id");
CREATE INDEX "skiplog_exercise_id" ON "skiplog" ("exercise_id");
CREATE TABLE "therapyentry" ("id" INTEGER NOT NULL PRIMARY KEY, "day" DATE NOT NULL, "kind" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL);
CREATE INDEX "therapyentry_day" ON "therapyentry" ("day");
"""


def _v1_initial(database: SqliteDatabase) -> None:
    run_script(database, _V1_TABLES)


def _v2_session_plan_day(database: SqliteDatabase) -> None:
    # Which weekday's plan a session ran, so running "the next planned day" early is recorded.
    database.execute_sql('ALTER TABLE "session" ADD COLUMN "plan_day" INTEGER')


_V3_INDEXES = """
DROP INDEX "session_status";
CREATE INDEX "session_status_started_at" ON "session" ("status", "started_at");
CREATE INDEX "session_note_started_at" ON "session" ("started_at") WHERE "note" != '';
CREATE INDEX "checkin_note_at" ON "checkin" ("at") WHERE "note" != '';
DROP INDEX "setlog_exercise_id";
CREATE INDEX "setlog_exercise_id_completed_at_session_id" ON "setlog" ("exercise_id", "completed_at", "session_id");
DROP INDEX "progressiondecision_status";
CREATE INDEX "progressiondecision_status_at" ON "progressiondecision" ("status", "at");
DROP INDEX "progressiondecision_plan_item_id";
CREATE INDEX "progressiondecision_plan_item_id_at" ON "progressiondecision" ("plan_item_id", "at");
DROP INDEX "progressiondecision_exercise_id";
CREATE INDEX "progressiondecision_exercise_id_at" ON "progressiondecision" ("exercise_id", "at");
"""


def _v3_query_indexes(database: SqliteDatabase) -> None:
    # Indexes shaped like the queries that start-up and first renders run, so their cost does not
    # grow with years of record: a status with its date range (status alone matches nearly every
    # row), an exercise's sets in time order, a plan item's or exercise's decisions newest first,
    # and the few rows that carry a note. Each dropped index is the first column of its successor.
    run_script(database, _V3_INDEXES)


_V4_HOLDS_FLARES = """
CREATE TABLE "redflaghold" ("id" INTEGER NOT NULL PRIMARY KEY, "started_at" DATETIME NOT NULL, "screening_id" INTEGER, "flags" TEXT NOT NULL, "outcome" VARCHAR(255) NOT NULL, "ended_at" DATETIME, "ending" VARCHAR(255), "cleared_by" VARCHAR(255), "note" TEXT NOT NULL, FOREIGN KEY ("screening_id") REFERENCES "redflagscreening" ("id") ON DELETE SET NULL);
CREATE INDEX "redflaghold_screening_id" ON "redflaghold" ("screening_id");
CREATE INDEX "redflaghold_ended_at_started_at" ON "redflaghold" ("ended_at", "started_at");
CREATE TABLE "flareup" ("id" INTEGER NOT NULL PRIMARY KEY, "started_at" DATETIME NOT NULL, "pain" INTEGER NOT NULL, "usual" REAL, "reasons" TEXT NOT NULL);
CREATE INDEX "flareup_started_at" ON "flareup" ("started_at");
ALTER TABLE "checkin" ADD COLUMN "centralising" INTEGER;
INSERT INTO "redflaghold" ("started_at", "screening_id", "flags", "outcome", "note")
    SELECT "at", "id", "answers", "outcome", '' FROM "redflagscreening"
    WHERE "outcome" != 'none'
      AND EXISTS (SELECT 1 FROM "setting" WHERE "key" = 'progression_paused_until_clear')
    ORDER BY "at" DESC, "id" DESC LIMIT 1;
DELETE FROM "setting" WHERE "key" = 'progression_paused_until_clear';
"""


def _v4_holds_and_flare_ups(database: SqliteDatabase) -> None:
    # Red-flag holds become rows that only a clinician's clearance or a withdrawal ends (clinical
    # reference: "a red flag is cleared by a clinician, not by a good day"); a pause that was
    # open under the old setting becomes an open hold for the newest warning-sign screening.
    # Flare-ups get their own rows, and a check-in can say pain moved back towards the spine.
    run_script(database, _V4_HOLDS_FLARES)


def _checkin_exercise(database: SqliteDatabase) -> None:
    # A check-in during a session can name the exercise it is about (the pain asked for after an
    # exercise's last set), so progression judges an exercise that hurt on its own. Existing
    # check-ins keep no exercise: they were about the session as a whole.
    database.execute_sql(
        'ALTER TABLE "checkin" ADD COLUMN "exercise_id" INTEGER '
        'REFERENCES "exercise" ("id") ON DELETE SET NULL'
    )
    database.execute_sql('CREATE INDEX "checkin_exercise_id" ON "checkin" ("exercise_id")')


_ONE_SET_ONCE = """
DELETE FROM "setlog" WHERE "id" NOT IN (
    SELECT MIN("id") FROM "setlog" GROUP BY "session_id", "exercise_id", "set_number");
CREATE UNIQUE INDEX "setlog_session_id_exercise_id_set_number"
    ON "setlog" ("session_id", "exercise_id", "set_number");
"""


def one_set_stored_once(database: SqliteDatabase) -> None:
    # A set of an exercise is stored once per session: two windows on one session (before
    # sessions had an owner) could store set 1 twice. The first row stored of each such pair is
    # kept, later copies dropped, then the database refuses any further copy.
    run_script(database, _ONE_SET_ONCE, ";\n")


# Every stored time, by table (frozen with the step below).
_V7_TIMES = {
    "planitem": ("added_at",),
    "session": ("started_at", "ended_at"),
    "setlog": ("completed_at",),
    "skiplog": ("at",),
    "checkin": ("at",),
    "redflagscreening": ("at",),
    "redflaghold": ("started_at", "ended_at"),
    "flareup": ("started_at",),
    "pegentry": ("at",),
    "psfsentry": ("at",),
    "progressiondecision": ("at", "decided_at"),
}
_V7_SETTINGS = ("programme_started_at",)


def _with_offset(text: str) -> str:
    # A naive time was the machine's wall clock: read it in the zone in force now.
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def times_with_offsets(database: SqliteDatabase) -> None:
    # Times were naive local wall-clock values, which midnight, daylight saving and travel could
    # misplace. Each becomes ISO 8601 local time with its UTC offset (backtui.instants), read in
    # the machine's zone now; the values keep their local date and hour. Plain SELECT and UPDATE
    # with the driver's own placeholder, so the step runs on both stores.
    mark = "%s" if on_postgres(database) else "?"
    cursor = database.cursor()
    for table, columns in _V7_TIMES.items():
        for column in columns:
            cursor.execute(f'SELECT "id", "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')
            cursor.executemany(
                f'UPDATE "{table}" SET "{column}" = {mark} WHERE "id" = {mark}',
                [(_with_offset(text), row_id) for row_id, text in cursor.fetchall()],
            )
    cursor.execute('SELECT "key", "value" FROM "setting"')
    settings = dict(cursor.fetchall())
    for key in (*_V7_SETTINGS, "progression_state"):
        if not settings.get(key) or settings[key] == "null":
            continue
        value = json.loads(settings[key])
        if key == "progression_state":
            if not isinstance(value, dict) or not value.get("last_session_at"):
                continue
            value["last_session_at"] = _with_offset(value["last_session_at"])
        else:
            value = _with_offset(value)
        cursor.execute(
            f'UPDATE "setting" SET "value" = {mark} WHERE "key" = {mark}', (json.dumps(value), key)
        )


def checkin_client_ids(database: SqliteDatabase) -> None:
    # Each new check-in carries an id made where it was written, so a check-in kept on this
    # machine while the record's server could not be reached is stored once, however often it is
    # sent (db/journal.py). Check-ins stored before have none; NULLs never clash in the index.
    database.execute_sql('ALTER TABLE "checkin" ADD COLUMN "client_id" VARCHAR(255)')
    database.execute_sql('CREATE UNIQUE INDEX "checkin_client_id" ON "checkin" ("client_id")')


STEPS: list[Callable[[SqliteDatabase], None]] = [
    _v1_initial,
    _v2_session_plan_day,
    _v3_query_indexes,
    _v4_holds_and_flare_ups,
    _checkin_exercise,
    one_set_stored_once,
    times_with_offsets,
    checkin_client_ids,
]
SCHEMA_VERSION = len(STEPS)


def migrate(database: SqliteDatabase, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Run each missing step in its own transaction, so a failure leaves the last good version."""
    for number in range(from_version + 1, to_version + 1):
        with database.atomic():
            STEPS[number - 1](database)
            record_version(database, number)
