"""History as a person uses it, on ten years of demo practice."""

from __future__ import annotations

import sqlite3

import pytest
from fixed_time import at
from textual.widgets import DataTable, Input, Static

from backtui.db.models import TherapyEntry

FIXED_NOW = at(2026, 11, 25, 9, 0, 0)  # as in conftest


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory):
    """Built once per module: `backtui demo --years 10` ending on the tests' fixed day."""
    from backtui.db.storage import close_database
    from backtui.record.demo import create_demo

    path = create_demo(tmp_path_factory.mktemp("demo") / "ten.db", years=10, seed=7, end=FIXED_NOW)
    close_database()
    return path


@pytest.fixture
def demo_copy(ten_years, tmp_path):
    """A private copy per test, so one test's changes never leak into another."""
    target = tmp_path / "data" / "backtui.db"
    target.parent.mkdir(mode=0o700)
    source, dest = sqlite3.connect(ten_years), sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    return target


@pytest.fixture(params=["sqlite", "postgres"])
def demo_anywhere(request, demo_copy):
    """The ten years on an SQLite file, then copied into a PostgreSQL database."""
    if request.param == "sqlite":
        return demo_copy
    from backtui.record.copy import copy_record

    server = request.getfixturevalue("pg_server")
    copy_record(demo_copy, server)
    return server


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _open_history(app, pilot):
    await pilot.press("h")
    await _settle(app, pilot)
    return app.screen


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_history_pages_through_ten_years_of_sessions(make_test_app, demo_anywhere):
    app = make_test_app(db_path=demo_anywhere)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        assert type(screen).__name__ == "HistoryScreen"
        assert screen.first_data_shown
        assert "sessions" in _text(screen, "#chart-caption")
        await pilot.press("4")
        await _settle(app, pilot)
        table = screen.query_one("#sessions-table", DataTable)
        assert table.row_count == 50  # one page, never the whole record
        title = _text(screen, "#sessions-title")
        assert title.startswith("Sessions 1-50 of ")
        total = int(title.split(" of ")[1].split(",")[0])
        assert total > 1000
        newest = table.coordinate_to_cell_key((0, 0)).row_key.value
        await pilot.press("n")
        await _settle(app, pilot)
        assert _text(screen, "#sessions-title").startswith(f"Sessions 51-100 of {total}")
        older = table.coordinate_to_cell_key((0, 0)).row_key.value
        assert older != newest
        await pilot.press("b")
        await _settle(app, pilot)
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == newest
        await pilot.press("b")  # already at the newest page: nothing changes
        await _settle(app, pilot)
        assert _text(screen, "#sessions-title").startswith("Sessions 1-50")

        table.focus()
        await pilot.press("down", "enter")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "SessionDetailScreen"
        detail = _text(app.screen, "#session-detail")
        assert "Sets" in detail and "Check-ins" in detail and "Skipped" in detail
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


@pytest.mark.parametrize("key, table_id", [("3", "#progress-table"), ("4", "#sessions-table")])
async def test_opening_a_section_lets_the_arrows_move_in_its_list(
    make_test_app, demo_copy, key, table_id
):
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        await pilot.press(key)
        await _settle(app, pilot)
        table = screen.query_one(table_id, DataTable)
        assert table.has_focus
        await pilot.press("down", "down")
        assert table.cursor_row == 2


async def test_range_switch_and_other_sections_load(make_test_app, demo_anywhere):
    app = make_test_app(db_path=demo_anywhere)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_history(app, pilot)
        assert "4 weeks" in _text(screen, "#pain-summary")
        await pilot.press("t")
        await _settle(app, pilot)
        assert "3 months" in _text(screen, "#pain-summary")
        await pilot.press("2")
        await _settle(app, pilot)
        assert "of 3 sessions" in _text(screen, "#consistency-summary")
        await pilot.press("3")
        await _settle(app, pilot)
        assert screen.query_one("#progress-table", DataTable).row_count >= 5
        await pilot.press("5")
        await _settle(app, pilot)
        milestones = _text(screen, "#story-milestones")
        assert "Your first session" in milestones and "100 sessions done" in milestones


async def test_add_edit_and_delete_a_therapy(make_test_app, demo_copy):
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        before = TherapyEntry.select().count()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "TherapyForm"
        form.query_one("#therapy-note", Input).value = "Sports massage [bold]x[/bold]"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert app.screen is screen
        assert TherapyEntry.select().count() == before + 1
        newest = TherapyEntry.select().order_by(TherapyEntry.id.desc()).first()
        assert newest.day == FIXED_NOW.date() and newest.kind == "physiotherapy"
        assert newest.note == "Sports massage [bold]x[/bold]"

        await pilot.press("6")
        await _settle(app, pilot)
        table = screen.query_one("#therapies-table", DataTable)
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == str(newest.id)
        table.focus()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#therapy-day", Input).value = "not a day"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "YYYY-MM-DD" in _text(app.screen, "#therapy-error")  # the form stays open
        app.screen.query_one("#therapy-day", Input).value = "2026-11-20"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert TherapyEntry.get_by_id(newest.id).day.isoformat() == "2026-11-20"

        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDelete"
        await pilot.press("n")  # kept
        await _settle(app, pilot)
        assert TherapyEntry.select().count() == before + 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await _settle(app, pilot)
        assert TherapyEntry.select().count() == before
        assert TherapyEntry.get_or_none(TherapyEntry.id == newest.id) is None


async def test_report_key_writes_a_private_file_beside_the_database(make_test_app, demo_copy):
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_history(app, pilot)
        await pilot.press("r")
        await _settle(app, pilot)
        reports = list((demo_copy.parent / "reports").glob("backtui-report-*.html"))
        assert len(reports) == 1
        assert (reports[0].stat().st_mode & 0o777) == 0o600
        assert "Back pain exercise summary" in reports[0].read_text()
        await pilot.press("r")  # a second one never replaces the first
        await _settle(app, pilot)
        assert len(list((demo_copy.parent / "reports").glob("*.html"))) == 2


async def test_history_on_an_empty_record_explains_what_will_appear(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_history(app, pilot)
        assert "Nothing recorded" in _text(screen, "#chart-caption")
        await pilot.press("4")
        await _settle(app, pilot)
        assert "No sessions yet" in _text(screen, "#sessions-title")


async def test_times_follow_this_apps_own_clock_format(make_test_app, demo_copy, tmp_path):
    """The format is the app's setting: building another app (24-hour) does not change it."""
    twelve_hour = tmp_path / "twelve.toml"
    twelve_hour.write_text('time_format = "12h"\n')
    app = make_test_app(db_path=demo_copy, config_file=twelve_hour)
    make_test_app(db_path=demo_copy, config_file=tmp_path / "default.toml")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        await pilot.press("4")
        await _settle(app, pilot)
        newest = str(screen.query_one("#sessions-table", DataTable).get_row_at(0)[0])
        assert newest.endswith((" am", " pm")), newest


async def test_coming_back_redraws_only_what_changed(make_test_app, demo_copy, cleared_tables):
    from backtui.checkin.checkins import save_checkin

    cleared = cleared_tables
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        await pilot.press("4")
        await _settle(app, pilot)
        table = screen.query_one("#sessions-table", DataTable)
        await pilot.press("down", "down")
        await pilot.press("p")
        await _settle(app, pilot)
        cleared.clear()
        await pilot.press("h")  # nothing changed: the page read again equals the one shown
        await _settle(app, pilot)
        assert cleared == [] and table.cursor_row == 2
        shown = _text(screen, "#sessions-title")
        await pilot.press("1")
        await _settle(app, pilot)
        chart = screen.shown_reads["pain"]
        await pilot.press("p")
        await _settle(app, pilot)
        save_checkin(7, moment="standalone", now=FIXED_NOW)  # a change: the chart is drawn again
        await pilot.press("h")
        await _settle(app, pilot)
        assert screen.shown_reads["pain"] != chart
        assert _text(screen, "#sessions-title") == shown


async def test_a_section_is_built_when_first_shown_and_its_keys_work_at_once(
    make_test_app, demo_copy
):
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        assert not screen.query("#sessions-table")  # not built before it is shown
        screen.action_open_session()  # enter before the list exists: nothing happens
        screen.action_section("sessions")
        assert screen.query_one("#sessions-table", DataTable)  # there at once, before a frame
        await _settle(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "SessionDetailScreen"


async def test_a_section_shown_again_draws_its_list_from_what_it_drew(
    make_test_app, demo_copy, rendered_cells
):
    rendered = rendered_cells
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        for key in ("4", "3", "4", "3", "p", "h"):  # each list drawn in each of its states once
            await pilot.press(key)
            await _settle(app, pilot)
        assert {"sessions-table", "progress-table", "week-table"} <= set(rendered)
        rendered.clear()
        for key in ("4", "3", "p", "h", "4"):
            await pilot.press(key)
            await _settle(app, pilot)
        assert rendered == []
        table = screen.query_one("#sessions-table", DataTable)
        assert table.has_focus and table.row_count == 50
        first_row = "".join(segment.text for segment in table.render_line(1))
        assert str(table.get_row_at(0)[0]) in first_row


async def test_the_pain_chart_is_drawn_once_with_its_data(make_test_app, demo_copy, monkeypatch):
    from backtui.tui.history.chart import PainChart
    from backtui.tui.history.chart_plot import ChartPlot

    drawn: list[str] = []
    render, show = ChartPlot._draw, PainChart.show

    def counted_render(plot):
        drawn.append("render")
        return render(plot)

    def counted_show(chart, series):
        drawn.append("data")
        return show(chart, series)

    monkeypatch.setattr(ChartPlot, "_draw", counted_render)
    monkeypatch.setattr(PainChart, "show", counted_show)
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        assert screen.first_data_shown
        assert drawn == ["data", "render"]  # no empty plot drawn first


def _record_renders_and_chart_data(monkeypatch) -> list[str]:
    """In order: each render of a History screen ("render") and each time the pain chart is
    given its data ("data")."""
    from textual._compositor import Compositor

    from backtui.tui.history.chart import PainChart
    from backtui.tui.history.screen import HistoryScreen

    events: list[str] = []
    render_update, show = Compositor.render_update, PainChart.show

    def counted_render(compositor, *args, **kwargs):
        if isinstance(compositor.root, HistoryScreen):
            events.append("render")
        return render_update(compositor, *args, **kwargs)

    def counted_show(chart, series):
        events.append("data")
        return show(chart, series)

    monkeypatch.setattr(Compositor, "render_update", counted_render)
    monkeypatch.setattr(PainChart, "show", counted_show)
    return events


async def test_history_is_first_rendered_with_its_chart_data(make_test_app, demo_copy, monkeypatch):
    """Opening History keeps the Plan's frame up and renders History once its chart has data;
    an empty History is not even rendered (under a hold, it could not be shown)."""
    events = _record_renders_and_chart_data(monkeypatch)
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        assert screen.first_data_shown and not screen.hold.held
        assert events[0] == "data" and "render" in events


async def test_a_section_with_nested_widgets_can_show_its_data_at_once(make_test_app, demo_copy):
    """A read that comes back before the first frame still finds every widget of its section."""
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        for name, inner in (
            ("progress", "#progress-decisions"),
            ("consistency", "#consistency-weeks"),
            ("story", "#story-notes"),
        ):
            screen.action_section(name)
            assert screen.query_one(inner, Static)  # there at once, before any frame


async def test_progress_shows_its_list_and_the_first_exercise_from_one_read(
    make_test_app, demo_copy, monkeypatch
):
    from backtui.tui.history.screen import HistoryScreen

    details: list[int] = []
    load_exercise = HistoryScreen.load_exercise

    def counted(screen, exercise_id):
        details.append(exercise_id)
        return load_exercise(screen, exercise_id)

    monkeypatch.setattr(HistoryScreen, "load_exercise", counted)
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        await pilot.press("3")
        await _settle(app, pilot)
        table = screen.query_one("#progress-table", DataTable)
        first_name = str(table.get_row_at(0)[0])
        assert details == []  # the first row's detail came with the list
        assert "Best set each week" in _text(screen, "#progress-title")
        first_detail = _text(screen, "#progress-decisions")
        await pilot.press("down")
        await _settle(app, pilot)
        second = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        assert details == [second]
        assert screen.detail_shown == second
        await pilot.press("up")  # back to a row whose detail is not drawn any more: read again
        await _settle(app, pilot)
        assert len(details) == 2 and screen.detail_shown == screen.detail_wanted
        assert _text(screen, "#progress-decisions") == first_detail
        assert first_name == str(table.get_row_at(table.cursor_row)[0])


async def test_a_detail_read_for_a_row_the_cursor_left_is_not_shown(make_test_app, demo_copy):
    from textual.coordinate import Coordinate

    from backtui.tui.history.progress import exercise_detail

    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        await pilot.press("3")
        await _settle(app, pilot)
        shown = _text(screen, "#progress-decisions")
        table = screen.query_one("#progress-table", DataTable)
        other = int(table.coordinate_to_cell_key(Coordinate(1, 0)).row_key.value)
        late = exercise_detail(other)  # as if read for a row the cursor has already left
        screen._show_exercise(*late)
        await pilot.pause()
        assert _text(screen, "#progress-decisions") == shown
        assert screen.detail_shown != other


def _record_frames(app, screen) -> list[tuple[str, int]]:
    """Each frame handed to the terminal while History is in front: its section and how many
    rows the Progress list had then."""
    frames: list[tuple[str, int]] = []
    display = app._display

    def recording(shown_screen, renderable) -> None:
        if renderable is not None and shown_screen is screen:
            tables = screen.query("#progress-table")
            frames.append((screen.active_section(), tables.first().row_count if tables else -1))
        display(shown_screen, renderable)

    app._display = recording
    return frames


async def test_a_section_shown_for_the_first_time_is_drawn_with_its_data(make_test_app, demo_copy):
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        frames = _record_frames(app, screen)
        await pilot.press("3")
        await _settle(app, pilot)
        progress = [rows for section, rows in frames if section == "progress"]
        assert progress and all(rows > 0 for rows in progress)  # never drawn empty first
        assert not screen.hold.held


@pytest.fixture
def held_progress_read(monkeypatch):
    """Progress's list read waits until the returned event is set (at most 5 s)."""
    import threading

    from backtui.tui.history import progress

    answer = threading.Event()
    read = progress.exercise_progress

    def held(today):
        answer.wait(5)
        return read(today)

    monkeypatch.setattr(progress, "exercise_progress", held)
    return answer


async def test_a_slow_first_read_shows_the_section_loading_once_the_hold_ends(
    make_test_app, demo_copy, monkeypatch, held_progress_read
):
    from backtui.tui.common import frame_hold

    monkeypatch.setattr(frame_hold, "LONGEST_SECONDS", 1.0)  # a press here can take 0.2 s
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        frames = _record_frames(app, screen)
        await pilot.press("3")
        assert screen.hold.held
        await pilot.pause(1.5)  # past the hold's limit: the empty section is drawn
        assert not screen.hold.held
        assert ("progress", 0) in frames
        held_progress_read.set()
        await _settle(app, pilot)
        assert screen.query_one("#progress-table", DataTable).row_count > 0


async def test_leaving_history_while_a_first_read_is_out_ends_the_hold(
    make_test_app, demo_copy, monkeypatch, held_progress_read
):
    from backtui.tui.common import frame_hold

    monkeypatch.setattr(frame_hold, "LONGEST_SECONDS", 10.0)  # only leaving can end it here
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_history(app, pilot)
        await pilot.press("3")
        assert screen.hold.held
        await pilot.press("p")  # back to the Plan at once: it is drawn without waiting
        await pilot.pause()
        assert not screen.hold.held
        assert type(app.screen).__name__ == "PlanScreen"
        held_progress_read.set()
        await _settle(app, pilot)


async def _history_built_ahead(app, pilot):
    """Wait until the Plan's idle time has built History out of sight; return that screen."""
    for _ in range(200):
        if app.screens_prepared:
            break
        await pilot.pause(0.02)
    assert app.screens_prepared and app.history_built is not None
    await app.history_built
    await _settle(app, pilot)
    return app.get_screen_stack("history")[0]


async def test_h_shows_history_built_ahead_with_a_fresh_read(
    make_test_app, demo_copy, clock, monkeypatch
):
    from backtui.checkin.checkins import save_checkin
    from backtui.tui.history.screen import HistoryScreen

    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        history = await _history_built_ahead(app, pilot)
        assert isinstance(history, HistoryScreen) and not history.is_current
        assert history.first_data_shown  # its chart read while the Plan was in front
        summary_before = _text(history, "#pain-summary")
        events = _record_renders_and_chart_data(monkeypatch)
        monkeypatch.setattr(HistoryScreen, "compose", lambda screen: events.append("built"))
        save_checkin(9, moment="standalone", now=clock())  # after it was built
        await pilot.press("h")
        await _settle(app, pilot)
        assert app.screen is history
        assert "built" not in events  # shown, not built again
        assert events[0] == "data" and "render" in events  # first drawn with the fresh read
        assert _text(history, "#pain-summary") != summary_before


async def test_quitting_while_history_is_built_ahead_ends_cleanly(make_test_app, demo_copy):
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(200):
            if app.screens_prepared:
                break
            await pilot.pause(0.02)
        assert app.history_built is not None  # History is still mounting as the app closes
    assert app.return_code in (None, 0)


async def test_a_pop_up_over_history_is_drawn_and_history_read_again_after(
    make_test_app, demo_copy
):
    """History holds its frame only while it is the screen in front: a pop-up over it (a
    session's detail) is laid out and drawn, and closing it shows History read afresh."""
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        history = await _open_history(app, pilot)
        await pilot.press("4")
        await _settle(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        await pilot.pause(0.3)  # longer than a hold may last
        assert type(app.screen).__name__ == "SessionDetailScreen"
        assert not history.hold.held and app._batch_count == 0
        assert app.screen.query_one("VerticalScroll").size.height > 0  # laid out
        reads = len(history.shown_reads)
        history.shown_reads.clear()
        await pilot.press("escape")
        await _settle(app, pilot)
        assert app.screen is history and not history.hold.held
        assert "sessions" in history.shown_reads and reads


async def _history_prepared_ahead(app, pilot):
    """History built ahead, with every section read, drawn and laid out out of sight."""
    history = await _history_built_ahead(app, pilot)
    assert history.prepared_ahead is not None
    await history.prepared_ahead.wait()
    await _settle(app, pilot)
    return history


async def test_history_built_ahead_has_every_section_read_and_laid_out(make_test_app, demo_copy):
    """A section's first press then finds its widgets sized, with their scroll bars, and draws
    them once, as a later press does (not laid out three times from nothing)."""
    from textual.widgets import TabbedContent, TabPane

    from backtui.tui.history.screen import SECTIONS

    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        history = await _history_prepared_ahead(app, pilot)
        assert not history.is_current
        assert history.loaded == set(SECTIONS)
        assert history.query_one("#history-tabs", TabbedContent).active == "pain"
        shown = [pane.id for pane in history.query(TabPane) if pane.display]
        assert shown == ["pain"]  # each section was shown in turn, and put back
        progress = history.query_one("#progress-table", DataTable)
        sessions = history.query_one("#sessions-table", DataTable)
        assert progress.row_count > 0 and sessions.row_count == 50
        for table in (progress, sessions):
            assert table.outer_size.height > 0  # laid out while hidden
        assert sessions.show_vertical_scrollbar  # 50 rows in 32 lines: found while hidden
        sized = {
            widget: widget.outer_size
            for widget in history.query_one("#sessions", TabPane).walk_children()
        }
        assert all(size.area for size in sized.values())

        await pilot.press("h")
        await _settle(app, pilot)
        layouts = _count_layouts(history)
        await pilot.press("4")
        await _settle(app, pilot)
        assert history.active_section() == "sessions" and sessions.has_focus
        assert "sessions" in history.loaded  # read again as it was shown
        assert {widget: widget.outer_size for widget in sized} == sized
        assert layouts() == 1
        assert not history.hold.held


def _count_layouts(screen):
    counted = []
    refresh_layout = screen._refresh_layout

    def counting(*args, **kwargs):
        counted.append(args)
        return refresh_layout(*args, **kwargs)

    screen._refresh_layout = counting
    return lambda: len(counted)


async def test_a_section_read_ahead_is_read_again_when_first_shown(make_test_app, demo_copy, clock):
    """What changed after History was prepared is what the section shows at its first press."""
    from backtui.history.therapies import add_therapy

    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        history = await _history_prepared_ahead(app, pilot)
        table = history.query_one("#therapies-table", DataTable)
        before = table.row_count
        add_therapy(clock().date(), "massage", "after the build", today=clock().date())
        await pilot.press("h")
        await _settle(app, pilot)
        await pilot.press("6")
        await _settle(app, pilot)
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert "after the build" in cells and table.row_count >= before


async def test_what_history_built_ahead_made_is_frozen(make_test_app, demo_copy):
    """Kept out of the collector's full passes, which would otherwise walk it during the first
    presses after it was built (tui/memory.py)."""
    import gc

    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)) as pilot:
        history = await _history_built_ahead(app, pilot)
        await app.workers.wait_for_complete()
        table = history.query_one("#sessions-table", DataTable)
        tracked = {id(found) for found in gc.get_objects()}  # every generation but the frozen
        assert id(history) not in tracked and id(table) not in tracked


async def test_history_is_not_built_ahead_once_the_app_is_closing(make_test_app, demo_copy):
    """The screens' preparation can finish while the app closes (a slow first read, then a quick
    quit): History is then not started, as it would join the screens being closed."""
    app = make_test_app(db_path=demo_copy)
    async with app.run_test(size=(100, 32)):
        pass
    assert not app.is_running
    app._build_history_ahead()
    assert app.history_built is None and "history" not in app._screen_stacks
