"""The Plan screen: backtui's home. This week's exercises with their doses and days, today's
session, the weekly target, the programme, and the progression suggestions to accept or decline.

The first frame shows the plan read as the app starts (BackTuiApp.read_first_plan); after that
it is read on a thread worker whenever the screen is shown again and after every edit. Edits go
through an EditLane (one at a time, in order) and the screen reloads when each lands. The keys'
actions live in plan_actions; pop-ups in plan_forms, plan_pickers, plan_user and plan_detail.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from peewee import DatabaseError
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from backtui.db.storage import DAMAGED_ADVICE, StorageError
from backtui.plan.snapshot import (
    ItemRow,
    PlanSnapshot,
    load_plan,
)
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.header import KeptHeader
from backtui.tui.common.kept_styles import KeptStyles
from backtui.tui.common.kept_table import KeptTable
from backtui.tui.common.new_day import NewDay
from backtui.tui.common.shown import while_shown
from backtui.tui.plan import rendering
from backtui.tui.plan.actions import PlanActions, progression_store
from backtui.tui.plan.did_you_know import DidYouKnow
from backtui.tui.plan.edits import EditLane
from backtui.tui.plan.key_bar import PlanKeyBar
from backtui.tui.plan.week_note import WeekNote

MOVE = Binding.Group("Move")
ANSWER = Binding.Group("Suggestion")

KEYS = [
    Binding(
        "enter",
        "open",
        "Open",
        key_display="⏎",
        show=False,
        tooltip="Open the highlighted exercise: form cues, common mistakes, easier and "
        "harder versions.",
    ),
    Binding("a", "add", "Add", show=False, tooltip="Add an exercise from the library."),
    Binding(
        "x,delete",
        "remove",
        "Remove",
        key_display="x",
        show=False,
        tooltip="Take the highlighted exercise out of the plan (asks first).",
    ),
    Binding(
        "left_square_bracket,shift+up",
        "move(-1)",
        "Move up",
        key_display="[",
        show=False,
        group=MOVE,
        tooltip="Move the highlighted exercise up (also shift+↑).",
    ),
    Binding(
        "right_square_bracket,shift+down",
        "move(1)",
        "Move down",
        key_display="]",
        show=False,
        group=MOVE,
        tooltip="Move the highlighted exercise down (also shift+↓).",
    ),
    Binding("d", "dose", "Dose", show=False, tooltip="Change the highlighted exercise's dose."),
    Binding("w", "days", "Days", show=False, tooltip="Choose which days it is done on."),
    Binding("u", "own", "Own exercise", show=False, tooltip="Make your own exercise."),
    Binding("t", "target", "Target", show=False, tooltip="Set the weekly target."),
    Binding(
        "g",
        "programme",
        "Programme",
        show=False,
        tooltip="Choose a starting programme (replaces the plan, asks first).",
    ),
    Binding(
        "y",
        "answer(True)",
        "Accept",
        show=False,
        group=ANSWER,
        tooltip="Accept the highlighted suggestion: the plan changes.",
    ),
    Binding(
        "n",
        "answer(False)",
        "Decline",
        show=False,
        group=ANSWER,
        tooltip="Decline the highlighted suggestion: the dose stays.",
    ),
    Binding(
        "b",
        "why_slowly",
        "Why slowly?",
        show=False,
        group=ANSWER,
        tooltip="Why backtui builds up in small steps: the Learn page on starting slow.",
    ),
    Binding(
        "r", "safety", "Safety check", show=False, tooltip="The one-time check for warning signs."
    ),
    Binding(
        "f",
        "psfs",
        "Activities",
        show=False,
        tooltip="Name up to five activities that matter to you (optional).",
    ),
    Binding(
        "escape",
        "close_welcome",
        "Close welcome",
        key_display="esc",
        show=False,
        tooltip="Close the welcome; it stays in the command palette.",
    ),
]
WELCOME_ACTIONS = ("safety", "psfs", "close_welcome")
ITEM_ACTIONS = ("open", "remove", "move", "dose", "days")


class PlanScreen(PlanActions, KeptStyles, Screen):
    TITLE = "Plan"
    BINDINGS = KEYS
    # PlanKeyBar lists these; quitting is there too, as the app footer has no room for it.
    KEY_BAR = [*KEYS, Binding("ctrl+q", "app.quit", "Quit", tooltip="Quit; everything is kept.")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # Under 24 rows (down to the 60×18 minimum) the extras give way so the week's rows show.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: PlanSnapshot | None = None
        self.welcome_forced = False
        self.lane: EditLane | None = None
        self.loads = 0  # how many times the plan was drawn (tests and benchmarks wait on it)
        self.evaluations = 0  # how many progression evaluations have finished
        self._reads_started = 0
        self._read_shown = 0
        self._first_resume = True  # the first showing is covered by the mount's read
        self._first_plan: PlanSnapshot | None = None

    def compose(self) -> ComposeResult:
        self._first_plan = self.app.read_first_plan()
        if self._first_plan is not None:  # set now, it styles each widget once as it mounts
            self.set_class(not self._first_plan.suggestions, "-no-suggestions", update=False)
        yield KeptHeader()
        yield Static("[b]Plan[/b]", id="plan-status", classes="screen-title")
        yield Static("", id="safety")
        yield Static("", id="welcome")
        yield Static("Loading today's exercises…", id="today")
        yield WeekNote()
        yield DidYouKnow()
        body = Horizontal(
            Vertical(
                Static("", id="day-minutes"),
                WeekTable(self.app.now().weekday()),
                Static("", id="item-preview"),
                id="plan-main",
            ),
            Vertical(
                Static("", id="today-list"),
                Static("", id="suggestions-title"),
                OptionList(id="suggestions"),
                id="plan-side",
            ),
            id="plan-body",
        )
        # With the plan read at start-up, the first frame shows all of it. Without it (a Plan
        # screen made later, or a failed read), the table and the side panel mount just after
        # the first frame, which then draws at once, and the plan is read after it.
        yield body if self._first_plan is not None else Lazy(body)
        yield PlanKeyBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.lane = EditLane(self)
        first, self._first_plan = self._first_plan, None
        if first is not None:
            self._reads_started = 1
            self._show(first, None, read=1)
        else:
            # Read once the first frame is out, so that frame never waits on it.
            self.call_after_refresh(self.reload)
        # The first evaluation is started by the app once today's exercises are shown
        # (BackTuiApp._after_plan): a person who quits at once never loads the engine.

    def on_new_day(self, event: NewDay) -> None:
        # Left open past midnight: today, the week and its sessions move on.
        self.reload()
        self.evaluate()

    def on_screen_resume(self) -> None:
        if self._first_resume:  # shown for the first time: the mount has read the plan
            self._first_resume = False
            return
        # Back from a session, a check-in or another screen: the plan may have moved on.
        if self.lane is not None:
            self.reload()
            self.evaluate()

    # --- loading ---------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        self._reads_started += 1  # numbered, so an earlier read never draws over a later one
        self._read(select, self._reads_started)

    @work(thread=True, exclusive=True, group="plan-load")
    def _read(self, select: int | None, read: int) -> None:
        try:
            snapshot = load_plan(self.app.now(), welcome_forced=self.welcome_forced)
        except (DatabaseError, sqlite3.DatabaseError, StorageError) as error:
            # A damaged or replaced file: say so and keep the app open, never crash on a read.
            # (A damaged page met while stepping through rows comes as sqlite3's own error.)
            self.app.call_from_thread(
                self.app.notify,
                f"Could not read your plan ({error}). {DAMAGED_ADVICE}",
                severity="error",
                timeout=15,
            )
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, snapshot, select, read)

    def evaluate(self) -> None:
        """Judge finished sessions whose next morning has come; new suggestions then show."""
        now = self.app.now()
        self._edit(lambda: progression_store().evaluate_due(now), quiet=True, done=self._evaluated)

    def _evaluated(self, decisions: object) -> None:
        self.evaluations += 1  # counted before the reload it triggers starts

    @while_shown
    def _show(self, snap: PlanSnapshot, select: int | None, read: int = 0) -> None:
        if read < self._read_shown:
            return  # a newer read of the plan is already on screen
        if not any(t.is_mounted for t in self.query("#week-table")):
            # The lazy body is not mounted yet: draw once it is.
            self.call_after_refresh(self._show, snap, select, read)
            return
        self._read_shown = read
        if select is None and snap == self.snapshot:
            self.loads += 1  # the same plan is on screen: redrawing it was most of a press of p
            return
        self.snapshot = snap
        self.query_one("#plan-status", Static).update(rendering.status_line(snap))
        safety, safety_words = self.query_one("#safety", Static), rendering.safety_text(snap)
        safety.update(safety_words)
        safety.display = bool(safety_words)
        welcome = self.query_one("#welcome", Static)
        welcome.display = snap.welcome is not None
        if snap.welcome is not None:
            welcome.update(rendering.welcome_text(snap.welcome, snap))
        self.query_one("#today", Static).update(rendering.today_line(snap))
        self.query_one(WeekNote).show(snap.week_note)
        self.query_one("#today-list", Static).update(rendering.today_list(snap))
        self.query_one("#day-minutes", Static).update(rendering.day_minutes_line(snap))
        self._fill_table(snap, select)
        self._row_highlighted()
        self._fill_suggestions(snap)
        self.refresh_bindings()
        self.loads += 1

    def _fill_table(self, snap: PlanSnapshot, select: int | None) -> None:
        table = self.query_one("#week-table", DataTable)
        keep = select if select is not None else self._selected_id()
        pending = {row.plan_item_id: row for row in snap.suggestions}
        table.clear()
        table.columns["days"].label = rendering.days_header(snap.weekday)
        for item in snap.items:
            table.add_row(
                rendering.name_cell(item, snap.weekday, pending.get(item.id)),
                Text(item.amount.compact()),
                rendering.days_cell(item.weekdays, snap.weekday),
                key=str(item.id),
            )
        ids = [item.id for item in snap.items]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    def _fill_suggestions(self, snap: PlanSnapshot) -> None:
        options = self.query_one("#suggestions", OptionList)
        previous = options.highlighted_option.id if options.highlighted_option else None
        options.set_options(
            Option(rendering.suggestion_prompt(row), id=str(row.id)) for row in snap.suggestions
        )
        options.display = bool(snap.suggestions)
        self.set_class(not snap.suggestions, "-no-suggestions")
        self.query_one("#suggestions-title", Static).update(rendering.suggestions_title(snap))
        ids = [str(row.id) for row in snap.suggestions]
        if ids:
            options.highlighted = ids.index(previous) if previous in ids else 0

    # --- what is highlighted -----------------------------------------------------------------

    def _selected_id(self) -> int | None:
        tables = self.query("#week-table").results(DataTable)
        table = next(tables, None)
        if table is None or not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(row_key.value)

    def selected_item(self) -> ItemRow | None:
        item_id = self._selected_id()
        items = self.snapshot.items if self.snapshot else ()
        return next((item for item in items if item.id == item_id), None)

    def _item_or_say(self) -> ItemRow | None:
        item = self.selected_item()
        if item is None:
            self.notify("Nothing is highlighted: add an exercise with a first.", timeout=3)
        return item

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snap = self.snapshot
        if action in ("answer", "why_slowly"):
            return bool(snap and snap.suggestions)
        if action in WELCOME_ACTIONS:
            return bool(snap and snap.welcome is not None)
        if action in ITEM_ACTIONS and snap is not None and not snap.items:
            return None  # shown, dimmed: there is nothing to act on yet
        return True

    # --- edits ---------------------------------------------------------------------------------

    def _edit(
        self,
        job: Callable[[], Any],
        *,
        done: Callable[[Any], str | None] | str | None = None,
        select: Callable[[Any], int | None] | int | None = None,
        quiet: bool = False,
    ) -> None:
        def then(result: Any, problem: str | None) -> None:
            if problem:
                self.notify(problem, severity="warning", timeout=6)
            elif done is not None:
                message = done(result) if callable(done) else done
                if message:
                    self.notify(message, timeout=4)
            chosen = select(result) if callable(select) and not problem else select
            if self.is_attached and not (quiet and not result):
                self.reload(chosen if isinstance(chosen, int) else None)

        if self.lane is not None:
            self.lane.run(job, then)

    def action_open(self) -> None:
        if (item := self._item_or_say()) is not None:
            from backtui.tui.plan.detail import ExerciseDetailScreen  # lazy: see plan/actions.py

            self.app.push_screen(ExerciseDetailScreen(item.id))

    @on(DataTable.RowHighlighted, "#week-table")
    def _row_highlighted(self) -> None:
        self.query_one("#item-preview", Static).update(rendering.item_preview(self.selected_item()))

    @on(DataTable.RowSelected, "#week-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_chosen(self, event: OptionList.OptionSelected) -> None:
        from backtui.tui.plan.detail import ExerciseDetailScreen  # lazy: see plan/actions.py

        event.stop()
        row = self._suggestion()
        if row is not None:
            self.app.push_screen(ExerciseDetailScreen(row.plan_item_id))


class WeekTable(KeptTable):
    """The week: one row per exercise, with its dose and a Monday-to-Sunday row of days."""

    def __init__(self, weekday: int) -> None:
        super().__init__(id="week-table", cursor_type="row", zebra_stripes=False)
        # Text, not markup strings: markup brings in Rich's emoji table, at start-up.
        self.add_column(Text("Exercise  (▸ today)"), key="name")
        self.add_column(Text("Dose"), key="dose")
        self.add_column(rendering.days_header(weekday), key="days")

    def on_mount(self) -> None:
        self.focus()


def open_welcome(app: App) -> None:
    """The palette's "Welcome and set-up": go to the Plan and show the welcome again."""
    app.action_goto_plan()

    def show() -> None:
        if isinstance(app.screen, PlanScreen):
            app.screen.reopen_welcome()

    app.call_after_refresh(show)
