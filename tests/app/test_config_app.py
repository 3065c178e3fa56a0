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


async def test_many_problems_make_one_notice(make_test_app, tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text("".join(f"unknown_{n} = {n}\n" for n in range(2000)))
    app = make_test_app(config_file=config_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert len(messages) == 1
    assert messages[0].startswith("config.toml has 2000 problems")
    assert "line 1, 'unknown_0'" in messages[0] and "backtui config" in messages[0]


async def test_an_unknown_theme_is_one_notice_and_the_default_theme_is_used(
    make_test_app, tmp_path
):
    config_file = tmp_path / "config.toml"
    config_file.write_text('theme = "neon-pink"\n')
    app = make_test_app(config_file=config_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert app.theme == "textual-dark"
    assert len(messages) == 1 and "line 1, 'theme': is not a theme backtui knows" in messages[0]


async def test_ctrl_q_still_quits_when_quit_is_given_another_key(make_test_app, tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text('[keys]\nquit = "f10"\ngoto_plan = "ctrl+q"\n')
    app = make_test_app(config_file=config_file)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
