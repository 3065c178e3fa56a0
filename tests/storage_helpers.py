"""Helpers for tests that damage a database file or fill a disk on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def damage_a_middle_page(path) -> None:
    """Overwrite the start of a page in the middle of the file (its b-tree page header and first
    cells, whatever table or index it belongs to), leaving the file header (and its page count)
    intact."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = page_size * (len(data) // page_size // 2)
    data[start : start + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


@contextmanager
def small_tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (e.g. "2m") of its own, so it can be filled for real; unmounted
    afterwards. Skips, saying why, where root or mount is missing."""
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small file system")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
