"""config.toml: the person's preferences and key bindings.

An invalid file never stops the app: every problem is reported with its line and key, and the
defaults are used for what was wrong.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_FORMATS = ("24h", "12h")
# Action ids that can be rebound; kept in step with the front end's registry by a test.
REBINDABLE = (
    "goto_plan",
    "start_session",
    "checkin",
    "goto_history",
    "learn",
    "help",
    "command_palette",
    "quit",
)
_KEY_NAME = re.compile(r"^[A-Za-z0-9_+\-]+$|^[^\s]$")

DEFAULT_CONFIG = """\
# backtui configuration. Delete a line to use its default.

# Colour theme: any Textual theme, e.g. "textual-dark", "textual-light", "nord", "gruvbox",
# or "ansi-dark" / "ansi-light" to follow your terminal's own colours.
# Changing the theme in the app (ctrl+p, "Switch theme") updates this line.
theme = "textual-dark"

# Ring the terminal bell at the end of each hold and rest.
bell = true

# Sessions you aim for each week (1-7). A change here applies at the next start; the Plan
# screen can change the target too. Leave it out to keep the target of your programme.
# weekly_target = 3

# The day your week starts, for weekly targets and streaks.
week_start = "monday"

# How clock times are shown: "24h" or "12h".
time_format = "24h"

# Show a short "did you know" line about back pain on the Plan, a different one each day.
did_you_know = true

# Rebind keys by action name, e.g. when a key clashes with tmux or your terminal.
# Several keys can be given separated by commas, e.g. "p,f2".
[keys]
# goto_plan = "p"
# start_session = "s"
# checkin = "c"
# goto_history = "h"
# learn = "l"
# help = "question_mark,f1"
# command_palette = "ctrl+p"
# quit = "ctrl+q"
"""


@dataclass
class Config:
    theme: str = "textual-dark"
    bell: bool = True
    weekly_target: int | None = None
    week_start: int = 0  # Monday
    time_format: str = "24h"
    did_you_know: bool = True
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    chosen: set[str] = field(default_factory=set)  # settings the file itself set, validly


def _line_of(text: str, key: str, section: str | None = None) -> int | None:
    in_section = section is None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped == f"[{section}]" if section else False
            continue
        if in_section and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return None


def _where(path: Path, text: str, key: str, section: str | None = None) -> str:
    line = _line_of(text, key, section)
    name = f"{section}.{key}" if section else key
    return f"{path}, line {line}, '{name}'" if line else f"{path}, '{name}'"


def load_config(path: Path) -> Config:
    """Read ``path``; a missing file gives the defaults, and bad entries fall back one by one."""
    config = Config()
    if not path.exists():
        return config
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        config.problems.append(f"{path}: cannot be read ({error}); using the defaults.")
        return config
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: {error}; using the defaults.")
        return config

    def problem(key: str, message: str, section: str | None = None) -> None:
        fallback = "" if "default" in message else " The default is used instead."
        config.problems.append(f"{_where(path, text, key, section)}: {message}{fallback}")

    known = {"theme", "bell", "weekly_target", "week_start", "time_format", "did_you_know", "keys"}
    for key in data:
        if key not in known:
            problem(key, f"unknown setting; known ones are {', '.join(sorted(known))}.")
    if "theme" in data:
        if isinstance(data["theme"], str) and data["theme"].strip():
            config.theme = data["theme"].strip()
        else:
            problem("theme", "must be a theme name in quotes.")
    if "bell" in data:
        if isinstance(data["bell"], bool):
            config.bell = data["bell"]
            config.chosen.add("bell")
        else:
            problem("bell", "must be true or false.")
    if "weekly_target" in data:
        value = data["weekly_target"]
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            config.weekly_target = value
            config.chosen.add("weekly_target")
        else:
            problem("weekly_target", "must be a whole number of sessions from 1 to 7.")
    if "week_start" in data:
        value = data["week_start"]
        if isinstance(value, str) and value.lower() in WEEKDAYS:
            config.week_start = WEEKDAYS.index(value.lower())
            config.chosen.add("week_start")
        else:
            problem("week_start", f"must be one of {', '.join(WEEKDAYS)}.")
    if "time_format" in data:
        if data["time_format"] in TIME_FORMATS:
            config.time_format = data["time_format"]
        else:
            problem("time_format", 'must be "24h" or "12h".')
    if "did_you_know" in data:
        if isinstance(data["did_you_know"], bool):
            config.did_you_know = data["did_you_know"]
        else:
            problem("did_you_know", "must be true or false.")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        problem("keys", 'must be a [keys] table of action = "key" lines.')
        keys = {}
    for action, value in keys.items():
        if action not in REBINDABLE:
            problem(action, f"is not an action; choose from {', '.join(REBINDABLE)}.", "keys")
        elif (
            not isinstance(value, str)
            or not all(_KEY_NAME.match(k.strip()) for k in value.split(",") if k.strip())
            or not value.strip()
        ):
            problem(action, 'must be a key name in quotes, like "f2" or "ctrl+t".', "keys")
        else:
            config.keys[action] = ",".join(k.strip() for k in value.split(",") if k.strip())
    clashes = _clashes(config.keys)
    for action, other, key in clashes:
        problem(
            action, f"uses {key!r}, which is already bound to {other}; keeping the default.", "keys"
        )
        config.keys.pop(action, None)
    return config


def _clashes(keys: dict[str, str]) -> list[tuple[str, str, str]]:
    seen: dict[str, str] = {}
    found = []
    for action, value in keys.items():
        for key in value.split(","):
            if key in seen and seen[key] != action:
                found.append((action, seen[key], key))
            seen[key] = action
    return found


def write_default_config(path: Path, *, force: bool = False) -> bool:
    """Write the commented default; returns False (writing nothing) if a file is already there."""
    if path.exists() and not force:
        return False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _atomic_write(path, DEFAULT_CONFIG)
    return True


def save_theme(path: Path, theme: str) -> None:
    """Remember a theme chosen in the app, changing only the theme line and keeping comments."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
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
