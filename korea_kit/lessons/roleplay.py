"""The negotiation role-play: the views, chart and widget of lesson 07 (``07-negotiation-role-play``).

Learners take a side (North Korea, the United States, South Korea, China, the
UN Secretary-General) and choose moves. Every move is backed by a record of
``data/``: most meet a stated precondition (a row of ``demands.csv`` of kind
``precondition``) asked of that side; the others take up an appeal or an offer,
or are other steps on record, and meet none. Only preconditions are counted:
:func:`verdict` is a pure function from the chosen moves to which preconditions
are met and whether talks could start; :class:`NegotiationTable` only wires a
side toggle and one checkbox per move to it. Every answer comes from
``answers.csv``.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> verdict(tables, []).can_start
False
>>> every = [m.move_id for m in moves(tables) if m.meets]
>>> verdict(tables, every).can_start
True
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from korea_kit.charts import preconditions as drawing
from korea_kit.charts.style import Chart
from korea_kit.data import parse_ref, parse_refs, selection
from korea_kit.data.sources import refs_line
from korea_kit.render.records import source_short_name, quote_version, actor_names, answers_to, answer_line, record_text
from korea_kit.render.views import HTMLView, SourceNotes, event_dates, cited_view, sources_used_view
from korea_kit.widgets.panels import KitWidget
from korea_kit.text import cell_text, join_words, plural

__all__ = [
    "LESSON",
    "side_ids",
    "TABLE_HINT",
    "side_of",
    "side_name",
    "Move",
    "moves",
    "SideVerdict",
    "Verdict",
    "verdict",
    "verdict_view",
    "preconditions_figure",
    "describe_preconditions",
    "preconditions_chart",
    "side_brief_view",
    "role_card",
    "role_cards",
    "record_of_april",
    "NegotiationTable",
    "negotiation_table",
    "lesson_refs",
    "lesson_sources",
]

#: The lesson's name in ``selections.csv``.
LESSON = "07-negotiation-role-play"


def side_ids(tables) -> tuple[str, ...]:
    """The sides a learner can take, as actor ids (``selections.csv``): four states and the UN Secretary-General.

    >>> from korea_kit import load_tables
    >>> side_ids(load_tables())
    ('dprk', 'usa', 'rok', 'china', 'ban')
    """
    return tuple(selection(tables, LESSON, "sides")["record_id"])

#: Shown under the static rendering of :class:`NegotiationTable`.
TABLE_HINT = ("Run this notebook in JupyterLab to take a side, tick moves, and watch which "
              "preconditions are met.")


def side_of(tables, actor_id: str) -> str | None:
    """The side an actor belongs to (following ``part_of``), or None.

    >>> from korea_kit import load_tables
    >>> [side_of(load_tables(), a) for a in ("ndc-policy", "earnest", "ban", "unsc")]
    ['dprk', 'usa', 'ban', None]
    """
    parent = tables.indexed("actors")["part_of"]
    seen = set()
    chosen = side_ids(tables)
    while actor_id and actor_id not in chosen and actor_id not in seen:
        seen.add(actor_id)
        actor_id = cell_text(parent.get(actor_id))
    return actor_id or None


def side_name(tables, side: str) -> str:
    """A side's name: a state's name, or a person's office and name (from their role).

    >>> from korea_kit import load_tables
    >>> side_name(load_tables(), "usa"), side_name(load_tables(), "ban")
    ('United States', 'UN Secretary-General (Ban Ki-moon)')
    """
    actor = tables.record("actors", side)
    if actor["kind"] == "person":
        return f"{str(actor['role']).split(';')[0]} ({actor['name']})"
    return str(actor["name"])


def _sides(tables, ids) -> list[str]:
    """The sides of ``;``-separated actor ids, in :func:`side_ids` order."""
    found = {side_of(tables, a) for a in str(ids).split(";") if a}
    return [s for s in side_ids(tables) if s in found]


@dataclass(frozen=True)
class Move:
    """A move a side can make, backed by the record ``ref`` (with ``context``, records that explain it);
    ``meets`` is the precondition it meets, if any; ``takes_up`` the appeal or offer it answers, if any."""

    move_id: str
    side: str
    label: str
    ref: tuple
    meets: str | None
    context: tuple = ()
    takes_up: str | None = None


def _is_precondition(demand) -> bool:
    return str(demand["kind"]) == "precondition"


def moves(tables, side: str | None = None) -> list[Move]:
    """The moves on offer (of one side, or all): one per demand asked of a side (it meets the demand only
    if the demand is a precondition; an appeal or an offer is taken up, not met), then the moves of ``moves.csv``.
    A disputed addressee (``disputed_of_ids``) is not asked to move.

    >>> from korea_kit import load_tables
    >>> [m.move_id for m in moves(load_tables(), "rok")]  # doctest: +NORMALIZE_WHITESPACE
    ['rok:stop-provocations-apologize', 'rok:withdraw-sanctions', 'rok:no-nuclear-war-rehearsal',
     'rok:stop-rhetoric', 'rok:reopen-kaesong']
    >>> [m.label for m in moves(load_tables(), "dprk") if m.move_id == "dprk:consider-dialogue"]
    ["Take the South's offer of dialogue seriously (takes up Ban Ki-moon's appeal: not a precondition)"]
    """
    found = []
    for _, d in tables.demands.iterrows():
        for s in _sides(tables, d["of_ids"]):
            if _is_precondition(d):
                found.append(Move(f"{s}:{d['demand_id']}", s, str(d["demand"]), ("demands", d["demand_id"]),
                                  d["demand_id"]))
            else:
                label = (f"{str(d['demand']).rstrip('.')} (takes up {actor_names(tables, [d['by_id']])}'s {d['kind']}: "
                         "not a precondition)")
                found.append(Move(f"{s}:{d['demand_id']}", s, label, ("demands", d["demand_id"]), None,
                                  takes_up=d["demand_id"]))
    found += [Move(f"{m['side_id']}:{m['move_id']}", str(m["side_id"]), str(m["label"]), parse_ref(m["record_ref"]),
                   None, tuple(parse_refs(m["context_refs"]))) for _, m in tables.moves.iterrows()]
    order = {s: i for i, s in enumerate(side_ids(tables))}
    found.sort(key=lambda m: (order[m.side], m.meets is None))
    ids = [m.move_id for m in found]
    if len(set(ids)) != len(ids):
        raise ValueError(f"two moves share an id: {sorted(i for i in ids if ids.count(i) > 1)[0]}")
    return [m for m in found if side is None or m.side == side]


@dataclass(frozen=True)
class SideVerdict:
    """One side's stated preconditions (demand ids), split into met and not met."""

    side: str
    name: str
    met: tuple[str, ...]
    unmet: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    """Which stated preconditions the chosen moves meet, side by side, and whether talks could start."""

    moves: tuple[str, ...]
    sides: tuple[SideVerdict, ...]
    extras: tuple[str, ...]

    @property
    def can_start(self) -> bool:
        """Talks can start only when every side's stated preconditions are met."""
        return all(not s.unmet for s in self.sides)

    @property
    def waiting(self) -> tuple[str, ...]:
        """The names of the sides with preconditions still unmet."""
        return tuple(s.name for s in self.sides if s.unmet)


def verdict(tables, chosen) -> Verdict:
    """The verdict on a set of chosen move ids (see :func:`moves`).

    Only demands of kind ``precondition`` count: an appeal or an offer is never
    a side's precondition. A precondition is met when every side it was asked of
    has made the move that meets it. Talks can start when every side's
    preconditions are met.

    >>> from korea_kit import load_tables
    >>> v = verdict(load_tables(), ["usa:abandon-nuclear-ambitions"])
    Traceback (most recent call last):
    ...
    ValueError: no move 'usa:abandon-nuclear-ambitions'; a side's moves are listed by moves(tables, side)
    >>> v = verdict(load_tables(), ["usa:withdraw-sanctions", "rok:withdraw-sanctions", "usa:food-aid"])
    >>> v.sides[0].met, v.extras, v.can_start
    (('withdraw-sanctions',), ('usa:food-aid',), False)
    """
    offered = {m.move_id: m for m in moves(tables)}
    chosen = set(chosen)
    unknown = sorted(chosen - set(offered))
    if unknown:
        raise ValueError(f"no move {unknown[0]!r}; a side's moves are listed by moves(tables, side)")
    sides = []
    for side in side_ids(tables):
        met, unmet = [], []
        for _, d in tables.demands.iterrows():
            if side_of(tables, d["by_id"]) != side or not _is_precondition(d):
                continue
            done = all(f"{s}:{d['demand_id']}" in chosen for s in _sides(tables, d["of_ids"]))
            (met if done else unmet).append(str(d["demand_id"]))
        sides.append(SideVerdict(side, side_name(tables, side), tuple(met), tuple(unmet)))
    ordered = tuple(m for m in offered if m in chosen)
    extras = tuple(m for m in ordered if offered[m].meets is None)
    return Verdict(ordered, tuple(sides), extras)


def _headline(v: Verdict) -> str:
    unmet = sum(len(s.unmet) for s in v.sides)
    total = unmet + sum(len(s.met) for s in v.sides)
    if v.can_start:
        return f"Talks could start: all {total} stated preconditions are met."
    waiting = "; ".join(f"{s.name} {len(s.unmet)}" for s in v.sides if s.unmet)
    return f"Talks cannot start yet: {unmet} of {total} stated preconditions are not met ({waiting})."


def _in_words(tables, demand) -> tuple[str, str]:
    """A demand in its maker's own words (its quote), else in an article's report of it."""
    if cell_text(demand["quote_id"]):
        q = tables.record("quotes", demand["quote_id"])
        return f"“{q['text']}”", f"{quote_version(tables, q)}"
    cites = tables.citations
    article = tables.sources.loc[tables.sources["kind"] == "article", "source_id"]
    mine = cites[(cites["table"] == "demands") & (cites["record_id"] == demand["demand_id"])
                 & cites["source_id"].isin(article) & cites["note"].isna()]
    if len(mine):
        c = mine.iloc[0]
        return f"“{c['quote']}”", f"as {source_short_name(tables, c['source_id'])} reports it"
    return str(demand["demand"]), "in the kit's words"


def _on_record(tables, demand) -> str:
    """Every answer the demand got (``answers.csv``), or that none is reported."""
    answers = [answer_line(tables, a, quote=False) for _, a in answers_to(tables, demand["demand_id"]).iterrows()]
    return " / ".join(answers) if answers else "No answer reported."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _others(tables, side: str) -> list:
    """A side's own demands that are not preconditions (appeals, offers), as rows of demands.csv."""
    return [d for _, d in tables.demands.iterrows() if side_of(tables, d["by_id"]) == side and not _is_precondition(d)]


def verdict_view(tables, v: Verdict, caption: str = "Where the talks stand") -> HTMLView:
    """A verdict as a table: every side's stated preconditions, each met or not, in the words of the source,
    with what happened to it in April 2013, and the chosen moves that meet none.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> print(verdict_view(tables, verdict(tables, [])).text.splitlines()[1])
    Talks cannot start yet: 8 of 8 stated preconditions are not met (North Korea 5; United States 3).
    """
    demands = tables.indexed("demands")
    rows = []
    for s in v.sides:
        if not s.met and not s.unmet:
            own = _others(tables, s.side)
            what = "No precondition of its own on record." + "".join(
                f" Its {d['kind']}, not a precondition: {d['demand']}" for d in own)
            rows.append(([s.name, what, "", "✓ nothing to meet", "; ".join(_on_record(tables, d) for d in own)],
                         [("actors", s.side)] + [("demands", d["demand_id"]) for d in own]
                         + [("answers", a) for d in own for a in answers_to(tables, d["demand_id"])["answer_id"]]))
        for demand_id in (d for d in demands.index if d in s.met or d in s.unmet):
            d = demands.loc[demand_id]
            words, whose = _in_words(tables, d)
            state = "✓ met" if demand_id in s.met else "✗ not met"
            moved = [m for m in _sides(tables, d["of_ids"]) if f"{m}:{demand_id}" in v.moves]
            if demand_id in s.unmet and moved:
                state += f" (only {join_words([side_name(tables, m) for m in moved])} moved)"
            asked = actor_names(tables, d["of_ids"])
            if cell_text(d["disputed_of_ids"]):
                asked += f" (and, in some reports, {actor_names(tables, d['disputed_of_ids'])}: disputed)"
            rows.append(([s.name, f"{words} ({whose})", asked, state, _on_record(tables, d)],
                         [("demands", demand_id)] + [("answers", a) for a in answers_to(tables, demand_id)["answer_id"]]))
    offered = {m.move_id: m for m in moves(tables)}
    for move_id in v.extras:
        m = offered[move_id]
        record = " ".join(record_text(tables, *ref) for ref in (m.ref, *m.context))
        rows.append(([side_name(tables, m.side), f"No stated precondition. The move: {m.label}.", "", "made",
                      record], [m.ref, *m.context]))
    return cited_view(tables, ["Set by", "Precondition, in the words of the source", "Asked of", "Now",
                               "On the record of April 2013"], rows, caption, intro=_headline(v))


def record_of_april(tables, caption: str = "The record of April 2013: no precondition reported met") -> HTMLView:
    """:func:`verdict_view` with no moves: where the talks stood in April 2013, as the sources report it.

    >>> from korea_kit import load_tables
    >>> text = record_of_april(load_tables()).text
    >>> "Cho Tai-young (South Korea), 18 April 2013, rejects" in text, "Hua Chunying (China)" in text
    (True, True)
    """
    return verdict_view(tables, verdict(tables, ()), caption)


# --- the chart (drawn by korea_kit.charts.preconditions) ------------------------------

def _chart_sides(tables, v: Verdict):
    """The verdict as the chart's rows: ``(side, name, [(demand_id, topic, met)])``, the preconditions in file order."""
    demands = tables.indexed("demands")
    return [(s.side, s.name, [(d, str(demands.loc[d, "topic"]), d in s.met) for d in demands.index
                              if d in s.met or d in s.unmet]) for s in v.sides]


def preconditions_figure(tables, v: Verdict, *, width: float = 8.0):
    """One row per side, one square per stated precondition: filled when met, hatched white when not
    (:func:`korea_kit.charts.preconditions.preconditions_figure` of the verdict).

    Each square has the colour and marker of its topic. Artists carry ids:
    ``square:<demand_id>``, ``marker:<demand_id>`` and ``tally:<side>``.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> fig = preconditions_figure(tables, verdict(tables, []))
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:2]
    ['North Korea', 'United States']
    """
    return drawing.preconditions_figure(_chart_sides(tables, v), width=width)


def describe_preconditions(tables, v: Verdict) -> str:
    """Alt text for :func:`preconditions_figure`, from the same verdict.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> print(describe_preconditions(tables, verdict(tables, ["dprk:consider-dialogue", "dprk:clear-signals"])))
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    Chart of the stated preconditions for talks, one row per side and one square per precondition,
    filled when met and hatched when not. North Korea: 0 of 5 met. United States: 1 of 3 met (Diplomacy). ...
    UN Secretary-General (Ban Ki-moon): no precondition on record. Talks cannot start yet: ...
    """
    return drawing.describe_preconditions(_chart_sides(tables, v), _headline(v))


def preconditions_chart(tables, chosen=(), *, width: float = 8.0) -> Chart:
    """:func:`preconditions_figure` for some chosen moves, with its description and sources, as a :class:`Chart`.

    >>> from korea_kit import load_tables
    >>> preconditions_chart(load_tables()).caption.startswith("Sources: International Business Times (IBTimes) | RT")
    True
    """
    v = verdict(tables, chosen)
    refs = [("demands", d["demand_id"]) for _, d in tables.demands.iterrows() if _is_precondition(d)]
    return drawing.preconditions_chart(_chart_sides(tables, v), _headline(v), refs_line(tables, refs), width=width)


# --- role cards -------------------------------------------------------------------------

_CARD_STYLE = ("border:1px solid #1a1a1a;padding:0.6em 1em;margin:0 0 1em 0;"
               "break-inside:avoid;break-after:page;page-break-after:always")


def _card_sections(tables, side: str):
    """The sections of a side's card: ``(heading, [(text, (table, id))], if empty)``.

    "What you did" holds only the side's own acts: the events of 1 to 18 April 2013 in which
    one of the actors (``events.actor_ids``, who acted) belongs to the side.
    """
    mine = lambda ids: side in _sides(tables, ids)  # noqa: E731
    d = tables.demands
    by_me = [r for _, r in d.iterrows() if side_of(tables, r["by_id"]) == side]
    wants = [(record_text(tables, "demands", r["demand_id"]), ("demands", r["demand_id"])) for r in by_me
             if _is_precondition(r)]
    appeals = [(record_text(tables, "demands", r["demand_id"]), ("demands", r["demand_id"])) for r in by_me
               if not _is_precondition(r)]
    asked = [(record_text(tables, "demands", r["demand_id"]), ("demands", r["demand_id"])) for _, r in d.iterrows()
             if mine(r["of_ids"]) or mine(r["disputed_of_ids"] if cell_text(r["disputed_of_ids"]) else "")]
    a = tables.answers
    a = a.sort_values("said_on", kind="stable")
    answered = [(record_text(tables, "answers", r["answer_id"]), ("answers", r["answer_id"])) for _, r in a.iterrows()
                if side_of(tables, r["by_id"]) == side]
    my_ids = {str(r["demand_id"]) for r in by_me}
    answered_me = [(record_text(tables, "answers", r["answer_id"]), ("answers", r["answer_id"]))
                   for _, r in a.iterrows()
                   if my_ids & set(str(r["demand_ids"]).split(";")) and side_of(tables, r["by_id"]) != side]
    e = tables.events
    april = e[(e["date"] >= pd.Timestamp("2013-04-01")) & (e["date"] <= pd.Timestamp("2013-04-18"))]
    did = [(f"{event_dates(r)}: {r['summary']}", ("events", r["event_id"])) for _, r in april.sort_values("date").iterrows()
           if mine(r["actor_ids"])]
    q = tables.quotes
    q = q[[side_of(tables, s) == side for s in q["speaker_id"]]]
    first = {s: i for i, s in enumerate(tables.sources["source_id"])}
    q = q.assign(_order=q["source_id"].map(first)).sort_values(["said_on", "_order"]).drop_duplicates("group_id")
    words = [(record_text(tables, "quotes", i), ("quotes", i)) for i in q.sort_values(["said_on", "quote_id"])["quote_id"]]
    return [
        ("What you want before talks (your preconditions)", wants, "No precondition of yours is on record."),
        ("Your appeals and offers (not preconditions)", appeals, "No appeal or offer of yours is on record."),
        ("What the others ask of you", asked, "Nobody's demand is made of you."),
        ("How you answered the others", answered, "No answer of yours is on record."),
        ("How the others answered you", answered_me, "No answer to a demand of yours is on record."),
        ("What you did in April 2013, up to the 18th", did, "Nothing on record."),
        ("In your own words", words, "The sources quote no words of yours."),
    ]


def role_card(tables, side: str) -> HTMLView:
    """A printable role card for one side: who you are, what you want before talks, your appeals and offers,
    what is asked of you, how you answered the others and how they answered you, what you did, and your own
    words, each with numbered sources.

    >>> from korea_kit import load_tables
    >>> print(role_card(load_tables(), "ban").text)  # doctest: +ELLIPSIS
    Role card: UN Secretary-General (Ban Ki-moon)
    Who you are: UN Secretary-General; urged the North to take the South's offer of dialogue seriously. [1]
    What you want before talks (your preconditions):
    - No precondition of yours is on record.
    Your appeals and offers (not preconditions):
    - Ban Ki-moon asked North Korea, an appeal: Take the South's offer of dialogue seriously. (No answer reported.) [2] [3]
    ...
    """
    notes = SourceNotes(tables)
    name = side_name(tables, side)
    who = str(tables.record("actors", side)["role"])
    who_refs = notes.refs([("actors", side)])
    parts = [f"<h3>Role card: {html.escape(name)}</h3><p><strong>Who you are:</strong> {html.escape(who)} {who_refs}</p>"]
    text = [f"Role card: {name}", f"Who you are: {who} {who_refs}"]
    for heading, items, empty in _card_sections(tables, side):
        text.append(f"{heading}:")
        lines = [(line, notes.refs([ref])) for line, ref in items]
        body = "".join(f"<li>{html.escape(line)} {refs}</li>" for line, refs in lines)
        parts.append(f"<h4>{html.escape(heading)}</h4>" + (f"<ul>{body}</ul>" if lines else f"<p>{html.escape(empty)}</p>"))
        text += [f"- {line} {refs}" for line, refs in lines] or [f"- {empty}"]
    parts.append("<p><small>Sources:</small></p>" + notes.html())
    return HTMLView(f'<section class="kk-role-card" style="{_CARD_STYLE}">{"".join(parts)}</section>',
                    "\n".join([*text, "Sources:", *notes.lines()]))


def role_cards(tables, sides=None) -> HTMLView:
    """The role cards of several sides (by default every side of :func:`side_ids`), one to a printed page.

    >>> from korea_kit import load_tables
    >>> view = role_cards(load_tables())
    >>> view.html.count('class="kk-role-card"'), "page-break-after:always" in view.html
    (5, True)
    """
    cards = [role_card(tables, s) for s in (side_ids(tables) if sides is None else sides)]
    style = "<style>@media print { .kk-role-card { break-after: page; page-break-after: always; } }</style>"
    return HTMLView(style + '<div class="kk-role-cards">' + "".join(c.html for c in cards) + "</div>",
                    "\n\n".join(c.text for c in cards))


def side_brief_view(tables, side: str) -> HTMLView:
    """A side's brief for the widget: what it wants and what is asked of it, in one short block.

    >>> from korea_kit import load_tables
    >>> print(side_brief_view(load_tables(), "rok").text)  # doctest: +ELLIPSIS
    You are South Korea. You want: no precondition of yours is on record. Your offer (not a precondition): Come to
    talks ... Asked of you: 4 preconditions: Immediately stop all provocative acts ...
    """
    d = tables.demands
    wants = [str(r["demand"]) for _, r in d.iterrows() if side_of(tables, r["by_id"]) == side and _is_precondition(r)]
    others = [f"Your {r['kind']} (not a precondition): {r['demand']}" for r in _others(tables, side)]
    asked = [str(r["demand"]) for _, r in d.iterrows() if side in _sides(tables, r["of_ids"]) and _is_precondition(r)]
    asked_too = [f"{_cap(str(r['kind']))} of {actor_names(tables, [r['by_id']])}, not a precondition: {r['demand']}"
                 for _, r in d.iterrows() if side in _sides(tables, r["of_ids"]) and not _is_precondition(r)]
    name = side_name(tables, side)
    name = f"the {name}" if name.startswith(("United ", "UN ")) else name
    want = f"{plural(len(wants), 'precondition')}: " + " ".join(wants) if wants else "no precondition of yours is on record."
    want = " ".join([want, *others])
    ask = f"{plural(len(asked), 'precondition')}: " + " ".join(asked) if asked else "no precondition."
    ask = " ".join([ask, *asked_too])
    text = f"You are {name}. You want: {want} Asked of you: {ask} Tick the moves you will make."
    return HTMLView(f'<p class="kk-brief"><strong>You are {html.escape(name)}.</strong> You want: {html.escape(want)} '
                    f"Asked of you: {html.escape(ask)} <em>Tick the moves you will make.</em></p>", text)


# --- the widget -------------------------------------------------------------------------

class NegotiationTable(KitWidget):
    """The role-play: take a side, tick its moves, and see which stated preconditions are met.

    Attributes
    ----------
    side : ipywidgets.ToggleButtons
        The side the learner plays (an id of :func:`side_ids`).
    brief : ipywidgets.HTML
        :func:`side_brief_view` of that side.
    checks : dict
        One :class:`ipywidgets.Checkbox` per move id; only the chosen side's are shown.
    image : ipywidgets.Image
        :func:`preconditions_chart` of the ticked moves.
    verdict : ipywidgets.HTML
        :func:`verdict_view` of the ticked moves.
    """

    def __init__(self, tables, *, width: float = 8.0, **kwargs):
        self._tables, self._width, self._holding = tables, width, False
        self.side = widgets.ToggleButtons(options=[(side_name(tables, s), s) for s in side_ids(tables)],
                                          value=side_ids(tables)[0],
                                          description="Your side", style={"button_width": "auto"})
        self.brief = widgets.HTML()
        self.checks, self._boxes = {}, {}
        for s in side_ids(tables):
            boxes = []
            for m in moves(tables, s):
                label = m.label if m.meets or m.takes_up else f"{m.label} (meets no stated precondition)"
                self.checks[m.move_id] = widgets.Checkbox(value=False, description=label, indent=False,
                                                          layout=widgets.Layout(width="auto"))
                boxes.append(self.checks[m.move_id])
            self._boxes[s] = widgets.VBox(boxes)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.verdict = widgets.HTML()
        super().__init__(children=[self.side, self.brief, *self._boxes.values(), self.image, self.verdict], **kwargs)
        self.add_class("kk-negotiation")
        chart = preconditions_chart(tables, (), width=width)
        png = chart.png_bytes()
        default = verdict_view(tables, verdict(tables, ()))
        self.set_static(f'<div class="kk-negotiation-static">{chart.to_html(png)}{default.html}'
                        f"<p><em>{TABLE_HINT}</em></p></div>",
                        "\n".join([chart.to_text(), default.text, TABLE_HINT]))
        self._show_side()
        self._show(chart, png)
        self.side.observe(self._show_side, names="value")
        for check in self.checks.values():
            check.observe(self._update, names="value")

    def choose(self, move_ids) -> None:
        """Tick exactly ``move_ids`` (untick every other move), and redraw once."""
        self._holding = True
        try:
            for move_id, check in self.checks.items():
                check.value = move_id in set(move_ids)
        finally:
            self._holding = False
        self._update()

    def chosen(self) -> tuple[str, ...]:
        """The ticked move ids, in the order of :func:`moves`."""
        return tuple(move_id for move_id, check in self.checks.items() if check.value)

    def _show_side(self, change=None):
        self.brief.value = side_brief_view(self._tables, self.side.value).html
        for s, box in self._boxes.items():
            box.layout.display = None if s == self.side.value else "none"

    def _show(self, chart, png=None):
        self.image.value = chart.png_bytes() if png is None else png
        self.verdict.value = verdict_view(self._tables, verdict(self._tables, self.chosen())).html

    def _update(self, change=None):
        if not self._holding:
            self._show(preconditions_chart(self._tables, self.chosen(), width=self._width))


def negotiation_table(tables, **kwargs) -> NegotiationTable:
    """The role-play as a :class:`NegotiationTable` widget.

    >>> from korea_kit import load_tables
    >>> w = negotiation_table(load_tables())
    >>> w.side.value, "cannot start" in w.verdict.value
    ('dprk', True)
    """
    return NegotiationTable(tables, **kwargs)


# --- the lesson's sources -----------------------------------------------------------------

def lesson_refs(tables) -> list[tuple[str, str]]:
    """Every record lesson 07 shows, as ``(table, id)``: demands, moves, role cards, the aftermath.

    >>> from korea_kit import load_tables
    >>> ("events", "kaesong-restart-2013") in lesson_refs(load_tables())
    True
    """
    refs = [("demands", d) for d in tables.demands["demand_id"]] + [("actors", s) for s in side_ids(tables)]
    refs += [ref for m in moves(tables) for ref in (m.ref, *m.context)]
    refs += [("answers", a) for a in tables.answers["answer_id"]]
    for side in side_ids(tables):
        refs += [ref for _, items, _ in _card_sections(tables, side) for _, ref in items]
    after = selection(tables, LESSON, "aftermath")
    refs += list(zip(after["record_table"], after["record_id"]))
    return list(dict.fromkeys(refs))


def lesson_sources(tables, caption: str = "The sources of this lesson") -> HTMLView:
    """The sources behind every record lesson 07 shows: the demands, the moves, the role cards, the aftermath.

    >>> from korea_kit import load_tables
    >>> "Yonhap; DW, 16 Sep 2013; Wikipedia" in lesson_sources(load_tables()).text  # the Kaesong restart
    True
    """
    return sources_used_view(tables, lesson_refs(tables), caption)

