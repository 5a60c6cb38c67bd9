"""The negotiation simulation: the views and widget of lesson 07 (``07-negotiation-role-play``).

Learners play the sides of April 2013 (North Korea, the United States, South
Korea, China, and the UN Secretary-General as a mediator) over three rounds.
The model is :mod:`korea_kit.model.negotiation` (every interest, red line, move and
rule of the computer's sides rests on cited records); its views are
:mod:`korea_kit.render.negotiation`. This module picks what the lesson shows, numbers
the lesson's sources once (:func:`lesson_marks`, listed by :func:`lesson_sources`)
and wires the widget, :class:`NegotiationRounds`, to the model. The teacher's pack
(briefs, round sheets, the projector board) is :mod:`korea_kit.publish.pack`.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> outcome(tables, historical_rounds(tables)).headline
'No talks'
>>> "usa:withdraw-sanctions" in {m.move_id for m in moves(tables, "usa")}  # only the Council can lift them
False
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from korea_kit.data import parse_refs, selection
from korea_kit.data.sources import source_ids
from korea_kit.model.negotiation import (
    cards, historical_rounds, moves, outcome, play, rounds, side_ids, side_name, side_of, solo_game, the_side,
    standing_moves, variant_of,
)
from korea_kit.render.negotiation import (
    aftermath_view, brief_document, brief_sections, brief_view, cards_view, conflicts_view, debrief_view,
    outcome_view, responses_view, results_view, round_view,
)
from korea_kit.render.views import HTMLView, SourceMarks, sources_used_view
from korea_kit.widgets.access import lead
from korea_kit.widgets.panels import KitWidget, static_hint

__all__ = [
    "LESSON",
    "TABLE_HINT",
    "PACK_COMMAND",
    "brief_document",
    "lesson_refs",
    "lesson_marks",
    "role_briefs",
    "role_brief",
    "rules_view",
    "solo_rules",
    "group_roles",
    "what_if_cards",
    "memo_rubric",
    "example_round",
    "record_of_april",
    "aftermath",
    "side_summary",
    "NegotiationRounds",
    "negotiation_rounds",
    "lesson_sources",
]

#: The lesson's name in ``selections.csv``.
LESSON = "07-negotiation-role-play"

#: The command that writes the teacher's pack (briefs, round sheets, board, teacher's sheet, memos, cards).
PACK_COMMAND = "korea-kit pack"

#: Shown under the static rendering of :class:`NegotiationRounds`.
TABLE_HINT = static_hint("play") + (" Then pick your side, tick your moves and press “End round”; the kit shows "
                                     "what the round did, and after the last round the outcome.")


# --- the lesson's sources, numbered once ------------------------------------------------------

def lesson_refs(tables) -> list[tuple[str, str]]:
    """Every record lesson 07 shows, as ``(table, id)``: the sides, their interests, demands, red lines
    and moves, the answers of April 2013 and what came after.

    >>> from korea_kit import load_tables
    >>> ("events", "kaesong-agreement-2013") in lesson_refs(load_tables())
    True
    """
    return list(tables.derived("lesson 07 refs", _lesson_refs))


def _lesson_refs(tables) -> list[tuple[str, str]]:
    refs = []
    for side in side_ids(tables):
        refs += [ref for _, items in brief_sections(tables, side) for _, item_refs in items for ref in item_refs]
    refs += [ref for m in moves(tables) for ref in m.refs]
    for name in ("red_lines", "interests", "responses"):
        refs += [ref for cell in tables[name]["record_refs"] for ref in parse_refs(cell)]
    refs += [("demands", d) for d in tables.demands["demand_id"]]
    refs += [ref for c in cards(tables) for ref in c.refs]
    after = selection(tables, LESSON, "aftermath")
    refs += list(zip(after["record_table"], after["record_id"]))
    refs += [ref for cell in after["paired_ref"].dropna() for ref in parse_refs(cell)]
    return list(dict.fromkeys(refs))


def lesson_marks(tables) -> SourceMarks:
    """The lesson's source marks: one number per source, in the order of ``sources.csv``, the same in every
    view of the lesson, so that :func:`lesson_sources` lists each source once.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> lesson_marks(tables).mark([("quotes", "kerry-gambit")]) == lesson_marks(tables).mark([("quotes", "kerry-gambit")])
    True
    """
    return SourceMarks(tables, source_ids(tables, lesson_refs(tables)))


def lesson_sources(tables, caption: str = "The sources of this lesson") -> HTMLView:
    """Every source of lesson 07, each full reference once, numbered as the marks ``[n]`` of its views
    (:func:`lesson_marks`), which link to its entry; folded, so that the page stays short (a browser opens
    the fold when a mark is followed, and the page prints it open).

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> view = lesson_sources(tables)
    >>> view.text.splitlines()[0], "Yonhap 11 Jun; Reuters, CNN 16 Jun; VOA 14 Aug 2013" in view.text
    ('The sources of this lesson', True)
    >>> view.html.startswith('<details class="kk-fold kk-sources-fold"><summary>The sources of this lesson (')
    True
    >>> n = lesson_marks(tables).mark([("quotes", "kerry-gambit")]).strip("[]").split(", ")[0]
    >>> f'<tr id="source-rt-2013-04-18"><td style="text-align:left;vertical-align:top">{n}</td>' in view.html
    True
    """
    view = sources_used_view(tables, lesson_refs(tables), caption)
    n = len(source_ids(tables, lesson_refs(tables)))
    return HTMLView(f'<details class="kk-fold kk-sources-fold"><summary>{html.escape(caption)} ({n})</summary>'
                    f"{view.html}</details>", view.text)


# --- the briefs, the rules, an example round, the record ------------------------------------

def role_brief(tables, side: str) -> HTMLView:
    """One side's role brief, with the lesson's source marks (the sources are listed once, at the lesson's end).

    >>> from korea_kit import load_tables
    >>> print(role_brief(load_tables(), "china").text.splitlines()[0])
    Role brief: China
    """
    return brief_view(tables, side, lesson_marks(tables), sources=False)


def role_briefs(tables, sides=None) -> HTMLView:
    """Every side's role brief (by default all of :func:`side_ids`), each folded in its own ``<details>``,
    with the lesson's source marks. For paper, :func:`brief_document` gives each brief as one A4 page.

    >>> from korea_kit import load_tables
    >>> view = role_briefs(load_tables())
    >>> view.html.count("<details"), view.html.count(" open")
    (5, 0)
    """
    marks = lesson_marks(tables)
    chosen = side_ids(tables) if sides is None else tuple(sides)
    parts, texts = [], []
    for side in chosen:
        view = brief_view(tables, side, marks, sources=False)
        parts.append(f'<details class="kk-brief-fold"><summary>Role brief: {html.escape(side_name(tables, side))}'
                     f"</summary>{view.html}</details>")
        texts.append(view.text)
    return HTMLView(f'<div class="kk-briefs">{"".join(parts)}</div>', "\n\n".join(texts))


def rules_view(tables) -> HTMLView:
    """Why no set of moves satisfies everyone: the preconditions that cross the red line of the side asked (folded).

    >>> from korea_kit import load_tables
    >>> rules_view(load_tables()).text.startswith("Preconditions against red lines")
    True
    """
    view = conflicts_view(tables, lesson_marks(tables))
    return HTMLView('<details class="kk-fold"><summary>Why no set of moves satisfies everyone: the preconditions '
                    f"against the red lines</summary>{view.html}</details>", view.text)


def solo_rules(tables) -> HTMLView:
    """How the computer's sides answer a learner in solo play, each rule with its record, folded.

    >>> from korea_kit import load_tables
    >>> view = solo_rules(load_tables())
    >>> view.html.startswith("<details"), "by its actions and not its words" in view.text
    (True, True)
    """
    view = responses_view(tables, lesson_marks(tables))
    return HTMLView('<details class="kk-fold"><summary>How the computer answers you in solo play</summary>'
                    f"{view.html}</details>", view.text)


def group_roles(tables) -> HTMLView:
    """The roles inside each group, so that every student of a class of 25 to 30 has a job.

    >>> from korea_kit import load_tables
    >>> group_roles(load_tables()).text.splitlines()[0]
    'Roles inside each group'
    """
    return cards_view(tables, "role")


def what_if_cards(tables) -> HTMLView:
    """The what-if cards for a second game: each a change to the rules or an event from the record, folded.

    >>> from korea_kit import load_tables
    >>> "Foal Eagle is over" in what_if_cards(load_tables()).text
    True
    """
    view = cards_view(tables, "what-if", lesson_marks(tables))
    return HTMLView('<details class="kk-fold"><summary>What-if cards for a second game</summary>'
                    f"{view.html}</details>", view.text)


def memo_rubric(tables) -> HTMLView:
    """The decision memo's rubric: what a strong, an adequate and a weak memo does (folded).

    >>> from korea_kit import load_tables
    >>> memo_rubric(load_tables()).text.splitlines()[0]
    "The decision memo's rubric"
    """
    view = cards_view(tables, "memo")
    return HTMLView(f'<details class="kk-fold"><summary>The decision memo\'s rubric</summary>{view.html}</details>',
                    view.text)


def example_round(tables) -> HTMLView:
    """An example round: round 1 as the sides played it in April 2013, with what it did.

    >>> from korea_kit import load_tables
    >>> example_round(load_tables()).text.splitlines()[0]
    'Round 1 (11 to 15 April 2013)'
    """
    return round_view(tables, play(tables, historical_rounds(tables)[:1])[0], lesson_marks(tables))


def record_of_april(tables) -> HTMLView:
    """The outcome of the three rounds as the sides played them in April 2013, in plain words: why no talks,
    what each side gained and gave, and the one change that would have flipped it (what happened next is
    :func:`aftermath`).

    >>> from korea_kit import load_tables
    >>> record_of_april(load_tables()).text.splitlines()[:2]
    ['Outcome: No talks', 'Why:']
    """
    return outcome_view(tables, outcome(tables, historical_rounds(tables)), lesson_marks(tables), after=False)


def aftermath(tables) -> HTMLView:
    """What really happened next, June 2013 to February 2016, with the lesson's source marks.

    >>> from korea_kit import load_tables
    >>> "14 August 2013" in aftermath(load_tables()).text
    True
    """
    return aftermath_view(tables, lesson_marks(tables))


def side_summary(tables, side: str) -> HTMLView:
    """A side's line in the widget: whom you play, how many preconditions and red lines you have, what stands
    unless you change it, and what to do.

    >>> from korea_kit import load_tables
    >>> print(side_summary(load_tables(), "rok").text)  # doctest: +ELLIPSIS
    You play South Korea: 1 precondition of your own, 1 red line, 10 moves open to you. The drills go on unless ...
    """
    own = sum(1 for _, d in tables.demands.iterrows()
              if str(d["kind"]) == "precondition" and side_of(tables, d["by_id"]) == side)
    lines = int((tables.red_lines["side_id"] == side).sum())
    n = sum(1 for m in moves(tables, side) if m.move_id not in standing_moves(tables))
    standing = [m for m in standing_moves(tables) if m.startswith(f"{side}:")]
    stands = ""
    if any(m.endswith(":continue-drills") for m in standing):
        stands += " The drills go on unless you pause them (and your ally pauses them too)."
    if any(m.endswith(":veto-lifting") for m in standing):
        stands += (" Your vote against lifting the sanctions stands unless you abstain or vote for lifting: the kit's default"
                   " position for you, not a stated plan.")
    text = (f"You play {the_side(tables, side, start=False)}: {own} precondition{'s' if own != 1 else ''} of your own, "
            f"{lines} red line{'s' if lines != 1 else ''}, {n} move{'s' if n != 1 else ''} open to you.{stands} Read your role brief, "
            "tick the moves you make this round, then press “End round”.")
    return HTMLView(f'<p class="kk-side-summary">{html.escape(text)}</p>', text)


# --- the widget -------------------------------------------------------------------------------

class NegotiationRounds(KitWidget):
    """The simulation: pick a side, tick its moves, end the round, and see what the round did.

    In solo play (``solo`` ticked) the other sides play as they did in April 2013 unless a rule of
    ``responses.csv`` answers the learner's moves (:func:`~korea_kit.model.negotiation.solo_game`);
    otherwise every side's ticked moves count, as when a class enters all the groups' moves. A what-if
    card (``card``) changes one rule for a second game. After the last round the outcome is shown in plain
    words, with each side's result and the game beside the record of April to September 2013.

    The game is saved as the learner plays, in their progress file (``store``, as for
    :class:`~korea_kit.widgets.QuizWidget`; None saves nothing), and played again when the widget
    is made another time.

    Attributes
    ----------
    side : ipywidgets.ToggleButtons
        The side whose moves are shown (and, in solo play, the learner's side).
    solo : ipywidgets.Checkbox
        Solo play: the other sides are played by the computer, from the record.
    card : ipywidgets.Dropdown
        A what-if card for a second game (or none); ``card_note`` says what it changes.
    summary : ipywidgets.HTML
        :func:`side_summary` of the side.
    checks : dict
        One :class:`ipywidgets.Checkbox` per move id a side chooses (not the standing ones); only the
        chosen side's are shown.
    end_round, restart : ipywidgets.Button
        End the round; start a new game.
    report : ipywidgets.HTML
        Every round so far, then the outcome, each side's result and the debrief.
    """

    def __init__(self, tables, store="default", **kwargs):
        from korea_kit.progress import default_store, saving_off

        self._tables, self._marks = tables, None
        self._store = default_store() if store == "default" else store
        self.game: list[tuple[str, ...]] = []
        self.side = widgets.ToggleButtons(options=[(side_name(tables, s), s) for s in side_ids(tables)],
                                          value=side_ids(tables)[0], description="Your side",
                                          style={"button_width": "auto"})
        self.solo = widgets.Checkbox(value=True, indent=False, layout=widgets.Layout(width="auto"),
                                     description="Solo: the computer plays the other sides, from the record")
        self.card = widgets.Dropdown(options=[("No what-if card: April 2013 as it was", "")]
                                     + [(c.title, c.card_id) for c in cards(tables, "what-if")],
                                     value="", description="What-if card", style={"description_width": "auto"},
                                     layout=widgets.Layout(width="auto"))
        self.card_note = widgets.HTML()
        self.summary = widgets.HTML()
        self.checks, self._boxes = {}, {}
        for s in side_ids(tables):
            boxes = []
            for m in moves(tables, s):
                if m.move_id in standing_moves(tables):
                    continue
                self.checks[m.move_id] = widgets.Checkbox(value=False, description=m.label, indent=False,
                                                          layout=widgets.Layout(width="auto"))
                boxes.append(self.checks[m.move_id])
            self._boxes[s] = widgets.VBox(boxes)
        self.end_round = widgets.Button(description="End round 1", button_style="primary")
        self.restart = widgets.Button(description="Start again")
        self.report = widgets.HTML()
        self.report.add_class("kk-report")
        self.saved = widgets.HTML()
        self.saved.add_class("kk-saved")
        super().__init__(children=[self.side, self.solo, self.card, self.card_note, self.summary, *self._boxes.values(),
                                   widgets.HBox([self.end_round, self.restart]), self.report, self.saved], **kwargs)
        self.add_class("kk-negotiation")
        example = example_round(tables)
        self.set_static(f'<div class="kk-negotiation-static"><details class="kk-fold"><summary>An example round: round 1 '
                        f"as the sides played it in April 2013</summary>{example.html}</details>"
                        f"<p><em>{html.escape(TABLE_HINT)}</em></p></div>",
                        "\n".join(["An example round.", example.text, TABLE_HINT]))
        self._show_side()
        self._restoring = False
        if self._store is None:
            off = saving_off()
            self.saved.value = f"<small>{html.escape(off)}</small>" if off else ""
        else:
            self._restore()
        self.side.observe(self._show_side, names="value")
        self.card.observe(self._show_card, names="value")
        self.end_round.on_click(lambda _: self.play_round())
        self.restart.on_click(lambda _: self.start_again())
        for control in (self.side, self.solo, *self.checks.values()):
            control.observe(lambda _: self._save(), names="value")

    def _restore(self) -> None:
        """Play again the game saved in the learner's progress file, if any (moves the data no longer has are left out)."""
        from korea_kit.progress import ProgressError

        try:
            saved = self._store.games().get(LESSON)
        except ProgressError as exc:
            self.saved.value = f"<small>{html.escape(f'Your earlier game could not be read: {exc}')}</small>"
            return
        note = ("Your moves are saved as you play, and your game is shown again when you run the lesson "
                "another time.")
        if saved and saved["side"] in side_ids(self._tables):
            self._restoring = True
            try:
                self.side.value, self.solo.value = saved["side"], saved["solo"]
                self._show_side()
                for moves_of_round in saved["rounds"][:len(rounds(self._tables))]:
                    for move_id, check in self.checks.items():
                        check.value = move_id in moves_of_round
                    self.play_round()
                for move_id, check in self.checks.items():
                    check.value = move_id in saved["ticked"] or check.value
            finally:
                self._restoring = False
            note = "Your game from an earlier session. " + note
        if self._store.problem:
            note += f" {self._store.problem}"
        self.saved.value = f"<small>{html.escape(note)}</small>"

    def _save(self) -> None:
        """Save the game so far (side, solo play, every round's moves, the moves ticked) in the progress file."""
        from korea_kit.progress import ProgressError

        if self._store is None or self._restoring:
            return
        try:
            self._store.save_game(LESSON, side=self.side.value, solo=self.solo.value, rounds=self.game,
                                  ticked=[m for m, check in self.checks.items() if check.value])
            note = "Your moves are saved." + (f" {self._store.problem}" if self._store.problem else "")
        except (ProgressError, OSError) as exc:
            note = f"Your moves could not be saved: {exc}"
        self.saved.value = f"<small>{html.escape(note)}</small>"

    def chosen(self) -> tuple[str, ...]:
        """The ticked move ids that count this round: the learner's side only in solo play, else every side's."""
        return tuple(m for m, check in self.checks.items() if check.value
                     and (not self.solo.value or m.startswith(f"{self.side.value}:")))

    def full_game(self) -> tuple[list[tuple[str, ...]], list]:
        """The game so far with every side's moves, and (in solo play) how the computer answered."""
        variant = variant_of(self._tables, self.card.value)
        if self.solo.value:
            return solo_game(self._tables, self.side.value, self.game, variant)
        return list(self.game), []

    def play_round(self) -> None:
        """End the round with the ticked moves; show what every round so far did, and the outcome after the last."""
        tables, total = self._tables, len(rounds(self._tables))
        if len(self.game) >= total:
            return
        self.game.append(self.chosen())
        game, answered = self.full_game()
        variant = variant_of(tables, self.card.value)
        if self._marks is None:  # the same for every round: worked out once
            self._marks = lesson_marks(tables)
        marks = self._marks
        views = [round_view(tables, r, marks, answered) for r in play(tables, game, variant)]
        news = [lead(views[-1].text, 2)]  # the round's title and what it did
        parts = [view.html for view in views]
        if len(self.game) == total:
            solo = self.side.value if self.solo.value else None
            result = outcome(tables, game, variant, solo=solo, chosen=self.game if solo else None)
            record = outcome(tables, historical_rounds(tables), flip_search=False)
            final = outcome_view(tables, result, marks, after=False)
            news.append(lead(final.text, 2))
            parts += [final.html, results_view(tables, result).html,
                      debrief_view(tables, game, result, record, marks, variant).html]
            self.end_round.description, self.end_round.disabled = "Game over", True
        else:
            self.end_round.description = f"End round {len(self.game) + 1}"
        self.report.value = "".join(parts)
        self.access.say(" ".join(news))
        lasting = {m.move_id for m in moves(tables) if m.lasting}
        for move_id, check in self.checks.items():
            if move_id not in lasting:
                check.value = False
        self.solo.disabled = self.card.disabled = True
        self.side.disabled = self.solo.value  # in solo play the learner keeps one side
        self._save()

    def start_again(self) -> None:
        """Clear the game, untick every move, and let the learner pick a side, solo or class play and a card again."""
        self.game = []
        for check in self.checks.values():
            check.value = False
        self.report.value = ""
        self.access.say("A new game: no round played yet.")
        self.end_round.description, self.end_round.disabled = "End round 1", False
        self.side.disabled = self.solo.disabled = self.card.disabled = False
        self._save()

    def _show_card(self, change=None):
        found = {c.card_id: c for c in cards(self._tables, "what-if")}.get(self.card.value)
        self.card_note.value = (f'<p class="kk-card-note"><strong>{html.escape(found.title)}.</strong> '
                                f"{html.escape(found.text)}</p>" if found else "")

    def _show_side(self, change=None):
        summary = side_summary(self._tables, self.side.value)
        self.summary.value = summary.html
        if change is not None:
            self.access.say(lead(summary.text))
        for s, box in self._boxes.items():
            box.layout.display = None if s == self.side.value else "none"


def negotiation_rounds(tables, **kwargs) -> NegotiationRounds:
    """The simulation as a :class:`NegotiationRounds` widget.

    >>> from korea_kit import load_tables
    >>> w = negotiation_rounds(load_tables(), store=None)
    >>> w.side.value, w.end_round.description, w.card.value
    ('dprk', 'End round 1', '')
    """
    return NegotiationRounds(tables, **kwargs)
