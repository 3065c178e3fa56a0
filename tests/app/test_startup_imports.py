"""Start-up loads only what the Plan's first frames need; the other screens come later."""

from __future__ import annotations

import subprocess
import sys

# Run in a fresh process: the first frame that shows today's exercises lists which of the other
# screens' modules are loaded by then (the preparation after that frame loads them on purpose).
CHILD = """
import sys
from pathlib import Path
from textual.app import App
from backtui.tui.app import make_app

LATER = ("backtui.tui.session.screen", "backtui.tui.history.screen",
         "backtui.tui.checkin.screen", "backtui.tui.common.help", "numpy")
original = App._display

def display(self, screen, renderable):
    original(self, screen, renderable)
    if renderable is not None and getattr(screen, "loads", 0) and not hasattr(self, "seen"):
        self.seen = True
        print("loaded:", [name for name in LATER if name in sys.modules], flush=True)
        self.call_later(self.exit)

App._display = display
app = make_app(db_path=Path(sys.argv[1]), config_file=Path(sys.argv[2]))
app.run(headless=True, size=(100, 30))
"""


def test_the_plan_shows_today_before_any_other_screen_is_loaded(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "backtui.db"), str(tmp_path / "config.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "loaded: []" in done.stdout, done.stdout + done.stderr
