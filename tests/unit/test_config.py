"""config.toml: defaults, valid values, invalid values named by line and key, and rebinding."""

from __future__ import annotations

import tomllib

from backtui.cli import main
from backtui.config import DEFAULT_CONFIG, load_config, save_theme, write_default_config
from backtui.paths import config_path


def test_missing_file_gives_defaults(tmp_path):
    config = load_config(tmp_path / "none.toml")
    assert config.theme == "textual-dark" and config.bell is True
    assert config.weekly_target is None and config.week_start == 0 and config.problems == []


def test_default_file_parses_to_the_defaults(tmp_path):
    path = tmp_path / "config.toml"
    assert write_default_config(path)
    tomllib.loads(path.read_text())
    config = load_config(path)
    assert config.problems == [] and config.keys == {} and config.theme == "textual-dark"
    assert not write_default_config(path)  # never replaces
    assert (path.stat().st_mode & 0o777) == 0o600


def test_valid_values_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\nbell = false\nweekly_target = 4\nweek_start = "Sunday"\n'
        'time_format = "12h"\n[keys]\ngoto_plan = "f2"\ncheckin = "k, f3"\n'
    )
    config = load_config(path)
    assert config.problems == []
    assert (config.theme, config.bell, config.weekly_target) == ("nord", False, 4)
    assert config.week_start == 6 and config.time_format == "12h"
    assert config.keys == {"goto_plan": "f2", "checkin": "k,f3"}


def test_each_bad_value_is_named_by_line_and_key_and_falls_back(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '# mine\nbell = "loud"\nweekly_target = 12\nweek_start = "someday"\ncolour = 1\n'
        '[keys]\nfly = "f"\ngoto_plan = ""\n'
    )
    config = load_config(path)
    assert config.bell is True and config.weekly_target is None and config.week_start == 0
    text = "\n".join(config.problems)
    assert f"{path}, line 2, 'bell'" in text
    assert "line 3, 'weekly_target'" in text
    assert "line 4, 'week_start'" in text
    assert "line 5, 'colour'" in text and "unknown setting" in text
    assert "line 7, 'keys.fly'" in text
    assert "line 8, 'keys.goto_plan'" in text
    assert config.keys == {}


def test_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nbell = = true\n')
    config = load_config(path)
    assert config.theme == "textual-dark"
    assert "line 2" in config.problems[0]


def test_a_key_bound_twice_keeps_the_default(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\ngoto_plan = "x"\ngoto_history = "x"\n')
    config = load_config(path)
    assert config.keys == {"goto_plan": "x"}
    assert "already bound to goto_plan" in config.problems[0]


def test_save_theme_keeps_comments(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(DEFAULT_CONFIG)
    save_theme(path, "gruvbox")
    text = path.read_text()
    assert 'theme = "gruvbox"' in text and "# Ring the terminal bell" in text
    assert load_config(path).theme == "gruvbox"
    fresh = tmp_path / "new" / "config.toml"
    save_theme(fresh, "nord")
    assert load_config(fresh).theme == "nord"


def test_config_init_command(capsys):
    assert main(["config", "--init"]) == 0
    assert config_path().exists()
    assert main(["config", "--init"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_twelve_hour_clock():
    from datetime import datetime

    from backtui.timefmt import clock_time

    moment = datetime(2026, 11, 25, 18, 5)
    assert clock_time(moment, "12h") == "6:05 pm"
    assert clock_time(moment.replace(hour=0), "12h") == "12:05 am"
    assert clock_time(moment, "24h") == "18:05"
    assert clock_time(moment) == "18:05"
