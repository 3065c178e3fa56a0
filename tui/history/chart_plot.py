"""The pain chart's plot: plotext's cells turned into lines without a round trip through ANSI.

``PlotextPlot`` asks plotext for the whole chart as one string of ANSI escape codes (each colour
change written out), has Rich parse that string back into styled text, and has Textual lay that
text out again, line by line. At 120×36 those three steps took about 20 ms of the 30-45 ms that
drawing the chart took on the first press of ``h``. plotext already holds the chart as a grid of
cells, each a character with its colours and style. ``ChartPlot`` reads that grid and joins each
row's runs of equal colours into segments.

Each distinct colour combination is styled once, through the very path ``PlotextPlot`` takes (its
ANSI code, parsed by Rich, then rendered by Textual over the widget's style), so the lines are
the same segments ``PlotextPlot`` draws (``tests/app/test_chart_plot.py`` compares them).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual_plotext import PlotextPlot

Colours = tuple[object, object, object]  # plotext's (foreground, style, background) of a cell


class ChartPlot(PlotextPlot):
    """A ``PlotextPlot`` that draws plotext's cell grid directly (line API)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Strip] | None = None
        self._drawn_for: tuple[Size, str, str] | None = None
        self._styles: dict[Colours, RichStyle] = {}
        self._styles_over: object = None  # the widget style the cached styles were made on

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose=False):
        if repaint:  # what is plotted may have changed: plotext's grid is built again
            self._lines = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_line(self, y: int) -> Strip:
        drawn_for = (self.size, self.app.theme, self.theme)
        if self._lines is None or drawn_for != self._drawn_for:
            self._lines = self._draw()
            self._drawn_for = drawn_for
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _draw(self) -> list[Strip]:
        width, height = self.size
        if not width or not height:
            return []
        figure = self._plot
        # What PlotextPlot.render does before plotext's build(), then build() up to its grid.
        figure.plotsize(width, height)
        figure._set_size(width, height)
        figure.theme(self._get_plotext_theme_name(self.app.theme))
        figure._set_sizes()
        figure._build_matrix()
        grid = figure.monitor.matrix
        if self._styles_over != self.visual_style:
            self._styles.clear()
            self._styles_over = self.visual_style
        lines = []
        style, from_meta = self._style, RichStyle.from_meta
        for y, row in enumerate(reversed(range(grid.rows))):  # plotext's row 0 is the bottom one
            markers, fore, back, kind = (
                grid.marker[row],
                grid.fullground[row],
                grid.background[row],
                grid.style[row],
            )
            segments = []
            start = 0
            for column in range(1, grid.cols + 1):
                if column < grid.cols and (
                    fore[column] == fore[start]
                    and kind[column] == kind[start]
                    and back[column] == back[start]
                ):
                    continue
                colours = (fore[start], kind[start], back[start])
                # Textual marks each segment with its place, for selecting text with the mouse.
                place = from_meta({"offset": (start, y)})
                segments.append(Segment("".join(markers[start:column]), style(colours) + place))
                start = column
            lines.append(Strip(segments))
        return lines[:height]

    def _style(self, colours: Colours) -> RichStyle:
        """The style PlotextPlot's path gives a cell of these colours."""
        style = self._styles.get(colours)
        if style is None:
            from plotext._utility import ansi_end, colors_to_ansi

            sample = Text.from_ansi(colors_to_ansi(*colours) + "x" + ansi_end)
            strips = Visual.to_strips(self, visualize(self, sample), 1, 1, self.visual_style)
            style = next(iter(strips[0])).style or RichStyle()
            self._styles[colours] = style
        return style
