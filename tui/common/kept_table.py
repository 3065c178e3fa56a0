"""A DataTable that keeps its drawn cells when a restyle changes nothing they show, and draws its
one-line text cells directly (cell_lines.py)."""

from __future__ import annotations

from rich.padding import Padding
from rich.style import Style
from textual import events
from textual._types import SegmentLines
from textual.geometry import Region
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable

from backtui.tui.common.cell_lines import one_line_cell


class PartStyles:
    """A part's styles (``get_component_styles``) whose Rich style is worked out once."""

    __slots__ = ("styles", "rich_style")

    def __init__(self, styles) -> None:
        self.styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str):
        return getattr(self.styles, name)


class KeptTable(DataTable):
    """Textual's DataTable throws away every drawn cell, row and line each time it is restyled,
    and Textual restyles it whenever its History section or the Plan is shown again and whenever
    it gains or loses the focus. It does the same when a hidden table is shown again at the size
    it had. The cells then all render again through Rich: 144 cells on a later press of
    History's Progress, 420 on Sessions (ten years, 120×36).

    The drawn cells are already keyed by the table's base style and its focus, hover and enabled
    state. They stay right as long as, for that state, the styles of the table's parts (cursor,
    header, stripes) are the same, and the theme and the classes around the table are the same.
    Textual styles those parts only after it tells the table it was restyled, so the table
    compares them just before it draws, and forgets what it drew when any differ.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn_looks: dict[object, tuple] = {}  # pseudo-class state -> its look when drawn
        self._drawn_size: tuple = ()
        self._drawing: dict[object, object] | None = None  # styles worked out once per drawing

    def _on_resize(self, event: events.Resize) -> None:
        # DataTable marks every drawn cell out of date on each Resize, and Textual sends one each
        # time a hidden table is shown again, even at the same size. A cell is drawn at its
        # column's width, which its contents set; only the rows, filled out to the table's
        # width, and the lines depend on the table's size. So a table filled before it was
        # first laid out draws its cells once, not again at its first Resize.
        event.prevent_default()
        size = (event.size, event.container_size)
        if size != self._drawn_size:
            self._row_render_cache.clear()
            self._line_cache.clear()
        self._drawn_size = size

    def notify_style_update(self) -> None:
        Widget.notify_style_update(self)  # the table's own style caches; its cells wait
        self._get_styles_to_render_cell.cache_clear()  # part styles, not keyed by focus
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        state = self.get_pseudo_class_state()
        shared = (  # what every state's cells depend on
            self.app._css_update_count,
            tuple(node.classes for node in (self, *self.ancestors)),
        )
        names = sorted(self.COMPONENT_CLASSES)
        own = (self.rich_style, tuple(self.get_component_rich_style(name) for name in names))
        if state != self._pseudo_class_state:
            self._get_styles_to_render_cell.cache_clear()
        drawn = self._drawn_looks
        same_around = all(look[0] == shared for look in drawn.values())
        if not (same_around and drawn.get(state, (shared, own))[1] == own):
            self._forget_drawn()
            drawn.clear()
        drawn[state] = (shared, own)
        # DataTable works out the table's style, its background and the header's and stripes'
        # styles again for every line it draws, each by walking every node from the app down:
        # about 120 walks for 30 rows, a quarter of a first drawing. Nothing restyles the table
        # while it draws, so each is worked out once here.
        self._drawing = {}
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def _once_per_drawing(self, key: object, work):
        drawing = self._drawing
        if drawing is None:
            return work()
        try:
            return drawing[key]
        except KeyError:
            drawing[key] = found = work()
            return found

    @property
    def rich_style(self) -> Style:
        return self._once_per_drawing("rich_style", lambda: DataTable.rich_style.fget(self))

    @property
    def background_colors(self):
        return self._once_per_drawing(
            "background_colors", lambda: DataTable.background_colors.fget(self)
        )

    def get_component_styles(self, *names: str):
        if self._drawing is None:
            return super().get_component_styles(*names)
        return self._once_per_drawing(
            names, lambda: PartStyles(DataTable.get_component_styles(self, *names))
        )

    def _forget_drawn(self) -> None:
        """What DataTable.notify_style_update clears."""
        self._row_render_cache.clear()
        self._cell_render_cache.clear()
        self._row_renderable_cache.clear()
        self._line_cache.clear()
        self._styles_cache.clear()
        self._get_styles_to_render_cell.cache_clear()

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """DataTable._render_cell (Textual 8.2), with one-line text cells drawn by
        ``one_line_cell``; ``test_a_kept_table_draws_what_a_data_table_draws`` compares both."""
        is_header_cell = row_index == -1
        is_row_label_cell = column_index == -1
        is_fixed_style_cell = (
            not is_header_cell
            and not is_row_label_cell
            and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        )
        row_key = self._header_row_key if is_header_cell else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell_cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cell_cache_key)
        if cached is not None:
            return cached
        base_style += Style.from_meta({"row": row_index, "column": column_index})
        row_label, row_cells = self._get_row_renderables(row_index)
        if is_row_label_cell:
            cell = row_label if row_label is not None else ""
        else:
            cell = row_cells[column_index]
        component_style, post_style = self._get_styles_to_render_cell(
            is_header_cell,
            is_row_label_cell,
            is_fixed_style_cell,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        console_options = self._once_per_drawing("console", lambda: self.app.console_options)
        if is_header_cell:
            row_height = self.header_height
            options = console_options.update_dimensions(width, row_height)
        else:
            row = self.rows[row_key]
            if row.auto_height and row.height == 0:  # measured from its cells
                row_height = 0
                options = console_options.update_width(width)
            else:
                row_height = row.height
                options = console_options.update_dimensions(width, row_height)
        if row_height == 1:
            options = options.update(no_wrap=True)
        pre_style = base_style + component_style
        lines = one_line_cell(
            self.app.console, cell, width, self.cell_padding, pre_style, post_style, options
        )
        if lines is None:
            lines = self.app.console.render_lines(
                Styled(Padding(cell, (0, self.cell_padding)), pre_style, post_style), options
            )
        self._cell_render_cache[cell_cache_key] = lines
        return lines
