"""A learner's quiz answers, kept between sessions in a small file of their own.

The file is JSON in the learner's own data folder (``$XDG_DATA_HOME`` or
``~/.local/share`` on Linux and macOS, ``%APPDATA%`` on Windows), under
``korea-kit/progress.json``; the environment variable ``KOREA_KIT_PROGRESS``
points elsewhere (the tests point it at a temporary file, so they never read
or write a learner's own).

Every change is written to a temporary file beside it, flushed to disk and
then renamed over the old one, so a crash or a killed kernel leaves either
the old file or the new one, never half of one. A file that cannot be read is
never overwritten: :class:`ProgressError` says which file and where.

>>> import tempfile, pathlib
>>> store = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "progress.json")
>>> store.answers()
{}
>>> store.record("q1", "01-sanctions", ["1718"], correct=False)
>>> store.record("q1", "01-sanctions", ["2094"], correct=True)
>>> entry = store.answers()["q1"]
>>> entry["response"], entry["correct"], entry["tries"]
(['2094'], True, 2)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["PROGRESS_ENV", "ProgressError", "ProgressStore", "progress_path"]

#: Environment variable naming the progress file to use instead of the default.
PROGRESS_ENV = "KOREA_KIT_PROGRESS"

_VERSION = 1


class ProgressError(Exception):
    """The progress file exists but cannot be read; it is left as it is."""


def progress_path() -> Path:
    """Where the learner's progress file lives (``$KOREA_KIT_PROGRESS`` first).

    >>> import os
    >>> os.environ.get(PROGRESS_ENV) is None or progress_path() == Path(os.environ[PROGRESS_ENV])
    True
    """
    if os.environ.get(PROGRESS_ENV):
        return Path(os.environ[PROGRESS_ENV]).expanduser()
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "korea-kit" / "progress.json"


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock beside ``path`` (POSIX), so two kernels do not interleave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: the atomic rename alone protects the file
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class ProgressStore:
    """Read and update one progress file.

    Parameters
    ----------
    path : path-like, optional
        The file (default: :func:`progress_path`). It is created on the first answer.
    """

    def __init__(self, path=None):
        self.path = Path(path) if path is not None else progress_path()

    def _read(self) -> dict:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"version": _VERSION, "answers": {}}
        except (OSError, UnicodeDecodeError) as exc:
            raise ProgressError(f"{self.path}: cannot read the progress file ({exc})") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProgressError(
                f"{self.path}, line {exc.lineno}, column {exc.colno}: expected JSON ({exc.msg}); "
                "the file was left as it is"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            raise ProgressError(f"{self.path}: expected an object with 'answers'; the file was left as it is")
        return data

    def answers(self) -> dict:
        """Every saved answer by question id: lesson, response, correct, tries, when."""
        return self._read()["answers"]

    def record(self, quiz_id: str, lesson: str, response: list, correct: bool) -> None:
        """Save a learner's answer to one question (atomically)."""
        with _locked(self.path):
            data = self._read()
            old = data["answers"].get(quiz_id, {})
            data["answers"][quiz_id] = {
                "lesson": lesson,
                "response": list(response),
                "correct": bool(correct),
                "tries": int(old.get("tries", 0)) + 1,
                "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            }
            self._write(data)

    def _write(self, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
            dir_fd = os.open(self.path.parent, os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
