"""Start-up to the first Plan frame, and its peak memory, against a bare Textual app.

Each run is a fresh process that starts the app headless, quits at its first frame, and is timed
from spawn to exit. Bytecode is compiled first, as an installed package has it, so neither side
pays for compiling sources. A second backtui figure waits for the frame that shows today's
exercises read from the database.
"""

from __future__ import annotations

import compileall
import shutil
import site
import tempfile
from pathlib import Path

from common import HERE, PYTHON, Row, alternate, fmt_s, make_demo, median, run_to_frame

SIZES = {"1 week": 0.02, "1 year": 1, "10 years": 10, "30 years": 30}
ROOT = HERE.parent


def compile_bytecode() -> None:
    for folder in [*site.getsitepackages(), ROOT / "src", ROOT / "tui"]:
        compileall.compile_dir(str(folder), quiet=2, workers=2)


def _measure(db: Path, repeats: int) -> dict[str, float]:
    """Medians of alternating runs: backtui (first frame; with data) and the bare app."""
    work = db.parent / "run.db"

    def fresh_copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copy(db, work)  # each start sees the same file, untouched by earlier runs

    def subject():
        fresh_copy()
        frame = run_to_frame([PYTHON, str(HERE / "_first_frame.py"), "backtui", str(work)])
        fresh_copy()
        data = run_to_frame(
            [PYTHON, str(HERE / "_first_frame.py"), "backtui", str(work), "--with-data"]
        )
        return frame, data

    def reference():
        return run_to_frame([PYTHON, str(HERE / "_first_frame.py"), "bare"])

    subject_runs, reference_runs = alternate(subject, reference, repeats)
    return {
        "frame": median(r[0][0] for r in subject_runs),
        "quit": median(r[0][1] for r in subject_runs),
        "data": median(r[1][0] for r in subject_runs),
        "bare": median(r[0] for r in reference_runs),
        "bare_quit": median(r[1] for r in reference_runs),
        "memory": median(r[0][2] for r in subject_runs),
        "bare_memory": median(r[2] for r in reference_runs),
    }


def run(smoke: bool) -> list[Row]:
    compile_bytecode()
    rows = []
    sizes = {"1 week": 0.02} if smoke else SIZES
    repeats = 1 if smoke else 9
    with tempfile.TemporaryDirectory() as folder:
        for label, years in sizes.items():
            m = _measure(make_demo(Path(folder), years), repeats)
            rows.append(
                Row(
                    f"process start to first Plan frame, {label}",
                    fmt_s(m["frame"]),
                    fmt_s(m["bare"]),
                    f"{m['frame'] / m['bare']:.2f}x",
                    "≤ 1.3x",
                )
            )
            rows.append(
                Row(
                    f"the same, then quit, {label}",
                    fmt_s(m["quit"]),
                    fmt_s(m["bare_quit"]),
                    f"{m['quit'] / m['bare_quit']:.2f}x",
                    "—",
                    "quitting waits for the first database read",
                )
            )
            rows.append(
                Row(
                    f"start to Plan with today's exercises, {label}",
                    fmt_s(m["data"]),
                    fmt_s(m["bare"]),
                    f"{m['data'] / m['bare']:.2f}x",
                    "—",
                    "the frame after the database read",
                )
            )
            rows.append(
                Row(
                    f"peak memory of the first-frame run, {label}",
                    f"{m['memory'] / 1024:.0f} MiB",
                    f"{m['bare_memory'] / 1024:.0f} MiB",
                    f"{m['memory'] / m['bare_memory']:.2f}x",
                    "≤ 1.5x",
                )
            )
    return rows
