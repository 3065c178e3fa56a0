"""Starts the Textual app: the one core module that reaches Textual. The command line imports this
module only for the commands that open the app, so the others never load Textual."""

from __future__ import annotations

import gc
from pathlib import Path

from backtui.tui.app import BackTuiApp, make_app


def build_app(db_path: Path) -> BackTuiApp:
    """The app as `backtui` starts it (the start-up benchmark starts it the same way)."""
    # What is loaded by now (Textual, Peewee, backtui's modules) lives as long as the process.
    # Frozen, it is out of the cycle collector's way: otherwise a full collection walked all of
    # it during start-up, 25-50 ms before the first frame. Tests build many apps in one process
    # with make_app, and do not freeze them.
    gc.freeze()
    return make_app(db_path=db_path)


def run_app(db_path: Path) -> int:
    app = build_app(db_path)
    app.run()
    return app.return_code or 0
