"""Reading the sources: the views, chart and widget of lesson 06 (``06-reading-the-sources``).

Source criticism on the kit's own two articles. Every function is pure
(tables in, an :class:`~korea_kit.render.views.HTMLView` or a
:class:`~korea_kit.charts.Chart` out), except :class:`SpotTheError`, a thin
widget that wires a menu and a toggle to :func:`claim_view` and
:func:`claim_answer_view`.

- :func:`strip_page_chrome` and :func:`articles_view`: the two articles side
  by side, with the page chrome at the top of the RT file taken off and shown;
- :func:`word_diff` and :func:`translations_view`: one sentence in several
  English translations, word by word;
- :func:`claims`, :func:`claim_view`, :func:`claim_answer_view`: the
  articles' errors and loose wording, each settled by records of ``data/``
  (the teacher's key of them all is :func:`korea_kit.teacher.spot_the_error_key`);
- :func:`loaded_terms` and :func:`loaded_language_view`: loaded words, who
  used them and about whom;
- :func:`date_clues` and :func:`dates_view`: how "Thursday" and "last month"
  become dates;
- :func:`coverage_chart`: what each article reports, sentence by sentence
  (drawn by :mod:`korea_kit.charts.coverage`).

The helpers :func:`record_text`, :func:`cited_view`, :func:`records_view`
and :func:`sources_used_view` render any records with numbered source notes;
the role-play lesson and the teacher's guide use them too.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> clean, removed = strip_page_chrome(seed_text(tables, "rt-2013-04-18"))
>>> removed.startswith("icon bookmark"), clean.startswith("US rejects N. Korea")
(True, True)
"""
from __future__ import annotations

import difflib
import html
import re
import string
from dataclasses import dataclass

import ipywidgets as widgets
from markupsafe import Markup

from korea_kit.charts import coverage as drawing
from korea_kit.charts.style import TOPICS, Chart
from korea_kit.data import parse_ref, parse_refs
from korea_kit.dates import day_name, format_date
from korea_kit.data.sources import article_sentences, normalize, seed_text, sentences_holding, source_mark
from korea_kit.render.records import articles, source_short_name, quote_version, actor_names, capitalized, record_text
from korea_kit.render.table import Cell
from korea_kit.render.views import HTMLView, event_dates, cited_view, sources_used_view
from korea_kit.widgets.access import lead
from korea_kit.widgets.panels import KitWidget, static_hint
from korea_kit.text import cell_text, join_words, plural

__all__ = [
    "LESSON",
    "articles",
    "strip_page_chrome",
    "describe_removal",
    "article_passage",
    "articles_view",
    "record_text",
    "records_view",
    "claim_correction",
    "word_diff",
    "words_in_common",
    "translations_view",
    "VERDICTS",
    "Claim",
    "claims",
    "SPOT_HINT",
    "claim_view",
    "claim_answer_view",
    "VERDICT_LABELS",
    "verdict_feedback",
    "SpotTheError",
    "spot_the_error",
    "LoadedTerm",
    "loaded_terms",
    "loaded_language_view",
    "DateClue",
    "date_clues",
    "years_stated",
    "dates_view",
    "sentence_topics",
    "coverage_figure",
    "describe_coverage",
    "coverage_chart",
    "lesson_refs",
    "lesson_sources",
    "actor_names",
    "source_short_name",
    "quote_version",
]

#: The lesson's name in ``selections.csv``.
LESSON = "06-reading-the-sources"


# --- the articles -------------------------------------------------------------------

def _is_chrome(line: str) -> bool:
    """A line of a page's icon names (``icon bookmark-bicon cameraicon …``), not article text."""
    words = line.split()
    return bool(words) and words[0].lower() == "icon" and 2 * sum("icon" in w.lower() for w in words) >= len(words)


def strip_page_chrome(text: str) -> tuple[str, str]:
    """``(clean, removed)``: ``text`` without the page chrome at its top, and exactly what was taken off.

    Page chrome is a run of lines at the very top that list a web page's icon
    names (as a scraper saves them), with the blank lines after it. Nothing
    else is touched, so ``removed + clean == text``, byte for byte; a text
    without chrome comes back whole, with ``removed == ""``.

    >>> strip_page_chrome("icon bookmark-bicon cameraicon\\n\\nHeadline\\nText.")
    ('Headline\\nText.', 'icon bookmark-bicon cameraicon\\n\\n')
    >>> strip_page_chrome("An icon of the age.\\n")
    ('An icon of the age.\\n', '')
    """
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and _is_chrome(lines[count]):
        count += 1
    if count:
        while count < len(lines) and not lines[count].strip():
            count += 1
    cut = sum(len(line) for line in lines[:count])
    return text[cut:], text[:cut]


def describe_removal(name: str, removed: str) -> str:
    """One sentence saying what :func:`strip_page_chrome` took off an article.

    >>> describe_removal("RT", "icon a-icon\\n\\n")
    'RT: taken off the top of the file, 1 line of page chrome (a list of icon names, 13 characters with the blank line after it). Nothing else was changed.'
    >>> describe_removal("IBTimes", "")
    'IBTimes: nothing taken off; the text is shown exactly as saved.'
    """
    if not removed:
        return f"{name}: nothing taken off; the text is shown exactly as saved."
    lines = [line for line in removed.splitlines() if line.strip()]
    blank = "s" if len(removed.splitlines()) - len(lines) > 1 else ""
    return (f"{name}: taken off the top of the file, {plural(len(lines), 'line')} of page chrome "
            f"(a list of icon names, {len(removed)} characters with the blank line{blank} after it). "
            "Nothing else was changed.")


_VARIANTS = {"'": "'\u2018\u2019\u201a\u201b", '"': '"\u201c\u201d\u201e\u201f',
             "-": "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}


def _raw_pattern(words: str) -> re.Pattern:
    """A pattern that finds ``words`` in a saved text whatever its quotes, dashes and white space."""
    parts = []
    for ch in normalize(words):
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _VARIANTS:
            parts.append("[" + re.escape(_VARIANTS[ch]) + "]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def article_passage(tables, source_id: str, words: str) -> str | None:
    """The whole sentence (or sentences) of an article that hold ``words``, exactly as saved.

    >>> from korea_kit import load_tables
    >>> article_passage(load_tables(), "rt-2013-04-18", "F-22 fighter jets")
    'The US for its part deployed its F-22 fighter jets and the ‘USS Fitzgerald’ destroyer into Korean waters, further escalating tensions.'
    >>> article_passage(load_tables(), "rt-2013-04-18", "no such words") is None
    True
    """
    raw = seed_text(tables, source_id)
    passage = sentences_holding(raw, words)
    found = _raw_pattern(passage).search(raw) if passage is not None else None
    return found.group(0) if found else None


def _mark(text: str, words: str | None) -> tuple[str, str]:
    """``text`` as HTML with ``words`` in ``<mark>``, and as plain text with them in «guillemets»."""
    found = _raw_pattern(words).search(text) if words else None
    if not found:
        return html.escape(text), text
    a, b = found.span()
    return (f"{html.escape(text[:a])}<mark>{html.escape(text[a:b])}</mark>{html.escape(text[b:])}",
            f"{text[:a]}«{text[a:b]}»{text[b:]}")


def _source_heading(tables, source_id: str) -> str:
    s = tables.record("sources", source_id)
    return f"{s['publisher']}, {s['published']} [{source_id}]"


def articles_view(tables, caption: str = "The two articles, side by side") -> HTMLView:
    """The two articles side by side, paragraph by paragraph (one row per paragraph number), from the raw
    files in ``seeds/``.

    The RT file's page chrome is taken off by :func:`strip_page_chrome`, and the
    view says exactly what was taken off; nothing else is changed.

    >>> from korea_kit import load_tables
    >>> view = articles_view(load_tables())
    >>> print(view.text.splitlines()[1])
    == International Business Times (IBTimes), 18 or 19 April 2013 [ibtimes-2013-04-18] ==
    >>> "icon bookmark" in view.text.split("Taken off")[0]
    False
    """
    columns, text, notes = [], [caption], []
    for source_id, name in articles(tables).items():
        clean, removed = strip_page_chrome(seed_text(tables, source_id))
        paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", clean) if p.strip()]
        columns.append([html.escape(p).replace(chr(10), "<br>") for p in paragraphs])
        text += [f"== {_source_heading(tables, source_id)} ==", *(f"¶{i} {' '.join(p.split(chr(10)))}"
                                                          for i, p in enumerate(paragraphs, 1)), ""]
        note = describe_removal(name, removed)
        shown = (f'<details><summary>Show the text taken off</summary><pre style="white-space:pre-wrap">'
                 f"{html.escape(removed)}</pre></details>") if removed else ""
        notes.append((f"<li>{html.escape(note)}{shown}</li>", note + (f" The text taken off: {removed.strip()}" if removed else "")))
    # one row per paragraph number, the articles side by side: a row stays short enough to read on a phone
    top = 'style="text-align:left;vertical-align:top"'
    head = f'<th scope="col" {top}>¶</th>' + "".join(
        f'<th scope="col" {top}>{html.escape(_source_heading(tables, s))}</th>' for s in articles(tables))
    rows = "".join(
        f"<tr><td {top}>{i}</td>"
        + "".join(f"<td {top}>{column[i - 1] if i <= len(column) else '—'}</td>" for column in columns) + "</tr>"
        for i in range(1, max(map(len, columns), default=0) + 1))
    page = (f'<table class="kk-table kk-articles"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f'<p>Taken off before display:</p><ul class="kk-notes">{"".join(h for h, _ in notes)}</ul>')
    return HTMLView(page, "\n".join([*text, "Taken off before display:", *(f"- {t}" for _, t in notes)]))


# --- records with numbered sources ------------------------------------------------------

def records_view(tables, refs, caption: str = "What the record says", *, kinds=None) -> HTMLView:
    """Records of any tables as one table (:func:`record_text`), with numbered sources.

    >>> from korea_kit import load_tables
    >>> print(records_view(load_tables(), [("places", "osan")], "Where").text)
    Where
    - Osan: a city in South Korea | [Air & Space Forces Magazine, 1 Apr; Wikipedia, “Osan Air…”]
    Evidence:
    Air & Space Forces Magazine, 1 Apr (verified)
    Wikipedia, “Osan Air…” (verified). Note: Osan Air Base lies in Pyeongtaek (Songtan), about 7.5 km south of Osan city, not in Osan.
    """
    rows = [([record_text(tables, table, record_id)], [(table, record_id)]) for table, record_id in refs]
    return cited_view(tables, ["What the record says"], rows, caption, kinds=kinds)


# --- translations -----------------------------------------------------------------------

_INS_STYLE = "text-decoration:underline;text-decoration-thickness:2px;background:#d5ebf9"
_DEL_STYLE = "text-decoration:line-through;background:#fbe0cc"


def _key(word: str) -> str:
    return normalize(word).strip(string.punctuation + "…").lower()


def word_diff(base: str, other: str) -> list[tuple[str, str]]:
    """The words of ``other`` compared with ``base``, as ``(kind, words)`` runs.

    ``kind`` is ``same``, ``del`` (in ``base`` only) or ``ins`` (in ``other``
    only). Words are compared without case, outer punctuation and typography.

    >>> word_diff("Dialogue can never go with war actions.", "Dialogue and war cannot co-exist")
    [('same', 'Dialogue'), ('del', 'can never go with'), ('ins', 'and'), ('same', 'war'), ('del', 'actions.'), ('ins', 'cannot co-exist')]
    """
    a, b = base.split(), other.split()
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in a], [_key(w) for w in b], autojunk=False)
    runs = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            runs.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("ins", " ".join(b[j1:j2])))
    return runs


def words_in_common(base: str, other: str) -> float:
    """The share of words two wordings have in common (0 to 1), as :func:`word_diff` matches them.

    >>> round(words_in_common("Dialogue can never go with war actions.", "Dialogue and war cannot co-exist"), 2)
    0.33
    """
    a, b = base.split(), other.split()
    same = sum(len(words.split()) for kind, words in word_diff(base, other) if kind == "same")
    return 2 * same / (len(a) + len(b)) if a or b else 1.0


def _diff_cell(runs) -> Cell:
    tags = {"ins": ("ins", _INS_STYLE, "[+", "+]"), "del": ("del", _DEL_STYLE, "[-", "-]")}
    parts_html, parts_text = [], []
    for kind, words in runs:
        if kind == "same":
            parts_html.append(html.escape(words))
            parts_text.append(words)
        else:
            tag, style, a, b = tags[kind]
            parts_html.append(f'<{tag} style="{style}">{html.escape(words)}</{tag}>')
            parts_text.append(f"{a}{words}{b}")
    return Cell(" ".join(parts_text), Markup(" ".join(parts_html)))


def _versions(tables, group_id: str):
    """The quotes of a group: the articles' wordings first (in :func:`articles` order), then the references'."""
    group = tables.quotes[tables.quotes["group_id"] == group_id]
    if group.empty:
        raise KeyError(f"no quotes in group {group_id!r}")
    order = {s: i for i, s in enumerate(articles(tables))}
    return sorted(group.to_dict("records"), key=lambda q: (order.get(q["source_id"], len(order)), q["quote_id"]))


def translations_view(tables, group_id: str, caption: str | None = None) -> HTMLView:
    """The English versions of one sentence, each compared word by word with the original's own English.

    The versions are the quotes sharing ``group_id``; the one the others are
    compared with is a reference's wording (e.g. KCNA's own English) if there
    is one, else the first. Words only in a version are underlined (``<ins>``);
    words of the compared-with wording that it lacks are struck through (``<del>``).

    >>> from korea_kit import load_tables
    >>> print(translations_view(load_tables(), "dialogue-war").text)  # doctest: +ELLIPSIS
    One sentence, 3 English versions
    Compared with: KCNA's own English. [+underlined+]: words only in that version; [-struck through-]: words of KCNA's own English that it leaves out.
    - KCNA's own English (compared with) | Dialogue can never go with war actions. | 100% | [KCNA, 18 Apr; KCNA, UPI, 18 Apr]
    - as printed by IBTimes | Dialogue [-can never go with-] [+and+] war [-actions.-] [+cannot co-exist+] | 33% | [IBTimes; KCNA, UPI, 18 Apr]
    - as printed by IBTimes | [-Dialogue-] [+Dialogues and war games+] can never go [-with war actions.-] [+together+] | 40% | [IBTimes; KCNA, UPI, 18 Apr]
    Evidence:
    KCNA, 18 Apr (verified)
    KCNA, UPI, 18 Apr (verified). Note: Dates the statement to Thursday 18 April 2013.
    IBTimes: “Dialogue and war cannot co-exist” (reported)
    IBTimes: “Dialogues and war games can never go together” (reported)
    """
    versions = _versions(tables, group_id)
    refs = [q for q in versions if q["source_id"] not in articles(tables)]
    base = refs[0] if refs else versions[0]
    rows = [base] + [q for q in versions if q is not base]
    caption = caption or f"One sentence, {len(versions)} English versions"
    name = quote_version(tables, base)
    intro = (f"Compared with: {name}. [+underlined+]: words only in that version; "
             f"[-struck through-]: words of {name} that it leaves out.")
    legend_html = (f"<p>Compared with: {html.escape(name)}. <ins style=\"{_INS_STYLE}\">Underlined</ins>: words only in "
                   f"that version; <del style=\"{_DEL_STYLE}\">struck through</del>: words of {html.escape(name)} "
                   "that it leaves out.</p>")
    cells = []
    for q in rows:
        label = quote_version(tables, q)
        if q is base:
            words, label = str(q["text"]), f"{label} (compared with)"
        else:
            words = _diff_cell(word_diff(str(base["text"]), str(q["text"])))
        share = f"{words_in_common(str(base['text']), str(q['text'])):.0%}"
        cells.append(([label, words, share], [("quotes", q["quote_id"])]))
    view = cited_view(tables, ["Version", "The words", "Words in common"], cells, caption)
    text = view.text.split("\n", 1)
    return HTMLView(legend_html + view.html, "\n".join([text[0], intro, text[1]]))


# --- spot the error ---------------------------------------------------------------------

#: Verdicts of a claim, as the key gives them.
VERDICTS = ("error", "loose wording", "matches the record")


@dataclass(frozen=True)
class Claim:
    """One claim of an article to check against the record.

    ``citation_id`` is the citation that holds the article's words (and, in its
    note, what the record shows instead); ``focus`` the words to look at;
    ``refs`` the ``(table, id)`` records that settle the claim.
    """

    claim_id: str
    label: str
    citation_id: str
    focus: str
    refs: tuple
    verdict: str


def claims(tables) -> tuple[Claim, ...]:
    """The claims of the spot-the-error exercise (``claims.csv``): the articles' known errors and
    loose wording, and two claims that the record bears out.

    >>> from korea_kit import load_tables
    >>> claims(load_tables())[0].refs
    (('events', 'nuclear-test-2013'), ('events', 'rocket-launch-2012'))
    """
    return tuple(Claim(str(r["claim_id"]), str(r["label"]), str(r["citation_id"]), str(r["focus"]),
                       tuple(parse_refs(r["record_refs"])), str(r["verdict"])) for _, r in tables.claims.iterrows())


_PROMPT = ("Is this what happened? Decide whether the words are wrong, loose, or right, "
           "and say what record would settle it. Then give your verdict.")


def _claim(tables, claim_id: str) -> Claim:
    found = claims(tables)
    for claim in found:
        if claim.claim_id == claim_id:
            return claim
    raise KeyError(f"no claim {claim_id!r}; the claims are {', '.join(c.claim_id for c in found)}")


def _citation(tables, citation_id: str) -> dict:
    return tables.record("citations", citation_id).to_dict()


def _claim_words(tables, claim: Claim) -> tuple[str, str, str]:
    """The claim's sentence as ``(html, text, source mark)``, its focus words marked."""
    c = _citation(tables, claim.citation_id)
    sentence = article_passage(tables, c["source_id"], c["quote"])
    marked_html, marked_text = _mark(sentence, claim.focus)
    return marked_html, marked_text, source_mark(tables, c["source_id"])


def claim_view(tables, claim_id: str) -> HTMLView:
    """What the article says: the claim's sentence, verbatim, its focus words marked, and the question.

    >>> from korea_kit import load_tables
    >>> print(claim_view(load_tables(), "f22-waters").text)  # doctest: +ELLIPSIS
    RT: “The US for its part deployed its F-22 fighter jets and the ‘USS Fitzgerald’ destroyer «into Korean waters», further escalating tensions.”
    Is this what happened? Decide whether the words are wrong, loose, or right, and say what record would settle it. Then give your verdict.
    """
    words_html, words_text, source = _claim_words(tables, _claim(tables, claim_id))
    page = (f'<div class="kk-claim"><p><strong>What the article says</strong> '
            f"(<cite>{html.escape(source)}</cite>):</p><blockquote>{words_html}</blockquote>"
            f"<p><em>{html.escape(_PROMPT)}</em></p></div>")
    return HTMLView(page, f"{source}: “{words_text}”\n{_PROMPT}")


def claim_correction(tables, claim: Claim) -> str:
    """What the record shows instead of a claim's words (its citation's note), or that it agrees.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> found = [claim_correction(tables, c) for c in claims(tables)]
    >>> all(found), "The record agrees with the article's words." in found
    (True, True)
    """
    note = cell_text(_citation(tables, claim.citation_id)["note"])
    return note or "The record agrees with the article's words."


def claim_answer_view(tables, claim_id: str) -> HTMLView:
    """What the record says about a claim: the verdict, the correction, the records with their sources.

    >>> from korea_kit import load_tables
    >>> print(claim_answer_view(load_tables(), "third-missile-test").text)  # doctest: +ELLIPSIS
    Verdict: error. RT calls it a 'missile test': it was the third nuclear test.
    What the record says
    - 12 February 2013: North Korea carried out its third nuclear test and was condemned for it. | [IBTimes; RT; Wikipedia, “2013 North…”]
    - 12 December 2012: North Korea launched a long-range rocket. | [UN Security Council]
    Evidence:
    IBTimes: “Tensions in the Korean peninsula have been escalating ever since Pyongyang was condemned for its nuclear test in February.” (reported)
    RT: “The latest standoff between North Korea and the US – backed by South Korea – has been going on since Pyongyang’s third missile test in February of this year.” (reported). Note: RT calls it a 'missile test': it was the third nuclear test.
    Wikipedia, “2013 North…” (verified). Note: Dates the test to 12 February 2013, the year the articles leave out.
    UN Security Council (verified). Note: Resolution 2087 followed the rocket launch of 12 December 2012.
    """
    claim = _claim(tables, claim_id)
    verdict = f"Verdict: {claim.verdict}. {claim_correction(tables, claim)}"
    records = records_view(tables, claim.refs)
    return HTMLView(f'<div class="kk-answer"><p><strong>{html.escape(verdict)}</strong></p>{records.html}</div>',
                    f"{verdict}\n{records.text}")


def _claims_list(tables) -> tuple[str, list[str]]:
    items_html, items_text = [], []
    for number, claim in enumerate(claims(tables), 1):
        words_html, words_text, source = _claim_words(tables, claim)
        items_html.append(f"<li><strong>{html.escape(claim.label)}</strong> (<cite>{html.escape(source)}</cite>): "
                          f"“{words_html}”</li>")
        items_text.append(f"{number}. {claim.label} ({source}): “{words_text}”")
    return f'<ol class="kk-claims">{"".join(items_html)}</ol>', items_text


#: Shown under the static rendering of :class:`SpotTheError`.
SPOT_HINT = static_hint("pick a claim, give your verdict and check it against the record")

#: The height of the box of the verdict's feedback (it scrolls when the record is longer).
SPOT_HEIGHT = "340px"

#: The verdicts a learner can give, as the buttons show them (values of :data:`VERDICTS`).
VERDICT_LABELS = (("Error", "error"), ("Loose wording", "loose wording"), ("Matches the record", "matches the record"))


def verdict_feedback(tables, claim_id: str, verdict: str | None) -> HTMLView:
    """A learner's verdict on a claim checked against ``claims.csv``: right or not, then what the record says
    (:func:`claim_answer_view`). With no verdict yet, a line that asks for one.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> first = claims(tables)[0]
    >>> print(verdict_feedback(tables, first.claim_id, None).text)
    Give your verdict: the record, and whether you are right, appear here.
    >>> right = verdict_feedback(tables, first.claim_id, first.verdict).text.splitlines()
    >>> right[0] == f"Right: {first.verdict}." and right[1].startswith("Verdict: ")
    True
    >>> other = next(v for v in VERDICTS if v != first.verdict)
    >>> verdict_feedback(tables, first.claim_id, other).text.startswith(f"Not quite: you said “{other}”;")
    True
    """
    if verdict is None:
        line = "Give your verdict: the record, and whether you are right, appear here."
        return HTMLView(f"<p><small>{html.escape(line)}</small></p>", line)
    claim = _claim(tables, claim_id)
    if verdict == claim.verdict:
        head, css = f"Right: {claim.verdict}.", "kk-right"
    else:
        head, css = f"Not quite: you said “{verdict}”; the verdict of the record is “{claim.verdict}”.", "kk-wrong"
    record = claim_answer_view(tables, claim_id)
    return HTMLView(f'<p class="{css}"><strong>{html.escape(head)}</strong></p>{record.html}', f"{head}\n{record.text}")


class SpotTheError(KitWidget):
    """Spot the error: pick a claim, read the article's words, give a verdict, and get the record's.

    The verdict buttons (error, loose wording, matches the record) start unpressed for each claim; pressing
    one shows whether it is right and what the record says (:func:`verdict_feedback`), so a learner alone
    checks each claim and learns from it.

    Attributes
    ----------
    claim : ipywidgets.Dropdown
        The claim (its value is a claim id of :func:`claims`).
    verdict : ipywidgets.ToggleButtons
        The learner's verdict (None until one is pressed; back to None for a new claim).
    article : ipywidgets.HTML
        :func:`claim_view` of the chosen claim.
    record : ipywidgets.HTML
        :func:`verdict_feedback` of the chosen claim and verdict.
    """

    def __init__(self, tables, **kwargs):
        self._tables = tables
        self.claim = widgets.Dropdown(options=[(c.label, c.claim_id) for c in claims(tables)],
                                      value=claims(tables)[0].claim_id,
                                      description="Claim", layout=widgets.Layout(width="max-content"))
        self.verdict = widgets.ToggleButtons(options=list(VERDICT_LABELS), value=None, description="Verdict",
                                             style={"button_width": "auto"})
        self.article, self.record = widgets.HTML(), widgets.HTML()
        # the feedback in a box of fixed height under the verdict: the claim, the buttons and the answer on one screen
        self.answer = widgets.VBox([self.record], layout=widgets.Layout(max_height=SPOT_HEIGHT, overflow="auto"))
        super().__init__(children=[self.claim, self.article, self.verdict, self.answer], **kwargs)
        self.add_class("kk-spot-the-error")
        self.access.region(self.answer, "The verdict and the record")
        listing, lines = _claims_list(tables)
        self.set_static(f'<div class="kk-spot-static"><p>The claims to check:</p>{listing}'
                        f"<p><em>{SPOT_HINT}</em></p></div>",
                        "\n".join(["The claims to check:", *lines, SPOT_HINT]))
        self._update()
        self.claim.observe(self._update, names="value")
        self.verdict.observe(self._update, names="value")

    def _update(self, change=None):
        if change is not None and change["owner"] is self.claim:
            self.verdict.value = None  # a new claim: a new verdict (this sets off its own update)
        article = claim_view(self._tables, self.claim.value)
        self.article.value = article.html
        feedback = verdict_feedback(self._tables, self.claim.value, self.verdict.value)
        self.record.value = feedback.html
        if change is not None:  # the claim's words, or the verdict's feedback
            self.access.say(lead(feedback.text if self.verdict.value is not None else article.text))


def spot_the_error(tables, **kwargs) -> SpotTheError:
    """The spot-the-error exercise as a :class:`SpotTheError` widget.

    >>> from korea_kit import load_tables
    >>> w = spot_the_error(load_tables())
    >>> w.claim.value, w.verdict.value, "Verdict" in w.record.value
    ('third-missile-test', None, False)
    >>> w.verdict.value = "loose wording"
    >>> w.record.value.count("Not quite"), "Verdict: error." in w.record.value
    (1, True)
    >>> w.claim.value = "kaesong-april-9"
    >>> w.verdict.value, "Verdict" in w.record.value
    (None, False)
    """
    return SpotTheError(tables, **kwargs)


# --- loaded language --------------------------------------------------------------------

@dataclass(frozen=True)
class LoadedTerm:
    """Loaded words: the quotes (or the articles' own sentences) that use them, and whom they are about.

    ``quote_ids`` are quotes of a speaker; ``citation_ids`` are citations that hold an
    article's own words (an article writing in its own voice is no quote of anyone).
    ``about`` are actor ids; ``evidence`` are words that show whom the words are about,
    found in the record ``evidence_ref`` (the quote itself, or the record it belongs to).
    ``about`` is empty when the data does not say.
    """

    words: str
    quote_ids: tuple
    about: tuple
    evidence: str
    evidence_ref: tuple
    citation_ids: tuple = ()


def loaded_terms(tables) -> tuple[LoadedTerm, ...]:
    """Loaded words (``terms.csv``), each with whom it is about and the words that show it: first those
    of the North Korean statements, then those of the US officials and of the two articles themselves.

    >>> from korea_kit import load_tables
    >>> loaded_terms(load_tables())[0].about
    ('rok',)
    """
    def ids(value) -> tuple:
        return tuple(cell_text(value).split(";")) if cell_text(value) else ()

    return tuple(LoadedTerm(str(r["words"]), ids(r["quote_ids"]), ids(r["about_ids"]), str(r["evidence"]),
                            parse_ref(r["evidence_ref"]), ids(r["citation_ids"])) for _, r in tables.terms.iterrows())


def _about(tables, term: LoadedTerm, sentence: str) -> str:
    if not term.about:
        return "The data does not say."
    whom = capitalized(actor_names(tables, term.about))
    if normalize(term.evidence).lower() in normalize(sentence).lower():
        return f"{whom}: the words themselves say so (“{term.evidence}”)."
    return f"{whom}: the quote does not name them; the record it belongs to does (“{term.evidence}”)."


def _term_use(tables, term: LoadedTerm):
    """``(sentence, who used the words (whose English), records to cite)`` of a loaded term."""
    if term.quote_ids:
        quotes = tables.indexed("quotes")
        sentence = str(quotes.loc[term.quote_ids[0], "text"])
        speakers = capitalized(join_words(list(dict.fromkeys(actor_names(tables, [quotes.loc[q, "speaker_id"]])
                                                 for q in term.quote_ids))))
        versions = "; ".join(dict.fromkeys(quote_version(tables, quotes.loc[q]) for q in term.quote_ids))
        return sentence, f"{speakers} ({versions})", [("quotes", q) for q in term.quote_ids]
    cites = tables.indexed("citations")
    first = cites.loc[term.citation_ids[0]]
    articles = list(dict.fromkeys(source_short_name(tables, cites.loc[c, "source_id"]) for c in term.citation_ids))
    who = capitalized(join_words([f"the {name} article" for name in articles])) + " (its own words)"
    return str(first["quote"]), who, [(cites.loc[c, "table"], cites.loc[c, "record_id"]) for c in term.citation_ids]


def loaded_language_view(tables, caption: str = "Loaded words: who used them, and about whom") -> HTMLView:
    """Each loaded term of :func:`loaded_terms`: its sentence, who used it (and whose English), about whom.

    The terms come from every side: the North's statements, the US officials, and the
    two articles writing in their own voice.

    >>> from korea_kit import load_tables
    >>> print(loaded_language_view(load_tables()).text.splitlines()[1])  # doctest: +ELLIPSIS
    - puppet South | “If the United States and the «puppet South» have the slightest desire to avoid the sledge-hammer blow of our army and the people... and truly wish dialogue and negotiations, they must make the resolute decision” | The Policy Department of the National Defense Commission (as printed by IBTimes; as printed by RT) | South Korea: the words themselves say so (“the puppet South”). | [IBTimes; KCNA, UPI, 18 Apr; RT]
    """
    rows = []
    for term in loaded_terms(tables):
        sentence, who, refs = _term_use(tables, term)
        in_context = _mark(sentence, term.words)
        if term.evidence_ref not in refs:
            refs.append(term.evidence_ref)
        rows.append(([term.words, Cell(f"“{in_context[1]}”", Markup(f"“{in_context[0]}”")), who,
                      _about(tables, term, sentence)], refs))
    return cited_view(tables, ["Words", "In their sentence", "Who used them (whose English)", "About whom"],
                      rows, caption)


# --- dates ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DateClue:
    """A relative or incomplete date in an article, and the event records it points to."""

    words: str
    source_id: str
    refs: tuple


def date_clues(tables) -> tuple[DateClue, ...]:
    """The articles' relative and year-less dates (``date_clues.csv``), each with the events they point to.

    >>> from korea_kit import load_tables
    >>> date_clues(load_tables())[0]
    DateClue(words='on Thursday', source_id='ibtimes-2013-04-18', refs=(('events', 'preconditions-2013'),))
    """
    return tuple(DateClue(str(r["words"]), str(r["source_id"]), tuple(("events", e) for e in str(r["event_ids"]).split(";")))
                 for _, r in tables.date_clues.iterrows())


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def years_stated(tables) -> dict[str, list[str]]:
    """The years (four-digit numbers from 1800 to 2099) written in each article.

    >>> from korea_kit import load_tables
    >>> years_stated(load_tables())
    {'ibtimes-2013-04-18': [], 'rt-2013-04-18': []}
    """
    return {s: re.findall(r"(?<![\d,.])(?:18|19|20)\d\d(?!\d|,\d)", seed_text(tables, s)) for s in articles(tables)}


def _reading(tables, clue: DateClue) -> str:
    """How the kit reads a clue, in words worked out from the records and the calendar."""
    events = tables.indexed("events")
    also = "".join(f" The sentence also points to “{events.loc[r, 'title']}”, {event_dates(events.loc[r])}."
                   for _, r in clue.refs[1:])
    return _first_reading(tables, clue, events.loc[clue.refs[0][1]]) + also


def _first_reading(tables, clue: DateClue, event) -> str:
    day = event["date"]
    when = event_dates(event) if event["date_precision"] == "day" else format_date(day, event["date_precision"])
    weekday = next((w for w in _WEEKDAYS if w.lower() in clue.words.lower()), None)
    published = tables.record("sources", clue.source_id)["published"]
    if weekday:
        check = "as the article says" if day_name(day) == weekday else f"not a {weekday}"
        return f"The reference dates it to {format_date(day)}, a {day_name(day)} ({check}), in the week the article appeared ({published})."
    if "month" in clue.words.lower():
        return (f"The record dates it to {when}: {format_date(day, 'month')}, the month before the article "
                f"appeared ({published}).")
    if "this year" in clue.words.lower():
        return f"“This year” is the article's own year: the reference dates it to {when}."
    return f"The article gives no year: the reference dates it to {when}."


def dates_view(tables, caption: str = "From the articles' words to dates") -> HTMLView:
    """Each clue of :func:`date_clues`: the article's sentence, the records it points to, how the kit reads it.

    Only the references' citations are listed as sources: the article's own
    words are in the first column, with the article named.

    >>> from korea_kit import load_tables
    >>> print(dates_view(load_tables()).text)  # doctest: +ELLIPSIS
    From the articles' words to dates
    Years written in the articles: none in IBTimes, none in RT.
    - IBTimes: “Signaling a possible diffusion of tension in the Korean Peninsula, North Korea «on Thursday» offered the U.S. and South Korea a list of preconditions for talks, including demands to lift the U.N. sanctions and to end the joint U.S.-South Korea military drills.” | 18 April 2013: North Korea named its preconditions for talks with the United States and South Korea in a statement carried by KCNA. | The reference dates it to 18 April 2013, a Thursday (as the article says), in the week the article appeared (18 or 19 April 2013). | [KCNA, UPI, 18 Apr]
    - RT: “«Earlier Thursday», Pyongyang demanded the removal of all UN sanctions and a promise by the US not to engage in ‘nuclear war practice’ with Seoul.” | 18 April 2013: North Korea named its preconditions for talks with the United States and South Korea in a statement carried by KCNA. | The reference dates it to 18 April 2013, a Thursday (as the article says), in the week the article appeared (18 or 19 April 2013). | [KCNA, UPI, 18 Apr]
    - IBTimes: “«On Wednesday», U.N. Secretary-General Ban Ki-moon urged North Korea to “seriously” consider a dialogue with the South about Kaesong Industrial Complex.” | 17 April 2013: UN Secretary-General Ban Ki-moon urged North Korea to take the South's offer of dialogue seriously. | The reference dates it to 17 April 2013, a Wednesday (as the article says), in the week the article appeared (18 or 19 April 2013). | [United Nations, 17-18 Apr]
    - IBTimes: “It added that Seoul must stop all anti-North Korea rhetoric, referring to the blame Seoul aimed at its hostile northern neighbor for a cyber attack on South Korean broadcasters and banks «last month».” | 20 March 2013: A cyber attack hit the South Korean broadcasters KBS, MBC and YTN and the Shinhan, NongHyup and Jeju banks. / 10 April 2013: South Korea formally blamed North Korea for the cyber attack of 20 March. | The record dates it to 20 March 2013: March 2013, the month before the article appeared (18 or 19 April 2013). The sentence also points to “Seoul blames North for cyber attack”, 10 April 2013. | [Korea Herald, 20 Mar; China Daily, 10 Apr]
    - IBTimes: “Tensions in the Korean peninsula have been escalating ever since Pyongyang was condemned for its nuclear test «in February».” | 12 February 2013: North Korea carried out its third nuclear test and was condemned for it. | The article gives no year: the reference dates it to 12 February 2013. | [Wikipedia, “2013 North…”]
    - RT: “The latest standoff between North Korea and the US – backed by South Korea – has been going on since Pyongyang’s third missile test «in February of this year».” | 12 February 2013: North Korea carried out its third nuclear test and was condemned for it. | “This year” is the article's own year: the reference dates it to 12 February 2013. | [Wikipedia, “2013 North…”]
    - IBTimes: “Pyongyang opposes the fresh U.N. sanctions following the test and two months of joint U.S.-South Korean field exercises that «began March 1».” | 1 March to 30 April 2013: US and South Korean forces held the two-month Foal Eagle field exercise, which they called annual and defensive. | The article gives no year: the reference dates it to 1 March to 30 April 2013. | [GlobalSecurity.org; US Forces Korea, 29 Apr]
    - IBTimes: “«On April 14», North Korea had refused to negotiate with the South on the future of the joint Kaesong Industrial Complex, calling the offer an “empty, meaningless” act aimed at disguising invasion plans.” | 14 April 2013: North Korea refused the South's offer of talks on Kaesong, calling it empty and meaningless. | The article gives no year: the reference dates it to 14 April 2013. | [ABC, 14 Apr]
    - IBTimes: “North Korean laborers failed to report for work «on April 9» at the complex, a few kilometers inside the border with North Korea, effectively shutting down the last major symbol of cooperation between the hostile neighbors.” | 9 April 2013: North Korean workers did not report for work at Kaesong, which in effect shut the complex down. | The article gives no year: the reference dates it to 9 April 2013. | [Yonhap, 9 Apr]
    Evidence:
    KCNA, UPI, 18 Apr (verified). Note: 'Thursday' in both articles is 18 April 2013, the date of the KCNA text.
    United Nations, 17-18 Apr (verified)
    Korea Herald, 20 Mar (verified)
    China Daily, 10 Apr (verified)
    Wikipedia, “2013 North…” (verified). Note: Dates the test to 12 February 2013, the year the articles leave out.
    GlobalSecurity.org (verified)
    US Forces Korea, 29 Apr (verified). Note: USFK: "annual", "non-provocative".
    ABC, 14 Apr (verified)
    Yonhap, 9 Apr (verified)
    """
    years = years_stated(tables)
    said = ", ".join(f"{', '.join(found) if found else 'none'} in {articles(tables)[s]}" for s, found in years.items())
    rows = []
    for clue in date_clues(tables):
        sentence = article_passage(tables, clue.source_id, clue.words)
        marked = _mark(sentence, clue.words)
        name = source_short_name(tables, clue.source_id)
        records = [record_text(tables, t, r) for t, r in clue.refs]
        rows.append(([Cell(f"{name}: “{marked[1]}”", Markup(f"{html.escape(name)}: “{marked[0]}”")),
                      Cell(" / ".join(records), Markup("<br>".join(html.escape(r) for r in records))),
                      _reading(tables, clue)], clue.refs))
    return cited_view(tables, ["The article's words", "The record", "How the kit reads it"], rows, caption,
                      kinds=("reference",), intro=f"Years written in the articles: {said}.")


# --- what each article reports: the chart -----------------------------------------------

def _record_topics(tables, table: str, record_id: str) -> set[str]:
    """The topics of a record: its own, or for a quote those of the demands it states or answers."""
    if table in ("events", "demands", "figures"):
        return {str(tables.record(table, record_id)["topic"])}
    if table == "quotes":
        d, a = tables.demands, tables.answers
        answered = {i for ids in a.loc[a["quote_id"] == record_id, "demand_ids"] for i in str(ids).split(";")}
        return set(d.loc[(d["quote_id"] == record_id) | d["demand_id"].isin(answered), "topic"].astype(str))
    return set()


def sentence_topics(tables, source_id: str) -> list[tuple[str, frozenset]]:
    """The sentences of an article (page chrome left out) with the topics of the records that cite them.

    A sentence counts for a topic when evidence quoted from it (a citation's
    words or a quote's text) belongs to a record of that topic; a sentence
    cited only by actors, places or terms has no topic.

    >>> from korea_kit import load_tables
    >>> first = sentence_topics(load_tables(), "ibtimes-2013-04-18")[0]
    >>> first[0][:40], sorted(first[1])
    ('Signaling a possible diffusion of tensio', ['demands', 'drills', 'sanctions'])
    """
    clean, _ = strip_page_chrome(seed_text(tables, source_id))
    flat, spans, at = normalize(clean), [], 0
    for sentence in article_sentences(clean):
        at = flat.find(sentence, at)
        spans.append((sentence, at, at + len(sentence)))
        at += len(sentence)
    evidence = [(c["quote"], c["table"], c["record_id"])
                for _, c in tables.citations[tables.citations["source_id"] == source_id].iterrows() if cell_text(c["quote"])]
    evidence += [(q["text"], "quotes", q["quote_id"])
                 for _, q in tables.quotes[tables.quotes["source_id"] == source_id].iterrows()]
    topics = [set() for _ in spans]
    for words, table, record_id in evidence:
        found = _record_topics(tables, table, record_id)
        for match in re.finditer(re.escape(normalize(words)), flat):
            for i, (_, a, b) in enumerate(spans):
                if a < match.end() and b > match.start():
                    topics[i] |= found
    return [(sentence, frozenset(t)) for (sentence, _, _), t in zip(spans, topics)]


def _coverage(tables):
    """``{source_id: {topic: sentences}}`` and ``{source_id: (sentences, without a topic)}``."""
    counts, totals = {}, {}
    for source_id in articles(tables):
        found = sentence_topics(tables, source_id)
        counts[source_id] = {t: sum(t in topics for _, topics in found) for t in TOPICS}
        totals[source_id] = (len(found), sum(not topics for _, topics in found))
    return counts, totals


def coverage_figure(tables, *, width: float = 8.0):
    """Bars of the sentences of each article by topic: solid for IBTimes, hatched for RT
    (:func:`korea_kit.charts.coverage.coverage_figure` of :func:`sentence_topics` counted by topic).

    Artists carry ids: ``bar:<topic>:<source_id>`` for the bars,
    ``marker:<topic>:<source_id>`` for the topic's marker at each bar's end and
    ``count:<topic>:<source_id>`` for the numbers.

    >>> from korea_kit import load_tables
    >>> fig = coverage_figure(load_tables())
    >>> fig.get_suptitle()
    'What each article reports: its sentences by topic'
    """
    counts, _ = _coverage(tables)
    return drawing.coverage_figure(counts, articles(tables), width=width)


def describe_coverage(tables) -> str:
    """Alt text for :func:`coverage_figure`: one paragraph from the same counts.

    >>> from korea_kit import load_tables
    >>> print(describe_coverage(load_tables()))  # doctest: +ELLIPSIS
    Bar chart of the sentences of the two articles by topic, ... IBTimes has 16 sentences; ...
    """
    return drawing.describe_coverage(*_coverage(tables), articles(tables))


def coverage_chart(tables, *, width: float = 8.0) -> Chart:
    """:func:`coverage_figure` with its description and the sources of the records counted, as a :class:`Chart`.

    >>> from korea_kit import load_tables
    >>> coverage_chart(load_tables()).caption.startswith("Sources: IBTimes; RT; ")
    True
    """
    from korea_kit.data.sources import marks_line

    cites = tables.citations[tables.citations["source_id"].isin(list(articles(tables)))]
    refs = [(t, r) for t, r in zip(cites["table"], cites["record_id"]) if t in ("events", "demands", "figures")]
    refs += [("quotes", q) for q in tables.quotes.loc[tables.quotes["source_id"].isin(list(articles(tables))), "quote_id"]]
    return drawing.coverage_chart(*_coverage(tables), articles(tables), marks_line(tables, refs), width=width)


# --- the lesson's sources -----------------------------------------------------------------

def lesson_refs(tables) -> list[tuple[str, str]]:
    """Every record lesson 06 shows, as ``(table, id)``.

    >>> from korea_kit import load_tables
    >>> ("quotes", "first-step-kcna") in lesson_refs(load_tables())
    True
    """
    refs = [ref for claim in claims(tables) for ref in claim.refs]
    refs += [ref for clue in date_clues(tables) for ref in clue.refs]
    refs += [ref for term in loaded_terms(tables) for ref in _term_use(tables, term)[2]] + [t.evidence_ref for t in loaded_terms(tables)]
    for group in ("first-step", "dialogue-war", "resolute"):
        refs += [("quotes", q) for q in tables.quotes.loc[tables.quotes["group_id"] == group, "quote_id"]]
    return list(dict.fromkeys(refs))


def lesson_sources(tables, caption: str = "The sources of this lesson") -> HTMLView:
    """The sources behind every record lesson 06 shows.

    >>> from korea_kit import load_tables
    >>> print(lesson_sources(load_tables()).text.splitlines()[1])
    1. International Business Times, report on North Korea's preconditions for talks, 18 or 19 April 2013 (text in seeds/000_7c6f41b99dd818c6.txt) [IBTimes]. Used for: 10 events, 7 quotes, 1 figure, 1 demand.
    """
    return sources_used_view(tables, lesson_refs(tables), caption)

