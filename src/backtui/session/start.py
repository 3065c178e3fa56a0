"""What pressing "start" runs: today's plan, the next planned day, the minimum session, or the
unfinished session from earlier today; and whether the red-flag checklist must come first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backtui.checkin import triage
from backtui.checkin.flareup import FlareUpPlan, current_flare_up
from backtui.checkin.holds import Hold, active_hold
from backtui.db.models import CheckIn, Session
from backtui.history.past import PAST_CHECKINS, kept, past_end
from backtui.plan import weekly
from backtui.session.items import SessionItem, flare_up_items, minimum_items, session_items
from backtui.session.store import progress, resolve_unfinished, take_over


@dataclass(frozen=True)
class Choice:
    """One way to run a session now."""

    kind: str  # planned | minimum
    items: tuple[SessionItem, ...]
    plan_day: int | None
    label: str  # e.g. "Friday's plan", "Today's plan", "Minimum session"


@dataclass(frozen=True)
class StartOptions:
    resume: Session | None  # today's unfinished session: pressing start carries on with it
    today: Choice | None
    next_day: Choice | None  # when nothing is planned today
    minimum: Choice | None
    screening: str | None  # the checklist's trigger when it must run first, else None
    # A red-flag hold: show what was reported and what to do, and offer to record a clinician's
    # clearance or a withdrawal (checkin.holds) instead of a session.
    hold: Hold | None = None
    # A flare-up's plan for today, and in its first days the short session offered instead of
    # the plan (checkin.flareup; session.items.flare_up_items).
    flare_up: FlareUpPlan | None = None
    flare_up_session: Choice | None = None


def _planned(items, day: int, label: str) -> Choice | None:
    items = tuple(session_items(items))
    return Choice("planned", items, day, label) if items else None


def minimum_choice() -> Choice | None:
    items = tuple(minimum_items())
    return Choice("minimum", items, None, "Minimum session") if items else None


def flare_up_choice() -> Choice | None:
    items = tuple(flare_up_items())
    return Choice("minimum", items, None, "Flare-up session") if items else None


def screening_trigger(now: datetime) -> str | None:
    """Why the red-flag checklist must come before exercising now, or None.

    - before the first ever session (clinical reference: screen before starting);
    - while a red-flag hold is open (only a clinician's clearance or a withdrawal ends it): the
      person checks again before exercising (NHS; NICE NG59: do not exercise through a red flag);
    - when a check-in since the last checklist reported new or unusual symptoms (both legs,
      numbness, or leg symptoms spreading further).
    """
    if triage.needs_first_screening():
        return "first_session"
    if triage.paused_since() is not None:
        return "session"
    last = triage.last_screening()
    # The check-ins before last week are looked at once after each checklist and the answer is
    # kept while no check-in is added to them (history/past.py): years since the last checklist
    # cost what one week does. Last week and this week are read each time.
    split = max(past_end(now.date(), weekly.week_start_day()), last.at.date())
    earlier = kept(
        f"checklist signs after screening {last.id}",
        PAST_CHECKINS,
        (split.isoformat(),),
        lambda: _signal_where(CheckIn.at > last.at, CheckIn.at < split),
    )
    # One lower bound, so that the index range starts there and not at the last checklist.
    since = CheckIn.at > last.at if split == last.at.date() else CheckIn.at >= split
    if earlier or _signal_where(since, CheckIn.at <= now):
        return "body_signal"
    return None


def _signal_where(*bounds) -> bool:
    """Whether a check-in within ``bounds`` reported a sign that calls for the checklist."""
    found = CheckIn.select(CheckIn.locations, CheckIn.qualities, CheckIn.spreading).where(
        *bounds, _may_call_for_checklist()
    )
    return any(
        triage.signals_need_checklist(row.locations, row.qualities, row.spreading) for row in found
    )


def _may_call_for_checklist():
    """Check-ins whose stored signals name a checklist location or quality, or spreading: in SQL,
    so that only these are read (a few, where the record since the last checklist holds
    thousands). ``triage.signals_need_checklist`` still decides for each."""
    condition = CheckIn.spreading == True  # noqa: E712 - a SQL comparison, not Python's
    for location in triage.CHECKLIST_START_FOR_LOCATION:
        condition |= CheckIn.locations.contains(f'"{location}"')
    for quality in triage.CHECKLIST_QUALITIES:
        condition |= CheckIn.qualities.contains(f'"{quality}"')
    return condition


def start_options(now: datetime) -> StartOptions:
    """Everything the start of a session needs to decide, read in one go (off the UI thread).

    Unfinished sessions from earlier days are closed as interrupted here.
    """
    resume, _closed = resolve_unfinished(now)
    today = _planned(weekly.todays_items(now), now.weekday(), "Today's plan")
    next_day = None
    if today is None:
        following = weekly.next_planned_day(now)
        if following is not None:
            day = following[0].weekday()
            next_day = _planned(following[1], day, f"{weekly.DAY_NAMES[day]}'s plan")
    flare_up = current_flare_up(now)
    return StartOptions(
        resume=resume,
        today=today,
        next_day=next_day,
        minimum=minimum_choice(),
        screening=screening_trigger(now),
        hold=active_hold(),
        flare_up=flare_up,
        flare_up_session=flare_up_choice() if flare_up and flare_up.phase == "settle" else None,
    )


@dataclass(frozen=True)
class Resumption:
    session: Session
    items: tuple[SessionItem, ...]  # what is left to run, skipped exercises left out
    done_sets: dict[int, int]


def resumption(session_id: int) -> Resumption:
    """The items of an unfinished session, as its plan day (or the minimum session) has them now.

    Taking it over first: while another window runs it, SessionElsewhere says so and nothing
    is joined."""
    take_over(session_id)
    session = Session.get_by_id(session_id)
    if session.kind == "minimum" or session.plan_day is None:
        items = minimum_items()
    else:
        items = session_items(weekly.items_for_day(session.plan_day))
    done, skipped = progress(session_id)
    left = tuple(item for item in items if item.exercise.id not in skipped)
    return Resumption(session, left, done)
