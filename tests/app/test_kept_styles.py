"""Screens are styled when their widgets mount, and again only when the styles change."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget
from textual.widgets import Header


@pytest.fixture
def styled(monkeypatch):
    """Count the widgets styled (Stylesheet.apply) and the whole-stylesheet refreshes.

    The nodes of a widget's parts (its COMPONENT_CLASSES) are styled with it and not counted."""
    counts = {"widgets": 0, "refreshes": 0}
    apply, reparse = Stylesheet.apply, Stylesheet.reparse

    def counted_apply(self, node, *args, **kwargs):
        counts["widgets"] += isinstance(node, Widget)
        return apply(self, node, *args, **kwargs)

    def counted_reparse(self, *args, **kwargs):
        counts["refreshes"] += 1
        return reparse(self, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counted_apply)
    monkeypatch.setattr(Stylesheet, "reparse", counted_reparse)
    return counts


async def prepared(pilot) -> None:
    """The other screens' styles are added once after the first frame, which restyles
    everything once: counts start after that."""
    for _ in range(200):
        if pilot.app.screens_prepared:
            return
        await pilot.pause(0.05)
    raise AssertionError("the screens were not prepared")


async def test_going_back_to_history_restyles_nothing(make_test_app, wait_for_workers, styled):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await prepared(pilot)
        await pilot.press("h")
        await wait_for_workers(pilot)
        history = app.screen
        widgets = len(list(history.walk_children()))
        await pilot.press("p")
        await wait_for_workers(pilot)
        styled.update(widgets=0, refreshes=0)
        await pilot.press("h")
        await wait_for_workers(pilot)
        assert app.screen is history
        assert styled["refreshes"] == 0  # the stylesheet was not parsed again
        # Only what changed (the focused list, a tab) is styled, not all of the screen's widgets.
        assert styled["widgets"] < widgets / 3, (styled, widgets)


async def test_a_pushed_screen_is_styled_once(make_test_app, wait_for_workers, styled):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await prepared(pilot)
        await wait_for_workers(pilot)
        styled.update(widgets=0, refreshes=0)
        await pilot.press("c")
        await wait_for_workers(pilot)
        assert type(app.screen).__name__ == "CheckInScreen"
        widgets = len(list(app.screen.walk_children()))
        assert styled["refreshes"] == 0
        assert styled["widgets"] < 2 * widgets, (styled, widgets)


async def test_a_theme_changed_elsewhere_reaches_history(make_test_app, wait_for_workers):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "textual-dark"
        await pilot.press("h")
        await wait_for_workers(pilot)
        before = app.screen.query_one(Header).styles.background
        await pilot.press("p")
        await wait_for_workers(pilot)
        app.theme = "textual-light"  # changed while History is not shown
        await pilot.pause()
        await pilot.press("h")
        await wait_for_workers(pilot)
        after = app.screen.query_one(Header).styles.background
        assert after != before
        plan_header = app.get_screen_stack("plan")[0].query_one(Header).styles.background
        assert after == plan_header  # the same theme as the screen it was changed on


async def test_the_focused_fields_label_stands_out_and_follows_the_focus(
    make_test_app, wait_for_workers
):
    """The fields draw their own labels; the note's label is a widget in the note's row."""
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await wait_for_workers(pilot)

        def bold(field_id: str) -> bool:
            field = app.screen.query_one(f"#{field_id}")
            if field_id == "note":
                return bool(field.parent.query_one(".field-label").styles.text_style.bold)
            words = field.label.split()[0]
            drawn = [segment for segment in field.render_line(0) if words in segment.text]
            assert drawn, f"no label drawn on {field_id}"
            return bool(drawn[0].style.bold)

        assert bold("pain") and not bold("where") and not bold("note")
        await pilot.press("w")
        await pilot.pause()
        assert bold("where") and not bold("pain")
        await pilot.press("n")
        await pilot.pause()
        assert bold("note") and not bold("where")


async def test_a_focus_change_restyles_only_rows_whose_styles_follow_the_focus(
    make_test_app, wait_for_workers, monkeypatch
):
    rows: list[str] = []
    update_nodes = Stylesheet.update_nodes

    def recorded(self, nodes, *args, **kwargs):
        nodes = list(nodes)
        if nodes:
            rows.append(" ".join(sorted(nodes[0].classes)) or type(nodes[0]).__name__)
        return update_nodes(self, nodes, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "update_nodes", recorded)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await prepared(pilot)
        await pilot.press("h")
        await wait_for_workers(pilot)
        rows.clear()
        for key in ("4", "3", "4"):  # the focus moves from list to list
            await pilot.press(key)
            await wait_for_workers(pilot)
        assert "TabPane" not in rows  # no rule follows the focus inside a section
        await pilot.press("c")
        await wait_for_workers(pilot)
        rows.clear()
        await pilot.press("n")
        await pilot.pause()
        assert rows.count("field-row") == 1  # the note's row, which the focus entered
        rows.clear()
        await pilot.press("shift+tab")  # letters type into the note; back to the sleep field,
        await pilot.pause()  # which draws its own label and has no row
        assert rows.count("field-row") == 1  # the note's row, which the focus left


@pytest.mark.parametrize("size", [(120, 36), (80, 20)])
async def test_the_plans_widgets_are_styled_once_before_its_first_frame(
    make_test_app, monkeypatch, size
):
    """Textual gives a screen its breakpoint classes (-wide, -short, ...) when its first Resize
    arrives, after its widgets were styled, and then styles every one of them again. The Plan is
    born with them, so only the row of the focused table is styled again (for its focus)."""
    from collections import Counter

    from textual.app import App

    from backtui.tui.plan.screen import PlanScreen

    styled: Counter = Counter()
    first_frame: list[set[str]] = []
    display, apply = App._display, Stylesheet.apply

    def noted(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and isinstance(screen, PlanScreen) and screen.is_mounted:
            first_frame.append(set(screen.classes))

    def counted_apply(self, node, *args, **kwargs):
        if not first_frame:
            styled[node] += 1
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(App, "_display", noted)
    monkeypatch.setattr(Stylesheet, "apply", counted_apply)
    app = make_test_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        plan = app.screen
        assert first_frame
        assert set(plan.breakpoint_classes(*size)) <= first_frame[0]
        row = plan.query_one("#week-table").parent
        again = [node for node, times in styled.items() if times > 1]
        assert plan not in again and not [
            node for node in again if node is not row and row not in node.ancestors
        ], again


@pytest.mark.parametrize(("height", "short"), [(24, True), (36, False)])
async def test_the_session_screen_is_born_short_or_tall(make_test_app, height, short):
    """Its lines drop their blank margins below 30 rows. That was a class set when its guide
    was first resized, which styled the whole screen a second time on every s."""
    from backtui.tui.session.screen import SessionScreen

    app = make_test_app()
    async with app.run_test(size=(100, height)):
        screen = SessionScreen()
        assert screen.has_class("-short") is short and screen.has_class("-tall") is not short
