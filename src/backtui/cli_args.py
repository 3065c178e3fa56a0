"""backtui's command-line arguments: the parser, built with only the command it is asked for.

argparse takes about a millisecond to build each command's parser, mostly looking up message
translations, and `backtui status` runs on every shell prompt. So a command line that names one
command gets a parser with that command alone. Help, a word that is not a command and anything
unusual get every command, so that argparse lists them all. Both parse a command's arguments the
same way (tests/unit/test_cli_args.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from backtui import __version__
from backtui.outside import commands as outside_commands

DESCRIPTION = (
    "A keyboard-first companion for treating back pain with steady exercise. "
    "Run without a command to open the app."
)


def _add_where(commands) -> None:
    commands.add_parser("where", help="show where the database, config and backups live")


def _add_copy(commands) -> None:
    copy = commands.add_parser(
        "copy", help="copy the whole record into an empty database (a PostgreSQL one, or a file)"
    )
    way = copy.add_mutually_exclusive_group(required=True)
    way.add_argument("--to", metavar="URL|PATH", help="copy the record into this empty database")
    way.add_argument("--from", dest="source", metavar="URL|PATH", help="copy from here into --db")


def _add_export(commands) -> None:
    export = commands.add_parser("export", help="export your record as JSON or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write here instead of standard output, - for standard output "
        "(a folder for CSV writes one file per table)",
    )
    export.add_argument("--table", help="CSV only: which table to print or write")
    export.add_argument(
        "--force", action="store_true", help="replace an existing file (never a database)"
    )


def _add_restore(commands) -> None:
    restore = commands.add_parser(
        "restore", help="list the automatic backups, or restore one (asks first)"
    )
    restore.add_argument(
        "number", nargs="?", type=int, help="which backup to restore, as numbered in the list"
    )
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _add_config(commands) -> None:
    config = commands.add_parser(
        "config", help="show config.toml and any problems in it (theme, bell, keys...)"
    )
    config.add_argument(
        "--init",
        action="store_true",
        help="write a commented default config.toml (never replaces one)",
    )
    config.add_argument(
        "--check",
        action="store_true",
        help="only check config.toml: list its problems and exit with 1 if there are any",
    )


def _add_report(commands) -> None:
    report = commands.add_parser("report", help="write a one-page HTML summary for a clinician")
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the HTML here (default, or -: standard output)",
    )
    report.add_argument("--since", metavar="DATE", help="start date YYYY-MM-DD (default: 12 weeks)")
    report.add_argument(
        "--force", action="store_true", help="replace an existing file (never a database)"
    )


def _add_import(commands) -> None:
    importer = commands.add_parser(
        "import", help="restore a JSON export into a new, empty database"
    )
    importer.add_argument("file", type=Path, metavar="FILE", help="a file from 'backtui export'")


def _add_demo(commands) -> None:
    demo = commands.add_parser("demo", help="create a database of realistic practice history")
    demo.add_argument("--years", type=float, default=1.0, help="how much history (default 1)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.add_argument("--no-open", action="store_true", help="only create it; do not open the app")
    demo.add_argument(
        "--db",
        dest="demo_db",
        type=Path,
        metavar="PATH",
        help="file to create (default: a new temporary file)",
    )


# Every command, in the order `backtui --help` lists them.
COMMANDS: dict[str, Callable] = {
    "where": _add_where,
    "copy": _add_copy,
    "export": _add_export,
    "restore": _add_restore,
    "config": _add_config,
    "report": _add_report,
    "import": _add_import,
    "demo": _add_demo,
    **outside_commands.PARSERS,
}
EVERY_COMMAND = None  # what command_named gives when the parser needs all of them


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names; "" when it names none (the app opens); ``EVERY_COMMAND`` for
    help, a word that is not a command, or an option this does not know for sure."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)  # its value, which may be any word, even a command's name
        elif word.startswith("--db=") or word == "--version":
            continue
        elif word.startswith("-"):
            return EVERY_COMMAND  # help, an abbreviation, "--" or a mistake: argparse decides
        else:
            return word if word in COMMANDS else EVERY_COMMAND
    return ""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``, with only the command it names; every command when ``argv`` is
    None or needs them all (see ``command_named``)."""
    wanted = EVERY_COMMAND if argv is None else command_named(argv)
    parser = argparse.ArgumentParser(prog="backtui", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"backtui {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="database file, or postgresql:// URL, to use (default: $BACKTUI_DB, then "
        "config.toml's [database] url, then the platform data folder)",
    )
    # prog given: argparse would otherwise lay out a usage line to make it.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog="backtui")
    for name, add in COMMANDS.items():
        if wanted is EVERY_COMMAND or name == wanted:
            add(commands)
    return parser
