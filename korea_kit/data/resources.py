"""Where the kit finds its facts, its articles and its lessons.

In a checkout of the repository (and an editable install of it) they are the
top-level folders ``data/``, ``seeds/`` and ``notebooks/`` beside the package,
read directly, so that an edit to ``data/`` takes effect at once. A wheel
carries copies of the three folders, made when the wheel is built, inside the
package as ``korea_kit/bundled/`` (see ``pyproject.toml``); an installed kit
finds them there through :mod:`importlib.resources`.

>>> sorted(p.name for p in (kit_folder("data"), kit_folder("seeds"), kit_folder("notebooks")))
['data', 'notebooks', 'seeds']
>>> kit_folder("tests")
Traceback (most recent call last):
...
ValueError: the kit's folders are data, seeds, notebooks, not 'tests'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["FOLDERS", "BUNDLE", "kit_folder", "bundled"]

#: The folders a wheel carries.
FOLDERS = ("data", "seeds", "notebooks")

#: The folder inside the package that holds a wheel's copies of :data:`FOLDERS`.
BUNDLE = "bundled"


def bundled() -> bool:
    """Whether this kit was installed from a wheel (it carries its folders), rather than run from a checkout."""
    return resources.files("korea_kit").joinpath(BUNDLE, "data", "datapackage.json").is_file()


def kit_folder(name: str) -> Path:
    """The kit's own folder ``name`` (one of :data:`FOLDERS`): the wheel's copy if installed, else the checkout's."""
    if name not in FOLDERS:
        raise ValueError(f"the kit's folders are {', '.join(FOLDERS)}, not {name!r}")
    if bundled():
        # a wheel is installed as plain files, so its resources are files on disk
        return Path(str(resources.files("korea_kit").joinpath(BUNDLE, name))).resolve()
    return Path(__file__).resolve().parents[2] / name  # korea_kit/data/ -> the checkout
