"""The core stays in small pieces: no module over 450 lines, no function over 60, and imports at the
top of modules (the command line's per-command imports are the one exception)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "backtui"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
# Functions allowed to be longer, as "path:function" with the reason. None today.
LONG_FUNCTIONS: dict[str, str] = {}
# Modules whose functions may import: each command of the command line imports what it needs, so
# `backtui where` and `--version` never load Textual, Peewee or the domain modules.
LAZY_IMPORTS = {
    "cli.py": "per-command imports keep the light commands light",
    "outside/commands.py": "the same for status, which runs on every shell prompt",
    "db/store.py": "the PostgreSQL store loads only when a postgresql:// database is used",
    "db/server_store.py": "and the PostgreSQL driver with it",
    "launcher.py": "the app's modules load with the cycle collector off",
    # tomllib (3 ms at start-up, with its compiled patterns) loads only when there is a TOML
    # file to read: start-up reads neither without a config.toml or a new exercise library.
    "config.py": "tomllib loads only when a config.toml exists",
    "plan/library.py": "tomllib loads only when the library file changed",
    "db/location.py": "tomllib loads only for a config.toml with a [database] table (status)",
}


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def too_long_modules(root: Path) -> dict[str, int]:
    return {
        str(path.relative_to(root)): lines
        for path in sorted(root.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }


def too_long_functions(root: Path) -> dict[str, int]:
    long = {}
    for path in sorted(root.rglob("*.py")):
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            name = f"{path.relative_to(root)}:{function.name}"
            lines = function.end_lineno - function.lineno + 1
            if lines > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS:
                long[name] = lines
    return long


def imports_inside_functions(root: Path) -> list[str]:
    inside = []
    for path in sorted(root.rglob("*.py")):
        if str(path.relative_to(root)) in LAZY_IMPORTS:
            continue
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    inside.append(f"{path.relative_to(root)}:{function.name}")
    return inside


def test_the_checks_see_long_modules_long_functions_and_late_imports(tmp_path):
    body = "".join(f"    x = {n}\n" for n in range(MAX_FUNCTION_LINES))
    (tmp_path / "big.py").write_text(f"def long():\n{body}" + "\n" * MAX_MODULE_LINES)
    (tmp_path / "late.py").write_text("def f():\n    import json\n")
    assert too_long_modules(tmp_path) == {"big.py": MAX_MODULE_LINES + MAX_FUNCTION_LINES + 1}
    assert too_long_functions(tmp_path) == {"big.py:long": MAX_FUNCTION_LINES + 1}
    assert imports_inside_functions(tmp_path) == ["late.py:f"]


def test_no_core_module_is_too_long():
    assert too_long_modules(CORE) == {}


def test_no_core_function_is_too_long():
    assert too_long_functions(CORE) == {}


def test_core_imports_are_at_the_top_of_modules():
    assert imports_inside_functions(CORE) == []
