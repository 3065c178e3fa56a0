"""Child process for the start-up benchmark: start an app headless, wait for its first frame, quit.

usage: python _first_frame.py backtui DB | bare
"""

from __future__ import annotations

import sys


def bare_app():
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Plan")
            yield Footer()

    return Bare()


def backtui_app(db_path: str):
    from pathlib import Path

    from backtui.tui.app import make_app

    return make_app(db_path=Path(db_path))


async def _quit_after_first_frame(pilot) -> None:
    await pilot.pause()
    pilot.app.exit()


def main() -> None:
    app = bare_app() if sys.argv[1] == "bare" else backtui_app(sys.argv[2])
    app.run(headless=True, size=(120, 36), auto_pilot=_quit_after_first_frame)


if __name__ == "__main__":
    main()
