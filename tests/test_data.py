"""Loading the tables, and one test per kind of malformed data file."""

from __future__ import annotations

import csv
import subprocess
import sys

import pandas as pd
import pytest

import korea_kit as kk
from korea_kit import KitDataError, check_data, load_tables

from conftest import ROOT


def only_problem(data_dir):
    """Load the data, expect a KitDataError, and return its problems."""
    with pytest.raises(KitDataError) as info:
        load_tables(data_dir)
    # The check command lists the same problems.
    assert [str(p) for p in check_data(data_dir)] == [str(p) for p in info.value.problems]
    return info.value.problems


# --- the shipped data -------------------------------------------------------


def test_shipped_data_is_clean():
    assert check_data() == []


def test_every_csv_row_becomes_a_record():
    tables = load_tables()
    for name in kk.TABLES:
        with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as fh:
            rows = [r for r in csv.reader(fh)][1:]
        assert len(tables[name]) == len(rows), name


def test_dtypes():
    t = load_tables()
    assert str(t.events["date"].dtype) == "datetime64[ns]"
    assert str(t.events["end_date"].dtype) == "datetime64[ns]"
    assert isinstance(t.events["topic"].dtype, pd.CategoricalDtype)
    assert list(t.events["topic"].cat.categories) == [
        "sanctions", "drills", "kaesong", "demands", "threats", "cyber", "diplomacy", "weapons",
    ]
    assert t.events["event_id"].dtype == "string"
    assert t.sources["source_id"].dtype == "string"
    assert t.figures["value"].dtype == "float64"
    assert t.figures["approximate"].dtype == "boolean"
    assert str(t.quotes["said_on"].dtype) == "datetime64[ns]"
    # empty optional cells are missing values, not empty strings
    import csv
    with open(ROOT / "data" / "events.csv", encoding="utf-8", newline="") as f:
        empty = sum(1 for row in csv.DictReader(f) if not row["end_date"])
    assert 0 < t.events["end_date"].isna().sum() == empty < len(t.events)


def test_loaded_once_and_copies_are_independent(monkeypatch):
    import korea_kit.data.load as data

    monkeypatch.setenv("KOREA_KIT_CACHE", "off")  # the checked tables kept between sessions are tested below
    kk.clear_cache()
    calls = []
    real = data._validate
    monkeypatch.setattr(data, "_validate", lambda folder: calls.append(folder) or real(folder))
    first = load_tables()
    first.events.loc[0, "title"] = "changed"
    second = load_tables()
    assert len(calls) == 1
    assert second.events.loc[0, "title"] != "changed"


def test_cache_notices_an_edited_file(data_copy):
    assert len(load_tables(data_copy.dir).glossary) == len(data_copy.rows("glossary")) - 1  # all terms, no header
    data_copy.set("glossary", "dmz", "definition", "A new definition written by a teacher.")
    assert "teacher" in load_tables(data_copy.dir).glossary.set_index("term_id").loc["dmz", "definition"]


def test_data_dir_from_argument_and_environment(data_copy, monkeypatch):
    data_copy.set("actors", "kerry", "name", "Secretary Kerry")
    assert load_tables(data_copy.dir).actors.set_index("actor_id").loc["kerry", "name"] == "Secretary Kerry"
    monkeypatch.setenv(kk.DATA_ENV, str(data_copy.dir))
    assert load_tables().actors.set_index("actor_id").loc["kerry", "name"] == "Secretary Kerry"
    assert load_tables(ROOT / "data").actors.set_index("actor_id").loc["kerry", "name"] == "John Kerry"


def test_missing_data_folder(tmp_path):
    with pytest.raises(KitDataError, match="datapackage.json"):
        load_tables(tmp_path / "nowhere")


# --- one test per kind of malformed input ------------------------------------


def test_missing_column(data_copy):
    rows = data_copy.rows("events")
    col = rows[0].index("summary")
    data_copy.write_rows("events", [r[:col] + r[col + 1:] for r in rows])
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column) == ("events.csv", 1, "summary")
    assert "a column named 'summary'" in str(p)


def test_extra_column(data_copy):
    rows = data_copy.rows("places")
    data_copy.write_rows("places", [r + (["population"] if i == 0 else ["1"]) for i, r in enumerate(rows)])
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column) == ("places.csv", 1, "population")
    assert "expected only the columns place_id, name" in str(p)


def test_unknown_topic(data_copy):
    line = data_copy.set("events", "key-resolve-2013", "topic", "exercises")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("events.csv", line, "topic", "exercises")
    assert "one of sanctions, drills, kaesong" in p.expected


@pytest.mark.parametrize("bad", ["18/04/2013", "2013-4-18", "April 2013"])
def test_bad_date(data_copy, bad):
    line = data_copy.set("events", "preconditions-2013", "date", bad)
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("events.csv", line, "date", bad)
    assert p.expected == "a real date as YYYY-MM-DD"


def test_impossible_date(data_copy):
    line = data_copy.set("quotes", "kerry-gambit", "said_on", "2013-02-30")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("quotes.csv", line, "said_on", "2013-02-30")


def test_end_before_start(data_copy):
    line = data_copy.set("events", "key-resolve-2013", "end_date", "2013-03-01")
    (p,) = only_problem(data_copy.dir)
    assert (p.line, p.column) == (line, "end_date")
    assert p.expected == "a date on or after 2013-03-11"


def test_duplicate_id(data_copy):
    rows = data_copy.rows("glossary")
    rows.append(["dmz", "DMZ", "", "A second entry for the same term."])
    data_copy.write_rows("glossary", rows)
    problems = only_problem(data_copy.dir)
    p = problems[0]
    first = next(i for i, r in enumerate(rows, start=1) if r[0] == "dmz")
    assert (p.file, p.line, p.column, p.found) == ("glossary.csv", len(rows), "term_id", "dmz")
    assert f"line {first} has it already" in p.expected


def test_reference_to_missing_id(data_copy):
    line = data_copy.set("quotes", "kerry-gambit", "speaker_id", "hillary-clinton")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("quotes.csv", line, "speaker_id", "hillary-clinton")
    assert p.expected == "an id from actors.csv"


def test_reference_to_missing_actor_in_a_list(data_copy):
    line = data_copy.set("events", "b2-flight-2013", "actor_ids", "usa;atlantis")
    (p,) = only_problem(data_copy.dir)
    assert (p.line, p.column, p.found) == (line, "actor_ids", "atlantis")


def test_citation_of_missing_record(data_copy):
    rows = data_copy.rows("citations")
    rows[1][rows[0].index("record_id")] = "no-such-event"
    data_copy.write_rows("citations", rows)
    problems = only_problem(data_copy.dir)
    assert any(
        (p.file, p.line, p.column, p.found) == ("citations.csv", 2, "record_id", "no-such-event") for p in problems
    )


def test_quote_not_in_source(data_copy):
    line = data_copy.set("quotes", "kerry-gambit", "text", "at least a clever gambit")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column) == ("quotes.csv", line, "text")
    assert p.expected == "words found verbatim in ../seeds/002_d9edd75ba5131b2a.txt"


def test_citation_quote_not_in_source(data_copy):
    rows = data_copy.rows("citations")
    qcol = rows[0].index("quote")
    number = next(i for i, r in enumerate(rows[1:], start=2) if r[qcol])
    rows[number - 1][qcol] += " and more"
    data_copy.write_rows("citations", rows)
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column) == ("citations.csv", number, "quote")


def test_typographic_quotes_and_dashes_are_not_differences(data_copy):
    # The seed has curly quotes; the same words with plain ones are found.
    data_copy.set("quotes", "nuclear-war-practice-rt", "text", "engage in 'nuclear war practice' with Seoul")
    assert check_data(data_copy.dir) == []


def test_empty_required_field(data_copy):
    line = data_copy.set("glossary", "dmz", "definition", "")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("glossary.csv", line, "definition", "")
    assert p.expected == "a value (the column is required)"


def test_not_utf8(data_copy):
    path = data_copy.path("glossary")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("The official name", "The offici\u00e9l name")
    # One line saved in Latin-1 (as an old spreadsheet might), the rest in UTF-8.
    path.write_bytes(b"".join(l.encode("latin-1" if i == 3 else "utf-8") for i, l in enumerate(lines)))
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column) == ("glossary.csv", 4, "definition")
    assert "UTF-8" in p.expected and p.found == "byte 0xe9"


def test_wrong_number_of_values(data_copy):
    path = data_copy.path("figures")
    path.write_text(path.read_text(encoding="utf-8") + "extra-figure,drills,Something\n", encoding="utf-8")
    last_line = len(path.read_text(encoding="utf-8").splitlines())
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column) == ("figures.csv", last_line, None)
    assert p.expected == "8 values, one per column" and p.found == "3 values"


def test_number_with_thousands_separator(data_copy):
    line = data_copy.set("figures", "us-troops-rok", "value", "28,500")
    (p,) = only_problem(data_copy.dir)
    assert (p.line, p.column, p.found) == (line, "value", "28,500")


def test_record_without_citation(data_copy):
    rows = data_copy.rows("glossary")
    rows.append(["panmunjom", "Panmunjom", "", "A village on the border."])
    data_copy.write_rows("glossary", rows)
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("glossary.csv", len(rows), "term_id", "panmunjom")
    assert p.expected == "at least one row citing it in citations.csv"


def test_article_evidence_must_be_reported_and_references_graded(data_copy):
    line = data_copy.set("quotes", "kerry-gambit", "confidence", "verified")
    line2 = data_copy.set("quotes", "dialogue-war-kcna", "confidence", "reported")
    problems = only_problem(data_copy.dir)
    assert [(p.line, p.column, p.found) for p in problems] == [
        (line2, "confidence", "reported"), (line, "confidence", "verified"),
    ] or [(p.line, p.column, p.found) for p in problems] == [
        (line, "confidence", "verified"), (line2, "confidence", "reported"),
    ]


def test_missing_file(data_copy):
    data_copy.path("places").unlink()
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.found) == ("places.csv", None, "no such file")


def test_all_problems_reported_at_once(data_copy):
    data_copy.set("events", "key-resolve-2013", "topic", "exercises")
    data_copy.set("glossary", "dmz", "definition", "")
    problems = only_problem(data_copy.dir)
    assert [p.file for p in problems] == ["events.csv", "glossary.csv"]
    assert "2 problems in the kit's data" in str(KitDataError(problems))


# --- the command ---------------------------------------------------------------


def run_check(*args):
    return subprocess.run(
        [sys.executable, "-m", "korea_kit.cli", "check", *map(str, args)], capture_output=True, text=True
    )


def test_check_command_passes_on_shipped_data():
    result = run_check()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK: {len(kk.TABLES)} tables")


def test_check_command_fails_with_file_line_and_column(data_copy):
    line = data_copy.set("events", "b2-flight-2013", "date", "2013-03-32")
    result = run_check(data_copy.dir)
    assert result.returncode == 1
    assert f"events.csv, line {line}, column 'date': expected a real date as YYYY-MM-DD, found '2013-03-32'" in result.stderr
    assert "Traceback" not in result.stderr


# --- the loader follows the schema ------------------------------------------


def change_schema(data_copy, monkeypatch, table: str, change) -> None:
    """Change the description of ``table`` in the copy's datapackage.json and make the copy the kit's own
    (the schema every data folder is checked against)."""
    import json

    import korea_kit.data.schema as schema

    path = data_copy.dir / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(next(r["schema"] for r in package["resources"] if r["name"] == table))
    path.write_text(json.dumps(package, indent=1), encoding="utf-8")
    monkeypatch.setattr(schema, "kit_package", lambda: json.loads(path.read_text(encoding="utf-8")))
    kk.clear_cache()


def field(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if f["name"] == name)


def test_the_loader_reads_dates_in_the_schemas_format(data_copy, monkeypatch):
    shipped = load_tables().events["date"]
    change_schema(data_copy, monkeypatch, "events",
                  lambda s: field(s, "date").update(format="%d/%m/%Y", constraints={"required": True, "minimum": "01/01/1945"}))
    # the shipped dates no longer fit, and the message shows the schema's format
    problems = only_problem(data_copy.dir)
    assert {p.expected for p in problems} == {"a real date as DD/MM/YYYY"}
    assert len(problems) == len(data_copy.rows("events")) - 1
    # written in the schema's format, they load as the same dates
    rows = data_copy.rows("events")
    col = rows[0].index("date")
    for row in rows[1:]:
        year, month, day = row[col].split("-")
        row[col] = f"{day}/{month}/{year}"
    data_copy.write_rows("events", rows)
    assert load_tables(data_copy.dir).events["date"].equals(shipped)


def test_the_loader_follows_the_schemas_enum(data_copy, monkeypatch):
    change_schema(data_copy, monkeypatch, "events", lambda s: field(s, "topic")["constraints"]["enum"].remove("drills"))
    drills = [n for n, row in enumerate(data_copy.rows("events")[1:], 2) if row[4] == "drills"]
    problems = only_problem(data_copy.dir)
    assert drills and [(p.line, p.column, p.found) for p in problems] == [(n, "topic", "drills") for n in drills]
    assert all(p.expected.startswith("one of sanctions, kaesong") for p in problems)


def test_the_loader_follows_the_schemas_missing_values_and_number_syntax(data_copy, monkeypatch):
    data_copy.set("events", "foal-eagle-2013", "end_date", "n/a")
    data_copy.set("figures", "us-troops-rok", "value", "28,500")
    assert {p.found for p in only_problem(data_copy.dir)} == {"n/a", "28,500"}
    change_schema(data_copy, monkeypatch, "events", lambda s: s.update(missingValues=["", "n/a"]))
    change_schema(data_copy, monkeypatch, "figures", lambda s: field(s, "value").update(groupChar=","))
    tables = load_tables(data_copy.dir)
    assert pd.isna(tables.record("events", "foal-eagle-2013")["end_date"])
    assert tables.record("figures", "us-troops-rok")["value"] == 28500


def test_the_loader_takes_the_earliest_date_from_the_schema(data_copy, monkeypatch):
    package = kk.data.kit_package()
    dates = [f for r in package["resources"] for f in r["schema"]["fields"] if f["type"] == "date"]
    assert dates and all(f["constraints"]["minimum"] == kk.data.EARLIEST_DATE.isoformat() for f in dates)
    change_schema(data_copy, monkeypatch, "events", lambda s: field(s, "date")["constraints"].update(minimum="2005-01-01"))
    early = [n for n, row in enumerate(data_copy.rows("events")[1:], 2) if row[1] < "2005"]
    problems = only_problem(data_copy.dir)
    assert early and [(p.line, p.column) for p in problems] == [(n, "date") for n in early]
    assert {p.expected for p in problems} == {"a date from 2005-01-01 to today"}


def test_a_minimum_date_that_is_not_a_date_is_reported(data_copy, monkeypatch):
    change_schema(data_copy, monkeypatch, "events", lambda s: field(s, "date")["constraints"].update(minimum="1945"))
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.column, p.expected) == ("datapackage.json", "date", "a date as the minimum of events")


# --- the checked tables, kept between sessions ---------------------------------------------

LOAD_IN_A_NEW_PROCESS = """
import json, sys, korea_kit.data.load as load
checked = []
real = load._validate
load._validate = lambda folder: checked.append(1) or real(folder)
tables = load.load_tables(sys.argv[1])
print(json.dumps({"checked": len(checked), "events": tables.events.to_json(date_format="iso"),
                  "dtypes": {n: [str(t) for t in tables[n].dtypes] for n in tables.names}}))
"""


def _load_in_a_new_process(data_dir, cache) -> dict:
    import json

    env = {**__import__("os").environ, "KOREA_KIT_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", LOAD_IN_A_NEW_PROCESS, str(data_dir)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_new_process_reads_the_checked_tables_and_an_edit_means_a_new_check(data_copy, tmp_path):
    cache = tmp_path / "cache"
    first = _load_in_a_new_process(data_copy.dir, cache)
    second = _load_in_a_new_process(data_copy.dir, cache)
    assert (first["checked"], second["checked"]) == (1, 0)  # the second process reads what the first checked
    assert second["events"] == first["events"] and second["dtypes"] == first["dtypes"]
    assert [p.name.startswith("tables-") for p in cache.iterdir() if p.name != ".korea-kit-key"] == [True]

    data_copy.set("events", "key-resolve-2013", "title", "A title edited by a teacher")
    edited = _load_in_a_new_process(data_copy.dir, cache)
    assert edited["checked"] == 1 and "A title edited by a teacher" in edited["events"]

    line = data_copy.set("events", "key-resolve-2013", "date", "2013-02-30")  # the check still runs, and fails
    env = {**__import__("os").environ, "KOREA_KIT_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", "import sys, korea_kit as kk; kk.load_tables(sys.argv[1])",
                           str(data_copy.dir)], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and f"events.csv, line {line}, column 'date': expected a real date" in done.stderr


def test_a_broken_or_unwritable_cache_is_no_cache(data_copy, tmp_path, monkeypatch):
    from korea_kit.data import clear_cache
    from korea_kit.data.load import _content_digest, _stored_path

    cache = tmp_path / "cache"
    monkeypatch.setenv("KOREA_KIT_CACHE", str(cache))
    clear_cache()
    expected = load_tables(data_copy.dir).events
    stored = _stored_path(_content_digest(data_copy.dir))
    stored.write_bytes(b"not the kit's JSON")  # cut short, or written by something else
    clear_cache()
    pd.testing.assert_frame_equal(load_tables(data_copy.dir).events, expected)

    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("KOREA_KIT_CACHE", str(blocked / "cache"))
    clear_cache()
    pd.testing.assert_frame_equal(load_tables(data_copy.dir).events, expected)
    assert blocked.read_text(encoding="utf-8").startswith("a file")

    monkeypatch.setenv("KOREA_KIT_CACHE", "off")
    clear_cache()
    before = sorted(cache.iterdir())
    load_tables(data_copy.dir)
    assert sorted(cache.iterdir()) == before
    clear_cache()


def test_the_cache_keeps_the_eight_latest_and_removes_only_its_own_files(data_copy, tmp_path, monkeypatch):
    import os

    from korea_kit.data import clear_cache

    cache = tmp_path / "cache"
    cache.mkdir()
    theirs = [cache / "tables-mine.json", cache / "notes.txt"]
    for path in theirs:
        path.write_text("a file of the user's own", encoding="utf-8")
    old = []
    for n in range(9):  # older checked tables of the kit, oldest first
        path = cache / f"tables-{n:032x}.json"
        path.write_bytes(b"old")
        os.utime(path, ns=(n * 10**9, n * 10**9))
        old.append(path)
    monkeypatch.setenv("KOREA_KIT_CACHE", str(cache))
    clear_cache()
    load_tables(data_copy.dir)
    clear_cache()
    kit_files = sorted(p.name for p in cache.glob("tables-*.json") if p not in theirs)
    assert len(kit_files) == 8 and [p.name for p in old[-7:]] == [n for n in kit_files if n in {p.name for p in old}]
    assert all(path.read_text(encoding="utf-8") == "a file of the user's own" for path in theirs)
