"""Red-flag triage: the warning-sign checklist, classifying answers, and the progression pause.

backtui does not diagnose. It asks about the warning signs that the NHS, NICE NG59 and the cauda
equina syndrome patient card (backes.org.uk) list for back pain, and when one is present it stops
the session, says where to get help, and puts exercise on hold (a ``RedFlagHold`` row) until a
clinician has checked the person or the flag is withdrawn as a mistake (see checkin.holds). A pain
score never lifts a hold: "a red flag is cleared by a clinician, not by a good day" (clinical
reference, "Warning signs that need more than a pain score to clear").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from backtui.db.models import LOCATIONS, QUALITIES, RedFlagHold, RedFlagScreening, Session, db

URGENCIES = ("emergency", "urgent")
TRIGGERS = ("first_session", "manual", "body_signal", "session")

_CES = "NHS; NICE NG59; cauda equina syndrome patient card (backes.org.uk)"
_NHS_EMERGENCY = "NHS (back pain: when to get emergency help); NICE NG59"
_NHS_URGENT = "NHS (back pain: when to see a GP urgently); NICE NG59"
_RISK_FACTORS = "NICE NG59; NHS back pain pathways (risk factors that come with new back pain)"


class RedFlag(NamedTuple):
    """One warning sign of the checklist: what it asks, how urgent it is, and its source."""

    id: str
    label: str  # a few words, for lists and History
    question: str  # what the checklist asks, in plain words
    urgency: str  # one of URGENCIES
    source: str


RED_FLAGS: tuple[RedFlag, ...] = (
    # Emergency: call the emergency number or go to A&E now.
    RedFlag(
        "both_legs",
        "Both legs affected",
        "Do both of your legs feel painful, tingly, weak or numb, or has walking suddenly "
        "become hard?",
        "emergency",
        _CES,
    ),
    RedFlag(
        "saddle_numbness",
        "Numbness around the saddle area",
        "Is there numbness or tingling between your legs: around your genitals, bottom or "
        "back passage?",
        "emergency",
        _CES,
    ),
    RedFlag(
        "bladder",
        "Bladder changes",
        "Are you finding it hard to pee, unable to tell if your bladder is full, or leaking urine?",
        "emergency",
        _CES,
    ),
    RedFlag(
        "bowel", "Loss of bowel control", "Have you lost control of your bowels?", "emergency", _CES
    ),
    RedFlag(
        "sexual_dysfunction",
        "New sexual problems",
        "Have you noticed a new problem with sex, such as lost feeling or being unable to "
        "get or keep an erection?",
        "emergency",
        _CES,
    ),
    RedFlag(
        "chest_pain",
        "Chest pain",
        "Do you have any pain in your chest?",
        "emergency",
        _NHS_EMERGENCY,
    ),
    RedFlag(
        "serious_fall",
        "Started after a fall or accident",
        "Did this back pain start after a bad fall, a crash or another serious accident?",
        "emergency",
        _NHS_EMERGENCY,
    ),
    # Urgent: see a doctor within a day or two and do not exercise through it.
    RedFlag(
        "fever_unwell",
        "Fever or feeling unwell",
        "Do you have a temperature of 38 °C or more, feel hot and shivery, or feel generally "
        "ill, as well as the back pain?",
        "urgent",
        f"{_NHS_URGENT}; NHS pathways: 38 °C or more",
    ),
    RedFlag(
        "weight_loss",
        "Unplanned weight loss",
        "Have you been losing weight without trying to?",
        "urgent",
        _NHS_URGENT,
    ),
    RedFlag(
        "lump_or_shape",
        "New lump or change of shape",
        "Have you found a new lump on your back, or noticed its shape changing?",
        "urgent",
        _NHS_URGENT,
    ),
    RedFlag(
        "rest_night_pain",
        "Pain at rest or at night",
        "Does the pain carry on when you rest, or get worse at night?",
        "urgent",
        _NHS_URGENT,
    ),
    RedFlag(
        "cough_sneeze",
        "Worse with coughing or straining",
        "Does coughing, sneezing or straining on the toilet make the pain worse?",
        "urgent",
        _NHS_URGENT,
    ),
    RedFlag(
        "thoracic_pain",
        "Pain between the shoulder blades",
        "Is the pain high up in your back, between your shoulder blades?",
        "urgent",
        _NHS_URGENT,
    ),
    RedFlag(
        "history_risk",
        "Cancer, thin bones or steroids in your history",
        "Is this back pain new, and have you had cancer or osteoporosis (thin bones), or "
        "taken steroid medicine for a long time?",
        "urgent",
        _NHS_URGENT,
    ),
    RedFlag(
        "worsening_weakness",
        "Leg weakness getting worse",
        "Is weakness in your leg or legs getting worse?",
        "urgent",
        _NHS_URGENT,
    ),
    RedFlag(
        "weakened_immunity",
        "A weakened immune system",
        "Is your immune system weakened, for example by chemotherapy, medicine that damps it "
        "down, or HIV, and is this back pain new?",
        "urgent",
        _RISK_FACTORS,
    ),
    RedFlag(
        "injecting_drugs",
        "Injecting drugs",
        "Do you inject drugs, or have you done so recently, and is this back pain new?",
        "urgent",
        _RISK_FACTORS,
    ),
    RedFlag(
        "age_onset",
        "New back pain under 20 or over 50",
        "Did this back pain start recently, and are you under 20 or over 50 years old?",
        "urgent",
        _RISK_FACTORS,
    ),
)
RED_FLAGS_BY_ID: dict[str, RedFlag] = {flag.id: flag for flag in RED_FLAGS}

# Lasting facts about a person rather than symptoms of today: once a clinician has checked them
# and said exercise is fine, they are not asked again every session, only when something new
# appears (clinical reference: "History items (cancer, osteoporosis, long-term steroids) are
# lasting facts"). A weakened immune system, injecting drug use and the age at onset are the same
# kind of standing fact (NICE NG59 risk factors), so backtui treats them alike.
LASTING_FLAGS = ("history_risk", "weakened_immunity", "injecting_drugs", "age_onset")
# Where the checklist opens for a body signal: the question closest to what was reported.
# Mid or upper back pain: "pain between the shoulder blades" (NHS: urgent red flag); both legs:
# the cauda equina questions (NHS; backes.org.uk); numbness or spreading: the same, as both can be
# early nerve signs (NICE NG59; McKenzie).
CHECKLIST_START_FOR_LOCATION = {"mid_upper_back": "thoracic_pain", "both_legs": "both_legs"}
CHECKLIST_QUALITIES = ("pins_needles_numbness",)  # open the checklist at the questions on legs

ADVICE = {
    "emergency": (
        "Stop exercising now. Call the emergency number (999 in the UK, 112 in Europe, 911 in "
        "the US) or go to A&E straight away. These signs need to be checked by a doctor today, "
        "even if the pain itself is mild. Do not do any more exercise until a doctor says so."
    ),
    "urgent": (
        "Stop exercising for now. Book to see a doctor within the next day or two (in the UK, "
        "your GP or NHS 111). Do not exercise through this. backtui keeps your plan on hold "
        "until you tell it a doctor or physiotherapist has checked you and said you can exercise."
    ),
    "none": (
        "None of the warning signs. It is fine to carry on, gently. Keep listening to your "
        "body, and check in again if anything new or unusual turns up."
    ),
}
HEADLINES = {
    "emergency": "Get emergency help now",
    "urgent": "See a doctor within a day or two",
    "none": "No warning signs",
}


class TriageResult(NamedTuple):
    """What the checklist's answers mean: the outcome, the ticked flags and the advice."""

    outcome: str  # "emergency" | "urgent" | "none"
    flags: tuple[RedFlag, ...]  # the ticked flags, in checklist order
    advice: str
    headline: str
    screening_id: int | None = None  # set when the screening was stored

    @property
    def stops_session(self) -> bool:
        """Emergency and urgent both stop the current session and pause progression."""
        return self.outcome != "none"

    @property
    def answers(self) -> list[str]:
        return [flag.id for flag in self.flags]


def _flags_for(answers: Iterable[str]) -> tuple[RedFlag, ...]:
    if isinstance(answers, str):
        raise ValueError("Answers must be a collection of red-flag ids, not one string.")
    ticked = set()
    for answer in answers:
        if not isinstance(answer, str) or answer not in RED_FLAGS_BY_ID:
            raise ValueError(f"Unknown red-flag id: {answer!r}.")
        ticked.add(answer)
    return tuple(flag for flag in RED_FLAGS if flag.id in ticked)


def classify(answers: Iterable[str]) -> TriageResult:
    """Classify ticked red-flag ids: emergency beats urgent beats none. Unknown ids: ValueError."""
    flags = _flags_for(answers)
    urgencies = {flag.urgency for flag in flags}
    if "emergency" in urgencies:
        outcome = "emergency"
    elif "urgent" in urgencies:
        outcome = "urgent"
    else:
        outcome = "none"
    return TriageResult(outcome, flags, ADVICE[outcome], HEADLINES[outcome])


def _signals(locations: Iterable[str], qualities: Iterable[str]) -> tuple[set[str], set[str]]:
    locations, qualities = set(locations), set(qualities)
    unknown = (locations - set(LOCATIONS)) | (qualities - set(QUALITIES))
    if unknown:
        raise ValueError(f"Unknown body signal: {', '.join(sorted(map(str, unknown)))}.")
    return locations, qualities


def checklist_start(
    locations: Iterable[str] = (), qualities: Iterable[str] = (), spreading: bool | None = None
) -> str | None:
    """The flag id the checklist should open at for these body signals, or None when the
    signals do not call for the checklist.

    - pain in the mid or upper back: "pain between the shoulder blades" (NHS: urgent);
    - both legs, pins-and-needles or numbness, or leg symptoms spreading further than before:
      the questions about both legs, as these can be early signs of nerve trouble (NHS; NICE
      NG59; cauda equina syndrome patient card; McKenzie: spreading means stop and ask).
    """
    locations, qualities = _signals(locations, qualities)
    if "both_legs" in locations:
        return CHECKLIST_START_FOR_LOCATION["both_legs"]
    if "mid_upper_back" in locations:
        return CHECKLIST_START_FOR_LOCATION["mid_upper_back"]
    if qualities.intersection(CHECKLIST_QUALITIES) or spreading is True:
        return "both_legs"
    return None


def signals_need_checklist(
    locations: Iterable[str] = (), qualities: Iterable[str] = (), spreading: bool | None = None
) -> bool:
    """True when a check-in's body signals call for the red-flag checklist (see checklist_start)."""
    return checklist_start(locations, qualities, spreading) is not None


def record_screening(
    answers: Iterable[str], trigger: str, now: datetime, session_id: int | None = None
) -> TriageResult:
    """Classify and store one screening; an emergency or urgent outcome starts a hold.

    The screening row and its hold are written in one transaction, so the hold can never be
    missing for a stored warning sign.
    """
    result = classify(answers)
    if trigger not in TRIGGERS:
        raise ValueError(f"Unknown screening trigger: {trigger!r}.")
    if not isinstance(now, datetime):
        raise ValueError("The screening time must be a datetime.")
    if session_id is not None and Session.get_or_none(Session.id == session_id) is None:
        raise ValueError(f"There is no session {session_id} to link this screening to.")
    with db.atomic():
        row = RedFlagScreening.create(
            at=now,
            session=session_id,
            answers=result.answers,
            outcome=result.outcome,
            trigger=trigger,
        )
        if result.stops_session:
            RedFlagHold.create(
                started_at=now, screening=row.id, flags=result.answers, outcome=result.outcome
            )
    return TriageResult(result.outcome, result.flags, result.advice, result.headline, row.id)


def paused_since() -> datetime | None:
    """When the oldest open hold began, or None when exercise is not on hold."""
    row = (
        RedFlagHold.select(RedFlagHold.started_at)
        .where(RedFlagHold.ended_at.is_null())
        .order_by(RedFlagHold.started_at, RedFlagHold.id)
        .first()
    )
    return None if row is None else row.started_at


def needs_first_screening() -> bool:
    """True until the person has answered the red-flag checklist once (before a first session)."""
    return not RedFlagScreening.select().exists()


def last_screening() -> RedFlagScreening | None:
    return (
        RedFlagScreening.select()
        .order_by(RedFlagScreening.at.desc(), RedFlagScreening.id.desc())
        .first()
    )
