"""`backtui remind --install` and `--uninstall`: run the reminder check every half hour.

A systemd user timer where systemctl exists, a launchd agent on macOS, and otherwise the crontab
line to add by hand. Only files carrying backtui's mark are ever replaced or removed, and nothing
is set up unless the person asks.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

UNIT = "backtui-remind"
LAUNCHD_LABEL = "org.backtui.remind"
MARK = "Written by 'backtui remind --install'; 'backtui remind --uninstall' removes it."
EVERY_MINUTES = 30
UNIT_FILES = (f"{UNIT}.service", f"{UNIT}.timer")

Runner = Callable[[list[str]], subprocess.CompletedProcess]


def remind_command(db_path: Path | None) -> list[str]:
    """The command a timer runs: this Python and this backtui, so a tool install keeps working."""
    command = [sys.executable, "-m", "backtui.cli"]
    if db_path is not None:
        command += ["--db", str(Path(db_path).expanduser().resolve())]
    return [*command, "remind"]


def _systemd_quote(word: str) -> str:
    word = word.replace("%", "%%")  # systemd expands % specifiers in ExecStart
    if word and not any(c in word for c in " \t\"'\\"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _systemd_dir(home: Path) -> Path:
    config = os.environ.get("XDG_CONFIG_HOME")
    return (Path(config) if config else home / ".config") / "systemd" / "user"


def systemd_units(command: list[str]) -> dict[str, str]:
    service = (
        f"# {MARK}\n[Unit]\nDescription=backtui: remind about back exercises and check-ins\n\n"
        f"[Service]\nType=oneshot\nExecStart={' '.join(_systemd_quote(w) for w in command)}\n"
    )
    timer = (
        f"# {MARK}\n[Unit]\nDescription=backtui: look for a due reminder every half hour\n\n"
        f"[Timer]\nOnCalendar=*:0/{EVERY_MINUTES}\n\n[Install]\nWantedBy=timers.target\n"
    )
    return dict(zip(UNIT_FILES, (service, timer), strict=True))


def launchd_plist(command: list[str]) -> bytes:
    agent = {
        "Label": LAUNCHD_LABEL,
        "Comment": MARK,
        "ProgramArguments": command,
        "StartInterval": EVERY_MINUTES * 60,
    }
    return plistlib.dumps(agent)


def crontab_line(command: list[str]) -> str:
    return f"*/{EVERY_MINUTES} * * * * {shlex.join(command)}"


def _ours(path: Path) -> bool:
    try:
        return MARK.encode() in path.read_bytes()
    except OSError:
        return False


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)


def _launchd_path(home: Path) -> Path:
    return home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def _files(command: list[str], home: Path, platform: str, which) -> tuple[str, dict[Path, bytes]]:
    """Which scheduler, and the files it needs (none for cron)."""
    if platform == "darwin":
        return "launchd", {_launchd_path(home): launchd_plist(command)}
    if which("systemctl"):
        folder = _systemd_dir(home)
        return "systemd", {folder / n: text.encode() for n, text in systemd_units(command).items()}
    return "cron", {}


def install(
    db_path: Path | None,
    *,
    home: Path,
    platform: str = sys.platform,
    which=shutil.which,
    run: Runner = _run,
) -> tuple[int, list[str]]:
    """Set up the half-hourly check; returns (exit status, what was done, line by line)."""
    command = remind_command(db_path)
    kind, contents = _files(command, home, platform, which)
    if kind == "cron":
        return 0, [
            "There is no systemd or launchd here. Add this line with 'crontab -e':",
            crontab_line(command),
        ]
    for path in contents:
        if path.exists() and not _ours(path):
            return 1, [f"{path} already exists and was not written by backtui; left as it is."]
    done = []
    for path, data in contents.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        done.append(f"wrote {path}")
    if kind == "systemd":
        steps = [
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"],
        ]
    else:
        agent = str(_launchd_path(home))
        steps = [["launchctl", "load", "-w", agent]] if which("launchctl") else []
    return _run_steps(steps, run, done)


def uninstall(
    *, home: Path, platform: str = sys.platform, which=shutil.which, run: Runner = _run
) -> tuple[int, list[str]]:
    """Undo install: stop the timer or agent, then remove only the files backtui wrote."""
    if platform == "darwin":
        paths = [_launchd_path(home)]
    else:
        paths = [_systemd_dir(home) / name for name in UNIT_FILES]
    ours = [path for path in paths if _ours(path)]
    if not ours:
        return 0, ["Reminders were not installed by backtui here; nothing to remove."]
    before, after = [], []
    if platform == "darwin" and which("launchctl"):
        before = [["launchctl", "unload", "-w", str(ours[0])]]
    elif platform != "darwin" and which("systemctl"):
        before = [["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"]]
        after = [["systemctl", "--user", "daemon-reload"]]
    status, done = _run_steps(before, run, [])
    for path in ours:
        path.unlink()
        done.append(f"removed {path}")
    later, done = _run_steps(after, run, done)
    return max(status, later), done


def _run_steps(steps: list[list[str]], run: Runner, done: list[str]) -> tuple[int, list[str]]:
    for step in steps:
        result = run(step)
        if result.returncode != 0:
            reason = (result.stderr or "").strip().splitlines()[:1] or ["it failed"]
            done.append(f"'{' '.join(step)}' did not work ({reason[0]}); run it yourself.")
            return 1, done
        done.append(f"ran {' '.join(step)}")
    return 0, done
