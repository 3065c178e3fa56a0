"""What a check-in during a session means, read from all of it: the number, the kind of pain, where
it is, whether it spreads, and how far it rose since before the session.

One table, RULES, holds every rule with its source. A check-in that matches any stopping rule is
answered "stop this exercise" (with its easier variant offered where there is one) or "end the
session"; it is never answered "carry on". Only a check-in that matches none is "carry on gently".
Red flags stay the checklist's to judge (checkin.triage): ``checklist_at`` says where it opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from backtui.checkin.measures import ACCEPTABLE_MAX, CHANGE_POINTS, validate_rating
from backtui.checkin.triage import checklist_start
from backtui.db.models import LOCATIONS, QUALITIES, CheckIn

# Most serious last: the advice is the most serious action any matching rule asks for.
ACTIONS = ("carry_on", "stop_exercise", "end_session")
# Back-extension exercises, where pain moving towards the spine is the response hoped for
# (McKenzie; Donelson 1990).
EXTENSION_SLUGS = ("prone_press_up", "sphinx")
NERVE_QUALITIES = ("sharp", "burning", "pins_needles_numbness")
LEG_PLACES = ("one_leg", "both_legs")
# during_signal's old answers, kept for screens that ask the short question.
SIGNALS = {"carry_on": "ok", "stop_exercise": "high_pain", "end_session": "spreading"}

_SILBERNAGEL = "Silbernagel et al., Am J Sports Med 2007;35:897 (pain above 5/10 is high risk)"
_QUALITY = "Clinical reference, Symptom qualities during exercise"
_MCKENZIE = "McKenzie; Donelson 1990 (clinical reference, Symptom qualities during exercise)"
_CES = "NHS; NICE NG59; cauda equina syndrome patient card (backes.org.uk)"
_FARRAR = "Farrar et al., Pain 2001 (2 points is a meaningful change); Silbernagel 2007"


@dataclass(frozen=True)
class DuringCheckIn:
    """The parts of a during-session check-in that the rules read."""

    pain: int
    locations: tuple[str, ...] = ()
    qualities: tuple[str, ...] = ()
    spreading: bool | None = None
    centralising: bool | None = None
    pain_before: int | None = None  # the session's "before" score, when given
    exercise_slug: str | None = None  # the exercise being done, when known

    @property
    def rise(self) -> int | None:
        return None if self.pain_before is None else self.pain - self.pain_before


@dataclass(frozen=True)
class Rule:
    code: str
    action: str  # one of ACTIONS; "carry_on" rows are good signs
    applies: Callable[[DuringCheckIn], bool]
    words: str  # plain words; {pain}, {pain_before}, {rise} are filled in
    source: str


def _moving_in(c: DuringCheckIn) -> bool:
    return c.centralising is True and c.spreading is not True


# fmt: off
RULES: tuple[Rule, ...] = (
    Rule("high_pain", "stop_exercise", lambda c: c.pain > ACCEPTABLE_MAX,
         "Your pain is {pain}/10. Above 5 is more than exercise should stir up.", _SILBERNAGEL),
    Rule("sharp", "stop_exercise", lambda c: "sharp" in c.qualities,
         "Sharp or stabbing pain means stop this exercise, whatever its number.", _QUALITY),
    Rule("burning", "stop_exercise", lambda c: "burning" in c.qualities,
         "Burning pain means stop this exercise, whatever its number.", _QUALITY),
    Rule("pins_needles_numbness", "stop_exercise",
         lambda c: "pins_needles_numbness" in c.qualities,
         "Pins and needles or numbness can mean a nerve is irritated: stop this exercise.",
         _QUALITY),
    Rule("one_leg", "stop_exercise", lambda c: "one_leg" in c.locations,
         "Pain in your leg can come from an irritated nerve: stop this exercise.",
         f"{_QUALITY} (nerve-tension: stop if pain runs down the leg)"),
    Rule("buttock", "stop_exercise", lambda c: "buttock" in c.locations,
         "Pain in your buttock can travel from your back, like leg pain: stop this exercise.",
         _MCKENZIE),
    Rule("mid_upper_back", "stop_exercise", lambda c: "mid_upper_back" in c.locations,
         "Pain high in your back, between the shoulder blades, needs the warning-sign questions "
         "before you go on.", "NHS (back pain: when to see a GP urgently); NICE NG59"),
    Rule("rise", "stop_exercise", lambda c: (c.rise or 0) >= CHANGE_POINTS,
         "Your pain has gone up {rise} points since before the session ({pain_before} to "
         "{pain}/10).", _FARRAR),
    Rule("peripheralising", "stop_exercise", lambda c: c.centralising is False,
         "Pain moving down your leg during this exercise means it does not suit your back "
         "today: stop it.", _MCKENZIE),
    Rule("spreading", "end_session", lambda c: c.spreading is True,
         "Pain spreading further down your leg means stop for today and ask a doctor or "
         "physiotherapist before the next session.", _MCKENZIE),
    Rule("both_legs", "end_session", lambda c: "both_legs" in c.locations,
         "Symptoms in both legs need checking before any more exercise.", _CES),
    Rule("centralising", "carry_on", _moving_in,
         "Pain moving back towards your spine is a good sign.", _MCKENZIE),
)
# fmt: on
RULES_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Reason:
    code: str
    words: str
    source: str


HEADLINES = {
    "carry_on": "Carry on gently",
    "stop_exercise": "Stop this exercise",
    "end_session": "Stop for today",
}


@dataclass(frozen=True)
class DuringAdvice:
    action: str  # one of ACTIONS
    reasons: tuple[Reason, ...]  # why it is not "carry on"; empty when it is
    good_signs: tuple[Reason, ...]
    checklist_at: str | None  # the red flag the checklist should open at, if it should open

    @property
    def headline(self) -> str:
        return HEADLINES[self.action]

    @property
    def offer_easier(self) -> bool:
        """Offer the exercise's easier variant (where there is one) instead of going on."""
        return self.action == "stop_exercise"

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.source for r in (*self.reasons, *self.good_signs)))

    @property
    def signal(self) -> str:
        """The older three-word answer: "ok", "high_pain" or "spreading"."""
        return SIGNALS[self.action]

    @property
    def message(self) -> str:
        words = [r.words for r in (*self.good_signs, *self.reasons)]
        if self.action == "carry_on":
            words.append("That is fine while exercising: carry on gently.")
        elif self.action == "stop_exercise":
            words.append("Try the easier version of it, or skip it and go on with the next one.")
        return " ".join(words)


def _labels(values: Iterable[str], allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = tuple(values)
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown body signal: {', '.join(sorted(map(str, unknown)))}.")
    return values


def advise(checkin: DuringCheckIn) -> DuringAdvice:
    """The advice for a during-session check-in (see RULES)."""
    checkin = DuringCheckIn(
        validate_rating(checkin.pain),
        _labels(checkin.locations, LOCATIONS),
        _labels(checkin.qualities, QUALITIES),
        checkin.spreading,
        checkin.centralising,
        None if checkin.pain_before is None else validate_rating(checkin.pain_before),
        checkin.exercise_slug,
    )
    fill = {"pain": checkin.pain, "pain_before": checkin.pain_before, "rise": checkin.rise}
    matched = [rule for rule in RULES if rule.applies(checkin)]
    stops = [rule for rule in matched if rule.action != "carry_on"]
    action = max((rule.action for rule in stops), key=ACTIONS.index, default="carry_on")
    good = []
    for rule in matched:
        if rule.action == "carry_on":
            words = rule.words
            if checkin.exercise_slug in EXTENSION_SLUGS:
                words += " This exercise seems to suit your back."
            good.append(Reason(rule.code, words, rule.source))
    return DuringAdvice(
        action,
        tuple(Reason(rule.code, rule.words.format(**fill), rule.source) for rule in stops),
        tuple(good),
        checklist_start(checkin.locations, checkin.qualities, checkin.spreading),
    )


def during_signal(
    pain: int,
    spreading: bool | None,
    *,
    locations: Iterable[str] = (),
    qualities: Iterable[str] = (),
    centralising: bool | None = None,
    pain_before: int | None = None,
) -> str:
    """The short answer older screens ask for: "spreading" (end the session), "high_pain" (stop
    this exercise or go easier) or "ok". Delegates to ``advise``; pass the whole check-in."""
    during = DuringCheckIn(
        pain, tuple(locations), tuple(qualities), spreading, centralising, pain_before
    )
    return advise(during).signal


def pain_before_session(session_id: int | None) -> int | None:
    """The session's latest "before" score, or None."""
    if session_id is None:
        return None
    row = (
        CheckIn.select(CheckIn.pain)
        .where(CheckIn.session == session_id, CheckIn.moment == "before")
        .order_by(CheckIn.at.desc(), CheckIn.id.desc())
        .first()
    )
    return None if row is None else row.pain


def advise_checkin(checkin: CheckIn, exercise_slug: str | None = None) -> DuringAdvice:
    """The advice for a stored during-session check-in, with its session's pain before."""
    return advise(
        DuringCheckIn(
            checkin.pain,
            tuple(checkin.locations or ()),
            tuple(checkin.qualities or ()),
            checkin.spreading,
            checkin.centralising,
            pain_before_session(checkin.session_id),
            exercise_slug,
        )
    )
