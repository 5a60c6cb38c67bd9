"""The student and teacher editions of the lessons (``korea-kit editions``).

The *teacher* edition is every lesson as written, run in a fresh kernel with
``KOREA_KIT_EDITION=teacher``: quizzes show their answer keys, folded in
``<details class="kk-key">``, and the teacher's guide (the notebook
``teachers-guide.ipynb`` beside the lessons, outside the table of contents)
comes along, run in the same way.

The *student* edition leaves out every cell tagged ``teacher`` (notes for
the teacher) or ``solution`` (worked answers), runs the rest with
``KOREA_KIT_EDITION=student``, so that no answer key is rendered at all, and
keeps no widget state.

Each lesson runs in a fresh kernel of the current Python with a throwaway
``KOREA_KIT_PROGRESS`` file, so a learner's quiz progress is never read or
written. The static site (:mod:`korea_kit.site`) is built from the same
:func:`prepare`.

>>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
>>> nb = new_notebook(cells=[new_markdown_cell("# A lesson"),
...                          new_markdown_cell("Ask the class first.", metadata={"tags": ["teacher"]}),
...                          new_code_cell("1 + 1", metadata={"tags": ["solution"]})])
>>> [cell.source for cell in for_edition(nb, "student").cells]
['# A lesson']
>>> len(for_edition(nb, "teacher").cells)
3
>>> from nbformat.v4 import new_output
>>> quiz = new_code_cell("kk.quiz(tables, '01-sanctions')", outputs=[new_output("display_data", data={
...     "text/html": '<p>Q?</p><details class="kk-key">A</details>', "text/plain": "Q? Answer: A"})])
>>> for_edition(new_notebook(cells=[quiz]), "student").cells[0].outputs[0]["data"]
{'text/html': '<p>Q?</p>'}
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .lessons import Lesson, _read_lesson, notebooks_dir, toc
from .progress import PROGRESS_ENV
from .quizzes import EDITION_ENV

__all__ = [
    "EDITIONS",
    "HIDDEN_TAGS",
    "GUIDE",
    "EditionError",
    "hidden",
    "strip_keys",
    "for_edition",
    "guide_path",
    "execute",
    "prepare",
    "fresh_folder",
    "write_editions",
]

#: The editions, in the order ``korea-kit editions`` writes them.
EDITIONS = ("student", "teacher")

#: Cells with one of these tags are left out of the student edition.
HIDDEN_TAGS = frozenset({"teacher", "solution"})

#: The teacher's guide, a notebook beside the lessons but not in ``toc.json`` (teacher edition only).
GUIDE = "teachers-guide.ipynb"

# Written into every folder the kit builds, so that the next build may empty it.
_MARKER = ".korea-kit-build"

_KEY_START = re.compile(r"<details\b[^>]*\bclass=\"[^\"]*\bkk-key\b[^\"]*\"[^>]*>", re.I)
_DETAILS = re.compile(r"<(/?)details\b[^>]*>", re.I)


class EditionError(Exception):
    """An edition cannot be made: a missing guide, a cell that fails, a folder in the way."""


def _check(edition: str) -> None:
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")


def hidden(cell) -> bool:
    """Whether a cell is left out of the student edition (tagged ``teacher`` or ``solution``).

    >>> hidden({"metadata": {"tags": ["solution"]}}), hidden({"metadata": {}})
    (True, False)
    """
    return bool(HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])))


def strip_keys(text: str) -> str:
    """``text`` without its answer keys: every ``<details class="kk-key">`` element, nested ones too.

    >>> strip_keys('<p>Q?</p><details class="kk-key"><summary>A</summary><details>x</details></details>!')
    '<p>Q?</p>!'
    """
    while match := _KEY_START.search(text):
        depth, end = 1, len(text)
        for tag in _DETAILS.finditer(text, match.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        text = text[: match.start()] + text[end:]
    return text


def for_edition(nb, edition: str):
    """A copy of the notebook ``nb`` for ``edition``, before it is run.

    For the student edition: without the hidden cells and the widget state;
    and, for builds that keep the stored outputs, an output that holds an
    answer key keeps only its HTML, without the key (its other renderings,
    such as its plain text, may spell the key out). The teacher edition is a
    plain copy.
    """
    _check(edition)
    nb = copy.deepcopy(nb)
    if edition == "student":
        nb.cells = [cell for cell in nb.cells if not hidden(cell)]
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if any(isinstance(value, str) and _KEY_START.search(value) for value in data.values()):
                    output["data"] = {"text/html": strip_keys(data.get("text/html", ""))}
    return nb


def guide_path(folder: str | Path | None = None) -> Path:
    """The teacher's guide in the lessons folder; :class:`EditionError` if it is missing.

    >>> guide_path("no-such-folder")
    Traceback (most recent call last):
    ...
    korea_kit.editions.EditionError: The teacher edition includes the teacher's guide, teachers-guide.ipynb, ...
    """
    path = Path(folder or notebooks_dir()) / GUIDE
    if not path.is_file():
        raise EditionError(
            f"The teacher edition includes the teacher's guide, {GUIDE}, which is not in {path.parent}. "
            "Add it there, beside the lessons, or build the student edition."
        )
    return path


def _kernel_manager():
    """A kernel manager for this Python's own kernel (as nbval's --nbval-current-env)."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())

    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())


def execute(nb, edition: str, folder: str | Path, lesson: str = "the notebook", timeout: int = 120):
    """Run ``nb`` top to bottom in a fresh kernel for ``edition``, in ``folder``; returns it.

    Execution counts then read 1, 2, 3...; a failing cell raises
    :class:`EditionError` naming the lesson and the edition.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    _check(edition)
    with tempfile.TemporaryDirectory(prefix="korea-kit-progress-") as scratch:
        env = {**os.environ, EDITION_ENV: edition, PROGRESS_ENV: str(Path(scratch) / "progress.json")}
        client = NotebookClient(
            nb, timeout=timeout, km=_kernel_manager(), resources={"metadata": {"path": str(folder)}},
            record_timing=False, store_widget_state=edition == "teacher",
            extra_arguments=["--log-level=ERROR"],  # not the kernel's start-up chatter
        )
        try:
            client.execute(env=env, cleanup_kc=True)  # shut the kernel down afterwards
        except CellExecutionError as exc:
            raise EditionError(f"{lesson} fails in the {edition} edition:\n{exc}") from exc
    return nb


def prepare(edition: str, folder: str | Path | None = None, *, run: bool = True,
            timeout: int = 120) -> list[tuple[Lesson, object]]:
    """Every lesson of ``folder``'s ``toc.json``, in order, as ``(lesson, notebook)`` for ``edition``.

    The teacher edition ends with the teacher's guide (its ``file`` is
    :data:`GUIDE`). With ``run`` (the default) each notebook runs in a fresh
    kernel, several at a time (one per processor); otherwise the stored
    outputs are kept.
    """
    import nbformat

    _check(edition)
    folder = Path(folder or notebooks_dir())
    lessons = toc(folder)
    if edition == "teacher":
        lessons.append(_read_lesson(guide_path(folder)))
    notebooks = [for_edition(nbformat.read(folder / lesson.file, as_version=4), edition) for lesson in lessons]
    if run:
        workers = max(1, min(len(lessons), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            notebooks = list(pool.map(lambda nb, lesson: execute(nb, edition, folder, lesson.file, timeout),
                                      notebooks, lessons))
    return list(zip(lessons, notebooks))


def fresh_folder(path: str | Path) -> Path:
    """An empty folder at ``path`` for a build, emptying one that an earlier build made.

    A folder that holds anything else is left alone: :class:`EditionError`.
    That way a stale page (say, the teacher's guide of an earlier teacher
    build) never stays behind in a student build.
    """
    path = Path(path)
    if path.exists():
        if (path / _MARKER).is_file():
            shutil.rmtree(path)
        elif not path.is_dir() or any(path.iterdir()):
            raise EditionError(f"{path} already exists and was not made by korea-kit: choose a new or empty folder")
    path.mkdir(parents=True, exist_ok=True)
    (path / _MARKER).write_text("Made by korea-kit; emptied and rewritten by the next build.\n", encoding="utf-8")
    return path


def write_editions(out: str | Path = "editions", folder: str | Path | None = None,
                   editions=EDITIONS, *, run: bool = True, timeout: int = 120) -> dict[str, Path]:
    """Write ``out/student/`` and ``out/teacher/``: each lesson run for its edition and ``toc.json``.

    ``run=False`` keeps the stored outputs (see :func:`prepare`). Returns the
    folder of each edition written.
    """
    import nbformat

    folder = Path(folder or notebooks_dir())
    if "teacher" in editions:
        guide_path(folder)  # before any lesson runs
    written = {}
    for edition in editions:
        prepared = prepare(edition, folder, run=run, timeout=timeout)
        target = fresh_folder(Path(out) / edition)
        for lesson, nb in prepared:
            nbformat.write(nb, target / lesson.file)
        shutil.copy2(folder / "toc.json", target / "toc.json")
        written[edition] = target
    return written
