"""`backtui remind --install` / `--uninstall` under a temporary home, with a fake systemctl."""

from __future__ import annotations

import plistlib
import subprocess
import sys

import pytest

from backtui.cli import main
from backtui.outside import schedule


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.fixture
def fake_systemctl(tmp_path, monkeypatch):
    """A systemctl on PATH that only logs how it was called."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "systemctl.log"
    script = bin_dir / "systemctl"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return log


def test_install_writes_a_systemd_user_timer_and_enables_it(home, fake_systemctl, capsys):
    assert main(["remind", "--install"]) == 0
    units = home / ".config" / "systemd" / "user"
    service = (units / "backtui-remind.service").read_text()
    timer = (units / "backtui-remind.timer").read_text()
    assert f"ExecStart={sys.executable} -m backtui.cli remind" in service
    assert "OnCalendar=*:0/30" in timer and "WantedBy=timers.target" in timer
    assert fake_systemctl.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now backtui-remind.timer",
    ]
    said = capsys.readouterr().out
    assert f"wrote {units / 'backtui-remind.timer'}" in said and "enable --now" in said


def test_uninstall_removes_exactly_what_was_installed(home, fake_systemctl):
    units = home / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "someone-else.timer").write_text("[Timer]\n")
    main(["remind", "--install"])
    assert main(["remind", "--uninstall"]) == 0
    assert sorted(p.name for p in units.iterdir()) == ["someone-else.timer"]
    assert fake_systemctl.read_text().splitlines()[-2:] == [
        "--user disable --now backtui-remind.timer",
        "--user daemon-reload",
    ]


def test_a_unit_not_written_by_backtui_is_never_replaced_or_removed(home, fake_systemctl):
    units = home / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "backtui-remind.timer").write_text("# mine\n")
    assert main(["remind", "--install"]) == 1
    assert main(["remind", "--uninstall"]) == 0
    assert (units / "backtui-remind.timer").read_text() == "# mine\n"
    assert not (units / "backtui-remind.service").exists()


def test_the_chosen_database_is_passed_on(home, fake_systemctl, tmp_path):
    db = tmp_path / "my back.db"
    main(["--db", str(db), "remind", "--install"])
    service = (home / ".config" / "systemd" / "user" / "backtui-remind.service").read_text()
    assert f'--db "{db}" remind' in service


def test_without_systemd_it_prints_the_crontab_line_and_writes_nothing(
    home, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["remind", "--install"]) == 0
    out = capsys.readouterr().out
    assert "crontab -e" in out and f"*/30 * * * * {sys.executable} -m backtui.cli remind" in out
    assert list(home.iterdir()) == []


def test_macos_gets_a_launchd_agent(home):
    calls = []

    def run(command):
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    code, _ = schedule.install(
        None, home=home, platform="darwin", which=lambda name: f"/usr/bin/{name}", run=run
    )
    agent = home / "Library" / "LaunchAgents" / "org.backtui.remind.plist"
    data = plistlib.loads(agent.read_bytes())
    assert code == 0 and data["Label"] == "org.backtui.remind"
    assert data["ProgramArguments"][-1] == "remind" and data["StartInterval"] == 1800
    code, _ = schedule.uninstall(
        home=home, platform="darwin", which=lambda name: f"/usr/bin/{name}", run=run
    )
    assert code == 0 and not agent.exists()
    assert [c[1] for c in calls] == ["load", "unload"]


def test_a_failing_systemctl_is_reported(home, tmp_path, monkeypatch, capsys):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "systemctl").write_text("#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n")
    (bin_dir / "systemctl").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert main(["remind", "--install"]) == 1
    assert "Failed to connect to bus" in capsys.readouterr().out
