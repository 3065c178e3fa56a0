"""backtui demo: deterministic, realistic history in a new file, never over an existing one."""

from __future__ import annotations

import json

import pytest
from fixed_time import at

from backtui.cli import main
from backtui.db.models import CheckIn, PlanItem, ProgressionDecision, Session, SetLog, TherapyEntry
from backtui.db.storage import close_database
from backtui.record.demo import DemoError, create_demo
from backtui.record.export import collect_record

END = at(2026, 11, 25, 9, 0)


def _record(path, seed):
    create_demo(path, years=0.5, seed=seed, end=END)
    record = collect_record()
    close_database()
    return json.dumps(record, sort_keys=True, default=str)


def test_same_seed_same_history(tmp_path):
    first = _record(tmp_path / "a.db", 3)
    assert first == _record(tmp_path / "b.db", 3)
    assert first != _record(tmp_path / "c.db", 4)


def test_history_looks_like_practice(tmp_path):
    create_demo(tmp_path / "demo.db", years=1, seed=7, end=END)
    sessions = Session.select().count()
    assert 200 < sessions < 366
    assert Session.select().where(Session.status == "ended_early").count() > 0
    assert SetLog.select().count() > sessions * 3
    moments = {c.moment for c in CheckIn.select(CheckIn.moment).distinct()}
    assert {"before", "after", "next_morning"} <= moments
    assert TherapyEntry.select().count() > 0
    assert ProgressionDecision.select().where(ProgressionDecision.action == "progress").count() > 0
    assert PlanItem.select().where(PlanItem.active).count() > 0
    last = Session.select().order_by(Session.started_at.desc()).first()
    assert last.started_at.date() <= END.date()
    close_database()


def test_refuses_an_existing_non_empty_file(tmp_path):
    target = tmp_path / "mine.db"
    target.write_text("my notes")
    with pytest.raises(DemoError, match="already exists"):
        create_demo(target, years=0.1)
    assert target.read_text() == "my notes"


@pytest.mark.parametrize("years", [0, -1, 51])
def test_years_must_be_sensible(tmp_path, years, capsys):
    assert main(["demo", "--years", str(years), "--db", str(tmp_path / "x.db"), "--no-open"]) == 2
    assert "--years" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_demo_command_makes_a_private_file(tmp_path, capsys):
    target = tmp_path / "demo.db"
    assert main(["demo", "--years", "0.05", "--db", str(target), "--no-open"]) == 0
    assert str(target) in capsys.readouterr().out
    assert (target.stat().st_mode & 0o777) == 0o600
    close_database()
