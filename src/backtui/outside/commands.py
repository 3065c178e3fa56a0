"""The command line of backtui outside the app: status, checkin, remind and calendar.

Each command imports what it needs inside its own function, as in backtui.cli: `backtui status`
runs on every shell prompt, so it must not pay for the other commands' modules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_USAGE = 2


def add_status(commands) -> None:
    status = commands.add_parser("status", help="one line for a shell prompt or status bar")
    status.add_argument("--format", choices=("line", "json", "waybar"), default="line")


def add_checkin(commands) -> None:
    checkin = commands.add_parser("checkin", help="record a check-in from the shell")
    checkin.add_argument("pain", metavar="PAIN", help="pain now, 0 (none) to 10 (worst)")
    checkin.add_argument("--note", default="", help="a short note")
    checkin.add_argument("--where", action="append", metavar="PLACE", help="low-back, neck, ...")
    checkin.add_argument("--feels", action="append", metavar="FEEL", help="ache, sharp, ...")
    checkin.add_argument("--spreading", action="store_true", help="leg symptoms spreading further")


def add_remind(commands) -> None:
    remind = commands.add_parser("remind", help="a desktop reminder when something is due")
    setup = remind.add_mutually_exclusive_group()
    setup.add_argument("--install", action="store_true", help="run it every half hour")
    setup.add_argument("--uninstall", action="store_true", help="remove what --install set up")


def add_calendar(commands) -> None:
    calendar = commands.add_parser("calendar", help="the weekly plan as an iCalendar file")
    calendar.add_argument("-o", "--output", required=True, metavar="FILE", help="'-': stdout")
    calendar.add_argument("--days", type=int, metavar="N", help="only the next N days")
    calendar.add_argument("--force", action="store_true", help="replace an existing file")


# Each command's arguments, added to the main parser's subcommands (backtui.cli_args).
PARSERS = {
    "status": add_status,
    "checkin": add_checkin,
    "remind": add_remind,
    "calendar": add_calendar,
}


def run(args: argparse.Namespace, db_path: Path) -> int:
    if not isinstance(db_path, Path) and args.command != "checkin":
        # status, remind and calendar read the local file directly, for speed on every prompt.
        print(
            f"backtui: {args.command} reads a local database file; it does not work with a "
            "PostgreSQL database yet.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    runner = {"status": _status, "checkin": _checkin, "remind": _remind, "calendar": _calendar}
    return runner[args.command](args, db_path)


def _status(args: argparse.Namespace, db_path: Path) -> int:
    from backtui.clock import system_clock
    from backtui.outside.status import status_text

    print(status_text(db_path, system_clock(), args.format))
    return 0


def _checkin(args: argparse.Namespace, db_path: Path) -> int:
    from backtui.clock import system_clock
    from backtui.config import load_config
    from backtui.outside.checkin import record_checkin
    from backtui.paths import config_path

    spreading = True if args.spreading else None
    code, message = record_checkin(
        db_path,
        args.pain,
        system_clock(),
        note=args.note,
        where=args.where,
        feels=args.feels,
        spreading=spreading,
        time_format=load_config(config_path()).time_format,
    )
    if code in (0, 3):  # saved (3: and the warning-signs checklist is needed)
        print(message)
    else:
        print(f"backtui: {message}", file=sys.stderr)
    return code


def _remind(args: argparse.Namespace, db_path: Path) -> int:
    from backtui.clock import system_clock
    from backtui.config import load_config
    from backtui.outside import remind, schedule
    from backtui.paths import config_path

    if args.install or args.uninstall:
        home = Path.home()
        if args.install:
            code, done = schedule.install(args.db, home=home)
        else:
            code, done = schedule.uninstall(home=home)
        print("\n".join(done))
        return code
    settings = load_config(config_path()).reminders
    return remind.run_remind(
        db_path,
        system_clock(),
        settings,
        notifier=remind.find_notifier(),
        state=remind.state_path(),
    )


def _calendar(args: argparse.Namespace, db_path: Path) -> int:
    from backtui.clock import system_clock
    from backtui.config import load_config
    from backtui.outside.calendar import CalendarError, write_calendar
    from backtui.outside.readonly import ReadOnlyProblem
    from backtui.paths import config_path
    from backtui.record.export import ExportError
    from backtui.text import sentence

    output = None if args.output == "-" else Path(args.output)
    after = load_config(config_path()).reminders.after
    try:
        count = write_calendar(
            db_path, output, system_clock(), after, days=args.days, force=args.force
        )
    except (CalendarError, ReadOnlyProblem, ExportError) as error:
        print(f"backtui: {sentence(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    if output is not None:
        print(f"calendar: {output} ({count} weekly event{'s' if count != 1 else ''})")
    return 0
