"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, pg_ctl start on a
Unix socket there (and on a free loopback port, for password logins), stopped at the end.

initdb refuses to run as root, so as root the cluster runs as the `postgres` user (or `nobody`).
Without the server's programs the PostgreSQL tests are skipped, unless BACKTUI_REQUIRE_POSTGRES
is set (as .ci/run does): then a missing server fails them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ADMIN = "backtui_admin"
PASSWORD_USER = "alex"
PASSWORD = "correct-horse-7-battery"
REQUIRE_ENV = "BACKTUI_REQUIRE_POSTGRES"


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    for name in [*candidates, found]:
        if name and Path(name).with_name("initdb").exists():
            return Path(name).parent
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"PostgreSQL is required here ({REQUIRE_ENV}) but {reason}")
    pytest.skip(f"PostgreSQL tests need the server's programs: {reason}")


class Cluster:
    def __init__(self, bin_dir: Path, folder: Path, user: str | None, durable: bool) -> None:
        self.bin_dir = bin_dir
        self.durable = durable
        self.folder = folder
        self.user = user  # who runs the server when the tests run as root
        self.port = _free_port()
        self.data = folder / "data"
        self._count = 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}{result.stderr}")

    def start(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text("admin-pass\n")
        if self.user is not None:
            shutil.chown(pwfile, self.user)
        self._run(
            "initdb", "-D", str(self.data), "-U", ADMIN, "--auth-local=trust",
            "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync",
            "--locale=C",
        )  # fmt: skip
        self.start_server()
        self.admin_sql(f"CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}'")

    def start_server(self) -> None:
        """Start the server on its data folder (again, after stop_server)."""
        options = f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1 "
        options += "-c max_connections=60"
        if not self.durable:  # tests need no crash safety; a benchmark keeps the defaults
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "-t", "60", "start")  # fmt: skip

    def stop_server(self) -> None:
        """Stop the server and keep its data, as a server restart or a network drop would: every
        connection to it is cut, and new ones are refused until start_server."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def admin_sql(self, sql: str, dbname: str = "postgres") -> list[tuple]:
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=self.port, user=ADMIN, dbname=dbname, autocommit=True
        ) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def new_database(self, owner: str = ADMIN) -> str:
        self._count += 1
        name = f"record_{os.getpid()}_{self._count}"
        self.admin_sql(f"CREATE DATABASE {name} OWNER {owner}")
        return name

    def drop_database(self, name: str) -> None:
        self.admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def socket_url(self, dbname: str) -> str:
        return f"postgresql://{ADMIN}@/{dbname}?host={self.folder}&port={self.port}"

    def tcp_url(self, dbname: str, password: str | None = None) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{PASSWORD_USER}{secret}@127.0.0.1:{self.port}/{dbname}"


def start_cluster(*, durable: bool = False) -> Cluster:
    bin_dir = _bin_dir()
    if bin_dir is None:
        _unavailable("initdb and pg_ctl were not found")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is not installed")
    user = None
    if os.geteuid() == 0:
        for name in ("postgres", "nobody"):
            try:
                pwd.getpwnam(name)
            except KeyError:
                continue
            user = name
            break
        if user is None or shutil.which("runuser") is None:
            _unavailable("as root, the server needs an unprivileged user and runuser")
    folder = Path(tempfile.mkdtemp(prefix="backtui-pg-"))
    os.chmod(folder, 0o755)
    if user is not None:
        shutil.chown(folder, user)
    cluster = Cluster(bin_dir, folder, user, durable)
    try:
        cluster.start()
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(str(error))
    return cluster


def read_elsewhere(location, sql: str) -> list[tuple]:
    """Run ``sql`` on a connection of its own (not backtui's), on either store: what another
    reader sees is only what was committed."""
    if isinstance(location, Path):
        import sqlite3

        other = sqlite3.connect(location)
        try:
            return other.execute(sql).fetchall()
        finally:
            other.close()
    import psycopg

    with psycopg.connect(location.url) as other:
        return other.execute(sql).fetchall()
