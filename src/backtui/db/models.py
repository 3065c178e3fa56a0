"""The stored record: Peewee models over one SQLite file or one PostgreSQL database.

Times are instants (see backtui.instants): ISO 8601 local time with the UTC offset in force when
they happened, read back as aware datetimes. Lists of labels (pain locations, cues) are stored as
JSON text so that one row holds one event.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    Field,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from backtui.errors import StorageError
from backtui.instants import from_text, to_text


class _Database(SqliteDatabase):
    """A local SQLite file (storage.open_database)."""

    # Set by storage.open_database: raises when the file was replaced or moved under this process.
    guard = None
    # Once the file was found replaced, every later write is refused with the same words, even
    # if the path comes back: what this process holds may no longer match the file.
    replaced: StorageError | None = None

    def execute_sql(self, sql, params=None):
        # One stat() before each write (about a microsecond), none before reads.
        if self.guard is not None and not sql.startswith(("SELECT", "PRAGMA")):
            if self.replaced is not None:
                raise type(self.replaced)(str(self.replaced))
            try:
                self.guard()
            except StorageError as error:
                self.replaced = error
                raise
        return super().execute_sql(sql, params)

    def rollback(self):
        # A failed write (disk I/O error, disk full) can make SQLite roll the transaction back by
        # itself; a second ROLLBACK then fails and its error would hide the real one.
        if not self.is_closed() and not self.connection().in_transaction:
            return
        super().rollback()


class _Record(DatabaseProxy):
    """The database every model uses: an SQLite file (``_Database``) or a PostgreSQL database
    (``postgres.ServerRecord``), chosen at run time by storage.open_database or
    postgres.open_server."""

    def is_closed(self) -> bool:
        return self.obj is None or self.obj.is_closed()


db = _Record()


class JSONField(TextField):
    """A JSON value stored as text."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class InstantField(Field):
    """An instant: stored as ISO 8601 local time with its UTC offset, read as an aware datetime.

    A date compared with the column stands for the start of that local day, so a range of days is
    a text range on the column's index (see backtui.instants).
    """

    field_type = "DATETIME"

    def db_value(self, value):
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, datetime):
            return to_text(value)
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"not a time: {value!r}")

    def python_value(self, value):
        return None if value is None else from_text(value)


class BaseModel(Model):
    class Meta:
        database = db


# Exercise kinds promised by the product (NICE NG59: biomechanical, aerobic and mind-body exercise).
KINDS = ("core", "mobility", "cardio", "yoga")
# How an exercise is dosed: counted reps, a timed hold per rep, or minutes of steady cardio.
DOSE_TYPES = ("reps", "hold", "minutes")


class Exercise(BaseModel):
    """A built-in (from the shipped library) or user-made exercise."""

    id = AutoField()
    slug = CharField(unique=True)
    name = CharField()
    kind = CharField()  # one of KINDS
    dose_type = CharField()  # one of DOSE_TYPES
    per_side = BooleanField(default=False)
    # Beginner starting dose.
    sets = IntegerField(default=1)
    reps = IntegerField(null=True)
    hold_seconds = IntegerField(null=True)
    minutes = IntegerField(null=True)
    cues = JSONField(default=list)
    mistakes = JSONField(default=list)
    easier = CharField(null=True)  # slug
    harder = CharField(null=True)  # slug
    summary = TextField(default="")
    source = TextField(default="")
    builtin = BooleanField(default=True)


class PlanItem(BaseModel):
    """One exercise in the weekly plan, on some weekdays, at the person's current dose.

    The dose here is the person's own: built-in exercise definitions are never edited in place.
    """

    id = AutoField()
    exercise = ForeignKeyField(Exercise, backref="plan_items", on_delete="CASCADE")
    weekdays = CharField(default="0,2,4")  # Monday=0 … Sunday=6, comma separated
    position = IntegerField(default=0)
    sets = IntegerField(default=1)
    reps = IntegerField(null=True)
    hold_seconds = IntegerField(null=True)
    minutes = IntegerField(null=True)
    active = BooleanField(default=True)
    added_at = InstantField()

    def weekday_list(self) -> list[int]:
        return [int(d) for d in self.weekdays.split(",") if d != ""]


SESSION_STATUSES = ("in_progress", "completed", "ended_early", "interrupted")


class Session(BaseModel):
    id = AutoField()
    started_at = InstantField(index=True)
    ended_at = InstantField(null=True)
    status = CharField(default="in_progress")  # indexed with started_at, below
    kind = CharField(default="planned")  # planned | minimum
    planned_sets = IntegerField(default=0)
    plan_day = IntegerField(null=True)  # weekday whose plan ran (schema v2)
    effort = IntegerField(null=True)  # how hard it felt, 0-10, asked after the session
    note = TextField(default="")

    class Meta:
        # Status alone matches nearly every row; with the date it finds a week's sessions.
        indexes = ((("status", "started_at"), False),)


class SetLog(BaseModel):
    """One completed set, committed the moment the person confirms it."""

    id = AutoField()
    session = ForeignKeyField(Session, backref="sets", on_delete="CASCADE", index=True)
    exercise = ForeignKeyField(Exercise, backref="set_logs", index=False)  # indexed below
    set_number = IntegerField()
    reps = IntegerField(null=True)
    hold_seconds = IntegerField(null=True)
    duration_seconds = IntegerField(null=True)
    completed_at = InstantField(index=True)

    class Meta:
        # An exercise's sets in time order (first and latest dose), with the session for counts.
        # Each set once per session and exercise (schema v5: migrations.one_set_stored_once).
        indexes = (
            (("exercise", "completed_at", "session"), False),
            (("session", "exercise", "set_number"), True),
        )


SKIP_REASONS = ("pain", "too_hard", "no_time", "other")


class SkipLog(BaseModel):
    id = AutoField()
    session = ForeignKeyField(Session, backref="skips", on_delete="CASCADE", index=True)
    exercise = ForeignKeyField(Exercise, backref="skips")
    reason = CharField()  # one of SKIP_REASONS
    note = TextField(default="")
    at = InstantField()


MOMENTS = ("before", "during", "after", "next_morning", "standalone")
LOCATIONS = ("low_back", "mid_upper_back", "neck", "buttock", "one_leg", "both_legs")
QUALITIES = ("ache", "stiffness", "sharp", "burning", "pins_needles_numbness")


class CheckIn(BaseModel):
    id = AutoField()
    at = InstantField(index=True)
    moment = CharField()  # one of MOMENTS
    session = ForeignKeyField(Session, backref="checkins", null=True, on_delete="SET NULL")
    pain = IntegerField()  # 0-10 numeric rating scale
    locations = JSONField(default=list)
    qualities = JSONField(default=list)
    spreading = BooleanField(null=True)  # leg symptoms spreading further than before
    # Pain moving back towards the spine ("centralising", McKenzie; Donelson 1990), schema v4.
    centralising = BooleanField(null=True)
    # The exercise a during-session check-in is about, so progression can judge it on its own
    # (the "checkin_exercise" schema step).
    exercise = ForeignKeyField(Exercise, null=True, on_delete="SET NULL")
    stiffness = IntegerField(null=True)  # 0-10
    sleep = IntegerField(null=True)  # 0-10, 10 = slept well
    note = TextField(default="")
    # Made where the check-in was written (schema v8), so one kept on this machine while the
    # server could not be reached is stored once however often it is sent (db/journal.py). Not
    # exported: a record's own bookkeeping, like its ids.
    client_id = CharField(null=True, unique=True)


TRIAGE_OUTCOMES = ("none", "urgent", "emergency")


class RedFlagScreening(BaseModel):
    """A red-flag checklist answered by the person, and what backtui advised."""

    id = AutoField()
    at = InstantField(index=True)
    session = ForeignKeyField(Session, backref="screenings", null=True, on_delete="SET NULL")
    answers = JSONField(default=list)  # ids of the flags ticked
    outcome = CharField()  # one of TRIAGE_OUTCOMES
    trigger = CharField(default="manual")  # first_session | manual | body_signal | session


HOLD_ENDINGS = ("cleared", "withdrawn")
CLINICIANS = ("doctor", "physiotherapist", "other_clinician")


class RedFlagHold(BaseModel):
    """Exercise on hold after an emergency or urgent screening (schema v4).

    Only a clinician's clearance or the person withdrawing a flag ticked by mistake ends a hold,
    never a pain score (clinical reference: a red flag is cleared by a clinician, not a good day).
    """

    id = AutoField()
    started_at = InstantField()
    screening = ForeignKeyField(RedFlagScreening, backref="holds", null=True, on_delete="SET NULL")
    flags = JSONField(default=list)  # ids of the flags that started it
    outcome = CharField()  # "emergency" | "urgent"
    ended_at = InstantField(null=True)
    ending = CharField(null=True)  # one of HOLD_ENDINGS
    cleared_by = CharField(null=True)  # one of CLINICIANS, when cleared
    note = TextField(default="")

    class Meta:
        # The open holds: few rows, looked up at every start-up and progression step.
        indexes = ((("ended_at", "started_at"), False),)


class FlareUp(BaseModel):
    """A flare-up noticed before a session: pain well above the usual level (schema v4)."""

    id = AutoField()
    started_at = InstantField(index=True)
    pain = IntegerField()  # the pain before the session that showed it
    usual = FloatField(null=True)  # the usual level then, when known
    reasons = JSONField(default=list)  # plain words: why it counts as a flare-up


class PegEntry(BaseModel):
    """PEG (Krebs 2009): pain, enjoyment and general activity over the past week, 0-10 each."""

    id = AutoField()
    at = InstantField(index=True)
    pain = IntegerField()
    enjoyment = IntegerField()
    activity = IntegerField()
    score = FloatField()


class PsfsEntry(BaseModel):
    """PSFS (Stratford 1995): 3-5 activities that matter, each rated 0 (unable) to 10."""

    id = AutoField()
    at = InstantField(index=True)
    items = JSONField(default=list)  # [{"activity": str, "score": int}]
    score = FloatField()


THERAPY_KINDS = (
    "physiotherapy",
    "chiropractic",
    "massage",
    "heat_ice",
    "medication",
    "diet",
    "other",
)


class TherapyEntry(BaseModel):
    id = AutoField()
    day = DateField(index=True)
    kind = CharField()  # one of THERAPY_KINDS
    note = TextField(default="")


DECISION_ACTIONS = ("progress", "hold", "step_back", "see_clinician")
DECISION_STATUSES = ("pending", "accepted", "declined", "info")


class ProgressionDecision(BaseModel):
    """What the progression engine suggested for one plan item, and what the person decided."""

    id = AutoField()
    at = InstantField(index=True)
    session = ForeignKeyField(Session, backref="decisions", null=True, on_delete="SET NULL")
    plan_item = ForeignKeyField(
        PlanItem, backref="decisions", null=True, on_delete="SET NULL", index=False
    )
    exercise = ForeignKeyField(Exercise, backref="decisions", null=True, index=False)
    action = CharField()  # one of DECISION_ACTIONS
    from_dose = JSONField(null=True)
    to_dose = JSONField(null=True)
    to_exercise = CharField(null=True)  # slug, when stepping to a variant
    reason = TextField()
    status = CharField(default="pending")
    decided_at = InstantField(null=True)

    class Meta:
        # Each leads with what a query asks for, then the time it orders or ranges by.
        indexes = (
            (("status", "at"), False),
            (("plan_item", "at"), False),
            (("exercise", "at"), False),
        )


# History's notes list reads only the rows that carry a note (partial indexes, schema v3).
Session.add_index(
    Session.index(Session.started_at, name="session_note_started_at").where(Session.note != "")
)
CheckIn.add_index(CheckIn.index(CheckIn.at, name="checkin_note_at").where(CheckIn.note != ""))


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = JSONField(null=True)


ALL_MODELS = [
    Exercise,
    PlanItem,
    Session,
    SetLog,
    SkipLog,
    CheckIn,
    RedFlagScreening,
    RedFlagHold,
    FlareUp,
    PegEntry,
    PsfsEntry,
    TherapyEntry,
    ProgressionDecision,
    Setting,
]
