"""History's therapy list: add, edit and delete entries, and the with/without comparison.

A mixin for HistoryScreen: the form and confirmation are modal screens. Reads run in thread
workers; every write goes through the screen's one ordered DbLane, and the form stays open with
the message when its write fails (a full disk, a replaced file), so nothing typed is lost.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.widgets import DataTable, Static

from backtui.history.log import PAGE_SIZE
from backtui.history.therapies import (
    ASSOCIATION_NOTE,
    THERAPY_LABELS,
    add_therapy,
    compare_pain,
    delete_therapy,
    describe,
    edit_therapy,
    list_therapies,
)
from backtui.tui.common.shown import while_shown
from backtui.tui.db_lane import DbLane

# The therapy form and the delete question load when first opened: they would add about 50 ms to
# opening History (measured with -X importtime).


class TherapyActions:
    """Needs the host screen's #therapies-table, #therapies-title and #therapies-compare."""

    therapy_rows: dict
    offsets: dict
    totals: dict
    loaded: set
    shown_offsets: dict

    def _writes(self) -> DbLane:
        """The screen's one lane for therapy writes, made when first needed."""
        lane = getattr(self, "_therapy_lane", None)
        if lane is None:
            lane = self._therapy_lane = DbLane(self)
        return lane

    def _saver(self, entry_id: int | None):
        """What the form calls to store its checked values: a write on the lane to await."""
        today = self.app.now().date()

        def save(values: dict):
            if entry_id is None:
                job = (add_therapy, values["day"], values["kind"], values["note"])
            else:
                job = (edit_therapy, entry_id, values["day"], values["kind"], values["note"])
            return self._writes().run(*job, today=today)

        return save

    def action_add_therapy(self, _listed: str = "") -> None:
        from backtui.tui.history.forms import TherapyForm  # lazy: see the top

        form = TherapyForm(today=self.app.now().date(), save=self._saver(None))
        self.app.push_screen(form, self._therapy_saved)

    def _selected_therapy(self) -> tuple[int, list] | None:
        found = self.query("#therapies-table")  # none until the section is first shown
        table = found.first(DataTable) if found else None
        if table is None or not table.row_count:
            self.notify("There are no therapies to change yet; press a to add one.", timeout=3)
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(row_key.value), table.get_row(row_key)

    def action_edit_therapy(self) -> None:
        from backtui.tui.history.forms import TherapyForm  # lazy: see the top

        selected = self._selected_therapy()
        if selected is None:
            return
        entry_id = selected[0]
        entry = self.therapy_rows.get(entry_id)
        if entry is None:
            return
        form = TherapyForm(
            today=self.app.now().date(),
            day=entry.day,
            kind=entry.kind,
            note=entry.note,
            editing=True,
            save=self._saver(entry_id),
        )
        self.app.push_screen(form, self._therapy_saved)

    def action_delete_therapy(self) -> None:
        from backtui.tui.history.forms import ConfirmDelete  # lazy: see the top

        selected = self._selected_therapy()
        if selected is None:
            return
        entry_id, cells = selected
        question = f"Delete the therapy entry {cells[1]} on {cells[0]}?"
        self.app.push_screen(
            ConfirmDelete(question), lambda yes: self.delete_therapy(entry_id) if yes else None
        )

    def _therapy_saved(self, values: dict | None) -> None:
        if values is not None:  # the form closes only once its write is stored
            self._changed("Therapy saved.")

    @work(thread=True, exclusive=True, group="therapies")
    def load_therapies(self) -> None:
        entries, total = list_therapies(self.offsets["therapies"], PAGE_SIZE)
        comparisons = compare_pain(today=self.app.now().date())
        self.app.call_from_thread(self._show_therapies, entries, total, comparisons)

    @while_shown
    def _show_therapies(self, entries, total, comparisons) -> None:
        if self.unchanged("therapies", (entries, total, comparisons, self.offsets["therapies"])):
            return
        self.totals["therapies"] = total
        self.therapy_rows = {entry.id: entry for entry in entries}
        table = self.query_one("#therapies-table", DataTable)
        offset = self.offsets["therapies"]
        keep = table.cursor_row if offset == self.shown_offsets.get("therapies") else 0
        self.shown_offsets["therapies"] = offset
        table.clear()
        for entry in entries:
            table.add_row(
                Text(f"{entry.day:%a %d %b %Y}"),
                Text(THERAPY_LABELS.get(entry.kind, entry.kind)),
                Text(entry.note),
                key=str(entry.id),
            )  # Text: the note is never markup, and no cell is parsed as markup to be drawn
        table.move_cursor(row=min(keep, max(0, table.row_count - 1)))
        self.query_one("#therapies-title", Static).update(
            f"{total:,} therapies logged · a adds · e edits · d deletes"
            if total
            else "No therapies logged. Press a to log physio, massage, heat, medication..."
        )
        text = "\n".join(describe(c) for c in comparisons)
        self.query_one("#therapies-compare", Static).update(
            f"[b]Pain with and without[/b]\n{text}\n[i]{ASSOCIATION_NOTE}[/i]" if text else ""
        )

    def delete_therapy(self, entry_id: int) -> None:
        deleting = self._writes().run(delete_therapy, entry_id)
        deleting.add_done_callback(self._deleted)

    def _deleted(self, deleting) -> None:
        error = None if deleting.cancelled() else deleting.exception()
        if error is not None:
            self.notify(f"Could not delete it: {error}. Nothing was changed.", severity="error")
        elif not deleting.cancelled():
            self._changed("Therapy deleted." if deleting.result() else "Already gone.")

    @while_shown
    def _changed(self, message: str) -> None:
        self.notify(message, timeout=3)
        self.loaded -= {"therapies", "pain"}
        self.load_section("therapies")
        self.load_section("pain")
