"""How long ``korea-kit build`` takes, against running the lessons alone, and how heavy its pages are.

Run from the project folder::

    .venv/bin/python benchmarks/site.py [--edition student|teacher] [--repeat N]

Goals: the build takes at most 1.2 times as long as running the notebooks
(the same way: one fresh kernel per lesson, as many at a time as there are
processors), and no lesson page weighs more than 1.5 MB.

Each step runs ``--repeat`` times (default 2), in turn with the others, and
the best run counts. Besides the time on the clock, the table gives the
processor time of this process and of the kernels it ran, which other work
on the machine does not inflate; the goal is checked on both.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from korea_kit.publish.editions import prepare
from korea_kit.publish.site import build

BUILD_GOAL, PAGE_GOAL = 1.2, 1.5 * 1024 * 1024


def _cpu() -> float:
    mine = os.times()
    return mine.user + mine.system + mine.children_user + mine.children_system


def measure(steps: dict, repeat: int) -> dict[str, tuple[float, float]]:
    """The best ``(seconds on the clock, processor seconds)`` of each step, the steps taken in turn."""
    best = {name: (float("inf"), float("inf")) for name in steps}
    for _ in range(repeat):
        for name, step in steps.items():
            wall, cpu = time.perf_counter(), _cpu()
            step()
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=("student", "teacher"), default="student")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    edition = args.edition
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        times = measure({
            "run the notebooks alone": lambda: prepare(edition),
            "build (run, then write the pages)": lambda: build(out, edition),
            "build --reuse-outputs (write only)": lambda: build(out, edition, reuse_outputs=True),
        }, args.repeat)
        weights = [(page.name, page.stat().st_size) for page in sorted(out.glob("*.html"))]
        total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())

    (run_wall, run_cpu), (build_wall, build_cpu) = list(times.values())[:2]
    ratios = (build_wall / run_wall, build_cpu / run_cpu)
    print(f"{edition} edition, {len(weights)} pages, {os.cpu_count()} processors, best of {args.repeat}\n")
    print(f"{'step':<40}{'clock s':>10}{'cpu s':>10}")
    for name, (wall, cpu) in times.items():
        print(f"{name:<40}{wall:>10.1f}{cpu:>10.1f}")
    print(f"{'build / run':<40}{ratios[0]:>10.2f}{ratios[1]:>10.2f}   goal <= {BUILD_GOAL}\n")
    print(f"{'page':<40}{'KB':>10}")
    for name, size in weights:
        print(f"{name:<40}{size / 1024:>10.0f}{'   over 1.5 MB' if size > PAGE_GOAL else ''}")
    print(f"{'whole site, with the data files':<40}{total / 1024:>10.0f}")
    heavy = [name for name, size in weights if size > PAGE_GOAL]
    return 0 if max(ratios) <= BUILD_GOAL and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
