"""Output folders, the published data and the command line: nothing of a teacher's is deleted or leaked.

The builds here use a one-lesson notebooks folder whose stored outputs carry
the data's fingerprint, so no kernel starts (except where a stale lesson
must run again, once).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from korea_kit import load_tables
from korea_kit.cli import main
from korea_kit.data import data_fingerprint
from korea_kit.publish.editions import GUIDE, MANIFEST, EditionError, check_output_folder, write_editions
from korea_kit.publish.site import SiteError, build, markdown_html, published_resources, safe_links

from conftest import ROOT


def lessons(folder: Path, stamp: str | None = None, output: str = "stored output") -> Path:
    """A lessons folder with one lesson and a guide, stored outputs stamped with ``stamp`` (default: today's data)."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"korea_kit": {"data_fingerprint": data_fingerprint() if stamp is None else stamp}}
    cell = new_code_cell("print('fresh output')", execution_count=1,
                         outputs=[new_output("stream", name="stdout", text=output + "\n")])
    lesson = {"title": "One lesson", "lead": "A lead.", "minutes": 5}
    nbformat.write(new_notebook(cells=[new_markdown_cell("# One lesson\n\nA lead.\n\n- **Time to learn**: 5 minutes"),
                                       cell], metadata={"korea_kit": {**meta["korea_kit"], **lesson}}),
                   folder / "00-one.ipynb")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Guide")],
                                metadata={"korea_kit": {**meta["korea_kit"], "title": "Guide"}}), folder / GUIDE)
    (folder / "toc.json").write_text('{"lessons": ["00-one.ipynb"]}', encoding="utf-8")
    return folder


def plant(folder: Path) -> dict[Path, str]:
    """A teacher's own files in ``folder``: returns them with their content."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {folder / "my-notes.txt": "mine", folder / ".korea-kit-build": "a file named like the old marker",
             folder / "extra-page.html": "<p>my own page</p>"}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return files


def intact(files: dict[Path, str]) -> bool:
    return all(path.read_text(encoding="utf-8") == text for path, text in files.items())


def test_user_files_beside_and_inside_out_survive_two_builds_and_two_editions_runs(tmp_path):
    notebooks = lessons(tmp_path / "notebooks")
    beside = plant(tmp_path / "work")
    site, editions = tmp_path / "work" / "site", tmp_path / "work" / "editions"
    for _ in range(2):
        assert build(site, "student", notebooks, reuse_outputs=True) == site
        assert write_editions(editions, notebooks, run=False) == {"student": editions / "student",
                                                                    "teacher": editions / "teacher"}
        beside.update(plant(editions))  # beside the editions, inside --out
    assert intact(beside) and (site / "index.html").is_file() and (editions / "teacher" / GUIDE).is_file()

    inside = plant(site) | plant(editions / "student")  # a teacher's files inside the folders the kit wrote
    with pytest.raises(EditionError, match="did not write"):
        build(site, "student", notebooks, reuse_outputs=True)
    with pytest.raises(EditionError, match="did not write"):
        write_editions(editions, notebooks, run=False)
    assert intact(inside) and intact(beside) and (site / "index.html").is_file()


def test_a_folder_holding_only_a_file_named_like_the_old_marker_is_refused(tmp_path):
    marker = tmp_path / "site" / ".korea-kit-build"
    marker.parent.mkdir()
    marker.write_text("a teacher's file", encoding="utf-8")
    (tmp_path / "site" / "empty-folder-of-mine").mkdir()
    with pytest.raises(EditionError, match=".korea-kit-build"):
        check_output_folder(tmp_path / "site")
    assert marker.read_text(encoding="utf-8") == "a teacher's file"


def test_a_changed_page_is_never_replaced(tmp_path):
    notebooks = lessons(tmp_path / "notebooks")
    site = build(tmp_path / "site", "student", notebooks, reuse_outputs=True)
    (site / "index.html").write_text("my edits", encoding="utf-8")
    with pytest.raises(EditionError, match="index.html"):
        build(site, "student", notebooks, reuse_outputs=True)
    assert (site / "index.html").read_text(encoding="utf-8") == "my edits"


def test_a_failed_build_leaves_the_last_one_whole(tmp_path):
    notebooks = lessons(tmp_path / "notebooks")
    site = build(tmp_path / "site", "student", notebooks, reuse_outputs=True)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    nb = nbformat.read(notebooks / "00-one.ipynb", as_version=4)
    nb.cells.append(new_code_cell("chart", outputs=[new_output("display_data", data={
        "image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480>"})]))
    nbformat.write(nb, notebooks / "00-one.ipynb")
    with pytest.raises(SiteError, match="no description"):
        build(site, "student", notebooks, reuse_outputs=True)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".")] == []  # no scratch folder left


@pytest.mark.parametrize("where", ["cwd", "home", "kit", "root", "symlink", "file"])
def test_folders_that_are_never_an_output(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = {"cwd": ".", "home": "~", "kit": str(ROOT), "root": "/", "symlink": "link", "file": "a-file"}[where]
    with pytest.raises(EditionError):
        check_output_folder(out)
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "x" and (tmp_path / "real").is_dir()


def test_out_with_a_tilde_means_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert check_output_folder("~/x") == tmp_path / "x"


def test_a_stale_lesson_runs_again_with_reuse_outputs(tmp_path):
    notebooks = lessons(tmp_path / "notebooks", stamp="made-from-other-data", output="old output")
    site = build(tmp_path / "site", "student", notebooks, reuse_outputs=True)
    page = (site / "00-one.html").read_text(encoding="utf-8")
    assert "fresh output" in page and "old output" not in page


def test_the_student_site_publishes_only_the_kits_tables_without_the_quiz():
    tables = load_tables()
    student, teacher = published_resources(tables, "student"), published_resources(tables, "teacher")
    assert "quiz" not in [r["name"] for r in student["resources"]]
    assert "quiz" in [r["name"] for r in teacher["resources"]]


def test_a_data_file_that_is_a_link_is_never_copied_into_the_site(data_copy):
    readme = data_copy.dir / "README.md"
    readme.unlink()
    readme.symlink_to("/etc/passwd")
    tables = dataclasses.replace(load_tables(), data_dir=data_copy.dir)  # as if read from the copy
    with pytest.raises(SiteError, match="symbolic link"):
        published_resources(tables, "teacher")


def test_readme_links_keep_only_web_mail_and_site_addresses():
    page = safe_links(markdown_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://x.org) "
                                "[d](mailto:t@x.org) [e](sources.html) [f](vbscript:x)", escape=True))
    assert "javascript" not in page and "data:" not in page and "vbscript" not in page
    assert 'href="https://x.org"' in page and 'href="mailto:t@x.org"' in page and 'href="sources.html"' in page


# --- the command line ----------------------------------------------------------


@pytest.mark.parametrize("argv, words", [
    (["build", "--out", "/dev/null/site"], "not a folder"),
    (["build", "--out", "/proc/no-such/site"], "cannot use this folder"),
    (["editions", "--out", "/proc/no-such"], "cannot use this folder"),
    (["build", "--out", "/tmp/" + "x" * 300], "File name too long"),
    (["build", "--out", "."], "never writes into the current folder"),
    (["check", "/proc/no-such-data"], "no such file"),
], ids=["dev-null", "proc", "editions-proc", "300-characters", "dot", "check-missing"])
def test_misuse_of_the_command_line_is_a_message(argv, words, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_a_read_only_output_folder_is_a_message(tmp_path, monkeypatch, capsys):
    import korea_kit.publish.editions as editions

    def refuse(*args, **kwargs):  # root writes anywhere: the folder refuses as a read-only one would
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(editions.tempfile, "mkdtemp", refuse)
    assert main(["build", "--out", str(tmp_path / "site")]) == 1
    assert "Permission denied" in capsys.readouterr().err


def test_a_symlink_loop_or_unreadable_data_folder_is_a_message(tmp_path, monkeypatch, capsys):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    monkeypatch.setenv("KOREA_KIT_DATA", str(loop))
    assert main(["check"]) == 1
    assert "loop" in capsys.readouterr().err.lower()

    def unreadable(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setenv("KOREA_KIT_DATA", str(ROOT / "data"))
    monkeypatch.setattr(Path, "iterdir", unreadable)
    assert main(["check"]) == 1
    assert "Permission denied" in capsys.readouterr().err


def test_lab_passes_sigterm_on_to_jupyterlab(tmp_path):
    marker = tmp_path / "stopped"
    server = textwrap.dedent(f"""
        import signal, sys, time
        def stop(signum, frame):
            open({str(marker)!r}, "w").write(str(signum)); sys.exit(0)
        signal.signal(signal.SIGTERM, stop)
        open({str(marker) + '.ready'!r}, "w").close()
        time.sleep(60)
    """)
    runner = (f"import sys, korea_kit.cli as cli; cli.lab_command = lambda folder, extra: [sys.executable, '-c', {server!r}]; "
              "sys.exit(cli.main(['lab']))")
    lab = subprocess.Popen([sys.executable, "-c", runner], cwd=tmp_path)  # it writes the lessons there first
    deadline = time.monotonic() + 30
    while not Path(str(marker) + ".ready").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    lab.send_signal(signal.SIGTERM)
    assert lab.wait(timeout=30) == 0
    assert marker.read_text() == str(int(signal.SIGTERM))


def test_the_manifest_lists_what_a_build_wrote(tmp_path):
    site = build(tmp_path / "site", "teacher", lessons(tmp_path / "notebooks"), reuse_outputs=True)
    listed = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(listed) == sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                                    if p.is_file() and p.name != MANIFEST)
    assert os.path.isfile(site / "data" / "quiz.csv")  # the teacher edition keeps the quiz
