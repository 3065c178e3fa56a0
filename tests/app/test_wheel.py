"""The wheel carries the styles, the library and the guide, and the installed app runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # tests/app/ -> the repository
UV = shutil.which("uv")

pytestmark = pytest.mark.skipif(UV is None, reason="needs uv to build the wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [UV, "build", "--wheel", "-o", str(out), str(ROOT)], check=True, capture_output=True
    )
    (built,) = out.glob("backtui-*.whl")
    return built


def test_wheel_holds_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tui_styles = {p.name for p in (ROOT / "tui").glob("*.tcss")}
    assert tui_styles and {f"backtui/tui/{n}" for n in tui_styles} <= names
    assert "backtui/data/exercises.toml" in names and "backtui/data/guide.md" in names
    assert "backtui/data/poses.toml" in names  # the exercise figures
    screens = {f"backtui/tui/screens/{p.name}" for p in (ROOT / "tui" / "screens").glob("*.py")}
    assert screens <= names
    assert any(n.endswith("entry_points.txt") for n in names)
    learn_pages = {
        f"backtui/data/learn/{p.name}" for p in (ROOT / "src/backtui/data/learn").glob("*.md")
    }
    assert learn_pages and learn_pages <= names
    assert "backtui/tui/learn/learn.tcss" in names and "backtui/tui/learn/screen.py" in names


def test_installed_wheel_runs(wheel, tmp_path):
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    subprocess.run([UV, "venv", "-q", "-p", sys.executable, str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    subprocess.run(
        [UV, "pip", "install", "-q", "-p", str(python), str(wheel)],
        check=True,
        env=env,
        capture_output=True,
    )
    backtui = venv / "bin" / "backtui"
    version = subprocess.run([backtui, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("backtui ")
    # Start the installed app headless on a new database and quit after the first frame.
    code = (
        "from pathlib import Path\n"
        "from backtui.tui.app import make_app\n"
        f"app = make_app(db_path=Path({str(tmp_path / 'w.db')!r}))\n"
        "async def quit_soon(pilot):\n"
        "    await pilot.pause()\n"
        "    print(type(pilot.app.screen).__name__)\n"
        "    pilot.app.exit()\n"
        "app.run(headless=True, auto_pilot=quit_soon)\n"
    )
    started = subprocess.run(
        [python, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "XDG_CONFIG_HOME": str(tmp_path / "cfg")},
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    assert "PlanScreen" in started.stdout
