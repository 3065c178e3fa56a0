"""Key names for config.toml's [keys] table: which names Textual understands, and which rebindings
can be used without taking a key from another global action.

The core never imports Textual, so the names are spelled out here the way Textual spells them
(textual.keys); tests/app/test_config_keys.py checks them against Textual itself.
"""

from __future__ import annotations

import string
from typing import NamedTuple

# The global actions that can be rebound and their default keys, as in the front end's registry
# (backtui.tui.actions); a test keeps the two in step.
DEFAULT_KEYS: dict[str, str] = {
    "goto_plan": "p",
    "start_session": "s",
    "checkin": "c",
    "goto_history": "h",
    "learn": "l",
    "help": "question_mark,f1",
    "command_palette": "ctrl+p",
    "quit": "ctrl+q",
}
REBINDABLE = tuple(DEFAULT_KEYS)
# ctrl+q always quits, whatever the file says: a config can never leave backtui without a way out.
QUIT_KEY = "ctrl+q"

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")  # Textual's names, sorted as it does
_NAMED_KEYS = {
    "escape", "enter", "return", "tab", "space", "backspace", "delete", "insert",
    "home", "end", "pageup", "pagedown", "up", "down", "left", "right",
    *(f"f{number}" for number in range(1, 25)),
}  # fmt: skip
# What Textual calls each ASCII punctuation key: the character's Unicode name in lower case with
# underscores, or a friendlier name for some (textual.keys.KEY_NAME_REPLACEMENTS). Spelled out
# rather than looked up in unicodedata at import, which would read its name tables (0.4 MiB) at
# every start; tests/app/test_config_keys.py checks the table against Textual itself.
_PUNCTUATION = {
    "!": "exclamation_mark", '"': "quotation_mark", "#": "number_sign", "$": "dollar_sign",
    "%": "percent_sign", "&": "ampersand", "'": "apostrophe", "(": "left_parenthesis",
    ")": "right_parenthesis", "*": "asterisk", "+": "plus", ",": "comma", "-": "minus",
    ".": "full_stop", "/": "slash", ":": "colon", ";": "semicolon", "<": "less_than_sign",
    "=": "equals_sign", ">": "greater_than_sign", "?": "question_mark", "@": "at",
    "[": "left_square_bracket", "\\": "backslash", "]": "right_square_bracket",
    "^": "circumflex_accent", "_": "underscore", "`": "grave_accent", "{": "left_curly_bracket",
    "|": "vertical_line", "}": "right_curly_bracket", "~": "tilde",
}  # fmt: skip
_BASE_KEYS = _NAMED_KEYS | set(_PUNCTUATION.values()) | set(string.ascii_letters + string.digits)


def normalise_key(key: str) -> str | None:
    """``key`` as Textual matches it (modifiers in its order, punctuation by name), or None when it
    is not a key Textual knows: "?" gives "question_mark", "shift+ctrl+x" gives "ctrl+shift+x"."""
    text = key.strip()
    if text == "+" or text.endswith("++"):  # the plus key itself, perhaps with modifiers
        modifiers, base = (text[:-2].split("+") if text != "+" else []), "+"
    else:
        *modifiers, base = text.split("+")
    base = _PUNCTUATION.get(base, base)
    if base not in _BASE_KEYS:
        return None
    if len(set(modifiers)) != len(modifiers) or not set(modifiers) <= set(MODIFIERS):
        return None
    return "+".join([*sorted(modifiers), base])


class Clash(NamedTuple):
    """A rebinding refused because another action keeps the key."""

    action: str
    key: str
    other: str  # the action that keeps the key


def resolve_clashes(chosen: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[Clash]]:
    """Refuse rebindings that take a key another action keeps, in file order; a refused action
    goes back to its default keys, which may in turn push out a later rebinding. Returns the
    rebindings kept and the clashes found. At most one pass per action, each linear in the keys."""
    kept = dict(chosen)
    clashes: list[Clash] = []
    while True:
        clash = _first_clash(kept)
        if clash is None:
            return kept, clashes
        clashes.append(clash)
        del kept[clash.action]


def _first_clash(chosen: dict[str, list[str]]) -> Clash | None:
    owner = {QUIT_KEY: "quit"}
    for action, keys in DEFAULT_KEYS.items():
        if action not in chosen:
            owner.update((key, action) for key in keys.split(","))
    for action, keys in chosen.items():
        for key in keys:
            if owner.setdefault(key, action) != action:
                return Clash(action, key, owner[key])
    return None


def with_quit_key(action: str, keys: list[str]) -> list[str]:
    """The keys to bind for ``action``: quit always keeps ctrl+q as well as any keys given."""
    if action == "quit" and QUIT_KEY not in keys:
        return [*keys, QUIT_KEY]
    return keys
