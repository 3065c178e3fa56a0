"""Schema 7 gives every stored time its UTC offset, on a real database made by schema 6.

tests/data holds a demo database made by backtui before this step (schema 6, July to November
2026 in Europe/London, so it spans the end of summer time) and that backtui's own export of it.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from fixed_time import at

from backtui.db import migrations
from backtui.db.storage import close_database, list_backups, open_database
from backtui.instants import to_text
from backtui.record.collect import collect_record

DATA = Path(__file__).resolve().parent.parent / "data"
NAIVE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?")
TABLES = (
    "exercise planitem session setlog skiplog checkin redflagscreening redflaghold flareup "
    "pegentry psfsentry therapyentry progressiondecision setting"
).split()


def _schema_6_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data" / "backtui.db"
    target.parent.mkdir(mode=0o700)
    with gzip.open(DATA / "schema6-demo.db.gz") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    target.chmod(0o600)
    return target


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    finally:
        connection.close()


def _with_offsets(value):
    """The old export as the new one must read: each naive time, read in London, with offset."""
    if isinstance(value, dict):
        return {key: _with_offsets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_offsets(item) for item in value]
    if isinstance(value, str) and NAIVE.fullmatch(value):
        return to_text(datetime.fromisoformat(value))
    return value


def test_a_schema_6_demo_database_converts_and_loses_nothing(tmp_path):
    path = _schema_6_copy(tmp_path)
    before = _counts(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 6
    with gzip.open(DATA / "schema6-demo-export.json.gz", "rt") as handle:
        old_export = json.load(handle)

    open_database(path, now=at(2026, 11, 25, 9))
    try:
        new_export = json.loads(json.dumps(collect_record()))
    finally:
        close_database()

    assert (
        sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
        == migrations.SCHEMA_VERSION
    )
    assert _counts(path) == before and before["session"] > 100 and before["checkin"] > 300
    assert any(
        b.name.endswith(f"-before-v{migrations.SCHEMA_VERSION}.db") for b in list_backups(path)
    )
    expected = _with_offsets(old_export)
    for section in old_export:
        if section not in ("version", "app_version"):
            assert new_export[section] == expected[section], section
    assert new_export["version"] == 4
    # Summer evenings keep their hour with +01:00; November's have +00:00.
    starts = [s["started_at"] for s in new_export["sessions"]]
    assert starts[0].startswith("2026-07-") and starts[0].endswith("+01:00")
    assert starts[-1].startswith("2026-11-") and starts[-1].endswith("+00:00")
    assert [s[:19] for s in starts] == [s["started_at"] for s in old_export["sessions"]]
