"""A pytest plugin that keeps the kit's test runs away from a learner's files.

The kit's test configuration registers it (``-p korea_kit._pytest_plugin`` in
the ``addopts`` of ``pyproject.toml``); it is not an entry point, so pytest
runs of other projects in an environment where the kit is installed never
load it. For the whole run, ``KOREA_KIT_PROGRESS`` points at a new temporary
file, so no test, no doctest and no notebook executed by nbval reads or
writes a real learner's quiz progress. The previous value is restored
afterwards.

>>> from korea_kit.progress import progress_path
>>> progress_path().parent.name.startswith("korea-kit-test-progress-")
True
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from korea_kit.progress import PROGRESS_ENV

__all__ = ["pytest_configure", "pytest_unconfigure"]

_saved: dict = {}


def pytest_configure(config):
    """Point ``KOREA_KIT_PROGRESS`` at a file in a new temporary folder."""
    folder = tempfile.mkdtemp(prefix="korea-kit-test-progress-")
    _saved["folder"], _saved["old"] = folder, os.environ.get(PROGRESS_ENV)
    os.environ[PROGRESS_ENV] = str(Path(folder) / "progress.json")


def pytest_unconfigure(config):
    """Remove the temporary folder and restore ``KOREA_KIT_PROGRESS``."""
    if "folder" not in _saved:
        return
    shutil.rmtree(_saved.pop("folder"), ignore_errors=True)
    old = _saved.pop("old")
    if old is None:
        os.environ.pop(PROGRESS_ENV, None)
    else:
        os.environ[PROGRESS_ENV] = old
