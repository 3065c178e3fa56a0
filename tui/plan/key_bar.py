"""The Plan screen's own keys, shown as a footer line above the app's footer.

The Plan has more keys than one footer line holds at 80 columns, so its keys get their own line
(wrapped onto a second one when narrow), and the app footer below keeps the global keys. It reads
the screen's BINDINGS, so a key is listed exactly when it works: bindings whose ``check_action``
says False are left out, as in Textual's own footer.
"""

from __future__ import annotations

from rich.text import Text
from textual.actions import parse
from textual.binding import Binding

from backtui.tui.common.packed import PackedItems


class PlanKeyBar(PackedItems):
    DEFAULT_CSS = """
    PlanKeyBar {
        height: auto;
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    PlanKeyBar > .plan-keys--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"plan-keys--key"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh_keys())

    def refresh_keys(self) -> None:
        self.refresh(layout=True)

    def entries(self) -> list[tuple[str, str]]:
        """(keys, label) for each shown action of the screen, grouped bindings joined."""
        screen = self.screen
        shown: dict[str, tuple[list[str], str]] = {}
        for binding in Binding.make_bindings(getattr(screen, "KEY_BAR", ())):
            _namespace, name, params = parse(binding.action)
            if screen.check_action(name, params) is False:
                continue
            label = binding.group.description if binding.group else binding.description
            key = binding.group.description if binding.group else binding.action
            keys, _ = shown.setdefault(key, ([], label))
            display = self.app.get_key_display(binding)
            if display not in keys:
                keys.append(display)
        return [(" ".join(keys), label) for keys, label in shown.values()]

    def _items(self) -> list[Text]:
        style = self.get_component_rich_style("plan-keys--key")
        items = []
        for keys, label in self.entries():
            item = Text(keys, style=style)
            item.append(f" {label}")
            items.append(item)
        return items
