"""Sources: the seed articles, verbatim checks, and citations as text or HTML.

A fact taken from an article is cited with the article's id and the article's
own words; :func:`find_in_seed` checks that those words appear in the saved
article, ignoring only the differences between typographic and plain quotes,
dashes and runs of white space.
"""

from __future__ import annotations
from korea_kit.text import cell_text

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "normalize",
    "read_seed",
    "find_in_seed",
    "seed_text",
    "Citation",
    "cite",
    "item_text",
    "sources_line",
    "refs_line",
    "source_ids",
    "article_sentences",
    "sentences_holding",
    "uncited_sentences",
    "source_label",
    "source_marks",
    "source_mark",
    "source_anchor",
    "marks_line",
]

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ",
    }
)


def normalize(text: str) -> str:
    """Plain quotes and hyphens for typographic ones, one space for any run of white space.

    >>> normalize("“Dialogue and war  cannot\\nco-exist,” – it said")
    '"Dialogue and war cannot co-exist," - it said'
    """
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip()


def read_seed(path: str | Path) -> str:
    """The raw text of a seed article, exactly as saved (UTF-8)."""
    return Path(path).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=16)
def _normal(text: str) -> str:
    return normalize(text)


def find_in_seed(words: str, seed: str) -> bool:
    """Whether ``words`` appear verbatim in the seed text, up to typography and white space.

    >>> find_in_seed("‘clear signals’", "wants 'clear  signals' from")
    True
    >>> find_in_seed("clear signal from", "wants 'clear signals' from")
    False
    """
    words = normalize(words)
    return bool(words) and words in _normal(seed)


def seed_text(tables, source_id: str) -> str:
    """The raw text of the article ``source_id``, read from its seed file (or the kit's own copy of
    it, for a copy of the data without ``seeds/``: see :func:`~korea_kit.data.seed_bytes`).

    >>> from korea_kit import load_tables
    >>> seed_text(load_tables(), "rt-2013-04-18").splitlines()[2]
    'US rejects N. Korea conditions for nuclear talks, wants ‘clear signals’ from Pyongyang'
    """
    row = tables.record("sources", source_id)
    if row["kind"] != "article":
        raise ValueError(f"{source_id!r} is a reference, not an article with a seed file")
    from korea_kit.data.check import seed_bytes  # local: check imports this module
    from korea_kit.errors import KitDataError, Problem

    raw, trouble = seed_bytes(Path(tables.data_dir), row["seed_file"], row["seed_sha256"])
    if raw is None:  # the check reports it too
        raise KitDataError([Problem("sources.csv", None, "seed_file", trouble, row["seed_file"])])
    return raw.decode("utf-8")


# ---------------------------------------------------------------------------
# Citations


@dataclass(frozen=True)
class Citation:
    """The evidence for one record, ready to show as plain text or HTML."""

    table: str
    record_id: str
    items: tuple[dict, ...]

    @property
    def text(self) -> str:
        """One line per source: who, what words (for an article), how sure, and any note."""
        return "\n".join(item_text(item) for item in self.items)

    @property
    def html(self) -> str:
        """The same as an HTML list, every value escaped."""
        out = ['<ul class="kk-citations">']
        for item in self.items:
            parts = [f"<cite>{html.escape(item['label'])}</cite>"]
            if item["quote"]:
                parts.append(f"<q>{html.escape(item['quote'])}</q>")
            parts.append(f'<span class="kk-confidence">({html.escape(item["confidence"])})</span>')
            if item["note"]:
                parts.append(f'<span class="kk-note">Note: {html.escape(item["note"])}</span>')
            out.append("<li>" + " ".join(parts) + "</li>")
        out.append("</ul>")
        return "".join(out)

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text)


def item_text(item: dict) -> str:
    """One citation item as a line: who, the words (for an article), how sure, and any note."""
    line = item["label"]
    if item["quote"]:
        line += f": “{item['quote']}”"
    line += f" ({item['confidence']})"
    if item["note"]:
        line += f". Note: {item['note']}"
    return line


def source_label(source) -> str:
    """A source as a note names it: an article by publisher, date and id; a reference by its full reference."""
    if source["kind"] == "article":
        return f"{source['publisher']}, {source['published']} [{source['source_id']}]"
    return str(source["reference"])


_MONTHS = {m: m[:3] for m in ("January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December")}


def _short_date(published: str) -> str:
    """``18 April 2013`` as ``18 Apr``; another year than 2013 is kept (``29 Feb to 13 Apr 2012``)."""
    text = re.sub(r"\b(" + "|".join(_MONTHS) + r")\b", lambda m: _MONTHS[m.group(1)], published)
    return re.sub(r"\s+2013$", "", text).strip()


def _publishers(source) -> list[str]:
    """The outlets of a source, each by its short name: ``International Business Times (IBTimes)`` is ``IBTimes``,
    ``AFP (Raw Story)`` is ``AFP``."""
    names = []
    for part in str(source["publisher"]).split(";"):
        part = part.strip()
        inner = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", part)
        if inner:
            whole, short = inner.groups()
            part = short if " " not in short and "." not in short and len(whole) > 20 else whole
        names.append(part)
    return [n for n in names if n]


@functools.lru_cache(maxsize=8)
def _marks(rows: tuple) -> dict[str, str]:
    marks = {}
    for source_id, kind, publisher, published, reference in rows:
        names = _publishers({"publisher": publisher})
        date = "" if kind == "article" else _short_date(published)
        marks[source_id] = [names, date, reference]

    def label(names, date, reference, how):
        head = ", ".join(names[:how]) if how else names[0]
        title = re.search(r'"([^"]+)"', normalize(reference)) if how == -1 else None
        if title:  # its first words only: the mark never spells out the whole reference
            words = title.group(1).split()
            head = f"{names[0]}, “{' '.join(words[:2])}{'…' if len(words) > 2 else ''}”"
        return f"{head}, {date}" if date else head

    found = {s: label(n, d, r, 1) for s, (n, d, r) in marks.items()}
    for how in (2, 3, 4, 5, -1):
        clash = {m for m in found.values() if list(found.values()).count(m) > 1}
        for s, (n, d, r) in marks.items():
            if found[s] in clash:
                found[s] = label(n, d, r, how)
    seen: dict[str, int] = {}
    for s in marks:  # still the same: numbered in the order of sources.csv
        if list(found.values()).count(found[s]) > 1:
            seen[found[s]] = seen.get(found[s], 0) + 1
            found[s] = f"{found[s]} ({seen[found[s]]})"
    return found


def source_marks(tables) -> dict[str, str]:
    """Every source's short mark, the few words a fact shows in place of its full reference: the outlet by its
    short name and, for a reference, the date (``Yonhap, 9 Apr``; the year only when it is not 2013). Marks are
    unique: where two sources would share one, the title in the reference or the next outlets tell them apart.

    >>> from korea_kit import load_tables
    >>> marks = source_marks(load_tables())
    >>> marks["ibtimes-2013-04-18"], marks["yonhap-2013-04-09"], marks["leap-day-2012"]
    ('IBTimes', 'Yonhap, 9 Apr', 'Reuters, 29 Feb to 13 Apr 2012')
    >>> marks["wikipedia-osan-air-base"]
    'Wikipedia, “Osan Air…”'
    >>> len(set(marks.values())) == len(marks)
    True
    >>> any(normalize(str(s["reference"])) in normalize(marks[s["source_id"]]) for _, s in load_tables().sources.iterrows())
    False
    """
    return dict(tables.derived("source marks", _all_marks))


def _all_marks(tables) -> dict[str, str]:
    rows = tuple((str(s["source_id"]), str(s["kind"]), str(s["publisher"]), cell_text(s["published"]),
                  str(s["reference"])) for s in tables.sources.to_dict("records"))
    return _marks(rows)


def source_mark(tables, source_id: str) -> str:
    """One source's short mark (see :func:`source_marks`).

    >>> from korea_kit import load_tables
    >>> source_mark(load_tables(), "kcna-2013-04-18")
    'KCNA, UPI, 18 Apr'
    """
    return tables.derived("source marks", _all_marks)[source_id]


def source_anchor(source_id: str) -> str:
    """The id of a source's entry in a lesson's list of references, which its marks link to.

    >>> source_anchor("yonhap-2013-04-09")
    'source-yonhap-2013-04-09'
    """
    return "source-" + re.sub(r"[^\w-]", "-", source_id)


def cite(tables, table: str, record_id: str) -> Citation:
    """The citations of one record (for a quote, its own source comes first).

    >>> from korea_kit import load_tables
    >>> print(cite(load_tables(), "events", "key-resolve-2013"))
    GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" (verified)
    """
    rows = []
    if table == "quotes":
        quote = tables.record("quotes", record_id)
        own_words = quote["text"] if _source_rows(tables)[quote["source_id"]]["kind"] == "article" else ""
        rows.append((quote["source_id"], own_words, quote["confidence"], ""))
    mine = _citation_rows(tables).get((table, record_id), ())
    if not mine and not rows:
        raise KeyError(f"no citation for {table}/{record_id}")
    rows.extend(mine)
    labels, marks = _source_labels(tables), tables.derived("source marks", _all_marks)
    items = []
    for source_id, quote, confidence, note in rows:
        items.append(
            {
                "label": labels[source_id],
                "source_id": source_id,
                "mark": marks[source_id],
                "quote": cell_text(quote),
                "confidence": str(confidence),
                "note": cell_text(note),
            }
        )
    return Citation(table, record_id, tuple(items))


def _source_rows(tables) -> dict[str, dict]:
    """Each source's row as a dict, by id (built once per tables)."""
    return tables.derived("source rows", lambda t: {str(r["source_id"]): r for r in t.sources.to_dict("records")})


def _source_labels(tables) -> dict[str, str]:
    """Each source's :func:`source_label`, by id (built once per tables)."""
    return tables.derived("source labels", lambda t: {i: source_label(r) for i, r in _source_rows(t).items()})


def _citation_rows(tables) -> dict[tuple[str, str], tuple]:
    """Each record's citations as ``(source_id, quote, confidence, note)`` rows in the order of
    ``citations.csv``, by ``(table, record_id)`` (built once per tables)."""
    def build(t):
        found: dict[tuple[str, str], list] = {}
        for c in t.citations.to_dict("records"):
            found.setdefault((c["table"], c["record_id"]), []).append(
                (c["source_id"], c["quote"], c["confidence"], c["note"]))
        return {key: tuple(value) for key, value in found.items()}
    return tables.derived("citation rows", build)


def sources_line(tables, table: str, record_ids) -> str:
    """A one-line list of the sources behind some records, articles first, for a chart caption.

    >>> from korea_kit import load_tables
    >>> sources_line(load_tables(), "events", ["key-resolve-2013"])
    'Sources: GlobalSecurity.org, "Key Resolve / Foal Eagle 2013".'
    """
    return refs_line(tables, [(table, record_id) for record_id in record_ids])


def source_ids(tables, refs) -> list[str]:
    """The ids of the sources behind some ``(table, id)`` records, in the order of ``sources.csv``.

    A record's sources are those its citations name, and a quote's own source;
    ``("sources", id)`` names a source itself (e.g. that of a map's coordinates).

    >>> from korea_kit import load_tables
    >>> source_ids(load_tables(), [("quotes", "kerry-gambit"), ("sources", "natural-earth")])
    ['rt-2013-04-18', 'kerry-sfrc-2013-04-18', 'natural-earth']
    """
    cited, quotes, used = _citation_rows(tables), None, set()
    for table, record_id in refs:
        used.update(row[0] for row in cited.get((table, record_id), ()))
        if table == "sources":
            used.add(record_id)
        elif table == "quotes":
            quotes = quotes or tables.derived("quote sources", lambda t: dict(zip(t.quotes["quote_id"], t.quotes["source_id"])))
            if record_id in quotes:
                used.add(quotes[record_id])
    return [s for s in _source_rows(tables) if s in used]


def _by_kind(tables, ids) -> list[dict]:
    """The rows of some sources, articles first, then by id (as a caption lists them)."""
    rows = _source_rows(tables)
    return sorted((rows[i] for i in ids), key=lambda r: (str(r["kind"]), str(r["source_id"])))


def refs_line(tables, refs) -> str:
    """Like :func:`sources_line`, for records of several tables given as ``(table, id)`` pairs.

    >>> from korea_kit import load_tables
    >>> refs_line(load_tables(), [("events", "key-resolve-2013"), ("quotes", "kerry-gambit")])
    'Sources: RT (rt.com) | GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" | AFP (Raw Story), 18 Apr 2013; ...'
    """
    labels = [str(s["publisher"]) if s["kind"] == "article" else str(s["reference"])
              for s in _by_kind(tables, source_ids(tables, refs))]
    return "Sources: " + " | ".join(labels) + "." if labels else "Sources: none."


def marks_line(tables, refs) -> str:
    """Like :func:`refs_line`, with each source's short mark (:func:`source_marks`) for its full reference:
    for a chart in a lesson whose list of references gives them in full.

    >>> from korea_kit import load_tables
    >>> marks_line(load_tables(), [("events", "key-resolve-2013"), ("quotes", "kerry-gambit")])
    'Sources: RT; GlobalSecurity.org; AFP, 18 Apr.'
    """
    marks = tables.derived("source marks", _all_marks)
    labels = [marks[s["source_id"]] for s in _by_kind(tables, source_ids(tables, refs))]
    return "Sources: " + "; ".join(labels) + "." if labels else "Sources: none."


# ---------------------------------------------------------------------------
# Coverage of the articles

def sentences_holding(text: str, words: str) -> str | None:
    """The whole sentence (or sentences) of an article's text that hold ``words``, normalised;
    None if the words are not in it.

    >>> sentences_holding("First one. The U.S. said no. Another.", "U.S. said")
    'The U.S. said no.'
    >>> sentences_holding("First one.", "not here") is None
    True
    """
    flat, spans = _sentence_spans(text)
    start = flat.find(normalize(words))
    if start < 0 or not words.strip():
        return None
    end = start + len(normalize(words))
    touched = [(a, b) for a, b in spans if a < end and b > start]
    return flat[touched[0][0]:touched[-1][1]]


@functools.lru_cache(maxsize=64)
def _sentence_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """A text normalised, and where each of its sentences starts and ends in it (worked out once per text)."""
    flat, spans, at = normalize(text), [], 0
    for sentence in _sentences(text):
        at = flat.find(sentence, at)
        spans.append((at, at + len(sentence)))
        at += len(sentence)
    return flat, spans


_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$")


def article_sentences(text: str) -> list[str]:
    """Split an article into sentences (normalised), keeping abbreviations such as U.S. whole.

    A line break ends a sentence unless the line ends with a comma or the next
    one starts in lower case (a quotation broken over two lines).

    >>> article_sentences("The U.S. and N. Korea met. “Yes,” he said.\\nHeadline\\nNext one.")
    ['The U.S. and N. Korea met.', '"Yes," he said.', 'Headline', 'Next one.']
    """
    return list(_sentences(text))


@functools.lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[str, ...]:
    """The sentences of a text (see :func:`article_sentences`), split once per text."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = normalize(raw)
        if not line:
            continue
        if lines and (re.search(r",['\"]?$", lines[-1]) or line[0].islower()):
            lines[-1] += " " + line
        else:
            lines.append(line)
    sentences = []
    for line in lines:
        start = 0
        for match in re.finditer(r"[.!?]['\"]?\s+(?=['\"]?[A-Z])", line):
            head = line[start:match.start() + 1]
            if _ABBREVIATION.search(head):
                continue
            sentences.append(line[start:match.end()].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return tuple(s for s in sentences if s)


def uncited_sentences(tables, min_share: float = 0.5) -> list[tuple[str, str]]:
    """The article sentences that the data does not cite, as ``(source_id, sentence)``.

    A sentence counts as cited when the evidence quoted from its article
    (citation quotes and the words of quotes) covers at least ``min_share``
    of its characters.
    """
    evidence: dict[str, list[str]] = {}
    for _, c in tables.citations.dropna(subset=["quote"]).iterrows():
        evidence.setdefault(c["source_id"], []).append(normalize(c["quote"]))
    for _, q in tables.quotes.iterrows():
        evidence.setdefault(q["source_id"], []).append(normalize(q["text"]))
    missing = []
    for _, source in tables.sources[tables.sources["kind"] == "article"].iterrows():
        words = evidence.get(source["source_id"], [])
        for sentence in article_sentences(seed_text(tables, source["source_id"])):
            covered = [False] * len(sentence)
            for quote in words:
                for match in re.finditer(re.escape(quote), sentence):
                    covered[match.start():match.end()] = [True] * (match.end() - match.start())
            if sum(covered) < min_share * len(sentence):
                missing.append((source["source_id"], sentence))
    return missing
