"""Listening to the body during a session: a check-in linked to it, and what its answers mean.

The whole check-in is judged by ``checkin.advice`` (its RULES cite their sources):
- "stop this exercise" (pain above 5/10, a rise of 2+, sharp, burning, pins and needles or
  numbness, one leg, buttock, pain moving down the leg): say why, and offer the easier variant;
- "end the session" (spreading leg symptoms, both legs): the session stops, with advice to get
  checked (clinical reference, Symptom qualities during exercise);
- during a back-extension exercise, one more question: is the pain moving towards the spine (a
  good sign) or down the leg (stop)? (McKenzie; Donelson 1990);
- a red flag found by the checklist the check-in opens: the session stops (NHS; NICE NG59); so
  it does when symptoms that call for that checklist were reported and it was left unanswered.
The check-in and the checklist are stored by their own screens (opened through the app); a skip
for pain is stored by the session screen. These steps report to the session screen with messages.
"""

from __future__ import annotations

from collections.abc import Awaitable

from textual.message_pump import MessagePump

from backtui.checkin import triage
from backtui.checkin.advice import EXTENSION_SLUGS, DuringAdvice, advise_checkin
from backtui.checkin.checkins import add_exercise_details, save_checkin
from backtui.db.models import CheckIn, RedFlagScreening
from backtui.session import store
from backtui.session.flow import FlowItem
from backtui.tui.db_lane import DbLane
from backtui.tui.session.messages import (
    CheckInHandled,
    ExerciseRatingHandled,
    PainAdviceAnswered,
)
from backtui.tui.session.modals import PainAdviceScreen, WherePainMovesScreen

SPREADING_ADVICE = (
    "Stop for today: pain is spreading down your leg",
    "When pain travels further down the leg than before, exercising on can irritate the nerve. "
    "Rest in a comfortable position, and talk to a doctor or physiotherapist before your next "
    "session. If both legs are affected, or you notice numbness between your legs or changes in "
    "your bladder or bowels, call the emergency number or go to A&E now.",
)
UNANSWERED_ADVICE = (
    "Session stopped to be safe",
    "You reported symptoms that need the warning-sign checklist, and it was not answered. "
    "When you are ready, press c for a check-in and go through it before exercising again.",
)


def _marks() -> tuple[int, int]:
    """The newest screening and check-in ids, so what the check-in adds can be found after."""
    screening = RedFlagScreening.select().order_by(RedFlagScreening.id.desc()).first()
    checkin = CheckIn.select().order_by(CheckIn.id.desc()).first()
    return (screening.id if screening else 0), (checkin.id if checkin else 0)


def _added(marks: tuple[int, int], session_id: int):
    """What the check-in stored: its row (or None), whether a checklist was answered, and the
    worst outcome if it stops the session. Read from the database, which both screens write."""
    outcomes = {
        row.outcome for row in RedFlagScreening.select().where(RedFlagScreening.id > marks[0])
    }
    worst = next((o for o in ("emergency", "urgent") if o in outcomes), None)
    checkin = (
        CheckIn.select()
        .where(CheckIn.id > marks[1], CheckIn.session == session_id)
        .order_by(CheckIn.id.desc())
        .first()
    )
    return checkin, bool(outcomes), worst


def meaning(
    checkin: CheckIn | None, screened: bool, worst: str | None, advice: DuringAdvice | None
) -> CheckInHandled:
    """What a check-in during the session means for it (the rules are in the module's text)."""
    if worst is not None:  # the checklist has shown what to do; the session stops here
        return CheckInHandled("stop", ask_after=False)
    if checkin is None or advice is None:
        return CheckInHandled("nothing")
    if not screened and triage.signals_need_checklist(
        checkin.locations or (), checkin.qualities or (), checkin.spreading
    ):
        return CheckInHandled("stop", advice=UNANSWERED_ADVICE)
    if advice.action == "end_session":
        words = SPREADING_ADVICE if checkin.spreading else (advice.headline, advice.message)
        return CheckInHandled("stop", advice=words)
    reasons = tuple(r.words for r in (*advice.good_signs, *advice.reasons))
    if advice.action == "stop_exercise":
        return CheckInHandled("stop_exercise", pain=checkin.pain, reasons=reasons)
    return CheckInHandled(
        "noted", pain=checkin.pain, words=f"Pain {checkin.pain}/10 noted. " + advice.message
    )


def _details(checkin: CheckIn, item: FlowItem, centralising: bool | None) -> DuringAdvice:
    """Link the check-in to the exercise being done, then judge all of it."""
    stored = add_exercise_details(
        checkin.id, exercise_id=item.exercise_id, centralising=centralising
    )
    return advise_checkin(stored, item.slug)


async def listen_to_checkin(
    screen: MessagePump, lane: DbLane, session_id: int, item: FlowItem | None
) -> None:
    """Open a check-in linked to the session (and to ``item``, the exercise being done, if any),
    ask where the pain moves during an extension exercise, then tell ``screen`` what it means."""
    marks = await lane.run(_marks)
    await screen.app.open_checkin(moment="during", session_id=session_id, wait_for_dismiss=True)
    checkin, screened, worst = await lane.run(_added, marks, session_id)
    advice = None
    if checkin is not None and worst is None:
        if item is None:
            advice = await lane.run(advise_checkin, checkin)
        else:
            centralising = None
            if item.slug in EXTENSION_SLUGS:
                centralising = await screen.app.push_screen(
                    WherePainMovesScreen(item.name), wait_for_dismiss=True
                )
            advice = await lane.run(_details, checkin, item, centralising)
    screen.post_message(meaning(checkin, screened, worst, advice))


async def ask_about_pain(
    screen: MessagePump, lane: DbLane, handled: CheckInHandled, item: FlowItem
) -> None:
    """The check-in says stop ``item``: say why, offer its easier variant or the end, and tell
    ``screen`` the answer."""
    easier = await lane.run(store.easier_item, item.easier)
    choice = await screen.app.push_screen(
        PainAdviceScreen(item.name, easier.name if easier else None, handled.reasons),
        wait_for_dismiss=True,
    )
    screen.post_message(PainAdviceAnswered(choice, handled.pain, item, easier))


def _rate(session_id: int, item: FlowItem, pain: int, now) -> str:
    """Store the pain typed after ``item``'s last set, about that exercise; its advice in words."""
    checkin = save_checkin(
        pain, moment="during", now=now, session_id=session_id, exercise_id=item.exercise_id
    )
    advice = advise_checkin(checkin, item.slug)
    if advice.action == "carry_on":
        return f"{item.name}: pain {pain}/10 noted. {advice.message}"
    reasons = " ".join(r.words for r in advice.reasons)
    return (
        f"{item.name}: {reasons} Leave it for the rest of today; backtui takes it into account "
        "when it suggests next time's dose."
    )


async def rate_exercise(
    screen: MessagePump, lane: DbLane, session_id: int, item: FlowItem, pain: int
) -> None:
    """Store the pain asked for after an exercise, and tell ``screen`` its advice."""
    text = await lane.run(_rate, session_id, item, pain, screen.app.now())
    screen.post_message(ExerciseRatingHandled(text))


async def guarded(screen: MessagePump, step: Awaitable[None]) -> None:
    """Run a listening step; a database failure is shown, and the session carries on."""
    try:
        await step
    except Exception as error:  # noqa: BLE001 - shown to the person; nothing else to undo
        screen.app.notify(f"Could not read the check-in: {error}", severity="error", timeout=10)
