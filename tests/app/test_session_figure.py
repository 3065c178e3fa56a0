"""The live session's figure: it moves at the exercise's tempo only while a set runs and the
screen is shown, holds still during a hold and a rest, and is left out when it does not fit or
when config.toml turns figures off."""

from __future__ import annotations

import math

import pytest
from session_helpers import FakeTime, use_plan, wait_for

from backtui.checkin import triage
from backtui.plan.poses import figure_for, other_side
from backtui.session.flow import GET_READY_SECONDS

TILT_PLAN = [("pelvic_tilt", dict(sets=2, reps=3))]  # tempo: 2 s to move, 2 s held, 2 s back
BIRD_DOG_PLAN = [("bird_dog", dict(sets=1, reps=1, hold_seconds=5))]  # per side: two holds


@pytest.fixture
def figure_app(make_test_app, clock, tmp_path):
    def build(items=TILT_PLAN, figures=True):
        time = FakeTime()
        config_file = tmp_path / "config.toml"
        config_file.write_text(f"figures = {'true' if figures else 'false'}\n")
        app = make_test_app(monotonic=time, config_file=config_file)
        app.fake_time = time
        use_plan(clock(), items, "2")
        triage.record_screening([], "manual", clock())
        return app

    return build


async def open_session(pilot):
    app = pilot.app
    await pilot.press("s")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "PrePainScreen", "the pain question")
    await pilot.press("escape")
    await wait_for(
        pilot,
        lambda: type(app.screen).__name__ == "SessionScreen" and app.screen.flow,
        "the session to start",
    )
    await pilot.pause()
    return app.screen


def same_place(a: dict, b: dict) -> bool:
    """Two poses' joints are where each other's are (to a millionth of a unit)."""
    return a.keys() == b.keys() and all(math.dist(a[j], b[j]) < 1e-6 for j in a)


async def test_the_figure_follows_the_tempo_and_stops_when_the_set_pauses(figure_app):
    from backtui.tui.session.figure import SessionFigure

    app = figure_app()
    tilt = figure_for("pelvic_tilt")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        figure = screen.query_one(SessionFigure)
        assert figure.display and not figure.animating  # the count-in: still, at the start
        assert same_place(figure.pose.points(), tilt.start.points())

        app.fake_time.advance(GET_READY_SECONDS)
        screen.tick()
        assert screen.flow.phase == "work" and figure.animating
        app.fake_time.advance(2.0)  # the end of the 2 s move, between two ticks
        figure.frame()
        assert same_place(figure.pose.points(), tilt.end.points())
        frames = figure.frames
        app.fake_time.advance(3.0)  # 1 s into the return
        await pilot.pause(0.3)  # the figure's own frames draw it, without a tick
        assert figure.frames > frames
        assert not same_place(figure.pose.points(), tilt.end.points())

        await pilot.press("space")  # pause
        assert screen.flow.paused and not figure.animating
        frames, pose = figure.frames, figure.pose
        app.fake_time.advance(1.0)
        await pilot.pause(0.3)
        assert figure.frames == frames and figure.pose == pose  # no frames while paused

        await pilot.press("space")  # resume
        assert figure.animating


async def test_the_figure_stops_while_another_screen_covers_the_session(figure_app):
    from backtui.tui.session.figure import SessionFigure

    app = figure_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        figure = screen.query_one(SessionFigure)
        app.fake_time.advance(GET_READY_SECONDS)
        screen.tick()
        assert figure.animating
        await pilot.press("m")  # the mistakes page covers the session
        await wait_for(pilot, lambda: app.screen is not screen, "the mistakes page")
        assert not figure.animating
        frames = figure.frames
        app.fake_time.advance(1.5)
        await pilot.pause(0.3)
        assert figure.frames == frames
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the session again")
        assert figure.animating


async def test_a_hold_stays_still_in_the_held_position(figure_app):
    from backtui.tui.session.figure import SessionFigure

    app = figure_app(BIRD_DOG_PLAN)
    bird_dog = figure_for("bird_dog")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        figure = screen.query_one(SessionFigure)
        app.fake_time.advance(GET_READY_SECONDS + 1)
        screen.tick()
        assert screen.flow.phase == "work"
        assert same_place(figure.pose.points(), bird_dog.end.points())
        assert not figure.animating
        app.fake_time.advance(5 + GET_READY_SECONDS + 1)  # the second hold: the other side
        screen.tick()
        assert screen.flow.side() == "right"
        assert same_place(figure.pose.points(), other_side(bird_dog.end).points())


async def test_a_narrow_terminal_leaves_the_figure_out(figure_app):
    from backtui.tui.session.figure import MIN_WIDTH, SessionFigure

    app = figure_app()
    async with app.run_test(size=(MIN_WIDTH - 1, 30)) as pilot:
        screen = await open_session(pilot)
        app.fake_time.advance(GET_READY_SECONDS)
        screen.tick()
        figure = screen.query_one(SessionFigure)
        assert not figure.display and not figure.animating
        await pilot.resize_terminal(MIN_WIDTH + 10, 30)
        await pilot.pause(0.1)
        assert figure.display and figure.animating


async def test_figures_false_in_the_config_leaves_the_figure_out(figure_app):
    from backtui.tui.session.figure import SessionFigure

    app = figure_app(figures=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_session(pilot)
        app.fake_time.advance(GET_READY_SECONDS)
        screen.tick()
        figure = screen.query_one(SessionFigure)
        assert not figure.display and not figure.animating


async def test_the_figure_is_not_laid_out_before_the_session_has_an_exercise(figure_app):
    """Shown empty, the figure was hidden again at the screen's first layout, which laid the
    screen out a second time before its first question."""
    from backtui.tui.session.figure import SessionFigure
    from backtui.tui.session.screen import SessionScreen

    app = figure_app()
    layouts: list[tuple[bool, bool]] = []  # (the figure displayed, the session has its flow)
    lay_out = SessionScreen._refresh_layout

    def recording(screen, *args, **kwargs):
        layouts.append((screen.query_one(SessionFigure).display, screen.flow is not None))
        return lay_out(screen, *args, **kwargs)

    SessionScreen._refresh_layout = recording
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            session = await open_session(pilot)
            assert session.query_one(SessionFigure).display  # shown once it has an exercise
    finally:
        SessionScreen._refresh_layout = lay_out
    assert layouts and not any(shown for shown, started in layouts if not started)
