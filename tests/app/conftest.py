"""Fixtures for the front end: the app built through its factory, and waiting on its workers."""

from __future__ import annotations

import pytest
from fixed_time import at
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.widgets import DataTable

from backtui.tui.app import make_app

# Tests here import FIXED_NOW "from conftest", which names this module when they run: the same
# fixed "now" as tests/conftest.py (Wednesday 2026-11-25, 09:00).
FIXED_NOW = at(2026, 11, 25, 9, 0, 0)


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


# Workers that wait for the person to answer a pop-up: waiting for them would wait for ever.
ASKING_GROUPS = frozenset({"session-begin", "session-listen", "session-end"})


@pytest.fixture
def wait_for_workers():
    """Wait until the app's workers (database reads and writes) have finished and what they
    posted has been handled, instead of sleeping for a guessed time. Workers that are waiting for
    an answer in a pop-up are left waiting; a worker started by a message counts too."""

    async def wait(pilot, rounds: int = 20) -> None:
        app = pilot.app
        for _ in range(rounds):
            await pilot.pause()
            busy = [w for w in app.workers if not w.is_finished and w.group not in ASKING_GROUPS]
            if not busy:
                await pilot.pause()
                return
            await app.workers.wait_for_complete(busy)
        raise AssertionError(f"Workers still running after {rounds} rounds: {busy}")

    return wait


class Notices:
    """Every notification an app shows, recorded through ``run_test(message_hook=...)``:

        async with app.run_test(message_hook=notices) as pilot: ...
        assert "Check-in saved." in notices.messages
    """

    def __init__(self) -> None:
        self.shown: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append(message.notification)

    @property
    def messages(self) -> list[str]:
        return [notification.message for notification in self.shown]

    def of_severity(self, severity: str) -> list[str]:
        return [n.message for n in self.shown if n.severity == severity]


@pytest.fixture
def notices() -> Notices:
    return Notices()


@pytest.fixture
def cleared_tables(monkeypatch) -> list[str]:
    """The ids of the tables emptied (``DataTable.clear``) during the test, in order: a table
    emptied is a table redrawn."""
    cleared: list[str] = []
    clear = DataTable.clear

    def counted_clear(table, *args, **kwargs):
        cleared.append(table.id)
        return clear(table, *args, **kwargs)

    monkeypatch.setattr(DataTable, "clear", counted_clear)
    return cleared


@pytest.fixture
def rendered_cells(monkeypatch) -> list[str]:
    """The table id of every cell drawn afresh (not taken from the table's drawn cells) during
    the test, in order."""
    from backtui.tui.common.kept_table import KeptTable

    rendered: list[str] = []

    def counted(render_cell):
        def counted_render_cell(table, *args, **kwargs):
            before = len(table._cell_render_cache)
            lines = render_cell(table, *args, **kwargs)
            if len(table._cell_render_cache) != before:
                rendered.append(table.id)
            return lines

        return counted_render_cell

    # KeptTable draws its cells with its own _render_cell; a plain DataTable with Textual's.
    for table_class in (DataTable, KeptTable):
        monkeypatch.setattr(table_class, "_render_cell", counted(table_class._render_cell))
    return rendered
