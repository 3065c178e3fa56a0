"""Cleaning free text the person types (notes, activity names) before it is stored.

Stored text is later printed to a terminal and exported, so it must never carry escape sequences
or other control characters: a stray ESC could move the cursor, change colours or worse when shown
raw. Such text is refused with a clear message rather than silently changed, so what the person
sees is what is saved. Line endings are the one exception: CR LF and lone CR become LF.
"""

from __future__ import annotations

import unicodedata

# Characters that reorder how text is displayed ("bidi" overrides and isolates): they can make a
# stored note read differently from what was typed, so they are refused as well.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class TextError(ValueError):
    """Text that cannot be stored; the message says why in plain words."""


def _describe(char: str) -> str:
    if char == "\x1b":
        return "an escape character (ESC)"
    name = unicodedata.name(char, "")
    label = f"U+{ord(char):04X}"
    return f"a control character ({label} {name})" if name else f"a control character ({label})"


def clean_text(
    text: object,
    *,
    what: str = "Text",
    max_length: int = 2000,
    multiline: bool = True,
) -> str:
    """Return ``text`` with line endings normalised and outer whitespace trimmed.

    Raises TextError when the text is not a string, holds a control character (C0 other than
    tab and newline, DEL, C1), a display-reordering character, an unpaired surrogate, or is longer
    than ``max_length`` characters after trimming.
    """
    if not isinstance(text, str):
        raise TextError(f"{what} must be text.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    allowed = {"\t", "\n"} if multiline else set()
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" and char not in allowed:
            if char == "\n":
                raise TextError(f"{what} must fit on one line.")
            raise TextError(
                f"{what} contains {_describe(char)}, which cannot be saved. "
                "Remove it and try again."
            )
        if char in _BIDI_CONTROLS:
            raise TextError(
                f"{what} contains a character that changes text direction "
                f"(U+{ord(char):04X}), which cannot be saved. Remove it and try again."
            )
        if category == "Cs":
            raise TextError(f"{what} contains a broken character (U+{ord(char):04X}).")
    text = text.strip()
    if len(text) > max_length:
        raise TextError(
            f"{what} is {len(text):,} characters long; the limit is {max_length:,}. "
            "Shorten it and try again."
        )
    return text


def without_controls(text: str) -> str:
    """``text`` without the characters ``clean_text`` refuses (tabs and line breaks stay).

    For text pasted into a field: an escape code in it would otherwise reach the terminal raw as
    soon as the field shows it, before anything is saved.
    """
    return "".join(
        char
        for char in text
        if char in "\t\n\r"
        or (unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_CONTROLS)
    )


def sentence(text: str) -> str:
    """``text`` ending in exactly one full stop, even when it ends with a path or a message that
    already has one ("… (ended_early)." never becomes "… (ended_early)..")."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
