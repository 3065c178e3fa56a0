"""The key footer every screen shows: Textual's Footer, redrawn only when its keys change.

Textual's Footer rebuilds all its keys each time a screen's bindings may have changed: on focus
moves, on ``refresh_bindings()`` and on screen changes, often several times for one key press.
Each rebuild mounts and styles a widget per key (about 30 ms for a dozen keys here), so switching
a History section cost a quarter of a second in footers alone. This one waits for the refresh,
then rebuilds once, and only if what it would list differs from what it shows.

Each key it mounts also starts with the class its ``compact`` default gives it, so that setting
that default at mount does not style it once more.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """A drop-in Footer that skips rebuilds which would show the same keys."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rebuild_pending = False
        self._listed: tuple | None = None

    def _keys(self) -> tuple:
        """What compose would list: each shown binding, whether it works, and its tooltip."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._listed = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):  # the class its compact default adds at mount
                widget.set_class(widget.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached or self._keys() == self._listed:
            return
        await self.recompose()
