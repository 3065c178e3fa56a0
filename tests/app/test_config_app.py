"""config.toml as the app reads it at start."""

from __future__ import annotations

from backtui.db.settings import get_setting
from backtui.plan.weekly import set_weekly_target, weekly_target


async def test_config_edits_apply_once_and_app_changes_stick(make_test_app, tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text("weekly_target = 5\nbell = false\n")
    make_test_app(config_file=config_file)
    assert weekly_target() == 5 and get_setting("bell") is False
    set_weekly_target(2)  # changed in the app afterwards
    make_test_app(config_file=config_file)
    assert weekly_target() == 2  # the unchanged file does not revert it
    config_file.write_text("weekly_target = 4\n")  # edited again; bell line deleted
    make_test_app(config_file=config_file)
    assert weekly_target() == 4 and get_setting("bell") is True
