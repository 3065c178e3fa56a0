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
    """Keep every test away from the real data, config and cache folders."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
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


# --- PostgreSQL: a throwaway cluster for the session, a new database for each test -------------


@pytest.fixture(scope="session")
def pg_cluster():
    from postgres_server import start_cluster

    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_server(pg_cluster):
    """A new, empty PostgreSQL database (a ServerDatabase), dropped after the test."""
    from backtui.db.location import ServerDatabase

    name = pg_cluster.new_database()
    yield ServerDatabase.parse(pg_cluster.socket_url(name))
    from backtui.db.storage import close_database

    close_database()
    pg_cluster.drop_database(name)


@pytest.fixture(scope="module")
def pg_restartable():
    """A throwaway cluster of the module's own, for tests that stop and start the server
    (Cluster.stop_server, start_server); the shared one stays up for every other test."""
    from postgres_server import start_cluster

    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_away_server(pg_restartable):
    """A new database on the restartable cluster; the server is running again afterwards."""
    from backtui.db import journal
    from backtui.db.location import ServerDatabase
    from backtui.db.storage import close_database

    name = pg_restartable.new_database()
    yield ServerDatabase.parse(pg_restartable.socket_url(name))
    if not (pg_restartable.data / "postmaster.pid").exists():
        pg_restartable.start_server()  # a failed test left it stopped
    close_database()
    journal.journal_path().unlink(missing_ok=True)
    pg_restartable.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"])
def record_location(request, db_path):
    """Where a test's record lives: each test using it runs once on each store."""
    if request.param == "sqlite":
        return db_path
    return request.getfixturevalue("pg_server")


@pytest.fixture
def any_database(record_location, clock):
    """An opened, migrated backtui database on each store in turn (no library loaded)."""
    from backtui.db.storage import close_database
    from backtui.db.store import store_for

    store_for(record_location).open(now=clock())
    yield record_location
    close_database()
