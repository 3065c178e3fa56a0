"""The command line builds only the command it is asked for, and parses it as the whole parser
would: the same arguments, the same errors, the same help."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from backtui.cli_args import COMMANDS, EVERY_COMMAND, build_parser, command_named


def _outcome(parser, argv: list[str]):
    """What parsing ``argv`` gives: the arguments, or the exit code and what was printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return ("parsed", vars(parser.parse_args(argv)))
        except SystemExit as stop:
            return ("exit", stop.code, out.getvalue(), err.getvalue())


def test_the_command_asked_for_is_found_past_the_database_option():
    assert command_named(["status"]) == "status"
    assert command_named(["--db", "status", "where"]) == "where"  # a file named "status"
    assert command_named(["--db=/tmp/x.db", "checkin", "3"]) == "checkin"
    assert command_named(["--version"]) == ""
    assert command_named([]) == ""  # the app
    assert command_named(["--db", "x.db"]) == ""


def test_help_unknown_words_and_unknown_options_get_every_command():
    for argv in (["-h"], ["--help"], ["bogus"], ["--d", "x", "status"], ["--", "status"]):
        assert command_named(argv) is EVERY_COMMAND, argv


def test_a_named_command_is_the_only_one_built():
    parser = build_parser(["--db", "x.db", "status"])
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert list(commands.choices) == ["status"]
    (every,) = [a for a in build_parser(["-h"])._actions if a.dest == "command"]
    assert list(every.choices) == list(COMMANDS)


EXAMPLES = [
    ["status", "--format", "waybar"],
    ["--db", "x.db", "status", "--format", "json"],
    ["checkin", "4", "--where", "low-back", "--feels", "ache", "--spreading"],
    ["export", "--format", "csv", "--table", "checkin", "-o", "out"],
    ["restore", "2", "--yes"],
    ["copy", "--to", "postgresql://alex@h/db"],
    ["copy"],
    ["report", "--since", "2026-01-05", "--force"],
    ["demo", "--years", "0.5", "--no-open", "--db", "d.db"],
    ["calendar", "-o", "-", "--days", "7"],
    ["remind", "--install", "--uninstall"],
    ["status", "--format", "xml"],
    ["status", "extra"],
    ["status", "-h"],
    ["import"],
    ["--version"],
    [],
]


def test_each_example_parses_as_the_whole_parser_parses_it():
    for argv in EXAMPLES:
        assert _outcome(build_parser(argv), argv) == _outcome(build_parser(None), argv), argv


WORDS = st.sampled_from(
    [*COMMANDS, "--db", "--db=x.db", "x.db", "--format", "json", "line", "-o", "-", "4",
     "--yes", "--to", "--from", "--force", "--days", "7", "-h", "--version", "bogus", "--"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=6))
def test_any_command_line_parses_as_the_whole_parser_parses_it(argv):
    assert _outcome(build_parser(argv), argv) == _outcome(build_parser(None), argv)
