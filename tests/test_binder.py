"""Binder and JupyterHub: what repo2docker builds from the repository, and the launch links.

``repo2docker --no-build --debug`` writes the Dockerfile it would build,
without Docker. It runs on a copy of the files git would publish (tracked and
new, not ignored), as mybinder.org's user (uid 1000) would get them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from korea_kit.cli import FIRST_LESSON, LESSONS_FOLDER

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


def _postbuild_folder() -> str:
    """The folder ``postBuild`` writes the lessons into, read from its ``korea-kit copy`` command."""
    found = re.search(r"^korea-kit copy (\S+) --edition student$", (ROOT / "postBuild").read_text(encoding="utf-8"), re.M)
    assert found, "postBuild writes the student edition with korea-kit copy"
    return found.group(1)


def test_binder_runs_postbuild_after_installing_the_kit(dockerfile):
    lines = dockerfile.splitlines()
    install = next(i for i, l in enumerate(lines) if '--file "environment.yml"' in l)
    assert any(l.strip() == "RUN ./postBuild" for l in lines[install:]), dockerfile


def test_postbuild_writes_the_student_edition_where_the_learners_link_points(tmp_path):
    repo = published_copy(tmp_path / "repo")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(["bash", "postBuild"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    folder = repo / _postbuild_folder()
    assert folder.name == LESSONS_FOLDER["student"]
    assert (folder / FIRST_LESSON).is_file() and not (folder / "teachers-guide.ipynb").exists()
    assert "kk-key" not in "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.ipynb"))
    assert json.loads((folder / ".korea-kit-manifest.json").read_text(encoding="utf-8"))["edition"] == "student"


def test_readme_binder_link_opens_the_student_editions_first_lesson():
    links = [link for link in _readme_links("mybinder.org/v2/gh/") if "urlpath=" in link]
    assert links, "README gives the Binder launch address"
    for link in links:
        assert urlsplit(link).path.endswith("/main")
        assert parse_qs(urlsplit(link).query)["urlpath"] == [f"lab/tree/{_postbuild_folder()}/{FIRST_LESSON}"]


def test_readme_nbgitpuller_link_opens_the_student_edition_the_teacher_publishes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    folder = LESSONS_FOLDER["student"]
    assert f"korea-kit copy {folder} --edition student" in readme, "the recipe publishes the student edition"
    links = [link for link in _readme_links("") if "/hub/user-redirect/git-pull?" in link]
    assert links, "README gives the nbgitpuller link for a JupyterHub"
    for link in links:
        query = parse_qs(urlsplit(link).query)
        assert set(query) == {"repo", "branch", "urlpath"}, query
        assert query["branch"] == ["main"]
        # nbgitpuller copies the repository into a folder named after it
        assert query["repo"][0].rstrip("/").rsplit("/", 1)[1] == folder
        assert query["urlpath"] == [f"lab/tree/{folder}/{FIRST_LESSON}"]
