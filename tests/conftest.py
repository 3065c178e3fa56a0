"""Shared fixtures: a real SQLite file under tmp_path and a fixed clock."""

from __future__ import annotations

import os

import pytest
from fixed_time import FIXED_NOW

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def clock():
    from backtui.clock import FixedClock

    return FixedClock(FIXED_NOW)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """Keep every test away from the real data and config folders."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("BACKTUI_DB", raising=False)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "backtui.db"


@pytest.fixture
def database(db_path, clock):
    """An opened, migrated backtui database (no library loaded)."""
    from backtui.db.storage import close_database, open_database

    open_database(db_path, now=clock())
    yield db_path
    close_database()


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder nobody can create files in, even root (chattr +i), restored afterwards."""
    import shutil
    import subprocess

    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        os.chmod(folder, 0o500)
        yield folder
        os.chmod(folder, 0o700)
        return
    if shutil.which("chattr") is None:
        pytest.skip("needs chattr to make a folder read-only for root")
    result = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if result.returncode != 0:
        pytest.skip("this file system cannot make a folder immutable")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False)
