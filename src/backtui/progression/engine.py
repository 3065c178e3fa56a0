"""The progression engine: after a session and its next-morning check-in, decide for each exercise
done whether to progress, hold or step back. Pure functions over plain values; the database side
(gathering inputs in backtui.progression.inputs; storing and applying decisions in
backtui.progression.store) never reaches in here.

The rules follow the pain-monitoring model (Silbernagel et al., Am J Sports Med 2007;35:897, after
Thomeé 1997):
- pain during exercise may reach 5/10, and pain after it may reach 5/10;
- by the next morning pain must be back to the person's usual level;
- pain and stiffness must not rise from week to week.
All rules held and the session felt easy: progress a little. Held at the limit: hold. A rule broken:
step back, and hold in the session after it. Broken two sessions running, or leg symptoms spreading:
suggest seeing a clinician, and step nothing up until a session goes well.

backtui's own definitions (choices, not findings):
- "felt easy" = pain during and after at most 3/10 (well inside the 2-5 "acceptable" zone), back
  to usual next morning, effort (when given) at most 6/10, and pain not creeping up this week;
- "back to usual" = next-morning pain no higher than the person's usual level (the median of their
  standalone and next-morning check-ins over the two weeks before the session; see
  progression.inputs). One point above is "at the limit" (hold); two or more is a broken rule, as
  2 points is a change people notice (Farrar 2001);
- "rising week to week" = this week's average at least 1 point above last week's (0.5 = at limit);
- missing data holds: without a next-morning check-in nothing steps up;
- pain during one exercise (asked after its last set, or a check-in during it) counts for that
  exercise only: an exercise that hurt is judged on its own, not hidden among the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from backtui.plan.dose import Dose
from backtui.plan.ladder import Limits, Step, Variant, step_back, step_up

PAIN_LIMIT = 5  # Silbernagel 2007: pain during and after may reach 5/10
COMFORTABLE_PAIN = 3  # backtui's line for "felt easy"
EASY_EFFORT = 6  # effort 0-10; above this the session did not feel easy
MEANINGFUL_CHANGE = 2  # points on the 0-10 scale people notice (Farrar 2001)
WEEKLY_RISE_BROKEN = 1.0
WEEKLY_RISE_LIMIT = 0.5
# Pacing (Fordyce; Lindström 1992: grow by quota, not by how today feels). The session counts are a
# heuristic: one step up per 2 sessions, and per 3 sessions in the first two weeks ("start slow").
PACING_SESSIONS = 2
START_SLOW_DAYS = 14
START_SLOW_PACING = 3
# Weekly volume may grow by about 10%: a running-training heuristic with weak evidence. The first
# step of a week is always allowed, so a small plan is never frozen by it.
WEEKLY_GROWTH_CAP = 0.10


@dataclass(frozen=True)
class ItemState:
    """One planned exercise as it stood in the session, and how it went."""

    name: str
    dose: Dose
    beginner: Dose
    limits: Limits = Limits()
    easier: Variant | None = None
    harder: Variant | None = None
    sessions_since_step: int = 1  # sessions at this dose, this one included
    days_per_week: int = 3
    sets_done: int | None = None  # None: all planned sets were done
    skip_reason: str | None = None  # models.SKIP_REASONS
    pain_during: int | None = None  # the highest score logged about this exercise itself


@dataclass(frozen=True)
class SessionOutcome:
    """What the body said about one session (0-10 scores; None when not logged)."""

    pain_during: int | None = None  # the highest during score not about one exercise
    pain_after: int | None = None
    pain_next_morning: int | None = None
    baseline: float | None = None  # the usual level (progression.inputs.usual_for)
    effort: int | None = None
    spreading: bool = False
    weekly_pain_rise: float | None = None  # this week's average minus last week's
    weekly_stiffness_rise: float | None = None


@dataclass(frozen=True)
class Context:
    start_slow: bool = False
    paused: bool = False  # a red-flag hold: only a clinician's clearance or a withdrawal lifts it
    flare_up: bool = False  # within the days after a flare-up (checkin.flareup.HOLD_DAYS)
    previous_broke: bool = False  # the session evaluated before this one broke a rule
    awaiting_good_checkin: bool = False  # after a see-a-clinician suggestion
    week_volume_baseline: float = 0.0  # seconds of work a week as the week began
    week_volume_growth: float = 0.0  # growth already accepted or suggested this week


@dataclass(frozen=True)
class Verdict:
    status: str  # held | limit | missing | broken
    broken: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    spreading: bool = False


@dataclass(frozen=True)
class Decision:
    action: str  # one of models.DECISION_ACTIONS
    from_dose: Dose
    reason: str
    to_dose: Dose | None = None
    to_exercise: str | None = None  # slug, when moving to a variant


@dataclass(frozen=True)
class EngineState:
    """What carries from one evaluated session to the next."""

    previous_broke: bool = False
    awaiting_good_checkin: bool = False


@dataclass(frozen=True)
class SessionDecisions:
    """Everything decided about one session: a decision per exercise done, and the state to carry
    to the next session (None: leave the stored state as it is)."""

    decisions: tuple[Decision, ...]
    new_state: EngineState | None


def _join(parts) -> str:
    """ "a", "a and b", "a, b and c" (", and" when a part has its own "and")."""
    parts = list(parts)
    if len(parts) == 1:
        return parts[0]
    last = ", and " if any(" and " in part for part in parts) else " and "
    return ", ".join(parts[:-1]) + last + parts[-1]


def _scores(pairs: list[tuple[int, str]]) -> str:
    """ "3 during", "3 during and after", "3 during and 2 after"."""
    if len(pairs) == 2 and pairs[0][0] == pairs[1][0]:
        return f"{pairs[0][0]} during and after"
    return " and ".join(f"{value} {when}" for value, when in pairs)


def _level(value: float) -> str:
    """A usual level as people write it: "3", or "3.5" for a median between two scores."""
    return f"{value:g}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def judge(o: SessionOutcome) -> Verdict:
    """Apply the pain-monitoring rules to one session's scores."""
    broken: list[str] = []
    limits: list[str] = []
    missing: list[str] = []
    good: list[str] = []
    bands: dict[str, list[tuple[int, str]]] = {"broken": [], "limit": [], "calm": []}
    for value, when in ((o.pain_during, "during"), (o.pain_after, "after")):
        if value is not None:
            band = (
                "broken" if value > PAIN_LIMIT else "limit" if value > COMFORTABLE_PAIN else "calm"
            )
            bands[band].append((value, when))
    if bands["broken"]:
        broken.append(f"pain reached {_scores(bands['broken'])} (the limit is {PAIN_LIMIT})")
    if bands["limit"]:
        limits.append(f"pain reached {_scores(bands['limit'])}, close to the limit of {PAIN_LIMIT}")
    if bands["calm"]:
        good.append(f"pain stayed at {_scores(bands['calm'])}")
    if o.pain_during is None and o.pain_after is None:
        missing.append("no pain score was logged during or after the session")
    morning = o.pain_next_morning
    if morning is None:
        missing.append("there is no next-morning check-in")
    elif o.baseline is not None:
        if morning >= o.baseline + MEANINGFUL_CHANGE:
            broken.append(f"pain was {morning} next morning, above your usual {_level(o.baseline)}")
        elif morning > o.baseline:
            above = "a point" if morning - o.baseline == 1 else "a little"
            limits.append(
                f"pain was {morning} next morning, {above} above your usual {_level(o.baseline)}"
            )
        else:
            good.append(f"was back to {morning} next morning")
    elif morning > PAIN_LIMIT:
        broken.append(f"pain was {morning} next morning")
    elif morning > COMFORTABLE_PAIN:
        limits.append(f"pain was {morning} next morning")
    else:
        good.append(f"was {morning} next morning")
    for rise, what in ((o.weekly_pain_rise, "pain"), (o.weekly_stiffness_rise, "stiffness")):
        if rise is None:
            continue
        if rise >= WEEKLY_RISE_BROKEN:
            broken.append(f"{what} this week averages {rise:.1f} points above last week")
        elif rise >= WEEKLY_RISE_LIMIT:
            limits.append(f"{what} crept up a little compared with last week")
    if o.effort is not None and o.effort > EASY_EFFORT:
        limits.append(f"it felt hard (effort {o.effort}/10)")
    if broken or o.spreading:
        status = "broken"
    elif missing:
        status = "missing"
    elif limits:
        status = "limit"
    else:
        status = "held"
    return Verdict(status, tuple(broken), tuple(limits), tuple(missing), tuple(good), o.spreading)


def _back(item: ItemState) -> Step | None:
    return step_back(item.dose, item.beginner, item.easier)


def _change(item: ItemState, action: str, step: Step, why: str) -> Decision:
    target = f"{step.variant.name} {step.dose.compact()}" if step.variant else step.dose.compact()
    return Decision(
        action,
        item.dose,
        f"{item.name} {item.dose.compact()} → {target}: {why}.",
        step.dose,
        step.variant.slug if step.variant else None,
    )


def _hold(item: ItemState, why: str, action: str = "hold") -> Decision:
    return Decision(action, item.dose, f"{item.name} stays at {item.dose.compact()}: {why}.")


def outcome_for(item: ItemState, outcome: SessionOutcome) -> SessionOutcome:
    """The session's outcome as one exercise felt it: the session-wide pain during, or this
    exercise's own score when that is higher."""
    if item.pain_during is None or (
        outcome.pain_during is not None and outcome.pain_during >= item.pain_during
    ):
        return outcome
    return replace(outcome, pain_during=item.pain_during)


def decide(item: ItemState, outcome: SessionOutcome, ctx: Context) -> Decision:
    """Decide what one exercise does next. Never progresses when any rule broke."""
    verdict = judge(outcome_for(item, outcome))
    return (
        _after_a_broken_rule(item, verdict, ctx)
        or _reason_to_wait(item, verdict, ctx)
        or _step_up_or_hold(item, verdict, ctx)
    )


def _after_a_broken_rule(item: ItemState, verdict: Verdict, ctx: Context) -> Decision | None:
    """Step back (and perhaps advise a clinician) when a rule broke; None when none did."""
    broke = list(verdict.broken)
    if item.skip_reason == "pain":
        broke.append("you skipped it because of pain")
    pain_broke = bool(broke)  # a pain rule, as opposed to "too hard"
    if item.skip_reason == "too_hard":
        broke.append("you skipped it as too hard")
    if verdict.spreading or (pain_broke and ctx.previous_broke):
        lead = (
            "leg symptoms spread further than before"
            if verdict.spreading
            else "the pain rules broke two sessions running"
        )
        advice = (
            f"{lead}. Please get advice from a GP or physiotherapist before building up "
            "again; nothing steps up until a session goes well"
        )
        back = _back(item) if broke else None
        if back is not None:
            return _change(item, "see_clinician", back, f"{_join(broke)}. Also, {advice}")
        return _hold(item, advice, action="see_clinician")
    if not broke:
        return None
    back = _back(item)
    if back is None:
        return _hold(
            item,
            f"{_join(broke)}, and this is already its gentlest dose. If it "
            "keeps hurting, leave it out and ask a physiotherapist",
        )
    return _change(item, "step_back", back, _join(broke))


def _reason_to_wait(item: ItemState, verdict: Verdict, ctx: Context) -> Decision | None:
    """Hold when nothing broke but something says not yet; None when building up may go on."""
    if ctx.paused:
        return _hold(
            item,
            "building up is paused after a warning sign, until a doctor or physiotherapist has "
            "checked you (a good day alone does not lift it)",
        )
    if ctx.flare_up:
        # Flare-ups: drop back for a few days, then build up again (NHS; Pain Toolkit; pacing).
        return _hold(item, "you are in a flare-up, so building up waits until it has settled")
    if ctx.awaiting_good_checkin:
        if verdict.status in ("held", "limit"):
            return _hold(
                item,
                "this is the first session to go well since the advice to see a "
                "clinician, so building up can resume next time",
            )
        return _hold(
            item, "after the advice to see a clinician, nothing steps up until a session goes well"
        )
    if verdict.status == "missing":
        return _hold(
            item,
            f"{_join(verdict.missing)}, so there is not enough to go on. "
            "backtui only builds up when it knows how your body responded",
        )
    if verdict.status == "limit":
        return _hold(
            item, f"{_join(verdict.limits)}, so it holds until a session feels comfortable"
        )
    if ctx.previous_broke:
        return _hold(
            item,
            "the session before broke a pain rule, so one good session comes first "
            "before anything builds up again",
        )
    if item.skip_reason is not None or (
        item.sets_done is not None and item.sets_done < item.dose.sets
    ):
        return _hold(item, "not all of it was done this time")
    pacing = START_SLOW_PACING if ctx.start_slow else PACING_SESSIONS
    if item.sessions_since_step < pacing:
        when = " in the first two weeks" if ctx.start_slow else ""
        return _hold(
            item,
            f"it has been done {_times(item.sessions_since_step)} at this dose, and backtui "
            f"waits for {pacing} sessions before a step up{when}",
        )
    return None


def _step_up_or_hold(item: ItemState, verdict: Verdict, ctx: Context) -> Decision:
    """Everything went well: one step up, unless the exercise or the week has no room for it."""
    up = step_up(item.dose, item.beginner, item.limits, item.harder, start_slow=ctx.start_slow)
    if up is None:
        if ctx.start_slow:
            return _hold(
                item,
                "the first two weeks add only one rep or hold at a time, and it "
                "is at the top of its range",
            )
        return _hold(
            item,
            "it is at the top of its range; keep it steady, or pick a harder "
            "exercise when you feel ready",
        )
    growth = (up.dose.work_seconds() - item.dose.work_seconds()) * item.days_per_week
    over = ctx.week_volume_growth + growth > WEEKLY_GROWTH_CAP * ctx.week_volume_baseline
    if growth > 0 and ctx.week_volume_growth > 0 and over:
        return _hold(
            item,
            "this week's total has already grown by about a tenth, so the next "
            "step waits for next week",
        )
    return _change(item, "progress", up, _join(verdict.good))


def decide_session(
    items: Sequence[ItemState],
    outcome: SessionOutcome,
    ctx: Context,
    state: EngineState,
    *,
    latest: bool,
) -> SessionDecisions:
    """Decide every exercise done in one session, in plan order. Each step up counts towards the
    week's growth before the next exercise is decided, so one session cannot pass the weekly cap
    (WEEKLY_GROWTH_CAP). The carried state moves on only for the ``latest`` session judged: an
    older one, judged late, must not overwrite what a newer one left."""
    decisions = []
    for item in items:
        decision = decide(item, outcome, ctx)
        if decision.action == "progress" and decision.to_dose is not None:
            added = decision.to_dose.work_seconds() - item.dose.work_seconds()
            ctx = replace(
                ctx, week_volume_growth=ctx.week_volume_growth + added * item.days_per_week
            )
        decisions.append(decision)
    new_state = advance(state, judge(outcome), list(items)) if latest else None
    return SessionDecisions(tuple(decisions), new_state)


def session_broke(verdict: Verdict, items: list[ItemState]) -> bool:
    """A session broke the rules when a pain rule broke, symptoms spread, or an exercise was
    skipped because of pain or hurt above the limit."""
    return verdict.status == "broken" or any(
        i.skip_reason == "pain" or (i.pain_during or 0) > PAIN_LIMIT for i in items
    )


def advance(state: EngineState, verdict: Verdict, items: list[ItemState]) -> EngineState:
    """The state after this session: two breaks running (or spreading) wait for a good session."""
    if session_broke(verdict, items):
        waiting = state.awaiting_good_checkin or state.previous_broke or verdict.spreading
        return EngineState(previous_broke=True, awaiting_good_checkin=waiting)
    if verdict.status == "missing":
        return state  # not enough to tell: carry the state as it was
    return EngineState()


def in_start_slow(programme_started_at: datetime | None, when: datetime) -> bool:
    """The first two weeks of a programme use the slowest rule. Unknown start: assume slow."""
    if programme_started_at is None:
        return True
    return when < programme_started_at + timedelta(days=START_SLOW_DAYS)
