"""KeptTable keeps its drawn cells through restyles that change nothing, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Button, ContentSwitcher, Static

from backtui.tui.common.kept_table import KeptTable


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield Button("elsewhere", id="elsewhere")
        with ContentSwitcher(initial="list"):
            yield KeptTable(id="list", cursor_type="row", zebra_stripes=True)
            yield Static("another page", id="other")

    def on_mount(self) -> None:
        table = self.query_one(KeptTable)
        table.add_columns("Day", "Kind")
        for day in range(1, 9):  # fits: no scroll bar to come and go
            table.add_row(f"{day:02d} Nov", "physiotherapy" if day % 2 else "massage")
        table.focus()


def drawn(table: KeptTable) -> list[list[tuple[str, object]]]:
    """The header, the cursor row and two striped rows, as text and style."""
    return [[(s.text, s.style) for s in table.render_line(y)] for y in (0, 1, 2, 3)]


def drawn_afresh(table: KeptTable) -> list[list[tuple[str, object]]]:
    """What the table draws with nothing kept, as a plain DataTable would."""
    table._forget_drawn()
    table._drawn_looks.clear()
    return drawn(table)


async def test_shown_again_at_the_same_size_it_renders_no_cell(rendered_cells):
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeptTable)
        await pilot.pause()
        switcher = app.query_one(ContentSwitcher)
        for page in ("other", "list", "other", "list"):
            switcher.current = page
            await pilot.pause()
        table.focus()
        await pilot.pause()
        rendered = rendered_cells
        rendered.clear()
        switcher.current = "other"
        await pilot.pause()
        switcher.current = "list"
        table.focus()
        await pilot.pause()
        assert rendered == []


async def test_a_new_focus_or_theme_is_drawn_as_a_plain_table_would_draw_it():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeptTable)
        await pilot.pause()
        before = drawn(table)
        changes = (
            lambda: app.query_one("#elsewhere").focus(),
            table.focus,
            lambda: setattr(app, "theme", "textual-light"),
            lambda: app.query_one("#elsewhere").focus(),
        )
        for change in changes:
            change()
            await pilot.pause()
            now = drawn(table)
            assert now != before  # the change shows
            assert now == drawn_afresh(table)
            before = now


async def test_a_new_size_redraws_its_rows_but_not_its_cells(rendered_cells):
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(KeptTable)
        await pilot.pause()
        before = drawn(table)
        rendered = rendered_cells
        rendered.clear()
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        now = drawn(table)
        assert rendered == []  # the cells were drawn at their columns' widths, which stay
        assert len(now[1]) and now != before  # the rows are filled out to the new width
        assert now == drawn_afresh(table)


async def test_a_drawing_works_out_each_style_once_and_draws_what_a_data_table_draws(
    monkeypatch,
):
    from textual.dom import DOMNode
    from textual.geometry import Region
    from textual.widgets import DataTable

    class Both(App):
        def compose(self) -> ComposeResult:
            for table in (KeptTable(id="kept"), DataTable(id="plain")):
                table.cursor_type, table.zebra_stripes = "row", True
                table.styles.height = 22
                yield table

        def on_mount(self) -> None:
            for table in self.query(DataTable):
                table.add_columns("Day", "Kind")
                for day in range(1, 31):
                    table.add_row(f"{day:02d} Nov", "physiotherapy" if day % 2 else "massage")

    walks: list[object] = []
    rich_style = DOMNode.rich_style.fget
    monkeypatch.setattr(DOMNode, "rich_style", property(lambda n: walks.append(n) or rich_style(n)))
    app = Both()
    async with app.run_test(size=(60, 48)) as pilot:
        app.set_focus(None)  # both drawn in the same state
        await pilot.pause()
        kept, plain = app.query_one("#kept", KeptTable), app.query_one("#plain", DataTable)
        region = Region(0, 0, kept.size.width, kept.size.height)
        kept._forget_drawn()
        walks.clear()
        ours = kept.render_lines(region)
        kept_walks = len(walks)
        plain.notify_style_update()
        walks.clear()
        theirs = plain.render_lines(region)
        assert len(ours) == len(theirs) == 22
        assert [list(line) for line in ours] == [list(line) for line in theirs]
        # The table, its header and its two stripes once each (and its check of its parts'
        # looks), where DataTable walks the nodes again for every line.
        assert kept_walks <= 12 < 40 < len(walks)
