"""A row of numbered choices for the Plan's forms: weekdays to toggle, or one kind to pick."""

from __future__ import annotations

from backtui.tui.common.choices import NumberedChoices


class PlanChoice(NumberedChoices):
    """Picking the one answer again keeps it: a form's single choice always has an answer."""

    DEFAULT_CSS = """
    PlanChoice { height: auto; width: 1fr; }
    PlanChoice:focus { background: $boost; }
    """
    ITEM = "{number}{box} {label}"

    @property
    def value(self) -> object | None:
        return self.values[0] if self.values else None
