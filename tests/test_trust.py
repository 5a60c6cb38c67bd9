"""Trust no file: the tables cache, the manifests, full disks, the progress file and the command line.

Each test plays one attack on the kit's files (issue "Trust no file") and checks that the kit refuses it,
or does no harm: the cache runs no code and changes no fact, a manifest deletes nothing outside its folder,
a full disk breaks no lesson, the progress file keeps a learner's answers, and the command line prints a
line that is safe to paste. The check's own cases (data that passes the check but breaks the build) are in
``test_trust_check.py``.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from korea_kit import ProgressError, ProgressStore, load_tables
from korea_kit.data import clear_cache
from korea_kit.data import load as load_module
from korea_kit.publish import editions
from korea_kit.publish.editions import MANIFEST, EditionError, output_folder

from conftest import ROOT

POSIX = os.name == "posix"
ROOT_USER = POSIX and os.geteuid() == 0


# ---------------------------------------------------------------------------
# The tables cache


def _cache_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name.startswith("tables-"))


def _counted_load(data_dir, monkeypatch) -> tuple:
    """Load the tables in this process, afresh; returns them and how many times the data was checked."""
    checked = []
    real = load_module._validate
    monkeypatch.setattr(load_module, "_validate", lambda folder: checked.append(1) or real(folder))
    clear_cache()
    try:
        return load_tables(data_dir), len(checked)
    finally:
        clear_cache()
        monkeypatch.setattr(load_module, "_validate", real)


def _edit_stored(path: Path, edit) -> None:
    """Change the stored tables at ``path`` with ``edit(tables)``, in the format the kit wrote them (a pickle of
    ``(frames, keys)``, as older versions kept, or the JSON of today's), keeping any header line."""
    raw = path.read_bytes()
    if raw[:1] == b"\x80":  # a pickle (the attack needs one): written with the attacker's own copy of pickle
        import pickle

        frames, keys = pickle.loads(raw)
        edit(frames)
        path.write_bytes(pickle.dumps((frames, keys)))
    else:
        head, _, body = raw.partition(b"\n")
        stored = json.loads(body)
        edit(stored["tables"])
        path.write_bytes(head + b"\n" + json.dumps(stored).encode("utf-8"))


class _Planted:
    """A pickle that runs a command when unpickled: it writes the file ``marker``."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"echo planted > {shlex.quote(str(self.marker))}",))


def _plant(cache: Path, marker: Path) -> None:
    import pickle

    payload = pickle.dumps(_Planted(marker))
    for path in _cache_files(cache):
        path.write_bytes(payload)


def test_a_planted_file_in_the_cache_runs_no_code_in_the_check_or_the_lessons(data_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("KOREA_KIT_CACHE", str(cache))
    _counted_load(data_copy.dir, monkeypatch)
    marker = tmp_path / "ran"
    _plant(cache, marker)
    done = subprocess.run([sys.executable, "-m", "korea_kit.cli", "check", str(data_copy.dir)],
                          env={**os.environ, "KOREA_KIT_CACHE": str(cache)}, capture_output=True, text=True)
    assert done.returncode == 0 and not marker.exists(), "the check ran a planted file"
    _plant(cache, marker)  # again: the check kept the tables it checked
    tables, checked = _counted_load(data_copy.dir, monkeypatch)
    assert not marker.exists() and checked == 1  # the planted file was ignored, and the data checked again
    assert tables.record("actors", "kerry")["name"] == "John Kerry"


def test_an_edited_fact_in_the_cache_never_reaches_the_lessons(data_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("KOREA_KIT_CACHE", str(cache))
    true_title = load_tables(data_copy.dir).record("events", "key-resolve-2013")["title"]
    _counted_load(data_copy.dir, monkeypatch)

    def edit(tables):
        events = tables["events"]
        if isinstance(events, dict) and "event_id" in events and isinstance(events["event_id"], list):
            events["title"][events["event_id"].index("key-resolve-2013")] = "A false fact"
        else:
            events.loc[events["event_id"] == "key-resolve-2013", "title"] = "A false fact"

    for path in _cache_files(cache):
        _edit_stored(path, edit)
    tables, checked = _counted_load(data_copy.dir, monkeypatch)
    assert tables.record("events", "key-resolve-2013")["title"] == true_title and checked == 1


def test_a_stored_file_of_the_wrong_shape_gives_no_traceback(data_copy, tmp_path, monkeypatch):
    """Even signed with the user's own key (as if the kit had written it), a file of the wrong shape is ignored."""
    from korea_kit.data import TABLES

    cache = tmp_path / "cache"
    monkeypatch.setenv("KOREA_KIT_CACHE", str(cache))
    _counted_load(data_copy.dir, monkeypatch)
    for path in _cache_files(cache):
        raw = path.read_bytes()
        if raw[:1] == b"\x80":
            import pickle

            path.write_bytes(pickle.dumps(({n: None for n in TABLES}, {n: None for n in TABLES})))
        else:
            import hashlib
            import hmac

            key = bytes.fromhex((cache / ".korea-kit-key").read_text(encoding="ascii"))
            stored = json.loads(raw.partition(b"\n")[2])
            stored["tables"] = {n: {"event_id": [1, 2]} for n in TABLES}
            body = json.dumps(stored).encode("utf-8")
            head = raw.partition(b"\n")[0].rsplit(b" ", 1)[0]
            path.write_bytes(head + b" " + hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
    tables, checked = _counted_load(data_copy.dir, monkeypatch)
    assert checked == 1 and tables.record("actors", "kerry")["name"] == "John Kerry"


@pytest.mark.skipif(not ROOT_USER, reason="giving a file to another user takes root")
def test_a_file_of_another_user_or_writable_by_others_is_ignored(data_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("KOREA_KIT_CACHE", str(cache))
    _counted_load(data_copy.dir, monkeypatch)
    (stored,) = [p for p in _cache_files(cache)]
    assert _counted_load(data_copy.dir, monkeypatch)[1] == 0  # the kit's own file is read

    os.chown(stored, 65534, 65534)  # planted by another user (nobody)
    assert _counted_load(data_copy.dir, monkeypatch)[1] == 1
    os.chown(stored, os.getuid(), os.getgid())
    os.chmod(stored, 0o666)  # writable by anyone
    assert _counted_load(data_copy.dir, monkeypatch)[1] == 1
    os.chmod(stored, 0o600)
    os.chmod(cache, 0o777)  # a shared, world-writable folder: nothing in it is read
    assert _counted_load(data_copy.dir, monkeypatch)[1] == 1


@pytest.mark.skipif(not POSIX, reason="folder modes are POSIX")
def test_the_default_cache_folder_is_private(data_copy, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KOREA_KIT_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    done = subprocess.run([sys.executable, "-c", "import sys, korea_kit as kk; kk.load_tables(sys.argv[1])",
                           str(data_copy.dir)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    folder = tmp_path / "xdg" / "korea-kit"
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p for p in folder.iterdir() if p.name.startswith("tables-")]


def test_a_killed_load_leaves_no_temporary_file_for_ever(data_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    stale = cache / ".tables-k1ll3d.tmp"  # the kit's own naming: a load stopped while writing
    stale.write_bytes(b"x" * 341_000)
    long_ago = time.time() - 3 * 3600
    os.utime(stale, (long_ago, long_ago))
    fresh = cache / ".tables-wr1t1ng.tmp"  # another kernel's write under way: left alone
    fresh.write_bytes(b"x")
    mine = cache / "notes.tmp"  # not the kit's naming: never removed
    mine.write_text("mine", encoding="utf-8")
    os.utime(mine, (long_ago, long_ago))
    monkeypatch.setenv("KOREA_KIT_CACHE", str(cache))
    _counted_load(data_copy.dir, monkeypatch)
    assert not stale.exists() and fresh.exists() and mine.read_text(encoding="utf-8") == "mine"


def test_an_edit_that_keeps_the_size_and_the_time_is_seen(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("KOREA_KIT_CACHE", "off")
    clear_cache()
    path = data_copy.path("events")
    info = path.stat()
    before = load_tables(data_copy.dir).record("events", "key-resolve-2013")["title"]
    text = path.read_text(encoding="utf-8")
    edited = before[:-4] + "WXYZ"
    path.write_text(text.replace(before, edited, 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    assert load_tables(data_copy.dir).record("events", "key-resolve-2013")["title"] == edited
    clear_cache()


def test_the_kit_reads_no_pickle_anywhere():
    """The hook's rule, as a test: nothing in the package can run code while reading a file back."""
    import re

    found = []
    for path in (ROOT / "korea_kit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("pickle.load", "read_pickle", "marshal.load", "shelve.open", "import pickle"):
            if re.search(re.escape(word), text):
                found.append(f"{path.relative_to(ROOT)}: {word}")
    assert found == []


# ---------------------------------------------------------------------------
# Manifests


def test_a_manifest_deletes_nothing_outside_its_folder_nor_a_changed_file(tmp_path):
    site = tmp_path / "work" / "site"
    with output_folder(site) as scratch:
        (scratch / "index.html").write_text("<p>one</p>", encoding="utf-8")
        (scratch / "data").mkdir()
        (scratch / "data" / "a.csv").write_text("a\n1\n", encoding="utf-8")
    victim = tmp_path / "work" / "victim.txt"
    victim.write_text("a teacher's file", encoding="utf-8")
    absolute = tmp_path / "elsewhere.txt"
    absolute.write_text("another file", encoding="utf-8")
    import hashlib

    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    for path, name in ((victim, "../victim.txt"), (absolute, str(absolute)), (absolute, "data/../../../elsewhere.txt")):
        manifest["files"][name] = hashlib.sha256(path.read_bytes()).hexdigest()  # digests that match, too
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with output_folder(site) as scratch:
        (scratch / "index.html").write_text("<p>two</p>", encoding="utf-8")
    assert victim.read_text(encoding="utf-8") == "a teacher's file"
    assert absolute.read_text(encoding="utf-8") == "another file"
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>two</p>" and not (site / "data").exists()
    assert set(json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]) == {"index.html"}


def test_the_build_command_keeps_files_a_tampered_manifest_names_outside(tmp_path, monkeypatch, capsys):
    """As the attack ran it: korea-kit build --reuse-outputs after a manifest names ../victim.txt and an absolute
    path. (The build is stopped before it runs any lesson: only what it deletes matters here.)"""
    from korea_kit import cli
    from korea_kit.publish import site as site_module

    site = tmp_path / "site"
    with output_folder(site) as scratch:
        (scratch / "index.html").write_text("<p>one</p>", encoding="utf-8")
    victim, absolute = tmp_path / "victim.txt", tmp_path / "other" / "victim.txt"
    absolute.parent.mkdir()
    for path in (victim, absolute):
        path.write_text("keep me", encoding="utf-8")
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"].update({"../victim.txt": "0" * 64, str(absolute): "0" * 64})
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    def tiny_prepare(*args, **kwargs):  # no lesson: the pages around them are enough to write the folder
        return []

    monkeypatch.setattr(site_module, "prepare", tiny_prepare)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["build", "--reuse-outputs", "--out", str(site)])
    assert victim.read_text(encoding="utf-8") == "keep me" and absolute.read_text(encoding="utf-8") == "keep me"
    assert code == 0 and (site / "index.html").is_file(), capsys.readouterr().err


# ---------------------------------------------------------------------------
# A full disk


class _FullDisk:
    """Files opened for writing take ``room`` writes, then the disk is full: half of the next write lands and
    it raises OSError(ENOSPC), as a full disk does."""

    def __init__(self, monkeypatch, room: int = 0):
        self.room = room
        real_open, real_fdopen = io.open, os.fdopen

        def wrap(fh, mode):
            return _FullFile(fh, self) if any(c in str(mode) for c in "wax+") else fh

        def fake_open(file, mode="r", *args, **kwargs):
            return wrap(real_open(file, mode, *args, **kwargs), mode)

        def fake_fdopen(fd, mode="r", *args, **kwargs):
            return wrap(real_fdopen(fd, mode, *args, **kwargs), mode)

        monkeypatch.setattr(io, "open", fake_open)
        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(os, "fdopen", fake_fdopen)


class _FullFile:
    def __init__(self, fh, disk: _FullDisk):
        self._fh, self._disk = fh, disk

    def write(self, data):
        if self._disk.room <= 0:
            self._fh.write(data[: len(data) // 2])
            self._fh.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._disk.room -= 1
        return self._fh.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False

    def __iter__(self):
        return iter(self._fh)

    def __getattr__(self, name):
        return getattr(self._fh, name)


def _lessons_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    return folder


def test_run_on_a_full_disk_loses_no_lesson_and_names_the_file(tmp_path, monkeypatch, capsys):
    from korea_kit import cli

    folder = _lessons_copy(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.glob("*.ipynb")}
    monkeypatch.setattr(editions, "notebooks_dir", lambda: folder)
    monkeypatch.setattr(editions, "execute", lambda nb, *args, **kwargs: nb)  # the lessons' run is not the point
    _FullDisk(monkeypatch)
    code = cli.main(["run"])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err and ".ipynb" in err and "No space left" in err, err
    after = {p.name: p.read_bytes() for p in folder.glob("*.ipynb")}
    assert after == before  # every lesson whole, as the teacher left it
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_copy_on_a_full_disk_leaves_no_partial_file_and_a_true_manifest(tmp_path, monkeypatch, capsys):
    import hashlib

    from korea_kit import cli

    dest = tmp_path / "lessons"
    _FullDisk(monkeypatch, room=3)
    code = cli.main(["copy", str(dest)])
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err and str(dest) in err and "No space left" in err, err
    files = [p for p in dest.iterdir() if p.name != MANIFEST]
    manifest = json.loads((dest / MANIFEST).read_text(encoding="utf-8")) if files else {"files": {}}
    for path in files:
        if path.name == MANIFEST:
            continue
        assert not path.name.startswith("."), f"a temporary file was left: {path.name}"
        json.loads(path.read_text(encoding="utf-8"))  # whole, not cut short
        assert manifest["files"][path.name] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert set(manifest["files"]) == {p.name for p in files}
    assert cli.main(["copy", str(dest)]) == 0  # with room again, the copy completes
    assert len(json.loads((dest / MANIFEST).read_text(encoding="utf-8"))["files"]) == len(list(dest.glob("*"))) - 1


def test_a_site_on_a_full_disk_leaves_the_old_site_and_names_the_file(tmp_path, monkeypatch):
    site = tmp_path / "site"
    with output_folder(site) as scratch:
        (scratch / "index.html").write_text("<p>one</p>", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    with pytest.raises(EditionError, match="No space left") as caught:
        with output_folder(site) as scratch:
            (scratch / "index.html").write_text("<p>two</p>", encoding="utf-8")
            _FullDisk(monkeypatch)
    monkeypatch.undo()
    assert MANIFEST in str(caught.value)  # the file that could not be written
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no scratch folder left


# ---------------------------------------------------------------------------
# The progress file

GOOD = {"lesson": "01-x", "response": ["a"], "correct": True, "tries": 1, "when": "2026-01-01T00:00:00+00:00"}


def test_a_byte_order_mark_loses_no_answer(tmp_path):
    path = tmp_path / "progress.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"version": 1, "answers": {"q1": GOOD}}).encode("utf-8"))
    store = ProgressStore(path)
    assert list(store.answers()) == ["q1"] and store.problem is None


def test_one_byte_that_is_not_utf8_keeps_the_readable_answers(tmp_path):
    path = tmp_path / "progress.json"
    text = json.dumps({"version": 1, "answers": {"q1": GOOD, "q2": {**GOOD, "lesson": "02-y"}}}, indent=1)
    path.write_bytes(text.encode("utf-8").replace(b"02-y", b"02-\xff"))
    store = ProgressStore(path)
    answers = store.answers()
    assert "q1" in answers and "UTF-8" in store.problem and "line " in store.problem
    store.record("q3", "03-z", ["c"], True)
    assert {"q1", "q3"} <= set(ProgressStore(path).answers())
    assert list(tmp_path.glob("progress-damaged-*.json"))  # the file as it was, kept aside


def test_a_file_cut_short_keeps_the_answers_before_the_cut(tmp_path):
    path = tmp_path / "progress.json"
    text = json.dumps({"version": 1, "answers": {"q1": GOOD, "q2": GOOD}}, indent=1)
    path.write_text(text[: text.rindex('"q2"') + 12], encoding="utf-8")
    assert list(ProgressStore(path).answers()) == ["q1"]


def test_the_writer_never_stores_what_the_reader_rejects(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "answers": {"q1": {**GOOD, "tries": 10**9 - 1}}}), encoding="utf-8")
    store = ProgressStore(path)
    store.record("q1", "01-x", ["b"], True)
    again = ProgressStore(path)
    assert "q1" in again.answers() and again.problem is None
    with pytest.raises(ProgressError):
        store.record("q2", "01-x", [object()], True)  # not text: refused, nothing written
    assert "q1" in again.answers() and again.problem is None


@pytest.mark.skipif(not ROOT_USER, reason="making a device takes root")
def test_a_device_is_never_renamed_or_replaced(tmp_path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    with pytest.raises(ProgressError, match="not a regular file"):
        ProgressStore(device).record("q1", "01-x", ["a"], True)
    assert stat.S_ISCHR(device.lstat().st_mode) and [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.skipif(not POSIX, reason="FIFOs are POSIX")
def test_a_fifo_never_hangs_the_kernel(tmp_path):
    fifo = tmp_path / "progress.json"
    os.mkfifo(fifo)
    code = ("import sys\nfrom korea_kit import ProgressStore, ProgressError\nstore = ProgressStore(sys.argv[1])\n"
            "store.answers()\nprint(store.problem)\ntry:\n    store.record('q1', '01-x', ['a'], True)\n"
            "except ProgressError as exc:\n    print(exc)\n")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO as the progress file hangs")
    assert "not a regular file" in done.stdout + done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and [p.name for p in tmp_path.iterdir()] == ["progress.json"]


def test_a_mistyped_path_never_renames_the_learners_own_file(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("My notes for the essay on Kaesong.\n", encoding="utf-8")
    store = ProgressStore(notes)
    assert store.answers() == {} and "not a korea-kit progress file" in store.problem
    with pytest.raises(ProgressError, match="not a korea-kit progress file"):
        store.record("q1", "01-x", ["a"], True)
    assert notes.read_text(encoding="utf-8") == "My notes for the essay on Kaesong.\n"
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".lock"] == ["notes.txt"]


def test_a_file_of_a_newer_version_is_kept_aside_before_anything_is_written(tmp_path):
    path = tmp_path / "progress.json"
    from korea_kit.progress import _VERSION as current

    newer = json.dumps({"version": current + 1, "answers": {"q1": GOOD}, "notes": {"q9": "an essay"}}).encode("utf-8")
    path.write_bytes(newer)
    store = ProgressStore(path)
    store.record("q2", "01-x", ["a"], True)
    (copy,) = tmp_path.glob(f"progress-version-{current + 1}-*.json")
    assert copy.read_bytes() == newer and "newer version" in store.problem
    assert {"q1", "q2"} <= set(ProgressStore(path).answers())


# ---------------------------------------------------------------------------
# The command line


def test_lab_print_command_quotes_every_argument(tmp_path, monkeypatch, capsys):
    from korea_kit import cli

    monkeypatch.chdir(tmp_path)
    folder = "x y;rm -rf ~"
    assert cli.main(["lab", "--print-command", "--folder", folder]) == 0
    line = capsys.readouterr().out.strip()
    words = shlex.split(line)
    assert f"--ServerApp.root_dir={(tmp_path / folder).absolute()}" in words
    assert words[0] == sys.executable and len(words) == len(cli.lab_command(folder))
