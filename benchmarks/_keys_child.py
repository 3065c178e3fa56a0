"""Child process for the key-latency benchmark: a bare app, then backtui, in this one process.

usage: python _keys_child.py DB WIDTH HEIGHT ROUNDS

Prints one JSON object: for the bare app and for each backtui key, the seconds of every press,
first press first. A press is timed from the key to the frame that shows its data: the key is
pressed, the screen's readiness test is awaited (its database reads done and drawn), then one more
pause lets Textual paint. The bare app pushes a plain screen (Header, Static, Footer) the same way.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ["TEXTUAL_ANIMATIONS"] = "none"  # Pilot waits for animations; a person does not

from common import afternoon_clock  # noqa: E402  (this script's folder is on sys.path)
from textual.app import App  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Footer, Header, Static  # noqa: E402

ASKING = frozenset({"session-begin", "session-listen", "session-end"})
TIMEOUT = 10.0
READING = 1.0  # seconds a person looks at the first screen before the first key (both apps)


class PlainScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self):
        yield Header()
        yield Static("A plain screen")
        yield Footer()


class Bare(App):
    BINDINGS = [Binding("x", "open", "Open")]

    def compose(self):
        yield Header()
        yield Static("Home")
        yield Footer()

    def action_open(self) -> None:
        self.push_screen(PlainScreen())


async def _settle(pilot, ready: Callable[[], bool]) -> None:
    """Wait for the app's workers and then for ``ready()``; then one pause for the frame."""
    app = pilot.app
    deadline = time.perf_counter() + TIMEOUT
    while True:
        busy = [w for w in app.workers if not w.is_finished and w.group not in ASKING]
        if busy:
            await app.workers.wait_for_complete(busy)
        await pilot.pause()
        if ready():
            break
        if time.perf_counter() > deadline:
            raise RuntimeError(f"not ready after {TIMEOUT} s on {app.screen!r}")
    await pilot.pause()  # the frame that shows the data


async def _timed(pilot, key: str, ready: Callable[[], bool]) -> float:
    started = time.perf_counter()
    await pilot.press(key)
    await _settle(pilot, ready)
    return time.perf_counter() - started


async def bare(size: tuple[int, int], rounds: int) -> list[float]:
    app = Bare()
    times = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause(READING)
        for _ in range(rounds):
            times.append(await _timed(pilot, "x", lambda: isinstance(app.screen, PlainScreen)))
            await pilot.press("escape")
            await pilot.pause()
    return times


def _text(app, selector: str) -> str:
    """The text of a Static on the current screen ("" while it is not there yet: History builds a
    section's widgets when the section is first shown)."""
    found = app.screen.query(selector)
    return str(found.first(Static).content) if found else ""


def _history_checks(app) -> dict[str, Callable[[], bool]]:
    from textual.widgets import DataTable

    from backtui.history.aggregates import RANGES

    def on_history(section: str) -> bool:
        screen = app.screen
        return type(screen).__name__ == "HistoryScreen" and screen.active_section() == section

    def table(selector: str) -> bool:
        found = app.screen.query(selector)
        return bool(found) and found.first(DataTable).row_count > 0

    def pain() -> bool:
        label = RANGES[app.screen.range_key][0]
        return (
            on_history("pain")
            and app.screen.first_data_shown
            and (label in _text(app, "#pain-summary"))
        )

    return {
        "pain": pain,
        "consistency": lambda: (
            on_history("consistency") and _text(app, "#consistency-summary") not in ("", "Loading…")
        ),
        "progress": lambda: on_history("progress") and table("#progress-table"),
        "sessions": lambda: on_history("sessions") and table("#sessions-table"),
        "story": lambda: (
            on_history("story") and _text(app, "#story-milestones") not in ("", "Loading…")
        ),
        "therapies": lambda: on_history("therapies") and bool(_text(app, "#therapies-title")),
    }


async def _back_to_base(pilot) -> None:
    """Close what a key opened (not timed): pop every pushed screen, end any waiting start."""
    app = pilot.app
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause()
    for worker in app.workers:
        if worker.group in ASKING and not worker.is_finished:
            worker.cancel()
    await pilot.pause()


async def backtui(db: Path, size: tuple[int, int], rounds: int) -> dict[str, list[float]]:
    from backtui.tui.app import make_app

    app = make_app(db_path=db, clock=afternoon_clock())
    times: dict[str, list[float]] = {}
    async with app.run_test(size=size) as pilot:
        await _settle(pilot, lambda: getattr(app.screen, "loads", 0) > 0)
        await pilot.pause(READING)
        await _settle(pilot, lambda: True)
        checks = _history_checks(app)

        async def press(name: str, key: str, ready: Callable[[], bool]) -> None:
            times.setdefault(name, []).append(await _timed(pilot, key, ready))

        for _ in range(rounds):
            plan = app.screen
            await press("h History", "h", checks["pain"])
            for number, section in enumerate(
                ("consistency", "progress", "sessions", "story", "therapies"), start=2
            ):
                await press(f"History {number} {section}", str(number), checks[section])
            await press("History 1 pain", "1", checks["pain"])
            for range_label in ("3 months", "1 year", "all time", "4 weeks"):
                await press(f"History t {range_label}", "t", checks["pain"])
            await press("p Plan", "p", _plan_ready(app, plan))
            await press("c check-in", "c", _checkin_ready(app))
            await _back_to_base(pilot)
            await press("? help", "question_mark", _help_ready(app))
            await _back_to_base(pilot)
            await press("s session", "s", _session_ready(app))
            await _back_to_base(pilot)
            await _settle(pilot, lambda plan=plan: app.screen is plan)
    return times


def _plan_ready(app, plan) -> Callable[[], bool]:
    """The Plan is in front and has drawn a fresh read of today's exercises."""
    loads = plan.loads
    return lambda: app.screen is plan and plan.loads > loads


def _checkin_ready(app) -> Callable[[], bool]:
    def ready() -> bool:
        screen = app.screen
        if type(screen).__name__ != "CheckInScreen":
            return False
        return screen.query_one("#pain").is_mounted and "Check-in ·" in _text(app, "#checkin-title")

    return ready


def _help_ready(app) -> Callable[[], bool]:
    """The help text is laid out (a Markdown widget with its blocks, or one block of text)."""

    def ready() -> bool:
        screen = app.screen
        if type(screen).__name__ != "HelpScreen":
            return False
        shown = screen.query("Markdown, #help-text")
        if not shown:
            return False
        text = shown.first()
        return text.size.height > 0 and (text.id == "help-text" or len(text.children) > 0)

    return ready


def _session_ready(app) -> Callable[[], bool]:
    """The session's first question (or its first exercise) is on screen."""

    def ready() -> bool:
        stack = app.screen_stack
        names = [type(s).__name__ for s in stack]
        if "SessionScreen" not in names:
            return False
        session = stack[names.index("SessionScreen")]
        return app.screen is not session or session.flow is not None

    return ready


async def main() -> None:
    db, width, height, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    size = (width, height)
    result = {"bare": await bare(size, rounds + 1)}
    result.update(await backtui(Path(db), size, rounds))
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
