"""Exercise figures: every library exercise has checked positions, limbs keep their length while
the figure moves, each pose matches its exercise's cues, and the figure keeps the tempo."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtui.plan.library import load_library
from backtui.plan.pose_timeline import moment, pose_at, rep_progress
from backtui.plan.poses import (
    LENGTHS,
    PARENTS,
    POSES_PATH,
    Pose,
    PoseError,
    interpolate,
    load_figures,
    other_side,
)
from backtui.plan.tempo import Tempo
from backtui.session.flow import GET_READY_SECONDS, FlowItem, SessionFlow

FIGURES = load_figures()
LIBRARY = {spec.slug: spec for spec in load_library()}


def same_place(a: dict, b: dict) -> bool:
    """Two poses' joints are where each other's are (to a millionth of a unit)."""
    return a.keys() == b.keys() and all(math.dist(a[j], b[j]) < 1e-6 for j in a)


def limb_lengths(pose: Pose) -> dict[str, float]:
    where = pose.points()
    return {joint: math.dist(where[joint], where[PARENTS[joint]]) for joint in LENGTHS}


# --- the data ------------------------------------------------------------------------------------


def test_every_library_exercise_has_a_start_and_an_end():
    assert set(FIGURES) == set(LIBRARY)
    for slug, figure in FIGURES.items():
        assert len(figure.poses) >= 2, slug
        assert figure.start.name == "start" and figure.end.name == "end", slug
        assert all(pose.label for pose in figure.poses), slug


def test_continuous_exercises_state_their_cycle():
    for slug, spec in LIBRARY.items():
        assert (FIGURES[slug].cycle > 0) == (spec.dose_type == "minutes"), slug


def _bad_file(tmp_path, angles: str, hip: str = "[0.6, 0.06]"):
    text = (POSES_PATH.read_text(encoding="utf-8")
            + "\n[made_up]\n[made_up.positions.start]\nlabel = \"Start\"\n"
            + f"hip = {hip}\nangles = {{ {angles} }}\n"
            + "[made_up.positions.end]\nlabel = \"End\"\nlike = \"start\"\n")  # fmt: skip
    path = tmp_path / "poses.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "mid = 180, shoulder = 180, neck = 180, head = 180, elbow = 0, hand = 0, knee = 45, "


@pytest.mark.parametrize(
    ("angles", "named"),
    [
        (GOOD + "ankle = -60", "joint 'foot': no angle given"),
        (GOOD + "ankle = -60, foot = 'down'", "joint 'foot': must be degrees"),
        (GOOD + "ankle = -60, foot = 0, knuckle = 3", "joint 'knuckle': not a joint"),
        (GOOD.replace("knee = 45", "knee = -45") + "ankle = -60, foot = 0", "'knee': below"),
    ],
)
def test_a_bad_pose_is_named_by_exercise_position_and_joint(tmp_path, angles, named):
    with pytest.raises(PoseError) as caught:
        load_figures(_bad_file(tmp_path, angles))
    assert "exercise 'made_up'" in str(caught.value)
    assert "position 'start'" in str(caught.value)
    assert named in str(caught.value)


def test_the_shipped_file_loads_and_a_good_copy_with_an_extra_entry_too(tmp_path):
    figures = load_figures(_bad_file(tmp_path, GOOD + "ankle = -60, foot = 0"))
    assert figures["made_up"].end.hip == (0.6, 0.06)  # "like" copies the start


# --- limbs keep their length ---------------------------------------------------------------

poses_of_the_library = st.sampled_from(
    [(figure, pose) for figure in FIGURES.values() for pose in figure.poses]
)


@given(poses_of_the_library, poses_of_the_library, st.floats(0, 1))
def test_limbs_keep_their_length_between_any_two_positions(first, second, t):
    moving = interpolate(first[1], second[1], t)
    for joint, length in limb_lengths(moving).items():
        assert length == pytest.approx(LENGTHS[joint], abs=1e-9), joint


@given(st.sampled_from(list(FIGURES.values())), st.floats(0, 1))
def test_a_figure_moving_along_its_positions_keeps_its_limbs(figure, progress):
    for joint, length in limb_lengths(figure.along(progress)).items():
        assert length == pytest.approx(LENGTHS[joint], abs=1e-9), joint


def test_the_other_side_swaps_the_near_and_far_limbs_and_keeps_their_length():
    end = FIGURES["bird_dog"].end
    swapped = other_side(end)
    assert swapped.angle("elbow_far") == end.angle("elbow")  # the reaching arm is the far one
    assert swapped.angle("knee") == end.angle("knee_far")  # and the reaching leg the near one
    assert swapped.angle("mid") == end.angle("mid")
    assert other_side(swapped) == end
    for joint, length in limb_lengths(swapped).items():
        assert length == pytest.approx(LENGTHS[joint]), joint


def test_moving_turns_the_shorter_way_round():
    start = FIGURES["glute_bridge"].start
    turned = Pose("x", "x", start.hip, tuple((j, a + 350) for j, a in start.angles))
    halfway = interpolate(start, turned, 0.5)
    assert all(abs(halfway.angle(j) - start.angle(j) + 5) < 1e-9 for j, _ in start.angles)


# --- each pose matches its cues ------------------------------------------------------------------


def _points(slug: str, name: str) -> dict:
    figure = FIGURES[slug]
    pose = figure.mistake if name == "mistake" else next(p for p in figure.poses if p.name == name)
    return pose.points()


def _off_line(a, b, c) -> float:
    """How far point b is from the line a-c."""
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    return abs((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / math.dist(a, c)


def test_bird_dog_reaches_the_opposite_arm_and_leg_with_a_level_back():
    start, end = _points("bird_dog", "start"), _points("bird_dog", "end")
    assert end["hand"][0] > end["shoulder"][0] + 0.2  # the near arm reaches forward
    assert end["hand_far"][1] < 0.05  # the far hand stays on the floor
    assert end["ankle_far"][0] < end["hip"][0] - 0.3  # the far leg reaches back
    assert end["knee"][1] < 0.05  # the near knee stays down
    assert _off_line(end["hip"], end["mid"], end["shoulder"]) < 0.01  # spine still
    assert _points("bird_dog", "start")["mid"] == pytest.approx(start["mid"])
    sag = _points("bird_dog", "mistake")
    assert sag["mid"][1] < sag["hip"][1] - 0.02  # the drawn mistake: the lower back sags


def test_bridge_lines_up_shoulders_hips_and_knees_and_the_mistake_arches():
    top = _points("glute_bridge", "end")
    assert _off_line(top["shoulder"], top["hip"], top["knee"]) < 0.01
    assert top["hip"][1] > 0.12 and top["shoulder"][1] < 0.08  # hips up, shoulders down
    arched = _points("glute_bridge", "mistake")
    assert _off_line(arched["shoulder"], arched["mid"], arched["knee"]) > 0.02


def test_dead_bug_keeps_the_lower_back_down_and_the_mistake_lifts_it():
    for name in ("start", "end"):
        body = _points("dead_bug", name)
        assert abs(body["mid"][1] - body["hip"][1]) < 0.01, name
    assert _points("dead_bug", "mistake")["mid"][1] > _points("dead_bug", "end")["hip"][1] + 0.02
    end = _points("dead_bug", "end")
    assert end["hand"][0] < end["shoulder"][0] - 0.2  # the near arm goes overhead
    assert end["ankle_far"][0] > end["knee"][0]  # while the far leg stretches away


def test_side_plank_lines_up_knees_hips_and_shoulders_over_the_elbow():
    end = _points("side_plank_knees", "end")
    assert _off_line(end["knee"], end["hip"], end["shoulder"]) < 0.01
    assert end["elbow"][0] == pytest.approx(end["shoulder"][0], abs=0.01)


def test_knees_are_bent_where_the_cues_say_so():
    for slug in ("pelvic_tilt", "glute_bridge", "mcgill_curl_up", "knee_rolls", "figure_four"):
        body = _points(slug, "start")
        bend = abs(math.dist(body["hip"], body["ankle"]) - LENGTHS["knee"] - LENGTHS["ankle"])
        assert bend > 0.1, slug


def test_cat_rounds_and_cow_dips():
    cow, cat = _points("cat_cow", "start"), _points("cat_cow", "end")
    assert cat["mid"][1] > (cat["hip"][1] + cat["shoulder"][1]) / 2 + 0.02
    assert cow["mid"][1] < (cow["hip"][1] + cow["shoulder"][1]) / 2 - 0.02


def test_press_up_and_sphinx_keep_the_hips_down():
    for slug in ("prone_press_up", "sphinx"):
        end = _points(slug, "end")
        assert end["hip"][1] < 0.08 and end["shoulder"][1] > 0.15, slug


# --- the tempo -----------------------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def test_a_rep_reaches_the_end_position_when_its_tempo_says():
    tempo = Tempo(move=2, hold=3, back=2)
    bridge = FlowItem(1, "Glute bridge", "core", "reps", reps=4, slug="glute_bridge", tempo=tempo)
    clock = FakeTime()
    flow = SessionFlow([bridge], clock)
    figure = FIGURES["glute_bridge"]

    def seen(seconds_from_start: float):
        clock.now = 500.0 + seconds_from_start  # the screen's ticks never ran: reads stay pure
        pose, moving = pose_at(
            figure, "reps", tempo, flow.phase, flow.phase_seconds_now(), GET_READY_SECONDS
        )
        return pose, moving

    pose, moving = seen(1.0)  # the count-in: still at the start
    assert same_place(pose.points(), figure.start.points()) and not moving
    flow.update()  # the count-in is over at 3 s
    clock.now = 500.0 + GET_READY_SECONDS
    flow.update()
    assert flow.phase == "work"
    pose, _ = seen(GET_READY_SECONDS + 1.0)  # halfway through the 2 s move
    assert not same_place(pose.points(), figure.end.points())
    for held in (2.0, 3.5, 5.0):  # reached at 2 s, held until 5 s
        pose, moving = seen(GET_READY_SECONDS + held)
        assert moving
        assert pose.points()["hip"] == pytest.approx(figure.end.points()["hip"]), held
    pose, _ = seen(GET_READY_SECONDS + 7.0)  # back at the start as the next rep begins
    assert pose.points()["hip"] == pytest.approx(figure.start.points()["hip"])


def test_rep_progress_moves_holds_and_returns():
    tempo = Tempo(move=2, hold=2, back=4)
    assert [rep_progress(tempo, s) for s in (0, 1, 2, 3, 4, 6, 8, 9)] == pytest.approx(
        [0, 0.5, 1, 1, 1, 0.5, 0, 0.5]
    )
    breath = Tempo(breath=6)
    assert [rep_progress(breath, s) for s in (0, 1.5, 3, 4.5, 6)] == pytest.approx(
        [0, 0.5, 1, 0.5, 0]
    )


def test_a_hold_moves_in_during_the_count_in_then_stays_still():
    tempo = Tempo(move=2, back=2)
    assert moment("hold", tempo, "get_ready", 0.5, 3).progress == 0
    assert moment("hold", tempo, "get_ready", 2.0, 3).progress == pytest.approx(0.5)
    held = moment("hold", tempo, "work", 4.0, 3)
    assert held.progress == 1 and not held.moving


def test_a_rest_is_still_at_the_start():
    rest = moment("reps", Tempo(move=2, hold=2, back=2), "rest", 10.0, 3)
    assert rest.progress == 0 and not rest.moving


def test_phase_seconds_stop_while_paused():
    clock = FakeTime()
    flow = SessionFlow([FlowItem(1, "Bridge", "core", "reps", reps=4)], clock)
    clock.now += 1.0
    assert flow.phase_seconds_now() == pytest.approx(1.0)
    flow.pause()
    clock.now += 5.0
    assert flow.phase_seconds_now() == pytest.approx(1.0)
