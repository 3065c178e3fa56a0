"""The pain chart: daily pain, its 7-day average, weekly PEG, and marks for sessions and therapies.

Drawn with textual-plotext (chosen over Sparkline because one chart needs several series, axes
and marks). plotext is imported when the chart is first composed, so start-up never pays for it.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from backtui.history.aggregates import RANGES, PainSeries

# One colour per series, as RGB so the chart and its legend match under any theme.
COLOURS = {
    "pain": (0, 190, 230),
    "average": (255, 150, 0),
    "peg": (220, 90, 220),
    "session": (80, 200, 80),
    "therapy": (235, 205, 0),
}
PAIN_LABELS = {"day": "daily pain", "week": "weekly mean pain", "month": "monthly mean pain"}
EMPTY_CHART = (
    "Check in with c: your pain shows here day by day.\n"
    "Your sessions and other therapies are marked under it."
)
SESSION_Y = -0.6  # marks drawn in two rows under the 0 line
THERAPY_Y = -1.3


def _segments(points: list[tuple[int, float | None]]) -> list[list[tuple[int, float]]]:
    """Split a series at its gaps (None), so a line is never drawn across missing days."""
    runs: list[list[tuple[int, float]]] = [[]]
    for x, y in points:
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _rgb(name: str) -> str:
    return "rgb({},{},{})".format(*COLOURS[name])


def _tick_label(day: date, bucket: str) -> str:
    return (
        f"{day:%d %b}" if bucket == "day" else f"{day:%b %Y}" if bucket == "week" else f"{day:%Y}"
    )


class PainChart(Vertical):
    """Shows a PainSeries; call show(series)."""

    DEFAULT_CSS = """
    PainChart { height: 1fr; min-height: 12; }
    PainChart PlotextPlot { height: 1fr; }
    PainChart #chart-caption { height: auto; color: $text-muted; }
    PainChart #chart-empty {
        height: 1fr; content-align: center middle; text-align: center;
        border: round $primary 40%; display: none;
    }
    """

    def compose(self) -> ComposeResult:
        from backtui.tui.history.chart_plot import ChartPlot  # lazy: about 50 ms of imports

        plot = ChartPlot(id="plot")
        # Shown once show() has the data: plotext draws an empty plot as slowly as a full one
        # (about 50 ms at 120×36), and that drawing was thrown away a moment later.
        plot.display = False
        yield plot
        yield Static(EMPTY_CHART, id="chart-empty")  # instead of an empty frame
        yield Static("", id="chart-caption")

    def show(self, series: PainSeries) -> None:
        from backtui.tui.history.chart_plot import ChartPlot

        plot = self.query_one("#plot", ChartPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        label = RANGES[series.range_key][0]
        plt.title(f"Pain 0-10 · {label}")
        plt.ylim(-1.6, 10.4)
        plt.yticks([0, 2, 5, 8, 10])
        span = max(1, (series.end - series.start).days)
        plt.xlim(0, span)

        def x_of(day: date) -> int:
            return (day - series.start).days

        if series.pain:
            xs, ys = zip(*[(x_of(d), v) for d, v in series.pain], strict=True)
            plt.scatter(xs, ys, marker="dot", color=COLOURS["pain"])
        for run in _segments([(x_of(d), v) for d, v in series.average]):
            xs, ys = zip(*run, strict=True)
            plt.plot(xs, ys, color=COLOURS["average"], marker="braille")
        if series.peg:
            xs, ys = zip(*[(x_of(d), v) for d, v in series.peg], strict=True)
            plt.plot(xs, ys, color=COLOURS["peg"], marker="braille")
        if series.sessions:
            xs = [x_of(d) for d, _ in series.sessions]
            plt.scatter(xs, [SESSION_Y] * len(xs), marker="|", color=COLOURS["session"])
        if series.therapies:
            xs = [x_of(d) for d, _ in series.therapies]
            plt.scatter(xs, [THERAPY_Y] * len(xs), marker="+", color=COLOURS["therapy"])
        ticks = [round(span * i / 4) for i in range(5)]
        plt.xticks(
            ticks, [_tick_label(series.start + timedelta(days=t), series.bucket) for t in ticks]
        )
        plot.refresh()
        plot.display = not series.empty
        self.query_one("#chart-empty", Static).display = series.empty
        caption = self.query_one("#chart-caption", Static)
        if series.empty:
            caption.update("Nothing recorded in this range yet.")
        else:
            # The legend is drawn here rather than by plotext (its legend breaks on 1-point lines).
            average = f"[{_rgb('average')}]⠒ 7-day average[/]  " if series.bucket == "day" else ""
            caption.update(
                f"[{_rgb('pain')}]• {PAIN_LABELS[series.bucket]}[/]  {average}"
                f"[{_rgb('peg')}]⠒ PEG (weekly)[/]  [{_rgb('session')}]| session[/]  "
                f"[{_rgb('therapy')}]+ therapy[/]\n"
                f"{series.start:%d %b %Y} to {series.end:%d %b %Y} · "
                f"{_count(sum(n for _, n in series.sessions), 'session', 'sessions')} · "
                f"{_count(sum(n for _, n in series.therapies), 'therapy', 'therapies')}"
            )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
