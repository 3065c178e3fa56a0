"""Two backtui processes on one database: both write check-ins, no write is lost, none crashes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

from backtui.db.storage import close_database, open_database

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta
    from pathlib import Path
    from backtui.checkin.checkins import save_checkin
    from backtui.db.storage import open_database

    path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    open_database(path)
    start = datetime(2026, 11, 25, 9, 0).astimezone()
    for index in range(count):
        save_checkin(index % 11, moment="standalone", now=start + timedelta(seconds=index),
                     note=f"{tag}-{index}")
    print("done", tag)
    """
)


def test_two_writers_lose_nothing(db_path, clock):
    open_database(db_path, now=clock())
    close_database()
    count = 150
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), tag, str(count)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for tag in ("first", "second")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.startswith("done")
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    notes = {row[0] for row in con.execute("SELECT note FROM checkin")}
    con.close()
    expected = {f"{tag}-{i}" for tag in ("first", "second") for i in range(count)}
    assert notes == expected
