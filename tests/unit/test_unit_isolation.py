"""tests/unit/ tests the core alone: none of its files imports Textual, Rich or the front end, so
they run fast and prove the core works without them."""

from __future__ import annotations

import ast
from pathlib import Path

UNIT = Path(__file__).resolve().parent
FORBIDDEN = ("textual", "rich", "backtui.tui")


def _forbidden(name: str) -> bool:
    return any(name == root or name.startswith(f"{root}.") for root in FORBIDDEN)


def front_end_imports(source: str) -> list[str]:
    """Every import of Textual, Rich or backtui.tui in ``source``, anywhere in it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _forbidden(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _forbidden(node.module):
                found.append(node.module)
            else:  # `from backtui import tui`
                names = (f"{node.module}.{alias.name}" for alias in node.names)
                found += [name for name in names if _forbidden(name)]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            args = node.args
            if args and isinstance(args[0], ast.Constant) and _forbidden(str(args[0].value)):
                found.append(str(args[0].value))
    return found


def test_the_check_sees_every_form_of_import():
    source = (
        "import rich.text\nfrom textual.app import App\nfrom backtui import tui\n"
        "def f():\n    import textual\n    __import__('backtui.tui.app')\n"
        "import richer\nfrom backtui.config import load_config\n"
    )
    assert front_end_imports(source) == [
        "rich.text", "textual.app", "backtui.tui", "textual", "backtui.tui.app"
    ]


def test_unit_tests_do_not_import_the_front_end():
    found = {
        path.name: names
        for path in sorted(UNIT.rglob("*.py"))
        if (names := front_end_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}
