"""The core never imports Textual: the dependency goes from tui/ to src/, never back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "src" / "backtui"
LAUNCHER = CORE / "launcher.py"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_do_not_import_textual_or_the_front_end():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        if path == LAUNCHER:
            continue
        for name in _imports(path):
            if name.split(".")[0] in {"textual", "rich"} or name.startswith("backtui.tui"):
                offenders.append(f"{path.relative_to(CORE)} imports {name}")
    assert offenders == []


def test_cli_commands_do_not_load_textual(tmp_path):
    db_file = str(tmp_path / "x.db")
    out_file = str(tmp_path / "out.json")
    code = (
        "import sys\n"
        "from backtui.db.storage import open_database\n"
        "from backtui.cli import main\n"
        f"open_database(__import__('pathlib').Path({db_file!r}))\n"
        f"assert main(['--db', {db_file!r}, 'where']) == 0\n"
        f"assert main(['--db', {db_file!r}, 'export', '-o', {out_file!r}]) == 0\n"
        "print('textual loaded:', 'textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "textual loaded: False"
