"""Sources: verbatim evidence, coverage of the articles, citations as text and HTML."""

from __future__ import annotations

import hashlib
import json

import pytest

import korea_kit as kk
from korea_kit import cite, load_tables, sources_line, uncited_sentences
from korea_kit.render.table import evidence_text

from conftest import ROOT

# Article sentences that no record needs to cite, each with the reason.
JUSTIFIED = {
    ("rt-2013-04-18", "icon bookmark-bicon"): "page chrome: the names of the page's icons, scraped with the article",
}


def test_seeds_are_the_shared_articles_byte_for_byte():
    tables = load_tables()
    articles = tables.sources[tables.sources["kind"] == "article"]
    assert set(articles["source_id"]) == {"ibtimes-2013-04-18", "rt-2013-04-18"}
    for path in articles["seed_file"]:
        data = (ROOT / "data" / path).read_bytes()
        assert data.decode("utf-8")  # readable, untouched
    # the files keep their original names, so they can be compared with any other copy
    assert sorted(p.name for p in (ROOT / "seeds").glob("*.txt")) == [
        "000_7c6f41b99dd818c6.txt", "002_d9edd75ba5131b2a.txt",
    ]
    assert (ROOT / "seeds" / "002_d9edd75ba5131b2a.txt").read_text(encoding="utf-8").startswith("icon bookmark")


def test_a_changed_seed_is_caught(data_copy):
    seed = data_copy.dir.parent / "seeds" / "000_7c6f41b99dd818c6.txt"
    seed.write_bytes(seed.read_bytes().replace(b"28,500", b"28,000"))
    problems = kk.check_data(data_copy.dir)
    assert problems[0].file == "sources.csv" and problems[0].column == "seed_sha256"
    assert problems[0].line == 2
    assert problems[0].expected.startswith("the checksum of ../seeds/000_7c6f41b99dd818c6.txt, ")
    assert problems[0].found == hashlib.sha256((ROOT / "seeds" / seed.name).read_bytes()).hexdigest()


def test_every_article_sentence_is_cited():
    tables = load_tables()
    missing = [
        (sid, sentence) for sid, sentence in uncited_sentences(tables)
        if not any(sid == k[0] and sentence.startswith(k[1]) for k in JUSTIFIED)
    ]
    assert missing == []


def test_the_coverage_check_can_fail(data_copy):
    # Remove every citation of the sentence about the 28,500 troops: it must be listed.
    rows = data_copy.rows("citations")
    qcol = rows[0].index("quote")
    gone = {r[0] for r in rows if "28,500" in r[qcol]}
    data_copy.write_rows("citations", [r for r in rows if r[0] not in gone])
    # the loaded term that rests on one of those citations must go too, or the check refuses the data
    terms = data_copy.rows("terms")
    ccol = terms[0].index("citation_ids")
    data_copy.write_rows("terms", [t for t in terms if not gone & set(t[ccol].split(";"))])
    missing = uncited_sentences(load_tables(data_copy.dir))
    assert [s for _, s in missing if "28,500" in s] == [
        "The U.S. has about 28,500 troops in South Korea as a deterrent against potential North Korean aggression."
    ]


def test_every_justified_exception_is_still_needed():
    tables = load_tables()
    found = uncited_sentences(tables)
    for key, reason in JUSTIFIED.items():
        assert any(sid == key[0] and s.startswith(key[1]) for sid, s in found), reason


def test_quotes_of_one_sentence_are_grouped():
    quotes = load_tables().quotes
    first_step = quotes[quotes["group_id"] == "first-step"]
    assert set(first_step["source_id"]) == {"ibtimes-2013-04-18", "rt-2013-04-18", "kcna-english-2013-04-18"}
    assert first_step["text"].nunique() == 3


def test_background_records_carry_reference_and_confidence():
    tables = load_tables()
    refs = tables.sources[tables.sources["kind"] == "reference"]["source_id"]
    background = tables.citations[tables.citations["source_id"].isin(refs)]
    assert set(background["confidence"]) <= {"verified", "likely", "conflicting"}
    assert {"verified", "likely"} <= set(background["confidence"])
    assert background["quote"].isna().all()
    # the year is never taken from the articles: every dated event has a reference
    dated = set(tables.events["event_id"])
    with_reference = set(background[background["table"] == "events"]["record_id"])
    assert dated == with_reference


def test_cite_as_text_and_html():
    tables = load_tables()
    citation = cite(tables, "events", "nuclear-test-2013")
    assert "third missile test" in citation.text
    assert "it was the third nuclear test" in citation.text
    assert "(verified)" in citation.text and "(reported)" in citation.text
    assert citation.html.startswith('<ul class="kk-citations">')
    assert "<q>The latest standoff" in citation.html
    quote = cite(tables, "quotes", "first-step-kcna")
    assert quote.text.startswith("KCNA's English text of 18 Apr 2013")


def test_events_view_notes_are_the_citations_with_their_corrections():
    tables = load_tables()
    view = kk.events_view(tables, ["nuclear-test-2013"])
    notes = view.text.split("Evidence:\n", 1)[1].splitlines()
    assert notes == [evidence_text(item) for item in cite(tables, "events", "nuclear-test-2013").items]
    assert "Note: RT calls it a 'missile test': it was the third nuclear test." in view.text
    assert "it was the third nuclear test" in view.html


def test_citation_html_is_escaped(data_copy):
    data_copy.set("sources", "geonames", "reference", "<script>alert(1)</script>")
    data_copy.set("citations", "pl-osan-1", "note", '<img src=x onerror="alert(2)">')
    tables = load_tables(data_copy.dir)
    html = cite(tables, "places", "osan").html + cite(tables, "places", "kadena").html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_cite_unknown_record():
    with pytest.raises(KeyError):
        cite(load_tables(), "events", "no-such-event")


def test_sources_line_lists_articles_first():
    tables = load_tables()
    line = sources_line(tables, "events", ["foal-eagle-2013", "nuclear-test-2013"])
    assert line.startswith("Sources: International Business Times (IBTimes) | RT (rt.com) | ")
    assert "GlobalSecurity.org" in line and "Wikipedia" in line


def test_frictionless_accepts_the_data_package():
    frictionless = pytest.importorskip("frictionless")  # installed by the test extra
    report = frictionless.validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_sees_a_broken_foreign_key(data_copy):
    import frictionless

    data_copy.set("quotes", "kerry-gambit", "speaker_id", "nobody")
    report = frictionless.validate(str(data_copy.dir / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_data_readme_describes_every_column():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        section = readme.split(f"### `{resource['path']}`", 1)
        assert len(section) == 2, f"data/README.md has no section for {resource['path']}"
        body = section[1].split("\n### ", 1)[0]
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in body, f"{resource['path']}: column {field['name']} not described"


def test_conflicting_reports_come_with_their_words_and_more_than_one_source():
    """A record graded `conflicting` shows each report's words, from at least two sources."""
    cites = load_tables().citations
    conflicting = cites[cites["confidence"] == "conflicting"]
    assert ("figures", "kaesong-dmz-distance") in set(zip(conflicting["table"], conflicting["record_id"]))
    for (table, record_id), group in conflicting.groupby(["table", "record_id"]):
        assert group["source_id"].nunique() >= 2, (table, record_id)
        assert group["note"].str.startswith('"').all(), (table, record_id)
    mine = cites[(cites["table"] == "figures") & (cites["record_id"] == "kaesong-dmz-distance")]
    assert "verified" not in set(mine["confidence"])


def test_versions_are_labelled_by_the_outlet_that_printed_them():
    """No version names a translator that no source names; RT credits no agency."""
    quotes = load_tables().quotes
    versions = quotes["version"].dropna()
    assert not versions.str.contains("translation").any()
    assert quotes["via"].fillna("").ne("Reuters").all()
    articles = {"ibtimes-2013-04-18": "as printed by IBTimes", "rt-2013-04-18": "as printed by RT"}
    translated = quotes[quotes["source_id"].isin(list(articles)) & quotes["speaker_id"].isin(["ndc-policy", "cprk"])]
    assert (translated["version"] == translated["source_id"].map(articles)).all()
