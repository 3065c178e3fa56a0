"""The History screen: pain, consistency, progress, sessions, the person's story, therapies.

The first frame shows empty sections at once; every query runs in a thread worker after mount,
and each section loads when first shown. Long lists are pages of 50 rows.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import (
    DataTable,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker

from backtui.history.aggregates import RANGES, consistency, heatmap, pain_series
from backtui.history.log import PAGE_SIZE, STATUS_LABELS, notes_page, sessions_page
from backtui.history.story import milestones
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.frame_hold import FrameHold
from backtui.tui.common.header import KeptHeader
from backtui.tui.common.kept_styles import KeptStyles
from backtui.tui.common.new_day import NewDay
from backtui.tui.common.shown import while_shown
from backtui.tui.history.ahead import prepare_sections
from backtui.tui.history.chart import PainChart
from backtui.tui.history.heatmap import HeatmapView
from backtui.tui.history.progress import ProgressSection, fmt
from backtui.tui.history.sections import build_section
from backtui.tui.history.therapies import TherapyActions

# The session detail pop-up and the report writer load when first used: they would add about
# 50 ms and 120 ms to opening History (measured with -X importtime).

SECTIONS = ("pain", "consistency", "progress", "sessions", "story", "therapies")
SECTION_TITLES = ("Pain", "Consistency", "Progress", "Sessions", "Your story", "Therapies")
PAGED = ("sessions", "story", "therapies")
NOTES_PAGE = 20


PAGE_KEYS = Binding.Group("Pages")  # n older, b newer
EDIT_KEYS = Binding.Group("Edit/delete")
# Keys that work in every section but are listed in the footer only where they belong, so the
# footer fits 110 columns: adding a therapy in Therapies, the report where no list needs room.
FOOTER_SECTIONS = {
    "add_therapy": ("therapies",),
    "report": ("pain", "consistency", "progress", "story"),
}


def _shown_where_it_fits(
    key: str, action: str, label: str, listed_as: str | None = None
) -> list[Binding]:
    """Two bindings for one key: one listed (in FOOTER_SECTIONS only), one that always works."""
    return [
        Binding(key, f"{action}('listed')", listed_as or label, tooltip=label),
        Binding(key, action, label, show=False),
    ]


class HistoryScreen(ProgressSection, TherapyActions, KeptStyles, Screen):
    TITLE = "History"
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("1", "section('pain')", "Section", key_display="1-6"),
        *[
            Binding(str(i + 2), f"section('{name}')", title, show=False)
            for i, (name, title) in enumerate(zip(SECTIONS[1:], SECTION_TITLES[1:], strict=True))
        ],
        Binding("t", "next_range", "Range"),
        # Priority: the sessions list has the keys, and its own enter would hide "Open".
        Binding("enter", "open_session", "Open", priority=True),
        Binding("n", "page(1)", "Older", group=PAGE_KEYS),
        Binding("b", "page(-1)", "Newer", group=PAGE_KEYS),
        *_shown_where_it_fits("a", "add_therapy", "Add therapy", listed_as="Add"),
        Binding("e", "edit_therapy", "Edit", group=EDIT_KEYS),
        Binding("d", "delete_therapy", "Delete", group=EDIT_KEYS),
        *_shown_where_it_fits("r", "report", "Report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.range_key = "4w"
        self.offsets = {name: 0 for name in PAGED}
        self.shown_offsets: dict[str, int] = {}  # page last drawn, to keep the cursor on reload
        self.totals = {name: 0 for name in PAGED}
        self.loaded: set[str] = set()
        self.first_data_shown = False  # set once the pain chart has data (benchmarks wait on it)
        self.therapy_rows: dict = {}
        self.resumed_once = False
        self.shown_reads: dict[str, object] = {}  # each section's last read, as drawn
        self.detail_wanted: int | None = None  # the exercise under Progress's cursor
        self.detail_shown: int | None = None  # the exercise whose detail Progress draws
        self.hold: FrameHold | None = None  # keeps the last frame up until a first read is in
        self.read_due = False  # what it holds is to be read again before it is next shown
        self.sections_built: list[AwaitMount] = []  # the sections mounted with History built ahead
        self.prepared_ahead: Worker | None = None  # their reads and layout (ahead.py)

    def _hold_frames(self) -> None:
        if self.hold is None:
            self.hold = FrameHold(self.app, after_release=self.check_idle)
        self.hold.start()

    def _compositor_refresh(self) -> None:
        """Textual's render of the screen, skipped while a frame hold is on; and the first
        render after the screen was away (or built ahead) starts that hold until the fresh read.

        Opening History lays it out and renders it at once, batch or not; under a hold the
        result is never shown, and it cost about 30 ms that the pain chart's read then waited
        for. What is skipped stays marked for drawing, and the hold's release (``check_idle``)
        draws it, unless the arriving data has drawn it already."""
        if self.read_due and self.is_active:  # shown again: hold until it is read afresh
            self.read_due = False  # one hold for each showing, whatever the read does
            self._hold_frames()
        if self.hold is not None and self.hold.held:
            self._dirty_widgets.add(self)
            return
        super()._compositor_refresh()

    def compose(self) -> ComposeResult:
        yield KeptHeader()
        with TabbedContent(initial="pain", id="history-tabs"):
            with TabPane("Pain", id="pain"):
                yield Static("Loading…", id="pain-summary")
                yield PainChart(id="pain-chart")
            for name, title in zip(SECTIONS[1:], SECTION_TITLES[1:], strict=True):
                yield TabPane(title, id=name)  # filled when first shown (sections.py)
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.is_active:  # opened by h: the Plan stays up until the chart has its data
            self._hold_frames()
        else:  # built ahead, out of sight (AfterStart._build_history_ahead): so is every section
            self.read_due = True
            self.sections_built = [
                mounting for pane in self.query(TabPane) for mounting in build_section(pane)
            ]
            self.prepared_ahead = self.run_worker(
                prepare_sections(self, self.sections_built, self.load_section, SECTIONS),
                group="history-ahead",
            )
            return
        self.load_section("pain")

    def on_unmount(self) -> None:
        if self.hold is not None:
            self.hold.release()

    def on_screen_suspend(self) -> None:
        self.read_due = True
        if self.hold is not None:
            self.hold.release()

    def on_screen_resume(self) -> None:
        # Back from Plan, a session or a pop-up, or shown for the first time after being built
        # ahead: what it holds may be out of date. The frame before stays up until the fresh
        # read is in, so the screen never appears with old figures. The first resume comes
        # with the mount, which already started loading.
        if not self.resumed_once:
            self.resumed_once = True
            return
        self.read_due = False
        self.loaded.clear()
        self._hold_frames()
        self.load_section(self.active_section())

    def on_new_day(self, event: NewDay) -> None:
        # Left open past midnight: today, the week and the streak move on.
        self.loaded.clear()
        self.load_section(self.active_section())

    def unchanged(self, section: str, read: object) -> bool:
        """Whether a fresh read equals what the section already shows (then nothing is redrawn:
        coming back to History re-reads the section, and redrawing the same chart or table was
        most of that press). Otherwise the read is remembered as shown.

        Every section's draw calls this first, as its read arrives: a frame hold for the section
        in front ends here (not for one read ahead, out of sight)."""
        if self.hold is not None and section == self.active_section():
            self.hold.release()
        if section in self.shown_reads and self.shown_reads[section] == read:
            return True
        self.shown_reads[section] = read
        return False

    def active_section(self) -> str:
        return self.query_one("#history-tabs", TabbedContent).active or "pain"

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.load_section(event.pane.id or "pain")
        self._focus_section(event.pane)
        self.refresh_bindings()

    def _focus_section(self, pane: TabPane) -> None:
        """The section's list (or its scrolling text) takes the keys, so the arrows move in it
        at once, without tab first."""
        targets = pane.query(DataTable) or pane.query(VerticalScroll)
        if targets:
            targets.first().focus()

    def load_section(self, name: str) -> Worker | None:
        """Start the section's read, unless it is read already while History is shown; its
        draw follows the read. Returns the read's worker."""
        if name in self.loaded:
            return None
        self.loaded.add(name)
        build_section(self.query_one(f"#{name}", TabPane))
        loaders = {
            "pain": self.load_pain,
            "consistency": self.load_consistency,
            "progress": self.load_progress,
            "sessions": self.load_sessions,
            "story": self.load_story,
            "therapies": self.load_therapies,
        }
        return loaders[name]()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        section = self.active_section() if self.is_mounted else "pain"
        if parameters == ("listed",):
            return section in FOOTER_SECTIONS[action]
        if action == "page":
            return section in PAGED
        if action in ("edit_therapy", "delete_therapy"):
            return section == "therapies"
        if action == "open_session":
            return section == "sessions"
        if action == "next_range":
            return section == "pain"
        return True

    # --- actions ---------------------------------------------------------------------------------

    def action_section(self, name: str) -> None:
        # Built before it is shown, so the section's keys find its list at once.
        pane = self.query_one(f"#{name}", TabPane)
        if name not in self.loaded:  # shown once, with its data, not first empty
            self._hold_frames()
        build_section(pane)
        self.query_one("#history-tabs", TabbedContent).active = name
        self._focus_section(pane)  # focused before it is first drawn, so it is drawn once

    def action_next_range(self) -> None:
        keys = list(RANGES)
        self.range_key = keys[(keys.index(self.range_key) + 1) % len(keys)]
        self.load_pain()

    def action_page(self, step: int) -> None:
        section = self.active_section()
        size = NOTES_PAGE if section == "story" else PAGE_SIZE
        offset = self.offsets[section] + step * size
        if offset < 0 or (step > 0 and offset >= self.totals[section]):
            self.notify("No more to show that way.", timeout=2)
            return
        self.offsets[section] = offset
        {
            "sessions": self.load_sessions,
            "story": self.load_story,
            "therapies": self.load_therapies,
        }[section]()

    def action_open_session(self) -> None:
        found = self.query("#sessions-table")  # none until the section is first shown
        table = found.first(DataTable) if found else None
        if table is not None and table.row_count:
            row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._open(int(row_key.value))

    @on(DataTable.RowSelected, "#sessions-table")
    def _session_chosen(self, event: DataTable.RowSelected) -> None:
        self._open(int(event.row_key.value))

    def _open(self, session_id: int) -> None:
        from backtui.tui.history.forms import SessionDetailScreen  # lazy: see the top

        self.app.push_screen(SessionDetailScreen(session_id))

    def action_report(self, _listed: str = "") -> None:
        self.write_report()

    # --- workers: every query runs off the UI thread ---------------------------------------------

    @work(thread=True, exclusive=True, group="pain")
    def load_pain(self) -> None:
        series = pain_series(self.range_key, self.app.now().date())
        self.app.call_from_thread(self._show_pain, series)

    @while_shown
    def _show_pain(self, series) -> None:
        if self.unchanged("pain", (self.range_key, series)):
            return
        self.query_one(PainChart).show(series)
        recent = [v for _, v in series.average if v is not None] or [v for _, v in series.pain]
        latest = f"latest average {recent[-1]:.1f}/10 · " if recent else ""
        self.query_one("#pain-summary", Static).update(
            f"[b]{RANGES[self.range_key][0]}[/b] · {latest}t: next range"
        )
        self.first_data_shown = True

    @work(thread=True, exclusive=True, group="consistency")
    def load_consistency(self) -> None:
        today = self.app.now().date()
        result, grid = consistency(today), heatmap(today)
        self.app.call_from_thread(self._show_consistency, result, grid)

    @while_shown
    def _show_consistency(self, result, grid) -> None:
        if self.unchanged("consistency", (result, grid)):
            return
        lines = [
            f"[b]This week: {result.this_week} of {result.target} sessions[/b]  ·  "
            f"streak {result.streak} week{'s' if result.streak != 1 else ''} on target  ·  "
            f"best {result.best_streak}",
            "Rest days never break a streak: it counts weeks that met your target.",
        ]
        if result.message:
            lines.append(f"[i]{result.message}[/i]")
        self.query_one("#consistency-summary", Static).update("\n".join(lines))
        self.query_one(HeatmapView).show(grid)
        weeks = "  ".join(
            f"{w.start:%d %b} {'✓' if w.met else '·'}{w.days}" for w in result.recent[-8:]
        )
        self.query_one("#consistency-weeks", Static).update(f"Recent weeks: {weeks}")

    @work(thread=True, exclusive=True, group="sessions")
    def load_sessions(self) -> None:
        page = sessions_page(self.offsets["sessions"], PAGE_SIZE)
        self.app.call_from_thread(self._show_sessions, page)

    @while_shown
    def _show_sessions(self, page) -> None:
        if self.unchanged("sessions", page):
            return
        self.totals["sessions"] = page.total
        table = self.query_one("#sessions-table", DataTable)
        keep = table.cursor_row if page.offset == self.shown_offsets.get("sessions") else 0
        self.shown_offsets["sessions"] = page.offset
        table.clear()
        for row in page.rows:
            # Text, not str: a str cell is parsed as markup each time it is measured or drawn.
            table.add_row(
                Text(f"{row.started_at:%a %d %b %Y} {self.app.clock_time(row.started_at)}"),
                Text(STATUS_LABELS.get(row.status, row.status)),
                Text(f"{row.sets}/{row.planned_sets}"),
                row.exercises,
                row.skips,
                Text(fmt(row.minutes)),
                Text(f"{fmt(row.pain_before)} → {fmt(row.pain_after)}"),
                key=str(row.id),
            )
        if page.total:
            title = (
                f"Sessions {page.offset + 1}-{page.offset + len(page.rows)} of "
                f"{page.total}, newest first · enter opens one · n older · b newer"
            )
        else:
            title = "No sessions yet. Press s to start your first."
        table.move_cursor(row=min(keep, max(0, table.row_count - 1)))
        self.query_one("#sessions-title", Static).update(title)

    @work(thread=True, exclusive=True, group="story")
    def load_story(self) -> None:

        found = milestones(self.app.now())
        notes, total = notes_page(self.offsets["story"], NOTES_PAGE)
        self.app.call_from_thread(self._show_story, found, notes, total)

    @while_shown
    def _show_story(self, found, notes, total) -> None:
        if self.unchanged("story", (found, notes, total, self.offsets["story"])):
            return
        self.totals["story"] = total
        lines = (
            ["[b]Milestones[/b]"]
            + [
                f"  {m.day:%d %b %Y}  ★ {m.title}" + (f" · {escape(m.detail)}" if m.detail else "")
                for m in reversed(found)
            ]
            if found
            else ["[b]Milestones[/b]", "  Your first session will be the first one here."]
        )
        self.query_one("#story-milestones", Static).update("\n".join(lines))
        offset = self.offsets["story"]
        head = (
            f"[b]Your notes[/b] ({offset + 1}-{offset + len(notes)} of {total}, newest first)"
            if total
            else "[b]Your notes[/b]\n  Notes you add to check-ins and sessions will be kept here."
        )
        body = [f"  {n.at:%d %b %Y} · {n.source}: {escape(n.text)}" for n in notes]
        self.query_one("#story-notes", Static).update("\n".join(["", head, *body]))

    @work(thread=True, group="write")
    def write_report(self) -> None:
        from backtui.record.export import ExportError  # lazy: see the top
        from backtui.record.report import save_report_beside

        try:
            path = save_report_beside(self.app.db_path, self.app.now(), self.app.time_format)
        except (OSError, ExportError) as error:
            self.app.call_from_thread(
                self.notify, f"Could not write the report: {error}", severity="error"
            )
            return
        self.app.call_from_thread(
            self.notify, f"Clinician report written to {path}", title="Report", timeout=10
        )
