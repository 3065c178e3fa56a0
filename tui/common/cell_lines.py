"""One table cell of one line of text, drawn without Rich's general rendering path.

DataTable draws each cell as ``Styled(Padding(cell))`` through the console: two renders, two
splits into lines, a word wrap and a join, about 0.1 ms a cell on this machine, and most of the
time of a table's first drawing (about 250 cells on a screen of History's sessions at 120×36).
For the cells backtui's tables hold, text of one line in a row one line high, the same segments
come from the text's own spans, about four times faster. ``tests/app/test_cell_lines.py``
checks them against Rich's path on generated text, widths, styles, justification and overflow.
Anything else (other renderables, tabs, more than one line, text Rich would wrap, centred or
right-justified text) returns None and is drawn by Rich as before.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

LEFT_JUSTIFIED = ("default", "left")


def one_line_cell(
    console: Console,
    cell: RenderableType,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
    options: ConsoleOptions,
) -> list[list[Segment]] | None:
    """The line Rich draws for ``Styled(Padding(cell, (0, padding)), pre_style, post_style)``
    at ``width`` in a row one line high, or None where only Rich's own path is right."""
    if not isinstance(cell, Text) or options.height != 1 or not options.no_wrap:
        return None
    inner = width - 2 * padding
    plain = cell.plain
    if inner <= 0 or "\n" in plain or "\t" in plain:
        return None
    justify = cell.justify or options.justify or "default"
    overflow = cell.overflow or options.overflow or "fold"
    if justify not in LEFT_JUSTIFIED or overflow == "ignore":
        return None
    no_wrap = cell.no_wrap if cell.no_wrap is not None else options.no_wrap
    if not no_wrap and cell_len(plain) > inner:
        return None  # Rich would wrap it and keep the first line
    line = cell.copy()
    if justify == "left":
        line.truncate(inner, overflow=overflow, pad=True)
    line.truncate(inner, overflow=overflow)
    if line.style:  # as Rich's join of wrapped lines: the text's own style becomes a span
        line.spans = [Span(0, len(line), line.style), *line.spans]
        line.style = ""
    segments = list(line.render(console))
    pad_style = console.get_style("none")
    length = cell_len(line.plain)
    if length < inner:
        segments.append(Segment(" " * (inner - length), pad_style))
    elif length > inner:
        segments = Segment.adjust_line_length(segments, inner, style=pad_style, pad=True)
    side = [Segment(" " * padding, pad_style)] if padding else []
    return [list(Segment.apply_style([*side, *segments, *side], pre_style, post_style))]
