"""Listening to the body during a session: a check-in linked to it, and what its answers mean.

- pain above 5/10: stop this exercise or move to its easier variant (Silbernagel 2007);
- leg symptoms spreading further: the session stops, with advice to get checked (clinical
  reference);
- a red flag found by the checklist the check-in opens: the session stops (NHS; NICE NG59); so
  it does when symptoms that call for that checklist were reported and it was left unanswered.
The check-in and the checklist are stored by their own screens; a skip for pain is stored here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backtui.session import store

if TYPE_CHECKING:
    from backtui.tui.session.screen import SessionScreen

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
    from backtui.db.models import CheckIn, RedFlagScreening

    screening = RedFlagScreening.select().order_by(RedFlagScreening.id.desc()).first()
    checkin = CheckIn.select().order_by(CheckIn.id.desc()).first()
    return (screening.id if screening else 0), (checkin.id if checkin else 0)


def _added(marks: tuple[int, int], session_id: int):
    """What the check-in stored: its row (or None), whether a checklist was answered, and the
    worst outcome if it stops the session. Read from the database, which both screens write."""
    from backtui.db.models import CheckIn, RedFlagScreening

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


async def listen_to_checkin(screen: SessionScreen) -> None:
    from backtui.checkin import triage
    from backtui.tui.checkin.screen import CheckInScreen

    session_id = screen.session_id
    marks = await screen.lane.run(_marks)
    await screen.app.push_screen(
        CheckInScreen(moment="during", session_id=session_id), wait_for_dismiss=True
    )
    if not screen.live():
        return
    checkin, screened, worst = await screen.lane.run(_added, marks, session_id)
    if worst is not None:  # the checklist has shown what to do; the session stops here
        screen.finish("ended_early", ask_after=False)
        return
    if checkin is None:
        return
    if not screened and triage.signals_need_checklist(
        checkin.locations or (), checkin.qualities or (), checkin.spreading
    ):
        screen.finish("ended_early", UNANSWERED_ADVICE)
        return
    signal = store.during_signal(checkin.pain, checkin.spreading)
    if signal == "spreading":
        screen.finish("ended_early", SPREADING_ADVICE)
    elif signal == "high_pain":
        await _high_pain(screen, checkin.pain)
    else:
        screen.notify(
            f"Pain {checkin.pain}/10 noted. That is fine while exercising: carry on gently."
        )


async def _high_pain(screen: SessionScreen, pain: int) -> None:
    from backtui.tui.session.modals import PainAdviceScreen

    item = screen.flow.current
    if item is None:
        return
    easier = await screen.lane.run(store.easier_item, item.easier)
    choice = await screen.app.push_screen(
        PainAdviceScreen(pain, item.name, easier.name if easier else None),
        wait_for_dismiss=True,
    )
    if not screen.live():
        return
    if choice == "end":
        screen.finish("ended_early")
    elif choice == "easier" and easier is not None:
        screen.lane.fire(
            store.log_skip,
            screen.session_id,
            item.exercise_id,
            "pain",
            f"pain {pain}/10; moved to {easier.name}",
            now=screen.app.now(),
        )
        screen.flow.replace_current(easier)
        screen.show()
    else:
        screen.skip_current("pain", f"pain {pain}/10 during the session")


async def guarded(screen: SessionScreen, work) -> None:
    """Run a listening step; a database failure is shown, and the session carries on."""
    try:
        await work
    except Exception as error:  # noqa: BLE001 - shown to the person; nothing else to undo
        screen.notify(f"Could not read the check-in: {error}", severity="error", timeout=10)
