"""History's sections other than Pain: what each holds, built the first time it is shown.

Composing all six sections at once made the first ``h`` mount, style and lay out every table and
text of sections the person may not open (measured on ten years at 120×36: about 2x a bare screen
push, against 1.3x with only the Pain section composed). Each section's widgets are mounted into
its empty tab when it is first shown, just before its data is read.

When History is built ahead, out of sight, every section is built with it, then read, drawn and
laid out (``ahead.py``): the person is reading the Plan then, and a section's
first press only reads, and draws again only what changed.

A container's widgets are mounted with it, not given to its constructor: Textual mounts those only
when the container composes, a few frames later, and a quick read could then find no widget to
show its data in.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import VerticalScroll
from textual.widget import AwaitMount, Widget
from textual.widgets import Sparkline, Static, TabPane

from backtui.tui.common.kept_table import KeptTable
from backtui.tui.history.heatmap import HeatmapView


def _table(table_id: str, *columns: str) -> KeptTable:
    table = KeptTable(id=table_id, cursor_type="row", zebra_stripes=True)
    table.add_columns(*columns)
    return table


# Each section: its widgets, each with the widgets it holds.
SECTION_WIDGETS: dict[str, Callable[[], list[tuple[Widget, list[Widget]]]]] = {
    "consistency": lambda: [
        (
            VerticalScroll(),
            [
                Static("Loading…", id="consistency-summary"),
                HeatmapView(id="heatmap"),
                Static("", id="consistency-weeks"),
            ],
        )
    ],
    "progress": lambda: [
        (
            _table(
                "progress-table",
                "Exercise",
                "Sessions",
                "First dose",
                "Latest dose",
                "Changes",
                "Last done",
            ),
            [],
        ),
        (
            VerticalScroll(id="progress-detail"),
            [
                Static("", id="progress-title"),
                Sparkline([], id="progress-spark"),
                Static("", id="progress-decisions"),
            ],
        ),
    ],
    "sessions": lambda: [
        (Static("Loading…", id="sessions-title"), []),
        (
            _table(
                "sessions-table",
                "When",
                "Status",
                "Sets",
                "Exercises",
                "Skipped",
                "Minutes",
                "Pain before → after",
            ),
            [],
        ),
    ],
    "story": lambda: [
        (
            VerticalScroll(),
            [Static("Loading…", id="story-milestones"), Static("", id="story-notes")],
        )
    ],
    "therapies": lambda: [
        (Static("", id="therapies-title"), []),
        (_table("therapies-table", "Day", "Kind", "Note"), []),
        (Static("", id="therapies-compare"), []),
    ],
}


def build_section(pane: TabPane) -> list[AwaitMount]:
    """Mount a section's widgets into its tab, once; they can be queried at once. Returns what
    can be awaited for their mounting to finish (nothing when they were there already)."""
    make = SECTION_WIDGETS.get(pane.id or "")
    if make is None or pane.children:
        return []
    mounting = []
    for widget, held in make():
        mounting.append(pane.mount(widget))
        if held:
            mounting.append(widget.mount_all(held))
    return mounting
