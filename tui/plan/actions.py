"""What the Plan screen's keys do: each opens its pop-up, then hands the change to the screen's
EditLane (``self._edit``), which writes it on a thread worker and reloads the plan.

A mixin for PlanScreen, which provides ``snapshot``, ``_edit``, ``_item_or_say``, ``reload`` and
``welcome_forced``.
"""

from __future__ import annotations

from textual.widgets import OptionList

from backtui.plan import weekly
from backtui.plan.programmes import PROGRAMMES, install_programme
from backtui.plan.snapshot import (
    SuggestionRow,
    close_welcome,
    complete_welcome_step,
    programme_choices,
)

# The pop-ups (forms, pickers, the own-exercise form) are imported when a key first opens one:
# together they would add about 60 ms to the first frame (measured with -X importtime).


def progression_store():
    """The progression store, with its engine, loaded on the first use, on a worker: loaded with
    the Plan, the judging rules cost its first frame about 30 ms (-X importtime)."""
    from backtui.progression import store

    return store


class PlanActions:
    def action_add(self) -> None:
        from backtui.tui.plan.pickers import AddExerciseScreen  # lazy: see the top

        self.app.push_screen(AddExerciseScreen(), self._ask_days_and_add)

    def _ask_days_and_add(self, chosen: tuple[str, str] | None, note: str = "") -> None:
        from backtui.tui.plan.forms import DaysForm  # lazy: see the top

        if chosen is None:
            return
        slug, name = chosen
        days = (self.snapshot.training_days() if self.snapshot else []) or [0, 2, 4]

        def add(weekdays: list[int] | None) -> None:
            if weekdays is None:
                return
            now = self.app.now()
            self._edit(
                lambda: weekly.add_item(slug, weekdays, now),
                done=f"{name} is in your plan at its beginner dose.",
                select=lambda item: item.id,
            )

        self.app.push_screen(DaysForm(f"Add {name}: on which days?", days, note), add)

    def action_remove(self) -> None:
        from backtui.tui.plan.forms import ConfirmScreen  # lazy: see the top

        if (item := self._item_or_say()) is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._edit(
                    lambda: weekly.remove_item(item.id),
                    done=f"{item.name} is out of your plan. Its past sessions are kept.",
                )

        question = (
            f"Take {item.name} out of your plan? Its past sessions stay in your history, "
            "and you can add it again later with a."
        )
        self.app.push_screen(ConfirmScreen(question, yes="remove it"), answer)

    def action_move(self, delta: int) -> None:
        if (item := self._item_or_say()) is None:
            return
        where = "top" if delta < 0 else "bottom"
        self._edit(
            lambda: weekly.move_item(item.id, delta),
            done=lambda moved: None if moved else f"It is already at the {where}.",
            select=item.id,
        )

    def action_dose(self) -> None:
        from backtui.tui.plan.forms import DoseForm  # lazy: see the top

        if (item := self._item_or_say()) is None:
            return

        def save(values: dict | None) -> None:
            if values:
                self._edit(
                    lambda: weekly.set_dose(item.id, **values),
                    done=lambda row: f"{item.name} is now {weekly.dose_label(row)}.",
                    select=item.id,
                )

        self.app.push_screen(DoseForm(item.name, item.amount), save)

    def action_days(self) -> None:
        from backtui.tui.plan.forms import DaysForm  # lazy: see the top

        if (item := self._item_or_say()) is None:
            return

        def save(days: list[int] | None) -> None:
            if days is not None:
                self._edit(
                    lambda: weekly.set_weekdays(item.id, days),
                    done=f"{item.name}'s days are saved.",
                    select=item.id,
                )

        self.app.push_screen(DaysForm(f"Days for {item.name}", item.weekdays), save)

    def action_own(self) -> None:
        from backtui.tui.plan.own_exercise import UserExerciseForm  # lazy: see the top

        def made(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.notify(f"{result[1]} is saved in the library.", timeout=3)
                self._ask_days_and_add(
                    result, "Escape keeps it in the library only; add it later with a."
                )

        self.app.push_screen(UserExerciseForm(), made)

    def action_target(self) -> None:
        from backtui.tui.plan.forms import TargetForm  # lazy: see the top

        def save(target: int | None) -> None:
            if target is not None:
                now = self.app.now()

                def job() -> bool:
                    weekly.set_weekly_target(target)
                    return complete_welcome_step("target", now)

                self._edit(
                    job,
                    done=lambda finished: (
                        self._set_up_message(finished)
                        or f"Weekly target: {target} sessions a week."
                    ),
                )

        snap = self.snapshot
        target = TargetForm(snap.target if snap else 3, len(snap.training_days()) if snap else None)
        self.app.push_screen(target, save)

    def action_programme(self) -> None:
        from backtui.tui.plan.pickers import ProgrammeScreen  # lazy: see the top

        snap = self.snapshot
        current = snap.programme_slug if snap else None

        def chosen(slug: str | None) -> None:
            if slug is None:
                return
            now, name = self.app.now(), PROGRAMMES[slug].name

            def job() -> bool:
                if slug != current:
                    install_programme(slug, now)
                return complete_welcome_step("programme", now)

            verb = "Keeping" if slug == current else "Switched to"
            self._edit(
                job, done=lambda finished: self._set_up_message(finished) or f"{verb} {name}."
            )

        screen = ProgrammeScreen(programme_choices(), current, len(snap.items) if snap else 0)
        self.app.push_screen(screen, chosen)

    def _suggestion(self) -> SuggestionRow | None:
        options = self.query_one("#suggestions", OptionList)
        option = options.highlighted_option
        rows = self.snapshot.suggestions if self.snapshot else ()
        if option is None and rows:
            return rows[0]
        return next((row for row in rows if option and str(row.id) == option.id), None)

    def action_why_slowly(self) -> None:
        self.app.show_learn("start-slow")

    def action_answer(self, accept: bool) -> None:
        row = self._suggestion()
        if row is None:
            return
        now = self.app.now()
        if accept:
            self._edit(
                lambda: progression_store().accept_decision(row.id, now),
                done="Accepted: your plan is updated.",
                select=row.plan_item_id,
            )
        else:
            self._edit(
                lambda: progression_store().decline_decision(row.id, now),
                done="Declined: the dose stays as it is.",
                select=row.plan_item_id,
            )

    # --- the first-run welcome -----------------------------------------------------------------

    def _set_up_message(self, finished: bool) -> str | None:
        if finished:
            self.welcome_forced = False
            return (
                "You are set up. Press s to start a session. The welcome is in the command "
                "palette (ctrl+p) if you want it again."
            )
        return None

    def action_safety(self) -> None:
        first = (
            self.snapshot is not None
            and self.snapshot.welcome is not None
            and not (self.snapshot.welcome.safety)
        )
        trigger = "first_session" if first else "manual"

        def answered(result: object | None) -> None:
            if result is not None:
                now = self.app.now()
                self._edit(lambda: complete_welcome_step(None, now), done=self._set_up_message)

        self.app.open_red_flags(trigger, callback=answered)

    def action_psfs(self) -> None:
        self.app.open_psfs(lambda _entry: self.reload())

    def action_close_welcome(self) -> None:
        self.welcome_forced = False
        self._edit(
            close_welcome,
            done="The welcome is in the command palette (ctrl+p) if you want it again.",
        )

    def reopen_welcome(self) -> None:
        self.welcome_forced = True
        self.reload()
