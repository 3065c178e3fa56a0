"""Deterministic, realistic practice history for trying backtui, benchmarks and screenshots.

The story: a person starts the default programme with moderate pain, practises on most planned days,
misses some weeks, has a few flare-ups, and slowly improves. The same seed and end date always give
the same file.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from backtui.db.models import (
    CheckIn,
    PegEntry,
    PlanItem,
    ProgressionDecision,
    RedFlagScreening,
    Session,
    SetLog,
    SkipLog,
    TherapyEntry,
    db,
)
from backtui.db.storage import StorageError, open_database
from backtui.instants import at_local
from backtui.plan.library import sync_library
from backtui.plan.programmes import install_programme
from backtui.plan.weekly import add_item, set_weekdays
from backtui.progression.store import (
    DecisionError,
    accept_decision,
    evaluate_due,
    pending_decisions,
)

BATCH = 500
CALM_DAYS = 35
THERAPY_NOTES = {
    "physiotherapy": "Physio appointment: worked on hip hinge.",
    "massage": "Massage, upper and lower back.",
    "heat_ice": "Heat pack in the evening.",
    "medication": "Took ibuprofen after a long drive.",
}


class DemoError(Exception):
    """A one-line reason the demo database could not be made."""


def _target_path(path: Path | None) -> Path:
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="backtui-demo-"))
        return folder / "demo.db"
    path = Path(path).expanduser()
    if path.exists() and path.stat().st_size > 0:
        raise DemoError(f"{path} already exists and is not empty; choose a new file for the demo.")
    return path


def _flush(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start : start + BATCH]).execute()
    rows.clear()


class _Story:
    """Walks day by day, producing rows in memory, flushed in batches inside one transaction."""

    def __init__(self, rng: random.Random, start: date, end: date, items: list[PlanItem]):
        self.rng = rng
        self.start = start
        self.end = end
        self.items = items
        self.baseline = 5.5
        self.sessions: list[dict] = []
        self.pending_sets: list[tuple[int, dict]] = []
        self.checkins: list[dict] = []
        self.skips: list[tuple[int, dict]] = []
        self.flare_until: date | None = None
        self.away_until: date | None = None
        self.extra = {item.id: 0 for item in items}  # reps or minutes gained so far
        self.extra_sets = {item.id: 0 for item in items}
        self.decisions: list[dict] = []

    def pain_on(self, day: date) -> int:
        progress = min(1.0, (day - self.start).days / 240)
        level = self.baseline - 3.0 * progress + self.rng.gauss(0, 0.8)
        if self.flare_until and day <= self.flare_until:
            level += 2.5
        return max(0, min(10, round(level)))

    def run(self) -> None:
        day = self.start
        while day < self.end:  # today is still to come: its session is the person's to do
            self._maybe_start_episode(day)
            planned = [i for i in self.items if day.weekday() in i.weekday_list()]
            away = self.away_until is not None and day <= self.away_until
            pain = self.pain_on(day)
            if planned and not away and self.rng.random() < 0.85:
                self._session(day, planned, pain)
            elif self.rng.random() < 0.25:
                self._checkin(day, time(8, 30), "standalone", pain, None)
            day += timedelta(days=1)

    def _maybe_start_episode(self, day: date) -> None:
        roll = self.rng.random()
        if day > self.end - timedelta(days=CALM_DAYS):
            return  # the story ends in a steady spell, as the person opens backtui today
        if roll < 0.006:
            self.flare_until = day + timedelta(days=self.rng.randint(3, 9))
        elif roll < 0.010:
            self.away_until = day + timedelta(days=self.rng.randint(7, 16))

    def _checkin(self, day: date, at: time, moment: str, pain: int, session: int | None) -> None:
        locations = ["low_back"] + (["buttock"] if pain >= 5 and self.rng.random() < 0.4 else [])
        qualities = ["ache"] + (["stiffness"] if self.rng.random() < 0.5 else [])
        self.checkins.append(
            {
                "at": at_local(day, at),
                "moment": moment,
                "session": session,
                "pain": pain,
                "locations": locations,
                "qualities": qualities,
                "spreading": False,
                "stiffness": max(0, min(10, pain + self.rng.randint(-1, 1))),
                "sleep": max(0, min(10, 8 - pain // 2 + self.rng.randint(-1, 1))),
                "note": "Stiff after sitting all day." if self.rng.random() < 0.03 else "",
            }
        )

    def _session(self, day: date, planned: list[PlanItem], pain: int) -> None:
        session_id = len(self.sessions) + 1
        start = at_local(day, time(18, self.rng.randint(0, 45)))
        clock = start
        flare = self.flare_until is not None and day <= self.flare_until
        ended_early = flare and self.rng.random() < 0.5
        self._checkin(day, start.time(), "before", pain, session_id)
        planned_sets = 0
        for index, item in enumerate(planned):
            planned_sets += item.sets + self.extra_sets[item.id]
            if ended_early and index >= len(planned) // 2:
                break
            if flare and self.rng.random() < 0.2:
                self.skips.append(
                    (
                        session_id,
                        {"exercise": item.exercise_id, "reason": "pain", "note": "", "at": clock},
                    )
                )
                continue
            clock = self._sets(session_id, item, clock)
        status = "ended_early" if ended_early else "completed"
        self.sessions.append(
            {
                "id": session_id,
                "started_at": start,
                "ended_at": clock,
                "status": status,
                "kind": "planned",
                "planned_sets": planned_sets,
                "plan_day": day.weekday(),
                "effort": self.rng.randint(3, 6),
                "note": "",
            }
        )
        after = max(0, min(10, pain + self.rng.choice((-1, 0, 0, 1))))
        self._checkin(day, (clock + timedelta(minutes=2)).time(), "after", after, session_id)
        if self.rng.random() < 0.7 and day < self.end:
            morning = max(0, min(10, pain + self.rng.choice((-1, -1, 0, 0, 0, 1))))
            self._checkin(day + timedelta(days=1), time(7, 45), "next_morning", morning, None)
        self._grow(session_id, clock, planned, flare)

    def _sets(self, session_id: int, item: PlanItem, clock: datetime) -> datetime:
        for set_number in range(1, item.sets + self.extra_sets[item.id] + 1):
            if item.minutes:
                minutes = item.minutes + self.extra[item.id]
                clock += timedelta(minutes=minutes)
                done = {"duration_seconds": minutes * 60}
            elif item.hold_seconds:
                reps = item.reps or 1
                clock += timedelta(seconds=reps * (item.hold_seconds + 3) + 30)
                done = {"reps": reps, "hold_seconds": item.hold_seconds}
            else:
                reps = (item.reps or 8) + self.extra[item.id]
                clock += timedelta(seconds=reps * 4 + 30)
                done = {"reps": reps}
            self.pending_sets.append(
                (
                    session_id,
                    {
                        "exercise": item.exercise_id,
                        "set_number": set_number,
                        "reps": None,
                        "hold_seconds": None,
                        "duration_seconds": None,
                        **done,
                        "completed_at": clock,
                    },
                )
            )
        return clock

    def _dose(self, item: PlanItem) -> dict:
        sets = item.sets + self.extra_sets[item.id]
        if item.minutes:
            return {"sets": sets, "minutes": item.minutes + self.extra[item.id]}
        if item.hold_seconds:
            return {"sets": sets, "reps": item.reps, "hold_seconds": item.hold_seconds}
        return {"sets": sets, "reps": (item.reps or 8) + self.extra[item.id]}

    def _grow(self, session_id: int, at: datetime, planned: list[PlanItem], flare: bool) -> None:
        # Slow, capped growth in the spirit of the pacing rules; flares step back.
        for item in planned:
            before = self._dose(item)
            if flare and (self.extra[item.id] > 0 or self.extra_sets[item.id] > 0):
                if self.extra[item.id] > 0:
                    self.extra[item.id] -= 1
                else:
                    self.extra_sets[item.id] -= 1
                action, why = "step_back", "pain went above 5 during the session"
            elif flare or self.rng.random() >= 0.05:
                continue
            elif not item.minutes and self.extra[item.id] >= 3 and self.extra_sets[item.id] < 2:
                self.extra_sets[item.id] += 1
                self.extra[item.id] = 0
                action, why = "progress", "pain stayed low and settled by the next morning"
            elif self.extra[item.id] < (20 if item.minutes else 3):
                self.extra[item.id] += 2 if item.minutes else 1
                action, why = "progress", "pain stayed low and settled by the next morning"
            else:
                continue
            self.decisions.append(
                {
                    "at": at,
                    "session": session_id,
                    "plan_item": item.id,
                    "exercise": item.exercise_id,
                    "action": action,
                    "from_dose": before,
                    "to_dose": self._dose(item),
                    "reason": f"{item.exercise.name}: {why}.",
                    "status": "accepted",
                    "decided_at": at,
                }
            )


def create_demo(
    path: Path | None = None, *, years: float = 1.0, seed: int = 7, end: datetime | None = None
) -> Path:
    """Create a new database at ``path`` (a temporary file if None) holding ``years`` of history."""
    if not 0 < years <= 50:
        raise DemoError("--years must be more than 0 and at most 50.")
    target = _target_path(path)
    end_day = (end or datetime.now().astimezone()).date()
    start_day = end_day - timedelta(days=max(1, round(years * 365.25)))
    try:
        open_database(target, now=at_local(start_day, time(8)))
    except StorageError as error:
        raise DemoError(str(error)) from error
    sync_library()
    _demo_plan(at_local(start_day, time(8)))
    items = list(PlanItem.select().where(PlanItem.active).order_by(PlanItem.position))
    story = _Story(random.Random(seed), start_day, end_day, items)
    story.run()
    with db.atomic():
        _write_story(story, start_day)
    _settle_suggestions(at_local(end_day, (end or datetime.now().astimezone()).time()))
    return target


def _settle_suggestions(now: datetime, keep_open: int = 2) -> None:
    """Run the progression engine over the last days, as the app would, and accept all but the
    newest few suggestions, as the person would have done day by day."""
    evaluate_due(now)
    pending = sorted(pending_decisions(), key=lambda d: (d.at, d.id), reverse=True)
    for decision in pending[keep_open:]:
        try:
            accept_decision(decision.id, now)
        except DecisionError:
            continue


def _demo_plan(now: datetime) -> None:
    """Core and mobility three days a week, with a short walk and easy mobility every day."""
    every_day = range(7)
    install_programme("core_mobility", now, start_today=False)
    for item in PlanItem.select().where(PlanItem.active):
        if item.exercise.slug == "cat_cow":
            set_weekdays(item.id, every_day)
    add_item("walking", every_day, now)
    add_item("knee_rolls", (1, 3, 5, 6), now)


def _write_story(story: _Story, start_day: date) -> None:
    rng = story.rng
    first_at = at_local(start_day, time(8))
    RedFlagScreening.create(at=first_at, answers=[], outcome="none", trigger="first_session")
    _flush(Session, story.sessions)
    _flush(SetLog, [{"session": sid, **row} for sid, row in story.pending_sets])
    _flush(SkipLog, [{"session": sid, **row} for sid, row in story.skips])
    _flush(CheckIn, story.checkins)
    pegs, therapies = [], []
    day = start_day
    while day <= story.end:
        if day.weekday() == 6:
            pain = story.pain_on(day)
            enjoy = max(0, min(10, pain + rng.randint(-1, 1)))
            act = max(0, min(10, pain + rng.randint(-1, 1)))
            pegs.append(
                {
                    "at": at_local(day, time(20)),
                    "pain": pain,
                    "enjoyment": enjoy,
                    "activity": act,
                    "score": round((pain + enjoy + act) / 3, 2),
                }
            )
        if rng.random() < 0.05:
            kind = rng.choice(sorted(THERAPY_NOTES))
            therapies.append({"day": day, "kind": kind, "note": THERAPY_NOTES[kind]})
        day += timedelta(days=1)
    _flush(PegEntry, pegs)
    _flush(TherapyEntry, therapies)
    _flush(ProgressionDecision, story.decisions)
    for item in story.items:  # the plan ends at the dose the story grew to
        dose = story._dose(item)
        item.sets = dose["sets"]
        item.minutes = dose.get("minutes")
        item.reps = dose.get("reps")
        item.save()
