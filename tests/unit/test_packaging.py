"""Every package folder is listed in pyproject.toml, and every UI package's styles are shipped:
a missing entry only shows once the wheel is installed, as a missing module or a blank screen."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setuptools(project: Path) -> dict:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["setuptools"]


def package_folders(project: Path) -> dict[str, Path]:
    """Installed name -> folder, for every folder with an __init__.py under each package-dir root
    (src/backtui and tui/ here)."""
    found = {}
    for name, root in _setuptools(project)["package-dir"].items():
        for init in (project / root).rglob("__init__.py"):
            parts = init.parent.relative_to(project / root).parts
            found[".".join([name, *parts])] = init.parent
    return found


def packaging_gaps(project: Path) -> tuple[list[str], list[str]]:
    """(packages missing from `packages`, packages whose .tcss files have no package-data)."""
    setuptools = _setuptools(project)
    folders = package_folders(project)
    data = setuptools.get("package-data", {})
    unlisted = sorted(set(folders) - set(setuptools["packages"]))
    unstyled = sorted(
        name
        for name, folder in folders.items()
        if any(folder.glob("*.tcss")) and "*.tcss" not in data.get(name, [])
    )
    return unlisted, unstyled


def test_the_check_sees_a_missing_package_and_missing_styles(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.setuptools]\npackage-dir = { "app" = "src/app", "app.ui" = "ui" }\n'
        'packages = ["app", "app.ui"]\n[tool.setuptools.package-data]\n"app.ui" = ["*.tcss"]\n'
    )
    for folder in ("src/app", "src/app/store", "ui", "ui/screens"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "ui" / "app.tcss").write_text("")
    (tmp_path / "ui" / "screens" / "screens.tcss").write_text("")
    assert packaging_gaps(tmp_path) == (["app.store", "app.ui.screens"], ["app.ui.screens"])


def test_every_package_folder_is_listed_and_its_styles_shipped():
    assert {"backtui", "backtui.record", "backtui.tui", "backtui.tui.plan"} <= set(
        package_folders(ROOT)
    )
    assert packaging_gaps(ROOT) == ([], [])
