"""First render of History on a ten-year database against a one-week one (target: at most 1.5x).

Both run in this one process, alternately, after one warm-up each (so imports are not counted):
the clock starts when `h` is pressed and stops once the pain chart has been drawn with its data.
The same is measured for the first page of Sessions and for the all-time range.

uv run python benchmarks/bench_history.py [--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, afternoon_clock, alternate, fmt_s, make_demo, median  # noqa: E402


async def _one_run(db: Path) -> dict[str, float]:
    from backtui.tui.app import make_app

    app = make_app(db_path=db, clock=afternoon_clock())
    timings: dict[str, float] = {}
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()

        async def timed(name: str, *keys: str) -> None:
            started = time.perf_counter()
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()  # the frame that shows the data
            timings[name] = time.perf_counter() - started

        await timed("history", "h")
        if not app.screen.first_data_shown:
            raise RuntimeError("History did not show its chart")
        await timed("sessions", "4")
        await timed("all_time", "1", "t", "t", "t")
    return timings


def _run_copy(source: Path) -> dict[str, float]:
    work = source.parent / f"run-{source.stem}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, work)
    from backtui.db.storage import close_database

    try:
        return asyncio.run(_one_run(work))
    finally:
        close_database()


def run(smoke: bool) -> list[Row]:
    repeats = 1 if smoke else 7
    sizes = {"tiny": 0.05} if smoke else {"1 year": 1, "10 years": 10, "30 years": 30}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        small = make_demo(Path(folder), 0.02)
        _run_copy(small)  # warm-up: imports and caches, not counted
        for label, years in sizes.items():
            big = make_demo(Path(folder), years)
            _run_copy(big)
            big_runs, small_runs = alternate(
                lambda big=big: _run_copy(big), lambda: _run_copy(small), repeats
            )
            rows.extend(_rows(label, big_runs, small_runs, repeats))
    return rows


def _rows(label: str, big_runs: list, small_runs: list, repeats: int) -> list[Row]:
    rows = []
    for key, figure in (
        ("history", "first History render (pain chart)"),
        ("sessions", "first Sessions page"),
        ("all_time", "pain chart, all-time range"),
    ):
        subject = median(r[key] for r in big_runs)
        reference = median(r[key] for r in small_runs)
        rows.append(
            Row(
                f"{figure}, {label} vs 1 week",
                fmt_s(subject),
                fmt_s(reference),
                f"{subject / reference:.2f}x",
                "≤ 1.5x" if key == "history" else "—",
                f"median of {repeats}, alternating, one process",
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, one repetition")
    args = parser.parse_args()
    for row in run(args.smoke):
        print(
            f"{row.figure}: {row.subject} vs {row.reference} = {row.ratio} "
            f"(target {row.target}; {row.note})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
