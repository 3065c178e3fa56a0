"""`backtui status`, which a prompt may run every time it is drawn, against `python -c pass`.

Bytecode is compiled first, as an installed package has it. The database is checked byte for byte
afterwards: status only ever reads.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from bench_startup import compile_bytecode
from common import PYTHON, Row, alternate, fmt_s, make_demo, median, run_child

BACKTUI = [PYTHON, "-m", "backtui.cli"]


def _digest(folder: Path) -> str:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files)).hexdigest()


def run(smoke: bool) -> list[Row]:
    compile_bytecode()
    repeats = 1 if smoke else 21
    sizes = {"1 week": 0.02} if smoke else {"1 year": 1, "10 years": 10}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, years in sizes.items():
            db = make_demo(Path(folder), years)
            before = _digest(db.parent)
            for fmt in ("line", "waybar"):
                subject, reference = alternate(
                    lambda f=fmt, d=db: run_child(
                        [*BACKTUI, "--db", str(d), "status", "--format", f]
                    ),
                    lambda: run_child([PYTHON, "-c", "pass"]),
                    repeats,
                )
                took, floor = median(r[0] for r in subject), median(r[0] for r in reference)
                rows.append(
                    Row(
                        f"backtui status --format {fmt}, {label}",
                        fmt_s(took),
                        f"python -c pass {fmt_s(floor)}",
                        f"{took / floor:.2f}x",
                        "≤ 2x",
                        "database unchanged" if _digest(db.parent) == before else "WROTE!",
                    )
                )
    return rows
