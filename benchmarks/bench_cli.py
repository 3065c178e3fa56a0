"""Commands that never need Textual: --version, where, and exports from a week to 30 years."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from common import PYTHON, Row, alternate, fmt_s, make_demo, median, run_child

BACKTUI = [PYTHON, "-m", "backtui.cli"]


def _loads_textual(args: list[str]) -> bool:
    code = (
        "import sys; from backtui.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1] == "True"


def run(smoke: bool) -> list[Row]:
    repeats = 1 if smoke else 11
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        db = make_demo(Path(folder), 0.02)
        for args in (["--version"], ["--db", str(db), "where"]):
            subject, reference = alternate(
                lambda a=args: run_child(BACKTUI + a),
                lambda: run_child([PYTHON, "-c", "pass"]),
                repeats,
            )
            took, floor = median(r[0] for r in subject), median(r[0] for r in reference)
            loads = _loads_textual(args)
            rows.append(
                Row(
                    f"backtui {args[-1]}",
                    fmt_s(took),
                    f"python -c pass {fmt_s(floor)}",
                    f"{took / floor:.2f}x",
                    "no Textual import",
                    "imports Textual!" if loads else "Textual not imported",
                )
            )
        sizes = (
            {"1 week": 0.02}
            if smoke
            else {"1 week": 0.02, "1 year": 1, "10 years": 10, "30 years": 30}
        )
        for label, years in sizes.items():
            rows.append(_export_row(Path(folder), label, years, 1 if smoke else 5))
    return rows


def _export_row(folder: Path, label: str, years: float, repeats: int) -> Row:
    db = make_demo(folder, years)
    out = folder / "export.json"
    times = []
    for _ in range(repeats):
        out.unlink(missing_ok=True)
        times.append(
            run_child(BACKTUI + ["--db", str(db), "export", "--format", "json", "-o", str(out)])[0]
        )
    size = out.stat().st_size / 1e6
    return Row(
        f"export --format json, {label}",
        fmt_s(median(times)),
        "—",
        "—",
        "≤ 2 s (10 years)",
        f"{size:.1f} MB written",
    )
