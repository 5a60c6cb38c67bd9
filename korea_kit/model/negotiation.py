"""Lesson 07's negotiation of April 2013 as a model: pure functions from the moves of a game to what
each round did, the outcome, and what each side gained and gave.

Every side (``sides.csv``) has its stated demands (``demands.csv``), its interests
(``interests.csv``), its red lines (``red_lines.csv``) and the moves open to it (``moves.csv``),
each resting on cited records. A game is a list of rounds, each a list of move ids.
:func:`play` gives what each round did, :func:`outcome` the outcome in plain words with each side's
result and the one change that would have flipped it, :func:`solo_game` the game of a learner who
plays one side while the computer plays the others by the rules of ``responses.csv``, and
:func:`variant_of` a what-if card's change to the rules (``roleplay_cards.csv``).

The rules (the kit's model, not facts; the records each rests on are cited in the data):

- A move made once stands. A *standing* move (a lasting move the side made in every round of the
  record: the drills, Washington's veto) stands from the start unless its side stops it with a
  *pause* move (or, for a veto, votes for the decision itself). Another lasting move counts only in
  the round it is made. The drills are joint: they stop only when both allies pause them.
- A precondition is met when every side it was asked of has made a move that meets it (and no move
  of that side undoes it), or dropped when the side that set it waives its preconditions.
- Only the Security Council can lift its resolutions, by a decision that needs nine of fifteen votes and
  no permanent member voting against it (a veto); an abstention does not block it, only a permanent
  member's "no" does. A side at the table that votes for lifting them proposes the decision. The twelve
  members not at the table (France, Russia, the United Kingdom and nine elected members) are not played:
  the kit's model assumes they follow the permanent members at the table (the United States and China).
  So a lifting passes only if it is proposed, no permanent member at the table votes against it, and at
  least one permanent member at the table votes for it.
- A move that crosses another side's red line keeps that side from the table, unless that side has
  set its line aside by crossing it itself, at a cost.
- An offer of talks is open from the round it is made. The side asked takes it up or turns it down; a
  turn-down closes it, unless a mediator (an *appeal*: the Secretary-General, China) called for
  dialogue in that round or before: then the offer stays open.
- Talks start when every precondition is met or dropped and no red line blocks; failing that, talks on
  one question start when its offer is taken up and no red line of the two sides blocks them. An
  offer still open (or taken up while a red line blocks) leaves the door open; otherwise no talks.
- Each side is scored against its own interests: :data:`INTEREST_POINTS` for each interest gained or
  kept, minus as many for each given up, :data:`ADVANCE_POINTS` for each interest not gained that its own
  moves worked for (so that doing nothing has a price), minus the costs of its moves.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> outcome(tables, historical_rounds(tables)).kind
'none'
>>> outcome(tables, [["rok:offer-kaesong-talks", "dprk:take-up-kaesong-talks", "usa:pause-drills",
...                   "rok:pause-drills"]]).kind
'kaesong'
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from korea_kit.data import parse_ref, parse_refs
from korea_kit.text import cell_text, join_words

__all__ = [
    "COSTS",
    "OUTCOMES",
    "RANK",
    "INTEREST_POINTS",
    "ADVANCE_POINTS",
    "side_ids",
    "side_of",
    "side_name",
    "the_side",
    "Move",
    "moves",
    "move",
    "standing_moves",
    "rounds",
    "historical_rounds",
    "Interest",
    "interests",
    "Response",
    "responses",
    "Card",
    "cards",
    "variant_of",
    "RoundResult",
    "play",
    "SideResult",
    "side_results",
    "Reason",
    "Flip",
    "Outcome",
    "outcome",
    "flip",
    "solo_game",
    "Conflict",
    "conflicts",
    "preconditions",
    "demand_words",
    "red_line",
    "red_line_refs",
    "random_game",
    "model_json",
]

#: The three costs of a move (columns of ``moves.csv``) and how the lesson names them: the kit's model.
COSTS = {"credibility": "credibility at home", "ally_trust": "trust of an ally", "leverage": "leverage given up"}

#: The outcomes :func:`outcome` can give, and their headlines.
OUTCOMES = {"talks": "Talks start", "kaesong": "Talks on Kaesong only", "open": "No talks yet: an offer is still open",
            "none": "No talks"}

#: The outcomes from the least talk to the most.
RANK = {"none": 0, "open": 1, "kaesong": 2, "talks": 3}

#: What an interest gained or kept is worth, against the costs of the moves (each 0 to 3): the kit's model.
INTEREST_POINTS = 5

#: What an interest not gained is still worth when the side's own moves worked for it (``advanced_when`` of
#: ``interests.csv``): the kit's model, so that doing nothing has a price.
ADVANCE_POINTS = 2


# --- the sides, moves and rules, read once per set of tables ------------------------------------------

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


def the_side(tables, side: str, start: bool = True) -> str:
    """A side's name as a sentence's subject: "The United States", "North Korea", "The UN Secretary-General".

    >>> from korea_kit import load_tables
    >>> the_side(load_tables(), "usa"), the_side(load_tables(), "ban", start=False)
    ('The United States', 'the UN Secretary-General')
    """
    name = side_name(tables, side)
    if tables.record("actors", side)["kind"] == "person":
        name = name.split(" (")[0]
    if name.startswith(("United ", "UN ")):
        name = ("The " if start else "the ") + name
    return name


def _sides_in(tables, ids) -> list[str]:
    found = {side_of(tables, a) for a in str(ids).split(";") if a}
    return [s for s in side_ids(tables) if s in found]


def _split(cell) -> tuple[str, ...]:
    return tuple(part for part in cell_text(cell).split(";") if part)


def _condition(cell) -> tuple[tuple[str, ...], ...]:
    """A condition cell: groups separated by ';' (any), tokens in a group joined by '+' (all)."""
    return tuple(tuple(t for t in group.split("+") if t) for group in _split(cell))


@dataclass(frozen=True)
class Move:
    """A move of ``moves.csv``: who makes it, what it does in the model, what it costs, and its records."""

    move_id: str
    side: str
    kind: str
    label: str
    done: str
    meets: tuple[str, ...]
    crosses: tuple[str, ...]
    undoes: tuple[str, ...]
    lasting: bool
    costs: tuple[tuple[str, int], ...]
    cost_basis: str
    played_in: tuple[int, ...]
    ref: tuple[str, str]
    context: tuple[tuple[str, str], ...] = ()
    stops: str = ""

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
    ['china:urge-calm', 'china:press-six-party', 'china:vote-lift-sanctions', 'china:veto-lifting']
    """
    return [m for m in _model(tables).moves if side is None or m.side == side]


def move(tables, move_id: str) -> Move:
    """One move by its id (``side:move``); an unknown id is an error that names it.

    >>> from korea_kit import load_tables
    >>> move(load_tables(), "usa:pause-drills").stops
    'usa:continue-drills'
    """
    found = _model(tables).by_id.get(move_id)
    if found is None:
        raise ValueError(f"no move {move_id!r}; a side's moves are listed by moves(tables, side)")
    return found


def standing_moves(tables) -> tuple[str, ...]:
    """The moves that stand from the start unless their side stops them: the lasting moves the record has
    the side make in every round (the drills, Washington's veto).

    >>> from korea_kit import load_tables
    >>> standing_moves(load_tables())
    ('usa:continue-drills', 'usa:veto-lifting', 'rok:continue-drills')
    """
    return _model(tables).standing


def rounds(tables) -> list[tuple[int, str]]:
    """The rounds, as ``(number, label)``: the days of April 2013 each stands for.

    >>> from korea_kit import load_tables
    >>> rounds(load_tables())[0]
    (1, '11 to 15 April 2013')
    """
    return list(_model(tables).rounds)


def historical_rounds(tables, sides=None) -> list[tuple[str, ...]]:
    """The moves the sides (by default all) made in each round in April 2013 (``moves.csv`` ``played_in``).

    >>> from korea_kit import load_tables
    >>> historical_rounds(load_tables(), ["rok"])[0]
    ('rok:offer-kaesong-talks', 'rok:restate-meaningful-steps', 'rok:offer-2005-commitments', 'rok:continue-drills')
    """
    chosen = side_ids(tables) if sides is None else tuple(sides)
    return [tuple(m.move_id for m in moves(tables) if m.side in chosen and n in m.played_in) for n, _ in rounds(tables)]


@dataclass(frozen=True)
class Interest:
    """An interest of ``interests.csv``: ``kind`` gain (had only if the game brings it) or keep (had unless
    given up), ``when`` the condition that gains it or gives it up, ``short`` its plain words."""

    side: str
    interest_id: str
    text: str
    short: str
    kind: str
    when: tuple[tuple[str, ...], ...]
    refs: tuple[tuple[str, str], ...]
    advanced: tuple[tuple[str, ...], ...] = ()


def interests(tables, side: str | None = None) -> list[Interest]:
    """The sides' interests, in the order of ``interests.csv``.

    >>> from korea_kit import load_tables
    >>> [(i.interest_id, i.kind) for i in interests(load_tables(), "rok")][:2]
    [('kaesong', 'gain'), ('trust', 'gain')]
    """
    return [i for i in _model(tables).interests if side is None or i.side == side]


@dataclass(frozen=True)
class Response:
    """A rule of ``responses.csv``: in solo play, when ``when`` holds, the computer's ``side`` makes the moves
    ``plays`` and leaves out its record's moves ``drops``; ``rule`` says why, from ``refs``."""

    side: str
    response_id: str
    when: tuple[tuple[str, ...], ...]
    plays: tuple[str, ...]
    drops: tuple[str, ...]
    rule: str
    refs: tuple[tuple[str, str], ...]


def responses(tables, side: str | None = None) -> list[Response]:
    """The rules by which the computer's sides answer a learner in solo play.

    >>> from korea_kit import load_tables
    >>> [r.response_id for r in responses(load_tables(), "usa")]
    ['actions-not-words', 'commitments-2005', 'joint-drills']
    """
    return [r for r in _model(tables).responses if side is None or r.side == side]


@dataclass(frozen=True)
class Card:
    """A card of ``roleplay_cards.csv``: a role, a what-if card (``variant``: its change to the rules) or a
    criterion of the decision memo's rubric (``levels``: strong, adequate, weak)."""

    card_id: str
    kind: str
    title: str
    text: str
    variant: tuple[str, ...]
    levels: tuple[str, str, str]
    refs: tuple[tuple[str, str], ...]


def cards(tables, kind: str | None = None) -> list[Card]:
    """The role-play's cards of one kind (``role``, ``what-if``, ``memo``), or all.

    >>> from korea_kit import load_tables
    >>> [c.title for c in cards(load_tables(), "role")][:4]
    ['Leader', 'Negotiator', 'Note-taker', 'Press officer']
    """
    return [c for c in _model(tables).cards if kind is None or c.kind == kind]


def variant_of(tables, card_id: str | None) -> tuple[str, ...]:
    """The change a what-if card makes to the rules (none for None).

    >>> from korea_kit import load_tables
    >>> variant_of(load_tables(), "drills-over"), variant_of(load_tables(), None)
    (('drills-off',), ())
    """
    if not card_id:
        return ()
    found = {c.card_id: c for c in cards(tables, "what-if")}
    if card_id not in found:
        raise ValueError(f"no what-if card {card_id!r}; the cards are {', '.join(found)}")
    return found[card_id].variant


@dataclass(frozen=True)
class _Precondition:
    demand_id: str
    maker: str
    asked: tuple[str, ...]
    by_vote: bool


@dataclass(frozen=True)
class _Offer:
    demand_id: str
    asked: tuple[str, ...]
    parties: tuple[str, ...]


@dataclass
class _Model:
    sides: tuple[str, ...]
    permanent: tuple[str, ...]
    moves: list[Move]
    by_id: dict
    standing: tuple[str, ...]
    rounds: tuple[tuple[int, str], ...]
    preconditions: tuple[_Precondition, ...]
    offers: tuple[_Offer, ...]
    interests: list[Interest]
    responses: list[Response]
    cards: list[Card]


def _model(tables) -> _Model:
    return tables.derived("negotiation model", _build)


def _build(tables) -> _Model:
    sides = side_ids(tables)
    order = {s: i for i, s in enumerate(sides)}
    r = tables.rounds.sort_values("round")
    all_rounds = tuple((int(n), str(label)) for n, label in zip(r["round"], r["label"]))
    found = []
    for m in tables.moves.to_dict("records"):
        side = str(m["side_id"])
        stops = cell_text(m["stops"])
        found.append(Move(f"{side}:{m['move_id']}", side, str(m["kind"]), str(m["label"]), str(m["done"]),
                          _split(m["meets"]), _split(m["crosses"]), _split(m["undoes"]), bool(m["lasting"]),
                          tuple((c, int(m[c])) for c in COSTS), cell_text(m["cost_basis"]),
                          tuple(int(x) for x in _split(m["played_in"])), parse_ref(m["record_ref"]),
                          tuple(parse_refs(m["context_refs"])), f"{side}:{stops}" if stops else ""))
    found.sort(key=lambda m: order[m.side])
    every = {n for n, _ in all_rounds}
    standing = tuple(m.move_id for m in found if m.lasting and set(m.played_in) == every)
    seats = dict(zip(tables.sides["side_id"], tables.sides["council_seat"]))
    by_vote = {d for m in found if m.kind == "vote" for d in m.meets}
    pre, offers = [], []
    for d in tables.demands.to_dict("records"):
        if str(d["kind"]) == "precondition":
            pre.append(_Precondition(str(d["demand_id"]), side_of(tables, d["by_id"]), tuple(_sides_in(tables, d["of_ids"])),
                                     str(d["demand_id"]) in by_vote))
        elif str(d["kind"]) == "offer":
            asked = tuple(_sides_in(tables, d["of_ids"]))
            makers = tuple(m.side for m in found if m.kind == "offer" and str(d["demand_id"]) in m.meets)
            offers.append(_Offer(str(d["demand_id"]), asked, tuple(dict.fromkeys(makers + asked))))
    found_interests = [Interest(str(i["side_id"]), str(i["interest_id"]), str(i["interest"]), str(i["short"]),
                                str(i["kind"]), _condition(i["when"]), tuple(parse_refs(i["record_refs"])),
                                _condition(i.get("advanced_when", "")))
                       for i in tables.interests.to_dict("records")]
    found_responses = [Response(str(x["side_id"]), str(x["response_id"]), _condition(x["when"]), _split(x["plays"]),
                                _split(x["drops"]), str(x["rule"]), tuple(parse_refs(x["record_refs"])))
                       for x in tables.responses.to_dict("records")]
    found_cards = [Card(str(c["card_id"]), str(c["kind"]), str(c["title"]), str(c["text"]), _split(c["variant"]),
                        (cell_text(c["strong"]), cell_text(c["adequate"]), cell_text(c["weak"])),
                        tuple(parse_refs(c["record_refs"]))) for c in tables.roleplay_cards.to_dict("records")]
    return _Model(sides, tuple(s for s in sides if seats[s] == "permanent"), found, {m.move_id: m for m in found},
                  standing, all_rounds, tuple(pre), tuple(offers), found_interests, found_responses, found_cards)


def preconditions(tables) -> list[tuple[str, str, tuple[str, ...]]]:
    """The preconditions, as ``(demand id, the side that set it, the sides it was asked of)``.

    >>> from korea_kit import load_tables
    >>> preconditions(load_tables())[-1]
    ('seoul-meaningful-steps', 'rok', ('dprk',))
    """
    return [(p.demand_id, p.maker, p.asked) for p in _model(tables).preconditions]


def demand_words(tables, demand_id: str) -> str:
    """A demand's words, without the final stop.

    >>> from korea_kit import load_tables
    >>> demand_words(load_tables(), "kaesong-talks")
    'Come to talks on the future of the Kaesong Industrial Complex'
    """
    return str(tables.record("demands", demand_id)["demand"]).rstrip(".")


def red_line(tables, ref: str):
    """The row of ``red_lines.csv`` of a ``side:red_line_id``."""
    side, red_line_id = ref.split(":", 1)
    return tables.indexed("red_lines").loc[(side, red_line_id)]


def red_line_refs(tables, ref: str) -> tuple:
    """The records a red line rests on."""
    return tuple(parse_refs(red_line(tables, ref)["record_refs"]))


# --- a round --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RoundResult:
    """What the moves did after one round (the state after every round so far).

    ``status`` maps every precondition to ``met``, ``dropped`` or ``unmet``; ``crossed`` lists
    ``(move_id, red line)`` pairs of the moves standing now and ``blocking`` those of them that keep a side
    from the table (crossed by another side, not set aside by its owner); ``costs`` each side's costs paid
    this round and ``totals`` in all, as ``{side: {cost: n}}``; ``adopted`` whether the Council adopted a
    decision lifting the sanctions, ``vetoed`` the permanent members whose veto stood; ``offers`` each
    offer's state (``not made``, ``open``, ``closed``, ``taken``); ``drills`` whether any drills stand.
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
    blocking: tuple[tuple[str, str], ...] = field(default=())
    offers: dict = field(default_factory=dict)
    drills: bool = True
    new_crossings: tuple[tuple[str, str], ...] = field(default=())

    def crossed_by_others(self, tables=None) -> list[tuple[str, str]]:
        """The red lines crossed by a side other than their own (set aside by their owner or not)."""
        return [(m, r) for m, r in self.crossed if r.split(":")[0] != m.split(":")[0]]


def _standing(model: _Model, made: list[tuple[str, ...]], i: int, variant: tuple[str, ...]) -> tuple[str, ...]:
    """The moves standing after round ``i``: one-time moves made so far, the standing moves not stopped, and
    the other lasting moves of round ``i``."""
    once = [m for r in made[: i + 1] for m in r if not model.by_id[m].lasting]
    stopped = {model.by_id[m].stops for m in once if model.by_id[m].kind == "pause"}
    voted = {model.by_id[m].side for m in once if model.by_id[m].kind == "vote"}
    defaults = [m for m in model.standing if m not in stopped
                and not (model.by_id[m].kind == "veto" and model.by_id[m].side in voted)
                and not ("drills-off" in variant and m.endswith(":continue-drills"))
                and f"bar:{m}" not in variant]
    lasting = [m for m in made[i] if model.by_id[m].lasting and m not in model.standing]
    return tuple(dict.fromkeys(once + defaults + lasting))


def _normalize(tables, game, variant: tuple[str, ...]) -> list[tuple[str, ...]]:
    model = _model(tables)
    if len(game) > len(model.rounds):
        raise ValueError(f"{len(game)} rounds played; the simulation has {len(model.rounds)}")
    start = tuple(t.split(":", 1)[1] for t in variant if t.startswith("start:"))
    barred = {t.split(":", 1)[1] for t in variant if t.startswith("bar:")}
    out = []
    for i, chosen in enumerate(game):
        chosen = tuple(dict.fromkeys(tuple(chosen)))
        for move_id in chosen:
            move(tables, move_id)
        out.append(tuple(m for m in ((start if i == 0 else ()) + chosen) if m not in barred))
    return out


def play(tables, game, variant=()) -> list[RoundResult]:
    """Play a game: ``game`` is one list of move ids per round (at most as many rounds as ``rounds.csv``);
    ``variant`` a what-if card's change to the rules (:func:`variant_of`).

    A move that is not offered, or a round past the last, is an error that names it.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> first = play(tables, historical_rounds(tables))[0]
    >>> first.label, first.status["withdraw-sanctions"], first.blocking[0], first.offers["kaesong-talks"]
    ('11 to 15 April 2013', 'unmet', ('usa:continue-drills', 'dprk:nuclear-stick'), 'closed')
    >>> play(tables, [["usa:withdraw-sanctions"]])
    Traceback (most recent call last):
    ...
    ValueError: no move 'usa:withdraw-sanctions'; a side's moves are listed by moves(tables, side)
    """
    model = _model(tables)
    variant = tuple(variant)
    made = _normalize(tables, game, variant)
    results, paid, totals = [], set(), {s: {c: 0 for c in COSTS} for s in model.sides}
    offer_state = {o.demand_id: "not made" for o in model.offers}
    appealed, crossed_before = False, set()
    for i, chosen in enumerate(made):
        standing = _standing(model, made, i, variant)
        now = [model.by_id[m] for m in standing]
        voted = {m.side for m in now if m.kind == "vote"}
        vetoed = tuple(s for s in model.permanent if any(m.side == s and m.kind == "veto" for m in now))
        adopted = bool(voted) and not vetoed and any(s in voted for s in model.permanent)
        waived = {m.side for m in now if m.kind == "waive"}
        status = {}
        for p in model.preconditions:
            if p.by_vote:
                met = adopted
            else:
                met = all(any(m.side == s and m.kind == "meet" and p.demand_id in m.meets for m in now)
                          and not any(m.side == s and p.demand_id in m.undoes for m in now) for s in p.asked)
            status[p.demand_id] = "met" if met else "dropped" if p.maker in waived else "unmet"
        crossed = tuple((m.move_id, r) for m in now for r in m.crosses)
        set_aside = {r for m, r in crossed if r.split(":")[0] == m.split(":")[0]}
        blocking = tuple((m, r) for m, r in crossed if r.split(":")[0] != m.split(":")[0] and r not in set_aside)
        contradictions = tuple((m.move_id, u) for m in now for u in m.undoes
                               if any(o.side == m.side and o.kind == "meet" and u in o.meets for o in now))
        # offers: made, then the mediators' calls, then the answers of the sides asked
        this_round = [model.by_id[m] for m in chosen]
        appealed = appealed or any(m.kind == "appeal" for m in this_round)
        for o in model.offers:
            if offer_state[o.demand_id] == "not made" and any(m.kind == "offer" and o.demand_id in m.meets
                                                              for m in now):
                offer_state[o.demand_id] = "open"
            if offer_state[o.demand_id] != "open":
                continue
            if all(any(m.side == s and m.kind == "take-up" and o.demand_id in m.meets for m in now) for s in o.asked):
                offer_state[o.demand_id] = "taken"
            elif not appealed and any(m.kind == "refuse" and m.side in o.asked and o.demand_id in m.meets
                                      for m in this_round):
                offer_state[o.demand_id] = "closed"
        costs = {s: {c: 0 for c in COSTS} for s in model.sides}
        for move_id in chosen:
            m = model.by_id[move_id]
            if move_id in paid:
                continue
            paid.add(move_id)
            for c, n in m.costs:
                costs[m.side][c] += n
                totals[m.side][c] += n
        taken_up = tuple(o for o, s in offer_state.items() if s == "taken")
        new = tuple(x for x in crossed if x not in crossed_before)
        crossed_before |= set(crossed)
        number, label = model.rounds[i]
        results.append(RoundResult(number, label, chosen, standing, status, crossed, costs,
                                   {s: dict(v) for s, v in totals.items()}, adopted, taken_up, contradictions,
                                   vetoed, blocking, dict(offer_state),
                                   any(m.endswith(":continue-drills") for m in standing), new))
    return results


def _kind(model: _Model, last: RoundResult) -> str:
    if all(s != "unmet" for s in last.status.values()) and not last.blocking:
        return "talks"
    for o in model.offers:
        if last.offers[o.demand_id] == "taken" and not any(r.split(":")[0] in o.parties for _, r in last.blocking):
            return "kaesong"
    if any(last.offers[o.demand_id] in ("open", "taken") for o in model.offers):
        return "open"
    return "none"


# --- scores --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SideResult:
    """What a game gave one side: the interests ``gained`` (of kind gain) and ``given`` up (of kind keep),
    as :class:`Interest`, the interests not gained that its own moves worked for (``advanced``), its ``cost`` in
    all and its ``score`` (the kit's model)."""

    side: str
    gained: tuple[Interest, ...]
    given: tuple[Interest, ...]
    cost: int
    score: int
    advanced: tuple[Interest, ...] = ()


def _holds(model: _Model, token: str, kind: str, last: RoundResult, made: set[str]) -> bool:
    word, _, rest = token.partition(":")
    if word == "made":
        return rest in made
    if word == "met":
        return last.status.get(rest) == "met"
    if token == "talks":
        return kind == "talks"
    if token == "kaesong":
        return kind == "kaesong" or (kind == "talks" and bool(last.taken_up))
    if token == "dialogue":
        return kind in ("talks", "kaesong")
    if token == "calm":
        return not last.crossed_by_others()
    if token == "drills-stopped":
        return not last.drills
    raise ValueError(f"no condition {token!r}")


def _met(model, condition, kind, last, made) -> bool:
    return any(all(_holds(model, t, kind, last, made) for t in group) for group in condition)


def side_results(tables, game, variant=()) -> dict[str, SideResult]:
    """What a game gave each side, scored against its own interests: :data:`INTEREST_POINTS` for each
    interest gained or kept, minus as many for each given up, minus the costs of its moves.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> r = side_results(tables, [["rok:offer-kaesong-talks", "dprk:take-up-kaesong-talks", "usa:pause-drills",
    ...                            "rok:pause-drills"]])
    >>> [i.interest_id for i in r["rok"].gained], r["rok"].cost
    (['kaesong', 'trust'], 3)
    """
    model = _model(tables)
    results = play(tables, game, variant)
    if not results:
        return {s: SideResult(s, (), (), 0, sum(INTEREST_POINTS for i in interests(tables, s) if i.kind == "keep"))
                for s in model.sides}
    last = results[-1]
    kind = _kind(model, last)
    made = {m for r in _normalize(tables, game, tuple(variant)) for m in r}
    out = {}
    for s in model.sides:
        gained = tuple(i for i in model.interests if i.side == s and i.kind == "gain"
                       and _met(model, i.when, kind, last, made))
        given = tuple(i for i in model.interests if i.side == s and i.kind == "keep"
                      and _met(model, i.when, kind, last, made))
        advanced = tuple(i for i in model.interests if i.side == s and i.kind == "gain" and i not in gained
                         and i.advanced and _met(model, i.advanced, kind, last, made))
        kept = sum(1 for i in model.interests if i.side == s and i.kind == "keep") - len(given)
        cost = sum(last.totals[s].values())
        out[s] = SideResult(s, gained, given, cost, INTEREST_POINTS * (len(gained) + kept - len(given))
                            + ADVANCE_POINTS * len(advanced) - cost, advanced)
    return out


# --- the outcome, in plain words ---------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    """One reason for an outcome, in plain words, with the records it rests on."""

    text: str
    refs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Flip:
    """The one change that would have flipped a game's outcome: ``side`` makes (``added``) or does not make
    ``move_id`` in round ``round``, and the outcome becomes ``kind``."""

    side: str
    move_id: str
    round: int
    added: bool
    kind: str


@dataclass(frozen=True)
class Outcome:
    """The outcome of a game: ``kind`` (a key of :data:`OUTCOMES`), its headline, the reasons, what each side
    gained and gave (``results``), and the one change that would have flipped it (``flip``, or None)."""

    kind: str
    headline: str
    reasons: tuple[Reason, ...]
    results: dict = field(default_factory=dict)
    flip: Flip | None = None


def _done(tables, move_ids) -> str:
    """Moves as a sentence: "The United States and South Korea kept up the drills"."""
    by_done: dict[str, list[str]] = {}
    model = _model(tables)
    for m in move_ids:
        by_done.setdefault(model.by_id[m].done, []).append(model.by_id[m].side)
    parts = []
    for done, sides in by_done.items():
        names = [the_side(tables, s, start=not parts and i == 0) for i, s in enumerate(dict.fromkeys(sides))]
        parts.append(f"{join_words(names)} {done}")
    return "; ".join(parts)


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def outcome(tables, game, variant=(), *, solo: str | None = None, chosen=None, flip_search: bool = True) -> Outcome:
    """The outcome of a game (see :func:`play`) in plain words: which talks start, or why none; what each side
    gained and gave; and the one change that would have flipped it (:func:`flip`; in solo play, ``solo``
    names the learner's side and ``chosen`` its own moves: only those are changed, the computer answering).

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> result = outcome(tables, historical_rounds(tables))
    >>> result.headline
    'No talks'
    >>> print(result.reasons[0].text)  # doctest: +NORMALIZE_WHITESPACE
    The United States and South Korea kept up the drills. In the kit's reading, that kept North Korea from the
    table. It said it "cannot sit" at the table with a side "wielding a nuclear stick". The allies called the
    drills annual and defensive.
    """
    model = _model(tables)
    variant = tuple(variant)
    results = play(tables, game, variant)
    if not results:
        return Outcome("none", OUTCOMES["none"], (Reason("No round has been played.", ()),))
    last = results[-1]
    kind = _kind(model, last)
    reasons = []
    by_owner: dict[str, list[str]] = {}
    for m, r in last.blocking:
        by_owner.setdefault(r, []).append(m)
    for ref, movers in by_owner.items():
        owner = the_side(tables, ref.split(":")[0], start=False)
        refs = tuple(model.by_id[m].ref for m in movers) + red_line_refs(tables, ref)
        text = f"{_sentence(_done(tables, movers))} In the kit's reading, that kept {owner} from the table."
        if ref == "dprk:nuclear-stick":
            text += (' It said it "cannot sit" at the table with a side "wielding a nuclear stick".')
            if any(m.endswith(":continue-drills") for m in movers):
                text += " The allies called the drills annual and defensive."
                refs += (("quotes", "kcna-annual-defensive"), ("quotes", "usfk-non-provocative"))
        reasons.append(Reason(text, refs))
    for m, r in last.crossed:
        if r.split(":")[0] == m.split(":")[0]:
            reasons.append(Reason(f"{_sentence(_done(tables, [m]))} That broke a line it had drawn itself.",
                                  (model.by_id[m].ref, *red_line_refs(tables, r))))
    makers = {}
    for p in model.preconditions:
        makers.setdefault(p.maker, []).append(p)
    for maker, pre in makers.items():
        unmet = [p for p in pre if last.status[p.demand_id] == "unmet"]
        if not unmet:
            how = "dropped" if all(last.status[p.demand_id] == "dropped" for p in pre) else "met or dropped"
            reasons.append(Reason(f"{the_side(tables, maker)} saw its terms {how}.",
                                  tuple(("demands", p.demand_id) for p in pre)))
            continue
        name = the_side(tables, maker)
        owner = f"{name}'" if name.endswith("s") else f"{name}'s"
        if len(pre) == 1:
            text = f"{owner} one term was not met."
        elif len(unmet) == len(pre):
            text = f"None of {owner[0].lower() + owner[1:] if owner.startswith('The ') else owner} {len(pre)} terms was met."
        else:
            text = (f"{len(unmet)} of {owner[0].lower() + owner[1:] if owner.startswith('The ') else owner} {len(pre)} "
                    f"terms {'was' if len(unmet) == 1 else 'were'} not met.")
        if any(p.by_vote for p in unmet):
            text += " Only the Security Council can lift the sanctions."
            voters = [s for s in model.sides if any(model.by_id[m].kind == "vote" and model.by_id[m].side == s
                                                    for m in last.standing)]
            if last.vetoed:
                names = join_words([the_side(tables, s, False) for s in last.vetoed])
                text += (f" In the kit's model, {names} {'votes' if len(last.vetoed) == 1 else 'vote'} no unless "
                         f"{'it changes its' if len(last.vetoed) == 1 else 'they change their'} stand: that is the"
                         " model's default, not a stated plan.")
                if "usa" in last.vetoed:
                    text += (' On the record, the United States voted for the sanctions in March and called the'
                             ' North\'s terms "not acceptable".')
            elif voters:
                text += (f" {_sentence(join_words([the_side(tables, s, i == 0) for i, s in enumerate(voters)]))[:-1]}"
                         " voted to lift them, but no permanent member at the table did. In the kit's model, the"
                         " other members follow the permanent members, so the vote falls short.")
            else:
                text += " No side asked it to."
        reasons.append(Reason(text, tuple(("demands", p.demand_id) for p in unmet)))
    for o in model.offers:
        state = last.offers[o.demand_id]
        words = {"not made": "Nobody made the offer of talks on Kaesong.",
                 "closed": "North Korea turned down the offer of talks on Kaesong.",
                 "open": "The offer of talks on Kaesong is still open.",
                 "taken": "North Korea took up the offer of talks on Kaesong."}
        text = words[state] if o.demand_id == "kaesong-talks" else f"The offer ({demand_words(tables, o.demand_id)}) is {state}."
        reasons.append(Reason(text, (("demands", o.demand_id),)))
    headline = OUTCOMES[kind]
    found = None
    if flip_search:
        found = flip(tables, chosen, variant, solo=solo) if solo else flip(tables, game, variant)
    return Outcome(kind, headline, tuple(reasons), side_results(tables, game, variant), found)


def _toggle(game, i: int, move_id: str) -> list[tuple[str, ...]]:
    out = [tuple(r) for r in game]
    while len(out) <= i:
        out.append(())
    out[i] = tuple(m for m in out[i] if m != move_id) if move_id in out[i] else out[i] + (move_id,)
    return out


def flip(tables, game, variant=(), *, solo: str | None = None) -> Flip | None:
    """The one change that would have flipped the outcome of ``game``: one move made or not made, in one
    round. If no talks started, the change that brings the most talk; if talks started, a change that stops
    them. Among equals, the cheapest move, then the earliest round. In solo play (``solo``, the learner's
    side, with ``game`` the learner's own moves), only the learner's moves change, and the computer answers.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> flip(tables, [["rok:offer-kaesong-talks", "dprk:take-up-kaesong-talks", "usa:pause-drills"]])
    Flip(side='rok', move_id='rok:pause-drills', round=1, added=True, kind='kaesong')
    """
    model = _model(tables)
    variant = tuple(variant)

    def kind_of(g):
        full = solo_game(tables, solo, g, variant)[0] if solo else g
        results = play(tables, full, variant)
        return _kind(model, results[-1]) if results else "none"

    if not game:
        return None
    now = RANK[kind_of(game)]
    best, best_key = None, None
    candidates = [m for m in model.moves if (solo is None or m.side == solo) and m.kind != "hold"
                  and m.move_id not in model.standing]
    for i in range(len(game)):
        for m in candidates:
            changed = _toggle(game, i, m.move_id)
            rank = RANK[kind_of(changed)]
            if rank == now:
                continue
            better = rank > now
            if now == RANK["talks"] and better or now < RANK["talks"] and not better:
                continue
            key = (-rank if now < RANK["talks"] else rank, m.cost, i, model.moves.index(m))
            if best_key is None or key < best_key:
                best_key = key
                best = Flip(m.side, m.move_id, i + 1, m.move_id not in game[i], next(k for k, v in RANK.items() if v == rank))
    return best


# --- solo play -------------------------------------------------------------------------------------

def solo_game(tables, side: str, chosen, variant=()) -> tuple[list[tuple[str, ...]], list[tuple[int, Response]]]:
    """Solo play: the learner's moves for ``side`` (one list per round played so far) and the other sides'
    moves, as on the record of April 2013 unless a rule of ``responses.csv`` answers what has been done so
    far (this round's moves included): the whole game, and the rules that answered, as ``(round, rule)``.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> game, answered = solo_game(tables, "usa", [["usa:pause-drills"]])
    >>> [(n, r.side, r.response_id) for n, r in answered]
    [(1, 'dprk', 'drills-stop'), (1, 'rok', 'joint-drills')]
    >>> "dprk:take-up-kaesong-talks" in game[0]
    True
    """
    model = _model(tables)
    variant = tuple(variant)
    history = historical_rounds(tables)
    mine = [tuple(r) for r in chosen]
    for r in mine:
        for move_id in r:
            if not move_id.startswith(f"{side}:"):
                raise ValueError(f"{move_id!r} is not a move of {side}")
    start = tuple(t.split(":", 1)[1] for t in variant if t.startswith("start:"))
    game: list[tuple[str, ...]] = []
    answered: list[tuple[int, Response]] = []
    fired_ids: set[tuple[str, str]] = set()
    for i, own in enumerate(mine):
        computer = {s: tuple(m for m in history[i] if m.startswith(f"{s}:")) for s in model.sides if s != side}
        fired: dict[str, list[Response]] = {s: [] for s in computer}
        for _ in range(4):  # until no rule changes what the computer does (the rules only add answers)
            changed = False
            for s in computer:
                round_moves = own + tuple(m for x in computer for m in computer[x])
                so_far = [*game, round_moves]
                made = set(start) | {m for r in so_far for m in r}
                for rule in model.responses:
                    if rule.side != s or rule in fired[s]:
                        continue
                    if _rule_holds(tables, model, rule, so_far, made, variant):
                        fired[s].append(rule)
                        changed = True
                base = tuple(m for m in history[i] if m.startswith(f"{s}:"))
                drops = {d for rule in fired[s] for d in rule.drops}
                plays = tuple(p for rule in fired[s] for p in rule.plays)
                stopped = {model.by_id[p].stops for p in plays if model.by_id[p].stops}
                computer[s] = tuple(dict.fromkeys(tuple(m for m in base if m not in drops and m not in stopped)
                                                  + plays))
            if not changed:
                break
        for s in model.sides:
            for rule in fired.get(s, []):
                if (rule.side, rule.response_id) not in fired_ids:
                    fired_ids.add((rule.side, rule.response_id))
                    answered.append((i + 1, rule))
        game.append(own + tuple(m for s in model.sides if s in computer for m in computer[s]))
    return game, answered


def _rule_holds(tables, model, rule: Response, so_far, made: set[str], variant) -> bool:
    needs_play = any(t.split(":")[0] not in ("made",) for group in rule.when for t in group)
    if not needs_play:
        return any(all(t.split(":", 1)[1] in made for t in group) for group in rule.when)
    results = play(tables, so_far, variant)
    last = results[-1]
    return _met(model, rule.when, _kind(model, last), last, made)


# --- why no set of moves pleases everyone ---------------------------------------------------------------

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
    found = []
    for p in _model(tables).preconditions:
        for mover in p.asked:
            meeting = [m for m in moves(tables) if m.side == mover and m.kind in ("meet", "vote")
                       and p.demand_id in m.meets]
            own = [r for m in meeting for r in m.crosses if r.split(":")[0] == mover]
            if meeting and all(any(r.split(":")[0] == mover for r in m.crosses) for m in meeting):
                found.append(Conflict(p.demand_id, p.maker, mover, own[0],
                                      (("demands", p.demand_id), *red_line_refs(tables, own[0]))))
    return found


# --- games for tests, benchmarks and the board ------------------------------------------------------------

def random_game(tables, rng: random.Random, share: float = 0.15) -> list[tuple[str, ...]]:
    """A random class game: each move that is not a standing one is made in each round with chance ``share``.

    >>> from korea_kit import load_tables
    >>> len(random_game(load_tables(), random.Random(1)))
    3
    """
    model = _model(tables)
    offered = [m.move_id for m in model.moves if m.move_id not in model.standing]
    return [tuple(m for m in offered if rng.random() < share) for _ in model.rounds]


def model_json(tables) -> dict:
    """Everything the projector board's script needs to play a class game as :func:`play`,
    :func:`outcome` (its kind) and :func:`side_results` do: the sides, moves, preconditions, offers,
    interests, rounds and what-if cards, as plain JSON.

    >>> from korea_kit import load_tables
    >>> data = model_json(load_tables())
    >>> data["points"] == INTEREST_POINTS, data["standing"][0], {"cards", "interests", "moves", "redLines"} <= set(data)
    (True, 'usa:continue-drills', True)
    """
    model = _model(tables)
    return {
        "points": INTEREST_POINTS,
        "advancePoints": ADVANCE_POINTS,
        "sides": [{"id": s, "name": side_name(tables, s)} for s in model.sides],
        "permanent": list(model.permanent),
        "standing": list(model.standing),
        "rounds": [{"number": n, "label": label} for n, label in model.rounds],
        "moves": [{"id": m.move_id, "side": m.side, "kind": m.kind, "label": m.label, "done": m.done,
                   "meets": list(m.meets), "crosses": list(m.crosses), "undoes": list(m.undoes),
                   "lasting": m.lasting, "cost": m.cost, "stops": m.stops} for m in model.moves],
        "preconditions": [{"id": p.demand_id, "maker": p.maker, "asked": list(p.asked), "byVote": p.by_vote,
                           "words": demand_words(tables, p.demand_id)} for p in model.preconditions],
        "redLines": {f"{r['side_id']}:{r['red_line_id']}": str(r["red_line"]) for r in tables.red_lines.to_dict("records")},
        "done": {m.move_id: m.done for m in model.moves},
        "offers": [{"id": o.demand_id, "asked": list(o.asked), "parties": list(o.parties)} for o in model.offers],
        "interests": [{"side": i.side, "id": i.interest_id, "short": i.short, "kind": i.kind,
                       "when": [list(g) for g in i.when], "advanced": [list(g) for g in i.advanced]}
                      for i in model.interests],
        "cards": [{"id": c.card_id, "title": c.title, "variant": list(c.variant)} for c in model.cards
                  if c.kind == "what-if"],
        "outcomes": OUTCOMES,
    }
