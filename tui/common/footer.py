"""The key footer every main screen shows, drawn as one line of text.

Textual's Footer mounts a widget per key and rebuilds them all whenever a screen's bindings may
have changed: on focus moves, on ``refresh_bindings()`` and on screen changes, often several times
for one key press. Measured on the common keys, those rebuilds were a third to a half of a press's
work (each key widget is mounted, styled and laid out). This footer lists the same keys, in the
same order and groups, with the same theme colours, but it is a single widget that only repaints:
a change of keys costs one line of text.

A key is still a click target: a mouse press on it presses the key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

PALETTE_RULE = "▏"  # the thin rule before the command palette's key, as Textual draws it


class FooterEntry(NamedTuple):
    """One key as the footer lists it."""

    key: str  # what a click presses
    display: str  # how the key is written ("1-6", "^p")
    description: str  # "" for a key of a group, whose label follows the group
    enabled: bool
    grouped: bool = False  # one of a group of keys that share one label
    group_label: str = ""  # set on the last key of a group: the group's description


class KeyFooter(Widget, can_focus=False):
    """The screen's keys on one line: key in bold, then what it does; the palette key on the
    right. Keys that are shown but do not work now are dimmed, as Textual's footer does."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--rule"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        overflow: hidden hidden;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--rule {
            color: $foreground 20%;
        }
    }
    """

    compact = reactive(False, toggle_class="-compact")
    show_command_palette = reactive(True)

    def __init__(
        self,
        *,
        compact: bool = False,
        show_command_palette: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(KeyFooter.compact, compact)
        self.set_reactive(KeyFooter.show_command_palette, show_command_palette)
        self.set_class(compact, "-compact", update=False)
        self._targets: list[tuple[int, int, FooterEntry]] = []  # columns of each key, for clicks
        self._wanted = 0  # columns the keys need; more than the width means some are cut off

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    # What it lists ---------------------------------------------------------------------------

    def entries(self) -> list[FooterEntry]:
        """The keys listed, left to right, without the palette key (Textual's footer order:
        the first binding of each action; a group of two or more keys shares one label)."""
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        listed: list[FooterEntry] = []
        for group, members in groupby(by_action.values(), lambda found: found[0][0].group):
            members = list(members)
            grouped = group is not None and len(members) > 1
            for position, found in enumerate(members):
                binding, enabled, _ = found[0]
                last_of_group = grouped and position == len(members) - 1
                listed.append(
                    FooterEntry(
                        key=binding.key,
                        display=self.app.get_key_display(binding),
                        description="" if grouped else binding.description,
                        enabled=enabled,
                        grouped=grouped,
                        group_label=group.description if last_of_group and group else "",
                    )
                )
        return listed

    def palette_entry(self) -> FooterEntry | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _, binding, enabled, _ = found
        return FooterEntry(
            binding.key, self.app.get_key_display(binding), binding.description, enabled
        )

    @property
    def cut_off(self) -> bool:
        """Whether the last drawing had more keys than room."""
        return self._wanted > self.size.width

    # Drawing ---------------------------------------------------------------------------------

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        targets: list[tuple[int, int, FooterEntry]] = []
        for text, entry in self._pieces(self.entries(), key_style, description_style):
            start = len(line)
            line.append_text(text)
            if entry is not None:
                targets.append((start, len(line), entry))
        palette = self.palette_entry()
        width = self.size.width
        self._wanted = len(line)
        if palette is not None:
            tail = Text.assemble(
                (PALETTE_RULE, self.get_component_rich_style("footer-key--rule")),
                *self._key_text(palette, key_style, description_style, in_group=False),
            )
            if not self.compact:
                tail.append(" ")
            self._wanted += len(tail)
            room = max(0, width - len(tail))
            line.truncate(room, pad=True)
            targets = [(a, min(b, room), entry) for a, b, entry in targets if a < room]
            targets.append((room, room + len(tail), palette))
            line.append_text(tail)
        self._targets = targets
        return line

    def _pieces(
        self, entries: list[FooterEntry], key_style: Style, description_style: Style
    ) -> Iterator[tuple[Text, FooterEntry | None]]:
        """Each key's text, with the gaps and group labels between them (Textual's spacing)."""
        in_group = False
        for entry in entries:
            if entry.grouped and not in_group:
                in_group = True
                if self.compact:
                    yield Text(" "), None  # a compact group starts one column in
            pieces = self._key_text(entry, key_style, description_style, entry.grouped)
            yield Text.assemble(*pieces), entry
            if entry.group_label:
                in_group = False
                yield Text(" "), None
                yield Text(entry.group_label, style=description_style), None
                yield Text(" "), None
            elif self.compact and not entry.grouped:
                yield Text(" "), None

    def _key_text(
        self, entry: FooterEntry, key_style: Style, description_style: Style, in_group: bool
    ) -> list[tuple[str, Style]]:
        dim = Style(dim=True) if not entry.enabled else Style()
        if in_group:  # the group's keys side by side ("n b Pages"), compact ones touching
            gap = "" if self.compact else " "
            return [(f"{gap}{entry.display}", key_style + dim)]
        if self.compact:
            key = (entry.display, key_style + dim)
            description = (f" {entry.description}", description_style + dim)
        else:
            key = (f" {entry.display} ", key_style + dim)
            description = (f"{entry.description} ", description_style + dim)
        return [key, description] if entry.description else [key]

    # Clicks ----------------------------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, entry in self._targets:
            if start <= event.x < end:
                if entry.enabled:
                    self.app.simulate_key(entry.key)
                else:
                    self.app.bell()
                return
