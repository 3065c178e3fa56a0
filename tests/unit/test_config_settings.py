"""config.toml carried into the stored settings (backtui.db.settings.apply_config_settings)."""

from __future__ import annotations

from backtui.config import load_config
from backtui.db.settings import apply_config_settings, get_setting, set_setting


def _apply(tmp_path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    apply_config_settings(load_config(path))


def test_each_edit_applies_once_and_a_later_change_in_the_app_stays(database, tmp_path):
    _apply(tmp_path, 'weekly_target = 5\nbell = false\nweek_start = "sunday"\n')
    assert get_setting("weekly_target") == 5
    assert get_setting("bell") is False
    assert get_setting("week_start") == 6
    set_setting("weekly_target", 2)  # changed in the app afterwards
    _apply(tmp_path, 'weekly_target = 5\nbell = false\nweek_start = "sunday"\n')
    assert get_setting("weekly_target") == 2  # the same file does not undo it
    _apply(tmp_path, 'weekly_target = 4\nbell = false\nweek_start = "sunday"\n')
    assert get_setting("weekly_target") == 4  # an edit of the file does


def test_a_deleted_line_gives_back_the_default_except_the_weekly_target(database, tmp_path):
    _apply(tmp_path, 'weekly_target = 5\nbell = false\nweek_start = "sunday"\n')
    _apply(tmp_path, "")
    assert get_setting("bell") is True
    assert get_setting("week_start") == 0
    assert get_setting("weekly_target") == 5  # the programme's target is left as it is
    assert get_setting("config_applied") == {"bell": True, "week_start": 0}


def test_a_file_without_those_settings_writes_nothing(database, tmp_path):
    _apply(tmp_path, 'theme = "nord"\n')
    assert get_setting("config_applied") is None
    assert get_setting("bell") is None
