"""Listening to the body during a session: a check-in linked to it, and what its answers mean.

- pain above 5/10: stop this exercise or move to its easier variant (Silbernagel 2007);
- leg symptoms spreading further: the session stops, with advice to get checked (clinical
  reference);
- a red flag found by the checklist the check-in opens: the session stops (NHS; NICE NG59); so
  it does when symptoms that call for that checklist were reported and it was left unanswered.
The check-in and the checklist are stored by their own screens (opened through the app); a skip
for pain is stored by the session screen. These steps report to the session screen with messages.
"""

from __future__ import annotations

from collections.abc import Awaitable

from textual.message_pump import MessagePump

from backtui.checkin import triage
from backtui.db.models import CheckIn, RedFlagScreening
from backtui.session import store
from backtui.session.flow import FlowItem
from backtui.tui.db_lane import DbLane
from backtui.tui.session.messages import CheckInHandled, PainAdviceAnswered
from backtui.tui.session.modals import PainAdviceScreen

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


def meaning(checkin: CheckIn | None, screened: bool, worst: str | None) -> CheckInHandled:
    """What a check-in during the session means for it (the rules are in the module's text)."""
    if worst is not None:  # the checklist has shown what to do; the session stops here
        return CheckInHandled("stop", ask_after=False)
    if checkin is None:
        return CheckInHandled("nothing")
    if not screened and triage.signals_need_checklist(
        checkin.locations or (), checkin.qualities or (), checkin.spreading
    ):
        return CheckInHandled("stop", advice=UNANSWERED_ADVICE)
    signal = store.during_signal(checkin.pain, checkin.spreading)
    if signal == "spreading":
        return CheckInHandled("stop", advice=SPREADING_ADVICE)
    if signal == "high_pain":
        return CheckInHandled("high_pain", pain=checkin.pain)
    return CheckInHandled("noted", pain=checkin.pain)


async def listen_to_checkin(screen: MessagePump, lane: DbLane, session_id: int) -> None:
    """Open a check-in linked to the session, then tell ``screen`` what it means."""
    marks = await lane.run(_marks)
    await screen.app.open_checkin(moment="during", session_id=session_id, wait_for_dismiss=True)
    checkin, screened, worst = await lane.run(_added, marks, session_id)
    screen.post_message(meaning(checkin, screened, worst))


async def ask_about_pain(screen: MessagePump, lane: DbLane, pain: int, item: FlowItem) -> None:
    """Pain is high during ``item``: offer to stop it or go easier, and tell ``screen`` the
    answer."""
    easier = await lane.run(store.easier_item, item.easier)
    choice = await screen.app.push_screen(
        PainAdviceScreen(pain, item.name, easier.name if easier else None),
        wait_for_dismiss=True,
    )
    screen.post_message(PainAdviceAnswered(choice, pain, item, easier))


async def guarded(screen: MessagePump, step: Awaitable[None]) -> None:
    """Run a listening step; a database failure is shown, and the session carries on."""
    try:
        await step
    except Exception as error:  # noqa: BLE001 - shown to the person; nothing else to undo
        screen.app.notify(f"Could not read the check-in: {error}", severity="error", timeout=10)
