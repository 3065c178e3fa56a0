"""A table's first drawing: backtui's KeptTable against Textual's DataTable, in one process.

Both hold the same page of History's sessions list (50 rows of seven columns, the cells as
History builds them) at 120×36; each drawing starts with nothing drawn, as a table's first frame
does. KeptTable draws one-line text cells directly (tui/common/cell_lines.py).
"""

from __future__ import annotations

import asyncio
import time

from common import Row, alternate, median
from rich.text import Text

SIZE = (120, 36)


def _rows() -> list[tuple]:
    return [
        (
            f"Mon {day % 28 + 1:02d} Nov 2025 18:{day % 60:02d}",
            "completed" if day % 5 else "ended early",
            str(10 + day % 7),
            Text("Cat-cow, Bird-dog, Dead bug, Glute bridge, Side plank"[: 20 + day % 30]),
            "–" if day % 4 else "Walking",
            str(20 + day % 25),
            Text(f"{day % 6} → {day % 4}"),
        )
        for day in range(50)
    ]


async def _measure(repeats: int) -> tuple[list[float], list[float]]:
    from textual.app import App
    from textual.geometry import Region
    from textual.widgets import DataTable

    from backtui.tui.common.kept_table import KeptTable

    class Tables(App):
        def compose(self):
            for table_class in (KeptTable, DataTable):
                table = table_class(id=table_class.__name__, cursor_type="row", zebra_stripes=True)
                table.add_columns("When", "Status", "Sets", "Exercises", "Skipped", "Min", "Pain")
                for row in _rows():
                    table.add_row(*row)
                table.styles.height = SIZE[1] - 2
                table.display = table_class is KeptTable
                yield table

    app = Tables()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kept, plain = app.query_one("#KeptTable", KeptTable), app.query_one("#DataTable", DataTable)
        assert type(plain) is DataTable
        plain.display, kept.display = True, False
        await pilot.pause()
        kept.display = True
        await pilot.pause()

        def draw(table) -> float:
            # Nothing drawn yet, as at a first frame (what DataTable forgets when restyled).
            for cache in (
                table._row_render_cache,
                table._cell_render_cache,
                table._row_renderable_cache,
                table._line_cache,
                table._styles_cache,
            ):
                cache.clear()
            started = time.perf_counter()
            table.render_lines(Region(0, 0, table.size.width, table.size.height))
            return time.perf_counter() - started

        return alternate(lambda: draw(kept), lambda: draw(plain), repeats)


def run(smoke: bool) -> list[Row]:
    kept, plain = asyncio.run(_measure(2 if smoke else 41))
    took, reference = median(kept), median(plain)
    return [
        Row(
            "first drawing of a 50-row table at 120×36",
            f"{took * 1000:.1f} ms",
            f"DataTable {reference * 1000:.1f} ms",
            f"{took / reference:.2f}x",
            "< 1x",
            "the same lines (tests/app/test_cell_lines.py)",
        )
    ]
