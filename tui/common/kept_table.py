"""A DataTable that keeps its drawn cells when a restyle changes nothing they show."""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable


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
        return super().render_lines(crop)

    def _forget_drawn(self) -> None:
        """What DataTable.notify_style_update clears."""
        self._row_render_cache.clear()
        self._cell_render_cache.clear()
        self._row_renderable_cache.clear()
        self._line_cache.clear()
        self._styles_cache.clear()
        self._get_styles_to_render_cell.cache_clear()
