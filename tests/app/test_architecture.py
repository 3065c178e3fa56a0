"""The core never imports Textual: the dependency goes from tui/ to src/, never back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "src" / "backtui"
FRONT_END = ROOT / "tui"
LAUNCHER = CORE / "launcher.py"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_checked_folders_exist():
    """A moved test file must not end up checking an empty folder."""
    assert (CORE / "cli.py").is_file() and (FRONT_END / "app.py").is_file()


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


AREAS = ("plan", "session", "checkin", "history", "learn")


def _front_end_module(path: Path) -> str:
    parts = path.relative_to(FRONT_END).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("backtui", "tui", *parts))


def _front_end_imports() -> dict[str, set[str]]:
    """Each backtui.tui module and the backtui.tui modules it imports, wherever in the module
    (imports inside functions count too). ``from package import module`` names the module."""
    modules = {_front_end_module(path): path for path in sorted(FRONT_END.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {imported for imported in found if imported in modules} - {name}
    return graph


def _area(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[2] in AREAS else None


def test_front_end_areas_do_not_import_each_other():
    """Areas meet through the app (its open_* methods and messages), never each other's code."""
    offenders = [
        f"{module} imports {imported}"
        for module, imports in _front_end_imports().items()
        for imported in sorted(imports)
        if _area(module) and _area(imported) and _area(imported) != _area(module)
    ]
    assert offenders == []


def test_front_end_modules_have_no_import_cycle():
    graph = _front_end_imports()
    cycles: list[str] = []
    state: dict[str, str] = {}  # "open" while on the current path, "done" once explored
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                cycles.append(" -> ".join(path[path.index(imported):] + [imported]))
            elif imported not in state:
                visit(imported)
        path.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []
