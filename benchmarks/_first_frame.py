"""Child process for the start-up benchmark: start an app headless, quit at its first frame.

usage: python _first_frame.py bare | backtui DB [--with-data | --settle]

The first frame is the first screen update handed to the terminal driver. With --with-data, backtui
waits instead for the first frame that shows today's exercises read from the database. With
--settle it runs on until its start-up work is done and saved (the parsed styles a later start
reads back, tui/common/style_cache.py), as a person's earlier start would have.
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
    # Everything is imported through build_app, as the `backtui` command does.
    from pathlib import Path

    from backtui.launcher import build_app

    return build_app(Path(db_path))


def quit_once_settled(app) -> None:
    def settled() -> None:
        saving = [w for w in app.workers if w.group == "styles" and not w.is_finished]
        if app.screens_prepared and not saving:
            sys.stdout.write("frame\n")
            sys.stdout.flush()
            app.exit()

    app.call_later(lambda: app.set_interval(0.05, settled))


def quit_at_first_frame(with_data: bool) -> None:
    from textual.app import App

    original = App._display

    def display(self, screen, renderable) -> None:
        original(self, screen, renderable)
        if renderable is None or getattr(self, "_frame_seen", False) or not screen.is_mounted:
            return
        if with_data and not getattr(screen, "loads", 0):
            return  # the Plan screen counts its loads from the database
        self._frame_seen = True
        sys.stdout.write("frame\n")  # the parent notes the time it reads this line
        sys.stdout.flush()
        self.call_later(self.exit)

    App._display = display


def main() -> None:
    with_data = "--with-data" in sys.argv
    app = bare_app() if sys.argv[1] == "bare" else backtui_app(sys.argv[2])
    if "--settle" in sys.argv:
        quit_once_settled(app)
    else:
        quit_at_first_frame(with_data)  # before the app runs: nothing is drawn until then
    app.run(headless=True, size=(120, 36))


if __name__ == "__main__":
    main()
