"""ChartPlot draws plotext's cells directly: the same cells and styles PlotextPlot draws."""

from __future__ import annotations

import random

import pytest
from textual.app import App
from textual.containers import Horizontal
from textual_plotext import PlotextPlot

from backtui.tui.history.chart_plot import ChartPlot


class SideBySide(App):
    CSS = "Horizontal { height: 1fr; } PlotextPlot { width: 1fr; height: 1fr; }"

    def compose(self):
        with Horizontal():
            yield PlotextPlot(id="theirs")
            yield ChartPlot(id="ours")


def _plot(plt, seed: int, points: int) -> None:
    """A chart like the pain chart: dots, braille lines with gaps, marks, a title and ticks."""
    chance = random.Random(seed)
    plt.clear_data()
    plt.clear_figure()
    plt.title(f"Pain 0-10 · case {seed}")
    plt.ylim(-1.6, 10.4)
    plt.yticks([0, 2, 5, 8, 10])
    plt.xlim(0, max(1, points))
    if points:
        xs = list(range(points))
        plt.scatter(xs, [chance.uniform(0, 10) for _ in xs], marker="dot", color=(0, 190, 230))
        half = xs[: points // 2 + 1]
        plt.plot(half, [chance.uniform(0, 10) for _ in half], color=(255, 150, 0), marker="braille")
        marks = [x for x in xs if chance.random() < 0.3]
        if marks:
            plt.scatter(marks, [-0.6] * len(marks), marker="|", color=(80, 200, 80))
    plt.xticks([0, points // 2, points], ["1 Nov", "middle", "today"])


def _cells(lines) -> list[list[tuple[str, object]]]:
    return [[(char, segment.style) for segment in line for char in segment.text] for line in lines]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
@pytest.mark.parametrize(
    ("size", "seed", "points"), [((100, 30), 1, 28), ((60, 14), 2, 90), ((44, 12), 3, 0)]
)
async def test_a_chart_plot_draws_what_a_plotext_plot_draws(size, seed, points, theme):
    app = SideBySide()
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        theirs, ours = app.query_one("#theirs", PlotextPlot), app.query_one("#ours", ChartPlot)
        for plot in (theirs, ours):
            _plot(plot.plt, seed, points)
            plot.refresh()
        await pilot.pause()
        assert ours.size == theirs.size and ours.size.height > 0
        region = ours.size.region
        expected = _cells(theirs.render_lines(region))
        assert _cells(ours.render_lines(region)) == expected
        assert any(char not in " " for row in expected for char, _ in row)


async def test_new_data_is_drawn_and_the_same_data_is_not_built_again(monkeypatch):
    app = SideBySide()
    async with app.run_test(size=(80, 20)) as pilot:
        ours = app.query_one("#ours", ChartPlot)
        _plot(ours.plt, 4, 20)
        ours.refresh()
        await pilot.pause()
        builds = []
        build = ChartPlot._draw
        monkeypatch.setattr(ChartPlot, "_draw", lambda plot: builds.append(1) or build(plot))
        first = ours.render_lines(ours.size.region)
        assert builds == []  # drawn already for this size and data
        ours.plt.title("Another title")
        ours.refresh()
        await pilot.pause()
        again = ours.render_lines(ours.size.region)
        assert builds == [1]
        assert "Another title" in "".join(s.text for s in again[0])
        assert "Another title" not in "".join(s.text for s in first[0])
