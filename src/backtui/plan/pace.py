"""The week's pace: a gentle line on the Plan when the weekly target is at risk.

It counts sessions still needed against days left, never a streak: consistency matters most over
weeks and months, not in any one week (clinical reference, "What the app is": start with a few
sessions a week, build up gradually; consistency matters most), so a missed target is simply
carried to the next week, without blame.
"""

from __future__ import annotations

from datetime import date


def days_to_go(today: date, week_end: date, trained_today: bool) -> int:
    """Days left for a session this week, today included unless a session is already done today.

    ``week_end`` is the first day of the next week (weekly.week_bounds' end).
    """
    days = (week_end - today).days
    return max(0, days - 1) if trained_today else max(0, days)


def week_at_risk_line(done: int, target: int, days_left: int) -> str | None:
    """A kind line when the target needs a session on every day left, or can no longer be met;
    None when it is met or there is room to spare."""
    needed = target - done
    if needed <= 0 or needed < days_left:
        return None
    if needed > days_left:
        return (
            "This week's target can wait for next week, and that is fine: "
            "any session you do before then still helps."
        )
    sessions = "session" if needed == 1 else "sessions"
    days = "day" if days_left == 1 else "days"
    return (
        f"{needed} {sessions} left and {days_left} {days} to go this week. "
        "A short session counts too."
    )
