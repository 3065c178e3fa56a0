"""FigureView: one exercise position drawn as a stick figure in braille dots.

It draws with textual-hires-canvas (see docs/architecture.md, "Exercise figures", for why that
library). The figure is scaled to the widget's space with the same scale for every position of the
exercise, so it never jumps between positions, and a terminal cell's 1:2 shape is allowed for, so
it is not stretched. Colours come from the theme through component classes.

The canvas library brings numpy, which takes a noticeable moment to import: it is imported the
first time a figure is shown, never at start-up.
"""

from __future__ import annotations

from rich.style import Style
from textual.app import ComposeResult
from textual.widget import Widget

from backtui.plan.poses import HEAD_RADIUS, Figure, Pose

# Body lines, near side: (from, to) joints. The far arm and leg are drawn first, dimmer.
BODY = (
    ("hip", "mid"), ("mid", "shoulder"), ("shoulder", "neck"),
    ("shoulder", "elbow"), ("elbow", "hand"),
    ("hip", "knee"), ("knee", "ankle"), ("ankle", "foot"),
)  # fmt: skip
FAR = (
    ("shoulder", "elbow_far"), ("elbow_far", "hand_far"),
    ("hip", "knee_far"), ("knee_far", "ankle_far"), ("ankle_far", "foot_far"),
)  # fmt: skip


def _canvas(width: int, height: int):
    from textual_hires_canvas import Canvas, HiResMode

    return Canvas(width, height, default_hires_mode=HiResMode.BRAILLE)


class FigureView(Widget):
    """Draws ``figure`` at ``pose``; ``show`` changes the pose, redrawing only when it changed."""

    COMPONENT_CLASSES = {
        "figure--far",
        "figure--ground",
        "figure--prop",
        "figure--wrong",
    }
    DEFAULT_CSS = """
    FigureView {
        width: 1fr;
        height: 1fr;
        min-height: 4;
        color: $accent;
    }
    FigureView > .figure--far { color: $text-muted; }
    FigureView > .figure--ground { color: $foreground-darken-3; }
    FigureView > .figure--prop { color: $secondary; }
    FigureView > .figure--wrong { color: $error; }
    FigureView > Canvas { width: 1fr; height: 1fr; background: transparent; }
    """

    def __init__(
        self,
        figure: Figure | None = None,
        pose: Pose | None = None,
        *,
        wrong: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.figure = figure
        self.pose = pose
        self.wrong = wrong  # drawn in the error colour: what not to do
        self._canvas = None
        self._drawn: tuple | None = None
        self.frames = 0  # drawings made, for tests and benchmarks
        self._styles: dict[tuple[str, str | None], str] = {}

    def compose(self) -> ComposeResult:
        self._canvas = _canvas(1, 1)
        yield self._canvas

    def show(self, figure: Figure | None, pose: Pose | None) -> None:
        self.figure, self.pose = figure, pose
        self.draw()

    def on_resize(self) -> None:
        self._drawn = None
        self.draw()

    def draw(self) -> None:
        canvas = self._canvas
        width, height = self.content_size
        if canvas is None or not canvas.is_attached or width < 2 or height < 2:
            return
        key = (
            self.figure and self.figure.slug,
            self.pose,
            width,
            height,
            self.wrong,
            self.app.theme,
        )
        if key == self._drawn:
            return
        self._drawn = key
        self.frames += 1
        from textual.geometry import Size

        with canvas.batch_refresh():
            canvas.reset(Size(width, height), refresh=False)
            if self.figure is not None and self.pose is not None:
                self._paint(canvas, self.figure, self.pose, width, height)

    def _style(self, component: str | None) -> str:
        """The colour of a part, from the theme: looked up once per theme, not every frame."""
        key = (self.app.theme, component)
        if key not in self._styles:
            rich = (
                self.rich_style if component is None else self.get_component_rich_style(component)
            )
            self._styles[key] = str(Style(color=rich.color, bold=rich.bold)) or "default"
        return self._styles[key]

    def _paint(self, canvas, figure: Figure, pose: Pose, width: int, height: int) -> None:
        x0, y0, x1, y1 = figure.bounds()
        # A cell is about twice as tall as it is wide: one unit is `scale` cells across and
        # scale / 2 cells down.
        # The canvas draws within [0, width - 1] x [0, height - 1].
        usable_w, usable_h = width - 1, height - 1
        scale = min(usable_w / (x1 - x0), 2 * usable_h / (y1 - y0))
        left = (usable_w - (x1 - x0) * scale) / 2
        bottom = (usable_h + (y1 - y0) * scale / 2) / 2

        def at(point: tuple[float, float]) -> tuple[float, float]:
            return left + (point[0] - x0) * scale, bottom - (point[1] - y0) * scale / 2

        ground_y = at((0.0, 0.0))[1]
        ground = self._style("figure--ground")
        if figure.ground == "floor":
            canvas.draw_hires_line(0, ground_y, usable_w, ground_y, style=ground)
        points = {joint: at(p) for joint, p in pose.points().items()}
        prop = self._style("figure--prop")
        for item in figure.props:
            if item.kind == "strap":
                a, b = (points[j] for j in item.joints)
                canvas.draw_hires_line(*a, *b, style=prop)
                continue
            corners = [at(p) for p in item.points]
            if item.kind == "block":
                (ax, ay), (bx, by) = corners[0], corners[-1]
                corners = [(ax, ay), (bx, ay), (bx, by), (ax, by), (ax, ay)]
            pairs = zip(corners, corners[1:], strict=False)
            canvas.draw_hires_lines([(*a, *b) for a, b in pairs], style=prop)
        far = self._style("figure--far")
        canvas.draw_hires_lines([(*points[a], *points[b]) for a, b in FAR], style=far)
        body = self._style("figure--wrong" if self.wrong else None)
        canvas.draw_hires_lines([(*points[a], *points[b]) for a, b in BODY], style=body)
        head_x, head_y = points["head"]
        canvas.draw_hires_circle(head_x, head_y, max(0.6, HEAD_RADIUS * scale), style=body)
