"""Help: the keys of the screen underneath, then guidance in backtui's own words.

The text is Markdown drawn by Rich, not Textual's Markdown widget: that widget mounts a widget per
paragraph, list item and table cell (about 160 here), which made ? take well over a second to
open. Drawn as one Static, every one of its 190 lines was still cut into styled strips at each
opening; here the lines are made once per text, width and theme, kept, and only the lines in view
are drawn.
"""

from __future__ import annotations

from importlib.resources import files

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.kept_styles import KeptStyles


def _keys_table(screen: Screen) -> str:
    rows = ["| key | what it does |", "| --- | --- |"]
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node not in (screen, screen.app):
            continue  # a focused widget's cursor keys are not the screen's actions
        if binding.system or binding.action in seen or not (binding.tooltip or binding.description):
            continue
        seen.add(binding.action)
        shown = binding.key_display or screen.app.get_key_display(binding)
        text = binding.tooltip or binding.description
        rows.append(f"| `{shown}` | {text} |")
    return "\n".join(rows)


# Lines made for a (text, width, theme), newest last: reopening help finds them ready.
_MADE: dict[tuple[str, int, str], list[Strip]] = {}
KEEP_MADE = 4


class HelpText(ScrollView, can_focus=True):
    """Markdown as lines, of which only those in view are drawn; ``source`` keeps the text."""

    DEFAULT_CSS = """
    HelpText {
        height: 1fr;
    }
    """

    def __init__(self, source: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.lines: list[Strip] = []

    def on_resize(self, event: Resize) -> None:
        width = max(1, event.size.width - self.styles.scrollbar_size_vertical)
        self.lines = self._made(width)
        self.virtual_size = Size(width, len(self.lines))
        self.refresh()

    def _made(self, width: int) -> list[Strip]:
        key = (self.source, width, self.app.theme)
        lines = _MADE.pop(key, None)
        if lines is None:
            console = self.app.console
            options = console.options.update(width=width, height=None)
            markdown = Markdown(self.source, inline_code_theme="ansi_dark")
            rendered = console.render_lines(markdown, options, style=self.rich_style, pad=True)
            lines = [Strip(line, width) for line in rendered]
        _MADE[key] = lines
        while len(_MADE) > KEEP_MADE:
            del _MADE[next(iter(_MADE))]
        return lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        return self.lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)


class HelpScreen(KeptStyles, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        guide = files("backtui").joinpath("data/guide.md").read_text(encoding="utf-8")
        title = self.underneath.title or self.app.title
        yield Static(f"Help · {title}", classes="screen-title")
        source = f"## Keys on this screen\n\n{_keys_table(self.underneath)}\n\n{guide}"
        yield HelpText(source, id="help-text")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
