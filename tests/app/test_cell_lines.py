"""Table cells drawn directly are the cells Rich draws, and tables draw as Textual's would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from backtui.tui.common.cell_lines import one_line_cell
from backtui.tui.common.kept_table import KeptTable

CONSOLE = Console(width=120, color_system="truecolor", force_terminal=True, legacy_windows=False)
STYLES = st.sampled_from(
    [
        Style.null(),
        Style(bold=True),
        Style(color="red"),
        Style(color="#102030", bgcolor="white", italic=True),
        Style.from_meta({"row": 3, "column": 1}) + Style(bgcolor="blue"),
    ]
)
# Wide, combining and emoji characters, arrows and dots as the tables show them.
WORDS = st.text(alphabet=st.sampled_from(list("ab cdé→•●·×–中文😀\u0301 ")), max_size=30)
SPANS = st.lists(st.tuples(st.integers(0, 35), st.integers(0, 35)), max_size=3)


def _visible(lines: list[list[Segment]]) -> list[list[Segment]]:
    """Rich also yields empty segments here and there; they draw nothing."""
    return [[segment for segment in line if segment.text] for line in lines]


@settings(max_examples=400, deadline=None)
@given(
    words=WORDS,
    width=st.integers(0, 30),
    padding=st.integers(0, 2),
    pre_style=STYLES,
    post_style=STYLES,
    span_style=STYLES,
    own_style=st.sampled_from(["", "dim", Style(color="green")]),
    spans=SPANS,
    justify=st.sampled_from([None, "left", "default", "right", "center", "full"]),
    overflow=st.sampled_from([None, "fold", "crop", "ellipsis"]),
    end=st.sampled_from(["", "\n"]),
    no_wrap=st.sampled_from([None, True, False]),
    table_justify=st.sampled_from([None, "left", "right"]),
)
def test_a_cell_drawn_directly_is_the_cell_rich_draws(
    words, width, padding, pre_style, post_style, span_style, own_style, spans, justify, overflow,
    end, no_wrap, table_justify,
):  # fmt: skip
    cell = Text(words, style=own_style, justify=justify, overflow=overflow, end=end)
    cell.no_wrap = no_wrap
    if words:
        cell.stylize(span_style, 0, max(1, len(words) // 2))
    for start, stop in spans:
        cell.stylize(
            "bold red" if start % 2 else "italic #ff8800", min(start, stop), max(start, stop)
        )
    options = CONSOLE.options.update_dimensions(width, 1).update(
        no_wrap=True, justify=table_justify
    )
    direct = one_line_cell(CONSOLE, cell, width, padding, pre_style, post_style, options)
    rich = CONSOLE.render_lines(Styled(Padding(cell, (0, padding)), pre_style, post_style), options)
    if direct is not None:
        assert _visible(direct) == _visible(rich)


def test_what_rich_must_draw_is_left_to_rich():
    options = CONSOLE.options.update_dimensions(12, 1).update(no_wrap=True)
    for cell in (
        "plain words",  # not Text: a renderable of any kind
        Text("two\nlines"),
        Text("a\ttab"),
        Text("centred", justify="center"),
        Text("wraps when too long", no_wrap=False),
    ):
        assert one_line_cell(CONSOLE, cell, 12, 1, Style(), Style(), options) is None
    taller = CONSOLE.options.update_dimensions(12, 2)
    assert one_line_cell(CONSOLE, Text("x"), 12, 1, Style(), Style(), taller) is None
    assert one_line_cell(CONSOLE, Text("fits"), 12, 1, Style(), Style(), options) is not None


class Tables(App):
    def compose(self) -> ComposeResult:
        for table_class in (DataTable, KeptTable):
            table = table_class(id=table_class.__name__, cursor_type="row", zebra_stripes=True)
            table.add_columns("When", Text("Exercises", justify="right"), "Pain")
            for day in range(1, 30):
                table.add_row(
                    f"{day:02d} Nov 2026",
                    Text("Cat-cow, Bird-dog, [Dead bug] " * (day % 3 + 1)),
                    Text(f"{day % 11} → {day % 7}", style="bold"),
                    height=2 if day == 7 else 1,  # one row of two lines: Rich's path
                )
            table.add_row("centred", Text("in the middle", justify="center"), 3.5)
            yield table


async def test_a_kept_table_draws_what_a_data_table_draws(monkeypatch):
    from backtui.tui.common import kept_table

    answers: list[bool] = []  # whether each cell was drawn directly

    def counted(*args):
        lines = one_line_cell(*args)
        answers.append(lines is not None)
        return lines

    monkeypatch.setattr(kept_table, "one_line_cell", counted)
    app = Tables()
    async with app.run_test(size=(90, 40)) as pilot:
        await pilot.pause()
        plain, kept = app.query_one("#DataTable", DataTable), app.query_one("#KeptTable")
        assert type(plain) is DataTable and type(kept) is KeptTable
        plain.styles.height = kept.styles.height = 18
        app.set_focus(None)  # both unfocused: the same cursor colours
        await pilot.pause()
        for cursor in (0, 6, 12):
            plain.move_cursor(row=cursor)
            kept.move_cursor(row=cursor)
            await pilot.pause()
            for y in range(18):
                assert _visible([list(kept.render_line(y))]) == _visible(
                    [list(plain.render_line(y))]
                )
    assert True in answers and False in answers  # both paths were compared
