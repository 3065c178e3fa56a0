"""`backtui checkin`: the app's validation, moments and red-flag routing, from the shell."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_time import FIXED_NOW

from backtui.checkin import triage
from backtui.cli import main
from backtui.db.models import CheckIn, Session
from backtui.db.storage import close_database, open_database
from backtui.outside.checkin import EXIT_NEEDS_CHECKLIST, record_checkin
from backtui.progression.inputs import progression_paused


def _rows(db_path):
    open_database(db_path, now=FIXED_NOW)
    try:
        return list(CheckIn.select().order_by(CheckIn.id))
    finally:
        close_database()


def test_a_pain_score_alone_is_saved_as_a_standalone_check_in(database):
    close_database()
    code, message = record_checkin(database, "3", FIXED_NOW, note="stiff after the drive")
    assert code == 0 and message.startswith("Saved: pain 3/10, check-in")
    [row] = _rows(database)
    assert (row.pain, row.moment, row.note) == (3, "standalone", "stiff after the drive")


def test_the_first_morning_check_in_after_a_session_is_its_next_morning_one(database):
    yesterday = FIXED_NOW - timedelta(days=1)
    session = Session.create(started_at=yesterday, ended_at=yesterday, status="completed")
    close_database()
    code, message = record_checkin(database, "2", FIXED_NOW)
    assert code == 0 and "next-morning check-in" in message
    [row] = _rows(database)
    assert row.moment == "next_morning" and row.session_id == session.id


@pytest.mark.parametrize(
    "args",
    [
        ["11"],
        ["-1"],
        ["two"],
        ["3.5"],
        ["3", "--where", "knee"],
        ["3", "--feels", "itchy"],
        ["3", "--note", "bad\x1b[2Jnote"],
    ],
)
def test_invalid_input_is_one_line_and_exit_2_with_nothing_saved(database, args, capsys):
    close_database()
    assert main(["--db", str(database), "checkin", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backtui: ") and err.count("\n") == 1
    assert _rows(database) == []


def test_labels_may_be_repeated_or_comma_separated_and_use_plain_words(database):
    close_database()
    code, _ = record_checkin(
        database, "4", FIXED_NOW, where=["low-back,buttock"], feels=["ache", "stiff"]
    )
    assert code == 0
    [row] = _rows(database)
    assert row.locations == ["low_back", "buttock"] and row.qualities == ["ache", "stiffness"]


@pytest.mark.parametrize(
    "signal",
    [dict(where=["both-legs"]), dict(feels=["numbness"]), dict(spreading=True)],
)
def test_a_sign_that_needs_the_checklist_is_saved_and_sends_to_the_app(database, signal):
    close_database()
    code, message = record_checkin(database, "3", FIXED_NOW, **signal)
    assert code == EXIT_NEEDS_CHECKLIST == 3
    assert "Open backtui" in message and "emergency" in message
    assert len(_rows(database)) == 1


def test_the_cli_exit_status_for_the_checklist_is_3(database, capsys):
    close_database()
    assert main(["--db", str(database), "checkin", "5", "--where", "both_legs"]) == 3
    assert "warning signs" in capsys.readouterr().out


def test_one_leg_without_other_signs_needs_no_checklist(database):
    close_database()
    assert record_checkin(database, "3", FIXED_NOW, where=["one-leg"])[0] == 0


def test_a_good_check_in_never_lifts_a_hold_and_says_who_can(database):
    triage.record_screening(["fever_unwell"], "manual", FIXED_NOW - timedelta(days=2))
    close_database()
    code, message = record_checkin(database, "1", FIXED_NOW)
    assert code == 0 and "until a doctor or physiotherapist has checked you" in message
    open_database(database, now=FIXED_NOW)
    assert progression_paused()


def test_without_a_database_it_creates_nothing(tmp_path, capsys):
    db_path = tmp_path / "none" / "backtui.db"
    assert main(["--db", str(db_path), "checkin", "3"]) == 1
    assert "run backtui once" in capsys.readouterr().err
    assert not db_path.parent.exists()
