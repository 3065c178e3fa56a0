"""FrameHold: the last frame stays up while held, and never longer than its limit."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from backtui.tui.common.frame_hold import FrameHold


class Counter(App):
    def compose(self):
        yield Static("0", id="count")


def _count_frames(app) -> list[str]:
    frames: list[str] = []
    display = app._display

    def recording(screen, renderable) -> None:
        if renderable is not None:
            frames.append(str(app.query_one("#count", Static).render()))
        display(screen, renderable)

    app._display = recording
    return frames


async def test_nothing_is_drawn_while_held_and_the_release_draws_the_latest():
    app = Counter()
    async with app.run_test() as pilot:
        await pilot.pause()
        frames = _count_frames(app)
        hold = FrameHold(app, longest=5)
        hold.start()
        hold.start()  # one hold at a time: a second start changes nothing
        for number in (1, 2, 3):
            app.query_one("#count", Static).update(str(number))
            await pilot.pause(0.05)
        assert frames == []
        hold.release()
        hold.release()  # releasing twice is harmless
        await pilot.pause()
        assert frames and frames[-1] == "3" and "1" not in frames
        assert not hold.held


async def test_a_hold_ends_by_itself_at_its_limit():
    app = Counter()
    async with app.run_test() as pilot:
        await pilot.pause()
        frames = _count_frames(app)
        hold = FrameHold(app, longest=0.1)
        hold.start()
        app.query_one("#count", Static).update("1")
        await pilot.pause(0.3)
        assert not hold.held
        assert frames and frames[-1] == "1"
