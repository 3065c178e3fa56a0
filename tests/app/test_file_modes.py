"""Every file backtui writes is readable by its owner only (0600), its folders 0700, whatever the
umask: the database and its -wal/-shm, backups, exports, reports and config.toml.

The files are made the way a person makes them: the app (daily backup, export, clinician report,
a check-in, a theme change) and the command line (JSON and CSV export, report, config --init,
restore). Then every file and folder under the data and config folders is checked.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from session_helpers import wait_for

from backtui.cli import main
from backtui.paths import cache_dir, config_dir, data_dir, default_db_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(folder: Path) -> dict[str, int]:
    found = {folder.name + "/": mode(folder)}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder)) + ("/" if path.is_dir() else "")
        found[name] = mode(path)
    return found


def assert_private(found: dict[str, int]) -> None:
    wrong = {
        name: oct(m) for name, m in found.items() if m != (0o700 if name.endswith("/") else 0o600)
    }
    assert wrong == {}


async def test_everything_backtui_writes_is_private_whatever_the_umask(
    umask, tmp_path, clock, notices
):
    from backtui.db.storage import close_database
    from backtui.tui.app import make_app

    assert main(["config", "--init"]) == 0
    db_path = default_db_path()
    app = make_app(db_path=db_path, clock=clock)
    async with app.run_test(message_hook=notices) as pilot:
        await wait_for(pilot, lambda: (db_path.parent / "backups").is_dir(), "the daily backup")
        await app.run_action("export")
        await wait_for(pilot, lambda: any("Exported" in m for m in notices.messages), "the export")
        await pilot.press("h")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HistoryScreen", "History")
        await pilot.press("r")
        written = lambda: any("report written" in m for m in notices.messages)  # noqa: E731
        await wait_for(pilot, written, "report")
        await pilot.press("c", "3", "enter")
        await wait_for(pilot, lambda: any("Check-in saved" in m for m in notices.messages), "saved")
        app.theme = "nord"  # remembered in config.toml
        config_file = config_dir() / "config.toml"
        await wait_for(pilot, lambda: 'theme = "nord"' in config_file.read_text(), "the theme")
        kept_styles = cache_dir() / "styles.pickle"
        await wait_for(pilot, kept_styles.exists, "the kept styles")
        await app.workers.wait_for_complete()
        while_open = modes_under(data_dir())
    close_database()
    assert {"backtui.db", "backtui.db-wal", "backtui.db-shm"} <= set(while_open)
    assert any(name.startswith("backups/backtui-") for name in while_open)
    assert any(name.startswith("exports/backtui-export-") for name in while_open)
    assert any(name.startswith("reports/backtui-report-") for name in while_open)
    assert_private(while_open)

    # The command line: exports and a report where the person asks, a restore.
    assert main(["export", "-o", str(tmp_path / "record.json")]) == 0
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "tables")]) == 0
    assert main(["report", "-o", str(tmp_path / "report.html")]) == 0
    assert main(["restore", "1", "--yes"]) == 0
    close_database()
    assert mode(tmp_path / "record.json") == mode(tmp_path / "report.html") == 0o600
    assert_private(modes_under(tmp_path / "tables"))
    after = modes_under(data_dir())
    assert any(".before-restore-" in name for name in after)
    assert_private(after)
    config = modes_under(config_dir())
    assert "config.toml" in config
    assert_private(config)
    cache = modes_under(cache_dir())
    assert "styles.pickle" in cache
    assert_private(cache)


def test_a_restored_file_is_private_from_its_first_byte(monkeypatch, database, db_path, clock):
    """The copy made during a restore is never, even briefly, readable by others (umask 000)."""
    import shutil

    from backtui.db import storage

    backup = storage.backup_database(db_path, "daily", clock())
    seen: list[int] = []
    real_copy = shutil.copyfile

    def spying_copy(source, target, **kwargs):
        result = real_copy(source, target, **kwargs)
        seen.append(mode(Path(target)))  # before restore_backup's own chmod
        return result

    monkeypatch.setattr(storage.shutil, "copyfile", spying_copy)
    old = os.umask(0)
    try:
        storage.restore_backup(db_path, backup, clock())
    finally:
        os.umask(old)
    assert seen == [0o600]
    assert mode(db_path) == 0o600
