"""Where backtui keeps its files, following the platform's conventions."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "backtui"
DB_FILENAME = "backtui.db"
CONFIG_FILENAME = "config.toml"
BACKUP_DIRNAME = "backups"
DB_ENV_VAR = "BACKTUI_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Files backtui can always make again (parsed styles); never health data."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILENAME


def config_path() -> Path:
    return config_dir() / CONFIG_FILENAME


def backup_dir(db_path: Path) -> Path:
    """Backups sit beside the database they protect, so a --db file keeps its own."""
    return db_path.parent / BACKUP_DIRNAME


def ensure_private_dir(path: Path, *, owned: bool) -> None:
    """Make sure ``path`` exists; folders backtui creates or owns are 0700, whatever the umask.

    A folder the person chose for a ``--db`` file (``owned=False``) is created if missing but an
    existing one is never re-permissioned: it is not backtui's.
    """
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
    if owned:
        os.chmod(path, 0o700)
