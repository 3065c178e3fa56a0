"""Getting the other screens ready while the person reads the Plan.

The screens behind h, c, s and ? are imported when first opened, so that start-up never pays for
them. Left at that, the first press of each paid instead: importing its modules (History's chart
brings plotext, about 200 ms), then re-parsing the whole stylesheet once for the screen's own
``.tcss`` file and again for each new widget's default styles (about 50 ms a time).

Once the Plan shows today's exercises and the app has been idle a moment, ``prepare_screens``
imports those modules on a thread, then adds their styles to the app's stylesheet and parses it
once, on the UI thread. A screen opened later finds its styles already there, so nothing is parsed
again. Every screen still reads its data when it opens. The screens built ahead (History,
``AfterStart._build_history_ahead``; the check-in and the session, ``screens_ahead.py``) read
as they are shown.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

# The modules behind the common keys (History, check-in, help, live session, Learn), and the
# widget modules their screens mount.
MODULES = (
    "backtui.tui.history.screen",
    "backtui.tui.history.chart_plot",  # and textual_plotext under it
    "backtui.tui.checkin.screen",
    "backtui.tui.common.help",
    "backtui.tui.session.screen",
    "textual_hires_canvas",  # the session's moving figure, and numpy under it (about 100 ms)
    "backtui.tui.learn.screen",
    "textual.widgets._markdown",
    "textual.widgets._tabbed_content",
)


def import_screens() -> None:
    """Import the modules of the screens the common keys open (safe on a thread)."""
    for name in MODULES:
        importlib.import_module(name)


def _subclasses(root: type) -> list[type]:
    found, stack = [], [root]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                stack.append(sub)
    return found


def _default_css(widget_class: type[DOMNode]):
    """The default styles Textual adds when a widget of this class is first mounted.

    The same sources, locations, tie-breakers and scopes as ``DOMNode._get_default_css``, so that
    adding them again at mount finds them present and parses nothing.
    """
    for tie_breaker, base in enumerate(widget_class._css_bases(widget_class)):
        css = base.__dict__.get("DEFAULT_CSS", "")
        if not css:
            continue
        try:
            location = (inspect.getfile(base), f"{base.__name__}.DEFAULT_CSS")
        except (TypeError, OSError):
            location = ("", f"{base.__name__}.DEFAULT_CSS")
        scope = base._css_type_name if base.__dict__.get("SCOPED_CSS", True) else ""
        yield location, css, -tie_breaker, scope


def _screen_css_paths(screen_class: type[Screen]) -> list[Path]:
    """The resolved ``CSS_PATH`` files of a screen class, as a screen instance computes them."""
    paths = screen_class.CSS_PATH
    if not paths:
        return []
    folder = Path(inspect.getfile(screen_class)).parent
    listed = [paths] if isinstance(paths, str | Path) else list(paths)
    return [(folder / path).resolve() for path in listed]


def add_styles(app: App) -> bool:
    """Add every loaded widget's and backtui screen's styles to the app's stylesheet, then parse
    it once (UI thread). Returns whether anything was added."""
    stylesheet: Stylesheet = app.stylesheet
    before = len(stylesheet.source)
    for widget_class in _subclasses(Widget):
        for location, css, tie_breaker, scope in _default_css(widget_class):
            stylesheet.add_source(
                css, read_from=location, is_default_css=True, tie_breaker=tie_breaker, scope=scope
            )
        if issubclass(widget_class, Screen) and widget_class.__module__.startswith("backtui."):
            for path in _screen_css_paths(widget_class):
                if not stylesheet.has_source(str(path), "") and path.is_file():
                    stylesheet.read(path)
    if len(stylesheet.source) == before:
        return False
    stylesheet.reparse()
    stylesheet.update(app)
    return True
