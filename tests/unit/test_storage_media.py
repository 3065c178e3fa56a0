"""Real file systems: a database created on a full disk, and one read from read-only media.

Both mount a small tmpfs of their own (root and mount needed; skipped otherwise, with the reason).
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixed_time import at
from storage_helpers import small_tmpfs

from backtui.db.models import CheckIn
from backtui.db.storage import StorageError, close_database, open_database

NOW = at(2026, 11, 25, 9, 0)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file systems")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backtui.cli", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs of its own, unmounted afterwards."""
    with small_tmpfs(tmp_path / "small-disk", "1m") as mount_point:
        yield mount_point


def _fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to its last byte."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (1 << 16, 1 << 12, 1 << 9, 1):
            while True:
                try:
                    handle.write(b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
    return filler


def test_a_database_created_on_a_full_disk_is_all_or_nothing(small_disk):
    folder = small_disk / "data"
    folder.mkdir()
    filler = _fill(small_disk)
    db_path = folder / "backtui.db"
    with pytest.raises(StorageError, match="Nothing was left behind") as error:
        open_database(db_path, now=NOW)
    assert str(db_path) in str(error.value) and "full" in str(error.value)
    assert list(folder.iterdir()) == []  # no half-made database, no temporary file
    result = _run("--db", str(db_path), "import", str(small_disk / "missing.json"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not db_path.exists()  # a failed import makes no empty database
    filler.unlink()
    open_database(db_path, now=NOW)  # once there is room, it is made whole, not "damaged"
    CheckIn.create(at=NOW, moment="standalone", pain=2)
    close_database()


def test_the_command_line_on_a_full_disk_says_so_in_one_line(small_disk, tmp_path):
    source = tmp_path / "record.json"
    open_database(tmp_path / "source.db", now=NOW)
    CheckIn.create(at=NOW, moment="standalone", pain=2)
    close_database()
    assert _run("--db", str(tmp_path / "source.db"), "export", "-o", str(source)).returncode == 0
    filler = _fill(small_disk)
    db_path = small_disk / "backtui.db"
    result = _run("--db", str(db_path), "import", str(source))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "full" in lines[0] and "Traceback" not in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    filler.unlink()
    assert _run("--db", str(db_path), "import", str(source)).returncode == 0
    assert _run("--db", str(db_path), "export").returncode == 0


def test_export_and_report_read_a_database_on_read_only_media(small_disk):
    db_path = small_disk / "backtui.db"
    open_database(db_path, now=NOW)
    CheckIn.create(at=NOW, moment="standalone", pain=4, note="on a read-only stick")
    close_database()
    before = {p.name: p.read_bytes() for p in small_disk.iterdir() if p.is_file()}
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True)
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remount.stderr.decode().strip()}")
    exported = _run("--db", str(db_path), "export")
    assert exported.returncode == 0, exported.stderr
    (checkin,) = json.loads(exported.stdout)["checkins"]
    assert checkin["note"] == "on a read-only stick"
    report = _run("--db", str(db_path), "report")
    assert report.returncode == 0 and "Back pain exercise summary" in report.stdout, report.stderr
    assert {p.name: p.read_bytes() for p in small_disk.iterdir() if p.is_file()} == before
