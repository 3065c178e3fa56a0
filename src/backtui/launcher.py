"""Starts the Textual app: the one core module that may reach Textual, and only lazily."""

from __future__ import annotations

from pathlib import Path


def run_app(db_path: Path) -> int:
    from backtui.tui.app import make_app  # imported here so CLI-only commands never load Textual

    app = make_app(db_path=db_path)
    app.run()
    return app.return_code or 0
