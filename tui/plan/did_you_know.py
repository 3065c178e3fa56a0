"""The Plan's "did you know" line: one short fact from the Learn pages, a different one each day.

Always one line: the facts are written to fit 80 columns, and the hint naming the Learn key is
added only where it fits too. Turned off with ``did_you_know = false`` in config.toml.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

PREFIX = "Did you know? "
HINT = "  l: more in Learn"


class DidYouKnow(Widget):
    DEFAULT_CSS = """
    DidYouKnow {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="did-you-know")
        self.text = ""

    def on_mount(self) -> None:
        if not self.app.config.did_you_know:
            self.display = False
            return
        # Read once the Plan's first frame is out: that frame waits only for today's exercises.
        self.call_after_refresh(self._read_line)

    def _read_line(self) -> None:
        from backtui.learn import did_you_know  # lazy: it parses the Learn pages

        self.text = did_you_know(self.app.now().date()).text
        self.refresh()

    def render(self) -> Text:
        line = Text(PREFIX, style="bold")
        line.append(self.text)
        if line.cell_len + len(HINT) <= self.content_size.width:
            line.append(HINT, style="dim")
        return line
