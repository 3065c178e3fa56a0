"""`backtui status`: one line for a shell prompt, a tmux status bar or a desktop bar.

It only reads: a missing database stays missing (nothing is created), and an older or newer one is
named in one line rather than migrated. Fast enough for every prompt (benchmarks/bench_status.py).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from backtui.outside.facts import Facts, read_facts
from backtui.outside.readonly import ReadOnlyProblem, open_read_only

FORMATS = ("line", "json", "waybar")
PREFIX = "back: "

_PROBLEM_TEXT = {
    "missing": ("run backtui to begin", "Run backtui to choose a plan and start."),
    "older": ("open backtui to update", "This database is from an older backtui: open it once."),
    "newer": ("needs a newer backtui", "This database was written by a newer backtui."),
    "foreign": ("not a backtui database", "The database file belongs to something else."),
    "unreadable": ("cannot read the database", "Run backtui to see what is wrong."),
}


def _week_part(facts: Facts) -> str:
    part = f"{facts.this_week}/{facts.weekly_target} this week"
    if facts.streak_weeks >= 2:
        part += f" · {facts.streak_weeks}-week streak"
    return part


def describe(facts: Facts) -> tuple[str, str, str]:
    """(state, line, tooltip) for the day's facts, the most pressing first."""
    week = _week_part(facts)
    if facts.on_hold:
        # No nudge to exercise while a warning sign holds the plan (NHS; NICE NG59).
        return (
            "on_hold",
            "exercise on hold after a warning sign",
            "Exercise is on hold after a warning sign. Follow the advice you were given. "
            "A check-in on a later day, back at your usual pain, lifts the hold: "
            "backtui checkin PAIN",
        )
    if facts.morning_checkin_due:
        return (
            "morning_checkin",
            "morning check-in?",
            "How did your back settle after yesterday's session? backtui checkin PAIN",
        )
    if facts.done_today:
        return "done", f"done today ✓ · {week}", f"Today's session is done. {week}."
    if not facts.has_plan:
        return "no_plan", "no exercises planned", "Open backtui to choose a plan."
    if facts.planned_today:
        count = facts.planned_today
        what = f"{count} exercise{'s' if count != 1 else ''}"
        return "due", f"today {what} · {week}", f"Today's plan: {what}. Run backtui to start."
    return "rest", f"rest day · {week}", f"Nothing planned today. {week}."


def render(state: str, line: str, tooltip: str, facts: Facts | None, fmt: str) -> str:
    text = PREFIX + line
    if fmt == "waybar":
        # Waybar's custom module and i3status-rust's custom block read these keys.
        return json.dumps({"text": text, "tooltip": tooltip, "class": state}, ensure_ascii=False)
    if fmt == "json":
        data = {"state": state, "text": text, "tooltip": tooltip}
        data.update(facts.as_dict() if facts is not None else {})
        return json.dumps(data, ensure_ascii=False)
    return text


def status_text(db_path: Path, now: datetime, fmt: str = "line") -> str:
    """The status in ``fmt`` (one of FORMATS) for the database at ``db_path``."""
    try:
        connection = open_read_only(db_path)
    except ReadOnlyProblem as problem:
        line, tooltip = _PROBLEM_TEXT[problem.kind]
        return render(problem.kind, line, f"{tooltip} ({problem})", None, fmt)
    try:
        facts = read_facts(connection, now)
    except (sqlite3.Error, ValueError) as error:  # damage gives one line, never a trace
        line, tooltip = _PROBLEM_TEXT["unreadable"]
        return render("unreadable", line, f"{tooltip} ({error})", None, fmt)
    finally:
        connection.close()
    return render(*describe(facts), facts, fmt)
