"""Key latency: the common keys against a bare Textual app pushing a plain screen.

Each child process (``_keys_child.py``) runs a bare app and then backtui on a copy of a demo
database, under Pilot at one terminal size, and times every press from the key to the frame that
shows its data. The first press in a process pays for what that screen imports and builds; later
presses are the ones a person makes all day. Children alternate sizes; the figures are medians
over children, each against the bare app measured in the same process.

uv run python benchmarks/bench_keys.py [--smoke]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    HERE,
    PYTHON,
    Row,
    fmt_s,
    last_week_of,
    make_demo,
    median,
    private_folders,
)

SIZES = ((80, 24), (120, 36))
FIRST_TARGET, LATER_TARGET = 1.5, 1.2
# The keys reported, in order; the four range presses (t) count as one key.
KEYS = (
    "h History",
    "History 2 consistency",
    "History 3 progress",
    "History 4 sessions",
    "History 5 story",
    "History 6 therapies",
    "History 1 pain",
    "History t ranges",
    "p Plan",
    "c check-in",
    "? help",
    "s session",
)


def _child(db: Path, size: tuple[int, int], rounds: int) -> dict[str, list[float]]:
    work = db.parent / f"keys-{db.stem}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copy(db, work)
    done = subprocess.run(
        [PYTHON, str(HERE / "_keys_child.py"), str(work), str(size[0]), str(size[1]), str(rounds)],
        capture_output=True,
        text=True,
        env=private_folders(db.parent / "home"),  # never the person's own config or cache
    )
    if done.returncode != 0:  # say why, in the CI log
        raise RuntimeError(f"the key-latency child failed:\n{done.stderr[-3000:]}")
    output = done.stdout
    return _merge_ranges(json.loads(output.strip().splitlines()[-1]))


def _merge_ranges(times: dict[str, list[float]]) -> dict[str, list[float]]:
    """The four range presses of each round become one key: firsts first, then the rest."""
    ranges = [name for name in times if name.startswith("History t ")]
    rounds = [list(presses) for presses in zip(*(times.pop(name) for name in ranges), strict=True)]
    times["History t ranges"] = [press for round_ in rounds for press in round_]
    times["History t ranges first"] = rounds[0] if rounds else []
    return times


def _first_and_later(runs: list[dict[str, list[float]]], key: str) -> tuple[float, float | None]:
    if key == "History t ranges":
        firsts = [median(run["History t ranges first"]) for run in runs]
        later = [run[key][len(run["History t ranges first"]) :] for run in runs]
    else:
        firsts = [run[key][0] for run in runs]
        later = [run[key][1:] for run in runs]
    laters = [median(values) for values in later if values]
    return median(firsts), (median(laters) if laters else None)


def measure(db: Path, children: int, rounds: int) -> list[Row]:
    by_size: dict[tuple[int, int], list[dict]] = {size: [] for size in SIZES}
    for _ in range(children):
        for size in SIZES:
            by_size[size].append(_child(db, size, rounds))
    rows = []
    for size, runs in by_size.items():
        label = f"{size[0]}×{size[1]}"
        bare_first, bare_later = _first_and_later(runs, "bare")
        for key in KEYS:
            first, later = _first_and_later(runs, key)
            rows.append(_row(key, "first press", label, first, bare_first, FIRST_TARGET))
            if later is not None and bare_later is not None:
                rows.append(_row(key, "later presses", label, later, bare_later, LATER_TARGET))
    return rows


def _row(key: str, which: str, label: str, value: float, bare: float, target: float) -> Row:
    ratio = value / bare
    short = key.split(" ")[0] if not key.startswith("History") else key.split(" ")[1]
    return Row(
        f"{key}, {which}, {label}",
        fmt_s(value),
        f"bare push {fmt_s(bare)}",
        f"{ratio:.2f}x",
        f"≤ {target}x",
        "10 years, median over processes",
        check_id=f"keys:{short}:{which.split()[0]}:{label}",
        ratio_value=ratio,
        limit=target,
    )


def flatness(big: Path, small: Path, children: int, rounds: int) -> list[Row]:
    """The same keys on thirty years against one week, at 80×24 (target: within 5%).

    ``small`` is ``big`` cut to its last week (common.last_week_of): the same plan, doses and
    suggestions, so the two differ in the length of the history only. (A demo made for one week
    is a beginner's: a smaller plan, other doses, other suggestions to draw.)"""
    big_runs, small_runs = [], []
    for _ in range(children):
        big_runs.append(_child(big, SIZES[0], rounds))
        small_runs.append(_child(small, SIZES[0], rounds))
    rows = []
    for key in KEYS:
        for which, index in (("first press", 0), ("later presses", 1)):
            subject = _first_and_later(big_runs, key)[index]
            reference = _first_and_later(small_runs, key)[index]
            if subject is None or reference is None:
                continue
            rows.append(
                Row(
                    f"{key}, {which}, 30 years vs 1 week",
                    fmt_s(subject),
                    fmt_s(reference),
                    f"{subject / reference:.2f}x",
                    "≤ 1.05x",
                    "80×24, median over processes",
                )
            )
    return rows


def run(smoke: bool, check: bool = False) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        if smoke:
            return measure(make_demo(Path(folder), 0.05), children=1, rounds=2)
        rows = measure(make_demo(Path(folder), 10), children=3, rounds=3)
        if not check:
            big = make_demo(Path(folder), 30)
            rows.extend(flatness(big, last_week_of(big), children=5, rounds=3))
        return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, one process per size")
    args = parser.parse_args()
    for row in run(args.smoke):
        print(f"{row.figure}: {row.subject} vs {row.reference} = {row.ratio} (target {row.target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
