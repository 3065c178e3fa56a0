"""backtui's command line. Only the bare `backtui` command loads the Textual front end."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backtui import __version__

EXIT_USAGE = 2


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtui",
        description=(
            "A keyboard-first companion for treating back pain with steady exercise. "
            "Run without a command to open the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"backtui {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="database file to use (default: the platform data folder, or $BACKTUI_DB)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("where", help="show where the database, config and backups live")

    export = commands.add_parser("export", help="export your record as JSON or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write here instead of standard output (a folder for CSV writes one file per table)",
    )
    export.add_argument("--table", help="for CSV to standard output: which table to print")
    export.add_argument("--force", action="store_true", help="replace an existing file")

    restore = commands.add_parser(
        "restore", help="list the automatic backups, or restore one (asks first)"
    )
    restore.add_argument(
        "number", nargs="?", type=int, help="which backup to restore, as numbered in the list"
    )
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    config = commands.add_parser("config", help="manage config.toml (theme, bell, keys...)")
    config.add_argument(
        "--init",
        action="store_true",
        help="write a commented default config.toml (never replaces one)",
    )

    report = commands.add_parser("report", help="write a one-page HTML summary for a clinician")
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the HTML here (default: standard output)",
    )
    report.add_argument("--since", metavar="DATE", help="start date YYYY-MM-DD (default: 12 weeks)")
    report.add_argument("--force", action="store_true", help="replace an existing file")

    importer = commands.add_parser(
        "import", help="restore a JSON export into a new, empty database"
    )
    importer.add_argument("file", type=Path, metavar="FILE", help="a file from 'backtui export'")

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
    return parser


def _resolve_db(args: argparse.Namespace) -> Path:
    from backtui.paths import default_db_path

    return args.db if args.db is not None else default_db_path()


def _fail(message: str) -> int:
    print(f"backtui: {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    from backtui.errors import BacktuiError

    args = _build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _run_app(_resolve_db(args))
        if args.command == "where":
            return _where(_resolve_db(args))
        if args.command == "export":
            return _export(args)
        if args.command == "demo":
            return _demo(args)
        if args.command == "config":
            return _config(args)
        if args.command == "restore":
            return _restore(args)
        if args.command == "report":
            return _report(args)
        if args.command == "import":
            return _import(args)
    except BacktuiError as error:  # a damaged file, a bad library entry: one line, no traceback
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    return _fail(f"unknown command {args.command!r}")


def _run_app(db_path: Path) -> int:
    from backtui.launcher import run_app

    # The app factory opens the database before the screen is taken over, so a foreign or
    # damaged file is refused with a one-line error.
    return run_app(db_path)


def _where(db_path: Path) -> int:
    from backtui.paths import backup_dir, config_path

    print(f"database: {db_path}")
    print(f"config:   {config_path()}")
    print(f"backups:  {backup_dir(db_path)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from backtui.db.storage import open_database
    from backtui.record.export import ExportError, export_csv, export_json

    db_path = _resolve_db(args)
    if not db_path.exists():
        return _fail(f"{db_path} does not exist yet: there is nothing to export.")
    open_database(db_path)
    try:
        if args.format == "json":
            export_json(args.output, force=args.force)
        else:
            export_csv(args.output, table=args.table, force=args.force)
    except ExportError as error:
        return _fail(str(error))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from datetime import datetime

    from backtui.db.storage import list_backups, restore_backup

    db_path = _resolve_db(args)
    backups = list_backups(db_path)
    if not backups:
        return _fail(f"there are no backups of {db_path} yet.")
    if args.number is None:
        print(f"Backups of {db_path}, newest first:")
        for number, backup in enumerate(backups, start=1):
            size = backup.stat().st_size / 1024
            print(f"  {number}. {backup.name}  ({size:.0f} KiB)")
        print("Restore one with: backtui restore NUMBER")
        return 0
    if not 1 <= args.number <= len(backups):
        return _fail(f"choose a backup from 1 to {len(backups)}.")
    chosen = backups[args.number - 1]
    if not args.yes:
        print(f"This replaces {db_path} with {chosen.name}.")
        print("The current file is kept beside it, renamed, not deleted.")
        try:
            answer = input("Restore it? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    kept = restore_backup(db_path, chosen, datetime.now())
    print(f"Restored {chosen.name}.")
    if kept:
        print(f"The previous file is kept as {kept}.")
    return 0


def _config(args: argparse.Namespace) -> int:
    from backtui.config import load_config, write_default_config
    from backtui.paths import config_path

    path = config_path()
    if args.init:
        if not write_default_config(path):
            return _fail(f"{path} already exists; it was left as it is.")
        print(f"wrote {path}")
        return 0
    print(f"config: {path}" + ("" if path.exists() else " (not created yet; try --init)"))
    for problem in load_config(path).problems:
        print(f"problem: {problem}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from backtui.record.demo import DemoError, create_demo

    try:
        path = create_demo(args.demo_db or args.db, years=args.years, seed=args.seed)
    except DemoError as error:
        return _fail(str(error))
    print(f"demo database: {path}")
    if args.no_open:
        return 0
    return _run_app(path)


def _config_time_format() -> str:
    from backtui.config import load_config
    from backtui.paths import config_path

    return load_config(config_path()).time_format


def _report(args: argparse.Namespace) -> int:
    from backtui.clock import system_clock
    from backtui.db.storage import open_database
    from backtui.record.export import ExportError
    from backtui.record.report import ReportError, parse_since, write_report

    db_path = _resolve_db(args)
    if not db_path.exists():
        return _fail(f"{db_path} does not exist yet: there is nothing to report.")
    now = system_clock()
    open_database(db_path, now=now)
    time_format = _config_time_format()
    try:
        since = parse_since(args.since, now.date()) if args.since else None
        written = write_report(
            args.output, now=now, since=since, force=args.force, time_format=time_format
        )
    except (ExportError, ReportError) as error:
        return _fail(str(error))
    if written is not None:
        print(f"report: {written}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from backtui.db.storage import open_database
    from backtui.record.importer import ImportFailure, import_file

    db_path = _resolve_db(args)
    open_database(db_path)
    try:
        counts = import_file(args.file)
    except ImportFailure as error:
        return _fail(f"nothing was imported from {args.file}: {error}.")
    print(f"imported into {db_path}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
