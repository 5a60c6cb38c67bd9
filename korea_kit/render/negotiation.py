"""The negotiation simulation of lesson 07: a model of April 2013's talks about talks, and its views.

Every side (``sides.csv``) has its stated demands (``demands.csv``), its
interests (``interests.csv``), its red lines (``red_lines.csv``) and the
moves open to it (``moves.csv``), each resting on cited records. A game is a
list of rounds, each a list of move ids; :func:`play` is a pure function from
the rounds to what each round did (preconditions met, red lines crossed, costs
paid, each side's standing), and :func:`outcome` from the rounds to the
outcome: talks, talks on one question only (Kaesong), or no talks, with the
reasons and the records behind each.

The model's rules (the kit's model, not facts; the records each rule rests on are cited):

- A move made once stands; a *lasting* move (carrying on the drills) counts only in the
  round it is made, so the last round decides it.
- A precondition is met when every side it was asked of has made a move that meets it
  (and no move of that side undoes it), or dropped when the side that set it waives its
  preconditions.
- Only the Security Council can lift its resolutions. A side at the table that proposes or
  votes for lifting them puts the decision to the Council, which adopts it unless a permanent
  member at the table (the United States or China) votes against it: by the Council's
  practice an abstention does not block a decision, only a permanent member's "no" (the
  veto) does. A real decision also needs nine of the 15 votes; the members not at the table
  are not played, and the model assumes enough of them would vote for it.
- A move that crosses another side's red line keeps that side from the table. A side that
  crosses its own red line may do so, and pays for it in credibility.
- Talks start when no precondition is left unmet and no side's red line is crossed by
  another; failing that, an offer of talks on one question that every side asked took up
  (and no red line is crossed) gives talks on that question only; otherwise no talks.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> outcome(tables, historical_rounds(tables)).kind
'none'
>>> every = [m.move_id for m in moves(tables)]
>>> outcome(tables, [every, every, every]).kind
'none'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from korea_kit.data import parse_ref, parse_refs, selection
from korea_kit.render.records import actor_names, record_text
from korea_kit.render.table import HTMLView, Cell, Row, Table, table_view
from korea_kit.render.views import SourceMarks
from korea_kit.text import cell_text, join_words

__all__ = [
    "LESSON",
    "COSTS",
    "OUTCOMES",
    "side_ids",
    "side_of",
    "side_name",
    "Move",
    "moves",
    "rounds",
    "historical_rounds",
    "solo_rounds",
    "RoundResult",
    "play",
    "Reason",
    "Outcome",
    "outcome",
    "Conflict",
    "conflicts",
    "round_view",
    "outcome_view",
    "conflicts_view",
    "brief_sections",
    "brief_view",
    "brief_document",
    "aftermath_view",
]

#: The lesson's name in ``selections.csv``.
LESSON = "07-negotiation-role-play"

#: The three costs of a move (columns of ``moves.csv``) and how the lesson names them: the kit's model.
COSTS = {"credibility": "credibility at home", "ally_trust": "trust of an ally", "leverage": "leverage given up"}

#: The outcomes :func:`outcome` can give, and their headlines.
OUTCOMES = {"talks": "Talks start", "one-question": "Talks on one question only", "none": "No talks"}


def side_ids(tables) -> tuple[str, ...]:
    """The sides, in the order of ``sides.csv``: four states and the UN Secretary-General.

    >>> from korea_kit import load_tables
    >>> side_ids(load_tables())
    ('dprk', 'usa', 'rok', 'china', 'ban')
    """
    return tables.derived("side ids", lambda t: tuple(t.sides.sort_values("position")["side_id"]))


def side_of(tables, actor_id: str) -> str | None:
    """The side an actor belongs to (following ``part_of`` in ``actors.csv``), or None.

    >>> from korea_kit import load_tables
    >>> [side_of(load_tables(), a) for a in ("ndc-policy", "earnest", "ban", "unsc")]
    ['dprk', 'usa', 'ban', None]
    """
    return tables.derived("sides of actors", _sides_of_actors).get(actor_id)


def _sides_of_actors(tables) -> dict[str, str | None]:
    parent = {a: cell_text(p) for a, p in zip(tables.actors["actor_id"], tables.actors["part_of"])}
    chosen, found = set(side_ids(tables)), {}
    for start in parent:
        actor_id, seen = start, set()
        while actor_id and actor_id not in chosen and actor_id not in seen:
            seen.add(actor_id)
            actor_id = parent.get(actor_id, "")
        found[start] = actor_id or None
    return found


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


def _sides_of(tables, ids) -> list[str]:
    found = {side_of(tables, a) for a in str(ids).split(";") if a}
    return [s for s in side_ids(tables) if s in found]


def _split(cell) -> tuple[str, ...]:
    return tuple(part for part in cell_text(cell).split(";") if part)


@dataclass(frozen=True)
class Move:
    """A move of ``moves.csv``: who makes it, what it does in the model, what it costs, and its records."""

    move_id: str
    side: str
    kind: str
    label: str
    meets: tuple[str, ...]
    crosses: tuple[str, ...]
    undoes: tuple[str, ...]
    lasting: bool
    costs: tuple[tuple[str, int], ...]
    cost_basis: str
    played_in: tuple[int, ...]
    ref: tuple[str, str]
    context: tuple[tuple[str, str], ...] = ()

    @property
    def refs(self) -> list[tuple[str, str]]:
        """The move's record and its context records."""
        return [self.ref, *self.context]

    @property
    def cost(self) -> int:
        """The sum of the move's three costs (the kit's model)."""
        return sum(n for _, n in self.costs)


def moves(tables, side: str | None = None) -> list[Move]:
    """The moves on offer (of one side, or of all), in the order of the sides, then of ``moves.csv``.

    >>> from korea_kit import load_tables
    >>> [m.move_id for m in moves(load_tables(), "china")]
    ['china:urge-calm', 'china:vote-lift-sanctions', 'china:veto-lifting']
    """
    found = tables.derived("moves", _all_moves)
    return [m for m in found if side is None or m.side == side]


def _all_moves(tables) -> list[Move]:
    order = {s: i for i, s in enumerate(side_ids(tables))}
    found = []
    for m in tables.moves.to_dict("records"):
        costs = tuple((c, int(m[c])) for c in COSTS)
        found.append(Move(f"{m['side_id']}:{m['move_id']}", str(m["side_id"]), str(m["kind"]), str(m["label"]),
                          _split(m["meets"]), _split(m["crosses"]), _split(m["undoes"]), bool(m["lasting"]), costs,
                          cell_text(m["cost_basis"]), tuple(int(r) for r in _split(m["played_in"])),
                          parse_ref(m["record_ref"]), tuple(parse_refs(m["context_refs"]))))
    found.sort(key=lambda m: order[m.side])
    return found


def rounds(tables) -> list[tuple[int, str]]:
    """The rounds, as ``(number, label)``: the days of April 2013 each stands for.

    >>> from korea_kit import load_tables
    >>> rounds(load_tables())[0]
    (1, '11 to 15 April 2013')
    """
    r = tables.rounds.sort_values("round")
    return [(int(n), str(label)) for n, label in zip(r["round"], r["label"])]


def historical_rounds(tables, sides=None) -> list[tuple[str, ...]]:
    """The moves the sides (by default all) made in each round in April 2013 (``moves.csv`` ``played_in``).

    >>> from korea_kit import load_tables
    >>> historical_rounds(load_tables(), ["rok"])[0]
    ('rok:offer-kaesong-talks', 'rok:restate-meaningful-steps', 'rok:offer-2005-commitments', 'rok:continue-drills')
    """
    chosen = side_ids(tables) if sides is None else tuple(sides)
    return [tuple(m.move_id for m in moves(tables) if m.side in chosen and n in m.played_in) for n, _ in rounds(tables)]


def solo_rounds(tables, side: str, chosen) -> list[tuple[str, ...]]:
    """Solo play: the learner's moves for ``side`` (one list per round played so far), with every other
    side's moves of the same rounds as on the record of April 2013.

    >>> from korea_kit import load_tables
    >>> solo_rounds(load_tables(), "dprk", [["dprk:take-up-kaesong-talks"]])[0][:2]
    ('dprk:take-up-kaesong-talks', 'usa:continue-drills')
    """
    others = historical_rounds(tables, [s for s in side_ids(tables) if s != side])
    mine = [tuple(m for m in r) for r in chosen]
    for r in mine:
        for move_id in r:
            if not move_id.startswith(f"{side}:"):
                raise ValueError(f"{move_id!r} is not a move of {side}")
    return [mine[i] + others[i] for i in range(len(mine))]


@dataclass(frozen=True)
class RoundResult:
    """What the moves did after one round (the state after every round so far).

    ``status`` maps every precondition to ``met``, ``dropped`` or ``unmet``; ``crossed`` lists
    ``(move_id, red line)`` pairs of the moves standing now; ``costs`` each side's costs paid
    this round and ``totals`` in all, as ``{side: {cost: n}}``; ``adopted`` whether the Council
    adopted a decision lifting the sanctions (proposed by a side at the table, and no permanent
    member at the table voting against it); ``vetoed`` the permanent members that voted against
    it; ``taken_up`` the offers of talks taken up.
    """

    number: int
    label: str
    moves: tuple[str, ...]
    standing: tuple[str, ...]
    status: dict
    crossed: tuple[tuple[str, str], ...]
    costs: dict
    totals: dict
    adopted: bool
    taken_up: tuple[str, ...]
    contradictions: tuple[tuple[str, str], ...] = field(default=())
    vetoed: tuple[str, ...] = field(default=())

    def crossed_by_others(self, tables) -> list[tuple[str, str]]:
        """The red lines crossed by a side other than their own."""
        return [(m, r) for m, r in self.crossed if r.split(":")[0] != m.split(":")[0]]


def _preconditions(tables):
    d = tables.demands
    return [r for _, r in d.iterrows() if str(r["kind"]) == "precondition"]


def _standing(offered, rounds_so_far) -> tuple[str, ...]:
    """The moves standing after the rounds: every one-time move made, and the lasting moves of the last round."""
    made = [m for r in rounds_so_far for m in r if not offered[m].lasting]
    last = [m for m in rounds_so_far[-1] if offered[m].lasting] if rounds_so_far else []
    return tuple(dict.fromkeys(made + last))


def play(tables, game) -> list[RoundResult]:
    """Play a game: ``game`` is one list of move ids per round (at most as many rounds as ``rounds.csv``).

    A move that is not offered, or a second round past the last, is an error that names it.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> first = play(tables, historical_rounds(tables))[0]
    >>> first.label, first.status["withdraw-sanctions"], first.crossed[0]
    ('11 to 15 April 2013', 'unmet', ('usa:continue-drills', 'dprk:nuclear-stick'))
    >>> play(tables, [["usa:withdraw-sanctions"]])
    Traceback (most recent call last):
    ...
    ValueError: no move 'usa:withdraw-sanctions'; a side's moves are listed by moves(tables, side)
    """
    offered = {m.move_id: m for m in moves(tables)}
    labels = rounds(tables)
    if len(game) > len(labels):
        raise ValueError(f"{len(game)} rounds played; the simulation has {len(labels)}")
    seats = dict(zip(tables.sides["side_id"], tables.sides["council_seat"]))
    permanent = [s for s in side_ids(tables) if seats[s] == "permanent"]
    preconditions = _preconditions(tables)
    results, paid, totals = [], set(), {s: {c: 0 for c in COSTS} for s in side_ids(tables)}
    for i, chosen in enumerate(game):
        chosen = tuple(dict.fromkeys(chosen))
        for move_id in chosen:
            if move_id not in offered:
                raise ValueError(f"no move {move_id!r}; a side's moves are listed by moves(tables, side)")
        standing = _standing(offered, [tuple(r) for r in game[: i + 1]])
        now = [offered[m] for m in standing]
        votes = {m.side for m in now if m.kind == "vote"}
        vetoed = tuple(s for s in permanent if any(m.side == s and m.kind == "veto" for m in now))
        adopted = bool(votes) and not vetoed
        waived = {m.side for m in now if m.kind == "waive"}
        status = {}
        for d in preconditions:
            demand_id, maker = str(d["demand_id"]), side_of(tables, d["by_id"])
            if any(demand_id in m.meets for m in offered.values() if m.kind == "vote"):
                met = adopted
            else:
                met = all(any(m.side == s and m.kind == "meet" and demand_id in m.meets for m in now)
                          and not any(m.side == s and demand_id in m.undoes for m in now)
                          for s in _sides_of(tables, d["of_ids"]))
            status[demand_id] = "met" if met else "dropped" if maker in waived else "unmet"
        crossed = tuple((m.move_id, r) for m in now for r in m.crosses)
        contradictions = tuple((m.move_id, u) for m in now for u in m.undoes
                               if any(o.side == m.side and o.kind == "meet" and u in o.meets for o in now))
        costs = {s: {c: 0 for c in COSTS} for s in side_ids(tables)}
        for move_id in chosen:
            m = offered[move_id]
            if move_id in paid:
                continue
            paid.add(move_id)
            for c, n in m.costs:
                costs[m.side][c] += n
                totals[m.side][c] += n
        offers = [str(d["demand_id"]) for _, d in tables.demands.iterrows() if str(d["kind"]) == "offer"]
        taken_up = tuple(o for o in offers
                         if any(m.kind == "offer" and o in m.meets for m in now)
                         and all(any(m.side == s and m.kind == "take-up" and o in m.meets for m in now)
                                 for s in _sides_of(tables, tables.record("demands", o)["of_ids"])))
        number, label = labels[i]
        results.append(RoundResult(number, label, chosen, standing, status, crossed, costs,
                                   {s: dict(v) for s, v in totals.items()}, adopted, taken_up, contradictions,
                                   vetoed))
    return results


@dataclass(frozen=True)
class Reason:
    """One reason for an outcome, in the kit's words, with the records it rests on."""

    text: str
    refs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Outcome:
    """The outcome of a game: ``kind`` (a key of :data:`OUTCOMES`), its headline and its reasons."""

    kind: str
    headline: str
    reasons: tuple[Reason, ...]


def _red_line(tables, ref: str):
    side, red_line_id = ref.split(":", 1)
    return tables.indexed("red_lines").loc[(side, red_line_id)]


def _red_line_refs(tables, ref: str) -> tuple:
    return tuple(parse_refs(_red_line(tables, ref)["record_refs"]))


def _demand_words(tables, demand_id: str) -> str:
    return str(tables.record("demands", demand_id)["demand"]).rstrip(".")


def outcome(tables, game) -> Outcome:
    """The outcome of a game (see :func:`play`), with the reasons and the records behind each.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> result = outcome(tables, historical_rounds(tables))
    >>> result.headline
    'No talks'
    >>> print(result.reasons[0].text)  # doctest: +ELLIPSIS
    The United States: Carry on the joint drills ... crosses a red line of North Korea: No talks while ...
    """
    offered = {m.move_id: m for m in moves(tables)}
    results = play(tables, game)
    if not results:
        return Outcome("none", OUTCOMES["none"], (Reason("No round has been played.", ()),))
    last = results[-1]
    reasons = []
    blockers = last.crossed_by_others(tables)
    for move_id, ref in blockers:
        m = offered[move_id]
        owner = ref.split(":")[0]
        reasons.append(Reason(f"{_the(tables, m.side)}: {m.label} crosses a red line of {side_name(tables, owner)}: "
                              f"{_red_line(tables, ref)['red_line']}", (m.ref, *_red_line_refs(tables, ref))))
    for d in _preconditions(tables):
        demand_id, state = str(d["demand_id"]), last.status[str(d["demand_id"])]
        maker = _possessive(_the(tables, side_of(tables, d["by_id"])))
        if state == "unmet":
            asked = actor_names(tables, _sides_of(tables, d["of_ids"]))
            how = ""
            if any(demand_id in m.meets for m in offered.values() if m.kind == "vote"):
                vetoes = join_words([_the(tables, s).replace("The ", "the ", 1) for s in last.vetoed])
                how = (f"; only the Security Council can lift its resolutions, and {vetoes} voted against it"
                       if last.vetoed else "; only the Security Council can lift its resolutions, and no side put a decision to it")
            reasons.append(Reason(f"{maker} precondition is not met: {_demand_words(tables, demand_id)} "
                                  f"(asked of {asked}{how}).", (("demands", demand_id),)))
    for move_id, ref in last.crossed:
        if (move_id, ref) not in blockers:
            m = offered[move_id]
            reasons.append(Reason(f"{_the(tables, m.side)} broke its own red line ({m.label}): "
                                  f"{_red_line(tables, ref)['red_line']} It pays in credibility at home.",
                                  (m.ref, *_red_line_refs(tables, ref))))
    unmet = [d for d, s in last.status.items() if s == "unmet"]
    if not unmet and not blockers:
        met = [d for d, s in last.status.items() if s == "met"]
        dropped = [d for d, s in last.status.items() if s == "dropped"]
        lead = [Reason(f"Every stated precondition is met ({len(met)}) or dropped by the side that set it "
                       f"({len(dropped)}), and no side's red line is crossed by another.",
                       tuple(("demands", d) for d in met + dropped))]
        return Outcome("talks", OUTCOMES["talks"], tuple(lead + reasons))
    if last.taken_up and not blockers:
        topics = [_demand_words(tables, o) for o in last.taken_up]
        lead = [Reason(f"An offer of talks on one question was taken up: {'; '.join(topics)}. "
                       "The other preconditions still stand.", tuple(("demands", o) for o in last.taken_up))]
        return Outcome("one-question", f"{OUTCOMES['one-question']}: Kaesong" if "kaesong-talks" in last.taken_up
                       else OUTCOMES["one-question"], tuple(lead + reasons))
    offers = [str(d["demand_id"]) for _, d in tables.demands.iterrows() if str(d["kind"]) == "offer"]
    for o in offers:
        if o not in last.taken_up:
            reasons.append(Reason(f"The offer was not taken up: {_demand_words(tables, o)}.", (("demands", o),)))
    return Outcome("none", OUTCOMES["none"], tuple(reasons))


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _the(tables, side: str) -> str:
    name = side_name(tables, side)
    return f"The {name}" if name.startswith(("United ", "UN ")) else name


@dataclass(frozen=True)
class Conflict:
    """A precondition that can be met only if the side asked to meet it crosses its own red line."""

    demand_id: str
    maker: str
    mover: str
    red_line: str
    refs: tuple[tuple[str, str], ...]


def conflicts(tables) -> list[Conflict]:
    """Preconditions that contradict a red line: every move that meets them crosses the mover's own red line.

    >>> from korea_kit import load_tables
    >>> sorted({(c.maker, c.mover) for c in conflicts(load_tables())})
    [('dprk', 'rok'), ('dprk', 'usa'), ('rok', 'dprk'), ('usa', 'dprk')]
    """
    offered = moves(tables)
    found = []
    for d in _preconditions(tables):
        demand_id, maker = str(d["demand_id"]), side_of(tables, d["by_id"])
        for mover in _sides_of(tables, d["of_ids"]):
            meeting = [m for m in offered if m.side == mover and m.kind in ("meet", "vote") and demand_id in m.meets]
            own = [r for m in meeting for r in m.crosses if r.split(":")[0] == mover]
            if meeting and all(any(r.split(":")[0] == mover for r in m.crosses) for m in meeting):
                ref = own[0]
                found.append(Conflict(demand_id, maker, mover, ref,
                                      (("demands", demand_id), *_red_line_refs(tables, ref))))
    return found


# --- views ---------------------------------------------------------------------------------

def _costs_text(costs: dict) -> str:
    shown = [f"{COSTS[c]} {n}" for c, n in costs.items() if n]
    return ", ".join(shown) if shown else "none"


def _move_label(tables, move_id: str) -> str:
    m = next(m for m in moves(tables) if m.move_id == move_id)
    return m.label


def round_view(tables, result: RoundResult, marks: SourceMarks | None = None) -> HTMLView:
    """What one round did, side by side: the moves made, the side's preconditions now, the red lines crossed,
    the costs paid (the kit's model) and the side's standing. ``marks`` numbers the sources (by default, anew).

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> print(round_view(tables, play(tables, historical_rounds(tables))[0]).text)  # doctest: +ELLIPSIS
    Round 1 (11 to 15 April 2013)
    After this round: 0 of 9 preconditions met, 0 dropped; red lines crossed by another side: 2.
    - North Korea | Moves: Turn down the South's offer of talks on Kaesong ...
    """
    marks = marks or SourceMarks(tables)
    offered = {m.move_id: m for m in moves(tables)}
    preconditions = _preconditions(tables)
    rows = []
    for side in side_ids(tables):
        made = [offered[m] for m in result.moves if offered[m].side == side]
        mine = [d for d in preconditions if side_of(tables, d["by_id"]) == side]
        met = [str(d["demand_id"]) for d in mine if result.status[str(d["demand_id"])] == "met"]
        dropped = [str(d["demand_id"]) for d in mine if result.status[str(d["demand_id"])] == "dropped"]
        crossed = [(m, r) for m, r in result.crossed if r.split(":")[0] == side]
        own = [(m, r) for m, r in crossed if m.split(":")[0] == side]
        by_others = [(m, r) for m, r in crossed if m.split(":")[0] != side]
        moved = "; ".join(m.label for m in made) or "no move"
        if mine:
            pre = f"{len(met)} of {len(mine)} met" + (f", {len(dropped)} dropped" if dropped else "")
            if met:
                pre += ": " + "; ".join(_demand_words(tables, d) for d in met)
        else:
            pre = "none set"
        lines = []
        for r in dict.fromkeys(r for _, r in by_others):
            who = actor_names(tables, [m.split(":")[0] for m, x in by_others if x == r])
            lines.append(f"crossed by {who}: {_red_line(tables, r)['red_line']}")
        lines += [f"you broke your own: {_red_line(tables, r)['red_line']}" for m, r in own]
        total = result.totals[side]
        refs = [ref for m in made for ref in m.refs] + [ref for _, r in crossed for ref in _red_line_refs(tables, r)]
        standing = f"costs in all: {_costs_text(total)}"
        cells = [side_name(tables, side), moved, pre, "; ".join(lines) or "none",
                 f"{_costs_text(result.costs[side])} ({standing})", marks.mark(refs)]
        rows.append(Row([*(Cell(c) for c in cells[:-1]), marks.cell(refs)],
                        f"- {cells[0]} | Moves: {moved} | Its preconditions: {pre} | Red lines: {cells[3]} | "
                        f"Costs this round: {cells[4]} {cells[5]}".rstrip()))
    met_all = sum(1 for s in result.status.values() if s == "met")
    dropped_all = sum(1 for s in result.status.values() if s == "dropped")
    intro = (f"After this round: {met_all} of {len(result.status)} preconditions met, {dropped_all} dropped; "
             f"red lines crossed by another side: {len(result.crossed_by_others(tables))}.")
    if result.adopted:
        intro += " The Security Council adopts a decision lifting the sanctions (in the model)."
    for move_id, demand_id in result.contradictions:
        intro += (f" {_the(tables, move_id.split(':')[0])} both pledged and did the opposite: "
                  f"{offered[move_id].label} undoes the pledge ({_demand_words(tables, demand_id)}).")
    table = Table(f"Round {result.number} ({result.label})",
                  ["Side", "Moves this round", "Its preconditions", "Its red lines crossed",
                   "Costs this round (the kit's model)", "Sources"], rows, None, intro)
    return table_view(table)


def outcome_view(tables, result: Outcome, marks: SourceMarks | None = None) -> HTMLView:
    """The outcome of a game and its reasons, each with the numbers of its sources.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> print(outcome_view(tables, outcome(tables, historical_rounds(tables))).text.splitlines()[0])
    Outcome: No talks
    """
    marks = marks or SourceMarks(tables)
    rows = [Row([Cell(r.text), marks.cell(r.refs)], f"- {r.text} {marks.mark(r.refs)}".rstrip())
            for r in result.reasons]
    return table_view(Table(f"Outcome: {result.headline}", ["Why", "Sources"], rows))


def conflicts_view(tables, marks: SourceMarks | None = None) -> HTMLView:
    """The preconditions that contradict a red line (:func:`conflicts`): why no set of moves satisfies everyone.

    >>> from korea_kit import load_tables
    >>> print(conflicts_view(load_tables()).text.splitlines()[1])  # doctest: +ELLIPSIS
    No set of moves meets every precondition without a side breaking its own red line...
    """
    marks = marks or SourceMarks(tables)
    rows = []
    for c in conflicts(tables):
        cells = [side_name(tables, c.maker), _demand_words(tables, c.demand_id), side_name(tables, c.mover),
                 str(_red_line(tables, c.red_line)["red_line"]), marks.mark(c.refs)]
        rows.append(Row([*(Cell(x) for x in cells[:-1]), marks.cell(c.refs)], f"- {cells[0]} asks: {cells[1]} | {cells[2]} would break: {cells[3]} "
                        f"{cells[4]}".rstrip()))
    pairs = {(c.maker, c.mover) for c in conflicts(tables)}
    locked = sorted({tuple(sorted(p)) for p in pairs if (p[1], p[0]) in pairs})
    intro = ("No set of moves meets every precondition without a side breaking its own red line"
             + (": " + "; ".join(f"{_the(tables, a)} and {actor_names(tables, [b])} each ask what the other "
                                 "said it would not do" for a, b in locked) if locked else "") + ".")
    return table_view(Table("Preconditions against red lines", ["Set by", "Precondition", "Asked of",
                                                                  "Whose red line it crosses", "Sources"], rows, None, intro))


def brief_sections(tables, side: str) -> list[tuple[str, list[tuple[str, list]]]]:
    """The sections of a side's role brief: ``(heading, [(line, refs)])``, from the data.

    >>> from korea_kit import load_tables
    >>> [heading for heading, _ in brief_sections(load_tables(), "china")]  # doctest: +NORMALIZE_WHITESPACE
    ['Who you are', 'What you want, and why', 'What you demand before talks', 'What you will not do',
     'What you can offer or do']
    """
    actor = tables.record("actors", side)
    seat = tables.record("sides", side)
    seat_line = {"permanent": "You hold a permanent seat on the UN Security Council: your vote against a decision "
                              "of substance blocks it (a veto); an abstention does not.",
                 "elected": "You hold an elected seat on the UN Security Council in 2013: you vote, with no veto.",
                 "none": "You have no vote on the UN Security Council."}[str(seat["council_seat"])]
    who = [(str(actor["role"]), [("actors", side)]), (seat_line, list(parse_refs(seat["record_refs"])))]
    interests = tables.interests[tables.interests["side_id"] == side]
    wants = [(str(r["interest"]), list(parse_refs(r["record_refs"]))) for _, r in interests.iterrows()]
    demands = [r for _, r in tables.demands.iterrows() if side_of(tables, r["by_id"]) == side]
    asks = []
    for d in demands:
        kind = "" if str(d["kind"]) == "precondition" else f" (an {d['kind']}, not a precondition)"
        of = actor_names(tables, d["of_ids"])
        asks.append((f"Of {of}: {str(d['demand']).rstrip('.')}{kind}.", [("demands", str(d["demand_id"]))]))
    lines = tables.red_lines[tables.red_lines["side_id"] == side]
    red = [(str(r["red_line"]), list(parse_refs(r["record_refs"]))) for _, r in lines.iterrows()]
    offer = []
    for m in moves(tables, side):
        if m.kind == "hold":
            continue
        cost = _costs_text(dict(m.costs))
        offer.append((f"{m.label}. Cost (the kit's model): {cost}.", m.refs))
    return [("Who you are", who),
            ("What you want, and why", wants or [("The sources record no interest of yours.", [])]),
            ("What you demand before talks", asks or [("No demand of yours is on record.", [])]),
            ("What you will not do", red or [("The sources record no red line of yours.", [])]),
            ("What you can offer or do", offer)]


def _section_html(heading: str, lines) -> str:
    """A brief's section: its heading and its lines, each escaped and followed by its (linked) marks."""
    items = "".join(f"<li>{_escape(line)} {mark}</li>" if mark else f"<li>{_escape(line)}</li>" for line, mark in lines)
    return f"<h4>{_escape(heading)}</h4><ul>{items}</ul>"


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def brief_view(tables, side: str, marks: SourceMarks | None = None, *, sources: bool = True) -> HTMLView:
    """A side's role brief: who you are, what you want and why, what you demand, what you will not do and
    what you can offer, each line with short source marks; the sources listed once at the end
    (``sources=False`` leaves the list out, for a page that lists them once for every brief).

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
    [2] UN Secretary-General, opening remarks at press conference, 17 Apr 2013; china.org.cn, 18 Apr 2013
    """
    marks = marks or SourceMarks(tables)
    body, text = [f"<h3>Role brief: {_escape(side_name(tables, side))}</h3>"], [f"Role brief: {side_name(tables, side)}"]
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
BRIEF_CSS = """@page { size: A4; margin: 14mm 15mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; line-height: 1.3; color: #1a1a1a; margin: 0; }
h3 { font-size: 15pt; margin: 0 0 0.3em 0; }
h4 { font-size: 10.5pt; margin: 0.7em 0 0.2em 0; border-bottom: 1px solid #1a1a1a; }
ul { margin: 0; padding-left: 1.2em; } li { margin: 0.1em 0; }
.kk-brief-sources { margin: 0.8em 0 0.1em 0; font-size: 9pt; }
ol.kk-notes { margin: 0; padding-left: 1.8em; font-size: 8pt; line-height: 1.2; }
.kk-brief-foot { font-size: 8pt; margin-top: 0.6em; }"""


def brief_document(tables, side: str) -> str:
    """A side's role brief as a standalone printable HTML document (A4, its own print CSS), its sources
    numbered and listed once at the end.

    >>> from korea_kit import load_tables
    >>> doc = brief_document(load_tables(), "usa")
    >>> doc.startswith("<!DOCTYPE html>"), "size: A4" in doc, doc.count("<h3>")
    (True, True, 1)
    """
    view = brief_view(tables, side)
    foot = ("<p class=\"kk-brief-foot\">Costs are the kit's model, not facts. Korea, April 2013: a Jupyter teaching "
            "kit, lesson 07.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Role brief: {_escape(side_name(tables, side))}</title><style>{BRIEF_CSS}</style></head>"
            f"<body>{view.html}{foot}</body></html>\n")


def aftermath_view(tables, marks: SourceMarks | None = None) -> HTMLView:
    """What really happened after April 2013 (the selection ``aftermath`` of lesson 07), in date order,
    with the words of the record where a quote is paired.

    >>> from korea_kit import load_tables
    >>> print(aftermath_view(load_tables()).text.splitlines()[1])  # doctest: +ELLIPSIS
    - 11 June 2013: Planned talks between North and South Korea were called off over the rank of the delegates. [...]
    """
    marks = marks or SourceMarks(tables)
    chosen = selection(tables, LESSON, "aftermath")
    events = tables.indexed("events")
    rows = []
    for position, (table, record_id, paired) in enumerate(zip(chosen["record_table"], chosen["record_id"],
                                                                chosen["paired_ref"])):
        refs = [(table, record_id)] + ([parse_ref(paired)] if cell_text(paired) else [])
        rows.append((events.loc[record_id, "date"], position, record_id, refs))
    out = []
    for _, _, record_id, refs in sorted(rows, key=lambda r: (r[0], r[1])):
        line = record_text(tables, "events", record_id)
        when, what = line.split(": ", 1)
        out.append(Row([Cell(when), Cell(what), marks.cell(refs)], f"- {line} {marks.mark(refs)}".rstrip()))
    return table_view(Table("What came after April 2013", ["Date", "What happened", "Sources"], out))
