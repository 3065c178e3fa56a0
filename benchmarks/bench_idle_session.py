"""CPU of an open, idle live session against a bare Textual app idling for the same time.

The session runs with ``figures = false``: the exercise figure's cost, moving and still, is
bench_session_figure's to measure.

Each measurement is a child process running its app headless. The backtui child starts a real
session through its keys (s, then escape for the pain question) and then idles; the bare child
idles at once. Each child reads its own CPU time with os.times() (user + system, all threads)
over the idle window only, so start-up is not counted. Children run alternately, so machine noise
hits both alike. Target: an open session costs at most 2% of one core.

uv run python benchmarks/bench_idle_session.py           # 3 × 20 s each
uv run python benchmarks/bench_idle_session.py --smoke   # 1 × 2 s each, to check it still runs
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

from common import Row, alternate, child_cpu_percent, median

TARGET_PERCENT = 2.0
SIZE = (100, 30)


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


async def _idle(pilot, seconds: float) -> None:
    cpu, wall = _cpu_seconds(), time.monotonic()
    await asyncio.sleep(seconds)
    cpu, wall = _cpu_seconds() - cpu, time.monotonic() - wall
    print(json.dumps({"cpu": cpu, "wall": wall}), flush=True)
    pilot.app.exit()


def _prepare_database(db_path: Path) -> None:
    """A plan for every day and a first checklist already answered, so "s" opens a session."""
    from datetime import datetime

    from backtui.checkin import triage
    from backtui.db.models import PlanItem
    from backtui.db.storage import close_database, open_database
    from backtui.plan.library import sync_library
    from backtui.plan.programmes import ensure_default_plan

    now = datetime.now().astimezone()
    open_database(db_path, now=now)
    sync_library()
    ensure_default_plan(now)
    PlanItem.update(weekdays="0,1,2,3,4,5,6").execute()
    triage.record_screening([], "manual", now)
    close_database()


async def _until(pilot, condition) -> None:
    for _ in range(2000):
        if condition():
            return
        await pilot.pause(0.01)
    raise RuntimeError("the session did not open")


def child_session(folder: Path, seconds: float) -> None:
    from backtui.tui.app import make_app

    db_path = folder / "idle.db"
    _prepare_database(db_path)
    # The session's own cost: its first set's figure moves at the rep pace, which is the running
    # set that bench_session_figure measures with and without it (the still figure is there too).
    (folder / "config.toml").write_text("figures = false\n", encoding="utf-8")
    app = make_app(db_path=db_path, config_file=folder / "config.toml")

    async def pilot_script(pilot) -> None:
        name = lambda: type(app.screen).__name__  # noqa: E731
        await pilot.press("s")
        await _until(pilot, lambda: name() == "PrePainScreen")
        await pilot.press("escape")
        await _until(pilot, lambda: name() == "SessionScreen" and app.screen.flow is not None)
        await _idle(pilot, seconds)

    app.run(headless=True, size=SIZE, auto_pilot=pilot_script)


def child_bare(seconds: float) -> None:
    from _first_frame import bare_app

    async def pilot_script(pilot) -> None:
        await pilot.pause()
        await _idle(pilot, seconds)

    bare_app().run(headless=True, size=SIZE, auto_pilot=pilot_script)


def _measure(kind: str, seconds: float) -> float:
    """Percent of one core used by one child over its idle window."""
    return child_cpu_percent("bench_idle_session.py", kind, [], seconds)


def run(smoke: bool) -> list[Row]:
    seconds, repeats = (2.0, 1) if smoke else (20.0, 3)
    sessions, bares = alternate(
        lambda: _measure("session", seconds), lambda: _measure("bare", seconds), repeats
    )
    session, bare = median(sessions), median(bares)
    if bare > 0:
        ratio = f"{session / bare:.1f}x"
    else:  # under one clock tick of os.times() in the whole window: give the bound instead
        floor = 100 / os.sysconf("SC_CLK_TCK") / seconds
        ratio = f"≥ {session / floor:.0f}x (bare < {floor:.2f}%)" if session else "1x (both 0)"
    verdict = "meets" if session <= TARGET_PERCENT else "MISSES"
    return [
        Row(
            f"CPU of an idle open session, {seconds:.0f} s",
            f"{session:.2f}% of a core",
            f"{bare:.2f}%",
            ratio,
            f"≤ {TARGET_PERCENT:.0f}% of a core",
            f"{verdict} the target; median of {repeats}",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="2 s once each, to check it runs")
    parser.add_argument("--child", choices=("session", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=20.0, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "session":
        child_session(args.folder, args.seconds)
        return 0
    if args.child == "bare":
        child_bare(args.seconds)
        return 0
    for row in run(args.smoke):
        print(
            f"{row.figure}: {row.subject} (bare Textual app {row.reference}; ratio "
            f"{row.ratio}; target {row.target}; {row.note})"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
