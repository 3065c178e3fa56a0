"""Random and hostile strings to every text field: stored clean, or refused with a clear message.

Text fields: the check-in note, the after-session note, skip notes, the therapy note, PSFS activity
names, and a person's own exercise (name, form cues, mistakes, summary). Escape sequences and other
control characters are never stored (a stored ESC would be sent raw to the terminal by every
screen that shows it), and pasted text loses them before any field shows them. A 100 KB note is
refused with a message naming the limit, without a hang.

Three layers: a hypothesis property over the core functions that store text; every form in the
app, given the same strings; and the real app on a pseudo-terminal, where a bracketed paste full of
escape codes is watched byte for byte on its way to the screen.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from fixed_time import at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from session_helpers import wait_for

from backtui.text import TextError, clean_text, without_controls

NOW = at(2026, 11, 25, 9, 0)
BIG = "x" * 100_000  # a 100 KB note

# Text no field may store: each would reach the terminal raw, or change how text reads.
REFUSED = [
    "\x1b[2J\x1b[Hcleared",  # clear the screen
    "title \x1b]0;PWNED\x07",  # set the window title (OSC)
    "clip \x1b]52;c;cGF5bG9hZA==\x07",  # write the clipboard (OSC 52)
    "c1 \x9b31m red",  # an 8-bit CSI
    "nul \x00 byte",
    "bell \x07",
    "back\x08space",
    "del \x7f",
    "evil \u202etxt.exe",  # right-to-left override
    "broken \ud800 half",  # a lone surrogate
]
# Text every field must take and give back exactly: it is only text.
ACCEPTED = [
    "[bold red]not markup[/]",
    "[/]",
    "[link=file:///etc/passwd]x[/link]",
    "Rücken 腰痛 🧘‍♀️ é",  # accents, CJK, an emoji sequence, a combining accent
    "zero\u200bwidth",
    "<script>alert(1)</script> & \"quotes\" 'too'",
    "%s %d {0} {name}",
    "\\x1b is just a backslash",
]


def is_clean(text: str) -> bool:
    """No control character but tab and newline, no bidi override, no surrogate."""
    return text == without_controls(text).replace("\r", "") and all(
        unicodedata.category(c) != "Cs" for c in text
    )


# --- the core: every function that stores text -----------------------------------------------


@pytest.fixture
def writers(database):
    """Each text field's core writer: (name, write(text) -> stored text, rows() -> count)."""
    from backtui.checkin import checkins, measures
    from backtui.db.models import CheckIn, Exercise, PsfsEntry, Session, SkipLog, TherapyEntry
    from backtui.history import therapies
    from backtui.plan import library
    from backtui.session import store

    exercise = Exercise.create(
        slug="plank", name="Plank", kind="core", dose_type="hold", reps=3, hold_seconds=10
    )
    items = [store.SessionItem(exercise, 1, 3, 10)]

    def new_session():
        return store.start_session(NOW, items).id

    def checkin(text):
        return checkins.save_checkin(3, moment="standalone", now=NOW, note=text).note

    def skip(text):
        return store.log_skip(new_session(), exercise.id, "other", text, now=NOW).note

    def session_end(text):
        return store.end_session(new_session(), "completed", NOW, note=text).note

    def reflection(text):
        return store.save_reflection(new_session(), 4, text).note

    def therapy(text):
        return therapies.add_therapy(NOW.date(), "massage", text, today=NOW.date()).note

    def therapy_edit(text):
        entry = therapies.add_therapy(NOW.date(), "massage", "", today=NOW.date())
        return therapies.edit_therapy(entry.id, NOW.date(), "massage", text, today=NOW.date()).note

    def psfs(text):
        items = [{"activity": text, "score": 4}, {"activity": "Walking the dog", "score": 6},
                 {"activity": "Gardening", "score": 5}]  # fmt: skip
        return measures.record_psfs(items, NOW).items[0]["activity"]

    def own_name(text):
        return library.add_user_exercise(text, "core", "reps", reps=5).name

    def own_cue(text):
        name = f"Own {Exercise.select().count()}"
        cues = library.add_user_exercise(name, "core", "reps", reps=5, cues=[text]).cues or [""]
        return cues[0]

    def own_mistake(text):
        name = f"Own {Exercise.select().count()}"
        made = library.add_user_exercise(name, "core", "reps", reps=5, mistakes=[text])
        return (made.mistakes or [""])[0]

    def own_summary(text):
        name = f"Own {Exercise.select().count()}"
        return library.add_user_exercise(name, "core", "reps", reps=5, summary=text).summary

    def count(model):
        return lambda: model.select().count()

    def noted(model):  # rows whose note was written: an edit or an ending adds no row
        return lambda: model.select().where(model.note != "").count()

    return {
        "check-in note": (checkin, count(CheckIn)),
        "skip note": (skip, count(SkipLog)),
        "session note": (session_end, noted(Session)),
        "after-session note": (reflection, noted(Session)),
        "therapy note": (therapy, count(TherapyEntry)),
        "therapy note, edited": (therapy_edit, noted(TherapyEntry)),
        "PSFS activity": (psfs, count(PsfsEntry)),
        "own exercise name": (own_name, count(Exercise)),
        "own exercise cue": (own_cue, count(Exercise)),
        "own exercise mistake": (own_mistake, count(Exercise)),
        "own exercise summary": (own_summary, count(Exercise)),
    }


def write_or_refuse(writers, field: str, text: str) -> str | None:
    """Store ``text`` in ``field``: the stored text, or None after a clean refusal."""
    write, rows = writers[field]
    before = rows()
    try:
        stored = write(text)
    except ValueError as error:  # every core refusal is a ValueError with a message
        message = str(error)
        assert message and "\n" not in message and is_clean(message), repr(message)
        assert rows() == before, f"{field}: a refused text left a row behind"
        return None
    assert is_clean(stored), f"{field} stored {stored!r}"
    # What is stored is what was typed, apart from trimmed ends and line endings.
    assert stored == clean_text(text, max_length=len(text) + 1), field
    return stored


FIELDS = [
    "check-in note",
    "skip note",
    "session note",
    "after-session note",
    "therapy note",
    "therapy note, edited",
    "PSFS activity",
    "own exercise name",
    "own exercise cue",
    "own exercise mistake",
    "own exercise summary",
]
ANY_TEXT = st.one_of(
    st.text(max_size=60),  # any code point, controls and surrogates included
    st.text(st.characters(codec="utf-8"), max_size=30).map(lambda t: f"{t}\x1b[31m{t}"),
    st.sampled_from(REFUSED + ACCEPTED),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(FIELDS), text=ANY_TEXT)
def test_random_text_is_stored_clean_or_refused_with_a_message(writers, field, text):
    stored = write_or_refuse(writers, field, text)
    if stored is None:
        # Refused: either it holds something no field may store, or it breaks the field's rules
        # (empty where a name is needed, too long, one line only).
        try:
            clean_text(text, max_length=len(text) + 1, multiline=False)
        except TextError:
            return
        assert field in ("PSFS activity", "own exercise name") or len(text.strip()) > 60


@pytest.mark.parametrize("field", FIELDS)
def test_control_characters_and_escape_codes_are_never_stored(writers, field):
    for text in REFUSED:
        assert write_or_refuse(writers, field, text) is None, f"{field} stored {text!r}"


@pytest.mark.parametrize("field", FIELDS)
def test_markup_unicode_and_look_alikes_are_kept_exactly(writers, field):
    for text in ACCEPTED:
        if field == "own exercise name" and len(text) > 60:
            continue
        assert write_or_refuse(writers, field, text) == text.strip(), field


@pytest.mark.parametrize("field", FIELDS)
def test_a_100_kb_text_is_refused_with_its_limit(writers, field):
    write, rows = writers[field]
    before = rows()
    with pytest.raises(ValueError, match=r"100,000 characters long; the limit is \d"):
        write(BIG)
    assert rows() == before


def test_pasted_text_loses_only_what_cannot_be_shown():
    assert without_controls("a\x1b[31mb\x9bc\x00d\u202ee\ttab\nline") == "a[31mbcde\ttab\nline"
    for text in ACCEPTED:
        assert without_controls(text) == text


# --- the app: every form, given the same strings -----------------------------------------------

SHOWN = "[bold]kept[/bold] 腰痛 [/]"  # valid, and markup-like: shown literally, never as markup


def rendered(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def refuse_each(pilot, field: str, message: str, save, stored, big="100,000") -> None:
    """Put each refused text (and 100 KB) in ``field``, save, and see it refused by name."""
    app = pilot.app
    form = app.screen
    for text in [*REFUSED, BIG]:
        form.query_one(field).value = text
        done = save()
        if done is not None:
            await done
        await pilot.pause()
        await app.workers.wait_for_complete()
        shown = rendered(form, message)
        assert shown and is_clean(shown), (field, text, shown[:200])
        if big is not None:  # the length is what a 100 KB text is refused for
            assert (big in shown) if text is BIG else (big not in shown), (field, shown[:200])
        assert app.screen is form and stored() == 0, (field, text[:50])


async def test_every_form_refuses_what_it_cannot_store_and_says_why(make_test_app):
    from backtui.db.models import CheckIn, Exercise, PsfsEntry, TherapyEntry
    from backtui.tui.checkin.measures import PsfsScreen
    from backtui.tui.checkin.screen import CheckInScreen
    from backtui.tui.plan.own_exercise import UserExerciseForm
    from backtui.tui.session.pain import AfterSessionScreen

    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        own = Exercise.select().where(Exercise.builtin == False).count  # noqa: E712

        # The check-in note: pain set, then enter saves.
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckInScreen), "the check-in")
        await pilot.press("3")

        async def press_enter():
            await pilot.press("enter")  # from the pain field or the note, enter saves

        await refuse_each(pilot, "#note", "#message", press_enter, CheckIn.select().count)
        app.screen.query_one("#note").value = SHOWN
        await press_enter()
        await wait_for(pilot, lambda: CheckIn.select().count() == 1, "the check-in")
        assert CheckIn.get().note == SHOWN

        # The after-session note: pain, effort, then the note; enter saves it.
        answers = []
        app.push_screen(AfterSessionScreen(), answers.append)
        await pilot.pause()
        await pilot.press("3", "enter", "4", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#note").display, "the note")
        await refuse_each(
            pilot, "#note", "#note-error", lambda: pilot.press("enter"), lambda: len(answers)
        )
        app.screen.query_one("#note").value = SHOWN
        await pilot.press("enter")
        await wait_for(pilot, lambda: answers, "the answers")
        assert answers[0].note == SHOWN

        # PSFS activity names: three activities, the first one hostile.
        app.push_screen(PsfsScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, PsfsScreen), "the PSFS form")
        for number, name in enumerate(["", "Walking the dog", "Gardening"]):
            app.screen.query_one(f"#psfs-name-{number}").value = name
            app.screen.query_one(f"#psfs-score-{number}").value = "5"
        await refuse_each(
            pilot, "#psfs-name-0", "#psfs-message", app.screen.action_save,
            PsfsEntry.select().count,
        )  # fmt: skip
        app.screen.query_one("#psfs-name-0").value = SHOWN
        app.screen.action_save()
        await wait_for(pilot, lambda: PsfsEntry.select().count() == 1, "the PSFS entry")
        assert PsfsEntry.get().items[0]["activity"] == SHOWN

        # A person's own exercise: the name, then a form cue and a mistake.
        for field in ("#user-name", "#user-cue-1", "#user-mistake-1"):
            app.push_screen(UserExerciseForm())
            await wait_for(pilot, lambda: isinstance(app.screen, UserExerciseForm), "the form")
            app.screen.query_one("#user-name").value = "Wall slide"

            async def save():
                await pilot.press("ctrl+s")
                await app.workers.wait_for_complete()
                app.screen._busy = False  # the form is ready again once its message shows

            await refuse_each(pilot, field, "#user-error", save, own)
            await pilot.press("escape")
        app.push_screen(UserExerciseForm())
        await wait_for(pilot, lambda: isinstance(app.screen, UserExerciseForm), "the form")
        app.screen.query_one("#user-name").value = "[/] slide"
        app.screen.query_one("#user-cue-1").value = SHOWN
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own() == 1, "the exercise")
        mine = Exercise.get(Exercise.builtin == False)  # noqa: E712
        assert (mine.name, mine.cues) == ("[/] slide", [SHOWN])

        # The therapy note (and its day), in History.
        await pilot.press("h")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HistoryScreen", "History")
        await pilot.press("a")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "TherapyForm", "the form")
        await refuse_each(
            pilot, "#therapy-note", "#therapy-error", lambda: pilot.press("ctrl+s"),
            TherapyEntry.select().count,
        )  # fmt: skip
        app.screen.query_one("#therapy-note").value = "fine"
        await refuse_each(
            pilot, "#therapy-day", "#therapy-error", lambda: pilot.press("ctrl+s"),
            TherapyEntry.select().count, big=None,
        )  # fmt: skip
        app.screen.query_one("#therapy-day").value = NOW.date().isoformat()
        app.screen.query_one("#therapy-note").value = SHOWN
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: TherapyEntry.select().count() == 1, "the therapy")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Stored markup-like text is shown as the text it is, in History's therapy list.
        await pilot.press("6")
        await pilot.pause()
        assert SHOWN in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PlanScreen", "the Plan")
        await app.workers.wait_for_complete()
        assert app.is_running and app.return_code is None


NAME = "[/] Wall [bold]slide"  # a valid name that is broken markup: shown as typed, or a crash


async def test_stored_text_that_looks_like_markup_is_shown_literally_everywhere(
    make_test_app, clock
):
    """A person's own exercise with a markup-like name, in the plan, a session, a check-in note
    and History: every screen that shows them draws the text as typed and nothing crashes."""
    from session_helpers import FakeTime, use_plan

    from backtui.checkin import triage
    from backtui.db.models import Exercise, SetLog
    from backtui.plan import library

    app = make_test_app(monotonic=FakeTime())
    library.add_user_exercise(NAME, "core", "reps", sets=1, reps=3, cues=[SHOWN], mistakes=[NAME])
    slug = Exercise.get(Exercise.name == NAME).slug
    use_plan(clock(), [(slug, dict(sets=1, reps=3))])
    triage.record_screening([], "manual", clock())
    app.bell = lambda: None

    def shown() -> str:
        return app.export_screenshot().replace("&#160;", " ")

    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert NAME in shown()  # the Plan
        await pilot.press("enter")  # the exercise's own page: cues and mistakes
        await wait_for(pilot, lambda: type(app.screen).__name__ != "PlanScreen", "the page")
        assert NAME in shown() and SHOWN in shown()
        await pilot.press("escape")
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PrePainScreen", "pain")
        await pilot.press("escape")
        await wait_for(pilot, lambda: getattr(app.screen, "flow", None), "the session")
        await pilot.pause()
        assert NAME in shown() and SHOWN in shown()  # the live session
        await pilot.press("c", "2", "n")
        for key in SHOWN:
            await pilot.press(key if key.isalnum() else {" ": "space"}.get(key, key))
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SessionScreen", "back")
        await pilot.press("enter")  # the only set
        await wait_for(pilot, lambda: SetLog.select().count() == 1, "the set")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "AfterSessionScreen", "after")
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Summary" in type(app.screen).__name__, "the summary")
        assert NAME in shown()
        await pilot.press("h")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HistoryScreen", "History")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for section in "123456":
            await pilot.press(section)
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown()
        await pilot.press("4", "enter")  # Sessions, then one session's detail
        await wait_for(pilot, lambda: type(app.screen).__name__ != "HistoryScreen", "detail")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert NAME in shown() and SHOWN in shown()  # the set, and the check-in's note
        assert app.is_running and app.return_code is None


# --- the real terminal: pastes full of control characters and escape codes ------------------------

# Control characters without ESC reach the app as one paste: they are left out, with a notice.
PASTE_CONTROLS = "bell \x07 csi \x9b2J \x9b31m rtl \u202eevil end"
# Textual's own parser breaks a paste at an ESC and replays the rest as key presses, which an
# input shows as printable text ("^[" for ESC): harmless, and checked here all the same.
PASTE_ESCAPES = "title \x1b]0;PWNED\x07 red \x1b[31mREDX"
RAW = ["\x9b", "\u202e", "\x1b]0;PWNED", "\x1b[31mREDX"]  # what must never be sent as is


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_pasted_escape_code_never_reaches_the_terminal_raw(tmp_path):
    import sqlite3

    from test_session_crash import Terminal

    db_path = tmp_path / "data" / "backtui.db"
    terminal = Terminal(db_path)
    everything: list[str] = []
    try:
        terminal.wait_for_text("Plan")
        terminal.type("c")
        terminal.wait_for_text("Pain now")
        terminal.type("3")
        terminal.wait_for_text("noticeable")
        terminal.type("n")  # the note field: it is redrawn, focused, with its placeholder
        terminal.wait_for_text("anything worth remembering")
        terminal.type(f"\x1b[200~{PASTE_CONTROLS}\x1b[201~")  # a bracketed paste
        terminal.wait_for_text("pasted text")  # the notice
        terminal.wait_for_text("evil end")
        everything.append("".join(terminal.chunks))
        terminal.type(f"\x1b[200~{PASTE_ESCAPES}\x1b[201~")
        terminal.wait_for_text("REDX")
        everything.append("".join(terminal.chunks))
        terminal.type("\r")
        terminal.wait_for_text("Check-in saved")
        everything.append("".join(terminal.chunks))
    finally:
        terminal.close()
    raw = "".join(everything)
    assert [seq for seq in RAW if seq in raw] == []
    connection = sqlite3.connect(db_path)
    try:
        (note,) = connection.execute("SELECT note FROM checkin").fetchone()
    finally:
        connection.close()
    assert note.startswith(without_controls(PASTE_CONTROLS)) and is_clean(note)
    assert "PWNED" in note and "REDX" in note
