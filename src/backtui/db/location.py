"""Where the record lives: a local SQLite file (a path) or a PostgreSQL database (a URL).

`--db`, `BACKTUI_DB` and config.toml's `[database] url` take either. A URL is kept whole for the
driver, which reads the password from it, from PGPASSWORD or from ~/.pgpass; everything shown to
the person (`backtui where`, every error) is made from the parts here, never from the URL itself,
and ``scrub`` takes the password out of any text that came back from the server or the driver.

This module is light on purpose (no Peewee, no driver, no dataclasses, tomllib only for a config
file with a [database] table): `backtui where` and `backtui status`, which runs on every shell
prompt, import it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from backtui.errors import StorageError
from backtui.paths import DB_ENV_VAR, DB_FILENAME, config_path, data_dir

SCHEMES = ("postgresql://", "postgres://")
DEFAULT_PORT = "5432"
_URL = re.compile(
    r"^(?:postgresql|postgres)://"
    r"(?:(?P<user>[^:@/?]*)(?::(?P<password>[^@/?]*))?@)?"
    r"(?P<host>\[[^\]]*\]|[^:/?]*)?(?::(?P<port>[^/?]*))?"
    r"(?:/(?P<dbname>[^?]*))?(?:\?(?P<query>.*))?$",
    re.DOTALL,
)
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_DATABASE_TABLE = re.compile(r"^\s*\[\s*database\s*\]", re.M)


class LocationError(StorageError):
    """A database URL that cannot be used; the message never quotes the password."""


def _unquote(text: str | None) -> str:
    if not text:
        return ""
    raw = _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _without_password(match: re.Match) -> str:
    user = f"{match['user']}@" if match["user"] else ""
    port = f":{match['port']}" if match["port"] is not None else ""
    query = "&".join(
        pair
        for pair in (match["query"] or "").split("&")
        if pair and not pair.startswith("password=")
    )
    scheme = match[0].split("://", 1)[0]
    return f"{scheme}://{user}{match['host'] or ''}{port}/{match['dbname'] or ''}" + (
        f"?{query}" if query else ""
    )


def is_url(text: object) -> bool:
    return isinstance(text, str | ServerDatabase) and str(text).startswith(SCHEMES)


class ServerDatabase:
    """A PostgreSQL database named by URL. ``str()`` and ``repr()`` never show the password.

    Read-only once made, and equal to another with the same parts. A plain class rather than a
    frozen dataclass, which takes about a millisecond to define and loads inspect with it."""

    __slots__ = ("url", "host", "port", "dbname", "user", "options", "secrets", "shown")

    def __init__(
        self,
        url: str,
        host: str = "",
        port: str = "",
        dbname: str = "",
        user: str = "",
        options: tuple[tuple[str, str], ...] = (),  # the URL's ?key=value pairs, no password
        secrets: tuple[str, ...] = (),
        shown: str = "",  # the URL without its password, for messages
    ) -> None:
        parts = (url, host, port, dbname, user, options, secrets, shown)
        for name, value in zip(self.__slots__, parts, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a ServerDatabase cannot be changed (tried to set {name})")

    def _parts(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerDatabase):
            return NotImplemented
        return self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        return (
            f"ServerDatabase(host={self.host!r}, port={self.port!r}, dbname={self.dbname!r}, "
            f"user={self.user!r}, options={self.options!r}, shown={self.shown!r})"
        )

    @classmethod
    def parse(cls, url: str) -> ServerDatabase:
        match = _URL.match(url.strip())
        if match is None:
            raise LocationError(
                "the database URL is not one PostgreSQL reads; write it like "
                "postgresql://alex@db.home.lan/backtui"
            )
        secrets = [_unquote(match["password"]), match["password"] or ""]
        options = []
        for pair in (match["query"] or "").split("&"):
            key, _, value = pair.partition("=")
            if key == "password":
                secrets += [_unquote(value), value]
            elif key:
                options.append((_unquote(key), _unquote(value)))
        query = dict(options)
        host = _unquote(match["host"]).strip("[]") or query.get("host", "")
        dbname = _unquote(match["dbname"]) or query.get("dbname", "")
        if not dbname:
            raise LocationError(
                "the database URL names no database; add its name after the server, like "
                "postgresql://alex@db.home.lan/backtui"
            )
        return cls(
            url=url.strip(),
            host=host,
            port=_unquote(match["port"]) or query.get("port", ""),
            dbname=dbname,
            user=_unquote(match["user"]) or query.get("user", ""),
            options=tuple(options),
            secrets=tuple(sorted({s for s in secrets if s}, key=len, reverse=True)),
            shown=_without_password(match),
        )

    @property
    def server(self) -> str:
        """The host as libpq will reach it: the URL's, else PGHOST, else the local socket."""
        host = self.host or os.environ.get("PGHOST", "")
        if not host or host.startswith("/"):
            return f"this machine (socket in {host})" if host else "this machine (local socket)"
        return host

    @property
    def server_port(self) -> str:
        return self.port or os.environ.get("PGPORT", "") or DEFAULT_PORT

    @property
    def login(self) -> str:
        if self.user or os.environ.get("PGUSER"):
            return self.user or os.environ["PGUSER"]
        import getpass  # only here: it loads termios

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "(your login name)"

    def __str__(self) -> str:
        """The URL as given, less its password: postgresql://alex@db.home.lan:5432/backtui"""
        return self.shown

    def describe(self) -> list[tuple[str, str]]:
        """What `backtui where` shows, line by line: never the password."""
        lines = [
            ("server", self.server),
            ("port", self.server_port),
            ("name", self.dbname),
            ("user", self.login),
        ]
        tls = dict(self.options).get("sslmode")
        if tls:
            lines.append(("tls", f"sslmode={tls}"))
        return lines

    def scrub(self, text: str) -> str:
        """``text`` with the password taken out, wherever it came from (URL or PGPASSWORD)."""
        text = text.replace(self.url, str(self))
        secrets = list(self.secrets)
        if os.environ.get("PGPASSWORD"):
            secrets.append(os.environ["PGPASSWORD"])
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, "********")
        return text


def parse_location(text: str | os.PathLike) -> Path | ServerDatabase:
    """A path or a PostgreSQL URL, as given to --db, BACKTUI_DB or config.toml."""
    if is_url(str(text)):
        return ServerDatabase.parse(str(text))
    return Path(text).expanduser()


def configured_url(config_file: Path | None = None) -> str | None:
    """config.toml's ``[database] url``, read cheaply (`backtui status` runs on every prompt):
    a file without a [database] table is not parsed. `backtui config` reports its problems."""
    try:
        text = (config_file or config_path()).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if not _DATABASE_TABLE.search(text):
        return None
    import tomllib  # only for a file that has a [database] table

    try:
        table = tomllib.loads(text).get("database")
    except tomllib.TOMLDecodeError:
        return None
    url = table.get("url") if isinstance(table, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def resolve_location(given: str | None) -> Path | ServerDatabase:
    """Where the record is: --db first, then BACKTUI_DB, then config.toml's [database] url, then
    the file in the platform data folder."""
    for choice in (given, os.environ.get(DB_ENV_VAR)):
        if choice:
            return parse_location(choice)
    configured = configured_url()
    if configured:
        return parse_location(configured)
    return data_dir() / DB_FILENAME
