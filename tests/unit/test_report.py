"""The clinician report: what it says, that it escapes the person's words, and how it is written."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from fixed_time import at

from backtui.cli import main
from backtui.db.models import (
    CheckIn,
    Exercise,
    PegEntry,
    PlanItem,
    ProgressionDecision,
    RedFlagScreening,
    Session,
    SkipLog,
    TherapyEntry,
)
from backtui.db.storage import close_database
from backtui.instants import at_local
from backtui.record.report import ReportError, build_report, parse_since, save_report_beside

NOW = at(2026, 11, 25, 9, 0)
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def record(database):
    bridge = Exercise.create(
        slug="glute_bridge", name="Glute bridge", kind="core", dose_type="reps", reps=8
    )
    PlanItem.create(exercise=bridge, weekdays="0,2,4", sets=2, reps=9, added_at=NOW)
    start = NOW.date() - timedelta(days=41)
    for offset in range(42):
        day = start + timedelta(days=offset)
        pain = 6 if offset < 14 else 3
        CheckIn.create(at=at_local(day, time(8)), moment="standalone", pain=pain)
        if day.weekday() in (0, 2, 4):
            session = Session.create(started_at=at_local(day, time(18)), status="completed")
        if offset % 4 == 0:
            TherapyEntry.create(day=day, kind="heat_ice", note=HOSTILE)
    SkipLog.create(session=session, exercise=bridge, reason="pain", at=NOW)
    PegEntry.create(at=NOW - timedelta(days=3), pain=4, enjoyment=3, activity=4, score=3.67)
    ProgressionDecision.create(
        at=NOW - timedelta(days=2),
        exercise=bridge,
        action="progress",
        reason=f"Pain low {HOSTILE}",
        status="accepted",
    )
    RedFlagScreening.create(
        at=NOW - timedelta(days=5),
        answers=["chest_pain"],
        outcome="emergency",
        trigger="body_signal",
    )
    RedFlagScreening.create(
        at=NOW - timedelta(days=400), answers=["bladder"], outcome="emergency", trigger="manual"
    )
    return database


def test_report_covers_the_clinicians_questions(record):
    page = build_report(NOW)
    for heading in (
        "Pain (0-10) and PEG",
        "Adherence",
        "Current plan",
        "Recent changes",
        "Red-flag events",
        "Other therapies",
    ):
        assert heading in page
    assert "Starting level 6.0/10; lately 3.0/10: a meaningful improvement" in page
    assert "<svg" in page and "@media print" in page
    assert "Glute bridge" in page and "2 × 9 reps" in page
    assert "Chest pain" in page and "Get emergency help now" in page
    assert "Bladder" not in page  # before the report's period
    assert "Exercises skipped because of pain: 1" in page
    assert "Heat or ice (11)" in page
    assert "not whether it helped" in page


def test_report_escapes_everything_the_person_typed(record):
    page = build_report(NOW)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_since_limits_the_period(record):
    page = build_report(NOW, since=date(2026, 11, 21))
    assert "21 Nov 2026 to 25 Nov 2026" in page
    assert "Chest pain" not in page
    assert "Heat or ice (1)" in page


def test_parse_since_rejects_bad_and_future_dates():
    assert parse_since("2026-01-02", NOW.date()) == date(2026, 1, 2)
    with pytest.raises(ReportError, match="YYYY-MM-DD"):
        parse_since("last week", NOW.date())
    with pytest.raises(ReportError, match="future"):
        parse_since("2027-01-01", NOW.date())


def test_empty_record_still_makes_a_readable_report(database):
    page = build_report(NOW)
    assert "No pain scores or PEG in this period." in page
    assert "No warning signs were reported in this period." in page


def test_save_beside_database_never_overwrites(record):
    first = save_report_beside(record, NOW)
    second = save_report_beside(record, NOW)
    assert first != second and first.parent == record.parent / "reports"
    assert (first.stat().st_mode & 0o777) == 0o600


def test_cli_report_stdout_file_force_and_errors(record, tmp_path, capsys):
    close_database()
    assert main(["--db", str(record), "report"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    target = tmp_path / "summary.html"
    assert main(["--db", str(record), "report", "-o", str(target)]) == 0
    assert f"report: {target}" in capsys.readouterr().out
    assert (target.stat().st_mode & 0o777) == 0o600
    target.write_text("mine")
    assert main(["--db", str(record), "report", "-o", str(target)]) == 2
    assert "--force" in capsys.readouterr().err and target.read_text() == "mine"
    assert main(["--db", str(record), "report", "-o", str(target), "--force"]) == 0
    assert "Back pain exercise summary" in target.read_text()
    assert main(["--db", str(record), "report", "--since", "soon"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "none.db"), "report"]) == 2
    assert "nothing to report" in capsys.readouterr().err
