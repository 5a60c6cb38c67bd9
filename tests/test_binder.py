"""Binder and JupyterHub: what repo2docker builds from the repository, and the launch links.

``repo2docker --no-build --debug`` writes the Dockerfile it would build,
without Docker. It runs on a copy of the files git would publish (tracked and
new, not ignored), as mybinder.org's user (uid 1000) would get them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from korea_kit.cli import FIRST_LESSON

from conftest import ROOT, published_copy


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory) -> str:
    """The output of ``repo2docker --no-build --debug`` on a copy of the repository."""
    copy = published_copy(tmp_path_factory.mktemp("binder") / "repo")
    result = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug",
         "--user-id", "1000", "--user-name", "jovyan", str(copy)],
        capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def test_binder_builds_the_conda_environment_from_environment_yml(dockerfile):
    assert "Python version unspecified" not in dockerfile
    python = re.search(r"Building conda environment for python=(\d+\.\d+)", dockerfile)
    assert python, dockerfile
    assert tuple(map(int, python.group(1).split("."))) >= (3, 11), "the kit needs Python 3.11 or newer"
    assert re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"', dockerfile), dockerfile


def test_binder_copies_the_repository_before_installing_the_kit_from_it(dockerfile):
    # environment.yml installs the kit with "--editable .": the files must be there first
    lines = dockerfile.splitlines()
    copy = next(i for i, l in enumerate(lines) if re.match(r"COPY --chown=1000:1000 src/ \$\{REPO_DIR\}/", l))
    install = next(i for i, l in enumerate(lines) if '--file "environment.yml"' in l)
    assert copy < install
    assert "--editable ." in (ROOT / "environment.yml").read_text(encoding="utf-8")


def _readme_links(host: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"https://{re.escape(host)}[^\s)`>\"]*", readme)


def test_readme_binder_link_opens_the_first_lesson():
    links = [link for link in _readme_links("mybinder.org/v2/gh/") if "urlpath=" in link]
    assert links, "README gives the Binder launch address"
    for link in links:
        assert urlsplit(link).path.endswith("/main")
        assert parse_qs(urlsplit(link).query)["urlpath"] == [f"lab/tree/{FIRST_LESSON}"]


def test_readme_nbgitpuller_link_names_repo_branch_and_first_lesson():
    links = [link for link in _readme_links("") if "/hub/user-redirect/git-pull?" in link]
    assert links, "README gives the nbgitpuller link for a JupyterHub"
    for link in links:
        query = parse_qs(urlsplit(link).query)
        assert set(query) == {"repo", "branch", "urlpath"}, query
        assert query["branch"] == ["main"]
        assert query["urlpath"][0].startswith("lab/tree/") and query["urlpath"][0].endswith(f"/{FIRST_LESSON}")
