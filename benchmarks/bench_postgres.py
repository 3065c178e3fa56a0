"""The same record on a loopback PostgreSQL and in an SQLite file: saving a check-in, and History's
first render, as ratios measured in one run (alternating, after one warm-up each).

The server is a throwaway cluster started here (tests/postgres_server.py), reached over TCP on
127.0.0.1 with a password, as a server on another machine would be. Without PostgreSQL's server
programs or the psycopg driver, one row says so.

uv run python benchmarks/bench_postgres.py [--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the throwaway cluster the tests use

from bench_history import _one_run, _run_copy  # noqa: E402
from common import Row, alternate, fmt_s, make_demo, median  # noqa: E402


def _saves(location, count: int, start: datetime) -> list[float]:
    from backtui.checkin.checkins import save_checkin
    from backtui.db.storage import close_database
    from backtui.db.store import store_for

    store_for(location).open()
    times = []
    try:
        for index in range(count):
            started = time.perf_counter()
            save_checkin(3, moment="standalone", now=start + timedelta(minutes=index), note="bench")
            times.append(time.perf_counter() - started)
    finally:
        close_database()
    return times


def _history(location) -> dict[str, float]:
    from backtui.db.storage import close_database

    try:
        return asyncio.run(_one_run(location))
    finally:
        close_database()


def _unavailable() -> str | None:
    from postgres_server import _bin_dir

    if _bin_dir() is None:
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (uv sync installs it)"
    return None


def run(smoke: bool) -> list[Row]:
    reason = _unavailable()
    if reason is not None:
        return [Row("PostgreSQL against SQLite", "not run", "—", "—", "—", reason)]
    from postgres_server import PASSWORD, start_cluster

    from backtui.db.location import ServerDatabase
    from backtui.record.copy import copy_record

    repeats, saves, years = (1, 3, 0.05) if smoke else (7, 40, 1)
    cluster = start_cluster(durable=True)  # fsync on, as a real server
    os.environ["PGPASSWORD"] = PASSWORD
    try:
        with tempfile.TemporaryDirectory() as folder:
            source = make_demo(Path(folder), years)
            work = Path(folder) / "work.db"
            copy_record(source, work)  # the file's own copy, to write check-ins into
            name = cluster.new_database(owner="alex")
            server = ServerDatabase.parse(cluster.tcp_url(name))
            copy_record(source, server)
            return _rows(work, source, server, repeats, saves, years)
    finally:
        os.environ.pop("PGPASSWORD", None)
        cluster.stop()


def _rows(work, source, server, repeats: int, saves: int, years: float) -> list[Row]:
    _history(server)  # warm-ups: imports and caches, not counted
    _run_copy(source)
    server_history, file_history = alternate(
        lambda: _history(server), lambda: _run_copy(source), repeats
    )
    server_render = median(r["history"] for r in server_history)
    file_render = median(r["history"] for r in file_history)
    start = datetime(2031, 1, 1, 9, 0).astimezone()  # after History, so both read the same record
    _saves(work, 1, start - timedelta(days=1))
    _saves(server, 1, start - timedelta(days=1))
    on_server, on_file = alternate(
        lambda: _saves(server, saves, start), lambda: _saves(work, saves, start), repeats
    )
    server_save = median(t for block in on_server for t in block)
    file_save = median(t for block in on_file for t in block)
    label = f"{years:g} year{'s' if years != 1 else ''} of record"
    note = (
        f"median of {repeats} alternating runs, one process; loopback TCP with a password; "
        "both commit to disk (fsync, synchronous=full)"
    )
    return [
        Row(
            f"saving a check-in, PostgreSQL vs SQLite, {label}",
            f"{server_save * 1000:.2f} ms",
            f"{file_save * 1000:.2f} ms",
            f"{server_save / file_save:.2f}x",
            "—",
            f"{saves} saves per run; {note}",
        ),
        Row(
            f"first History render, PostgreSQL vs SQLite, {label}",
            fmt_s(server_render),
            fmt_s(file_render),
            f"{server_render / file_render:.2f}x",
            "—",
            note,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    for row in run(args.smoke):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
