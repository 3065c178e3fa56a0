"""config.toml: the person's preferences and key bindings.

One table, SETTINGS, says each setting's name, default, allowed values and check. The loader, the
commented file `backtui config --init` writes and the table in docs/user-guide.md are all made from
it (a test compares the guide with settings_table()), so they cannot drift apart.

An invalid file never stops the app: every problem is reported with its line and key, and the
defaults are used for what was wrong.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import NamedTuple

from backtui.keynames import (
    DEFAULT_KEYS,
    QUIT_KEY,
    REBINDABLE,
    normalise_key,
    resolve_clashes,
    with_quit_key,
)

__all__ = ["REBINDABLE", "SETTINGS", "Config", "load_config", "save_theme", "write_default_config"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_FORMATS = ("24h", "12h")
# Textual's built-in themes (textual.theme.BUILTIN_THEMES), so `backtui config` can check the
# theme without loading Textual; tests/app/test_config_keys.py keeps the two in step.
THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
    "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki",
    "gruvbox", "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon",
    "solarized-dark", "solarized-light", "textual-dark", "textual-light", "tokyo-night",
)  # fmt: skip
# Settings take a few hundred bytes; a far larger file is a mistake, and reading it would only
# delay the first screen.
MAX_BYTES = 64 * 1024
SUMMARY_LINES = 3  # problems quoted in the app's one notice; `backtui config` lists them all


def _theme(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a theme name in quotes.")
    if value.strip() not in THEMES:
        raise ValueError(f"is not a theme backtui knows; choose from {', '.join(THEMES)}.")
    return value.strip()


def _true_or_false(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false.")
    return value


def _weekly_target(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
        return value
    raise ValueError("must be a whole number of sessions from 1 to 7.")


def _week_start(value: object) -> int:
    if isinstance(value, str) and value.lower() in WEEKDAYS:
        return WEEKDAYS.index(value.lower())
    raise ValueError(f"must be one of {', '.join(WEEKDAYS)}.")


def _time_format(value: object) -> str:
    if value in TIME_FORMATS:
        return str(value)
    raise ValueError('must be "24h" or "12h".')


class Setting(NamedTuple):
    """One key of config.toml: how it is checked, and how the guide and the template describe it."""

    name: str
    check: Callable[[object], object]  # the value for Config, or ValueError saying what is allowed
    example: str  # as written in the file: the default, or an example when there is no default
    values: str  # what may be given, for the guide
    default: str  # the default, for the guide
    comment: str  # above the line in the file `backtui config --init` writes
    applied_once: bool = False  # carried into the stored settings when the file changes it
    commented_out: bool = False  # written as a comment: leaving it out has its own meaning


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "theme", _theme, '"textual-dark"', "a theme name in quotes", '`"textual-dark"`',
        'Colour theme: any Textual theme, e.g. "textual-dark", "textual-light", "nord", '
        '"gruvbox",\nor "ansi-dark" / "ansi-light" to follow your terminal\'s own colours.\n'
        'Changing the theme in the app (ctrl+p, "Switch theme") updates this line.',
    ),
    Setting(
        "bell", _true_or_false, "true",
        "`true` or `false`: ring at the end of each hold and rest", "`true`",
        "Ring the terminal bell at the end of each hold and rest.", applied_once=True,
    ),
    Setting(
        "weekly_target", _weekly_target, "3", "1 to 7 sessions a week", "your programme's target",
        "Sessions you aim for each week (1-7). A change here applies at the next start; the Plan\n"
        "screen can change the target too. Leave it out to keep the target of your programme.",
        applied_once=True, commented_out=True,
    ),
    Setting(
        "week_start", _week_start, '"monday"',
        '`"monday"` … `"sunday"`: when weeks begin, for the target and streaks', '`"monday"`',
        "The day your week starts, for weekly targets and streaks.", applied_once=True,
    ),
    Setting(
        "time_format", _time_format, '"24h"',
        '`"24h"` or `"12h"`: how clock times are shown, in the app and the report', '`"24h"`',
        'How clock times are shown: "24h" or "12h".',
    ),
    Setting(
        "did_you_know", _true_or_false, "true",
        '`true` or `false`: a short line about back pain on the Plan, a new one each day', "`true`",
        'Show a short "did you know" line about back pain on the Plan, a different one each day.',
    ),
    Setting(
        "figures", _true_or_false, "true",
        "`true` or `false`: draw each exercise as a figure that moves at its pace", "`true`",
        "Draw each exercise as a figure: its positions on its page, and in the live session a\n"
        "figure that moves at the exercise's pace.",
    ),
)  # fmt: skip
_BY_NAME = {setting.name: setting for setting in SETTINGS}
KNOWN = (*_BY_NAME, "keys", "reminders", "database")


# --- [database]: where the record lives, when not the default file ------------------------------

DATABASE_TEXT = """\
# Where your record lives, when not in the default file: a path, or a PostgreSQL database
# shared by your machines (docs/multi-device.md). --db and BACKTUI_DB come first. Keep the
# password out of this file: PostgreSQL reads it from ~/.pgpass or PGPASSWORD.
[database]
# url = "postgresql://alex@db.home.lan/backtui?sslmode=verify-full"
"""


def _read_database(table: object, config: Config, problem: Callable[..., None]) -> None:
    if not isinstance(table, dict):
        problem("database", "must be a [database] table with a url line.")
        return
    for key in table.keys() - {"url"}:
        problem(key, "unknown setting; the known one is url.", "database")
    url = table.get("url")
    if url is None:
        return
    if not isinstance(url, str) or not url.strip():
        # The value is never quoted back: it may hold a password.
        problem("url", "must be a path or a postgresql:// URL in quotes.", "database")
        return
    config.database_url = url.strip()


# --- [reminders]: when `backtui remind` may notify -----------------------------------------------

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
REMINDERS_TEXT = """\
# Desktop reminders from `backtui remind` (`backtui remind --install` runs it every half hour).
[reminders]
# after = "18:00"        # remind about a planned session not yet done by this time
# quiet = "22:00-08:00"  # never remind between these times ("" for no quiet hours)
# days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
"""


@dataclass
class Reminders:
    """When a reminder may be given: after which hour, outside which quiet hours, on which days."""

    after: time = time(18, 0)  # a planned session not done by then is worth a reminder
    quiet: tuple[time, time] | None = (time(22, 0), time(8, 0))  # may wrap past midnight
    days: tuple[int, ...] = tuple(range(7))  # Monday = 0

    def is_quiet(self, moment: time) -> bool:
        if self.quiet is None:
            return False
        start, end = self.quiet
        if start <= end:
            return start <= moment < end
        return moment >= start or moment < end


def _clock(text: object) -> time | None:
    match = _CLOCK.match(text.strip()) if isinstance(text, str) else None
    return time(int(match[1]), int(match[2])) if match else None


def _read_reminders(table: object, reminders: Reminders, problem: Callable[..., None]) -> None:
    if not isinstance(table, dict):
        problem("reminders", "must be a [reminders] table.")
        return
    for key in table.keys() - {"after", "quiet", "days"}:
        problem(key, "unknown setting; known ones are after, days, quiet.", "reminders")
    if "after" in table:
        after = _clock(table["after"])
        if after is None:
            problem("after", 'must be a time like "18:00".', "reminders")
        else:
            reminders.after = after
    if "quiet" in table:
        value = table["quiet"]
        ends = [_clock(part) for part in value.split("-")] if isinstance(value, str) else []
        if value == "":
            reminders.quiet = None
        elif len(ends) == 2 and None not in ends:
            reminders.quiet = (ends[0], ends[1])
        else:
            problem("quiet", 'must be two times like "22:00-08:00", or "".', "reminders")
    if "days" in table:
        days = table["days"]
        if isinstance(days, list) and all(
            isinstance(day, str) and day.lower() in WEEKDAYS for day in days
        ):
            reminders.days = tuple(sorted({WEEKDAYS.index(day.lower()) for day in days}))
        else:
            problem("days", f"must be a list of day names: {', '.join(WEEKDAYS)}.", "reminders")


@dataclass
class Config:
    """The settings read from config.toml, each with its default."""

    theme: str = "textual-dark"
    bell: bool = True
    weekly_target: int | None = None
    week_start: int = 0  # Monday
    time_format: str = "24h"
    did_you_know: bool = True
    figures: bool = True
    keys: dict[str, str] = field(default_factory=dict)
    reminders: Reminders = field(default_factory=Reminders)
    database_url: str | None = None  # [database] url: a path or a postgresql:// URL
    problems: list[str] = field(default_factory=list)
    chosen: set[str] = field(default_factory=set)  # settings the file itself set, validly


def default_config_text() -> str:
    """The commented file `backtui config --init` writes, made from SETTINGS and the key table."""
    parts = ["# backtui configuration. Delete a line to use its default.\n"]
    for setting in SETTINGS:
        comment = "".join(f"# {line}\n" for line in setting.comment.splitlines())
        line = f"{setting.name} = {setting.example}\n"
        parts.append(comment + (f"# {line}" if setting.commented_out else line))
    keys = "".join(f'# {action} = "{key}"\n' for action, key in DEFAULT_KEYS.items())
    parts.append(
        "# Rebind keys by action name, e.g. when a key clashes with tmux or your terminal.\n"
        '# Several keys can be given separated by commas, e.g. "p,f2".\n'
        f"# {QUIT_KEY} always quits, as well as any key given for quit.\n[keys]\n{keys}"
    )
    parts.append(REMINDERS_TEXT)
    parts.append(DATABASE_TEXT)
    return "\n".join(parts)


def settings_table() -> str:
    """The guide's table of settings (docs/user-guide.md), made from SETTINGS."""
    rows = ["| setting | values | default |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.values} | {s.default} |" for s in SETTINGS]
    rows.append("| `[keys]` | see below | |")
    rows.append("| `[reminders]` | `after`, `quiet`, `days`: see [Reminders](#reminders) | |")
    rows.append(
        "| `[database]` | `url`: a path, or a `postgresql://` URL shared by your machines "
        "(see [Several machines](multi-device.md)) | the platform data folder |"
    )
    return "\n".join(rows)


DEFAULT_CONFIG = default_config_text()


def load_config(path: Path) -> Config:
    """Read ``path``; a missing file gives the defaults, and bad entries fall back one by one."""
    config = Config()
    text = _read(path, config.problems)
    if text is None:
        return config
    import tomllib  # lazy: see LAZY_IMPORTS in tests/unit/test_code_shape.py

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: {error}; using the defaults.")
        return config
    lines = _line_numbers(text)

    def problem(key: str, message: str, section: str | None = None) -> None:
        fallback = "" if "default" in message else " The default is used instead."
        line = lines.get((section, key))
        name = f"{section}.{key}" if section else key
        where = f"{path}, line {line}, '{name}'" if line else f"{path}, '{name}'"
        config.problems.append(f"{where}: {message}{fallback}")

    known = ", ".join(KNOWN)
    for key, value in data.items():
        setting = _BY_NAME.get(key)
        if key == "keys":
            _read_keys(value, config, problem)
        elif key == "reminders":
            _read_reminders(value, config.reminders, problem)
        elif key == "database":
            _read_database(value, config, problem)
        elif setting is None:
            problem(key, f"unknown setting; known ones are {known}.")
        else:
            try:
                setattr(config, key, setting.check(value))
            except ValueError as error:
                problem(key, str(error))
            else:
                if setting.applied_once:
                    config.chosen.add(key)
    return config


def _read(path: Path, problems: list[str]) -> str | None:
    """The file's text (a UTF-8 byte-order mark is allowed), or None with a problem saying why."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        problems.append(f"{path}: cannot be read ({error}); using the defaults.")
        return None
    if len(raw) > MAX_BYTES:
        problems.append(
            f"{path}: is larger than {MAX_BYTES // 1024} KiB, far more than settings need, so it "
            "was not read; using the defaults."
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(f"{path}: cannot be read ({error}); using the defaults.")
        return None


_KEY_LINE = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
_SECTION_LINE = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]")


def _line_numbers(text: str) -> dict[tuple[str | None, str], int]:
    """Where each key is first set, by (section, key): one pass over the file, however long."""
    found: dict[tuple[str | None, str], int] = {}
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _SECTION_LINE.match(line):
            section = header.group(1)
        elif match := _KEY_LINE.match(line):
            key = next(group for group in match.groups() if group is not None)
            found.setdefault((section, key), number)
    return found


def _read_keys(table: object, config: Config, problem: Callable[..., None]) -> None:
    """Check [keys]: known actions, known key names, and no key taken from another action."""
    if not isinstance(table, dict):
        problem("keys", 'must be a [keys] table of action = "key" lines.')
        return
    chosen: dict[str, list[str]] = {}
    for action, value in table.items():
        if action not in REBINDABLE:
            problem(action, f"is not an action; choose from {', '.join(REBINDABLE)}.", "keys")
            continue
        names = [k.strip() for k in value.split(",") if k.strip()] if isinstance(value, str) else []
        if not names:
            problem(action, 'must be a key name in quotes, like "f2" or "ctrl+t".', "keys")
            continue
        keys = [normalise_key(name) for name in names]
        unknown = [name for name, key in zip(names, keys, strict=True) if key is None]
        if unknown:
            problem(
                action,
                f"{unknown[0]!r} is not a key name backtui knows; use names like "
                '"k", "f2", "ctrl+t" or "question_mark". Keeping the default.',
                "keys",
            )
            continue
        chosen[action] = [key for key in keys if key is not None]
    kept, clashes = resolve_clashes(chosen)
    for clash in clashes:
        why = "always quits" if clash.key == QUIT_KEY else f"is already bound to {clash.other}"
        problem(clash.action, f"uses {clash.key!r}, which {why}; keeping the default.", "keys")
    for action, keys in kept.items():
        config.keys[action] = ",".join(with_quit_key(action, keys))


def problem_summary(problems: list[str]) -> str:
    """One notice for all of a file's problems: the first few, and where to see the rest."""
    if len(problems) == 1:
        return problems[0]
    shown = "\n".join(f"• {problem}" for problem in problems[:SUMMARY_LINES])
    more = len(problems) - SUMMARY_LINES
    rest = f"\n…and {more} more." if more > 0 else ""
    return (
        f"config.toml has {len(problems)} problems; defaults are used for those settings.\n"
        f"{shown}{rest}\nRun `backtui config` to see them all."
    )


def write_default_config(path: Path, *, force: bool = False) -> bool:
    """Write the commented default; returns False (writing nothing) if a file is already there."""
    if path.exists() and not force:
        return False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _atomic_write(path, DEFAULT_CONFIG)
    return True


def save_theme(path: Path, theme: str) -> None:
    """Remember a theme chosen in the app, changing only the theme line and keeping comments."""
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    line = f'theme = "{theme}"'
    if re.search(r"(?m)^theme\s*=.*$", text):
        text = re.sub(r"(?m)^theme\s*=.*$", line, text, count=1)
    else:
        text = f"{line}\n{text}"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _atomic_write(path, text)


def _atomic_write(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
