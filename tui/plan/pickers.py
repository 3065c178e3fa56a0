"""Choosing from lists: an exercise from the library (by kind) and a starting programme."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from backtui.plan.exercise_pages import LibraryEntry, library_entries
from backtui.plan.snapshot import KIND_LABELS
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.shown import while_shown
from backtui.tui.plan.forms import ConfirmScreen, PlanModal


class AddExerciseScreen(PlanModal):
    """The library grouped by kind. Dismisses with (slug, name) of the chosen exercise, or None.
    Exercises already in the plan are shown but cannot be chosen twice."""

    BINDINGS = [
        Binding(
            "enter",
            "choose",
            "Choose",
            key_display="⏎",
            priority=True,
            tooltip="Add the highlighted one.",
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Add nothing."),
        *[
            Binding(
                str(n), f"jump('{kind}')", label, show=False, tooltip=f"Jump to {label.lower()}."
            )
            for n, (kind, label) in enumerate(KIND_LABELS.items(), start=1)
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, LibraryEntry] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="plan-dialog wide"):
            yield Static("Add an exercise", classes="dialog-title")
            yield OptionList(id="library")
            yield Static("Loading the library…", id="library-preview", classes="preview")
            yield Static(
                "↑/↓ choose · 1-4 jump to a kind · Enter adds · Escape cancels", classes="muted"
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        entries = library_entries()
        self.app.call_from_thread(self._show, entries)

    @while_shown
    def _show(self, entries: list[LibraryEntry]) -> None:
        self.entries = {entry.slug: entry for entry in entries}
        options: list[Option | None] = []
        kind = None
        for entry in entries:
            if entry.kind != kind:
                kind = entry.kind
                title = Text(KIND_LABELS.get(kind, kind), style="bold")
                options.append(Option(title, id=f"kind:{kind}", disabled=True))
            label = Text(f"  {entry.name}")
            label.append(f"  {entry.dose}", style="dim")
            if entry.planned:
                label.append("  in your plan", style="italic dim")
            elif not entry.builtin:
                label.append("  your own", style="italic dim")
            options.append(Option(label, id=entry.slug, disabled=entry.planned))
        library = self.query_one("#library", OptionList)
        library.set_options(options)
        first = next((i for i, o in enumerate(options) if o and not o.disabled), None)
        library.highlighted = first
        library.focus()
        self._preview()

    @on(OptionList.OptionHighlighted, "#library")
    def _preview(self) -> None:
        option = self.query_one("#library", OptionList).highlighted_option
        entry = self.entries.get(option.id) if option else None
        text = escape(entry.summary) if entry and entry.summary else ""
        self.query_one("#library-preview", Static).update(text)

    @on(OptionList.OptionSelected, "#library")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        option = self.query_one("#library", OptionList).highlighted_option
        entry = self.entries.get(option.id) if option else None
        if entry is None or entry.planned:
            return
        self.dismiss((entry.slug, entry.name))

    def action_jump(self, kind: str) -> None:
        library = self.query_one("#library", OptionList)
        try:
            heading = library.get_option_index(f"kind:{kind}")
        except Exception:  # noqa: BLE001 - nothing of that kind in the library
            return
        for index in range(heading + 1, library.option_count):
            if not library.get_option_at_index(index).disabled:
                library.highlighted = index
                library.scroll_to_highlight(top=True)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProgrammeScreen(PlanModal):
    """The starting programmes. Dismisses with the chosen slug, or None. Choosing another
    programme than the current one asks first, since it replaces the plan."""

    BINDINGS = [
        Binding(
            "enter",
            "choose",
            "Choose",
            key_display="⏎",
            priority=True,
            tooltip="Use this programme.",
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Keep the current plan."),
    ]

    def __init__(
        self, choices: list[tuple[str, str, str, int, int]], current: str | None, items: int
    ) -> None:
        super().__init__()
        self.choices = choices
        self.current = current
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="plan-dialog wide"):
            yield Static("Choose a programme", classes="dialog-title")
            yield OptionList(*self._options(), id="programmes")
            yield Static(
                "Every programme starts each exercise at its beginner dose and builds up slowly. "
                "Enter chooses · Escape cancels",
                classes="muted",
            )
        yield KeyFooter()

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for slug, name, description, count, target in self.choices:
            if options:
                options.append(None)  # a separator line between programmes
            prompt = Text()
            prompt.append(name, style="bold")
            if slug == self.current:
                prompt.append("  (your programme now)", style="italic")
            prompt.append(f"\n{description}\n")
            prompt.append(f"{count} exercises · aim for {target} sessions a week", style="dim")
            options.append(Option(prompt, id=slug))
        return options

    def on_mount(self) -> None:
        programmes = self.query_one("#programmes", OptionList)
        slugs = [slug for slug, *_ in self.choices]
        current = self.current if self.current in slugs else slugs[0]
        programmes.highlighted = programmes.get_option_index(current)
        programmes.focus()

    @on(OptionList.OptionSelected, "#programmes")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        option = self.query_one("#programmes", OptionList).highlighted_option
        if option is None:
            return
        slug = option.id
        if slug == self.current:
            self.dismiss(slug)  # keeping the plan as it is: nothing to confirm
            return
        name = next(name for s, name, *_ in self.choices if s == slug)
        question = (
            f"Switch to {name}? It replaces the {self.items} exercises in your plan, and every "
            "exercise starts again at its beginner dose. Your past sessions stay in your history."
        )
        self.app.push_screen(
            ConfirmScreen(question, yes=f"switch to {name}", no="keep your plan"),
            lambda yes: self.dismiss(slug) if yes else None,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
