"""Learn pages: the shipped ones load and say what they promise, bad pages are named, search and
the daily "did you know" line behave."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backtui import learn
from backtui.learn import LearnError, did_you_know, load_pages, parse_page, search

EMERGENCY_SIGNS = (
    "both legs", "genitals", "passing urine", "bowels", "sexual function", "chest pain",
    "serious fall",
)  # fmt: skip


def _page(page_id="walking", title="Walking", order=1, tips=("Walking counts.",), body=None):
    tip_list = ", ".join(f'"{tip}"' for tip in tips)
    body = body if body is not None else "Walk a little more.\n\n## Sources\n\n- WalkBack 2024.\n"
    return (
        f'+++\nid = "{page_id}"\ntitle = "{title}"\norder = {order}\n'
        f"did_you_know = [{tip_list}]\n+++\n{body}"
    )


def test_shipped_pages_cover_every_topic_and_cite_sources():
    pages = load_pages()
    ids = [page.id for page in pages]
    for topic in (
        "understanding", "exercise-kinds", "form", "start-slow", "listening", "mistakes",
        "other-care", "consistency", "flare-ups", "get-help", "questions",
    ):  # fmt: skip
        assert topic in ids
    assert [page.order for page in pages] == sorted(page.order for page in pages)
    for page in pages:
        assert "## Sources" in page.body and page.did_you_know
    help_page = learn.page_by_id("get-help").body.replace("**", "").casefold()
    for sign in EMERGENCY_SIGNS:
        assert sign in help_page, sign


def test_the_help_guide_lists_every_emergency_sign():
    guide = (learn.LEARN_DIR.parent / "guide.md").read_text(encoding="utf-8").casefold()
    for sign in EMERGENCY_SIGNS:
        assert sign in guide, sign


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Just text, no front matter.\n", "must start with a '+++'"),
        ('+++\nid = "walking"\n', "no closing '+++'"),
        (_page().replace('title = "Walking"\n', ""), "'title' is missing"),
        (_page().replace("order = 1", 'order = "first"'), "'order' is missing or not int"),
        (_page(page_id="running"), "'id' must be the file's name"),
        (_page(tips=()), "'did_you_know' needs 1 to 5"),
        (_page(tips=("x" * 65,)), "one line of 1 to 64"),
        (_page(body="No sources here.\n"), "'## Sources' list"),
        (_page().replace("order = 1", "order = 1\ncolour = 3"), "unknown field 'colour'"),
        (_page().replace("order = 1", "order = = 1"), "not valid TOML"),
    ],
)
def test_a_bad_page_is_refused_by_name(text, words):
    with pytest.raises(LearnError) as error:
        parse_page(text, "walking.md")
    assert "walking.md" in str(error.value) and words in str(error.value)


def test_a_folder_with_a_bad_page_names_it_and_repeated_orders_are_refused(tmp_path):
    (tmp_path / "walking.md").write_text(_page(), encoding="utf-8")
    (tmp_path / "yoga.md").write_text(_page("yoga", "Yoga", order=1), encoding="utf-8")
    with pytest.raises(LearnError, match=r"yoga\.md: 'order' 1 repeats walking\.md"):
        load_pages(tmp_path)
    (tmp_path / "yoga.md").write_text(_page("yoga", "", order=2), encoding="utf-8")
    with pytest.raises(LearnError, match=r"yoga\.md: 'title' must not be empty"):
        load_pages(tmp_path)
    (tmp_path / "yoga.md").write_text(_page("yoga", "Yoga", order=2), encoding="utf-8")
    assert [page.id for page in load_pages(tmp_path)] == ["walking", "yoga"]


def test_search_finds_words_in_titles_first_then_bodies():
    hits = search("Exercise")
    in_title = [hit.page.id for hit in hits if hit.in_title]
    assert in_title == ["exercise-kinds", "other-care"]
    assert [hit.page.id for hit in hits[:2]] == in_title  # title matches come first
    assert "flare-ups" in [hit.page.id for hit in hits[2:]]  # found by its body
    # Every word must appear, in the title or the body, whatever the case.
    assert [hit.page.id for hit in search("CAUDA equina")] == ["get-help"]
    assert [hit.page.id for hit in search("genitals saddle yoga")] == []
    assert search("   ") == [] and search("xylophone") == []


def test_did_you_know_is_steady_within_a_day_and_changes_every_day():
    pages = load_pages()
    start = date(2026, 1, 1)
    lines = [did_you_know(start + timedelta(days=n), pages) for n in range(60)]
    assert did_you_know(start, pages) == lines[0]  # the same answer again for the same day
    assert all(a != b for a, b in zip(lines, lines[1:], strict=False))
    # Days in a row come from different pages, and every line is shown before any repeats.
    assert all(a.page_id != b.page_id for a, b in zip(lines, lines[1:], strict=False))
    every = {tip for page in pages for tip in page.did_you_know}
    assert {tip.text for tip in lines[: len(every)]} == every
