"""The base of the screens that are the app's modes (Plan and History)."""

from __future__ import annotations

from textual.screen import Screen


class ModeScreen(Screen):
    """A mode's screen, marked as styled by the stylesheet it is born under.

    Textual (8.2) re-parses and re-applies the whole stylesheet when a mode's screen is first
    shown, and then again on every switch to that mode, because it notes a screen as up to date
    only if the screen was already mounted when the styles were refreshed; a mode's screen is not
    yet. With every screen's styles loaded (tui/prepare.py) that refresh took 100–250 ms of each
    press of ``h``. A new screen's widgets are styled from the current stylesheet as they mount,
    so it starts up to date. A theme change still counts: it moves the app's count past this one,
    and the next switch here refreshes as before.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._css_update_count = self.app._css_update_count
