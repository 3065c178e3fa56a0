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

from common import (
    HERE,
    PYTHON,
    Row,
    alternate,
    fmt_s,
    make_demo,
    median,
    private_folders,
    run_to_frame,
)

SIZES = {"1 week": 0.02, "1 year": 1, "10 years": 10, "30 years": 30}
TARGET = 1.3  # every start-up figure, against the bare app (issue 18)
ROOT = HERE.parent


def compile_bytecode() -> None:
    for folder in [*site.getsitepackages(), ROOT / "src", ROOT / "tui"]:
        compileall.compile_dir(str(folder), quiet=2, workers=2)


def _measure(db: Path, repeats: int) -> dict[str, float]:
    """Medians of alternating runs: backtui (first frame; with data) and the bare app.

    Every child keeps its files in private folders. One backtui start runs first until its
    start-up work is saved, as a person's earlier start would have (the parsed styles, see
    tui/common/style_cache.py); the bare app has nothing of the kind to keep.
    """
    work = db.parent / "run.db"
    env = private_folders(db.parent / "home")

    def fresh_copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copy(db, work)  # each start sees the same file, untouched by earlier runs

    def start(*extra: str):
        fresh_copy()
        return run_to_frame(
            [PYTHON, str(HERE / "_first_frame.py"), "backtui", str(work), *extra], env
        )

    def subject():
        return start(), start("--with-data")

    def reference():
        return run_to_frame([PYTHON, str(HERE / "_first_frame.py"), "bare"], env)

    start("--settle")
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


def run(smoke: bool, check: bool = False) -> list[Row]:
    """Every size in a full run; ten years only (fewer repeats) in CI's check."""
    compile_bytecode()
    rows = []
    sizes = {"1 week": 0.02} if smoke else {"10 years": 10} if check else SIZES
    repeats = 1 if smoke else 15  # a median of 7 still moved by a tenth between runs
    with tempfile.TemporaryDirectory() as folder:
        for label, years in sizes.items():
            rows.extend(_rows(label, _measure(make_demo(Path(folder), years), repeats)))
    return rows


def _rows(label: str, m: dict[str, float]) -> list[Row]:
    def row(key: str, figure: str, subject: str, reference: str, ratio: float, note: str = ""):
        return Row(
            f"{figure}, {label}",
            subject,
            reference,
            f"{ratio:.2f}x",
            f"≤ {TARGET}x",
            note,
            check_id=f"startup:{key}:{label}",
            ratio_value=ratio,
            limit=TARGET,
        )

    return [
        row(
            "frame",
            "process start to first Plan frame",
            fmt_s(m["frame"]),
            fmt_s(m["bare"]),
            m["frame"] / m["bare"],
        ),
        row(
            "quit",
            "the same, then quit",
            fmt_s(m["quit"]),
            fmt_s(m["bare_quit"]),
            m["quit"] / m["bare_quit"],
        ),
        row(
            "data",
            "start to Plan with today's exercises",
            fmt_s(m["data"]),
            fmt_s(m["bare"]),
            m["data"] / m["bare"],
            "against the bare app's first frame",
        ),
        row(
            "memory",
            "peak memory of the first-frame run",
            f"{m['memory'] / 1024:.0f} MiB",
            f"{m['bare_memory'] / 1024:.0f} MiB",
            m["memory"] / m["bare_memory"],
        ),
    ]
