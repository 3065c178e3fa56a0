"""Health data stays on the machine: no module reaches for the network."""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the repository
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
    "psycopg",
    "psycopg2",
}
# The modules that may reach a server: the PostgreSQL store and its session locks, used only when
# the person names a database server with --db, BACKTUI_DB or config.toml (docs/multi-device.md).
SERVER_MODULES = {"src/backtui/db/postgres.py", "src/backtui/db/server_claims.py"}


def test_no_module_imports_a_network_library():
    offenders = []
    scanned = 0
    for folder in ("src", "tui"):
        for path in (ROOT / folder).rglob("*.py"):
            scanned += 1
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
                    and not (
                        n.startswith("psycopg") and str(path.relative_to(ROOT)) in SERVER_MODULES
                    )
                ]
    assert scanned > 50  # the check read the real source, not an empty folder
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
