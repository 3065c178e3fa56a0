"""config.toml: defaults, valid values, invalid values named by line and key, and rebinding."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

from fixed_time import at

from backtui.cli import main
from backtui.config import (
    DEFAULT_CONFIG,
    SETTINGS,
    load_config,
    problem_summary,
    save_theme,
    settings_table,
    write_default_config,
)
from backtui.keynames import DEFAULT_KEYS
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

    from backtui.timefmt import clock_time

    moment = at(2026, 11, 25, 18, 5)
    assert clock_time(moment, "12h") == "6:05 pm"
    assert clock_time(moment.replace(hour=0), "12h") == "12:05 am"
    assert clock_time(moment, "24h") == "18:05"
    assert clock_time(moment) == "18:05"


def _keys_config(tmp_path, lines: str):
    path = tmp_path / "config.toml"
    path.write_text(f"[keys]\n{lines}")
    return load_config(path)


def test_a_key_taken_from_an_action_left_at_its_default_is_refused(tmp_path):
    config = _keys_config(tmp_path, 'quit = "s"\n')
    assert config.keys == {}
    assert config.problems == [
        f"{tmp_path / 'config.toml'}, line 2, 'keys.quit': uses 's', which is already bound to "
        "start_session; keeping the default."
    ]


def test_ctrl_q_always_quits(tmp_path):
    taken = _keys_config(tmp_path, 'goto_plan = "ctrl+q"\n')
    assert taken.keys == {} and "'ctrl+q', which always quits" in taken.problems[0]
    moved = _keys_config(tmp_path, 'quit = "f10"\n')
    assert moved.problems == [] and moved.keys == {"quit": "f10,ctrl+q"}


def test_unknown_key_names_are_refused_and_known_ones_spelled_as_textual_does(tmp_path):
    config = _keys_config(
        tmp_path, 'goto_plan = "ctrl+shift+alt+zz"\ncheckin = "shift+ctrl+k, /"\nhelp = "Ctrl+H"\n'
    )
    assert config.keys == {"checkin": "ctrl+shift+k,slash"}
    text = "\n".join(config.problems)
    assert "line 2, 'keys.goto_plan': 'ctrl+shift+alt+zz' is not a key name" in text
    assert "line 4, 'keys.help': 'Ctrl+H' is not a key name" in text


def test_a_punctuation_key_clashes_with_its_name(tmp_path):
    config = _keys_config(tmp_path, 'goto_history = "?"\n')
    assert config.keys == {}
    assert "uses 'question_mark', which is already bound to help" in config.problems[0]


def test_actions_can_swap_keys_and_a_refusal_frees_nothing_it_did_not_own(tmp_path):
    swapped = _keys_config(tmp_path, 'start_session = "p"\ngoto_plan = "s"\n')
    assert swapped.problems == [] and swapped.keys == {"start_session": "p", "goto_plan": "s"}
    # goto_plan cannot take c, so it keeps p, which start_session then cannot have.
    cascade = _keys_config(tmp_path, 'start_session = "p"\ngoto_plan = "c"\n')
    assert cascade.keys == {}
    assert "already bound to checkin" in cascade.problems[0]
    assert "already bound to goto_plan" in cascade.problems[1]


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('bell = false\n' + "# padding\n" * 7000)
    config = load_config(path)
    assert config.bell is True
    assert config.problems == [
        f"{path}: is larger than 64 KiB, far more than settings need, so it was not read; "
        "using the defaults."
    ]


def test_many_unknown_lines_are_each_named_by_line_in_one_pass(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("".join(f"unknown_{n} = {n}\n" for n in range(2000)) + "bell = false\n")
    started = time.perf_counter()
    config = load_config(path)
    # Generous: checking line by line from the top for each problem took 16 s here.
    assert time.perf_counter() - started < 4
    assert len(config.problems) == 2000 and config.bell is False
    assert f"{path}, line 2000, 'unknown_1999'" in config.problems[-1]


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbfbell = false\ntheme = "nord"\n')
    config = load_config(path)
    assert config.problems == [] and config.bell is False and config.theme == "nord"


def test_an_unknown_theme_is_a_problem_and_the_default_is_used(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('bell = true\ntheme = "neon-pink"\n')
    config = load_config(path)
    assert config.theme == "textual-dark"
    assert f"{path}, line 2, 'theme': is not a theme backtui knows" in config.problems[0]


def test_plain_config_command_lists_problems_and_check_sets_the_exit_status(capsys):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('theme = "neon-pink"\n[keys]\nquit = "s"\n')
    assert main(["config"]) == 0
    shown = capsys.readouterr().out
    assert "'theme': is not a theme backtui knows" in shown and "'keys.quit': uses 's'" in shown
    assert main(["config", "--check"]) == 1
    assert "2 problem(s)" in capsys.readouterr().out
    config_path().write_text("bell = false\n")
    assert main(["config", "--check"]) == 0
    assert "no problems" in capsys.readouterr().out


def test_one_summary_for_many_problems():
    assert problem_summary(["only one"]) == "only one"
    summary = problem_summary([f"problem {n}" for n in range(5)])
    assert summary.startswith("config.toml has 5 problems")
    assert "• problem 2" in summary and "problem 3" not in summary and "2 more" in summary


def test_the_guide_shows_the_settings_table_made_from_the_code():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "user-guide.md").read_text()
    start = guide.index("| setting | values | default |")
    end = guide.index("\n\n", start)
    assert guide[start:end] == settings_table()


def test_the_written_file_names_every_setting_and_action():
    for setting in SETTINGS:
        assert f"{setting.name} = {setting.example}" in DEFAULT_CONFIG
    for action, key in DEFAULT_KEYS.items():
        assert f'# {action} = "{key}"' in DEFAULT_CONFIG


def test_did_you_know_is_on_by_default_and_can_be_turned_off(tmp_path):
    path = tmp_path / "config.toml"
    write_default_config(path)
    assert load_config(path).did_you_know is True
    path.write_text("did_you_know = false\n")
    config = load_config(path)
    assert config.did_you_know is False and config.problems == []
    path.write_text('did_you_know = "no"\n')
    config = load_config(path)
    assert config.did_you_know is True
    assert "line 1, 'did_you_know': must be true or false" in config.problems[0]


def test_figures_are_on_by_default_and_can_be_turned_off(tmp_path):
    path = tmp_path / "config.toml"
    write_default_config(path)
    assert load_config(path).figures is True
    path.write_text("figures = false\n")
    config = load_config(path)
    assert config.figures is False and config.problems == []
    path.write_text("figures = 0\n")
    config = load_config(path)
    assert config.figures is True
    assert "line 1, 'figures': must be true or false" in config.problems[0]
