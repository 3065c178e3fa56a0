"""Guarding a database in use: which processes hold it, and is it still the file they opened.

Every process that opens a database for writing holds a shared lock (``flock``) on a lock file in
a hidden folder beside it (``.backtui.db.open/lock``) for as long as the database is open, and
leaves a note there with its pid and the time it opened the file (``pid-1234``, itself locked so a
note left by a killed process is known to be stale). A restore or an import takes the lock
exclusively: while any other process holds it, they refuse and name that process from its note.
The kernel drops the locks when a process ends, however it ends.

A session in progress belongs to the one process running it: that process holds an exclusive
lock on ``session-N`` in the same folder, with its pid inside, until the session ends or the
process does. Another window sees the session is running elsewhere and cannot join it; once the
owner is gone (its lock dropped by the kernel), the session is offered for resuming.

A restore replaces the file under the same name, so a process that still has the old file open
would go on writing to the copy kept aside. ``FileIdentity`` records the file's device and inode
when it is opened; the database checks it (one ``stat``) before each write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from backtui.errors import StorageError

try:
    import fcntl
except ImportError:  # Windows: no flock; the guard is left out there
    fcntl = None


class DatabaseInUse(StorageError):
    """Another backtui process has the database open; the message names it."""


class SessionElsewhere(StorageError):
    """The session is running in another backtui process, which alone writes to it."""

    def __init__(self, pid: str) -> None:
        super().__init__(f"This session is running in another backtui window (pid {pid}).")
        self.pid = pid


class FileReplaced(StorageError):
    """The database file was replaced or moved while this process had it open."""


class FileIdentity(NamedTuple):
    """A file as the system knows it (device and inode), so a moved or replaced file is noticed."""

    path: Path
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        status = os.stat(path)
        return cls(path, status.st_dev, status.st_ino)

    def check(self) -> None:
        """Raise FileReplaced when the path no longer names the file that was opened."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            status = None
        if status is None or (status.st_dev, status.st_ino) != (self.device, self.inode):
            raise FileReplaced(
                f"{self.path} was replaced or moved while backtui had it open (by a restore or "
                "another program), so nothing more was written to it. Close backtui and open it "
                "again to carry on with the file now there."
            )


class _Claim(NamedTuple):
    """A database this process holds: its lock and its note file."""

    lock_fd: int
    note: Path
    note_fd: int | None


_held: dict[Path, _Claim] = {}
_sessions: dict[tuple[Path, int], int] = {}  # (database, session id) -> the owning lock's fd


def claim_folder(db_path: Path) -> Path:
    return db_path.parent / f".{db_path.name}.open"


def _private_fd(path: Path) -> int:
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.fchmod(fd, 0o600)  # whatever the umask
    return fd


def _lock(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_note(folder: Path, opened: datetime) -> tuple[Path, int | None]:
    """The note naming this process. Best effort: a full disk must not stop the claim itself."""
    note = folder / f"pid-{os.getpid()}"
    try:
        fd = _private_fd(note)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {opened:%Y-%m-%d %H:%M}\n".encode())
    except OSError:
        return note, None
    return note, fd


def holders(db_path: Path) -> list[str]:
    """Other live processes holding ``db_path``, as "pid 1234, opened 2026-11-25 09:00"."""
    folder = claim_folder(Path(db_path))
    found = []
    for note in sorted(folder.glob("pid-*")) if folder.is_dir() else []:
        if note.name == f"pid-{os.getpid()}":
            continue
        try:
            fd = os.open(note, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(fd, fcntl.LOCK_SH):  # nobody holds it: left by a process that ended
                note.unlink(missing_ok=True)
                continue
            pid, _, opened = os.read(fd, 200).decode(errors="replace").strip().partition(" ")
            found.append(f"pid {pid}, opened {opened}" if opened else f"pid {pid}")
        finally:
            os.close(fd)
    return found


def _in_use(db_path: Path, doing: str) -> DatabaseInUse:
    names = holders(db_path)
    who = "; ".join(names) if names else "its pid could not be read"
    return DatabaseInUse(
        f"{db_path} is open in another backtui ({who}), so it cannot be {doing} now. "
        "Close that backtui first, then try again."
    )


def claim(db_path: Path, now: datetime) -> None:
    """Hold ``db_path`` (shared) until release(): a restore or import elsewhere then waits."""
    key = Path(db_path).resolve()
    if fcntl is None or key in _held:
        return
    folder = claim_folder(key)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        lock_fd = _private_fd(folder / "lock")
    except OSError:
        return  # a read-only folder: nothing can be written there anyway, and opening says so
    if not _lock(lock_fd, fcntl.LOCK_SH):
        os.close(lock_fd)
        raise DatabaseInUse(
            f"{db_path} is being restored or imported into by another backtui "
            f"({'; '.join(holders(key)) or 'pid unknown'}). Try again when it has finished."
        )
    note, note_fd = _write_note(folder, now)
    _held[key] = _Claim(lock_fd, note, note_fd)


def release(db_path: Path | None = None) -> None:
    """Let go of ``db_path`` (or of every database this process holds)."""
    keys = list(_held) if db_path is None else [Path(db_path).resolve()]
    for key in keys:
        held = _held.pop(key, None)
        if held is None:
            continue
        for owned in [owned for owned in _sessions if owned[0] == key]:
            let_go_of_session(key, owned[1])
        if held.note_fd is not None:
            held.note.unlink(missing_ok=True)
            os.close(held.note_fd)
        os.close(held.lock_fd)


@contextmanager
def sole_user(db_path: Path, doing: str, now: datetime) -> Iterator[None]:
    """Hold ``db_path`` exclusively for the block, or raise DatabaseInUse naming who has it."""
    if fcntl is None:
        yield
        return
    key = Path(db_path).resolve()
    already = key in _held
    claim(key, now)
    held = _held.get(key)
    if held is None:  # the folder cannot hold a lock file: nothing to guard
        yield
        return
    if not _lock(held.lock_fd, fcntl.LOCK_EX):
        # Linux drops a shared lock before converting it: take it back before saying why.
        _lock(held.lock_fd, fcntl.LOCK_SH)
        raise _in_use(Path(db_path), doing)
    try:
        yield
    finally:
        if already:
            fcntl.flock(held.lock_fd, fcntl.LOCK_SH)
        else:
            release(key)


def forget(db_path: Path) -> None:
    """Remove the claim folder of a database that is gone, unless another process holds it."""
    release(db_path)
    folder = claim_folder(Path(db_path))
    if holders(db_path):
        return
    (folder / "lock").unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # someone else's note appeared meanwhile, or the folder is already gone


# --- the one process that runs a session ----------------------------------------------------------


def _session_file(db_path: Path, session_id: int) -> Path:
    return claim_folder(db_path) / f"session-{int(session_id)}"


def own_session(db_path: Path, session_id: int) -> None:
    """Make this process the one that runs ``session_id``, or raise SessionElsewhere."""
    key = Path(db_path).resolve()
    if fcntl is None or (key, session_id) in _sessions or key not in _held:
        return  # no flock here, already ours, or the folder could hold no claim at all
    try:
        fd = _private_fd(_session_file(key, session_id))
    except OSError:
        return  # best effort, as the pid note: a full disk must not stop the session itself
    if not _lock(fd, fcntl.LOCK_EX):
        pid = os.read(fd, 40).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise SessionElsewhere(pid)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass  # the lock is what counts; the pid only names the window
    _sessions[(key, session_id)] = fd


def session_owner_elsewhere(db_path: Path, session_id: int) -> str | None:
    """The pid of another live process running ``session_id``, or None."""
    key = Path(db_path).resolve()
    path = _session_file(key, session_id)
    if fcntl is None or (key, session_id) in _sessions or not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if _lock(fd, fcntl.LOCK_SH):
            return None  # left by a process that ended: the kernel dropped its lock
        return os.read(fd, 40).decode(errors="replace").strip() or "unknown"
    finally:
        os.close(fd)


def let_go_of_session(db_path: Path, session_id: int) -> None:
    """The session ended here: nobody runs it now."""
    fd = _sessions.pop((Path(db_path).resolve(), session_id), None)
    if fd is not None:
        _session_file(Path(db_path).resolve(), session_id).unlink(missing_ok=True)
        os.close(fd)
