"""Results of background work for a screen that may have closed meanwhile.

A thread worker cannot be stopped: when the person closes a screen while its read or write is on
its way, the result still comes back. ``while_shown`` wraps the method that receives it, so a
closed screen (or a widget no longer in it) ignores the result instead of looking up widgets that
are gone (``NoMatches``) and ending the app.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from textual.dom import DOMNode

Handler = TypeVar("Handler", bound=Callable[..., Any])


def is_shown(node: DOMNode) -> bool:
    """The node is still in the app's DOM (its screen has not been closed)."""
    return node.is_attached and not node._closing and not node._closed


def while_shown(method: Handler) -> Handler:
    """Run ``method`` only while its node is still in the app's DOM."""

    @wraps(method)
    def handler(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
        if not is_shown(self):
            return None
        return method(self, *args, **kwargs)

    return handler  # type: ignore[return-value]


def dismiss_if_shown(screen: Any, result: Any = None) -> None:
    """Close ``screen`` with ``result`` from a worker's answer, unless it was closed already."""
    if is_shown(screen):
        screen.dismiss(result)
