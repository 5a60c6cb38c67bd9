"""The student and teacher editions of the lessons (``korea-kit editions``).

Teacher-only material has one mechanism: a cell tagged ``teacher`` (a note
for the teacher, a quiz's key: :func:`~korea_kit.teacher.quiz_key`) or
``solution`` (a worked answer, a "Check your answers" block). Nothing else in
the kit renders an answer, a verdict or an explanation.

The *teacher* edition is every cell of every lesson, and the teacher's guide
(the notebook ``teachers-guide.ipynb`` beside the lessons, outside the table
of contents). The *student* edition is every lesson without its tagged cells,
removed by :func:`for_edition` (tags compared in any case: ``Solution`` too),
and without widget state.

Two more tags say where a cell is read. A cell tagged ``lab-only`` (the
progress cell, "run this cell" or "move the slider" instructions) is kept in
the notebooks of both editions (``korea-kit copy``, ``lab``, ``editions``) and
left out of the website; a cell tagged ``page-only`` (the printable wording of
an instruction) is kept on the website and left out of the notebooks. The
medium, ``"lab"`` or ``"page"``, is :func:`for_edition`'s and :func:`prepare`'s
``medium`` argument.

Each lesson runs in a fresh kernel of the current Python with a throwaway
``KOREA_KIT_PROGRESS`` file, so a learner's quiz progress is never read or
written. The static site (:mod:`korea_kit.publish.site`) is built from the same
:func:`prepare`.

>>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
>>> nb = new_notebook(cells=[new_markdown_cell("# A lesson"),
...                          new_markdown_cell("Ask the class first.", metadata={"tags": ["teacher"]}),
...                          new_code_cell("1 + 1", metadata={"tags": ["solution"]})])
>>> [cell.source for cell in for_edition(nb, "student").cells]
['# A lesson']
>>> len(for_edition(nb, "teacher").cells)
3
>>> nb.cells += [new_markdown_cell("Run the cell below.", metadata={"tags": ["lab-only"]}),
...              new_markdown_cell("Fill in the table below.", metadata={"tags": ["page-only"]})]
>>> [cell.source for cell in for_edition(nb, "student", "lab").cells]
['# A lesson', 'Run the cell below.']
>>> [cell.source for cell in for_edition(nb, "student", "page").cells]
['# A lesson', 'Fill in the table below.']
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from korea_kit.data.toc import Lesson, notebooks_dir, read_lesson, toc
from korea_kit.progress import PROGRESS_ENV

__all__ = [
    "EDITIONS",
    "HIDDEN_TAGS",
    "MEDIA",
    "LAB_ONLY",
    "PAGE_ONLY",
    "MEDIUM_TAGS",
    "medium_tags",
    "GUIDE",
    "TEMPLATE",
    "EditionError",
    "hidden",
    "for_edition",
    "guide_path",
    "execute",
    "FINGERPRINT_KEY",
    "fingerprint",
    "stale",
    "stale_lessons",
    "prepare",
    "run_in_place",
    "MANIFEST",
    "check_output_folder",
    "output_folder",
    "write_editions",
    "Copied",
    "copy_edition",
    "VOILA_SETTINGS",
    "KEY_FUNCTIONS",
    "KEY_MARKERS",
    "key_problems",
    "cell_tags",
    "write_atomically",
    "safe_manifest_name",
    "inside_installed_kit",
]

#: The editions, in the order ``korea-kit editions`` writes them.
EDITIONS = ("student", "teacher")

#: Cells with one of these tags are left out of the student edition.
HIDDEN_TAGS = frozenset({"teacher", "solution"})

#: The functions that render an answer key (:mod:`korea_kit.teacher` offers them): a cell that calls one belongs
#: to the teacher (tag it ``teacher``).
KEY_FUNCTIONS = ("quiz_key", "compact_quiz_key", "open_question_key", "spot_the_error_key",
                 "compact_spot_the_error_key")

#: The classes of the HTML of an answer key: no page or notebook of the student edition may hold one.
KEY_MARKERS = ("kk-key", "kk-open-question-key")

#: Where an edition is read: the notebooks in JupyterLab (``korea-kit copy``, ``lab``, ``editions``), or the website.
MEDIA = ("lab", "page")

#: A cell with this tag is shown in JupyterLab and left out of the website.
LAB_ONLY = "lab-only"

#: A cell with this tag is shown on the website and left out of the notebooks.
PAGE_ONLY = "page-only"

#: For each medium, the tag of the cells it leaves out.
MEDIUM_TAGS = {"lab": PAGE_ONLY, "page": LAB_ONLY}

#: The teacher's guide, a notebook beside the lessons but not in ``toc.json`` (teacher edition only).
GUIDE = "teachers-guide.ipynb"

#: The skeleton a contributor copies to start a lesson: not a lesson of ``toc.json``, but run and tested like one.
TEMPLATE = "_template.ipynb"

#: Voilà's settings, written as ``voila.json`` into a working folder (:func:`copy_edition`), which Voilà reads
#: when started there: a lesson served as a page leaves out the cells tagged :data:`LAB_ONLY`, such as
#: "press Shift + Enter", as the website does (Voilà runs the other cells for its visitor).
VOILA_SETTINGS = {"TagRemovePreprocessor": {"remove_cell_tags": [LAB_ONLY]}}

#: The list of the files a build or an editions run wrote, kept in its output folder.
MANIFEST = ".korea-kit-manifest.json"


#: Where a lesson's metadata keeps the fingerprint of the data it was run with: ``metadata["korea_kit"][...]``.
FINGERPRINT_KEY = "data_fingerprint"


class EditionError(Exception):
    """An edition cannot be made: a missing guide, a cell that fails, a folder in the way."""


def _check(edition: str) -> None:
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")


def cell_tags(cell) -> set[str]:
    """A cell's tags, as the kit compares them: without surrounding spaces, in lower case (``Solution`` is
    ``solution``).

    >>> sorted(cell_tags({"metadata": {"tags": [" Teacher", "LAB-only"]}}))
    ['lab-only', 'teacher']
    """
    tags = cell.get("metadata", {}).get("tags", [])
    return {tag.strip().casefold() for tag in tags if isinstance(tag, str)} if isinstance(tags, list) else set()


def hidden(cell) -> bool:
    """Whether a cell is left out of the student edition (tagged ``teacher`` or ``solution``, in any case).

    >>> hidden({"metadata": {"tags": ["solution"]}}), hidden({"metadata": {}}), hidden({"metadata": {"tags": ["Solution"]}})
    (True, False, True)
    """
    return bool(HIDDEN_TAGS & cell_tags(cell))


_KEY_CALL = re.compile(r"\b(" + "|".join(KEY_FUNCTIONS) + r")\s*\(")


def _texts(value):
    """Every text inside an output (its data, its text), nested lists and dicts included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def key_problems(nb, lesson: str = "the notebook") -> list[str]:
    """What in a notebook of the student edition is an answer key: a cell that calls one of :data:`KEY_FUNCTIONS`,
    or an output holding one of :data:`KEY_MARKERS`; one line each, naming the cell (empty when there is none).

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> key_problems(new_notebook(cells=[new_code_cell("kk.quiz(tables, 'x')"),
    ...                                  new_code_cell("kk.quiz_key(tables, 'x')")]), "x.ipynb")
    ["x.ipynb, cell 2: calls quiz_key, which shows an answer key; tag the cell 'teacher'"]
    """
    found = []
    for number, cell in enumerate(nb.get("cells", []), 1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        call = _KEY_CALL.search(source) if cell.get("cell_type") == "code" else None
        if call:
            found.append(f"{lesson}, cell {number}: calls {call.group(1)}, which shows an answer key; "
                         "tag the cell 'teacher'")
        elif any(marker in text for text in _texts(cell.get("outputs", [])) for marker in KEY_MARKERS):
            found.append(f"{lesson}, cell {number}: its output shows an answer key; tag the cell 'teacher'")
    return found


def medium_tags(edition: str, medium: str = "lab") -> set[str]:
    """The tags of the cells that ``edition`` read in ``medium`` leaves out.

    >>> sorted(medium_tags("student", "page")), sorted(medium_tags("teacher", "lab"))
    (['lab-only', 'solution', 'teacher'], ['page-only'])
    """
    _check(edition)
    if medium not in MEDIA:
        raise ValueError(f"medium must be one of {', '.join(MEDIA)}, not {medium!r}")
    return {MEDIUM_TAGS[medium], *(HIDDEN_TAGS if edition == "student" else ())}


def for_edition(nb, edition: str, medium: str = "lab", lesson: str = "the notebook"):
    """A copy of the notebook ``nb`` for ``edition`` read in ``medium``, before it is run.

    Without the cells tagged with one of :func:`medium_tags`: in the
    student edition, those tagged with one of :data:`HIDDEN_TAGS`; in
    JupyterLab (``"lab"``) those tagged :data:`PAGE_ONLY`, on the website
    (``"page"``) those tagged :data:`LAB_ONLY`. The student edition also
    loses the widget state.
    Tags are compared as :func:`cell_tags` reads them (``Solution`` is
    ``solution``). A student edition whose remaining cells still show an
    answer key (a call of :data:`KEY_FUNCTIONS` in an untagged cell, or
    its output) raises :class:`EditionError`, which names the cells: see
    :func:`key_problems`.
    """
    remove = medium_tags(edition, medium)
    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells if not remove & cell_tags(cell)]
    if edition == "student":
        nb.metadata.pop("widgets", None)
        problems = key_problems(nb, lesson)
        if problems:
            raise EditionError("The student edition would show an answer key:\n  " + "\n  ".join(problems))
    return nb


def guide_path(folder: str | Path | None = None) -> Path:
    """The teacher's guide in the lessons folder; :class:`EditionError` if it is missing.

    >>> guide_path("no-such-folder")
    Traceback (most recent call last):
    ...
    korea_kit.publish.editions.EditionError: The teacher edition includes the teacher's guide, teachers-guide.ipynb, ...
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


def fingerprint(nb) -> str | None:
    """The fingerprint of the data a notebook's stored outputs were made from (None if it has none).

    >>> from nbformat.v4 import new_notebook
    >>> fingerprint(new_notebook(metadata={"korea_kit": {"data_fingerprint": "ab12"}}))
    'ab12'
    """
    stamp = nb.get("metadata", {}).get("korea_kit", {})
    return stamp.get(FINGERPRINT_KEY) if isinstance(stamp, dict) else None


def stale(notebooks, data_fingerprint: str) -> list[int]:
    """The positions of the notebooks whose stored outputs were not made from the data of ``data_fingerprint``.

    >>> from nbformat.v4 import new_notebook
    >>> stale([new_notebook(), new_notebook(metadata={"korea_kit": {"data_fingerprint": "ab12"}})], "ab12")
    [0]
    """
    return [i for i, nb in enumerate(notebooks) if fingerprint(nb) != data_fingerprint]


def stale_lessons(folder: str | Path | None = None) -> list[str]:
    """The files of the lessons (and the teacher's guide) whose stored outputs were not made from today's data."""
    import nbformat

    from korea_kit.data import data_fingerprint

    folder = Path(folder or notebooks_dir())
    files = [lesson.file for lesson in toc(folder)] + ([GUIDE] if (folder / GUIDE).is_file() else [])
    notebooks = [nbformat.read(folder / name, as_version=4) for name in files]
    return [files[i] for i in stale(notebooks, data_fingerprint())]


def execute(nb, edition: str, folder: str | Path, lesson: str = "the notebook", timeout: int = 120, *,
            store_widgets: bool | None = None, env: dict | None = None):
    """Run ``nb`` top to bottom in a fresh kernel for ``edition``, in ``folder``; returns it.

    Execution counts then read 1, 2, 3...; a failing cell raises
    :class:`EditionError` naming the lesson and the edition. The notebook's
    metadata records the fingerprint of the data it ran with (see
    :func:`fingerprint`). Widget state is kept for the teacher edition
    unless ``store_widgets`` says otherwise. ``env`` adds variables to the
    kernel's environment (the website's build asks for SVG charts this way:
    see :data:`korea_kit.charts.style.CHART_FORMAT_ENV`).
    """
    from korea_kit.data import data_fingerprint

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    _check(edition)
    stamp = data_fingerprint()
    with tempfile.TemporaryDirectory(prefix="korea-kit-progress-") as scratch:
        env = {**os.environ, **(env or {}), PROGRESS_ENV: str(Path(scratch) / "progress.json")}
        client = NotebookClient(
            nb, timeout=timeout, km=_kernel_manager(), resources={"metadata": {"path": str(folder)}},
            record_timing=False, store_widget_state=edition == "teacher" if store_widgets is None else store_widgets,
            extra_arguments=["--log-level=ERROR"],  # not the kernel's start-up chatter
        )
        try:
            client.execute(env=env, cleanup_kc=True)  # shut the kernel down afterwards
        except CellExecutionError as exc:
            raise EditionError(f"{lesson} fails in the {edition} edition:\n{exc}") from exc
    nb.metadata.setdefault("korea_kit", {})[FINGERPRINT_KEY] = stamp
    return nb


def prepare(edition: str, folder: str | Path | None = None, *, run: bool = True,
            timeout: int = 120, medium: str = "lab", env: dict | None = None) -> list[tuple[Lesson, object]]:
    """Every lesson of ``folder``'s ``toc.json``, in order, as ``(lesson, notebook)`` for ``edition``
    read in ``medium`` (see :func:`for_edition`).

    The teacher edition ends with the teacher's guide (its ``file`` is
    :data:`GUIDE`). With ``run`` (the default) each notebook runs in a fresh
    kernel, several at a time (one per processor); otherwise the stored
    outputs are kept, except in a notebook whose outputs were made from other
    data than today's (see :func:`stale`), which runs again. ``env`` is
    passed to :func:`execute`.
    """
    import nbformat

    from korea_kit.data import data_fingerprint

    _check(edition)
    folder = Path(folder or notebooks_dir())
    lessons = toc(folder)
    if edition == "teacher":
        lessons.append(read_lesson(guide_path(folder)))
    notebooks = [for_edition(nbformat.read(folder / lesson.file, as_version=4), edition, medium, lesson.file)
                 for lesson in lessons]
    todo = list(range(len(notebooks))) if run else stale(notebooks, data_fingerprint())
    if todo:
        workers = max(1, min(len(todo), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(lambda i: execute(notebooks[i], edition, folder, lessons[i].file, timeout, env=env),
                                 todo))
        for i, nb in zip(todo, done):
            notebooks[i] = nb
    return list(zip(lessons, notebooks))


def run_in_place(folder: str | Path | None = None, timeout: int = 120) -> list[Path]:
    """Run every lesson, the lesson template and then the teacher's guide in a fresh kernel, and save them
    with their outputs.

    As a contributor does before committing a lesson (see CONTRIBUTING.md):
    the teacher edition, no widget state, a throwaway progress file; each
    notebook then carries the fingerprint of the data it ran with, which
    ``korea-kit build --reuse-outputs`` checks. Returns the files written.
    """
    import nbformat

    folder = Path(folder or notebooks_dir())
    if inside_installed_kit(folder):
        raise EditionError(f"{folder}: these are the lessons of the installed kit, inside its package; korea-kit "
                           "never writes there. Run the lessons in a copy of the kit's repository instead "
                           "(korea-kit copy FOLDER writes a working copy of the lessons for a class).")
    lessons = toc(folder)
    guide = folder / GUIDE
    paths = [folder / lesson.file for lesson in lessons]
    if (folder / TEMPLATE).is_file():  # the skeleton of a new lesson runs under nbval too
        paths.append(folder / TEMPLATE)
    workers = max(1, min(len(paths), os.cpu_count() or 1))

    def run(path: Path) -> Path:
        nb = execute(nbformat.read(path, as_version=4), "teacher", folder, path.name, timeout, store_widgets=False)
        nb.metadata.pop("widgets", None)
        write_atomically(path, (nbformat.writes(nb).rstrip("\n") + "\n").encode("utf-8"))
        return path

    _remove_stale_temporary(folder)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        written = list(pool.map(run, paths))
    if guide.is_file():  # last: it reads the lessons
        written.append(run(guide))
    return written


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: The temporary files of the kit's writes: ``.NAME.`` and random letters, then this ending.
_TEMPORARY_END = ".korea-kit-tmp"


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: into a temporary file beside it, flushed to disk, then
    renamed over it, so that a full disk or a killed process leaves the old file as it was.

    A failure raises :class:`EditionError`, which names the file; the temporary file is removed.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lesson.ipynb"
    >>> write_atomically(path, b"{}")
    >>> path.read_bytes(), [p.name for p in path.parent.iterdir()]
    (b'{}', ['lesson.ipynb'])
    """
    path = Path(path)
    temporary = _stage(path, data)
    try:
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise EditionError(f"{path}: could not be written ({exc.strerror or exc}); the file was left as it was "
                           "before") from None


def _stage(path: Path, data: bytes) -> Path:
    """A temporary file beside ``path`` holding ``data``, flushed to disk, with the mode of ``path`` (or 0644),
    for the caller to rename over ``path``. A failure removes it and raises :class:`EditionError` naming ``path``."""
    temporary = None
    try:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o644
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=_TEMPORARY_END, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, mode)
        return Path(temporary)
    except OSError as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise EditionError(f"{path}: could not be written ({exc.strerror or exc}); the file was left as it was "
                           "before") from None


def _remove_stale_temporary(folder: Path) -> None:
    """Remove the temporary files the kit's writes left in ``folder`` when they were stopped (only those of the
    kit's own naming; none is under way, since the command that writes there is this one)."""
    with contextlib.suppress(OSError):
        for leftover in folder.iterdir():
            name = leftover.name
            if name.startswith(".") and (name.endswith(_TEMPORARY_END) or name.endswith(".korea-kit-new")) \
                    and leftover.is_file() and not leftover.is_symlink():
                with contextlib.suppress(OSError):
                    leftover.unlink()


def safe_manifest_name(name) -> bool:
    """Whether a name of a manifest is a file the kit may have written: a relative path inside the folder, in
    forward slashes, with no ``..``, ``.`` or empty part, and not the manifest itself.

    >>> [safe_manifest_name(n) for n in ("01-x.ipynb", "data/a.csv", "../victim.txt", "/etc/passwd", "a/../b")]
    [True, True, False, False, False]
    """
    if not isinstance(name, str) or not name or name == MANIFEST or "\\" in name or "\0" in name:
        return False
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _manifest(folder: Path) -> dict:
    """``folder``'s manifest as JSON, or an empty dict (no manifest, or one that is not the kit's)."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _read_manifest(folder: Path) -> dict[str, str]:
    """The files an earlier run wrote in ``folder``, with their SHA-256 (empty if it has no manifest).

    A name that could leave the folder (:func:`safe_manifest_name`) is never the kit's: it is left out.
    """
    files = _manifest(folder).get("files", {})
    return {name: digest for name, digest in files.items() if safe_manifest_name(name) and isinstance(digest, str)} \
        if isinstance(files, dict) else {}


def _manifest_edition(folder: Path) -> str | None:
    """The edition ``folder``'s manifest names, if any."""
    edition = _manifest(folder).get("edition")
    return edition if edition in EDITIONS else None


def _manifest_bytes(files: dict[str, str], edition: str | None = None) -> bytes:
    """A manifest: the files the kit wrote in a folder (name: SHA-256), and the edition they are."""
    manifest = {"made_by": "korea-kit", "note": "The files korea-kit wrote here; the next run replaces only these."}
    if edition:
        manifest["edition"] = edition
    manifest["files"] = files
    return json.dumps(manifest, indent=1).encode("utf-8")


def _write_manifest(folder: Path, files: dict[str, str], edition: str | None = None) -> None:
    """Write ``folder``'s manifest (atomically): the files the kit wrote there, and the edition they are."""
    write_atomically(folder / MANIFEST, _manifest_bytes(files, edition))


def _ours_unchanged(folder: Path, name: str, digest: str) -> bool:
    """Whether ``folder / name`` is a regular file inside ``folder`` (no link on the way) whose SHA-256 is
    ``digest``: a file the kit wrote there that nobody changed since."""
    if not safe_manifest_name(name):
        return False
    item = folder / name
    try:
        for step in [item, *item.parents]:
            if step == folder:
                break
            if step.is_symlink():
                return False
        return item.is_file() and folder.resolve() in item.resolve().parents and _digest(item) == digest
    except (OSError, RuntimeError):
        return False


def _protected() -> list[Path]:
    """Folders never used as an output folder: the current one, the home folder, the kit's, and those above them."""
    places = []
    for place in (Path.cwd(), Path.home(), notebooks_dir().parent):
        with contextlib.suppress(OSError, RuntimeError):
            places.append(place.resolve())
    return places


def _installed() -> list[Path]:
    """Folders nothing is ever written inside: the kit's package (and, from a wheel, the lessons it carries), and
    the folders Python installs packages into."""
    import sysconfig

    places = [Path(__file__).resolve().parents[1]]  # korea_kit/publish/editions.py: the package korea_kit
    for key in ("purelib", "platlib"):
        with contextlib.suppress(KeyError, TypeError):
            places.append(Path(sysconfig.get_paths()[key]))
    found = []
    for place in places:
        with contextlib.suppress(OSError, RuntimeError):
            found.append(place.resolve())
    return found


def inside_installed_kit(path: str | Path) -> bool:
    """Whether ``path`` lies inside the installed kit's package or the folder of installed packages
    (site-packages), where no command of the kit writes.

    >>> import korea_kit, pathlib
    >>> inside_installed_kit(pathlib.Path(korea_kit.__file__).parent / "site"), inside_installed_kit("site")
    (True, False)
    """
    try:
        folder = Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return False
    return any(folder == place or place in folder.parents for place in _installed())


def _probe(parent: Path) -> None:
    """Raise OSError unless a folder can be made in ``parent`` (or in the nearest folder above it that exists)."""
    existing = parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise NotADirectoryError(20, "not a folder", str(existing))
    os.rmdir(tempfile.mkdtemp(prefix=".korea-kit-probe-", dir=existing))


def _check_contents(folder: Path) -> None:
    """:class:`EditionError` unless ``folder`` is a folder holding only unchanged files of its manifest."""
    if not folder.is_dir():
        raise EditionError(f"{folder} exists and is not a folder: choose a new folder")
    ours = _read_manifest(folder)
    foreign = []
    for item in folder.rglob("*"):
        name = item.relative_to(folder).as_posix()
        if item.is_dir() and not item.is_symlink() or name == MANIFEST:
            continue
        if item.is_symlink() or not item.is_file() or name not in ours or ours[name] != _digest(item):
            foreign.append(name)
            if len(foreign) > 5:  # enough to refuse: a large folder is not read to the end
                break
    if foreign:
        shown = ", ".join(sorted(foreign)[:5]) + (" and more" if len(foreign) > 5 else "")
        raise EditionError(
            f"{folder} already exists and holds files korea-kit did not write, or that were changed since "
            f"({shown}): it was not made by korea-kit, so nothing in it is touched. "
            "Choose a new or empty folder, or move those files away.")


def check_output_folder(path: str | Path, *, probe: bool = False, contents: bool = True) -> Path:
    """The folder ``path`` made absolute, after checking that korea-kit may write to it.

    It may not exist yet, or be empty, or hold only files that an earlier run
    of the kit wrote there (listed in its manifest, :data:`MANIFEST`) and that
    nobody changed since. The current folder, the home folder, the kit's own
    folder (and the folders above them) and a symbolic link are refused:
    :class:`EditionError`, which says why. ``~`` stands for the home folder.
    With ``probe``, a folder is also made and removed where the output will
    go, so that a folder that cannot be written is refused before any work.
    ``contents=False`` leaves out the check of what the folder holds (for
    :func:`copy_edition`, which keeps whatever it did not write).

    >>> check_output_folder(".")
    Traceback (most recent call last):
    ...
    korea_kit.publish.editions.EditionError: ...: korea-kit never writes into the current folder, ...
    """
    given = Path(path).expanduser()
    try:
        if given.is_symlink():
            raise EditionError(f"{given} is a symbolic link: give the folder itself, or a new folder")
        folder = given.resolve()
        if inside_installed_kit(folder):
            raise EditionError(f"{folder}: this is inside the installed kit (its package, or the folder of "
                               "installed packages), where korea-kit never writes; choose a folder of your own")
        for place in _protected():
            if folder == place or folder in place.parents:
                raise EditionError(
                    f"{folder}: korea-kit never writes into the current folder, the home folder, the kit's "
                    "own folder or a folder above them; choose a new folder, such as site")
        if folder.exists() and contents:
            _check_contents(folder)
        elif folder.exists() and not folder.is_dir():
            raise EditionError(f"{folder} exists and is not a folder: choose a new folder")
        if probe:
            _probe(folder.parent)
    except OSError as exc:
        raise EditionError(f"{given}: cannot use this folder for output ({exc.strerror or exc})") from None
    return folder


@contextlib.contextmanager
def output_folder(path: str | Path, edition: str | None = None):
    """Write a build's output safely: yields a new, empty folder to write in, beside ``path``.

    When the block ends without error, the files that the last run wrote in
    ``path`` (and only those, if unchanged) are removed, the new files are
    moved in, and a manifest of them is written, so that the next run may
    replace them. If the block fails, ``path`` is left as it was. The folder
    is checked first with :func:`check_output_folder`. The manifest names
    ``edition``, when given, for whoever reads the folder.
    """
    folder = check_output_folder(path)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name[:40]}-new-", dir=folder.parent))
    except OSError as exc:
        raise EditionError(f"{folder}: cannot write here ({exc.strerror or exc})") from None
    try:
        yield scratch
        files = {p.relative_to(scratch).as_posix(): _digest(p) for p in sorted(scratch.rglob("*")) if p.is_file()}
        _write_manifest(scratch, files, edition)
        check_output_folder(folder)  # again: nothing of the teacher's appeared meanwhile
        folder.mkdir(exist_ok=True)
        _remove_written(folder)
        for item in sorted(p for p in scratch.rglob("*") if p.is_file()):
            target = folder / item.relative_to(scratch)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(item, target)
    except OSError as exc:
        where = getattr(exc, "filename", None) or folder
        raise EditionError(f"{where}: cannot write the output ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)  # the scratch folder is the kit's own
    return folder


def _remove_written(folder: Path) -> None:
    """Remove the files of ``folder``'s manifest that are still as the kit wrote them (each inside the folder,
    its SHA-256 the manifest's), the manifest, and the folders of the manifest left empty."""
    manifest = _read_manifest(folder)
    for name, digest in manifest.items():
        if _ours_unchanged(folder, name, digest):
            (folder / name).unlink()
    if (folder / MANIFEST).is_file() and not (folder / MANIFEST).is_symlink():
        (folder / MANIFEST).unlink()
    written = [*manifest, MANIFEST]
    parents = {parent for name in written for parent in (folder / name).parents if folder in parent.parents}
    for sub in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            sub.rmdir()  # only if empty


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
    out = Path(out).expanduser()
    if out.is_symlink():
        raise EditionError(f"{out} is a symbolic link: give the folder itself, or a new folder")
    for edition in editions:
        check_output_folder(out / edition, probe=True)  # before any lesson runs
    written = {}
    for edition in editions:
        prepared = prepare(edition, folder, run=run, timeout=timeout)
        with output_folder(out / edition, edition) as target:
            for lesson, nb in prepared:
                nbformat.write(nb, target / lesson.file)
            shutil.copy2(folder / "toc.json", target / "toc.json")
        written[edition] = check_output_folder(out / edition)
    return written


@dataclass
class Copied:
    """What :func:`copy_edition` did: the folder, the files it wrote, and the files it kept as they were."""

    folder: Path
    edition: str
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _teacher_content(path: Path) -> bool:
    """Whether the notebook at ``path`` holds something of the teacher edition: a cell tagged ``teacher`` or
    ``solution`` (in any case), or an answer key (:func:`key_problems`)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    cells = [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []
    return any(hidden(cell) for cell in cells) or bool(key_problems({"cells": cells}))


def copy_edition(dest: str | Path, edition: str = "student", folder: str | Path | None = None, *,
                 timeout: int = 120, change_edition: bool = False) -> Copied:
    """Write the lessons of ``edition`` into a learner's or a teacher's working folder ``dest``.

    The notebooks are :func:`prepare`'s, with their stored outputs (a lesson
    saved with other data than today's runs again), and ``toc.json``. Unlike
    :func:`output_folder`, a folder that holds other files is fine: a file the
    kit did not write, or wrote and somebody changed since (a learner's
    answers in a lesson), is kept as it is and listed in :attr:`Copied.kept`;
    only a file missing, or as the kit last wrote it, is (re)written, each
    whole or not at all (:func:`write_atomically`). The manifest lists the
    files the kit now owns and names the edition. Folders the kit never writes
    into (the current folder, the home folder, the installed kit...) are
    refused, as by :func:`check_output_folder`.

    A folder whose manifest names the other edition is refused
    (:class:`EditionError`) unless ``change_edition``; and a student edition
    never holds a teacher's file: the teacher's guide and lessons with teacher
    cells that the kit wrote and nobody changed are removed or replaced, and
    any other (changed since, or not the kit's) stops the copy before anything
    is written.
    """
    import nbformat

    _check(edition)
    folder = Path(folder or notebooks_dir())
    target = check_output_folder(dest, probe=True, contents=False)
    previous = _manifest_edition(target) if target.is_dir() else None
    if previous is not None and previous != edition and not change_edition:
        raise EditionError(
            f"{target} holds the {previous} edition of the lessons (its manifest, {MANIFEST}, says so), and "
            f"korea-kit does not turn it into the {edition} edition unasked. To do so, run the command again with "
            f"--change-edition{' (the teacher' + chr(39) + 's guide and answer keys the kit wrote are removed)' if edition == 'student' else ''}; "
            "or choose another folder.")
    prepared = prepare(edition, folder, run=False, timeout=timeout)
    new = {lesson.file: (nbformat.writes(nb).rstrip("\n") + "\n").encode("utf-8") for lesson, nb in prepared}
    new["toc.json"] = (folder / "toc.json").read_bytes()
    new["voila.json"] = (json.dumps(VOILA_SETTINGS, indent=1) + "\n").encode("utf-8")  # pages without lab-only cells
    report = Copied(target, edition)
    ours = _read_manifest(target) if target.is_dir() else {}
    unchanged = {name: digest for name, digest in ours.items() if _ours_unchanged(target, name, digest)}
    remove = []
    if edition == "student" and target.is_dir():  # nothing of the teacher's stays: refused before any write
        teachers = [p.relative_to(target).as_posix() for p in sorted(target.rglob("*.ipynb"))
                    if p.name == GUIDE or (p.is_file() and not p.is_symlink() and _teacher_content(p))]
        stuck = [name for name in teachers if name not in unchanged]
        if stuck:
            raise EditionError(
                f"{target} holds files of the teacher edition that korea-kit did not write, or that were changed "
                f"since ({', '.join(stuck)}): the student edition is not written beside them. Move them out of "
                "the folder, then run this again.")
        remove = [name for name in teachers if name not in new]
    staged: dict[str, Path] = {}
    try:
        target.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporary(target)
        owned = {name: digest for name, digest in unchanged.items() if name not in new and name not in remove}
        try:  # every file is written beside its place first: a full disk stops the copy before anything changed
            for name, content in new.items():
                path, digest = target / name, hashlib.sha256(content).hexdigest()
                if path.is_symlink() or path.exists() and not (path.is_file() and _digest(path) in (ours.get(name), digest)):
                    report.kept.append(name)
                    continue
                staged[name] = _stage(path, content)
                owned[name] = digest
            staged[MANIFEST] = _stage(target / MANIFEST, _manifest_bytes(owned, edition))
        except BaseException:
            for temporary in staged.values():
                with contextlib.suppress(OSError):
                    temporary.unlink()
            raise
        for name in remove:  # then only renames, which need no room: the teacher's files go, the new ones come in
            (target / name).unlink()
        for name, temporary in staged.items():  # the manifest last
            os.replace(temporary, target / name)
            if name != MANIFEST:
                report.written.append(name)
    except OSError as exc:
        raise EditionError(f"{getattr(exc, 'filename', None) or target}: cannot write the lessons "
                           f"({exc.strerror or exc})") from None
    return report
