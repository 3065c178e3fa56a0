"""A person's own exercise: name, kind, how it is dosed, the dose, form cues and mistakes.

The form saves through ``library.add_user_exercise`` on a thread worker and shows its message when
something needs fixing. It dismisses with (slug, name) of the new exercise, or None.
"""

from __future__ import annotations

from peewee import DatabaseError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from backtui.db.storage import StorageError
from backtui.plan.library import add_user_exercise
from backtui.plan.snapshot import KIND_LABELS
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.shown import dismiss_if_shown, while_shown
from backtui.tui.plan.choice import PlanChoice
from backtui.tui.plan.forms import PlanModal

DOSE_TYPE_OPTIONS = [("reps", "Reps"), ("hold", "Holds"), ("minutes", "Minutes")]
NUMBER_FIELDS = (("sets", "Sets"), ("reps", "Reps"), ("hold", "Hold s"), ("minutes", "Min"))
# The number fields each dose type uses.
USED = {"reps": {"sets", "reps"}, "hold": {"sets", "reps", "hold"}, "minutes": {"minutes"}}


class UserExerciseForm(PlanModal):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the exercise."),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving."),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="plan-dialog wide", id="user-box"):
            yield Static("Your own exercise", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Name", classes="form-label")
                yield Input(
                    placeholder="e.g. Wall slide",
                    id="user-name",
                    max_length=60,
                    classes="form-input wide",
                )
            with Horizontal(classes="form-row"):
                yield Label("Kind", classes="form-label")
                yield PlanChoice(
                    list(KIND_LABELS.items()), chosen=["mobility"], multiple=False, id="user-kind"
                )
            with Horizontal(classes="form-row"):
                yield Label("Counted in", classes="form-label")
                yield PlanChoice(
                    DOSE_TYPE_OPTIONS, chosen=["reps"], multiple=False, id="user-dose-type"
                )
            with Horizontal(classes="form-row"):
                yield Label("Per side", classes="form-label")
                yield PlanChoice([(True, "each side separately")], id="user-per-side")
            with Horizontal(classes="form-row"):
                yield Label("Dose", classes="form-label")
                for key, label in NUMBER_FIELDS:
                    yield Label(label, classes="number-label")
                    yield Input(
                        id=f"user-{key}", type="integer", max_length=3, classes="form-input number"
                    )
            for n in range(1, 5):
                with Horizontal(classes="form-row"):
                    yield Label(f"Form cue {n}", classes="form-label")
                    yield Input(
                        id=f"user-cue-{n}",
                        classes="form-input wide",
                        placeholder="optional" if n > 1 else "how to do it well",
                    )
            for n in range(1, 3):
                with Horizontal(classes="form-row"):
                    yield Label(f"Mistake {n}", classes="form-label")
                    yield Input(
                        id=f"user-mistake-{n}", classes="form-input wide", placeholder="optional"
                    )
            yield Static("", id="user-error", classes="form-error")
            yield Static(
                "Tab moves on · digits or ←/→ and space pick a choice · "
                "Enter or ctrl+s saves · Escape cancels",
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#user-sets", Input).value = "1"
        self.query_one("#user-reps", Input).value = "8"
        self._dose_type_changed()
        self.query_one("#user-name", Input).focus()

    @on(PlanChoice.Changed, "#user-dose-type")
    def _dose_type_changed(self) -> None:
        used = USED[self.query_one("#user-dose-type", PlanChoice).value or "reps"]
        for key, _ in NUMBER_FIELDS:
            self.query_one(f"#user-{key}", Input).disabled = key not in used

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _number(self, key: str, dose_type: str) -> int | None:
        text = self.query_one(f"#user-{key}", Input).value.strip()
        used = key in USED[dose_type]  # fields the dose type does not use are left out
        return int(text) if used and text.lstrip("-").isdigit() else None

    def values(self) -> dict:
        dose_type = self.query_one("#user-dose-type", PlanChoice).value or "reps"
        number = lambda key: self._number(key, dose_type)  # noqa: E731
        return dict(
            name=self.query_one("#user-name", Input).value,
            kind=self.query_one("#user-kind", PlanChoice).value or "",
            dose_type=dose_type,
            sets=number("sets") or 1,
            reps=number("reps"),
            hold_seconds=number("hold"),
            minutes=number("minutes"),
            per_side=bool(self.query_one("#user-per-side", PlanChoice).values),
            cues=[self.query_one(f"#user-cue-{n}", Input).value for n in range(1, 5)],
            mistakes=[self.query_one(f"#user-mistake-{n}", Input).value for n in range(1, 3)],
        )

    def action_save(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.save(self.values())

    @work(thread=True, exclusive=True)
    def save(self, values: dict) -> None:
        name, kind, dose_type = values.pop("name"), values.pop("kind"), values.pop("dose_type")
        try:
            exercise = add_user_exercise(name, kind, dose_type, **values)
        except ValueError as problem:
            self.app.call_from_thread(self._problem, str(problem))
            return
        except (DatabaseError, StorageError, OSError) as error:
            self.app.call_from_thread(self._problem, f"Could not save the exercise: {error}")
            return
        self.app.call_from_thread(dismiss_if_shown, self, (exercise.slug, exercise.name))

    @while_shown
    def _problem(self, message: str) -> None:
        self._busy = False
        self.query_one("#user-error", Static).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)
