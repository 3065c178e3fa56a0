"""The command palette, safe against page keys pressed before its list has been laid out."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

# Textual's OptionList pages by the line positions it measures at layout. Between the list
# receiving its commands and its first layout (a few milliseconds), it has no lines, and page up
# or down raised KeyError in OptionList._move_page, closing the app.
PAGE_MOVES = frozenset({"page_up", "page_down"})


class SafeCommandPalette(CommandPalette):
    """The palette every part of backtui opens (commands and themes)."""

    def _action_command_list(self, action: str) -> None:
        if action in PAGE_MOVES and not self.query_one(CommandList).scrollable_content_region:
            return  # nothing is drawn yet to page through; the next key works as usual
        super()._action_command_list(action)
