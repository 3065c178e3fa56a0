"""The live session's guide: the form cues, and beside them the exercise's figure as a pacer.

During a rep the figure moves at the exercise's tempo (move, hold at the end, return); during a
hold it stays in the held position; during a rest it shows the start of what comes next. It
redraws at FPS only while it moves and the set runs: a paused session, a screen covered by another
and a still figure cost nothing. It is left out when the terminal is too narrow for the figure and
the cues side by side, when ``figures = false`` is in config.toml, and for a person's own exercise,
which has no figure (its cues stand alone).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

from backtui.plan.pose_timeline import pose_at
from backtui.plan.poses import figure_for, other_side
from backtui.session.flow import GET_READY_SECONDS, FlowItem, SessionFlow
from backtui.tui.common.figure import FigureView

# Frames a second while the figure moves. 8, 12 and 15 were measured (docs/performance.md): 12
# is the lowest at which a 2 s move reads as smooth motion rather than steps.
FPS = 12
MIN_WIDTH = 72  # columns the guide needs for cues (about 48) and a figure (24) side by side


class SessionFigure(FigureView):
    """The figure of the session's current exercise, at the moment the flow is in."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Hidden until it has an exercise to show: shown empty, it was hidden again at the
        # screen's first layout, which laid the screen out a second time before its first
        # question (about 16 ms of each s at 120×36).
        self.display = False
        self.flow: SessionFlow | None = None
        self.enabled = True  # the figures setting
        self._timer: Timer | None = None
        self.animating = False  # the frame timer runs

    def on_mount(self) -> None:
        self._timer = self.set_interval(1 / FPS, self.frame, pause=True)

    def follow(self, flow: SessionFlow | None) -> None:
        """Show where ``flow`` is now, and animate only while it moves and the set runs."""
        self.flow = flow
        moving = self.frame()
        self._run_frames(moving and flow is not None and flow.running)

    def _run_frames(self, on: bool) -> None:
        if self._timer is None or on == self.animating:
            return
        self.animating = on
        if on:
            self._timer.resume()
        else:
            self._timer.pause()

    def frame(self) -> bool:
        """Draw the current moment; True while the figure is moving."""
        flow = self.flow
        item: FlowItem | None = flow.current if flow is not None else None
        figure = figure_for(item.slug) if item is not None and item.slug else None
        self.display = self.enabled and figure is not None and self._fits()
        if figure is None or not self.display:
            self._run_frames(False)
            return False
        pose, moving = pose_at(
            figure,
            item.dose_type,
            item.tempo,
            flow.phase,
            flow.phase_seconds_now(),
            GET_READY_SECONDS,
        )
        if flow.side() == "right":  # a per-side hold alternates: the other arm and leg
            pose = other_side(pose)
        self.show(figure, pose)
        if not (moving and flow.running):  # come to rest: no frames until the next change
            self._run_frames(False)
        return moving

    def _fits(self) -> bool:
        return self.app.size.width >= MIN_WIDTH


class ExerciseGuide(Horizontal):
    """The cues on the left and the figure on the right."""

    DEFAULT_CSS = """
    ExerciseGuide { height: 1fr; }
    ExerciseGuide #cues { width: 1fr; height: auto; max-height: 100%; }
    ExerciseGuide SessionFigure { width: 34%; max-width: 48; min-width: 24; height: 1fr;
                                  max-height: 14; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="cues", classes="panel")
        yield SessionFigure(id="figure")

    def on_mount(self) -> None:
        self.query_one(SessionFigure).enabled = self.app.config.figures

    def on_resize(self) -> None:
        figure = self.query_one(SessionFigure)
        figure.follow(figure.flow)


KIND_WORDS = {
    "core": "core strength",
    "mobility": "mobility",
    "cardio": "low-impact cardio",
    "yoga": "yoga",
}


def cues_text(item: FlowItem) -> Text:
    text = Text()
    text.append("Pace ", style="bold")
    text.append(f"{item.tempo.describe()}\n")
    if item.cues:
        text.append("How to do it\n", style="bold")
        for cue in item.cues:
            text.append(f" • {cue}\n")
    if item.mistakes:
        text.append("Most common mistake", style="bold")
        if len(item.mistakes) > 1:
            text.append(" (m shows all of them)")
        text.append(f"\n • {item.mistakes[0]}")
    return text
