"""A learner's work, kept between sessions in a small file of their own: quiz answers, the text of
open answers and the moves of the simulation.

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

Besides the quiz answers (``answers``), the file keeps what a learner writes in answer to an open
question (``texts``, by question id) and their game of a simulation (``games``, by lesson):

>>> store.save_text("sanctions-two-versions", "02-sanctions", "Both say the same.")
>>> store.texts()["sanctions-two-versions"]["text"]
'Both say the same.'
>>> store.save_game("07-negotiation-role-play", side="usa", solo=True, rounds=[["usa:talks"]], ticked=[])
>>> store.games()["07-negotiation-role-play"]["rounds"]
[['usa:talks']]
>>> sorted(store.read())
['answers', 'games', 'texts']

In a page that every visitor shares (Voilà), nothing is saved: :func:`saving_off` says why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import stat
import tempfile
from pathlib import Path

__all__ = ["PROGRESS_ENV", "SECTIONS", "ProgressError", "ProgressStore", "progress_path", "answer_problem",
           "text_problem", "game_problem", "saving_off", "default_store"]

#: Environment variable naming the progress file to use instead of the default.
PROGRESS_ENV = "KOREA_KIT_PROGRESS"

#: The version of the file's format: 1 held the quiz answers only; 2 added ``texts`` and ``games``.
_VERSION = 2

#: The parts of the file, each a JSON object of entries: quiz answers by question id, open answers by
#: question id, games of a simulation by lesson.
SECTIONS = ("answers", "texts", "games")
_LOCK_SECONDS = 10
#: The most tries the file records for one question (the reader accepts fewer than 10**9).
_MAX_TRIES = 10**9 - 1


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


def _is_text(value) -> bool:
    return isinstance(value, str)


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def text_problem(entry) -> str | None:
    """What is wrong with one saved open answer, or None if it has the shape the kit writes.

    >>> text_problem({"lesson": "03-drills", "text": "Foal Eagle began on 1 March.", "when": "2026-01-01"})
    >>> text_problem({"lesson": "03-drills", "text": 3})
    "'text' as a text"
    """
    if not isinstance(entry, dict):
        return "an open answer as an object"
    for key in ("lesson", "text"):
        if not _is_text(entry.get(key)):
            return f"'{key}' as a text"
    return None


def game_problem(entry) -> str | None:
    """What is wrong with one saved game of a simulation, or None if it has the shape the kit writes.

    >>> game_problem({"side": "usa", "solo": True, "rounds": [["usa:talks"], []], "ticked": []})
    >>> game_problem({"side": "usa", "solo": True, "rounds": "usa:talks", "ticked": []})
    "'rounds' as a list of lists of move ids"
    """
    if not isinstance(entry, dict):
        return "a game as an object"
    checks = (
        ("side", _is_text, "'side' as a text"),
        ("solo", lambda v: isinstance(v, bool), "'solo' as true or false"),
        ("rounds", lambda v: isinstance(v, list) and all(_texts(r) for r in v), "'rounds' as a list of lists of move ids"),
        ("ticked", _texts, "'ticked' as a list of move ids"),
    )
    for key, ok, expected in checks:
        if not ok(entry.get(key)):
            return expected
    return None


_CHECKS = {"answers": answer_problem, "texts": text_problem, "games": game_problem}
_WHAT = {"answers": "question", "texts": "open question", "games": "simulation of lesson"}


def _empty() -> dict:
    return {"version": _VERSION, **{section: {} for section in SECTIONS}}


def saving_off() -> str | None:
    """Why a learner's work is not saved here, or None where it is (JupyterLab, a plain kernel).

    A page served by Voilà runs one kernel per visitor, under the account of the person who serves it:
    a progress file there would be shared by every visitor, so nothing is read or written, and the
    widgets say so.

    >>> import os
    >>> saving_off() is None or os.environ.get("SERVER_SOFTWARE", "").startswith("voila")
    True
    """
    if os.environ.get("SERVER_SOFTWARE", "").startswith("voila"):
        return ("On this page your answers are not saved (every visitor of the page would share them): "
                "they last until you close it. Copy what you write before you leave.")
    return None


def default_store() -> "ProgressStore | None":
    """The learner's :class:`ProgressStore`, or None where nothing is saved (see :func:`saving_off`)."""
    return None if saving_off() else ProgressStore()


def _reject(constant: str):
    raise _Damaged(f"a number, not {constant}", constant)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Damaged(f"a finite number, not {text}", text)
    return value


def _parse(text: str) -> tuple[dict, str | None, int]:
    """The sections of a progress file (well-formed entries only), what is wrong with it (or None), and where."""
    try:
        data = json.loads(text, parse_constant=_reject, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return _empty(), f"JSON ({exc.msg})", exc.pos
    except _Damaged as exc:
        return _empty(), str(exc), max(0, text.find(exc.literal))
    except RecursionError:
        return _empty(), "JSON nested a few levels deep, not thousands", 0
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return _empty(), "an object with 'answers'", 0
    found, problem, where = _empty(), None, 0
    for section in SECTIONS:
        entries = data.get(section, {})
        if not isinstance(entries, dict):
            if problem is None:
                problem, where = f"'{section}' as an object", max(0, text.find(json.dumps(section)))
            continue
        for key, entry in entries.items():
            wrong = _CHECKS[section](entry)
            if wrong is None:
                found[section][key] = entry
            elif problem is None:
                problem, where = f"{wrong} for {_WHAT[section]} {key!r}", max(0, text.find(json.dumps(key)))
    return found, problem, where


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _recover(text: str) -> dict:
    """The well-formed answers that can still be read in a damaged file: every ``"id": {...}`` after its
    ``"answers"`` that is a whole JSON object of the shape the kit writes."""
    start = text.find('"answers"')
    found: dict = {}
    if start < 0:
        return found
    decoder = json.JSONDecoder(parse_constant=_reject, parse_float=_finite)
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"\s*:\s*(?=\{)', text[start:]):
        try:
            quiz_id = json.loads(f'"{match.group(1)}"')
            entry, _ = decoder.raw_decode(text, start + match.end())
        except (ValueError, RecursionError):
            continue
        if isinstance(quiz_id, str) and answer_problem(entry) is None:
            found[quiz_id] = entry
    return found


def _recovered(text: str) -> dict:
    """The sections of a damaged file with the answers that can still be read (see :func:`_recover`)."""
    found = _empty()
    found["answers"] = _recover(text)
    return found


def _progress_like(path: Path, text: str) -> bool:
    """Whether a file may be a progress file, damaged or not (so that it may be kept aside and replaced): empty,
    or holding ``"answers"``, or a ``.json`` file that starts as JSON does. A learner's notes are not."""
    start = text.lstrip("\ufeff \t\r\n")[:1]
    return not start or '"answers"' in text or (path.suffix.lower() == ".json" and start in "{[")


def _version(text: str):
    """The ``version`` a progress file declares (None if it cannot be read)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


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
        with contextlib.suppress(FileNotFoundError):  # only a regular file is ever locked, read or replaced
            if not stat.S_ISREG(os.stat(target).st_mode):
                raise ProgressError(f"{self.path} is not a regular file (a folder, a device or a pipe): it was not "
                                    "read or changed, and answers are not saved. Set KOREA_KIT_PROGRESS to a file.")
        target.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(target) + ".lock", timeout=_LOCK_SECONDS)

    def _read_bytes(self) -> bytes | None:
        """The bytes of the progress file (None if there is none). Only a regular file is read: a folder, a
        device or a FIFO (which would never answer) is a :class:`ProgressError`, and is never replaced."""
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.target, flags)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ProgressError(f"{self.path}: cannot read the progress file ({exc.strerror or exc})") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ProgressError(f"{self.path} is not a regular file (a folder, a device or a pipe): it was not "
                                    "read or changed, and answers are not saved. Set KOREA_KIT_PROGRESS to a file.")
            with os.fdopen(fd, "rb") as fh:
                fd = None
                return fh.read()
        except OSError as exc:
            raise ProgressError(f"{self.path}: cannot read the progress file ({exc.strerror or exc})") from None
        finally:
            if fd is not None:
                os.close(fd)

    def _read(self, set_aside: bool = False) -> dict:
        target = self.target
        raw = self._read_bytes()
        if raw is None:
            return _empty()
        raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, as Notepad writes one
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:  # the entries that are still readable are kept
            text = raw.decode("utf-8", "replace")
            found, problem, where = _parse(text)
            if not any(found[section] for section in SECTIONS):
                found = _recovered(text)
            problem, where = "text encoded as UTF-8", exc.start
        else:
            found, problem, where = _parse(text)
            if problem is not None and not any(found[section] for section in SECTIONS):
                found = _recovered(text)
        if not _progress_like(target, text):  # a mistyped path names another file: it is never renamed or replaced
            message = (f"{self.path} is not a korea-kit progress file (it holds no answers): it was left as it is, "
                       "and answers are not saved to it. Check KOREA_KIT_PROGRESS.")
            if set_aside:
                raise ProgressError(message)
            self.problem = message
            return _empty()
        if set_aside and problem is None and (_version(text) or 0) > _VERSION:
            self._keep_copy(raw, f"version-{_version(text)}")
        if problem is None:
            return found
        line, column = _line_column(text, where)
        message = f"{self.path}, line {line}, column {column}: expected {problem}"
        if set_aside:
            backup = target.with_name(f"{target.stem}-damaged-{dt.datetime.now():%Y%m%d-%H%M%S-%f}{target.suffix}")
            try:
                os.replace(target, backup)
            except OSError as exc:
                raise ProgressError(f"{message}; it could not be kept aside ({exc.strerror or exc}), "
                                    "so nothing was written") from None
            kept = sum(len(found[section]) for section in SECTIONS)
            self.problem = (f"{message}. The file was kept as {backup.name}, beside it; "
                            f"the {kept} well-formed answers in it are kept.")
        else:
            self.problem = f"{message}. It will be kept aside, as a backup, at the next answer."
        return found

    def read(self) -> dict:
        """Every section of the file (see :data:`SECTIONS`), each a dict of its well-formed entries.

        A damaged file gives its well-formed entries, and :attr:`problem` says what is wrong.
        """
        self.problem = None
        found = self._read()
        return {section: found[section] for section in SECTIONS}

    def _keep_copy(self, raw: bytes, why: str) -> Path:
        """Keep a copy of the file's bytes beside it (``progress-WHY-DATE.json``), before anything is written."""
        target = self.target
        copy = target.with_name(f"{target.stem}-{why}-{dt.datetime.now():%Y%m%d-%H%M%S-%f}{target.suffix}")
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise ProgressError(f"{self.path} was written by a newer version of korea-kit, and a copy of it could "
                                f"not be kept ({exc.strerror or exc}), so nothing was written") from None
        self.problem = (f"{self.path} was written by a newer version of korea-kit: a copy of it was kept as "
                        f"{copy.name}, beside it, before this answer was saved.")
        return copy

    def answers(self) -> dict:
        """Every saved answer by question id: lesson, response, correct, tries, when.

        A damaged file gives its well-formed answers, and :attr:`problem` says what is wrong.
        """
        return self.read()["answers"]

    def texts(self) -> dict:
        """Every saved open answer by question id: lesson, text, when."""
        return self.read()["texts"]

    def games(self) -> dict:
        """Every saved game of a simulation by lesson: side, solo, rounds, ticked, when."""
        return self.read()["games"]

    def record(self, quiz_id: str, lesson: str, response: list, correct: bool) -> None:
        """Save a learner's answer to one question (atomically).

        :class:`ProgressError` if the file is read-only or cannot be written.
        """
        def change(data):
            old = data["answers"].get(quiz_id, {})
            data["answers"][quiz_id] = {
                "lesson": lesson,
                "response": list(response),
                "correct": bool(correct),
                "tries": min(int(old.get("tries", 0)) + 1, _MAX_TRIES),
                "when": _now(),
            }

        self._update(change, "the answer")

    def save_text(self, question_id: str, lesson: str, text: str) -> None:
        """Save what a learner has written in answer to one open question (atomically), replacing what was saved."""
        def change(data):
            data["texts"][question_id] = {"lesson": lesson, "text": str(text), "when": _now()}

        self._update(change, "your text")

    def save_game(self, lesson: str, *, side: str, solo: bool, rounds, ticked) -> None:
        """Save a learner's game of a lesson's simulation (atomically): their side, solo play or not, the moves of
        every round played, and the moves ticked for the next."""
        def change(data):
            data["games"][lesson] = {"side": str(side), "solo": bool(solo),
                                     "rounds": [[str(m) for m in moves] for moves in rounds],
                                     "ticked": [str(m) for m in ticked], "when": _now()}

        self._update(change, "your moves")

    def _update(self, change, what: str) -> None:
        """Read the file under the lock, apply ``change`` to its data, and write it back atomically."""
        from filelock import Timeout

        self.problem = None
        try:
            with self._lock():
                self._clean_up()
                self._writable()
                data = self._read(set_aside=True)
                change(data)
                self._write(data)
        except Timeout:
            raise ProgressError(f"{self.path}: another session is saving answers; try again") from None
        except OSError as exc:
            raise ProgressError(f"{self.path}: cannot save {what} ({exc.strerror or exc})") from None

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
            text = json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ProgressError(f"{self.path}: not saved, since the answer holds what the file cannot keep ({exc}); "
                                "the file was left as it is") from None
        if _parse(text)[1] is not None:  # the writer never stores what the reader would reject
            raise ProgressError(f"{self.path}: not saved, since the answer is not of the shape the kit reads back "
                                f"({_parse(text)[1]}); the file was left as it is")
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = None
        fd, tmp = tempfile.mkstemp(prefix=self._temporary_prefix(), suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, ensure_ascii=False, allow_nan=False)
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
