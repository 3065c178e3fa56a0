"""Screens that are styled once, when their widgets mount, and again only when styles change."""

from __future__ import annotations

from textual import events
from textual.css.model import Selector
from textual.css.stylesheet import Stylesheet
from textual.message import Message
from textual.widget import Widget


class KeptStyles:
    """Mixin for a Screen (or ModalScreen) that skips Textual's redundant re-styling.

    Textual (8.2) re-applies every style to every widget of a screen each time it is shown: a
    pushed screen right after its widgets were styled as they mounted, a mode's screen on every
    switch to it. A mode's screen is even re-parsed: Textual notes a screen as up to date with
    the stylesheet only if it was mounted when the styles were refreshed, which a mode's screen
    never is. Measured on 10 years of history, that was 100–250 ms of each press of ``h``, and
    about half of the widgets styled when ``c`` or ``?`` opens (75 where 38 are new on ``c``).

    A screen is born up to date with the stylesheet, since its widgets are styled from it as they
    mount, and it skips the refresh when it is shown while still up to date. A theme change moves
    the app's count past the screen's; Textual then refreshes the screen as before.

    What depends on where the focus is needs care, because that full refresh used to cover it:
    Textual restyles for a focus change only below a widget whose own rules name
    ``:focus-within``, and a rule such as ``.field-row:focus-within .field-label`` belongs to the
    label, not the row. So a focus change here restyles the parents of the widgets that gained and
    lost the focus, with their children (a form's row and its label), and nothing deeper; and only
    a parent that such a rule names. Restyling every parent cost History's sections 14–31 of the
    32–64 stylings of a press, for rows no rule reads.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._css_update_count = self.app._css_update_count
        # Textual gives a screen its breakpoint classes when the screen's first Resize arrives,
        # after its widgets were styled, and then styles them all again. Born with its classes,
        # the Plan is styled once at start-up.
        self.add_class(*self.breakpoint_classes(*self.app.size), update=False)

    def breakpoint_classes(self, width: int, height: int) -> list[str]:
        """The classes Textual gives this screen at this size (``Screen._on_resize``)."""
        app = self.app
        horizontal = self.HORIZONTAL_BREAKPOINTS
        vertical = self.VERTICAL_BREAKPOINTS
        return [
            *self._get_breakpoint_classes(
                width, (app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal) or []
            ),
            *self._get_breakpoint_classes(
                height, (app.VERTICAL_BREAKPOINTS if vertical is None else vertical) or []
            ),
        ]

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and self.styles_current():
            message.refresh_styles = False
        return super().post_message(message)

    def set_focus(self, widget: Widget | None, *args, **kwargs) -> None:
        blurred = self.focused
        super().set_focus(widget, *args, **kwargs)
        nodes = [node for node in (widget, blurred) if node is not None and node.is_attached]
        rows = {node.parent for node in nodes} - {None}
        if rows:
            wrapping = focus_within_selectors(self.app.stylesheet)
            for row in rows:  # the row and what sits in it, not deeper
                if any(selector._check(row) for selector in wrapping):
                    self.app.stylesheet.update_nodes([row, *row.children], animate=False)

    def styles_current(self) -> bool:
        """Whether no style has changed since this screen's widgets were styled."""
        return self._css_update_count == self.app._css_update_count


def focus_within_selectors(stylesheet: Stylesheet) -> list[Selector]:
    """The selector parts that carry ``:focus-within`` (``.field-row`` in
    ``.field-row:focus-within .field-label``): only a row they name has styles that follow the
    focus inside it."""
    return [
        selector
        for rule in stylesheet.rules
        if "focus-within" in rule.pseudo_classes
        for selector_set in rule.selector_set
        for selector in selector_set.selectors
        if "focus-within" in selector.pseudo_classes
    ]
