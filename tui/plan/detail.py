"""One exercise, opened from the Plan: its positions drawn side by side, its pace, how to do it
well (form cues), the common mistakes, the easier and harder versions, and where the advice comes
from."""

from __future__ import annotations

from rich.markup import escape as e
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from backtui.plan.exercise_pages import ExerciseDetail, exercise_detail
from backtui.plan.poses import Figure, figure_for
from backtui.plan.weekly import DAY_NAMES
from backtui.tui.common.figure import FigureView
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.shown import while_shown
from backtui.tui.plan.forms import PlanModal

FIGURES_MIN_WIDTH = 60  # columns below which the positions are left out: too small to read


def detail_text(d: ExerciseDetail) -> str:
    """Markup for the headings only: every name and sentence from the data is escaped."""
    days = ", ".join(DAY_NAMES[day][:3] for day in d.weekdays) or "not planned"
    lines = [
        f"[b]{e(d.name)}[/b] · {e(d.kind)}",
        f"Your dose: [b]{e(d.dose)}[/b] on {days} (it started at {e(d.beginner)})",
    ]
    if d.summary:
        lines += ["", e(d.summary)]
    if d.tempo:
        lines += ["", f"[b]Pace[/b] {e(d.tempo)}"]
    lines += ["", "[b]How to do it[/b]"]
    lines += [f" {n}. {e(cue)}" for n, cue in enumerate(d.cues, start=1)] or [
        " No form cues were written for it."
    ]
    lines += ["", "[b]Common mistakes[/b]"]
    lines += [f" • {e(mistake)}" for mistake in d.mistakes] or [" None written down."]
    lines += ["", "[b]Easier and harder[/b]"]
    for word, variant, note in (
        ("Easier", d.easier, d.easier_note),
        ("Harder", d.harder, d.harder_note),
    ):
        if variant is not None:
            text = f"{e(variant.name)} (starts at {e(variant.dose)})"
            if note:
                text += f". {e(note)}"
        else:
            text = e(note) if note else "none in the library"
        lines.append(f" {word}: {text}")
    lines += ["", f"[dim]Source: {e(d.source or 'not given')}[/dim]"]
    return "\n".join(lines)


def positions(figure: Figure) -> list[Vertical]:
    """The exercise's key positions side by side, each labelled, then its drawn mistake."""
    shown = [(pose, False) for pose in figure.poses]
    if figure.mistake is not None:
        shown.append((figure.mistake, True))
    return [
        Vertical(
            FigureView(figure, pose, wrong=wrong),
            Static(Text(pose.label), classes="figure-label" + (" wrong" if wrong else "")),
            classes="position",
        )
        for pose, wrong in shown
    ]


class ExerciseDetailScreen(PlanModal):
    BINDINGS = [Binding("escape,enter,q", "close", "Close", key_display="esc")]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="plan-dialog wide", id="detail-box"):
            yield Horizontal(id="detail-figures")
            yield Static("Loading the exercise…", id="exercise-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        detail = exercise_detail(self.item_id)
        self.app.call_from_thread(self._show, detail)

    @while_shown
    def _show(self, detail: ExerciseDetail | None) -> None:
        body = self.query_one("#exercise-detail", Static)
        body.update("That exercise is no longer there." if detail is None else detail_text(detail))
        figure = figure_for(detail.slug) if detail is not None and detail.slug else None
        if (
            figure is not None
            and self.app.config.figures
            and self.app.size.width >= FIGURES_MIN_WIDTH
        ):
            self.query_one("#detail-figures").mount_all(positions(figure))
            self.query_one("#detail-figures").add_class("shown")
        self.query_one("#detail-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)
