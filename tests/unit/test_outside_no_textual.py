"""status, checkin, remind and calendar run from prompts and timers: none may load Textual."""

from __future__ import annotations

import shutil
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


# What `backtui status` must not load, to stay fast enough for every prompt
# (benchmarks/bench_status.py): Peewee, and tomllib, dataclasses and inspect, which the database
# location (db/location.py) loads only for a config.toml with a [database] table.
HEAVY = ("peewee", "tomllib", "dataclasses", "inspect")
STATUS_CHILD = (
    "import sys\n"
    "from backtui.cli import main\n"
    "main(sys.argv[1:])\n"
    f"print('loaded:', [name for name in {HEAVY!r} if name in sys.modules])\n"
)


def _status_loads(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", STATUS_CHILD, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/nonexistent", **env},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("back: "), result.stdout
    return result.stdout.strip().splitlines()[-1]


def test_status_loads_nothing_heavy(database, tmp_path):
    home = {"HOME": str(tmp_path)}
    assert _status_loads(["--db", str(database), "status"], home) == "loaded: []"
    # Found the usual way: no --db, a config.toml with other settings, the platform data folder.
    data, config = tmp_path / "data" / "backtui", tmp_path / "config" / "backtui"
    data.mkdir(parents=True, mode=0o700)
    config.mkdir(parents=True, mode=0o700)
    shutil.copy(database, data / "backtui.db")
    (config / "config.toml").write_text('theme = "nord"\n[reminders]\nenabled = true\n')
    xdg = {**home, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(config.parent)}
    assert _status_loads(["status"], xdg) == "loaded: []"
