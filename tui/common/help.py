"""Help: the keys of the screen underneath, then guidance in backtui's own words.

The text is Markdown drawn by Rich as one block, not Textual's Markdown widget: that widget mounts
a widget per paragraph, list item and table cell (about 160 here), which made ? take well over a
second to open.
"""

from __future__ import annotations

from importlib.resources import files

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from backtui.tui.common.footer import KeyFooter


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


class HelpText(Static):
    """Markdown as one widget; ``source`` keeps the text it shows."""

    def __init__(self, source: str, **kwargs) -> None:
        super().__init__(Markdown(source, inline_code_theme="ansi_dark"), **kwargs)
        self.source = source


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        guide = files("backtui").joinpath("data/guide.md").read_text(encoding="utf-8")
        with VerticalScroll(id="help-body"):
            title = self.underneath.title or self.app.title
            yield Static(f"Help · {title}", classes="screen-title")
            source = f"## Keys on this screen\n\n{_keys_table(self.underneath)}\n\n{guide}"
            yield HelpText(source, id="help-text")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
