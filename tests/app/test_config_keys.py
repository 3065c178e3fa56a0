"""The core checks config.toml without Textual; these keep its key names and themes in step with
Textual's own, and its default keys with the front end's registry."""

from __future__ import annotations

import string

from textual.keys import Keys, _character_to_key
from textual.theme import BUILTIN_THEMES

from backtui.config import THEMES
from backtui.keynames import _NAMED_KEYS, DEFAULT_KEYS, MODIFIERS, normalise_key
from backtui.tui.actions import GLOBAL_ACTIONS


def test_default_keys_are_the_registry_keys():
    assert DEFAULT_KEYS == {a.id: a.key for a in GLOBAL_ACTIONS if a.key is not None}


def test_themes_are_textuals_built_in_themes():
    assert set(THEMES) == set(BUILTIN_THEMES)


def test_punctuation_is_named_as_textual_names_it():
    for character in string.punctuation:
        assert normalise_key(character) == _character_to_key(character)


def test_named_keys_are_textual_keys():
    textual_keys = {key.value for key in Keys}
    assert _NAMED_KEYS <= textual_keys


def test_modifiers_are_the_ones_textual_reports():
    # Textual sorts the modifiers of a key event alphabetically (textual._xterm_parser).
    assert list(MODIFIERS) == sorted(["shift", "alt", "ctrl", "super", "hyper", "meta"])
