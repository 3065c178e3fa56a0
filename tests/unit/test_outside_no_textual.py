"""status, checkin, remind and calendar run from prompts and timers: none may load Textual."""

from __future__ import annotations

import subprocess
import sys


def test_outside_commands_do_not_load_textual(database, tmp_path):
    db = str(database)
    calendar = str(tmp_path / "plan.ics")
    code = (
        "import sys\n"
        "from backtui.cli import main\n"
        f"main(['--db', {db!r}, 'status'])\n"
        f"main(['--db', {db!r}, 'status', '--format', 'waybar'])\n"
        f"main(['--db', {db!r}, 'checkin', '2'])\n"
        f"main(['--db', {db!r}, 'remind'])\n"
        f"main(['--db', {db!r}, 'calendar', '-o', {calendar!r}])\n"
        "print('textual loaded:', 'textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/nonexistent", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "back: " in result.stdout and "Saved: pain 2/10" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "textual loaded: False False"


def test_status_does_not_load_peewee(database, tmp_path):
    """What keeps it fast enough for every prompt (benchmarks/bench_status.py)."""
    code = (
        "import sys\n"
        "from backtui.cli import main\n"
        f"main(['--db', {str(database)!r}, 'status'])\n"
        "print('peewee loaded:', 'peewee' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "peewee loaded: False", result.stderr
