"""Saving a check-in: one transaction; its median time on databases from a week to 30 years."""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import Row, make_demo, median

SIZES = {"1 week": 0.02, "1 year": 1, "10 years": 10, "30 years": 30}


def run(smoke: bool) -> list[Row]:
    sizes = {"1 week": 0.02} if smoke else SIZES
    return [_one_size(label, years, 5 if smoke else 200) for label, years in sizes.items()]


def _one_size(label: str, years: float, saves: int) -> Row:
    from backtui.checkin.checkins import save_checkin
    from backtui.db.models import db
    from backtui.db.storage import close_database, open_database

    with tempfile.TemporaryDirectory() as folder:
        source = make_demo(Path(folder), years)
        work = Path(folder) / "work.db"
        shutil.copy(source, work)
        open_database(work)
        statements: list[str] = []
        db.connection().set_trace_callback(statements.append)
        now = datetime(2030, 1, 1, 9, 0).astimezone()
        times = []
        for index in range(saves):
            statements.clear()
            started = time.perf_counter()
            save_checkin(
                3,
                moment="standalone",
                now=now + timedelta(minutes=index),
                locations=["low_back"],
                note="bench",
            )
            times.append(time.perf_counter() - started)
        db.connection().set_trace_callback(None)
        begins = sum(1 for s in statements if s.upper().startswith("BEGIN"))
        close_database()
    took = median(times)
    return Row(
        f"saving a check-in, {label}",
        f"{took * 1000:.2f} ms",
        "—",
        "—",
        "one transaction",
        f"{begins} transaction(s) per save, synchronous=full",
    )
