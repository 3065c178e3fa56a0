"""History's sections read, drawn and laid out out of sight, while the person reads the Plan.

History is built ahead (``AfterStart._build_history_ahead``), each section with it
(``sections.py``). Without more, a section's first press still laid it out for the first time: it
sized the section's widgets, found that its list needs scroll bars, laid it out again for them,
and drew every line anew. That was three layouts, 60–90 ms at 80×24 on ten years of history, where
a later press of the same key lays out once and redraws only what changed.

Prepared here, a first press is like a later one. Nothing is shown out of date: when History is
shown, each section is read again the first time it is shown there (``HistoryScreen.loaded`` is
cleared), and drawn again if what it read has changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import TabPane
from textual.worker import Worker, WorkerError


async def prepare_sections(
    screen: Screen,
    built: Iterable[AwaitMount],
    load_section: Callable[[str], Worker | None],
    sections: Iterable[str],
) -> None:
    """Once the sections of ``screen`` (built ahead) are mounted, read and draw each with
    ``load_section``, then lay them all out."""
    for mounting in built:
        await mounting
    reads = [load_section(name) for name in sections]
    for read in filter(None, reads):
        try:
            await read.wait()  # a read's draw has run once its worker is done
        except WorkerError:  # cancelled by a newer read, or failed: it reads when shown
            return
    lay_out_sections(screen)


def lay_out_sections(screen: Screen) -> None:
    """Show each section in turn out of sight: lay it out (twice, the second time with the
    scroll bars the first found it needs) and draw it, so its widgets keep their size and their
    drawn lines. Nothing reaches the terminal, and no key can come in between: the screen is
    not in front, and this runs in one go."""
    if screen.is_current or not screen.is_attached or not screen.app.is_running:
        return
    size = screen.app.size
    panes = list(screen.query(TabPane))
    shown = [pane for pane in panes if pane.display]
    for pane in panes:
        if pane in shown:
            continue
        for other in panes:
            other.display = other is pane
        for _ in range(2):
            screen._refresh_layout(size)
        screen._compositor.render_update(full=True)
    for pane in panes:
        pane.display = pane in shown
    screen._refresh_layout(size)
