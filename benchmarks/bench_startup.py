"""Start-up to the first Plan frame, and its peak memory, against a bare Textual app."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from common import HERE, PYTHON, Row, alternate, fmt_s, make_demo, median, run_child

SIZES = {"1 week": 0.02, "1 year": 1, "10 years": 10, "30 years": 30}


def _measure(db: Path, repeats: int) -> tuple[float, float, float, float]:
    work = db.parent / "run.db"

    def subject():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copy(db, work)  # each start sees the same file, untouched by earlier runs
        return run_child([PYTHON, str(HERE / "_first_frame.py"), "backtui", str(work)])

    def reference():
        return run_child([PYTHON, str(HERE / "_first_frame.py"), "bare"])

    subject_runs, reference_runs = alternate(subject, reference, repeats)
    return (
        median(r[0] for r in subject_runs),
        median(r[0] for r in reference_runs),
        median(r[1] for r in subject_runs),
        median(r[1] for r in reference_runs),
    )


def run(smoke: bool) -> list[Row]:
    rows = []
    sizes = {"1 week": 0.02} if smoke else SIZES
    repeats = 1 if smoke else 7
    with tempfile.TemporaryDirectory() as folder:
        for label, years in sizes.items():
            db = make_demo(Path(folder), years)
            wall, bare_wall, memory, bare_memory = _measure(db, repeats)
            rows.append(
                Row(
                    f"start to first Plan frame, {label}",
                    fmt_s(wall),
                    fmt_s(bare_wall),
                    f"{wall / bare_wall:.2f}x",
                    "≤ 1.3x",
                )
            )
            rows.append(
                Row(
                    f"peak memory of that run, {label}",
                    f"{memory / 1024:.0f} MiB",
                    f"{bare_memory / 1024:.0f} MiB",
                    f"{memory / bare_memory:.2f}x",
                    "≤ 1.5x",
                )
            )
    return rows
