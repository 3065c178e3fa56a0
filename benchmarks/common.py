"""Shared helpers: alternate subject and reference in one run, report medians and ratios."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


@dataclass
class Row:
    figure: str
    subject: str
    reference: str
    ratio: str
    target: str
    note: str = ""
    # For the CI check (run.py --check): a stable id, the measured ratio and its target.
    check_id: str = ""
    ratio_value: float | None = None
    limit: float | None = None
    module: str = ""  # the benchmark module that measured it (set by run.py)


def afternoon_clock():
    """A clock stopped at 14:00 today: past the morning window, so no next-morning check-in
    opens by itself over the screen a benchmark is timing, whatever the hour it runs at."""
    from datetime import datetime

    now = datetime.now().replace(hour=14, minute=0, second=0, microsecond=0).astimezone()
    return lambda: now


def run_child(args: list[str], env: dict | None = None) -> tuple[float, int]:
    """Run a child process; return its wall time (s) and peak resident memory (KiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{args} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss


PRIVATE_KINDS = ("data", "config", "state", "cache")


def private_folders(folder: str | Path) -> dict[str, str]:
    """Environment for a child that keeps its data, config, state and cache under ``folder``."""
    return {
        **os.environ,
        **{f"XDG_{kind.upper()}_HOME": f"{folder}/{kind}" for kind in PRIVATE_KINDS},
    }


def run_to_frame(args: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Run a _first_frame.py child: seconds to its first frame, seconds to its exit, peak KiB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    line = process.stdout.readline()
    frame = time.perf_counter() - started
    _, status, usage = os.wait4(process.pid, 0)
    total = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0 or line.strip() != b"frame":
        raise RuntimeError(f"{args} failed: {process.stderr.read().decode()[-2000:]}")
    process.stdout.close()
    process.stderr.close()
    return frame, total, usage.ru_maxrss


def child_cpu_percent(script: str, kind: str, extra: list[str], seconds: float) -> float:
    """Percent of one core a benchmark's child process used over its measured window.

    The child (``script --child KIND --seconds S --folder F ...``) runs in private XDG folders
    and prints its CPU and wall seconds as JSON on its last line.
    """
    with tempfile.TemporaryDirectory() as folder:
        env = {**private_folders(folder), "TEXTUAL_ANIMATIONS": "none"}
        args = [PYTHON, str(HERE / script), "--child", kind, "--seconds", str(seconds)]
        args += ["--folder", folder, *extra]
        done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return 100 * report["cpu"] / report["wall"]


def alternate(subject, reference, repeats: int) -> tuple[list, list]:
    """Call subject() and reference() alternately, so machine noise hits both alike."""
    subject_results, reference_results = [], []
    for _ in range(repeats):
        subject_results.append(subject())
        reference_results.append(reference())
    return subject_results, reference_results


def median(values) -> float:
    return statistics.median(values)


_DEMO_CACHE: Path | None = None


def make_demo(folder: Path, years: float) -> Path:
    """A demo database of ``years`` (seed 7), made once per benchmark run and shared.

    Callers copy it before opening it, so every run starts from the same file. ``folder`` is
    where a copy may go; the shared file itself lives in a folder removed at exit.
    """
    global _DEMO_CACHE
    if _DEMO_CACHE is None:
        _DEMO_CACHE = Path(tempfile.mkdtemp(prefix="backtui-bench-"))
        atexit.register(shutil.rmtree, _DEMO_CACHE, True)
    target = _DEMO_CACHE / f"demo-{years}y.db"
    if not target.exists():
        subprocess.run(
            [
                PYTHON,
                "-m",
                "backtui.cli",
                "demo",
                "--years",
                str(years),
                "--db",
                str(target),
                "--no-open",
                "--seed",
                "7",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


# What "one week" keeps of a longer record (last_week_of): rows older than its last week go.
_BEFORE_LAST_WEEK = (
    ("session", "started_at"),  # with its sets and skips (ON DELETE CASCADE)
    ("checkin", "at"),
    ("pegentry", "at"),
    ("psfsentry", "at"),
    ("progressiondecision", "at"),
    ("therapyentry", "day"),
)


def last_week_of(record: Path) -> Path:
    """A copy of ``record`` that keeps only its last week of history, beside it.

    The plan, its doses, the library and the settings stay as they are, and so does the first
    red-flag checklist (without it the app would ask for one): the same person, with one week
    of record instead of all of it, so a comparison of the two measures the history alone.
    """
    target = record.with_name(f"{record.stem}-last-week.db")
    if target.exists():
        return target
    shutil.copy(record, target)
    connection = sqlite3.connect(target, isolation_level=None)  # each statement on its own
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        (last,) = connection.execute("SELECT max(started_at) FROM session").fetchone()
        cut = (date.fromisoformat(last[:10]) - timedelta(days=7)).isoformat()
        for table, column in _BEFORE_LAST_WEEK:
            connection.execute(f"DELETE FROM {table} WHERE {column} < ?", (cut,))
        connection.execute("VACUUM")
    finally:
        connection.close()
    return target


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
