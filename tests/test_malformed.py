"""Malformed data folders: each kind gives one clear problem from ``korea-kit check``, never a traceback.

Every case breaks a private copy of ``data/`` in one way and expects
:func:`~korea_kit.check_data` to name the file, the column where there is
one, and what was expected. The cases are unit-level: no lesson runs.
"""

from __future__ import annotations

import json
import os

import pytest

from korea_kit import KitDataError, check_data, load_tables
from korea_kit.cli import main
from korea_kit.data.sources import seed_text

from conftest import ROOT


def package(copy) -> dict:
    return json.loads((copy.dir / "datapackage.json").read_text(encoding="utf-8"))


def write_package(copy, value) -> None:
    (copy.dir / "datapackage.json").write_text(json.dumps(value, indent=2), encoding="utf-8")


def resource(value: dict, name: str) -> dict:
    return next(r for r in value["resources"] if r["name"] == name)


def field(value: dict, table: str, name: str) -> dict:
    return next(f for f in resource(value, table)["schema"]["fields"] if f["name"] == name)


def changed_package(change):
    def apply(copy):
        value = package(copy)
        change(value)
        write_package(copy, value)
    return apply


def set_first(table: str, column: str, value: str):
    def apply(copy):
        rows = copy.rows(table)
        rows[1][rows[0].index(column)] = value
        copy.write_rows(table, rows)
    return apply


def header_only(table: str):
    return lambda copy: copy.write_rows(table, copy.rows(table)[:1])


def replace_file(name: str, make):
    def apply(copy):
        path = copy.dir / name
        path.unlink()
        make(path)
    return apply


def seed_path(value: str):
    def apply(copy):
        rows = copy.rows("sources")
        col = rows[0].index("seed_file")
        row = next(r for r in rows[1:] if r[col])
        row[col] = value
        copy.write_rows("sources", rows)
    return apply


def rename_in(old: str, new: str, *tables: str):
    """An id renamed in some tables only (every table when none is named)."""
    def apply(copy):
        for path in [copy.path(t) for t in tables] or copy.dir.glob("*.csv"):
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return apply


# RT's words without their first one: still verbatim in the article, no longer what lesson 02 compares.
RT_WITHOUT_FIRSTLY = ("the sanctions resolutions by the UN Security Council that were fabricated with unjust "
                      "reasons must be withdrawn")

#: (id, how the copy is broken, file named, column named or None, words of the message)
CASES = [
    ("header-only-quiz", header_only("quiz"), "quiz.csv", None, "at least one record"),
    ("header-only-shapes", header_only("shapes"), "shapes.csv", None, "at least one record"),
    ("relaxed-constraint", changed_package(lambda p: field(p, "actors", "actor_id")["constraints"].pop("pattern")),
     "datapackage.json", "actors", "the kit's description of actors"),
    ("type-made-string", changed_package(lambda p: field(p, "figures", "value").update(type="string")),
     "datapackage.json", "figures", "the kit's description of figures"),
    ("invalid-pattern", changed_package(lambda p: field(p, "events", "event_id")["constraints"].update(pattern="[")),
     "datapackage.json", "events", "the kit's description of events"),
    ("resource-without-path", changed_package(lambda p: resource(p, "glossary").pop("path")),
     "datapackage.json", "path", "the path of the resource 'glossary'"),
    ("extra-resource", changed_package(lambda p: p["resources"].append({"name": "secret", "path": "../../x.csv"})),
     "datapackage.json", "resources", "only the kit's tables"),
    ("package-is-a-list", lambda c: write_package(c, []), "datapackage.json", None, "a JSON object"),
    ("resources-is-text", lambda c: write_package(c, {"resources": "all"}), "datapackage.json", "resources",
     "a list of resources"),
    ("package-nested-deep", lambda c: (c.dir / "datapackage.json").write_text("[" * 100_000, encoding="utf-8"),
     "datapackage.json", None, "nested a few levels deep"),
    ("missing-readme", lambda c: (c.dir / "README.md").unlink(), "README.md", None, "README.md"),
    ("readme-not-utf8", lambda c: (c.dir / "README.md").write_bytes(b"# Data\n\xff\n"), "README.md", None,
     "text encoded as UTF-8"),
    ("readme-symlink", replace_file("README.md", lambda p: p.symlink_to("/etc/passwd")), "README.md", None,
     "a symbolic link"),
    ("quiz-for-no-lesson", set_first("quiz", "lesson", "42-no-such-lesson"), "quiz.csv", "lesson",
     "a lesson of notebooks/toc.json"),
    ("date-year-1", set_first("events", "date", "0001-01-01"), "events.csv", "date", "a date from 1945-01-01 to today"),
    ("date-year-9999", set_first("events", "date", "9999-12-31"), "events.csv", "date", "a date from 1945-01-01"),
    ("date-2099", set_first("figures", "as_of", "2099-01-01"), "figures.csv", "as_of", "a date from 1945-01-01"),
    ("integer-20-digits", set_first("shapes", "point", "1" * 20), "shapes.csv", "point", "a number below"),
    ("number-1e400", set_first("figures", "value", "1" + "0" * 400), "figures.csv", "value", "a number below"),
    ("negative-count", set_first("figures", "value", "-5"), "figures.csv", "value", "a number above 0"),
    ("spaces-only", set_first("events", "title", "   "), "events.csv", "title", "not spaces alone"),
    ("nul-byte", set_first("glossary", "definition", "A\x00B"), "glossary.csv", "definition", "control characters"),
    ("formula-equals", set_first("events", "summary", '=HYPERLINK("http://x","y")'), "events.csv", "summary",
     "(a spreadsheet would run it as a formula)"),
    ("formula-plus", set_first("actors", "role", "+1+1"), "actors.csv", "role", "does not start with ="),
    ("formula-minus", set_first("glossary", "definition", "-2+3"), "glossary.csv", "definition",
     "does not start with ="),
    ("formula-at", set_first("events", "title", "@SUM(A1)"), "events.csv", "title", "does not start with ="),
    ("symlink-loop", replace_file("events.csv", lambda p: p.symlink_to(p)), "events.csv", None, "a symbolic link"),
    ("folder-for-csv", replace_file("events.csv", lambda p: p.mkdir()), "events.csv", None, "a folder"),
    ("fifo-for-csv", replace_file("events.csv", lambda p: os.mkfifo(p)), "events.csv", None, "a special file"),
    ("field-over-128kb", set_first("glossary", "definition", "x" * 200_000), "glossary.csv", None,
     "a well-formed CSV row"),
    ("seed-absolute", seed_path("/etc/passwd.txt"), "sources.csv", "seed_file", "not an absolute one"),
    ("seed-leaves-parent", seed_path("../../../x.txt"), "sources.csv", "seed_file", "inside the data folder's parent"),
    ("lesson-id-renamed", rename_in("nuclear-test-2006", "nuclear-test-2006-x", "events", "citations"),
     "selections.csv", "paired_ref", "expected an id from events.csv, found 'events:nuclear-test-2006'"),
    ("lesson-words-gone", lambda c: c.set("quotes", "first-step-rt", "text", RT_WITHOUT_FIRSTLY),
     "phrases.csv", "words", "expected words found verbatim in the text of quote first-step-rt, found 'Firstly'"),
]


@pytest.mark.parametrize("break_it, file, column, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_kind_of_malformed_data_is_one_clear_problem(data_copy, break_it, file, column, words):
    break_it(data_copy)
    problems = check_data(data_copy.dir)  # never raises anything but a problem list
    ours = [p for p in problems if p.file == file and words in str(p)]
    assert ours, "\n".join(map(str, problems)) or "no problem found"
    assert column is None or ours[0].column == column
    if file == "datapackage.json" and column in ("actors", "figures", "events", "path"):  # the resource's line
        text = (data_copy.dir / file).read_text(encoding="utf-8")
        assert ours[0].line is not None and '"name"' in text.splitlines()[ours[0].line - 1]
    if os.environ.get("KOREA_KIT_SHOW_MALFORMED"):
        print(f"\n{ours[0]}")


def test_a_dollar_in_a_name_is_drawn_as_written(data_copy):
    from korea_kit.charts import demands_matrix
    from korea_kit.lessons.demands import _matrix_rows, matrix_figure

    data_copy.set("actors", "usa", "name", "$\\nosuchcommand{x}$ States")  # bad mathematics, to matplotlib
    assert check_data(data_copy.dir) == []
    tables = load_tables(data_copy.dir)
    with pytest.raises(ValueError):  # what the lesson met before: the undecorated drawing fails
        demands_matrix.matrix_figure.__wrapped__(_matrix_rows(tables)).canvas.draw()
    fig = matrix_figure(tables)
    fig.canvas.draw()
    texts = fig.findobj(lambda artist: hasattr(artist, "get_parse_math"))
    assert any("$\\nosuchcommand{x}$" in t.get_text() for t in texts)
    assert not [t.get_text() for t in texts if "$" in t.get_text() and t.get_parse_math()]


def test_a_spreadsheets_rows_of_commas_are_blank_lines(data_copy):
    rows = data_copy.rows("glossary")
    with open(data_copy.path("glossary"), "a", encoding="utf-8") as fh:
        fh.write(("," * (len(rows[0]) - 1) + "\n") * 3)
    assert check_data(data_copy.dir) == []
    assert len(load_tables(data_copy.dir).glossary) == len(rows) - 1


def test_problems_are_capped_so_a_huge_bad_file_prints_a_short_message(data_copy, capsys):
    rows = data_copy.rows("glossary")
    data_copy.write_rows("glossary", rows[:1] + [["Bad Id", *rows[1][1:]]] * 100_000)
    assert main(["check", str(data_copy.dir)]) == 1
    err = capsys.readouterr().err
    assert len(err) < 20_000 and "more problems" in err
    assert err.count("glossary.csv, line") == 50


def test_a_copy_without_seeds_finds_the_kits_own(tmp_path, data_copy):
    alone = tmp_path / "elsewhere" / "my-data"
    alone.parent.mkdir()
    data_copy.dir.rename(alone)
    assert not (alone.parent / "seeds").exists() and (ROOT / "seeds").is_dir()
    assert check_data(alone) == []
    tables = load_tables(alone)
    assert seed_text(tables, "rt-2013-04-18") == (ROOT / "seeds" / "002_d9edd75ba5131b2a.txt").read_text(encoding="utf-8")


def test_a_copy_without_seeds_whose_checksums_differ_says_what_to_copy(tmp_path, data_copy):
    alone = tmp_path / "elsewhere" / "my-data"
    alone.parent.mkdir()
    data_copy.dir.rename(alone)
    data_copy.dir = alone
    rows = data_copy.rows("sources")
    col = rows[0].index("seed_sha256")
    next(r for r in rows[1:] if r[col])[col] = "0" * 64  # not the kit's article: it may not stand in
    data_copy.write_rows("sources", rows)
    problems = [str(p) for p in check_data(alone)]
    assert any("copy the kit's seeds/ folder to " + str(alone.parent / "seeds") in p for p in problems), problems


def test_load_tables_raises_the_same_problems_for_data_only_cases(data_copy):
    set_first("events", "date", "9999-12-31")(data_copy)
    with pytest.raises(KitDataError, match="a date from 1945-01-01 to today"):
        load_tables(data_copy.dir)


def test_an_id_renamed_in_every_table_at_once_is_clean(data_copy):
    # no lesson names a record in its code: a consistent rename leaves nothing for the check to report
    rename_in("nuclear-test-2006", "nuclear-test-2006-x")(data_copy)
    assert check_data(data_copy.dir) == []
