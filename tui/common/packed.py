"""A widget that draws short items packed into lines, wrapping between items, never inside one."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class PackedItems(Widget):
    """Subclasses say what the items are; this packs them to the width and sizes the height."""

    def _items(self) -> list[Text]:
        raise NotImplementedError

    def _lines(self, width: int) -> list[Text]:
        lines: list[Text] = [Text()]
        for item in self._items():
            line = lines[-1]
            if line.cell_len and line.cell_len + 2 + item.cell_len > width:
                lines.append(Text())
                line = lines[-1]
            if line.cell_len:
                line.append("  ")
            line.append_text(item)
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(max(width, 1)))

    def render(self) -> Text:
        return Text("\n").join(self._lines(max(self.content_size.width, 1)))
