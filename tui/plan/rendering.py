"""How the Plan's pieces read on screen: the status line, the week's day marks, today's session,
the suggestions and the first-run welcome. Pure functions from PlanSnapshot values to Rich text."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text

from backtui.checkin.holds import Hold
from backtui.history.not_improving import NotImprovingFinding
from backtui.plan.snapshot import (
    SUGGESTION_LABELS,
    ItemRow,
    PlanSnapshot,
    SuggestionRow,
    Welcome,
)
from backtui.plan.weekly import DAY_NAMES

DAY_LETTERS = "MTWTFSS"
SUGGESTION_STYLES = {
    "progress": "bold green",
    "step_back": "bold yellow",
    "see_clinician": "bold red",
    "hold": "bold",
}


def status_line(snap: PlanSnapshot) -> str:
    dots = "●" * min(snap.done, snap.target) + "○" * max(0, snap.target - snap.done)
    extra = f" (+{snap.done - snap.target})" if snap.done > snap.target else ""
    word = "session" if snap.target == 1 else "sessions"
    return (
        f"[b]Plan[/b] · {escape(snap.programme)} · this week {snap.done} of {snap.target} "
        f"{word} {dots}{extra}"
    )


def days_header(today: int) -> Text:
    text = Text()
    for day, letter in enumerate(DAY_LETTERS):
        if day:
            text.append(" ")
        text.append(letter, style="bold underline" if day == today else "")
    return text


def days_cell(weekdays: tuple[int, ...], today: int) -> Text:
    text = Text()
    for day in range(7):
        if day:
            text.append(" ")
        mark = "●" if day in weekdays else "·"
        style = "bold" if day == today else ("" if day in weekdays else "dim")
        text.append(mark, style=style)
    return text


def name_cell(item: ItemRow, today: int, pending: SuggestionRow | None, width: int = 28) -> Text:
    name = item.name if len(item.name) <= width else item.name[: width - 1] + "…"
    text = Text("▸ " if today in item.weekdays else "  ")
    text.append(name, style="bold" if today in item.weekdays else "")
    if pending is not None:
        arrow = "↑" if pending.action == "progress" else "↓"
        text.append(f" {arrow}", style=SUGGESTION_STYLES.get(pending.action, ""))
    return text


def day_minutes_line(snap: PlanSnapshot) -> str:
    days = snap.training_days()
    if not days:
        return "Nothing is planned yet: press a to add an exercise, or g to pick a programme."
    parts = [f"{DAY_NAMES[day][:3]} {snap.day_minutes[day]}" for day in days]
    return "Minutes a day: " + " · ".join(parts)


def today_line(snap: PlanSnapshot) -> str:
    today = snap.today()
    day = DAY_NAMES[snap.weekday]
    if not today:
        upcoming = next(
            (
                DAY_NAMES[(snap.weekday + n) % 7]
                for n in range(1, 8)
                if snap.day_minutes[(snap.weekday + n) % 7]
            ),
            None,
        )
        later = f" Next planned: {upcoming}." if upcoming else ""
        return f"Today, {day}: a rest day.{later} Press s for a short session anyway."
    count = f"{len(today)} exercise" + ("" if len(today) == 1 else "s")
    minutes = snap.day_minutes[snap.weekday]
    return f"[b]Today, {day}[/b]: {count}, about {minutes} min. Press s to start."


def today_list(snap: PlanSnapshot) -> str:
    today = snap.today()
    if not today:
        return today_line(snap)
    lines = [f"[b]Today's session[/b] · about {snap.day_minutes[snap.weekday]} min"]
    lines += [f" {n}. {escape(item.name)}" for n, item in enumerate(today, start=1)]
    lines.append("[dim]in this order · s starts it[/dim]")
    return "\n".join(lines)


def suggestion_prompt(row: SuggestionRow) -> Text:
    """The suggestion's kind as a coloured tag, then its plain reason (which names the change)."""
    label = SUGGESTION_LABELS.get(row.action, row.action)
    text = Text()
    text.append(f"{label}:", style=SUGGESTION_STYLES.get(row.action, "bold"))
    text.append(f" {row.reason}")
    return text


def suggestions_title(snap: PlanSnapshot) -> str:
    count = len(snap.suggestions)
    if not count:
        return (
            "[b]Suggestions:[/b] [dim]none waiting. After a session and the next morning's "
            "check-in, backtui suggests whether to build up, hold or step back.[/dim]"
        )
    return (
        f"[b]Suggestions ({count})[/b] "
        "[dim]y accepts · n declines the highlighted one · b why slowly?[/dim]"
    )


def welcome_text(welcome: Welcome, snap: PlanSnapshot) -> str:
    def step(done: bool, key: str, words: str) -> str:
        tick = "[green]✓[/green]" if done else "·"
        return f"{tick} [b]{key}[/b] {words}"

    days = ", ".join(DAY_NAMES[d][:3] for d in snap.training_days()) or "no days yet"
    steps = [
        step(welcome.programme, "g", "programme"),
        step(welcome.target, "t", f"weekly target ({snap.target})"),
        step(welcome.safety, "r", "safety check"),
        step(welcome.psfs, "f", "activities that matter, optional"),
        "[b]esc[/b] close",
    ]
    return (
        f"[b]Welcome to backtui.[/b] {escape(snap.programme)} is ready ({days}). Set up now or "
        "later: [b]s[/b] starts a session straight away.\n" + "  ".join(steps)
    )


def item_preview(item: ItemRow | None) -> str:
    """The highlighted exercise in a few words, under the week (wide screens)."""
    if item is None:
        return ""
    days = ", ".join(DAY_NAMES[d][:3] for d in item.weekdays)
    lines = [
        f"[b]{escape(item.name)}[/b] · {escape(item.kind_label)} · {escape(item.dose)} on {days}"
    ]
    if item.summary:
        lines.append(escape(item.summary))
    lines.append("[dim]Enter opens it: how to do it, common mistakes, easier and harder.[/dim]")
    return "\n".join(lines)


# What to do while on hold, in a few words; the full advice (checkin.triage.ADVICE: NHS; NICE
# NG59) shows when s is pressed.
HOLD_TO_DO = {
    "emergency": "Call the emergency number or go to A&E now, and do no exercise until a doctor "
    "says so.",
    "urgent": "See a doctor within a day or two, and do not exercise through it.",
}


def hold_line(hold: Hold) -> str:
    """An open red-flag hold, in plain words: what, when, what to do, and how it ends."""
    what = "; ".join(label.lower() for label in hold.labels)
    return (
        f"[b red]Exercise is on hold.[/b red] On {hold.started_at:%A %-d %B} you reported: "
        f"{escape(what)}. {HOLD_TO_DO[hold.outcome]} Press [b]s[/b] when a clinician has "
        "checked you."
    )


def not_improving_lines(findings: tuple[NotImprovingFinding, ...]) -> list[str]:
    """Each "not getting better" finding: its headline, then the figures and the suggestion."""
    return [f"[b yellow]{escape(f.headline)}.[/b yellow] {escape(f.text)}" for f in findings]


def safety_text(snap: PlanSnapshot) -> str:
    """What the Plan shows first, or "" when there is nothing to say."""
    lines = [hold_line(snap.hold)] if snap.hold is not None else []
    return "\n".join(lines + not_improving_lines(snap.not_improving))
