"""`WeekNote`: the Plan's gentle line when the weekly target is at risk (core: plan.pace).

Hidden when there is nothing to say, so a week going well shows no line at all."""

from __future__ import annotations

from textual.widgets import Static


class WeekNote(Static):
    DEFAULT_CSS = """
    WeekNote {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="week-note", markup=False)

    def show(self, note: str | None) -> None:
        self.display = note is not None
        self.update(note or "")
