"""Helpers for tests that damage a database file on purpose."""

from __future__ import annotations


def damage_a_middle_page(path) -> None:
    """Overwrite the start of a page in the middle of the file (its b-tree page header and first
    cells, whatever table or index it belongs to), leaving the file header (and its page count)
    intact."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = page_size * (len(data) // page_size // 2)
    data[start : start + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
