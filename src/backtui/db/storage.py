"""Opening, checking, migrating and backing up backtui's SQLite file.

A file is only written once it is known to be backtui's (its application_id) or new and empty.
Anything else is refused with a one-line StorageError, and the file is left byte-for-byte untouched.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from backtui.db import migrations
from backtui.db.models import db
from backtui.errors import BacktuiError
from backtui.paths import backup_dir, data_dir, ensure_private_dir

# "BTUI" as a big-endian 32-bit integer: marks the file as backtui's.
APPLICATION_ID = 0x42545549
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5
BACKUPS_KEPT = 7


class StorageError(BacktuiError):
    """A database problem the person can act on; the message is one line and names the file."""


DAMAGED_ADVICE = "Run 'backtui restore' to pick an automatic backup."


def _truncated(path: Path, header: bytes, size: int) -> bool:
    """A cheap check on the SQLite header: is the file shorter than the pages it says it has?"""
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is only trusted when the header says it is current (SQLite file format 1.3).
    current = header[24:28] == header[92:96]
    return current and pages > 0 and size < pages * page_size


def _check_existing_file(path: Path, *, thorough: bool = True) -> int:
    """Return the file's schema version (0 for a new, empty file) or raise StorageError.

    Reads the file without ever writing to it: the header bytes first, then a read-only connection.
    ``thorough`` adds SQLite's quick_check, whose cost grows with the file; the app runs that
    check after its first frame instead (verify_database).
    """
    size = path.stat().st_size
    if size == 0:
        return 0
    with open(path, "rb") as handle:
        header = handle.read(100)
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StorageError(
            f"{path} is not a backtui database (it is not an SQLite file). "
            "Move it aside or choose another file with --db."
        )
    if _truncated(path, header, size):
        raise StorageError(f"{path} is damaged (the file is cut short). {DAMAGED_ADVICE}")
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StorageError(f"{path} cannot be opened: {error}.") from error
    try:
        app_id = probe.execute("PRAGMA application_id").fetchone()[0]
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        tables = probe.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        check = probe.execute("PRAGMA quick_check").fetchone()[0] if thorough else "ok"
    except sqlite3.DatabaseError as error:
        raise StorageError(
            f"{path} is damaged or not a database ({error}). {DAMAGED_ADVICE}"
        ) from error
    finally:
        probe.close()
    if app_id != APPLICATION_ID:
        if app_id == 0 and tables == 0:
            return 0
        raise StorageError(
            f"{path} belongs to another application, not backtui. "
            "Choose another file with --db; this one was not changed."
        )
    if check != "ok":
        raise StorageError(f"{path} is damaged (integrity check: {check}). {DAMAGED_ADVICE}")
    if version > migrations.SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer backtui (schema {version}, this one reads up to "
            f"{migrations.SCHEMA_VERSION}). Upgrade backtui to open it."
        )
    return version


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def backup_database(path: Path, label: str, now: datetime) -> Path:
    """Copy the database with SQLite's backup API (it includes commits still in the WAL)."""
    folder = backup_dir(path)
    ensure_private_dir(folder, owned=True)
    target = folder / f"{path.stem}-{now:%Y%m%d-%H%M%S}-{label}.db"
    _create_private_file(target)
    source = sqlite3.connect(path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    _prune_backups(path)
    return target


def backup_if_due(path: Path, now: datetime) -> Path | None:
    """The rolling daily backup: at most one a day, made on start (off the UI thread)."""
    today = f"{path.stem}-{now:%Y%m%d}-"
    if any(backup.name.startswith(today) for backup in list_backups(path)):
        return None
    return backup_database(path, "daily", now)


def restore_backup(path: Path, backup: Path, now: datetime) -> Path | None:
    """Replace the database at ``path`` with ``backup``; returns where the old file was kept.

    The current file is never deleted: it is moved aside (even when damaged), and the backup is
    first copied to a temporary file beside it, so a failure leaves the current file in place.
    """
    _check_existing_file(backup)
    close_database()
    kept = None
    temp = path.with_name(f".{path.name}.restoring")
    _create_private_file(temp)  # private from the start: copyfile alone follows the umask
    shutil.copyfile(backup, temp)
    os.chmod(temp, 0o600)
    if path.exists():
        kept = path.with_name(f"{path.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        os.replace(path, kept)
        for suffix in ("-wal", "-shm"):
            sidecar = Path(f"{path}{suffix}")
            if sidecar.exists():
                os.replace(sidecar, Path(f"{kept}{suffix}"))
    os.replace(temp, path)
    return kept


def list_backups(path: Path) -> list[Path]:
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{path.stem}-*.db"), reverse=True)


def _prune_backups(path: Path) -> None:
    for old in list_backups(path)[BACKUPS_KEPT:]:
        old.unlink(missing_ok=True)


def verify_database(path: Path) -> str | None:
    """SQLite's quick_check on the open file: None when sound, else a sentence to show."""
    try:
        result = db.execute_sql("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        result = str(error)
    if result == "ok":
        return None
    return f"{path} shows damage ({result}). Your data so far may be at risk: {DAMAGED_ADVICE}"


def open_database(path: Path, *, now: datetime | None = None, thorough: bool = True) -> Path:
    """Open (or create) the backtui database at ``path`` and bring its schema up to date."""
    path = Path(path).expanduser()
    owned = path.parent.resolve() == data_dir().resolve()
    try:
        ensure_private_dir(path.parent, owned=owned)
    except OSError as error:
        raise StorageError(f"cannot create the folder {path.parent}: {error.strerror}.") from error
    if path.exists():
        if not path.is_file():
            raise StorageError(f"{path} is not a file. Choose another path with --db.")
        # Checked first: reading a WAL file in a read-only folder fails as if it were damaged.
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise StorageError(
                f"{path} or its folder is read-only. Check the permissions of {path.parent}."
            )
        version = _check_existing_file(path, thorough=thorough)
    else:
        version = 0
        try:
            _create_private_file(path)
        except OSError as error:
            raise StorageError(f"cannot create {path}: {error.strerror}.") from error

    if 0 < version < migrations.SCHEMA_VERSION:
        backup_database(path, f"before-v{migrations.SCHEMA_VERSION}", now or datetime.now())

    if not db.is_closed():
        db.close()
    db.init(
        str(path),
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            # full: a committed set survives a power cut, at little cost for a diary's write rate.
            "synchronous": "full",
            "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
        },
        timeout=BUSY_TIMEOUT_SECONDS,
        check_same_thread=False,
    )
    try:
        db.connect(reuse_if_open=True)
        migrations.migrate(db, version)
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except sqlite3.OperationalError as error:
        db.close()
        raise StorageError(f"cannot write to {path}: {error}.") from error
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        if sidecar.exists():
            os.chmod(sidecar, 0o600)
    return path


def close_database() -> None:
    if not db.is_closed():
        db.close()
