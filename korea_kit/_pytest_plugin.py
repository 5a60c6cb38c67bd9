"""A pytest plugin that keeps the kit's test runs away from a learner's files.

The kit's test configuration registers it (``-p korea_kit._pytest_plugin`` in
the ``addopts`` of ``pyproject.toml``); it is not an entry point, so pytest
runs of other projects in an environment where the kit is installed never
load it. For the whole run, ``KOREA_KIT_PROGRESS`` points at a new temporary
file, so no test, no doctest and no notebook executed by nbval reads or
writes a real learner's quiz progress, and ``KOREA_KIT_CACHE`` at a folder
beside it, so that the tables checked during the run are kept there and not
in the user's cache folder. The previous values are restored afterwards.

>>> from korea_kit.progress import progress_path
>>> progress_path().parent.name.startswith("korea-kit-test-progress-")
True
>>> from korea_kit.data import cache_dir
>>> cache_dir().parent == progress_path().parent
True
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from korea_kit.data.load import CACHE_ENV
from korea_kit.progress import PROGRESS_ENV

__all__ = ["pytest_configure", "pytest_unconfigure"]

_saved: dict = {}


def pytest_configure(config):
    """Point ``KOREA_KIT_PROGRESS`` at a file, and ``KOREA_KIT_CACHE`` at a folder, in a new temporary folder."""
    folder = tempfile.mkdtemp(prefix="korea-kit-test-progress-")
    _saved["folder"], _saved["old"] = folder, {name: os.environ.get(name) for name in (PROGRESS_ENV, CACHE_ENV)}
    os.environ[PROGRESS_ENV] = str(Path(folder) / "progress.json")
    os.environ[CACHE_ENV] = str(Path(folder) / "cache")


def pytest_unconfigure(config):
    """Remove the temporary folder and restore ``KOREA_KIT_PROGRESS`` and ``KOREA_KIT_CACHE``."""
    if "folder" not in _saved:
        return
    shutil.rmtree(_saved.pop("folder"), ignore_errors=True)
    for name, old in _saved.pop("old").items():
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old
