"""Fixtures for the front end: the app built through its factory, and waiting on its workers."""

from __future__ import annotations

from datetime import datetime

import pytest

from backtui.tui.app import make_app

# Tests here import FIXED_NOW "from conftest", which names this module when they run: the same
# fixed "now" as tests/conftest.py (Wednesday 2026-11-25, 09:00).
FIXED_NOW = datetime(2026, 11, 25, 9, 0, 0)


@pytest.fixture
def make_test_app(db_path, clock):
    """Build the real app through its factory, on this test's database and clock."""
    def factory(**overrides):
        return make_app(
            db_path=overrides.pop("db_path", db_path),
            clock=overrides.pop("clock", clock),
            **overrides,
        )

    return factory


@pytest.fixture
def wait_for_workers():
    """Wait until the app's thread workers (database reads and writes) have finished and their
    messages have been handled, instead of sleeping for a guessed time."""

    async def wait(pilot, rounds: int = 3) -> None:
        for _ in range(rounds):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return wait
