"""Opening, checking, migrating and backing up backtui's SQLite file.

A file is only written once it is known to be backtui's (its application_id) or new and empty.
Anything else is refused with a one-line StorageError, and the file is left byte-for-byte untouched.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import peewee

from backtui.db import claims, migrations
from backtui.db.models import _Database, db
from backtui.errors import StorageError
from backtui.paths import backup_dir, data_dir, ensure_private_dir

# "BTUI" as a big-endian 32-bit integer: marks the file as backtui's.
APPLICATION_ID = 0x42545549
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5
BACKUPS_KEPT = 7
# What a failed SQLite write raises, from SQLite itself or wrapped by Peewee.
WRITE_ERRORS = (sqlite3.Error, peewee.PeeweeException, OSError)

__all__ = ["StorageError"]


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


def is_backtui_file(path: Path) -> bool:
    """Does the file's SQLite header carry backtui's application_id? Reads 100 bytes only."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return header.startswith(SQLITE_HEADER) and header[68:72] == APPLICATION_ID.to_bytes(4, "big")


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` without ever writing, even on read-only media.

    SQLite reads a WAL database by writing its -shm index; where the folder cannot be written
    (a read-only medium) and no WAL holds commits, the file is opened as immutable instead.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    if not pending and not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


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
        probe = sqlite3.connect(read_only_uri(path), uri=True)
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
    with claims.sole_user(path, "restored", now):
        return _replace_with(path, backup, now)


def _replace_with(path: Path, backup: Path, now: datetime) -> Path | None:
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


def _backup_name(path: Path) -> re.Pattern:
    """This database's backups only: backtui-old.db's are not backtui.db's."""
    return re.compile(rf"{re.escape(path.stem)}-\d{{8}}-\d{{6}}-[a-z0-9-]+\.db")


def list_backups(path: Path) -> list[Path]:
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    pattern = _backup_name(path)
    return sorted(
        (backup for backup in folder.glob("*.db") if pattern.fullmatch(backup.name)), reverse=True
    )


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


PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # full: a committed set survives a power cut, at little cost for a diary's write rate.
    "synchronous": "full",
    "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
}


def _build_new_database(path: Path) -> None:
    """Create the database all at once: built in a private temporary file beside ``path``, then
    moved into place, so a full disk or a crash leaves no file or a whole one, never half of one."""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    except OSError as error:
        raise StorageError(f"cannot create {path}: {error.strerror}.") from error
    os.close(fd)
    os.chmod(temp_name, 0o600)
    temp = Path(temp_name)
    builder = peewee.SqliteDatabase(temp_name, pragmas={"synchronous": "full"})
    try:
        builder.connect()
        migrations.migrate(builder, 0)
        builder.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        builder.close()
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        _publish(temp, path)
    except WRITE_ERRORS as error:
        builder.close()
        raise StorageError(
            f"cannot create {path}: {getattr(error, 'strerror', None) or error}. Nothing was "
            "left behind; free some space (or choose another folder) and try again."
        ) from error
    finally:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)


def _publish(temp: Path, path: Path) -> None:
    """Move the finished file to ``path``; a database made meanwhile by another process wins."""
    if path.exists():  # an empty file the person made: nothing in it to lose
        os.replace(temp, path)
    else:
        try:
            os.link(temp, path)  # fails if the name was taken since: never replaces a database
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the new name survives a power cut
    finally:
        os.close(folder)


def _check_writable(path: Path, *, thorough: bool) -> int:
    """The schema version of the file at ``path`` (0 when none is there yet), fit for writing."""
    owned = path.parent.resolve() == data_dir().resolve()
    try:
        ensure_private_dir(path.parent, owned=owned)
    except OSError as error:
        raise StorageError(f"cannot create the folder {path.parent}: {error.strerror}.") from error
    if not path.exists():
        return 0
    if not path.is_file():
        raise StorageError(f"{path} is not a file. Choose another path with --db.")
    # Checked first: reading a WAL file in a read-only folder fails as if it were damaged.
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StorageError(
            f"{path} or its folder ({path.parent}) is read-only: check their permissions."
        )
    return _check_existing_file(path, thorough=thorough)


_in_use: list[Path] = []  # the file open in this process, if any (db.database may be a URI)


def database_in_use() -> Path | None:
    return _in_use[0] if _in_use else None


def open_database(path: Path, *, now: datetime | None = None, thorough: bool = True) -> Path:
    """Open (or create) the backtui database at ``path`` and bring its schema up to date.

    This process then holds the file (claims.claim) until close_database, so a restore or an
    import elsewhere refuses, and each write first checks that the file was not replaced.
    """
    path = Path(path).expanduser()
    close_database()
    version = _check_writable(path, thorough=thorough)
    if version == 0:
        _build_new_database(path)
        version = _check_existing_file(path, thorough=False)
    now = now or datetime.now()
    claims.claim(path, now)
    if version < migrations.SCHEMA_VERSION:
        backup_database(path, f"before-v{migrations.SCHEMA_VERSION}", now)
    db.initialize(
        _Database(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    )
    db.obj.guard = claims.FileIdentity.of(path).check
    _in_use.append(path)
    try:
        db.connect(reuse_if_open=True)
        migrations.migrate(db, version)
        # Checked, not written each time: a write at start-up creates and syncs the WAL, 10-15 ms
        # before the first frame. The file was checked or built with this id just above.
        if db.execute_sql("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except WRITE_ERRORS as error:
        close_database()
        raise StorageError(f"cannot write to {path}: {error}.") from error
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        if sidecar.exists():
            os.chmod(sidecar, 0o600)
    return path


def open_database_read_only(path: Path, *, thorough: bool = True) -> Path:
    """Open an up-to-date database only to read it (export, report): it works on read-only media,
    and nothing about the file changes. A file that needs a schema update is opened for writing."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StorageError(f"{path} is not a file. Choose another path with --db.")
    version = _check_existing_file(path, thorough=thorough)
    if version < migrations.SCHEMA_VERSION:
        return open_database(path, thorough=False)
    close_database()
    db.initialize(
        _Database(
            read_only_uri(path),
            uri=True,
            pragmas={"query_only": 1, "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000},
            timeout=BUSY_TIMEOUT_SECONDS,
            check_same_thread=False,
        )
    )
    try:
        db.connect(reuse_if_open=True)
    except WRITE_ERRORS as error:
        close_database()
        raise StorageError(f"{path} cannot be read: {error}.") from error
    _in_use.append(path)
    return path


def close_database() -> None:
    """Close the open database, a file or a PostgreSQL database alike."""
    if not db.is_closed():
        db.close()
    if isinstance(db.obj, _Database):
        db.obj.guard = None
        db.obj.replaced = None
    _in_use.clear()
    claims.release()
    server_claims = sys.modules.get("backtui.db.server_claims")  # loaded for a server only
    if server_claims is not None:
        server_claims.let_go_of_all()


def remove_database(path: Path) -> None:
    """Delete a database this process has just created and not used (a failed import)."""
    close_database()
    for name in (str(path), *(f"{path}{suffix}" for suffix in ("-wal", "-shm", "-journal"))):
        Path(name).unlink(missing_ok=True)
    claims.forget(path)
