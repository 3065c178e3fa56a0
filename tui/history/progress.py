"""History's Progress section: each exercise practised, and the detail of the one under the cursor.

A mixin for HistoryScreen. Reads run in thread workers. The list and the detail of its first row
come from one read, so they are laid out and drawn together; moving the cursor reads the detail
of the row it lands on, and a detail read for a row the cursor has left is dropped.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.widgets import DataTable, Sparkline, Static

from backtui.history.exercise_progress import dose_series, exercise_decisions, exercise_progress
from backtui.history.log import ACTION_LABELS
from backtui.tui.common.shown import while_shown

SHOWN_WEEKS = 52  # the latest weeks with sets that the sparkline draws


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def exercise_detail(exercise_id: int) -> tuple:
    """What Progress shows under its list for one exercise (read on a worker)."""
    unit, points = dose_series(exercise_id, weeks=SHOWN_WEEKS)
    return exercise_id, unit, points, exercise_decisions(exercise_id, limit=20)


class ProgressSection:
    """Needs the host screen's #progress-table, #progress-title, #progress-spark and
    #progress-decisions, and its ``unchanged`` check."""

    detail_wanted: int | None
    detail_shown: int | None

    @work(thread=True, exclusive=True, group="progress")
    def load_progress(self) -> None:
        rows = exercise_progress(self.app.now().date())
        # The filled table highlights its first row: that row's detail is read here too, so the
        # list and its detail are laid out and drawn together, not in a second round after it.
        first = exercise_detail(rows[0].exercise_id) if rows else None
        self.app.call_from_thread(self._show_progress, rows, first)

    @while_shown
    def _show_progress(self, rows, first) -> None:
        if self.unchanged("progress", (rows, first)):
            return
        table = self.query_one("#progress-table", DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                Text(row.name),  # the person's own exercise names are never markup
                row.sessions,
                Text(row.first_dose),  # Text: a str cell is parsed as markup at every drawing
                Text(row.last_dose),
                row.changes,
                Text(f"{row.last_day:%d %b %Y}"),
                key=str(row.exercise_id),
            )
        if first is not None:
            self.detail_wanted = first[0]
            self._show_exercise(*first)
        else:
            self.query_one("#progress-title", Static).update(
                "No exercises logged yet. Your first session starts the story."
            )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # A handler by name: Textual's @on is not collected from a mixin.
        if event.data_table.id != "progress-table":
            return
        if event.row_key is None or event.row_key.value is None:
            return
        self.detail_wanted = int(event.row_key.value)
        if self.detail_wanted != self.detail_shown:
            self.load_exercise(self.detail_wanted)

    @work(thread=True, exclusive=True, group="exercise")
    def load_exercise(self, exercise_id: int) -> None:
        self.app.call_from_thread(self._show_exercise, *exercise_detail(exercise_id))

    @while_shown
    def _show_exercise(self, exercise_id: int, unit, points, decisions) -> None:
        if exercise_id != self.detail_wanted:
            return  # the cursor moved on while this was read
        self.detail_shown = exercise_id
        shown = points[-SHOWN_WEEKS:]
        first, last = (shown[0].value, shown[-1].value) if shown else (None, None)
        self.query_one("#progress-title", Static).update(
            f"Best set each week, in {unit} (last {len(shown)} weeks): {fmt(first)} → {fmt(last)}"
        )
        self.query_one("#progress-spark", Sparkline).data = [p.value for p in shown]
        text = "\n".join(
            f"{d.at:%d %b %Y}  {ACTION_LABELS.get(d.action, d.action)} ({d.status}): "
            f"{escape(d.reason)}"
            for d in decisions
        )
        self.query_one("#progress-decisions", Static).update(
            text or "No progressions or step-backs recorded for this exercise yet."
        )
