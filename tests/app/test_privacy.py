"""Health data stays on the machine: no module reaches for the network."""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "websockets",
    "telnetlib",
    "xmlrpc",
}


def test_no_module_imports_a_network_library():
    offenders = []
    for folder in ("src", "tui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(ROOT)}: {n}"
                    for n in names
                    if n.split(".")[0] in NETWORK_MODULES
                ]
    assert offenders == []


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise AssertionError(f"backtui tried to reach the network: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


async def test_a_full_visit_opens_no_socket(no_network, make_test_app, tmp_path):
    from backtui.cli import main

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("h", "p", "c", "5", "enter", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
    assert main(["--db", str(app.db_path), "export", "-o", str(tmp_path / "e.json")]) == 0
    assert no_network == []


def test_the_guard_itself_catches_a_connection(no_network):
    with pytest.raises(AssertionError, match="network"):
        socket.create_connection(("127.0.0.1", 9))
    assert len(no_network) == 1
