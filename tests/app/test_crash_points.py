"""SIGKILL at randomised points of a real session: the file stays sound, nothing confirmed is lost.

Each kill point runs the real app in a child process on a pseudo-terminal (the same harness as
test_session_crash.py), on its own copy of one small database, types keys like a person would, and
kills the process with SIGKILL at a point chosen by a seeded random generator: during a hold, during
a rest, during reps, just after a set is confirmed, and inside a check-in (the form open, pain
typed, right after enter, after its confirmation). Afterwards:

- ``PRAGMA integrity_check`` is ok and no foreign key dangles;
- every set the screen counted as done ("N of M sets done") is in the database, and no set is
  there that was never confirmed;
- a check-in the screen confirmed ("Pain N/10 noted") is in the database with its pain score, and
  nothing half-written or invalid is.

The seed is fixed, so a failing kill point can be run again exactly; BACKTUI_CRASH_SEED changes it.
Kill points run two at a time, each on its own file.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from test_session_crash import PATIENCE, Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

SEED = int(os.environ.get("BACKTUI_CRASH_SEED", "20261125"))
KILL_POINTS = 24
KINDS = (
    "hold",  # during a timed hold
    "rest",  # during the rest after a set
    "reps",  # during a set of reps
    "set_enter",  # a moment after enter confirms a set, whatever the screen shows yet
    "set_shown",  # the instant the screen counts the set as done
    "checkin_open",  # the check-in form is open, nothing typed
    "checkin_pain",  # pain typed, enter not pressed
    "checkin_enter",  # a moment after enter saves the check-in
    "checkin_noted",  # the instant the session confirms the check-in
)
# The plan: a hold exercise then a reps exercise, two sets each (four sets in all).
HOLD_SETS, REP_SETS = 2, 2
TOTAL_SETS = HOLD_SETS + REP_SETS
SETS_DONE = re.compile(rf"(\d+) of {TOTAL_SETS} sets done")
NOTED = re.compile(r"Pain (\d+)/10 noted")


@dataclass(frozen=True)
class KillPoint:
    number: int
    kind: str
    sets_before: int  # sets completed (with enter) before heading for the kill point
    pre_pain: int  # the answer to "before you start"
    pain: int  # the check-in's pain, for check-in kinds (2-5: no advice screen opens)
    delay: float  # seconds between reaching the point and the kill

    def __str__(self) -> str:
        return (
            f"kill point {self.number} ({self.kind}, after {self.sets_before} sets, "
            f"+{self.delay:.2f}s, seed {SEED})"
        )


def kill_points(seed: int = SEED, n: int = KILL_POINTS) -> list[KillPoint]:
    """Every kind at least twice, the rest at random; every detail drawn from ``seed``."""
    rng = random.Random(seed)
    kinds = [*KINDS, *KINDS]
    kinds += [rng.choice(KINDS) for _ in range(n - len(kinds))]
    rng.shuffle(kinds)
    points = []
    for number, kind in enumerate(kinds, start=1):
        if kind == "hold":
            sets_before = rng.randrange(HOLD_SETS)
        elif kind == "reps":
            sets_before = HOLD_SETS + rng.randrange(REP_SETS)
        elif kind.startswith("set_") or kind == "rest":
            sets_before = rng.randrange(TOTAL_SETS - 1)  # leaves a set to confirm
        else:
            sets_before = rng.randrange(TOTAL_SETS)
        if kind in ("set_enter", "checkin_enter"):
            delay = rng.uniform(0.0, 0.25)  # around the moment the write is committed
        elif kind in ("set_shown", "checkin_noted"):
            delay = 0.0
        else:
            delay = rng.uniform(0.0, 2.0)
        points.append(
            KillPoint(number, kind, sets_before, rng.randint(2, 5), rng.randint(2, 5), delay)
        )
    return points


class Recorder(Terminal):
    """The terminal harness, also keeping everything drawn since start (``type`` clears chunks)."""

    def __init__(self, db_path) -> None:
        self.transcript: list[str] = []
        super().__init__(db_path)

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            text = data.decode("utf-8", "replace")
            self.chunks.append(text)
            self.transcript.append(text)

    def everything(self) -> str:
        from test_session_crash import ANSI

        return ANSI.sub("", "".join(self.transcript))

    def wait_closely(self, condition, what: str) -> None:
        """Like ``wait`` but polls every few milliseconds: for killing the instant text shows."""
        deadline = time.monotonic() + PATIENCE
        while not condition():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"Gave up waiting for {what}:\n{self.screen_text()[-1500:]}")
            time.sleep(0.002)


@dataclass
class Outcome:
    point: KillPoint
    sets_shown: int  # the highest "N of M sets done" the screen drew
    sets_entered: int  # sets confirmed with enter before the kill
    noted: int | None  # the pain of a check-in the screen confirmed
    pain_entered: bool  # enter was pressed on a check-in with a pain score


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One small database, made once: a two-exercise plan on every day, first checklist done."""
    from backtui.db.models import Exercise, PlanItem, RedFlagScreening
    from backtui.db.storage import close_database, open_database

    path = tmp_path_factory.mktemp("crash-template") / "backtui.db"
    now = datetime.now().astimezone()
    open_database(path, now=now)
    try:
        exercises = [
            Exercise.create(
                slug="test_hold",
                name="Steady hold",
                kind="core",
                dose_type="hold",
                sets=HOLD_SETS,
                reps=1,
                hold_seconds=4,
                builtin=False,
                cues=["Hold still"],
            ),
            Exercise.create(
                slug="test_reps",
                name="Slow reps",
                kind="mobility",
                dose_type="reps",
                sets=REP_SETS,
                reps=3,
                builtin=False,
                cues=["Move slowly"],
            ),
        ]
        for position, exercise in enumerate(exercises):
            PlanItem.create(
                exercise=exercise,
                weekdays="0,1,2,3,4,5,6",
                position=position,
                sets=exercise.sets,
                reps=exercise.reps,
                hold_seconds=exercise.hold_seconds,
                added_at=now,
            )
        # The first-session checklist was answered: every kill point goes straight to exercising.
        RedFlagScreening.create(at=now, answers=[], outcome="none", trigger="first_session")
    finally:
        close_database()
    return path


def _shown_sets(text: str) -> int:
    return max((int(n) for n in SETS_DONE.findall(text)), default=0)


def _complete_set(terminal: Recorder, done: int, then_rest: bool) -> None:
    """Enter confirms the set in progress (early is allowed); enter again ends the rest."""
    terminal.type("\r")
    terminal.wait_for_text(f"{done + 1} of {TOTAL_SETS} sets done")
    if not then_rest and done + 1 < TOTAL_SETS:
        terminal.wait_for_text("Rest")
        terminal.type("\r")
        terminal.wait_for_text("Get ready")


def run_kill_point(point: KillPoint, db_path: Path) -> Outcome:
    terminal = Recorder(db_path)
    entered, pain_entered = 0, False
    try:
        terminal.wait_for_text("Plan")
        terminal.type("s")
        terminal.wait_for_text("Before you start")
        terminal.type(str(point.pre_pain))
        terminal.type("\r")  # a 0-10 answer is saved with enter
        terminal.wait_for_text(f"set 1 of {HOLD_SETS}")
        in_rest = point.kind.startswith("checkin")  # a check-in from a rest, when sets were done
        for done in range(point.sets_before):
            last = done == point.sets_before - 1
            _complete_set(terminal, done, then_rest=last and in_rest)
            entered += 1
        kind = point.kind
        if kind == "hold":
            terminal.wait_for_text("HOLD")
        elif kind == "reps":
            terminal.wait_for_text("Rep 1 of")
        elif kind == "rest":
            _complete_set(terminal, entered, then_rest=True)
            entered += 1
            terminal.wait_for_text("Rest")
        elif kind in ("set_enter", "set_shown"):
            terminal.type("\r")
            entered += 1
            if kind == "set_shown":
                target = f"{entered} of {TOTAL_SETS} sets done"
                terminal.wait_closely(lambda: target in terminal.screen_text(), target)
        else:
            from backtui.checkin.measures import PAIN_ANCHORS

            terminal.type("c")
            terminal.wait_for_text("Pain now")
            if kind != "checkin_open":
                terminal.type(str(point.pain))
                terminal.wait_for_text(PAIN_ANCHORS[point.pain])
            if kind in ("checkin_enter", "checkin_noted"):
                terminal.type("\r")
                pain_entered = True
            if kind == "checkin_noted":
                terminal.wait_closely(lambda: "noted" in terminal.screen_text(), "the notice")
        time.sleep(point.delay)
        terminal.kill()
    finally:
        terminal.close()
    text = terminal.everything()
    noted = NOTED.findall(text)
    return Outcome(
        point=point,
        sets_shown=_shown_sets(text),
        sets_entered=entered,
        noted=int(noted[-1]) if noted else None,
        pain_entered=pain_entered,
    )


def _query(db_path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def check_after_kill(outcome: Outcome, db_path: Path) -> dict:
    """What the file holds after the kill, checked against what the screen confirmed."""
    point = outcome.point
    assert _query(db_path, "PRAGMA integrity_check") == [("ok",)], point
    assert _query(db_path, "PRAGMA foreign_key_check") == [], point
    assert _query(db_path, "SELECT status, ended_at FROM session") == [("in_progress", None)], point
    sets = _query(db_path, "SELECT exercise_id, set_number FROM setlog ORDER BY id")
    assert outcome.sets_shown <= len(sets) <= outcome.sets_entered, (
        f"{point}: the screen counted {outcome.sets_shown} sets done, enter confirmed "
        f"{outcome.sets_entered}, the database holds {len(sets)}"
    )
    assert len(set(sets)) == len(sets), f"{point}: a set was stored twice"
    checkins = _query(db_path, "SELECT moment, pain FROM checkin ORDER BY id")
    assert all(0 <= pain <= 10 for _moment, pain in checkins), point
    before = [pain for moment, pain in checkins if moment == "before"]
    during = [pain for moment, pain in checkins if moment == "during"]
    assert before in ([], [point.pre_pain]), point
    if outcome.noted is not None:
        assert during == [outcome.noted] == [point.pain], f"{point}: a confirmed check-in is lost"
    elif outcome.pain_entered:
        assert during in ([], [point.pain]), point
    else:
        assert during == [], f"{point}: a check-in nobody saved was stored"
    return {"sets": len(sets), "checkins": len(during)}


def test_sigkill_at_random_points_loses_nothing_confirmed(template, tmp_path):
    points = kill_points()
    assert len(points) >= 20 and {p.kind for p in points} == set(KINDS)

    def one(point: KillPoint) -> tuple[Outcome, Path]:
        folder = tmp_path / f"point-{point.number:02d}"
        folder.mkdir()
        path = folder / "backtui.db"
        shutil.copyfile(template, path)
        os.chmod(path, 0o600)
        return run_kill_point(point, path), path

    with ThreadPoolExecutor(max_workers=2) as pool:  # two kill points at a time
        results = list(pool.map(one, points))
    survived = []
    for outcome, path in results:
        stored = check_after_kill(outcome, path)
        survived.append((outcome, stored))
    # The confirmations really were seen: without them the test would prove nothing.
    assert sum(o.sets_shown for o, _ in survived) > 0
    assert any(o.noted is not None for o, _ in survived)
    report = [
        f"{o.point.number:2d} {o.point.kind:14s} +{o.point.delay:.2f}s shown={o.sets_shown} "
        f"entered={o.sets_entered} stored={s['sets']} noted={o.noted} checkins={s['checkins']}"
        for o, s in survived
    ]
    print("\n".join(["", f"seed {SEED}: {len(survived)} kill points survived", *report]))
