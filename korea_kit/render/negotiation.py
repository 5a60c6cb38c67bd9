"""The views of lesson 07's negotiation: what a round did, the outcome in plain words, the role briefs,
the rules of solo play, the cards, and the debrief beside the record of April to September 2013.

The model itself (the rules, the outcome, the scores, the computer's answers) is
:mod:`korea_kit.model.negotiation`; this module only renders what it returns.

>>> from korea_kit import load_tables
>>> from korea_kit.model.negotiation import historical_rounds, outcome
>>> tables = load_tables()
>>> print(outcome_view(tables, outcome(tables, historical_rounds(tables))).text.splitlines()[0])
Outcome: No talks
"""

from __future__ import annotations

import html

from korea_kit.data import parse_ref, parse_refs, selection
from korea_kit.model.negotiation import (
    COSTS, OUTCOMES, Outcome, RoundResult, conflicts, demand_words, historical_rounds, interests, move, moves,
    preconditions, red_line, red_line_refs, responses, rounds, side_ids, side_name, side_of, standing_moves, the_side,
)
from korea_kit.model.negotiation import cards as all_cards
from korea_kit.render.records import actor_names, record_text
from korea_kit.render.table import Cell, HTMLView, Row, Table, table_view
from korea_kit.render.views import SourceMarks
from korea_kit.text import cell_text, join_words

__all__ = [
    "LESSON",
    "costs_text",
    "asked_of",
    "round_view",
    "outcome_lines",
    "outcome_text",
    "outcome_view",
    "results_view",
    "conflicts_view",
    "responses_view",
    "brief_sections",
    "brief_view",
    "BRIEF_CSS",
    "brief_document",
    "aftermath_view",
    "aftermath_lines",
    "debrief_view",
    "cards_view",
]

#: The lesson's name in ``selections.csv``.
LESSON = "07-negotiation-role-play"


def costs_text(costs: dict) -> str:
    """Costs as words: ``credibility at home 2, leverage given up 1`` (or ``none``).

    >>> costs_text({"credibility": 2, "ally_trust": 0, "leverage": 1})
    'credibility at home 2, leverage given up 1'
    """
    shown = [f"{COSTS[c]} {n}" for c, n in costs.items() if n]
    return ", ".join(shown) if shown else "none"


def asked_of(tables, demand_id: str, side: str | None = None) -> str:
    """Whom a demand was asked of (or, with ``side``, that side), with the others some reports name
    (``disputed_of_ids`` of ``demands.csv``): where reports differ, the difference is shown.

    >>> from korea_kit import load_tables
    >>> asked_of(load_tables(), "withdraw-nuclear-assets")
    'the United States (reports differ: some add South Korea)'
    >>> asked_of(load_tables(), "kaesong-talks")
    'North Korea'
    """
    row = tables.record("demands", demand_id)
    named = actor_names(tables, [side] if side else row["of_ids"])
    if cell_text(row["disputed_of_ids"]):
        named += f" (reports differ: some add {actor_names(tables, row['disputed_of_ids'])})"
    return named


def round_view(tables, result: RoundResult, marks: SourceMarks | None = None, answered=()) -> HTMLView:
    """What one round did, side by side: the moves made, the side's preconditions now, the red lines that keep it
    from the table, the costs paid (the kit's model); in solo play (``answered``: ``(round, rule)`` pairs of
    :func:`~korea_kit.model.negotiation.solo_game`) how the computer's sides answered, and why.

    >>> from korea_kit import load_tables
    >>> from korea_kit.model.negotiation import play
    >>> tables = load_tables()
    >>> print(round_view(tables, play(tables, historical_rounds(tables))[0]).text)  # doctest: +ELLIPSIS
    Round 1 (11 to 15 April 2013)
    After this round: 0 of 9 preconditions met, 0 dropped. The drills go on. The offer of talks on Kaesong: closed.
    - North Korea | Moves: turned down the offer of talks on Kaesong ...
    """
    marks = marks or SourceMarks(tables)
    rows = []
    for side in side_ids(tables):
        made = [move(tables, m) for m in result.moves if m.startswith(f"{side}:")]
        mine = [d for d, maker, _ in preconditions(tables) if maker == side]
        met = [d for d in mine if result.status[d] == "met"]
        dropped = [d for d in mine if result.status[d] == "dropped"]
        if mine:
            pre = f"{len(met)} of {len(mine)} met" + (f", {len(dropped)} dropped" if dropped else "")
            if met:
                pre += ": " + "; ".join(demand_words(tables, d) for d in met)
        else:
            pre = "none set"
        lines = []
        blocking = [(m, r) for m, r in result.blocking if r.split(":")[0] == side]
        for r in dict.fromkeys(r for _, r in blocking):
            who = actor_names(tables, [m.split(":")[0] for m, x in blocking if x == r])
            lines.append(f"crossed by {who}: {red_line(tables, r)['red_line']}")
        own = [(m, r) for m, r in result.new_crossings if r.split(":")[0] == side == m.split(":")[0]]
        lines += [f"broken by this side this round: {red_line(tables, r)['red_line']}" for _, r in own]
        refs = [ref for m in made for ref in m.refs] + [ref for _, r in blocking + own for ref in red_line_refs(tables, r)]
        moved = "; ".join(m.done for m in made) or "no move"
        cost = f"{costs_text(result.costs[side])} (in all: {costs_text(result.totals[side])})"
        cells = [side_name(tables, side), moved, pre, "; ".join(lines) or "none", cost]
        rows.append(Row([*(Cell(c) for c in cells), marks.cell(refs)],
                        f"- {cells[0]} | Moves: {moved} | Its preconditions: {pre} | Red lines: {cells[3]} | "
                        f"Costs this round: {cost} {marks.mark(refs)}".rstrip()))
    for number, rule in answered:
        if number != result.number:
            continue
        refs = list(rule.refs)
        made = "; ".join(move(tables, m).done for m in rule.plays) or "no new move"
        rows.append(Row([Cell(f"{side_name(tables, rule.side)} (the computer)"), Cell(made),
                         Cell(rule.rule), Cell(""), Cell(""), marks.cell(refs)],
                        f"- {side_name(tables, rule.side)} answers: {made}. Why: {rule.rule} {marks.mark(refs)}".rstrip()))
    met_all = sum(1 for s in result.status.values() if s == "met")
    dropped_all = sum(1 for s in result.status.values() if s == "dropped")
    intro = (f"After this round: {met_all} of {len(result.status)} preconditions met, {dropped_all} dropped. "
             + ("The drills go on." if result.drills else "The drills are paused."))
    for offer, state in result.offers.items():
        intro += f" The offer of talks on {'Kaesong' if offer == 'kaesong-talks' else offer}: {state}."
    if result.adopted:
        intro += " The Security Council adopts a decision lifting the sanctions (in the model)."
    for move_id, demand_id in result.contradictions:
        intro += (f" {the_side(tables, move_id.split(':')[0])} both pledged and did the opposite: "
                  f"{move(tables, move_id).label} undoes the pledge ({demand_words(tables, demand_id)}).")
    table = Table(f"Round {result.number} ({result.label})",
                  ["Side", "Moves this round", "Its preconditions", "Its red lines crossed",
                   "Costs this round (the kit's model)", "Sources"], rows, None, intro)
    return table_view(table)


def aftermath_lines(tables) -> list[tuple[str, str, list]]:
    """What came after April 2013, in date order, as ``(date, what happened, refs)``: the events of the lesson's
    selection ``aftermath``, each by its short title.

    >>> from korea_kit import load_tables
    >>> aftermath_lines(load_tables())[0][:2]
    ('11 June 2013', 'Inter-Korean talks called off')
    """
    events = tables.indexed("events")
    return [(record_text(tables, "events", record_id).split(": ", 1)[0], str(events.loc[record_id, "title"]), refs)
            for record_id, refs in _aftermath_records(tables)]


def _aftermath_records(tables) -> list[tuple[str, list]]:
    """The events of the list ``aftermath`` in date order (ties in the list's order), each with its records."""
    chosen = selection(tables, LESSON, "aftermath")
    events = tables.indexed("events")
    rows = []
    for position, (table, record_id, paired) in enumerate(zip(chosen["record_table"], chosen["record_id"],
                                                                chosen["paired_ref"])):
        refs = [(table, record_id)] + ([parse_ref(paired)] if cell_text(paired) else [])
        rows.append((events.loc[record_id, "date"], position, record_id, refs))
    return [(record_id, refs) for _, _, record_id, refs in sorted(rows, key=lambda r: (r[0], r[1]))]


def outcome_lines(tables, result: Outcome, *, after: bool = True) -> list[tuple[str, str, tuple]]:
    """The outcome in plain words, as ``(part, sentence, refs)``: the headline; why; what each side gained and
    gave; the one change that would have flipped it; and (``after``) what happened next.

    >>> from korea_kit import load_tables
    >>> from korea_kit.model.negotiation import outcome
    >>> tables = load_tables()
    >>> lines = outcome_lines(tables, outcome(tables, historical_rounds(tables)))
    >>> [text for part, text, _ in lines if part == "flip"]
    ['If North Korea had not turned down the offer of talks on Kaesong in round 1, the outcome would be: no talks yet, but an offer is still open.']
    """
    out = [("headline", _headline_sentence(result.kind), ())]
    out += [("why", r.text, r.refs) for r in result.reasons]
    for side, r in result.results.items():
        name = the_side(tables, side)
        he, his = ("he", "His") if tables.record("actors", side)["kind"] == "person" else ("it", "Its")
        gained = join_words([i.short for i in r.gained]) or f"nothing {he} wanted"
        text = f"{name} gained {gained}."
        if r.given:
            text += f" {he.capitalize()} gave up {join_words([i.short for i in r.given])}."
        if r.advanced:
            text += f" {he.capitalize()} worked for {join_words([i.short for i in r.advanced])}."
        text += f" {his} moves cost {r.cost} point{'' if r.cost == 1 else 's'}. Score: {r.score}."
        out.append(("sides", text, tuple(ref for i in r.gained + r.given for ref in i.refs)))
    f = result.flip
    if f is None:
        out.append(("flip", "No single move would have changed the outcome.", ()))
    else:
        m = move(tables, f.move_id)
        out.append(("flip", f"If {the_side(tables, f.side, start=False)} {_had(m.done, f.added)} in round {f.round}, "
                            f"the outcome would be: {_kind_words(f.kind)}.", tuple(m.refs)))
    if after:
        for when, title, refs in aftermath_lines(tables):
            out.append(("after", f"{when}: {title}.", tuple(refs)))
    return out


#: Past tenses the flip sentence turns back: "had not turned down", "had paused".
_PARTICIPLES = {"took": "taken", "gave": "given", "made": "made", "said": "said", "kept": "kept", "stood": "stood",
                "offered": "offered", "paused": "paused", "agreed": "agreed", "turned": "turned", "urged": "urged",
                "called": "called", "voted": "voted", "dropped": "dropped", "published": "published",
                "refused": "refused", "promised": "promised", "vetoed": "vetoed"}


def _had(done: str, added: bool) -> str:
    verb, rest = done.split(" ", 1)
    return f"had {'' if added else 'not '}{_PARTICIPLES.get(verb, verb)} {rest}"


def _kind_words(kind: str) -> str:
    return {"talks": "talks start", "kaesong": "talks on Kaesong only", "open": "no talks yet, but an offer is still open",
            "none": "no talks"}[kind]


def _headline_sentence(kind: str) -> str:
    return {"talks": "Talks start.", "kaesong": "Talks on Kaesong start, but no wider talks.",
            "open": "No talks start yet, but an offer of talks is still open.", "none": "No talks start."}[kind]


def outcome_text(tables, result: Outcome, *, after: bool = True) -> str:
    """The outcome's plain words as one text (what a reading-level measure reads).

    >>> from korea_kit import load_tables
    >>> from korea_kit.model.negotiation import outcome
    >>> tables = load_tables()
    >>> outcome_text(tables, outcome(tables, historical_rounds(tables))).splitlines()[0]
    'No talks start.'
    """
    return "\n".join(text for _, text, _ in outcome_lines(tables, result, after=after))


def outcome_view(tables, result: Outcome, marks: SourceMarks | None = None, *, after: bool = True) -> HTMLView:
    """The outcome of a game in plain words: which talks start, or why none; what each side gained and gave;
    the one change that would have flipped it; and what happened next, each with the numbers of its sources.

    >>> from korea_kit import load_tables
    >>> from korea_kit.model.negotiation import outcome
    >>> tables = load_tables()
    >>> print(outcome_view(tables, outcome(tables, historical_rounds(tables))).text)  # doctest: +ELLIPSIS
    Outcome: No talks
    Why:
    - The United States and South Korea kept up the drills. In the kit's reading, that kept North Korea from the table. ...
    ...
    What each side gained and gave (the kit's model):
    - North Korea gained nothing it wanted. Its moves cost 0 points. Score: 5.
    ...
    The one change:
    - If North Korea had not turned down the offer of talks on Kaesong in round 1, the outcome would be: ...
    What happened next:
    - 11 June 2013: Inter-Korean talks called off. [...]
    ...
    """
    marks = marks or SourceMarks(tables)
    titles = {"why": "Why", "sides": "What each side gained and gave (the kit's model)", "flip": "The one change",
              "after": "What happened next"}
    parts, text = [], [f"Outcome: {result.headline}"]
    lines = outcome_lines(tables, result, after=after)
    sentence = lines[0][1]
    if sentence.startswith(result.headline):  # "No talks start." says no more than "No talks"
        sentence = ""
    parts.append(f'<p class="kk-outcome-headline"><strong>Outcome: {html.escape(result.headline)}.</strong>'
                 + (f" {html.escape(sentence)}" if sentence else "") + "</p>")
    if sentence:
        text.append(sentence)
    for part, title in titles.items():
        chosen = [(t, refs) for p, t, refs in lines if p == part]
        if not chosen:
            continue
        items = "".join(f"<li>{html.escape(t)} {marks.mark_html(refs)}</li>" if refs else f"<li>{html.escape(t)}</li>"
                        for t, refs in chosen)
        parts.append(f"<h4>{html.escape(title)}</h4><ul>{items}</ul>")
        text.append(f"{title}:")
        text += [f"- {t} {marks.mark(refs)}".rstrip() for t, refs in chosen]
    return HTMLView(f'<section class="kk-outcome">{"".join(parts)}</section>', "\n".join(text))


def results_view(tables, result: Outcome) -> HTMLView:
    """Each side's result as a table: what it gained, what it gave up, what its moves cost, its score.

    >>> from korea_kit import load_tables
    >>> from korea_kit.model.negotiation import outcome
    >>> tables = load_tables()
    >>> print(results_view(tables, outcome(tables, historical_rounds(tables))).text.splitlines()[1])
    - North Korea | nothing | nothing | 0 | 5
    """
    rows = []
    for side, r in result.results.items():
        cells = [side_name(tables, side), join_words([i.short for i in r.gained]) or "nothing",
                 join_words([i.short for i in r.given]) or "nothing", str(r.cost), str(r.score)]
        rows.append(Row([Cell(c) for c in cells]))
    return table_view(Table("Each side's result (the kit's model)", ["Side", "Gained", "Gave up", "Cost", "Score"],
                            rows))


def conflicts_view(tables, marks: SourceMarks | None = None) -> HTMLView:
    """The preconditions that contradict a red line: why no set of moves satisfies everyone.

    >>> from korea_kit import load_tables
    >>> print(conflicts_view(load_tables()).text.splitlines()[1])  # doctest: +ELLIPSIS
    No set of moves meets every precondition without a side breaking its own red line...
    """
    marks = marks or SourceMarks(tables)
    rows = []
    found = conflicts(tables)
    for c in found:
        cells = [side_name(tables, c.maker), demand_words(tables, c.demand_id), asked_of(tables, c.demand_id, c.mover),
                 str(red_line(tables, c.red_line)["red_line"])]
        rows.append(Row([*(Cell(x) for x in cells), marks.cell(c.refs)],
                        f"- {cells[0]} asks: {cells[1]} | {cells[2]} would break: {cells[3]} {marks.mark(c.refs)}".rstrip()))
    pairs = {(c.maker, c.mover) for c in found}
    locked = sorted({tuple(sorted(p)) for p in pairs if (p[1], p[0]) in pairs})
    intro = ("No set of moves meets every precondition without a side breaking its own red line"
             + (": " + "; ".join(f"{the_side(tables, a)} and {actor_names(tables, [b])} each ask what the other "
                                 "said it would not do" for a, b in locked) if locked else "") + ".")
    return table_view(Table("Preconditions against red lines", ["Set by", "Precondition", "Asked of",
                                                                  "Whose red line it crosses", "Sources"], rows, None, intro))


def responses_view(tables, marks: SourceMarks | None = None) -> HTMLView:
    """The rules by which the computer's sides answer a learner in solo play, each with its record.

    >>> from korea_kit import load_tables
    >>> print(responses_view(load_tables()).text.splitlines()[2])  # doctest: +ELLIPSIS
    - North Korea | If the drills stop, the North takes up the offer of talks on Kaesong ...
    """
    marks = marks or SourceMarks(tables)
    rows = []
    for rule in responses(tables):
        refs = list(rule.refs)
        rows.append(Row([Cell(side_name(tables, rule.side)), Cell(rule.rule), marks.cell(refs)],
                        f"- {side_name(tables, rule.side)} | {rule.rule} {marks.mark(refs)}".rstrip()))
    return table_view(Table("How the computer's sides answer you in solo play (the kit's model)",
                            ["Side", "Rule, and the record it rests on", "Sources"], rows, None,
                            "Otherwise each side the computer plays makes its moves of April 2013."))


def brief_sections(tables, side: str) -> list[tuple[str, list[tuple[str, list]]]]:
    """The sections of a side's role brief: ``(heading, [(line, refs)])``, from the data.

    >>> from korea_kit import load_tables
    >>> [heading for heading, _ in brief_sections(load_tables(), "china")]  # doctest: +NORMALIZE_WHITESPACE
    ['Who you are', 'What you want, and why', 'What you demand before talks', 'What you will not do',
     'What stands unless you change it', 'What you can offer or do']
    """
    actor = tables.record("actors", side)
    seat = tables.record("sides", side)
    seat_line = {"permanent": "You hold a permanent seat on the UN Security Council: your vote against a decision "
                              "of substance blocks it (a veto); an abstention does not.",
                 "elected": "You hold an elected seat on the UN Security Council in 2013: you vote, with no veto.",
                 "none": "You have no vote on the UN Security Council."}[str(seat["council_seat"])]
    who = [(str(actor["role"]), [("actors", side)]), (seat_line, list(parse_refs(seat["record_refs"])))]
    wants = [(f"{'To gain' if i.kind == 'gain' else 'To keep'}: {i.text}", list(i.refs)) for i in interests(tables, side)]
    asks = []
    for d in tables.demands.to_dict("records"):
        if side_of(tables, d["by_id"]) != side:
            continue
        kind = "" if str(d["kind"]) == "precondition" else f" (an {d['kind']}, not a precondition)"
        asks.append((f"Of {asked_of(tables, d['demand_id'])}: {str(d['demand']).rstrip('.')}{kind}.",
                     [("demands", str(d["demand_id"]))]))
    lines = tables.red_lines[tables.red_lines["side_id"] == side]
    red = [(str(r["red_line"]), list(parse_refs(r["record_refs"]))) for _, r in lines.iterrows()]
    standing = [(move(tables, m).label + ".", move(tables, m).refs) for m in standing_moves(tables)
                if m.startswith(f"{side}:")]
    offer = []
    for m in moves(tables, side):
        if m.kind == "hold" or m.move_id in standing_moves(tables):
            continue
        offer.append((f"{m.label}. Cost (the kit's model): {costs_text(dict(m.costs))}.", m.refs))
    return [("Who you are", who),
            ("What you want, and why", wants or [("The sources record no interest of yours.", [])]),
            ("What you demand before talks", asks or [("No demand of yours is on record.", [])]),
            ("What you will not do", red or [("The sources record no red line of yours.", [])]),
            ("What stands unless you change it", standing or [("Nothing: every move of yours is one you choose.", [])]),
            ("What you can offer or do", offer)]


def _section_html(heading: str, lines) -> str:
    """A brief's section: its heading and its lines, each escaped and followed by its (linked) marks."""
    items = "".join(f"<li>{html.escape(line)} {mark}</li>" if mark else f"<li>{html.escape(line)}</li>" for line, mark in lines)
    return f"<h4>{html.escape(heading)}</h4><ul>{items}</ul>"


def brief_view(tables, side: str, marks: SourceMarks | None = None, *, sources: bool = True) -> HTMLView:
    """A side's role brief: who you are, what you want and why, what you demand, what you will not do, what
    stands unless you change it and what you can offer, each line with short source marks; the sources listed
    once at the end (``sources=False`` leaves the list out, for a page that lists them once for every brief).

    >>> from korea_kit import load_tables
    >>> print(brief_view(load_tables(), "ban").text)  # doctest: +ELLIPSIS
    Role brief: UN Secretary-General (Ban Ki-moon)
    Who you are:
    - UN Secretary-General; urged the North to take the South's offer of dialogue seriously. [1]
    ...
    What you will not do:
    - The sources record no red line of yours.
    ...
    Sources:
    [1] International Business Times, report on North Korea's preconditions for talks, 18 or 19 April 2013
    ...
    """
    marks = marks or SourceMarks(tables)
    body, text = [f"<h3>Role brief: {html.escape(side_name(tables, side))}</h3>"], [f"Role brief: {side_name(tables, side)}"]
    for heading, items in brief_sections(tables, side):
        lines = [(line, marks.mark(refs)) for line, refs in items]
        body.append(_section_html(heading, [(line, marks.mark_html(refs)) for line, refs in items]))
        text.append(f"{heading}:")
        text += [f"- {line} {mark}".rstrip() for line, mark in lines]
    if sources:
        body.append(f'<p class="kk-brief-sources"><strong>Sources</strong></p>{marks.html()}')
        text += ["Sources:", *marks.lines()]
    return HTMLView(f'<section class="kk-brief">{"".join(body)}</section>', "\n".join(text))


#: The print style of a standalone brief: one A4 page.
BRIEF_CSS = """@page { size: A4; margin: 12mm 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.2pt; line-height: 1.2; color: #1a1a1a; margin: 0; }
h3 { font-size: 14pt; margin: 0 0 0.3em 0; }
h4 { font-size: 10pt; margin: 0.55em 0 0.15em 0; border-bottom: 1px solid #1a1a1a; }
ul { margin: 0; padding-left: 1.2em; } li { margin: 0.05em 0; }
.kk-brief-sources { margin: 0.6em 0 0.1em 0; font-size: 8.5pt; }
ol.kk-notes { margin: 0; padding-left: 1.8em; font-size: 6.8pt; line-height: 1.1; }
.kk-brief-foot { font-size: 7.5pt; margin-top: 0.5em; }"""


def brief_document(tables, side: str) -> str:
    """A side's role brief as a standalone printable HTML document (A4, its own print CSS), its sources
    numbered and listed once at the end.

    >>> from korea_kit import load_tables
    >>> doc = brief_document(load_tables(), "usa")
    >>> doc.startswith("<!DOCTYPE html>"), "size: A4" in doc, doc.count("<h3>")
    (True, True, 1)
    """
    view = brief_view(tables, side)
    foot = ("<p class=\"kk-brief-foot\">Costs and scores are the kit's model, not facts. Korea, April 2013: a Jupyter "
            "teaching kit, lesson 07.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Role brief: {html.escape(side_name(tables, side))}</title><style>{BRIEF_CSS}</style></head>"
            f"<body><main>{view.html}{foot}</main></body></html>\n")


def aftermath_view(tables, marks: SourceMarks | None = None) -> HTMLView:
    """What really happened after April 2013 (the selection ``aftermath`` of lesson 07), in date order,
    with the words of the record where a quote is paired.

    >>> from korea_kit import load_tables
    >>> print(aftermath_view(load_tables()).text.splitlines()[1])  # doctest: +ELLIPSIS
    - 11 June 2013: Planned talks between North and South Korea were called off over the rank of the delegates. [...]
    """
    marks = marks or SourceMarks(tables)
    out = []
    for record_id, refs in _aftermath_records(tables):
        line = record_text(tables, "events", record_id)
        when, what = line.split(": ", 1)
        out.append(Row([Cell(when), Cell(what), marks.cell(refs)], f"- {line} {marks.mark(refs)}".rstrip()))
    return table_view(Table("What came after April 2013", ["Date", "What happened", "Sources"], out))


def _moves_done(tables, game, side: str, variant=()) -> str:
    from korea_kit.model.negotiation import play

    done = [move(tables, m).done for r in game for m in r
            if m.startswith(f"{side}:") and m not in standing_moves(tables)]
    results = play(tables, game, variant) if game else []
    if results:
        done += [move(tables, m).done for m in results[-1].standing if m in standing_moves(tables)
                 and m.startswith(f"{side}:")]
    return _sentence_start(join_words(list(dict.fromkeys(done)))) if done else "No move."


def _sentence_start(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def debrief_view(tables, game, result: Outcome, record: Outcome, marks: SourceMarks | None = None,
                 variant=()) -> HTMLView:
    """The debrief: the class's (or the learner's) game beside April 2013, side by side: what each side did and
    gained, the outcome, and what happened from June to September 2013.

    >>> from korea_kit import load_tables
    >>> from korea_kit.model.negotiation import outcome
    >>> tables = load_tables()
    >>> record = outcome(tables, historical_rounds(tables), flip_search=False)
    >>> print(debrief_view(tables, historical_rounds(tables), record, record).text.splitlines()[1])  # doctest: +ELLIPSIS
    - North Korea | Turned down the offer of talks on Kaesong, ... | Turned down the offer of talks on Kaesong, ...
    """
    marks = marks or SourceMarks(tables)
    history = historical_rounds(tables)
    rows = []
    for side in side_ids(tables):
        ours, theirs = _moves_done(tables, game, side, variant), _moves_done(tables, history, side)
        it = "he" if tables.record("actors", side)["kind"] == "person" else "it"
        gained = join_words([i.short for i in result.results[side].gained]) or f"nothing {it} wanted"
        gained_then = join_words([i.short for i in record.results[side].gained]) or f"nothing {it} wanted"
        cells = [side_name(tables, side), f"{ours} Gained {gained}.", f"{theirs} Gained {gained_then}."]
        rows.append(Row([Cell(c) for c in cells] + [Cell("")], "- " + " | ".join(cells)))
    rows.append(Row([Cell("Outcome"), Cell(_headline_sentence(result.kind)), Cell(_headline_sentence(record.kind)),
                     Cell("")], f"- Outcome | {_headline_sentence(result.kind)} | {_headline_sentence(record.kind)}"))
    after = aftermath_lines(tables)
    summer = [(w, t, refs) for w, t, refs in after if w.endswith("2013")]
    refs = [ref for _, _, rr in summer for ref in rr]
    then = " ".join(f"{w}: {t}." for w, t, _ in summer)
    rows.append(Row([Cell("June to September 2013"), Cell("Compare: which of these does your game come closest to?"),
                     Cell(then), marks.cell(refs)],
                    f"- June to September 2013 | Compare: which of these does your game come closest to? | {then} "
                    f"{marks.mark(refs)}".rstrip()))
    return table_view(Table("Your game beside April to September 2013", ["Side", "Your game", "April 2013",
                                                                           "Sources"], rows))


def cards_view(tables, kind: str, marks: SourceMarks | None = None) -> HTMLView:
    """The role-play's cards of one kind: the roles inside a group (``role``), the what-if cards (``what-if``)
    or the decision memo's rubric (``memo``).

    >>> from korea_kit import load_tables
    >>> print(cards_view(load_tables(), "role").text.splitlines()[1])
    - Leader | Speaks for the side and has the last word on its moves each round. Keeps the group to its brief.
    """
    marks = marks or SourceMarks(tables)
    found = all_cards(tables, kind)
    if kind == "memo":
        rows = [Row([Cell(c.title), Cell(c.text), *(Cell(x) for x in c.levels)]) for c in found]
        return table_view(Table("The decision memo's rubric", ["Criterion", "Question", "Strong", "Adequate", "Weak"],
                                rows))
    if kind == "role":
        rows = [Row([Cell(c.title), Cell(c.text)]) for c in found]
        return table_view(Table("Roles inside each group", ["Role", "What it does"], rows))
    rows = [Row([Cell(c.title), Cell(c.text), marks.cell(list(c.refs))],
                f"- {c.title} | {c.text} {marks.mark(list(c.refs))}".rstrip()) for c in found]
    return table_view(Table("What-if cards: play again with one change from the record",
                            ["Card", "What changes", "Sources"], rows))
