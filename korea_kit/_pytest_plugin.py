"""A pytest plugin (registered by the package) that keeps test runs away from a learner's files.

For the whole run, ``KOREA_KIT_PROGRESS`` points at a new temporary file, so
no test and no notebook executed by nbval reads or writes a real learner's
quiz progress. The previous value is restored afterwards.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .progress import PROGRESS_ENV

_saved: dict = {}


def pytest_configure(config):
    folder = tempfile.mkdtemp(prefix="korea-kit-test-progress-")
    _saved["folder"], _saved["old"] = folder, os.environ.get(PROGRESS_ENV)
    os.environ[PROGRESS_ENV] = str(Path(folder) / "progress.json")


def pytest_unconfigure(config):
    if "folder" not in _saved:
        return
    shutil.rmtree(_saved.pop("folder"), ignore_errors=True)
    old = _saved.pop("old")
    if old is None:
        os.environ.pop(PROGRESS_ENV, None)
    else:
        os.environ[PROGRESS_ENV] = old
