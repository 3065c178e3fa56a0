"""`backtui checkin PAIN`: a check-in typed in the shell, kept exactly as the app keeps one.

The same validation (checkins.save_checkin), the same moment (checkins.moment_for: the first
check-in of the morning after a session is its next-morning check-in) and the same red-flag
routing: pain in both legs, numbness or spreading leg symptoms call for the warning-signs
checklist (triage.signals_need_checklist; NHS; NICE NG59), which only the app can ask.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from backtui.checkin import triage
from backtui.checkin.checkins import CheckInError, moment_for, save_checkin, validate_pain
from backtui.db.models import LOCATIONS, QUALITIES
from backtui.db.storage import close_database
from backtui.db.store import store_for
from backtui.progression.inputs import progression_paused
from backtui.timefmt import clock_time

EXIT_SAVED = 0
EXIT_NO_DATABASE = 1
EXIT_INVALID = 2
EXIT_NEEDS_CHECKLIST = 3  # saved, but the warning-signs checklist is needed: open the app

# Words people may type for the stored labels, besides the labels themselves (with - or _).
FEELS_WORDS = {
    "numbness": "pins_needles_numbness",
    "numb": "pins_needles_numbness",
    "pins-and-needles": "pins_needles_numbness",
    "tingling": "pins_needles_numbness",
    "stiff": "stiffness",
}
WHERE_WORDS = {"back": "low_back", "upper-back": "mid_upper_back", "leg": "one_leg"}
MOMENT_WORDS = {"next_morning": "next-morning check-in", "standalone": "check-in"}

CHECKLIST_ADVICE = (
    "Pain in both legs, numbness or spreading leg symptoms can be an early sign of a nerve "
    "problem, so a few questions about warning signs come next. Open backtui and press c, then ! "
    "to answer them now. If you also have numbness between your legs or around your bottom, or "
    "trouble peeing or controlling your bowels, call the emergency number or go to A&E now."
)  # NHS; NICE NG59; cauda equina syndrome patient card (backes.org.uk)


HOLD_REMINDER = (
    "Exercise stays on hold after the warning sign until a doctor or physiotherapist has checked "
    "you. Open backtui and press s to record what they said."
)


def choices_help(allowed: tuple[str, ...]) -> str:
    return ", ".join(label.replace("_", "-") for label in allowed)


def parse_labels(
    values: list[str] | None, allowed: tuple[str, ...], words: dict[str, str], what: str
) -> list[str]:
    """Labels from repeated or comma-separated words; CheckInError names an unknown one."""
    labels = []
    for value in values or []:
        for word in value.split(","):
            word = word.strip().lower()
            if not word:
                continue
            label = words.get(word, word.replace("-", "_"))
            if label not in allowed:
                raise CheckInError(f"{what} {word!r} is not one of: {choices_help(allowed)}.")
            labels.append(label)
    return labels


def record_checkin(
    db_path: Path,
    pain: str,
    now: datetime,
    *,
    note: str = "",
    where: list[str] | None = None,
    feels: list[str] | None = None,
    spreading: bool | None = None,
    time_format: str = "24h",
) -> tuple[int, str]:
    """Save one check-in; returns (exit status, what to print)."""
    try:
        pain_value = validate_pain(pain)
        locations = parse_labels(where, LOCATIONS, WHERE_WORDS, "--where")
        qualities = parse_labels(feels, QUALITIES, FEELS_WORDS, "--feels")
    except CheckInError as error:
        return EXIT_INVALID, str(error)
    store = store_for(db_path)
    if isinstance(db_path, Path) and not Path(db_path).expanduser().is_file():
        return EXIT_NO_DATABASE, f"{db_path} does not exist yet: run backtui once to set it up."
    store.open(now=now)
    try:
        moment = moment_for(now, None)
        save_checkin(
            pain_value,
            moment=moment,
            now=now,
            locations=locations,
            qualities=qualities,
            spreading=spreading,
            note=note or "",
        )
        on_hold = progression_paused()
    except CheckInError as error:
        return EXIT_INVALID, str(error)
    finally:
        close_database()
    at = clock_time(now, time_format)
    message = f"Saved: pain {pain_value}/10, {MOMENT_WORDS[moment]} at {at}."
    if on_hold:
        # A warning sign is cleared by a clinician's word, never by a good day (clinical
        # reference, "Warning signs that need more than a pain score to clear").
        message += f"\n{HOLD_REMINDER}"
    if triage.signals_need_checklist(locations, qualities, spreading):
        return EXIT_NEEDS_CHECKLIST, f"{message}\n{CHECKLIST_ADVICE}"
    return EXIT_SAVED, message
