"""Run every benchmark and print one table.

uv run python benchmarks/run.py            # full run (several minutes)
uv run python benchmarks/run.py --smoke    # tiny data, one repetition: checks they still run
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row  # noqa: E402

MODULES = [
    "bench_startup",
    "bench_cli",
    "bench_status",
    "bench_checkin",
    "bench_history",
    "bench_keys",
    "bench_idle_session",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, one repetition")
    parser.add_argument("--only", help="run one module, e.g. bench_startup")
    args = parser.parse_args()
    rows: list[Row] = []
    started = time.perf_counter()
    for name in MODULES:
        if args.only and name != args.only:
            continue
        if not (Path(__file__).parent / f"{name}.py").exists():
            continue
        module = importlib.import_module(name)
        print(f"running {name}...", file=sys.stderr, flush=True)
        rows.extend(module.run(args.smoke))
    print(
        f"\nbacktui benchmarks, {date.today()}, {platform.machine()}, "
        f"Python {platform.python_version()}, {'smoke' if args.smoke else 'full'} run, "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    print("| figure | backtui | reference | ratio | target | note |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(
            f"| {row.figure} | {row.subject} | {row.reference} | {row.ratio} | {row.target} "
            f"| {row.note} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
