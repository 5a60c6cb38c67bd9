"""How long ``korea-kit build`` takes, against running the lessons alone, and how heavy its pages are.

Run from the project folder::

    .venv/bin/python benchmarks/site.py [--edition student|teacher|both] [--repeat N]

Goals, for each edition (default: both, as a course publishes a student and a
teacher site): the build takes at most 1.2 times as long as running the
notebooks the way the build runs them (the same notebooks of the edition read
as pages, the teacher edition with its teacher's guide; one fresh kernel per
notebook, as many at a time as there are processors; charts as SVG), and no
page (lesson pages, handouts, the guide and the reference pages) weighs more
than 1.5 MB. What the build adds to the run is writing the pages: lessons,
handouts to print (and in the teacher edition the handouts with the answers),
the index, glossary, sources and data pages with the data files.

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

from korea_kit.charts.style import CHART_FORMAT_ENV
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


def bench_edition(edition: str, repeat: int) -> bool:
    """Print one edition's table; False when a goal is missed."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        times = measure({
            # what build runs: the edition's notebooks read as pages, charts as SVG
            "run the notebooks alone": lambda: prepare(edition, medium="page", env={CHART_FORMAT_ENV: "svg"}),
            "build (run, then write the pages)": lambda: build(out, edition),
            "build --reuse-outputs (write only)": lambda: build(out, edition, reuse_outputs=True),
        }, repeat)
        weights = [(page.relative_to(out).as_posix(), page.stat().st_size) for page in sorted(out.rglob("*.html"))]
        total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())

    (run_wall, run_cpu), (build_wall, build_cpu) = list(times.values())[:2]
    ratios = (build_wall / run_wall, build_cpu / run_cpu)
    handouts = sum(name.startswith("handouts/") for name, _ in weights)
    print(f"{edition} edition: {len(weights)} pages ({handouts} handouts), {os.cpu_count()} processors, "
          f"best of {repeat}\n")
    print(f"{'step':<40}{'clock s':>10}{'cpu s':>10}")
    for name, (wall, cpu) in times.items():
        print(f"{name:<40}{wall:>10.1f}{cpu:>10.1f}")
    good = max(ratios) <= BUILD_GOAL
    print(f"{'build / run':<40}{ratios[0]:>10.2f}{ratios[1]:>10.2f}   goal <= {BUILD_GOAL}: "
          f"{'met' if good else 'MISSED'}\n")
    print(f"{'page':<48}{'KB':>10}")
    for name, size in weights:
        print(f"{name:<48}{size / 1024:>10.0f}{'   over 1.5 MB' if size > PAGE_GOAL else ''}")
    print(f"{'whole site, with the data files':<48}{total / 1024:>10.0f}\n")
    heavy = [name for name, size in weights if size > PAGE_GOAL]
    return good and not heavy


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=("student", "teacher", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each step; the best counts (default 2)")
    args = parser.parse_args(argv)
    editions = ("student", "teacher") if args.edition == "both" else (args.edition,)
    ok = True
    for edition in editions:
        ok &= bench_edition(edition, args.repeat)
    print("All goals met." if ok else "Some goals are missed (exit code 1).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
