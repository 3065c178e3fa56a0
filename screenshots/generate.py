"""Regenerate the screenshots in this folder from a demo database, headless and deterministic.

    uv run python screenshots/generate.py            # all screens at 120x36
    uv run python screenshots/generate.py plan       # one of them

It also writes report.html, the clinician report made from the same demo data.

Each screenshot runs in its own process on its own copy of a one-year demo database (seed 7),
with the clock fixed at Wednesday 25 November 2026, 09:00.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
# London in November is UTC: the pictures read 09:00 wherever they are made (TZ is set below).
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SIZE = (120, 36)

# name -> the keys pressed after start, and what to wait for before the picture.
SHOTS: dict[str, tuple[tuple[str, ...], str]] = {
    "plan": ((), "PlanScreen"),
    "session": (("s", "3", "enter"), "SessionScreen"),
    "exercise": (("down", "down", "down", "enter"), "ExerciseDetailScreen"),
    "checkin": (("c", "4", "w"), "CheckInScreen"),
    "redflags": (("c", "exclamation_mark"), "RedFlagScreen"),
    "hold": (("s",), "HoldScreen"),
    "flareup": (("s", "7", "enter"), "FlareUpScreen"),
    "history": (("h",), "HistoryScreen"),
    "learn": (("l", "down", "enter"), "LearnScreen"),
    "help": (("question_mark",), "HelpScreen"),
}


def _warning_sign_yesterday() -> None:
    """For the hold picture: a warning sign reported the evening before, so exercise is on hold."""
    from datetime import timedelta

    from backtui.checkin.triage import record_screening

    record_screening(["fever_unwell"], "manual", NOW - timedelta(hours=14))


# name -> what to add to the demo database before the picture.
SETUP = {"hold": _warning_sign_yesterday}


# name -> seconds the session's clock moves on once the keys are pressed: the session picture
# shows its figure a second into the first rep (after the 3 s count-in).
STEP = {"session": 4.25}


class StoppedClock:
    """A monotonic clock that does not move (unless a picture steps it), so countdowns and the
    exercise figure read the same in every picture."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _shoot(name: str, db_path: Path) -> None:
    from backtui.clock import FixedClock
    from backtui.tui.app import make_app

    keys, screen_name = SHOTS[name]
    app = make_app(db_path=db_path, clock=FixedClock(NOW), config_file=db_path.parent / "none")
    app.monotonic = StoppedClock()
    if name in SETUP:
        SETUP[name]()
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        for _ in range(30):
            if type(app.screen).__name__ == screen_name:
                break
            await pilot.pause(0.1)
        else:
            raise SystemExit(f"{name}: {screen_name} never showed ({type(app.screen).__name__})")
        await _settle(pilot)
        if name in STEP:
            app.monotonic.now += STEP[name]
            app.screen.tick()
        app.clear_notifications()
        await pilot.pause(0.3)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))


async def _settle(pilot) -> None:
    await pilot.pause(0.2)


def _demo(folder: Path) -> Path:
    """The demo database, and from it a sample clinician report (report.html)."""
    from backtui.db.storage import close_database
    from backtui.record.demo import create_demo
    from backtui.record.report import write_report

    path = create_demo(folder / "demo.db", years=1, seed=7, end=NOW)
    write_report(HERE / "report.html", now=NOW, force=True)
    close_database()
    return path


def main() -> int:
    os.environ["TZ"] = "Europe/London"  # the demo and the report too, wherever this runs
    time.tzset()
    if len(sys.argv) == 3 and sys.argv[1] == "--one":  # a child: one picture
        name, db_path = sys.argv[2].split("=", 1)
        asyncio.run(_shoot(name, Path(db_path)))
        return 0
    names = sys.argv[1:] or list(SHOTS)
    unknown = [n for n in names if n not in SHOTS]
    if unknown:
        print(f"unknown screenshot {unknown[0]!r}; choose from {', '.join(SHOTS)}")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        demo = _demo(Path(folder))
        for name in names:
            copy = Path(folder) / f"{name}.db"
            shutil.copy(demo, copy)
            subprocess.run([sys.executable, __file__, "--one", f"{name}={copy}"], check=True,
                           env=_env())
            print(f"screenshots/{name}.svg")
    return 0


def _env() -> dict[str, str]:
    return {**os.environ, "TEXTUAL_ANIMATIONS": "none", "TZ": "Europe/London",
            "XDG_CONFIG_HOME": tempfile.gettempdir() + "/backtui-screenshots-config"}


if __name__ == "__main__":
    sys.exit(main())
