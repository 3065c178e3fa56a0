"""Parsed styles kept between runs (tui/common/style_cache.py): a second start parses nothing,
and a file that is damaged, foreign or from another theme or Textual is never taken on trust."""

from __future__ import annotations

import os
import stat

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet

from backtui.paths import cache_dir
from backtui.tui.common import style_cache
from backtui.tui.common.style_cache import FILE_NAME, CachingStylesheet, StyleCache

CSS = "Label { color: $primary; background: $surface; }"


@pytest.fixture
def parsed(monkeypatch) -> list:
    """Where each source Textual really parses was read from (a kept source is not parsed)."""
    calls = []
    original = textual_stylesheet.parse

    def counted(scope, css, read_from, **kwargs):
        calls.append(read_from)
        return original(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    return calls


async def _start_and_settle(app, wait_for_workers) -> str:
    """Run the app until its other screens' styles are added and saved; then its rules."""
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            if app.screens_prepared:
                break
            await pilot.pause(0.05)
        assert app.screens_prepared
        await wait_for_workers(pilot)
        return _described(app.stylesheet)


def _described(sheet: Stylesheet) -> list:
    """Each rule set's selectors, origin and declarations (a layout is a new object each parse)."""
    return [
        (
            repr(rule.selector_set),
            rule.is_default_rules,
            rule.tie_breaker,
            sorted(rule.styles.important),
            {
                name: type(value).__name__ if name == "layout" else value
                for name, value in rule.styles.get_rules().items()
            },
        )
        for rule in sheet.rules
    ]


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def test_a_second_start_parses_no_style_and_gets_the_same_rules(
    make_test_app, wait_for_workers, parsed
):
    first = await _start_and_settle(make_test_app(), wait_for_workers)
    assert parsed  # nothing was kept yet
    kept = cache_dir() / FILE_NAME
    assert _mode(kept) == 0o600 and _mode(kept.parent) == 0o700
    parsed.clear()
    second = await _start_and_settle(make_test_app(), wait_for_workers)
    assert parsed == []
    assert second == first


async def test_a_damaged_file_is_parsed_past_and_replaced(make_test_app, wait_for_workers, parsed):
    kept = cache_dir() / FILE_NAME
    kept.parent.mkdir(parents=True, mode=0o700)
    kept.write_bytes(b"not a pickle at all")
    kept.chmod(0o600)
    await _start_and_settle(make_test_app(), wait_for_workers)
    assert parsed
    assert StyleCache.load().stored  # written again, whole


def _stylesheet(cache: StyleCache, primary: str) -> CachingStylesheet:
    sheet = CachingStylesheet(variables={"primary": primary, "surface": "#101010"}, cache=cache)
    sheet.add_source(CSS, read_from=("test.tcss", ""))
    return sheet


def _label_color(sheet: Stylesheet) -> str:
    return sheet.rules[0].styles.get_rules()["color"].hex


def _saved(tmp_path) -> StyleCache:
    cache = StyleCache.load(tmp_path)
    sheet = _stylesheet(cache, "#ff0000")
    sheet.parse()
    assert cache.save()
    return cache


def test_rules_kept_for_one_theme_are_not_used_for_another(tmp_path, parsed):
    _saved(tmp_path)
    parsed.clear()
    red = _stylesheet(StyleCache.load(tmp_path), "#ff0000")
    assert _label_color(red) == "#FF0000" and parsed == []
    blue = _stylesheet(StyleCache.load(tmp_path), "#0000ff")
    assert _label_color(blue) == "#0000FF" and parsed == [("test.tcss", "")]


def test_a_file_others_can_write_is_not_read(tmp_path):
    _saved(tmp_path)
    (tmp_path / FILE_NAME).chmod(0o666)
    assert StyleCache.load(tmp_path).stored == {}


def test_another_textual_parses_anew(tmp_path, parsed, monkeypatch):
    _saved(tmp_path)
    monkeypatch.setattr(style_cache, "_parser_stamp", lambda: b"another version")
    parsed.clear()
    _stylesheet(StyleCache.load(tmp_path), "#ff0000").parse()
    assert parsed == [("test.tcss", "")]


def test_nothing_new_writes_nothing(tmp_path):
    _saved(tmp_path)
    cache = StyleCache.load(tmp_path)
    _stylesheet(cache, "#ff0000").parse()
    assert cache.save() is False
