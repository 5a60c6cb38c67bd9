"""A learner's quiz answers, kept between sessions in a small file of their own.

The file is JSON in the learner's own data folder, as ``platformdirs`` finds
it (``$XDG_DATA_HOME`` or ``~/.local/share`` on Linux, ``~/Library/Application
Support`` on macOS, ``%APPDATA%`` on Windows), under ``korea-kit/progress.json``;
the environment variable ``KOREA_KIT_PROGRESS`` points elsewhere (the tests
point it at a temporary file, so they never read or write a learner's own).

Every change is written to a temporary file beside it, flushed to disk and
then renamed over the old one, under a lock (``filelock``, which works on
every system), so a crash or a killed kernel leaves either the old file or
the new one, never half of one; temporary files that an interrupted write
left behind are removed. The file keeps its permissions; a symbolic link is
followed (the file it points to is updated); a read-only file is never
overwritten (:class:`ProgressError`).

A file whose content is damaged (not JSON, or answers of the wrong shape) is
never lost and never stops the quiz: it is kept aside as a backup beside it,
the answers in it that are well formed are kept, and :attr:`ProgressStore.problem`
says what was wrong, with the line and column, and where the backup is.

>>> import tempfile, pathlib
>>> store = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "progress.json")
>>> store.answers()
{}
>>> store.record("q1", "02-sanctions", ["1718"], correct=False)
>>> store.record("q1", "02-sanctions", ["2094"], correct=True)
>>> entry = store.answers()["q1"]
>>> entry["response"], entry["correct"], entry["tries"]
(['2094'], True, 2)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["PROGRESS_ENV", "ProgressError", "ProgressStore", "progress_path", "answer_problem"]

#: Environment variable naming the progress file to use instead of the default.
PROGRESS_ENV = "KOREA_KIT_PROGRESS"

_VERSION = 1
_LOCK_SECONDS = 10


class ProgressError(Exception):
    """The progress file cannot be read or written (unreadable, read-only, locked); it is left as it is."""


class _Damaged(ValueError):
    """A number the kit never writes (NaN, infinity); ``literal`` is how the file spells it."""

    def __init__(self, message: str, literal: str):
        super().__init__(message)
        self.literal = literal


def progress_path() -> Path:
    """Where the learner's progress file lives (``$KOREA_KIT_PROGRESS`` first).

    >>> import os
    >>> os.environ.get(PROGRESS_ENV) is None or progress_path() == Path(os.environ[PROGRESS_ENV])
    True
    """
    import platformdirs

    if os.environ.get(PROGRESS_ENV):
        return Path(os.environ[PROGRESS_ENV]).expanduser()
    return Path(platformdirs.user_data_dir("korea-kit", appauthor=False, roaming=True)) / "progress.json"


def answer_problem(entry) -> str | None:
    """What is wrong with one saved answer, or None if it has the shape the kit writes.

    >>> answer_problem({"lesson": "01-x", "response": ["a"], "correct": True, "tries": 1, "when": "2026-01-01"})
    >>> answer_problem({"lesson": "01-x", "response": "a", "correct": "false", "tries": "many"})
    "'response' as a list of texts"
    """
    if not isinstance(entry, dict):
        return "an answer as an object"
    checks = (
        ("lesson", lambda v: isinstance(v, str), "'lesson' as a text"),
        ("response", lambda v: isinstance(v, list) and all(isinstance(x, (str, type(None))) for x in v),
         "'response' as a list of texts"),
        ("correct", lambda v: isinstance(v, bool), "'correct' as true or false"),
        ("tries", lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 < v < 10**9,
         "'tries' as a whole number of at least 1"),
    )
    for key, ok, expected in checks:
        if not ok(entry.get(key)):
            return expected
    return None


def _reject(constant: str):
    raise _Damaged(f"a number, not {constant}", constant)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Damaged(f"a finite number, not {text}", text)
    return value


def _parse(text: str) -> tuple[dict, str | None, int]:
    """The answers of a progress file, what is wrong with it (or None), and where."""
    try:
        data = json.loads(text, parse_constant=_reject, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return {}, f"JSON ({exc.msg})", exc.pos
    except _Damaged as exc:
        return {}, str(exc), max(0, text.find(exc.literal))
    except RecursionError:
        return {}, "JSON nested a few levels deep, not thousands", 0
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return {}, "an object with 'answers'", 0
    answers, problem, where = {}, None, 0
    for quiz_id, entry in data["answers"].items():
        wrong = answer_problem(entry)
        if wrong is None:
            answers[quiz_id] = entry
        elif problem is None:
            problem, where = f"{wrong} for question {quiz_id!r}", max(0, text.find(json.dumps(quiz_id)))
    return answers, problem, where


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class ProgressStore:
    """Read and update one progress file.

    Parameters
    ----------
    path : path-like, optional
        The file (default: :func:`progress_path`). It is created on the first answer.

    Attributes
    ----------
    problem : str or None
        What was wrong with the file when it was last read, and where its backup is; None if nothing.
    """

    def __init__(self, path=None):
        self.path = Path(path) if path is not None else progress_path()
        self.problem: str | None = None

    @property
    def target(self) -> Path:
        """The file written: the progress file, or the file its symbolic link points to."""
        return Path(os.path.realpath(self.path))

    def _lock(self):
        from filelock import FileLock

        target = self.target
        target.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(target) + ".lock", timeout=_LOCK_SECONDS)

    def _read(self, set_aside: bool = False) -> dict:
        target = self.target
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            return {"version": _VERSION, "answers": {}}
        except OSError as exc:
            raise ProgressError(f"{self.path}: cannot read the progress file ({exc.strerror or exc})") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, (answers, problem, where) = raw.decode("utf-8", "replace"), ({}, "text encoded as UTF-8", exc.start)
        else:
            answers, problem, where = _parse(text)
        if problem is None:
            return {"version": _VERSION, "answers": answers}
        line, column = _line_column(text, where)
        message = f"{self.path}, line {line}, column {column}: expected {problem}"
        if set_aside:
            backup = target.with_name(f"{target.stem}-damaged-{dt.datetime.now():%Y%m%d-%H%M%S-%f}{target.suffix}")
            try:
                os.replace(target, backup)
            except OSError as exc:
                raise ProgressError(f"{message}; it could not be kept aside ({exc.strerror or exc}), "
                                    "so nothing was written") from None
            self.problem = (f"{message}. The file was kept as {backup.name}, beside it; "
                            f"the {len(answers)} well-formed answers in it are kept.")
        else:
            self.problem = f"{message}. It will be kept aside, as a backup, at the next answer."
        return {"version": _VERSION, "answers": answers}

    def answers(self) -> dict:
        """Every saved answer by question id: lesson, response, correct, tries, when.

        A damaged file gives its well-formed answers, and :attr:`problem` says what is wrong.
        """
        self.problem = None
        return self._read()["answers"]

    def record(self, quiz_id: str, lesson: str, response: list, correct: bool) -> None:
        """Save a learner's answer to one question (atomically).

        :class:`ProgressError` if the file is read-only or cannot be written.
        """
        from filelock import Timeout

        self.problem = None
        try:
            with self._lock():
                self._clean_up()
                self._writable()
                data = self._read(set_aside=True)
                old = data["answers"].get(quiz_id, {})
                data["answers"][quiz_id] = {
                    "lesson": lesson,
                    "response": list(response),
                    "correct": bool(correct),
                    "tries": int(old.get("tries", 0)) + 1,
                    "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                }
                self._write(data)
        except Timeout:
            raise ProgressError(f"{self.path}: another session is saving answers; try again") from None
        except OSError as exc:
            raise ProgressError(f"{self.path}: cannot save the answer ({exc.strerror or exc})") from None

    def _temporary_prefix(self) -> str:
        return f".{self.target.name}-"

    def _clean_up(self) -> None:
        """Remove the temporary files of writes that were interrupted (the lock is held: none is under way)."""
        for leftover in self.target.parent.glob(self._temporary_prefix() + "*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def _writable(self) -> None:
        target = self.target
        try:
            mode = target.stat().st_mode
        except FileNotFoundError:
            return
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
            raise ProgressError(f"{self.path} is read-only: it was not changed, and the answer was not saved. "
                                "Make it writable, or set KOREA_KIT_PROGRESS to another file.")

    def _write(self, data: dict) -> None:
        target = self.target
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = None
        fd, tmp = tempfile.mkstemp(prefix=self._temporary_prefix(), suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
            dir_fd = os.open(target.parent, os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
