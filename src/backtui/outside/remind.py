"""`backtui remind`: one desktop notification when a planned session or a morning check-in is due.

It reads the database read-only, respects the [reminders] times in config.toml, and remembers
what it sent in a small private state file, so the same reminder never comes twice in a day.
The notification goes through the platform's own tool (notify-send, osascript), run with a list
of arguments and never through a shell; where there is none, the reminder is printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import platformdirs

from backtui.config import Reminders
from backtui.outside.facts import Facts, read_facts
from backtui.outside.readonly import ReadOnlyProblem, open_read_only
from backtui.paths import APP_NAME, ensure_private_dir

STATE_FILENAME = "reminders.json"
KEEP_DAYS = 7  # sent-reminder keys older than this are forgotten
NOTIFY_TIMEOUT_SECONDS = 10

Notifier = Callable[[str, str], list[str]]  # (title, body) -> the command to run


@dataclass(frozen=True)
class Reminder:
    thing: str  # what it is about: "session" or "morning_checkin"
    title: str
    body: str  # ends with the command to run

    def key(self, day) -> str:
        return f"{self.thing}:{day.isoformat()}"


def due_reminders(facts: Facts, now: datetime, settings: Reminders) -> list[Reminder]:
    """What is worth a reminder now, in the hours and on the days the person allows."""
    if settings.is_quiet(now.time()) or now.weekday() not in settings.days:
        return []
    due = []
    if facts.morning_checkin_due:
        # The next-morning check-in is what build-up suggestions wait for (Silbernagel 2007).
        due.append(
            Reminder(
                "morning_checkin",
                "How is your back this morning?",
                "A quick check-in after yesterday's session helps pace your plan.\n"
                "Run: backtui checkin PAIN",
            )
        )
    # No nudge to exercise while a warning sign holds the plan (NHS; NICE NG59).
    if facts.planned_today and not facts.done_today and not facts.on_hold:
        if now.time() >= settings.after:
            count = facts.planned_today
            due.append(
                Reminder(
                    "session",
                    "Your back exercises for today",
                    f"{count} exercise{'s are' if count != 1 else ' is'} planned for today. "
                    "A short session still counts.\nRun: backtui",
                )
            )
    return due


def find_notifier(platform: str = sys.platform, which=shutil.which) -> Notifier | None:
    """The platform's own notification tool, or None where there is none."""
    if platform == "darwin" and (osascript := which("osascript")):
        # The texts are passed as arguments, never spliced into the script.
        script = [
            "on run argv",
            "display notification (item 2 of argv) with title (item 1 of argv)",
            "end run",
        ]
        lines = [part for line in script for part in ("-e", line)]
        return lambda title, body: [osascript, *lines, title, body]
    if platform != "darwin" and (notify_send := which("notify-send")):
        return lambda title, body: [notify_send, "--app-name=backtui", title, body]
    return None


def state_path() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / STATE_FILENAME


def load_sent(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or damaged: at worst one reminder comes again
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save_sent(path: Path, sent: dict[str, str], now: datetime) -> None:
    """Write the keys sent in the last KEEP_DAYS days, privately (0600, in a 0700 folder)."""
    oldest = (now - timedelta(days=KEEP_DAYS)).isoformat()
    kept = {key: at for key, at in sent.items() if at >= oldest}
    ensure_private_dir(path.parent, owned=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(kept, handle, indent=1, sort_keys=True)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _notify(notifier: Notifier, reminder: Reminder) -> str | None:
    """Send one notification; None when it went, else why not."""
    try:
        result = subprocess.run(
            notifier(reminder.title, reminder.body),
            capture_output=True,
            text=True,
            timeout=NOTIFY_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if result.returncode == 0 else (result.stderr.strip() or "it failed")


def run_remind(
    db_path: Path,
    now: datetime,
    settings: Reminders,
    *,
    notifier: Notifier | None,
    state: Path,
    out=None,
    err=None,
) -> int:
    """Send what is due and not yet sent today; 0 unless the database or a notification failed."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        connection = open_read_only(db_path)
    except ReadOnlyProblem as problem:
        if problem.kind == "missing":
            return 0  # nothing to remind about before the first run
        print(f"backtui: {problem}", file=err)
        return 1
    try:
        facts = read_facts(connection, now)
    finally:
        connection.close()
    sent = load_sent(state)
    status = 0
    for reminder in due_reminders(facts, now, settings):
        key = reminder.key(now.date())
        if key in sent:
            continue
        if notifier is None:
            print(f"{reminder.title}\n{reminder.body}", file=out)
        elif failure := _notify(notifier, reminder):
            # Not remembered as sent, so the next run tries again.
            print(f"backtui: the notification could not be shown ({failure}).", file=err)
            status = 1
            continue
        sent[key] = now.isoformat()
        save_sent(state, sent, now)
    return status
