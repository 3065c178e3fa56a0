"""The exercise page draws the exercise's positions side by side, each labelled, and its drawn
mistake as what not to do; a person's own exercise and `figures = false` show the text alone."""

from __future__ import annotations

from session_helpers import use_plan, wait_for

from backtui.db.models import PlanItem
from backtui.plan.library import add_user_exercise
from backtui.plan.poses import figure_for


def make(make_test_app, tmp_path, clock, slug="bird_dog", figures=True):
    config_file = tmp_path / "config.toml"
    config_file.write_text(f"figures = {'true' if figures else 'false'}\n")
    app = make_test_app(config_file=config_file)
    use_plan(clock(), [(slug, {})], "2")
    return app


async def open_page(pilot, item_id: int):
    from backtui.tui.plan.detail import ExerciseDetailScreen

    pilot.app.push_screen(ExerciseDetailScreen(item_id))

    def loaded() -> bool:
        screen = pilot.app.screen
        found = screen.query("#exercise-detail") if isinstance(screen, ExerciseDetailScreen) else []
        return bool(found) and "Loading" not in str(found.first().render())

    await wait_for(pilot, loaded, "the exercise page")
    await pilot.pause()
    return pilot.app.screen


def labels(screen) -> list[str]:
    return [str(label.render()) for label in screen.query(".figure-label")]


async def test_the_page_shows_each_position_labelled_and_the_mistake(
    make_test_app, tmp_path, clock
):
    from backtui.tui.common.figure import FigureView

    app = make(make_test_app, tmp_path, clock)
    figure = figure_for("bird_dog")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_page(pilot, PlanItem.get().id)
        views = list(screen.query(FigureView))
        assert [view.pose for view in views] == [*figure.poses, figure.mistake]
        assert [view.wrong for view in views] == [False, False, True]
        assert labels(screen) == [pose.label for pose in (*figure.poses, figure.mistake)]
        assert labels(screen)[-1].startswith("Not like this")
        # Each one drawn: once laid out, which a busy machine may take a moment longer to do.
        await wait_for(pilot, lambda: all(view.frames for view in views), "each figure drawn")
        frames = [view.frames for view in views]
        await pilot.pause(0.3)
        assert [view.frames for view in views] == frames  # and still: the page never animates


async def test_figures_false_leaves_the_positions_out(make_test_app, tmp_path, clock):
    from backtui.tui.common.figure import FigureView

    app = make(make_test_app, tmp_path, clock, figures=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_page(pilot, PlanItem.get().id)
        assert not screen.query(FigureView) and "Bird-dog" in str(
            screen.query_one("#exercise-detail").render()
        )


async def test_an_own_exercise_has_its_text_alone(make_test_app, tmp_path, clock):
    from backtui.tui.common.figure import FigureView

    app = make(make_test_app, tmp_path, clock)
    own = add_user_exercise(
        name="Wall slide",
        kind="mobility",
        dose_type="reps",
        sets=2,
        reps=8,
        cues=["Slide slowly"],
        mistakes=[],
    )
    item = PlanItem.create(exercise=own, weekdays="2", position=1, added_at=clock(), sets=2, reps=8)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_page(pilot, item.id)
        assert not screen.query(FigureView)


async def test_on_the_ansi_theme_the_figure_uses_the_terminals_own_colours(
    make_test_app, tmp_path, clock
):
    from backtui.tui.common.figure import FigureView

    app = make(make_test_app, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "ansi-dark"
        screen = await open_page(pilot, PlanItem.get().id)
        view = screen.query(FigureView).first()
        body, far, wrong = (view._style(c) for c in (None, "figure--far", "figure--wrong"))
        assert body.startswith("color(") and wrong.startswith("color(")  # ANSI palette entries
        assert len({body, far, wrong}) == 3  # the body, the far limbs and a mistake stand apart


def test_the_canvas_library_is_not_imported_at_start_up():
    """It brings numpy, slow to import: start-up never loads it (the first figure does, or the
    preparation once the Plan is shown)."""
    import subprocess
    import sys

    code = (
        "import sys, backtui.tui.app, backtui.tui.plan.screen\n"
        "print('textual_hires_canvas' in sys.modules or 'numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
