"""How long continuous integration takes from a fresh clone: ``.ci/run`` against the 10-minute goal.

Run from the project folder (slow, about 5 minutes or more; it is not part of ``run.py``)::

    .venv/bin/python benchmarks/ci.py [--branch NAME] [--keep-log]

It clones the project folder's repository with ``git clone`` into a temporary
folder (what is committed: the folder's current commit, or ``--branch``;
changes not yet committed are not in the clone), then runs ``CI=true bash
.ci/run`` there, as a CI service would on a clean machine: a new virtual
environment, ``pip install -e ".[test]"`` (from the package index, or its
cache), then the whole test suite with the browser tests required. It prints
the wall time of the whole run against the goal (at most 10 minutes) and the
time pytest reports for the test run itself (its last line, "... in N s",
against the 2-minute goal of ``run.py --pytest``).

The clone, its virtual environment and the log are removed afterwards
(``--keep-log`` copies the log to the system's temporary folder and prints
where). The exit code is 0 when ``.ci/run`` passed within the goal, 1
otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CI_GOAL_S, PYTEST_GOAL_S = 600.0, 120.0


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def pytest_seconds(log: str) -> tuple[float | None, str]:
    """The time pytest reports on its last summary line, and that line."""
    for line in reversed(log.splitlines()):
        found = re.search(r"\b(?:passed|failed|error|errors|skipped)\b.* in ([\d.]+)s", line)
        if found:
            return float(found.group(1)), line.strip("= ").strip()
    return None, "no pytest summary found"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branch", help="the branch or commit to clone (default: the project folder's commit)")
    parser.add_argument("--keep-log", action="store_true", help="keep the log of .ci/run in the temporary folder")
    args = parser.parse_args(argv)
    commit = git("rev-parse", args.branch or "HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no")
    print(f"Fresh clone CI: {os.cpu_count()} cores; commit {commit[:12]}"
          + (" (the project folder has changes not committed; they are not measured)" if dirty else ""))
    with tempfile.TemporaryDirectory(prefix="korea-kit-ci-") as scratch:
        clone = Path(scratch) / "clone"
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        git("checkout", "--quiet", commit, cwd=clone)
        env = {key: value for key, value in os.environ.items()
               if key not in {"VIRTUAL_ENV", "PYTHONPATH", "KOREA_KIT_DATA", "KOREA_KIT_PROGRESS"}}
        env["CI"] = "true"
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if not p.startswith(str(ROOT)))  # not this folder's virtual environment
        log_path = Path(scratch) / "ci.log"
        start = time.perf_counter()
        with log_path.open("w") as log:
            result = subprocess.run(["bash", ".ci/run"], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT)
        seconds = time.perf_counter() - start
        log = log_path.read_text(errors="replace")
        if args.keep_log:
            kept = Path(tempfile.gettempdir()) / f"korea-kit-ci-{commit[:12]}.log"
            shutil.copy2(log_path, kept)
            print(f"log: {kept}")
    tests, summary = pytest_seconds(log)
    passed = result.returncode == 0
    ok = passed and seconds <= CI_GOAL_S
    print(f"{'.ci/run (venv, pip install, whole test suite)':<52}{seconds:>8.0f} s   goal <= {CI_GOAL_S:.0f} s: "
          f"{'met' if ok else 'MISSED'}" + ("" if passed else f" (.ci/run failed, exit code {result.returncode})"))
    if tests is None:
        print(f"{'pytest, as it reports':<52}{'-':>8}     {summary}")
    else:
        print(f"{'pytest, as it reports':<52}{tests:>8.0f} s   goal <= {PYTEST_GOAL_S:.0f} s on 2 cores: "
              f"{'met' if tests <= PYTEST_GOAL_S else 'MISSED'} ({summary})")
        print(f"{'set-up (venv, pip install) and pytest start':<52}{seconds - tests:>8.0f} s")
    if not passed:
        print("last lines of the log:")
        print("\n".join("  " + line for line in log.splitlines()[-15:]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
