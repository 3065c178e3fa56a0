"""Starts the Textual app: the one core module that reaches Textual. The command line imports this
module only for the commands that open the app, so the others never load Textual."""

from __future__ import annotations

from pathlib import Path

from backtui.tui.app import make_app


def run_app(db_path: Path) -> int:
    app = make_app(db_path=db_path)
    app.run()
    return app.return_code or 0
