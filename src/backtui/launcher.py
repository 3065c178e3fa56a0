"""Starts the Textual app: the one core module that reaches Textual. The command line imports this
module only for the commands that open the app, so the others never load Textual."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtui.tui.app import BackTuiApp


def build_app(db_path: Path) -> BackTuiApp:
    """The app as `backtui` starts it (the start-up benchmark starts it the same way).

    Start-up makes hundreds of thousands of objects that live as long as the process (Textual,
    Peewee, backtui's modules), and Python's cycle collector walked them again and again while
    they were made: about a hundred passes, 30-40 ms, before the first frame. So the collector
    is off from here until the Plan shows today's exercises (``BackTuiApp`` turns it back on),
    and what the imports made is frozen (``gc.freeze``): no later pass walks it. Tests build many
    apps in one process with make_app, and do neither.
    """
    gc.disable()
    try:
        from backtui.tui.app import make_app

        gc.freeze()
        app = make_app(db_path=db_path)
    except BaseException:
        gc.enable()
        raise
    app.memory.release_at_end = False  # the process ends with the app (tui/memory.py)
    return app


def run_app(db_path: Path) -> int:
    app = build_app(db_path)
    app.run()
    return app.return_code or 0
