"""The ``korea-kit`` command: open the lessons, check the data."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from korea_kit.data import DATA_ENV, TABLES, check_data, load_tables, resolve_data_dir
from korea_kit.publish.editions import EDITIONS
from korea_kit.errors import KitDataError

__all__ = ["main", "project_root", "FIRST_LESSON", "LESSONS_FOLDER", "lab_command", "shell_line"]

#: The lesson ``korea-kit lab`` opens, in the lessons folder it writes.
FIRST_LESSON = "00-start-here.ipynb"

#: The working folder ``korea-kit lab`` writes the lessons into, under the current folder, for each edition.
LESSONS_FOLDER = {"student": "korea-kit-lessons", "teacher": "korea-kit-lessons-teacher"}


def project_root() -> Path:
    """The folder that holds the kit's ``data/`` and ``notebooks/`` (a checkout, or the wheel's copies)."""
    from korea_kit.data.toc import notebooks_dir

    return notebooks_dir().parent


def _check(args: argparse.Namespace) -> int:
    try:
        folder = resolve_data_dir(args.data_dir)
        problems = check_data(folder)
    except KitDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    if problems:
        print(f"Checked {folder}", file=sys.stderr)
        print(KitDataError(problems), file=sys.stderr)
        print("Fix the lines above, save the files as CSV (UTF-8) and run the check again.", file=sys.stderr)
        return 1
    tables = load_tables(folder)
    records = sum(len(tables[name]) for name in TABLES if name not in ("citations", "shapes", "quiz"))
    print(
        f"OK: {len(TABLES)} tables in {folder}: {records} records, {len(tables.citations)} citations, "
        f"{len(tables.quiz)} quiz questions and {len(tables.shapes)} map points; every id, date and quote checked."
    )
    return 0


def lab_command(folder: str | Path, extra: list[str] | None = None) -> list[str]:
    """The command ``korea-kit lab`` runs: JupyterLab in the lessons folder ``folder``, at the first lesson.

    >>> command = lab_command("korea-kit-lessons")
    >>> command[1:3], command[-1]
    (['-m', 'jupyterlab'], '--LabApp.default_url=/lab/tree/00-start-here.ipynb')
    """
    extra = list(extra or [])
    if getattr(os, "geteuid", lambda: None)() == 0 and "--allow-root" not in extra:
        # JupyterLab refuses to start as root (as in many containers) unless told.
        extra.append("--allow-root")
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        *extra,
        f"--ServerApp.root_dir={Path(folder).expanduser().absolute()}",
        # the address JupyterLab opens, and prints for copying into a browser
        f"--LabApp.default_url=/lab/tree/{FIRST_LESSON}",
    ]


def shell_line(command: list[str], windows: bool | None = None) -> str:
    """``command`` as one line to paste into a shell, each argument quoted as the shell needs (POSIX shells, or
    the Windows command line when ``windows``, by default on Windows), so that no argument runs as a command.

    >>> shell_line(["jupyter", "--ServerApp.root_dir=/tmp/x y;rm -rf ~"], windows=False)
    "jupyter '--ServerApp.root_dir=/tmp/x y;rm -rf ~'"
    >>> shell_line(["jupyter", "My lessons"], windows=True)
    'jupyter "My lessons"'
    """
    if windows if windows is not None else os.name == "nt":
        return subprocess.list2cmdline(command)
    import shlex

    return shlex.join(command)


def _report(copied) -> None:
    """Say what ``korea-kit copy`` or ``lab`` wrote, and which of the learner's files it kept."""
    print(f"The {copied.edition} edition of the lessons is in {copied.folder} "
          f"({len(copied.written)} files written).")
    if copied.kept:
        print(f"Kept as they are, since they were changed since the kit wrote them (or the kit did not write them): "
              f"{', '.join(copied.kept)}. To get the kit's version of one, move it away and run this again.")


def _copy(args: argparse.Namespace) -> int:
    from korea_kit.publish.editions import copy_edition

    _report(copy_edition(args.dest, args.edition, change_edition=args.change_edition))
    return 0


def _lab(args: argparse.Namespace) -> int:
    from korea_kit.publish.editions import copy_edition

    folder = Path(args.folder or LESSONS_FOLDER[args.edition])
    command = lab_command(folder, args.jupyter_args)
    if args.print_command:
        print(shell_line(command))
        return 0
    _report(copy_edition(folder, args.edition, change_edition=args.change_edition))
    from korea_kit.lab_settings import lab_environment

    # JupyterLab saves the widgets' state in the notebooks, so that a lesson reopens as it was left
    with tempfile.TemporaryDirectory(prefix="korea-kit-lab-") as settings:
        server = subprocess.Popen(command, cwd=folder, env=lab_environment(settings))

        def forward(signum, frame):  # stopping korea-kit lab stops the server
            server.send_signal(signum)

        previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            return server.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _editions(args: argparse.Namespace) -> int:
    from korea_kit.publish.editions import write_editions

    written = write_editions(args.out)
    for edition, folder in written.items():
        print(f"The {edition} edition is in {folder}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from korea_kit.publish.editions import run_in_place

    for path in run_in_place():
        print(f"Ran {path.name}")
    print("Every lesson now carries the fingerprint of the data it ran with.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from korea_kit.publish.editions import stale_lessons
    from korea_kit.publish.site import build

    if args.reuse_outputs and (stale := stale_lessons()):
        print(f"Running again, since their stored outputs were not made from this data: {', '.join(stale)} "
              "(korea-kit run saves fresh ones).", file=sys.stderr)
    folder = build(args.out, args.edition, reuse_outputs=args.reuse_outputs)
    print(f"The {args.edition} edition's website is in {folder}: open {Path(folder) / 'index.html'} in a browser, "
          "or publish the folder on any web server.")
    return 0


def _pack(args: argparse.Namespace) -> int:
    from korea_kit.publish.pack import write_pack

    folder = write_pack(args.out)
    print(f"Lesson 07's teacher pack is in {folder}: open {Path(folder) / 'index.html'} in a browser to print the "
          "briefs and round sheets and to project the board.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="korea-kit", description="The Korea, April 2013 teaching kit.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the data files; exit code 0 when all is well, 1 otherwise")
    check.add_argument(
        "data_dir", nargs="?", default=None,
        help=f"the data folder to check (default: ${DATA_ENV}, then the kit's own data/)",
    )
    check.set_defaults(func=_check)
    lab = sub.add_parser(
        "lab", help="write the lessons into a working folder of yours and open JupyterLab there, at the first "
                    "lesson (other options, such as --no-browser, go to JupyterLab)"
    )
    lab.add_argument("--edition", choices=EDITIONS, default="student",
                     help="student (no answers, the default) or teacher (answer keys, notes and the teacher's guide)")
    lab.add_argument("--folder", default=None,
                     help=f"the working folder (default: {LESSONS_FOLDER['student']} for the student edition, "
                          f"{LESSONS_FOLDER['teacher']} for the teacher's, under the current folder); "
                          "lessons you changed there are kept")
    lab.add_argument("--print-command", action="store_true", help="print the command instead of running it")
    lab.add_argument("--change-edition", action="store_true",
                     help="write this edition over a folder that holds the other one (by default refused)")
    lab.set_defaults(func=_lab)
    copy = sub.add_parser("copy", help="write the lessons of one edition into a folder, e.g. to hand them out "
                                       "(a file changed since the kit wrote it is kept)")
    copy.add_argument("dest", help="the folder to write them to")
    copy.add_argument("--edition", choices=EDITIONS, default="student",
                      help="student (no answers, the default) or teacher (answer keys, notes and the teacher's guide)")
    copy.add_argument("--change-edition", action="store_true",
                      help="write this edition over a folder that holds the other one (by default refused)")
    copy.set_defaults(func=_copy)
    editions = sub.add_parser(
        "editions", help="write the student edition (no answers, no teacher notes) and the teacher edition of the lessons"
    )
    editions.add_argument("--out", default="editions", help="the folder to write them to (default: editions)")
    editions.set_defaults(func=_editions)
    build = sub.add_parser("build", help="build the lessons as a website that works offline")
    build.add_argument("--out", default="site", help="the folder to write it to (default: site)")
    build.add_argument("--edition", choices=EDITIONS, default="student",
                       help="student (no answers, the default) or teacher (answer keys and the teacher's guide)")
    build.add_argument("--reuse-outputs", action="store_true",
                       help="keep the outputs stored in the notebooks instead of running them")
    build.set_defaults(func=_build)
    pack = sub.add_parser("pack", help="write lesson 07's teacher pack: briefs, round sheets, the projector board, "
                                       "the teacher's sheet, memos and what-if cards, to print without Python")
    pack.add_argument("--out", default="korea-kit-pack", help="the folder to write it to (default: korea-kit-pack)")
    pack.set_defaults(func=_pack)
    run = sub.add_parser("run", help="run every lesson in place (as before a commit) and stamp it with the data's "
                                     "fingerprint, which build --reuse-outputs checks")
    run.set_defaults(func=_run)
    args, extra = parser.parse_known_args(argv)
    if args.command == "lab":
        args.jupyter_args = extra  # any other option goes to JupyterLab, e.g. --no-browser or --port=8890
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return _safely(args)


def _safely(args: argparse.Namespace) -> int:
    """Run a command; any problem with the data, a folder or the environment is a message and exit code 1."""
    from korea_kit.publish.editions import EditionError
    from korea_kit.publish.site import SiteError

    try:
        return args.func(args)
    except (EditionError, SiteError, KitDataError, ValueError) as exc:
        print(f"korea-kit {args.command}: {exc}", file=sys.stderr)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic-link loop
        where = getattr(exc, "filename", None)
        reason = getattr(exc, "strerror", None) or str(exc)
        print(f"korea-kit {args.command}: {where + ': ' if where else ''}{reason}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"korea-kit {args.command}: stopped", file=sys.stderr)
        return 130
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
