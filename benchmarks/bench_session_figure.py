"""CPU of a live session's figure: a running set with the figure moving at 8, 12 and 15 frames a
second against the same set without the figure, and an open session whose figure is still.

Each measurement is a child process running the app headless with a real monotonic clock. The
running set is a glute bridge (2 s to move, 3 s held, 2 s back; 12 reps take 84 s, longer than
the window), measured once its count-in is over. The still case is a bird-dog hold of 30 s: the
countdown ticks once a second and the figure stays in the held position. The reference is the
bare Textual app idling as long (as in bench_idle_session.py). Children run alternately.

uv run python benchmarks/bench_session_figure.py           # 3 × 10 s each
uv run python benchmarks/bench_session_figure.py --smoke   # 1 × 2 s each
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_idle_session import SIZE, TARGET_PERCENT, _idle, _until, child_bare
from common import Row, child_cpu_percent, median

FPS_CHOICES = (8, 12, 15)
PLANS = {
    "rep": ("glute_bridge", dict(sets=3, reps=12)),
    "hold": ("bird_dog", dict(sets=1, reps=1, hold_seconds=30)),
}


def _prepare_database(db_path: Path, slug: str, dose: dict) -> None:
    from datetime import datetime

    from backtui.checkin import triage
    from backtui.db.models import Exercise, PlanItem
    from backtui.db.storage import close_database, open_database
    from backtui.plan.library import sync_library

    now = datetime.now().astimezone()
    open_database(db_path, now=now)
    sync_library()
    PlanItem.delete().execute()
    exercise = Exercise.get(Exercise.slug == slug)
    PlanItem.create(exercise=exercise, weekdays="0,1,2,3,4,5,6", position=0, added_at=now, **dose)
    triage.record_screening([], "manual", now)
    close_database()


def child_session(folder: Path, seconds: float, plan: str, fps: int, figures: bool) -> None:
    from backtui.tui import app as app_module
    from backtui.tui.session import figure

    figure.FPS = fps
    db_path = folder / "figure.db"
    _prepare_database(db_path, *PLANS[plan])
    config = folder / "config.toml"
    config.write_text(f"figures = {'true' if figures else 'false'}\n")
    app = app_module.make_app(db_path=db_path, config_file=config)

    async def pilot_script(pilot) -> None:
        name = lambda: type(app.screen).__name__  # noqa: E731
        await pilot.press("s")
        await _until(pilot, lambda: name() == "PrePainScreen")
        await pilot.press("escape")
        await _until(pilot, lambda: name() == "SessionScreen" and app.screen.flow is not None)
        await _until(pilot, lambda: app.screen.flow.phase == "work")
        shown = app.screen.query_one(figure.SessionFigure)
        if shown.animating != (figures and plan == "rep"):
            raise RuntimeError("the figure is not in the state this measurement needs")
        await _idle(pilot, seconds)

    app.run(headless=True, size=SIZE, auto_pilot=pilot_script)


def _measure(kind: str, seconds: float, plan: str = "rep", fps: int = 12, figures=True) -> float:
    """Percent of one core used by one child over its window."""
    extra = ["--plan", plan, "--fps", str(fps)] + ([] if figures else ["--no-figures"])
    return child_cpu_percent("bench_session_figure.py", kind, extra, seconds)


def run(smoke: bool) -> list[Row]:
    seconds, repeats = (2.0, 1) if smoke else (10.0, 3)
    cases = {f"{fps} fps": dict(fps=fps) for fps in FPS_CHOICES}
    cases["no figure"] = dict(figures=False)
    cases["still"] = dict(plan="hold")
    results: dict[str, list[float]] = {name: [] for name in (*cases, "bare")}
    for _ in range(repeats):  # one of each in turn, so machine noise hits all alike
        for name, case in cases.items():
            results[name].append(_measure("session", seconds, **case))
        results["bare"].append(_measure("bare", seconds))
    got = {name: median(values) for name, values in results.items()}
    off = got["no figure"]
    note = f"median of {repeats}, {seconds:.0f} s each"
    rows = [
        Row(
            f"CPU of a running set, figure at {fps} fps",
            f"{got[f'{fps} fps']:.2f}% of a core",
            f"no figure {off:.2f}%",
            f"+{got[f'{fps} fps'] - off:.2f} points",
            "—",
            note,
        )
        for fps in FPS_CHOICES
    ]
    still = got["still"]
    verdict = "meets" if still <= TARGET_PERCENT else "MISSES"
    rows.append(
        Row(
            "CPU of an open session, figure still (a hold)",
            f"{still:.2f}% of a core",
            f"bare app {got['bare']:.2f}%",
            "—",
            f"≤ {TARGET_PERCENT:.0f}% of a core",
            f"{verdict} the idle-session target; {note}",
        )
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="2 s once each, to check it runs")
    parser.add_argument("--child", choices=("session", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=10.0, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--plan", choices=tuple(PLANS), default="rep", help=argparse.SUPPRESS)
    parser.add_argument("--fps", type=int, default=12, help=argparse.SUPPRESS)
    parser.add_argument("--no-figures", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "session":
        child_session(args.folder, args.seconds, args.plan, args.fps, not args.no_figures)
        return 0
    if args.child == "bare":
        child_bare(args.seconds)
        return 0
    for row in run(args.smoke):
        print(f"{row.figure}: {row.subject} ({row.reference}; {row.ratio}; {row.note})")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
