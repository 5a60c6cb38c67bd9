"""The JupyterLab settings ``korea-kit lab`` starts JupyterLab with, so that a lesson reopens as it was left.

JupyterLab forgets a notebook's widgets when its server stops: on reopening, each widget the learner used
would say "Error displaying widget: model not found". With the widget manager's ``saveState`` on, JupyterLab
saves the widgets' state in the notebook when it is saved (as it does by itself every two minutes, and on
Ctrl+S), and shows them again, as they were, when the notebook is reopened. The answers themselves are in
the learner's progress file (:mod:`korea_kit.progress`): running the lesson again brings them back to live
widgets.

The setting is given as a *default* (a ``labconfig/default_setting_overrides.json`` in a folder added to
``JUPYTER_CONFIG_PATH`` for the server only): a learner's own JupyterLab settings still win, and nothing is
written to their Jupyter folders.

>>> import json, tempfile, pathlib
>>> env = lab_environment(tempfile.mkdtemp(), {"JUPYTER_CONFIG_PATH": "/somewhere"})
>>> first, rest = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
>>> rest
'/somewhere'
>>> json.loads((pathlib.Path(first) / "labconfig" / "default_setting_overrides.json").read_text())
{'@jupyter-widgets/jupyterlab-manager:plugin': {'saveState': True}}
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["LAB_DEFAULTS", "lab_environment"]

#: The JupyterLab settings the kit's JupyterLab starts with, by plugin (defaults: a learner's own settings win).
LAB_DEFAULTS = {"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True}}


def lab_environment(folder: str | os.PathLike, environ: dict | None = None) -> dict:
    """The environment to start JupyterLab in: ``environ`` (default: this process's) with ``folder``, where
    :data:`LAB_DEFAULTS` are written, first in ``JUPYTER_CONFIG_PATH``. ``folder`` must last as long as the server."""
    environ = dict(os.environ if environ is None else environ)
    labconfig = Path(folder) / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "default_setting_overrides.json").write_text(json.dumps(LAB_DEFAULTS, indent=1), encoding="utf-8")
    paths = [str(folder)] + [p for p in environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    return environ
