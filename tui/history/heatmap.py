"""A calendar heatmap of sessions, one column a week, like a contribution graph.

It shows as many recent weeks as fit its width (up to a year), so it reads at 80 columns.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widget import Widget

from backtui.history.aggregates import Heatmap

DAY_LETTERS = "MTWTFSS"
CELL = "■"


class HeatmapView(Widget):
    DEFAULT_CSS = """
    HeatmapView { height: 9; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: Heatmap | None = None

    def show(self, data: Heatmap) -> None:
        self.data = data
        self.refresh()

    def render(self) -> Text:
        data = self.data
        if data is None:
            return Text("Loading…", style="dim")
        weeks = max(1, min(data.weeks, (self.size.width - 3) // 2))
        first = data.first_monday + timedelta(days=7 * (data.weeks - weeks))
        out = Text()
        months = [" "] * (weeks * 2)
        for column in range(weeks):
            monday = first + timedelta(days=7 * column)
            if monday.day <= 7 and column * 2 + 3 <= len(months):
                months[column * 2 : column * 2 + 3] = list(f"{monday:%b}")
        out.append("   " + "".join(months).rstrip() + "\n", style="dim")
        for row in range(7):
            start_day = data.first_monday.weekday()
            out.append(f" {DAY_LETTERS[(start_day + row) % 7]} ", style="dim")
            for column in range(weeks):
                day = first + timedelta(days=7 * column + row)
                count = data.count(day)
                if count is None:
                    out.append("  ")
                elif count == 0:
                    out.append("· ", style="dim")
                else:
                    out.append(CELL + " ", style="bold green" if count > 1 else "green")
            out.append("\n")
        out.append("   · no session  ", style="dim")
        out.append(CELL, style="green")
        out.append(" session  ", style="dim")
        out.append(CELL, style="bold green")
        out.append(" two or more", style="dim")
        return out
