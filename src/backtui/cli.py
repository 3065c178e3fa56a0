"""backtui's command line. Only the bare `backtui` command loads the Textual front end."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from backtui.cli_args import build_parser
from backtui.errors import BacktuiError
from backtui.outside import commands as outside_commands

# Each command imports what it needs inside its own function, the one place in the core where
# imports are not at the top: `backtui where`, `backtui config` and `--version` then never load
# Textual, Peewee or the domain modules, and answer at once (tests/app/test_architecture.py).
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a tool ended by SIGPIPE (128 + 13)


def _resolve_db(args: argparse.Namespace):
    """A Path, or a ServerDatabase for a postgresql:// URL (never printed with its password)."""
    from backtui.db.location import resolve_location

    return resolve_location(args.db)


def _fail(message: str) -> int:
    from backtui.text import sentence

    print(f"backtui: {sentence(message)}", file=sys.stderr)
    return EXIT_USAGE


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so Python's final flush of what is left in its buffer
    cannot fail a second time (a closed pipe, a full disk) and print a traceback at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    args = build_parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    try:
        status = _dispatch(args)
    except BrokenPipeError:  # the reader left (`export | head`): stop quietly, as Unix tools do
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    try:
        sys.stdout.flush()  # what is still buffered fails here, not in a traceback at exit
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:  # a full disk behind `> file`, or /dev/full
        _silence_stdout()
        if status != 0:  # the command has already said why
            return status
        return _fail(f"could not write to standard output: {error.strerror}")
    return status


def _dispatch(args: argparse.Namespace) -> int:
    try:
        if args.command is None:
            return _run_app(_resolve_db(args))
        if args.command == "where":
            return _where(_resolve_db(args))
        if args.command == "copy":
            return _copy(args)
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
        if args.command in outside_commands.PARSERS:
            return outside_commands.run(args, _resolve_db(args))
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


def _where(db_path) -> int:
    from backtui.paths import backup_dir, config_path

    if not isinstance(db_path, Path):  # a PostgreSQL database: never the password
        print("database: PostgreSQL")
        for label, value in db_path.describe():
            print(f"  {label + ':':<8}{value}")
        print(f"config:   {config_path()}")
        print("backups:  the server's own (pg_dump); see docs/multi-device.md")
        return 0
    print(f"database: {db_path}")
    print(f"config:   {config_path()}")
    print(f"backups:  {backup_dir(db_path)}")
    return 0


def _copy(args: argparse.Namespace) -> int:
    from backtui.db.location import parse_location
    from backtui.record.copy import copy_record

    local = _resolve_db(args)
    if args.to is not None:
        source, target = local, parse_location(args.to)
    else:
        source, target = parse_location(args.source), local
    copied = copy_record(source, target)
    print(f"copied {copied.rows} rows from {copied.source} to {copied.target}.")
    print("every table arrived whole: " + ", ".join(f"{t} {n}" for t, n in copied.counts.items()))
    return 0


def _export(args: argparse.Namespace) -> int:
    from backtui.db.store import store_for
    from backtui.record.export import ExportError, export_csv, export_json

    if args.table is not None and args.format == "json":
        return _fail(
            "--table is for CSV; a JSON export always holds every table "
            "(add --format csv to export one table)."
        )
    store = store_for(_resolve_db(args))
    if not store.exists():
        return _fail(f"{store} does not exist yet: there is nothing to export.")
    store.open_read_only()  # export only reads: it works on read-only media
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
    if not isinstance(db_path, Path):
        return _fail(
            "backtui keeps no backups of a PostgreSQL database: the server's own do that job "
            "(pg_dump; see docs/multi-device.md)."
        )
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
    problems = load_config(path).problems
    if not args.check:
        print(f"config: {path}" + ("" if path.exists() else " (not created yet; try --init)"))
    for problem in problems:
        print(f"problem: {problem}")
    if args.check:
        print(f"{path}: {len(problems)} problem(s)." if problems else f"{path}: no problems.")
        return 1 if problems else 0
    return 0


def _demo(args: argparse.Namespace) -> int:
    from backtui.record.demo import DemoError, create_demo

    try:
        target = args.demo_db or args.db
        if target is not None and not isinstance(target, Path):
            target = _resolve_db(args)
            if not isinstance(target, Path):
                return _fail("the demo is made in a local file; give --db a path, not a URL.")
        path = create_demo(target, years=args.years, seed=args.seed)
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
    from backtui.db.store import store_for
    from backtui.record.export import ExportError
    from backtui.record.report import ReportError, parse_since, write_report

    store = store_for(_resolve_db(args))
    if not store.exists():
        return _fail(f"{store} does not exist yet: there is nothing to report.")
    now = system_clock()
    store.open_read_only()  # a report only reads: it works on read-only media
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
    from datetime import datetime

    from backtui.db.storage import close_database
    from backtui.db.store import store_for
    from backtui.record.importer import ImportFailure, import_record, load_file, local_time_note

    db_path = _resolve_db(args)
    try:
        data = load_file(args.file)  # before the database: a bad file must not create one
    except ImportFailure as error:
        return _fail(f"nothing was imported from {args.file}: {error}")
    store = store_for(db_path)
    new = not store.exists() if isinstance(db_path, Path) else False
    store.open()
    try:
        with store.sole_user("imported into", datetime.now()):
            counts = import_record(data)
            store.after_copy()
    except (ImportFailure, BacktuiError) as error:
        if new:  # leave no empty database behind
            close_database()
            store.forget_new()
        if isinstance(error, ImportFailure):
            return _fail(f"nothing was imported from {args.file}: {error}")
        raise
    close_database()
    print(f"imported into {store}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    note = local_time_note(data)
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
