"""The Plan's small pop-ups: a yes/no confirmation, the dose form, the days form and the weekly
target. Each returns its answer with ``dismiss``; the Plan screen does the writing.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from backtui.plan.dose import Dose, check_dose
from backtui.plan.ladder import bigger_than_a_step
from backtui.plan.weekly import DAY_NAMES
from backtui.tui.common.footer import KeyFooter
from backtui.tui.plan.choice import PlanChoice

DAY_OPTIONS = [(day, name[:3]) for day, name in enumerate(DAY_NAMES)]


class PlanModal(ModalScreen):
    """A centred box with the Plan's styles."""

    CSS_PATH = "plan_forms.tcss"


class ConfirmScreen(PlanModal):
    """A question answered with y (the action named by ``yes``) or n / escape (keep things)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="Go ahead."),
        Binding(
            "n,escape", "answer(False)", "No", key_display="n", tooltip="Keep things as they are."
        ),
    ]

    def __init__(self, question: str, *, yes: str, no: str = "keep things as they are") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="plan-dialog"):
            yield Static(self.question, id="confirm-question")
            yield Static(f"y {self.yes} · n or Escape: {self.no}", classes="muted")
        yield KeyFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def _whole(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{what} must be a whole number.")
    return int(text)


# Which fields a dose type has: (field, label, Dose attribute)
DOSE_FIELDS = {
    "reps": (("sets", "Sets"), ("reps", "Reps per set")),
    "hold": (("sets", "Sets"), ("reps", "Holds per set"), ("hold_seconds", "Seconds each hold")),
    "minutes": (("minutes", "Minutes"),),
}


def read_dose(dose_type: str, values: dict[str, str], *, per_side: bool, name: str) -> Dose:
    """Check typed-in numbers as a dose; ValueError in plain words names what to fix."""
    labels = dict(DOSE_FIELDS[dose_type])
    numbers = {key: _whole(values.get(key, ""), labels[key]) for key in labels}
    return check_dose(
        dose_type,
        numbers.get("sets"),
        numbers.get("reps"),
        numbers.get("hold_seconds"),
        numbers.get("minutes"),
        per_side=per_side,
        name=name,
    )


class DoseForm(PlanModal):
    """Change one plan item's dose. Dismisses with set_dose's keyword arguments, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the new dose."),
        Binding("escape", "cancel", "Cancel", tooltip="Keep the dose as it is."),
    ]

    def __init__(self, name: str, dose: Dose, beginner: str | None = None) -> None:
        super().__init__()
        self.exercise_name = name
        self.dose = dose
        self.beginner = beginner

    def compose(self) -> ComposeResult:
        with Vertical(classes="plan-dialog"):
            yield Static(f"Dose for {escape(self.exercise_name)}", classes="dialog-title")
            side = " The count is for each side." if self.dose.per_side else ""
            yield Static(f"Now: {self.dose.label()}.{side}", classes="muted")
            for key, label in DOSE_FIELDS[self.dose.dose_type]:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    value = getattr(self.dose, key)
                    yield Input(
                        "" if value is None else str(value),
                        id=f"dose-{key}",
                        classes="form-input",
                        max_length=4,
                    )
            yield Static("", id="dose-error", classes="form-error")
            yield Static(
                "Enter or ctrl+s saves · Escape cancels. Change a dose gently: a "
                "step of one or two at a time.",
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        values = {
            key: self.query_one(f"#dose-{key}", Input).value
            for key, _ in DOSE_FIELDS[self.dose.dose_type]
        }
        try:
            dose = read_dose(
                self.dose.dose_type, values, per_side=self.dose.per_side, name=self.exercise_name
            )
        except ValueError as problem:
            self.query_one("#dose-error", Static).update(str(problem))
            return
        keys = [key for key, _ in DOSE_FIELDS[self.dose.dose_type]]
        values = {key: getattr(dose, key) for key in keys}
        jump = bigger_than_a_step(self.dose, dose)
        if jump is None:
            self.dismiss(values)
            return

        def answered(save_anyway: bool | None) -> None:
            if save_anyway:
                self.dismiss(values)

        self.app.push_screen(
            ConfirmScreen(jump, yes="save it anyway", no="change the numbers"), answered
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class DaysForm(PlanModal):
    """Pick the weekdays for an exercise. Dismisses with a sorted list of weekdays, or None."""

    BINDINGS = [
        Binding("enter,ctrl+s", "save", "Save", key_display="⏎", tooltip="Save these days."),
        Binding("escape", "cancel", "Cancel", tooltip="Leave the days as they were."),
    ]

    def __init__(self, title: str, days: list[int] | tuple[int, ...], note: str = "") -> None:
        super().__init__()
        self.heading = title
        self.days = list(days)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="plan-dialog days"):
            yield Static(escape(self.heading), classes="dialog-title")
            yield PlanChoice(DAY_OPTIONS, chosen=self.days, id="days")
            yield Static("", id="days-error", classes="form-error")
            yield Static(
                "1-7 tick or untick a day (1 = Monday) · ←/→ and space also work · "
                "Enter saves · Escape cancels" + (f"\n{self.note}" if self.note else ""),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(PlanChoice).focus()

    def action_save(self) -> None:
        days = self.query_one(PlanChoice).values
        if not days:
            self.query_one("#days-error", Static).update("Choose at least one day of the week.")
            return
        self.dismiss(sorted(days))

    def action_cancel(self) -> None:
        self.dismiss(None)


TARGET_HINT = (
    "How many sessions a week you aim for. Two or three is a good start; walking plans use five. "
    "Steady beats a lot: a short session on a planned day counts."
)


class TargetForm(PlanModal):
    """The weekly target, 1-7 sessions. Dismisses with the number, or None."""

    BINDINGS = [
        Binding("enter,ctrl+s", "save", "Save", key_display="⏎", tooltip="Save the target."),
        Binding("escape", "cancel", "Cancel", tooltip="Keep the target as it is."),
        Binding("left,minus", "step(-1)", "Fewer", key_display="←"),
        Binding("right,plus,equals_sign", "step(1)", "More", key_display="→"),
        *[Binding(str(n), f"set({n})", show=False) for n in range(1, 8)],
    ]

    def __init__(self, target: int, planned_days: int | None = None) -> None:
        super().__init__()
        self.target = min(7, max(1, target))
        self.planned_days = planned_days

    def compose(self) -> ComposeResult:
        with Vertical(classes="plan-dialog"):
            yield Static("Weekly target", classes="dialog-title")
            yield Static("", id="target-value")
            yield Static(TARGET_HINT, classes="muted")
            yield Static("Press 1-7, or ←/→ · Enter saves · Escape cancels", classes="muted")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        dots = "●" * self.target + "○" * (7 - self.target)
        word = "session" if self.target == 1 else "sessions"
        text = f"[b]{self.target}[/b] {word} a week  {dots}"
        days = self.planned_days
        if days and self.target > days:
            text += (
                f"\n[dim]Your plan has exercises on {days} days; extra sessions count too.[/dim]"
            )
        self.query_one("#target-value", Static).update(text)

    def action_step(self, step: int) -> None:
        self.action_set(self.target + step)

    def action_set(self, value: int) -> None:
        self.target = min(7, max(1, value))
        self._show()

    def action_save(self) -> None:
        self.dismiss(self.target)

    def action_cancel(self) -> None:
        self.dismiss(None)
