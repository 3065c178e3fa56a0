"""The live session: a guided, timed, keyboard-driven session that loses nothing.

Every completed set is stored the moment enter confirms it. Timers tick once a second from the
app's monotonic clock (injected by ``make_app``, so tests can drive time), and stop while paused or
while another screen covers this one. The steps around the exercise (start, check-ins, end) run as
workers and report back with messages (``messages.py``); only this screen changes the session.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from backtui.session import store
from backtui.session.flow import FlowItem, SessionFlow, SetRecord, format_clock
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.header import KeptHeader
from backtui.tui.common.kept_styles import KeptStyles
from backtui.tui.db_lane import DbLane
from backtui.tui.session.begin import begin, wrap_up
from backtui.tui.session.figure import KIND_WORDS, ExerciseGuide, SessionFigure, cues_text
from backtui.tui.session.listen import ask_about_pain, guarded, listen_to_checkin, rate_exercise
from backtui.tui.session.messages import (
    CheckInHandled,
    ExerciseRatingHandled,
    PainAdviceAnswered,
    SessionEnded,
    SessionNotStarted,
    SessionStarted,
    SetStored,
)
from backtui.tui.session.modals import EndConfirmScreen, MistakesScreen, SkipReasonScreen
from backtui.tui.session.rating import RestRating
from backtui.tui.session.summary import SessionSummaryScreen

TICK_SECONDS = 1.0  # 1 Hz: countdowns show whole seconds, and an idle session costs almost nothing
SHORT_HEIGHT = 30  # rows below which the session's lines drop their blank margins


class SessionScreen(KeptStyles, Screen):
    TITLE = "Live session"
    CSS_PATH = "session.tcss"
    # In a short terminal the lines above the exercise give up their blank margins, so the cues
    # beside the figure (narrower than the whole width) still fit. A breakpoint, so the screen is
    # born with it (KeptStyles) and is not styled twice.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_HEIGHT, "-tall")]
    BINDINGS = [
        Binding("enter", "complete", "Done", tooltip="Complete this set (or end the rest)."),
        Binding("space", "pause", "Pause", tooltip="Pause or resume; paused timers stop."),
        Binding("n", "skip", "Skip", tooltip="Skip this exercise and say why."),
        Binding("c", "checkin", "Check-in", tooltip="How does your back feel right now?"),
        Binding("m", "mistakes", "Mistakes", tooltip="All the common mistakes of this exercise."),
        Binding("e", "end", "End", tooltip="End the session early (asks to confirm)."),
        Binding(
            "ctrl+q",
            "app.quit",
            "Quit",
            priority=True,
            tooltip="Quit; every set done so far is kept and can be resumed.",
        ),
    ]

    def __init__(self, resume_id: int | None = None) -> None:
        super().__init__()
        self.resume_id = resume_id
        self.session_id: int | None = None
        self.flow: SessionFlow | None = None
        self.bell_on = True
        self.finished = False
        self.begun = False  # see on_screen_resume
        # Sets in the file: the screen counts a set as done only once it is stored, so a crash
        # can never lose a set the screen showed as done.
        self.saved_sets = 0
        # The set being stored (enter waits for it), and whether the last one was refused.
        self.saving: SetRecord | None = None
        self.unsaved = False
        self.lane = DbLane(self)
        self._timer: Timer | None = None
        self._shown: dict[str, str | Text] = {}

    def compose(self) -> ComposeResult:
        yield KeptHeader()
        yield Static("Getting your session ready…", id="exercise", classes="screen-title")
        yield Static(id="dose")
        yield Static(id="phase")
        yield Static(id="progress")
        yield Static(id="next")
        yield RestRating(id="rating")
        yield ExerciseGuide(id="guide")
        yield KeyFooter()

    @on(SessionNotStarted)
    def _not_started(self) -> None:
        if self.is_current:
            self.app.pop_screen()

    @on(SessionStarted)
    def _started(self, started: SessionStarted) -> None:
        """The session row exists: from here the person exercises."""
        flow = started.flow
        self.session_id, self.flow, self.bell_on = started.session_id, flow, started.bell_on
        self.saved_sets = flow.sets_done  # a resumed session's earlier sets are stored already
        if flow.phase == "done":  # a resumed session with nothing left
            self.finish("completed")
            return
        self._timer = self.set_interval(TICK_SECONDS, self.tick)
        self._sync_timer()
        self.show()

    # --- time ------------------------------------------------------------------------------------

    def tick(self) -> None:
        """Bring the flow up to now, ring the bell at the end of a hold or rest, and redraw."""
        if self.flow is None or self.finished:
            return
        for event in self.flow.update():
            if event.bell and self.bell_on:
                self.app.bell()
        self.show()

    def _sync_timer(self) -> None:
        if self._timer is None or self.flow is None:
            return
        if self.flow.running and not self.finished:
            self._timer.resume()
        else:
            self._timer.pause()
        self.query_one(SessionFigure).follow(self.flow)

    def on_screen_suspend(self) -> None:
        if self.flow is not None:
            self.flow.set_suspended(True)
            self._sync_timer()

    def on_screen_resume(self) -> None:
        # Begun as it is first shown, not as it mounts: it may be built ahead (screens_ahead.py).
        if not self.begun:
            self.begun = True
            self.run_worker(
                begin(self, self.lane, self.resume_id, self.app.monotonic),
                group="session-begin",
                exit_on_error=False,
            )
        if self.flow is not None:
            self.flow.set_suspended(False)
            self._sync_timer()
            self.show()

    # --- drawing ---------------------------------------------------------------------------------

    def show(self) -> None:
        flow = self.flow
        if flow is None:
            return
        item = flow.current
        if flow.phase != "rest":
            self.query_one(RestRating).close()  # the rest is over: the question goes unanswered
        if item is None:
            self._put("phase", "All sets done.")
            return
        title = f"Up next: {item.name}" if flow.phase == "rest" else item.name
        self._put("exercise", f"{title} · {KIND_WORDS.get(item.kind, item.kind)}")
        self._put("dose", f"{item.dose} · set {flow.set_number} of {item.sets}")
        self._put("phase", self._phase_text(flow, item))
        self._put(
            "progress",
            f"Elapsed {format_clock(flow.total_elapsed)} · "
            f"{self.saved_sets} of {flow.planned_sets} sets done",
        )
        self._put("next", f"Then: {flow.next_up()}")
        self._put("cues", cues_text(item))
        self.query_one(SessionFigure).follow(flow)

    def _put(self, widget_id: str, content: str | Text) -> None:
        """Update a line only when it changed: a tick usually changes one or two of them."""
        if self._shown.get(widget_id) != content:
            self._shown[widget_id] = content
            # Names are the person's own text: never read as markup.
            shown = Text(content) if isinstance(content, str) else content
            self.query_one(f"#{widget_id}", Static).update(shown)

    def _phase_text(self, flow: SessionFlow, item: FlowItem) -> Text:
        left = format_clock(-(-(flow.remaining() or 0) // 1))  # count down in whole seconds
        side = f" ({flow.side()} side)" if flow.side() else ""
        phase, count = flow.phase, item.count_per_set
        if phase == "get_ready":
            if item.dose_type == "hold" and flow.count_index > 0:
                line = f"Relax… next hold in {left}{side}"
            else:
                line = f"Get ready… {left}{side}"
        elif phase == "work" and item.dose_type == "hold":
            line = f"HOLD {left}{side} · hold {flow.count_index + 1} of {count}"
        elif phase == "work" and item.dose_type == "minutes":
            line = f"Keep going at an easy pace: {left} left"
        elif phase == "work":
            line = f"Rep {flow.rep_count()} of {count} · slow and steady, at your own pace"
        elif phase == "set_done":
            line = "Set done? Press enter to log it."
        else:
            line = f"Rest {left} · enter starts the next set now"
        text = Text(line, style="bold")
        if self.unsaved:
            text = Text("That set was not saved · enter tries again\n", style="bold") + text
        if flow.paused:
            text = Text("PAUSED · space resumes\n", style="bold reverse") + text
        return text

    # --- keys ------------------------------------------------------------------------------------

    def live(self) -> bool:
        return self.flow is not None and self.session_id is not None and not self.finished

    def action_complete(self) -> None:
        if not self.live() or self.saving is not None:
            return
        flow = self.flow
        if flow.phase == "rest":
            flow.skip_rest()
            self.show()
            return
        self.query_one(RestRating).clear()
        record = flow.set_record()
        if record is None:
            return
        # The session moves past the set only once it is stored: a refused set stays on
        # screen, and enter tries it again.
        self.saving = record
        saving = self.lane.fire(
            store.log_set,
            self.session_id,
            record.exercise_id,
            record.set_number,
            now=self.app.now(),
            reps=record.reps,
            hold_seconds=record.hold_seconds,
            duration_seconds=record.duration_seconds,
        )
        saving.add_done_callback(lambda done: self._set_answered(record, done))

    def _set_answered(self, record: SetRecord, done) -> None:
        stored = not done.cancelled() and done.exception() is None
        if stored and store.kept(done.result()):  # the server is away: kept on this machine
            self.notify(store.SERVER_AWAY, severity="warning", timeout=10)
        self.post_message(SetStored(record, stored))

    @on(SetStored)
    def _set_stored(self, answer: SetStored) -> None:
        self.saving = None
        self.unsaved = not answer.stored
        if not answer.stored:
            self.show()  # the lane has said why; the set waits for enter
            return
        self.saved_sets += 1
        flow = self.flow
        still_there = flow.current is not None and (
            (flow.current.exercise_id, flow.set_number)
            == (answer.record.exercise_id, answer.record.set_number)
        )
        if self.finished or not still_there:
            return
        finishing, index = flow.current, flow.index
        flow.confirm_set()
        if flow.phase == "rest" and flow.index != index:  # its last set: ask how it was
            self.query_one(RestRating).ask(finishing)
        if flow.phase == "done":
            self.finish("completed")
            return
        self.show()

    def on_key(self, event) -> None:
        """A digit during the rest after an exercise answers "how was that?"."""
        if self.live() and self.query_one(RestRating).take(event.key):
            event.stop()
            event.prevent_default()

    @on(RestRating.Rated)
    def _rated(self, rated: RestRating.Rated) -> None:
        if self.live():
            self.run_worker(
                guarded(
                    self, rate_exercise(self, self.lane, self.session_id, rated.item, rated.pain)
                ),
                group="session-rate",
                exit_on_error=False,
            )

    @on(ExerciseRatingHandled)
    def _rating_handled(self, handled: ExerciseRatingHandled) -> None:
        if not self.finished:
            self.query_one(RestRating).show_advice(handled.text)

    def action_mistakes(self) -> None:
        if self.live() and self.flow.current is not None:
            item = self.flow.current
            self.app.push_screen(MistakesScreen(item.name, item.mistakes))

    def action_pause(self) -> None:
        if not self.live():
            return
        paused = self.flow.toggle_pause()
        self._sync_timer()
        self.sub_title = "Paused" if paused else ""
        self.show()

    def action_skip(self) -> None:
        if not self.live() or self.flow.current is None or self.saving is not None:
            return
        self.app.push_screen(SkipReasonScreen(self.flow.current.name), self._skip_chosen)

    def _skip_chosen(self, reason: str | None) -> None:
        if reason is not None and self.live():
            self.skip_current(reason)

    def skip_current(self, reason: str, note: str = "") -> None:
        item = self.flow.skip_exercise()
        if item is None:
            return
        self.unsaved = False  # a refused set of a skipped exercise is no longer waiting
        self.lane.fire(
            store.log_skip, self.session_id, item.exercise_id, reason, note, now=self.app.now()
        )
        if self.flow.phase == "done":
            self.finish("completed")
        else:
            self.show()

    def action_checkin(self) -> None:
        if self.live():
            # A check-in during a set is about that exercise; during a rest, about the session.
            item = self.flow.current if self.flow.phase != "rest" else None
            self.run_worker(
                guarded(self, listen_to_checkin(self, self.lane, self.session_id, item)),
                group="session-listen",
                exclusive=True,
                exit_on_error=False,
            )

    @on(CheckInHandled)
    def _checkin_handled(self, handled: CheckInHandled) -> None:
        if not self.live():
            return
        if handled.outcome == "stop":
            self.finish("ended_early", handled.advice, ask_after=handled.ask_after)
        elif handled.outcome == "stop_exercise" and self.flow.current is not None:
            self.run_worker(
                guarded(self, ask_about_pain(self, self.lane, handled, self.flow.current)),
                group="session-listen",
                exclusive=True,
                exit_on_error=False,
            )
        elif handled.outcome == "noted":
            self.notify(handled.words)

    @on(PainAdviceAnswered)
    def _pain_advice_answered(self, answer: PainAdviceAnswered) -> None:
        if not self.live():
            return
        pain, item = answer.pain, answer.item
        if answer.choice == "end":
            self.finish("ended_early")
        elif answer.choice == "easier" and answer.easier is not None:
            self.lane.fire(
                store.log_skip,
                self.session_id,
                item.exercise_id,
                "pain",
                f"pain {pain}/10; moved to {answer.easier.name}",
                now=self.app.now(),
            )
            self.flow.replace_current(answer.easier)
            self.show()
        else:
            self.skip_current("pain", f"pain {pain}/10 during the session")

    def action_end(self) -> None:
        if not self.live():
            return
        self.app.push_screen(EndConfirmScreen(self.saved_sets), self._end_chosen)

    def _end_chosen(self, confirmed: bool | None) -> None:
        if confirmed and self.live():
            self.finish("ended_early")

    # --- the end ---------------------------------------------------------------------------------

    def finish(
        self, status: str, advice: tuple[str, str] | None = None, ask_after: bool = True
    ) -> None:
        """Store the ending, show any safety advice, ask the after-session questions (not after a
        safety stop), then show the summary."""
        if self.finished:
            return
        self.finished = True
        if self._timer is not None:
            self._timer.stop()
        self.run_worker(
            wrap_up(self, self.lane, self.session_id, status, advice, ask_after and advice is None),
            group="session-end",
            exit_on_error=False,
        )

    @on(SessionEnded)
    def _ended(self, ended: SessionEnded) -> None:
        if not self.is_current:
            return
        if ended.summary is None:
            self.app.pop_screen()
        else:
            self.app.switch_screen(SessionSummaryScreen(ended.summary))
