"""Lesson 07's teacher pack (``korea-kit pack``): print-ready pages a teacher uses without Python.

:func:`write_pack` writes, into a folder of its own (only what an earlier pack wrote is ever
replaced, as for the website: :func:`~korea_kit.publish.editions.output_folder`):

- ``index.html``: what is in the pack, and how to run the role-play with it;
- ``briefs/SIDE.html``: each side's role brief, one A4 page;
- ``round-sheets/SIDE.html``: each group's round sheet, one A4 page: the roles, every move with its
  cost and a box per round, a line for each round's reason and the press statement;
- ``board.html``: the projector board. The teacher ticks each group's moves and ends the round; the
  page shows what the round did and, after the last round, the outcome and each side's result. It
  computes them itself, with a small port of :mod:`korea_kit.model.negotiation` (``board.js``) driven by
  the model's data, which the pack writes into the page as JSON (:func:`~korea_kit.model.negotiation.model_json`):
  the class's games are too many to compute in advance (each of some 37 moves in each of three rounds),
  and a script needs no server, works offline and prints. ``tests/test_pack.py`` checks the port against
  the Python model over many games. The board prints on one A4 page;
- ``teacher.html``: the teacher's sheet, with the timings of ``lesson_plans.csv`` (the same rows as the
  teacher's guide), the roles, what to say between rounds and the debrief;
- ``memos.html``: a decision memo per side (one page each) and its rubric;
- ``what-if.html``: the what-if cards for a second game.

The website runs no script, so the pack is a folder of its own beside it, not a part of it.

>>> from korea_kit import load_tables
>>> pages = pack_pages(load_tables())
>>> sorted(p for p in pages if "/" not in p)
['board.html', 'index.html', 'memos.html', 'teacher.html', 'what-if.html']
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from korea_kit.lessons import guide
from korea_kit.lessons.roleplay import LESSON
from korea_kit.model.negotiation import (
    cards, model_json, moves, rounds, side_ids, side_name, standing_moves, the_side,
)
from korea_kit.publish.editions import output_folder
from korea_kit.render.negotiation import brief_document, costs_text
from korea_kit.render.views import SourceMarks

__all__ = ["PACK_FOLDER", "PAGE_CSS", "pack_pages", "round_sheet", "board_page", "teacher_sheet", "memo_pages",
           "what_if_page", "write_pack"]

#: Where ``korea-kit pack`` writes the pack by default.
PACK_FOLDER = "korea-kit-pack"

_TEMPLATES = Path(__file__).resolve().parent / "pack_templates"

#: The print style of the pack's sheets: A4, dense but readable; a ``.kk-page`` starts a new printed page.
PAGE_CSS = """@page { size: A4; margin: 12mm 13mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; line-height: 1.3; color: #1a1a1a; margin: 0 auto;
       max-width: 60rem; padding: 0 0.5rem; }
h1 { font-size: 15pt; margin: 0.2em 0 0.3em 0; } h2 { font-size: 11.5pt; margin: 0.7em 0 0.2em 0; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #555; padding: 2px 4px; text-align: left;
  vertical-align: top; } th { background: #eee; }
.kk-box { display: inline-block; width: 1.1em; height: 1.1em; border: 1px solid #1a1a1a; }
.kk-line { border-bottom: 1px solid #1a1a1a; height: 1.4em; margin: 0.1em 0; }
.kk-roles td { height: 1.5em; width: 22%; } .kk-roles th { width: 11%; }
.kk-small { font-size: 8pt; } .kk-card { border: 2px solid #1a1a1a; padding: 0.4em 0.7em; margin: 0 0 0.6em 0;
  break-inside: avoid; }
a { color: #0b4f8a; }
@media print { .kk-page { break-before: page; } .kk-no-print { display: none; } }"""


def _document(title: str, body: str, css: str = PAGE_CSS, script: str = "") -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{css}</style></head><body><main>{body}</main>{script}"
            "</body></html>\n")


def _roles_table(tables) -> str:
    roles = [c.title for c in cards(tables, "role")]
    pairs = [roles[i:i + 3] for i in range(0, len(roles), 3)]
    rows = "".join("<tr>" + "".join(f'<th scope="row">{html.escape(r)}</th><td></td>' for r in row) + "</tr>"
                   for row in pairs)
    return f'<table class="kk-roles kk-small"><caption>Who does what (write the names)</caption><tbody>{rows}</tbody></table>'


def round_sheet(tables, side: str) -> str:
    """A group's round sheet, one A4 page: the roles, the side's moves with their costs and a box for each
    round, what stands unless the side changes it, a line per round for the reason, and the press statement.

    >>> from korea_kit import load_tables
    >>> page = round_sheet(load_tables(), "rok")
    >>> "Round sheet: South Korea" in page, page.count('class="kk-box"') == 3 * 10
    (True, True)
    """
    numbers = [n for n, _ in rounds(tables)]
    head = "".join(f'<th scope="col">Round {n}</th>' for n in numbers)
    rows = []
    for m in moves(tables, side):
        if m.move_id in standing_moves(tables):
            continue
        boxes = "".join('<td><span class="kk-box" role="img" aria-label="box to tick"></span></td>' for _ in numbers)
        rows.append(f"<tr><td>{html.escape(m.label)}</td><td>{html.escape(costs_text(dict(m.costs)))}</td>{boxes}</tr>")
    stands = [html.escape(next(x for x in moves(tables, side) if x.move_id == m).label)
              for m in standing_moves(tables) if m.startswith(f"{side}:")]
    standing = (f"<p class=\"kk-small\"><strong>Stands unless you change it:</strong> {' '.join(stands)}</p>"
                if stands else "")
    reasons = "".join(f"<p class=\"kk-small\">Round {n}, why (one sentence):</p><div class=\"kk-line\"></div>"
                      for n in numbers)
    body = (f"<h1>Round sheet: {html.escape(side_name(tables, side))}</h1>"
            f"<p class=\"kk-small\">Lesson 07, the negotiation of April 2013. Tick the moves you make in each round; "
            f"the note-taker hands the sheet to the teacher at the end of each round. Costs are the kit's model.</p>"
            f"{_roles_table(tables)}{standing}{_press_note(tables, side)}"
            f"<h2>Your moves</h2><table class=\"kk-small\"><thead><tr><th scope=\"col\">Move</th>"
            f"<th scope=\"col\">Cost</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<h2>Why</h2>{reasons}"
            "<h2>Press statement after the round</h2><p class=\"kk-small\">In your side's own words from the brief, "
            "with the source.</p><div class=\"kk-line\"></div><div class=\"kk-line\"></div>")
    return _document(f"Round sheet: {side_name(tables, side)}", body)


#: The board's own style: the groups side by side on a projector, one A4 page on paper.
BOARD_CSS = PAGE_CSS + """
.kk-groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: 0.5rem; }
fieldset { border: 1px solid #555; margin: 0; padding: 0.2rem 0.5rem; } legend { font-weight: bold; }
fieldset label { display: block; margin: 0.1rem 0; font-size: 8.5pt; }
button { font-size: 11pt; padding: 0.3rem 0.8rem; margin: 0.3rem 0.3rem 0.3rem 0; }
#kk-result p { margin: 0.2rem 0; }
@media screen { body { font-size: 18px; max-width: none; } fieldset label, .kk-small, #kk-result, #kk-result table { font-size: 18px; }
  button, select { font-size: 20px; } h1 { font-size: 28px; } h2 { font-size: 22px; } }
#kk-result table { border-collapse: collapse; margin: 0.4rem 0; } #kk-result td, #kk-result th { border: 1px solid #888; padding: 0.1rem 0.3rem; }
@media print { body { font-size: 6.6pt; line-height: 1.12; } fieldset label { font-size: 6.3pt; margin: 0; }
  .kk-groups { grid-template-columns: repeat(3, 1fr); gap: 0.2rem; } h1 { font-size: 11pt; }
  button, select, .kk-press { display: none; } }"""


def _press_note(tables, side: str) -> str:
    """For a side with a single move on the record (the Secretary-General: his appeal of 17 April), the group's
    other work: the press and the record of the game. Nothing is added to the record to give it more moves."""
    if sum(1 for m in moves(tables, side) if m.move_id not in standing_moves(tables)) > 1:
        return ""
    return (f'<p class="kk-small kk-press">The record gives {html.escape(the_side(tables, side, start=False))} one move. '
            "This group is also the press and keeps the record: it writes down each group's moves every round, "
            "asks each group one question after the round, and reads out the board's result.</p>")


def board_page(tables) -> str:
    """The projector board: each group's moves to tick, the round's result and, after the last round, the outcome
    and each side's result, computed in the page by ``board.js`` from the model's JSON.

    >>> from korea_kit import load_tables
    >>> page = board_page(load_tables())
    >>> n = len(moves(load_tables())) - len(standing_moves(load_tables()))
    >>> '<script type="application/json" id="kk-model">' in page, page.count(' data-move="') == n
    (True, True)
    """
    groups = []
    for side in side_ids(tables):
        boxes = "".join(f'<label><input type="checkbox" data-move="{html.escape(m.move_id)}"> {html.escape(m.label)}'
                        f"</label>" for m in moves(tables, side) if m.move_id not in standing_moves(tables))
        groups.append(f"<fieldset><legend>{html.escape(side_name(tables, side))}</legend>{boxes}"
                      f"{_press_note(tables, side)}</fieldset>")
    options = "".join(f'<option value="{html.escape(c.card_id)}">{html.escape(c.title)}</option>'
                      for c in cards(tables, "what-if"))
    first = rounds(tables)[0]
    body = ("<h1>The negotiation of April 2013: the board</h1>"
            "<p class=\"kk-small\">Tick the moves each group hands in, then end the round. The drills and Washington's "
            "vote against lifting the sanctions (the kit's default position for it, not a stated plan) stand unless a "
            "group pauses or changes them. The page works the result out itself (the kit's model).</p>"
            f"<p><label for=\"kk-card\">What-if card: </label><select id=\"kk-card\"><option value=\"\">None: April 2013 "
            f"as it was</option>{options}</select></p>"
            f"<h2 id=\"kk-round\">Round {first[0]}: {html.escape(first[1])}</h2>"
            f"<form id=\"kk-board\" onsubmit=\"return false\"><div class=\"kk-groups\">{''.join(groups)}</div></form>"
            "<p><button type=\"button\" id=\"kk-end-round\">End round 1</button>"
            "<button type=\"button\" id=\"kk-start-again\">Start again</button></p>"
            "<section aria-live=\"polite\"><h2>What the rounds did</h2><div id=\"kk-result\"></div></section>")
    data = json.dumps(model_json(tables), ensure_ascii=False).replace("</", "<\\/")
    script = (f'<script type="application/json" id="kk-model">{data}</script>'
              f"<script>{(_TEMPLATES / 'board.js').read_text(encoding='utf-8')}</script>")
    return _document("The negotiation of April 2013: the board", body, BOARD_CSS, script)


def teacher_sheet(tables) -> str:
    """The teacher's sheet: the 45- and 90-minute plans of ``lesson_plans.csv`` (the teacher's guide shows the
    same rows), the roles, what to say between rounds, the what-if round and the debrief.

    >>> from korea_kit import load_tables
    >>> page = teacher_sheet(load_tables())
    >>> "In 45 minutes" in page and "In 90 minutes" in page
    True
    """
    plans = []
    for minutes in (45, 90):
        steps = guide.plan_steps(tables, guide.plan_id(LESSON, minutes))
        rows = "".join(f"<tr><td>{s.start}–{s.end}</td><td>{html.escape(s.where)}</td><td>{html.escape(s.teacher)}</td>"
                       f"<td>{html.escape(s.students)}</td></tr>" for s in steps)
        plans.append(f"<h2>In {minutes} minutes</h2><table class=\"kk-small\"><thead><tr><th scope=\"col\">Minutes</th>"
                     "<th scope=\"col\">With</th><th scope=\"col\">You</th><th scope=\"col\">The students</th></tr>"
                     f"</thead><tbody>{rows}</tbody></table>")
    roles = "".join(f"<li><strong>{html.escape(c.title)}</strong>: {html.escape(c.text)}</li>" for c in cards(tables, "role"))
    body = ("<h1>Teacher's sheet: the negotiation of April 2013</h1>"
            "<p>Five groups, one per side (North Korea, the United States, South Korea, China, the UN Secretary-General), "
            "of five or six students each, so that a class of 25 to 30 all take part. Print a brief and a round sheet "
            "for each group and project the board.</p>"
            + "".join(plans) +
            f"<h2>Roles inside each group</h2><ul class=\"kk-small\">{roles}</ul>"
            "<h2>Between rounds</h2><p class=\"kk-small\">Read out what the board shows: the preconditions met, the red "
            "lines crossed and by whom, whether the drills go on, the state of the offer of talks on Kaesong. Ask one "
            "press officer for the side's statement. Describe; do not suggest moves. A move the model does not offer "
            "(Washington withdrawing the resolutions) is answered by the rules: only the Council decides.</p>"
            "<h2>The second game</h2><p class=\"kk-small\">In 90 minutes, deal one what-if card (what-if.html) and play "
            "again: each card changes one rule or event from the record. Compare the two outcomes.</p>"
            "<h2>Debrief</h2><p class=\"kk-small\">On the record no precondition was met and no talks started: the drills "
            "went on (Foal Eagle ran until 30 April), the North had turned down the South's offer of talks on Kaesong "
            "on 14 April, and the Secretary-General's appeal came after that. Then: 11 June, planned inter-Korean talks "
            "called off; 16 June, the North's offer of talks, answered by the White House with \"actions and not "
            "words\"; 14 August, the agreement to reopen Kaesong; 16 September, its trial restart. Ask which outcome "
            "of the game comes closest to August, and which one move would have changed the class's outcome most. "
            "The scores and costs are the kit's model: invite the class to argue for others from the records.</p>"
            "<h2>Assessment</h2><p class=\"kk-small\">Each student writes the decision memo of their side (memos.html), "
            "marked with its rubric.</p>")
    return _document("Teacher's sheet: the negotiation of April 2013", body)


def memo_pages(tables) -> str:
    """A decision memo per side, one page each, with the four questions of the rubric; then the rubric.

    >>> from korea_kit import load_tables
    >>> page = memo_pages(load_tables())
    >>> page.count("<h1>Decision memo: ") == 5, "The decision memo's rubric" in page
    (True, True)
    """
    criteria = cards(tables, "memo")
    parts = []
    for i, side in enumerate(side_ids(tables)):
        questions = "".join(f"<h2>{html.escape(c.title)}</h2><p class=\"kk-small\">{html.escape(c.text)}</p>"
                            + "<div class=\"kk-line\"></div>" * 4 for c in criteria)
        parts.append(f"<section class=\"{'kk-page' if i else ''}\"><h1>Decision memo: {html.escape(side_name(tables, side))}"
                     "</h1><p class=\"kk-small\">Name: ______________________ Role: ______________</p>"
                     f"{questions}</section>")
    rows = "".join(f"<tr><th scope=\"row\">{html.escape(c.title)}</th><td>{html.escape(c.levels[0])}</td>"
                   f"<td>{html.escape(c.levels[1])}</td><td>{html.escape(c.levels[2])}</td></tr>" for c in criteria)
    parts.append("<section class=\"kk-page\"><h1>The decision memo's rubric</h1><table class=\"kk-small\"><thead><tr>"
                 "<th scope=\"col\">Criterion</th><th scope=\"col\">Strong</th><th scope=\"col\">Adequate</th>"
                 f"<th scope=\"col\">Weak</th></tr></thead><tbody>{rows}</tbody></table></section>")
    return _document("Decision memos: the negotiation of April 2013", "".join(parts))


def what_if_page(tables) -> str:
    """The what-if cards, each a change to the rules or an event from the record, with its sources.

    >>> from korea_kit import load_tables
    >>> "The Secretary-General speaks first" in what_if_page(load_tables())
    True
    """
    marks = SourceMarks(tables)
    found = "".join(f"<div class=\"kk-card\"><h2>{html.escape(c.title)}</h2><p>{html.escape(c.text)} "
                    f"{marks.mark(list(c.refs))}</p></div>" for c in cards(tables, "what-if"))
    body = ("<h1>What-if cards</h1><p class=\"kk-small\">For a second game: deal one card, play the three rounds "
            "again (on the board, choose the card), and compare the outcome with the first game.</p>"
            f"{found}<h2>Sources</h2>{marks.html()}")
    return _document("What-if cards: the negotiation of April 2013", body)


def _index(tables) -> str:
    sides = side_ids(tables)
    brief_links = "".join(f'<li><a href="briefs/{s}.html">{html.escape(side_name(tables, s))}</a></li>' for s in sides)
    sheet_links = "".join(f'<li><a href="round-sheets/{s}.html">{html.escape(side_name(tables, s))}</a></li>'
                          for s in sides)
    body = ("<h1>Teacher's pack: the negotiation of April 2013</h1>"
            "<p>Lesson 07 of the kit, to print and to project, without Python. Each page prints on A4 from the browser.</p>"
            "<ul><li><a href=\"teacher.html\">Teacher's sheet</a>: the timings, the roles, between rounds, the debrief</li>"
            "<li><a href=\"board.html\">The board</a>: project it, tick each group's moves, end the round</li>"
            "<li><a href=\"memos.html\">Decision memos</a> and their rubric</li>"
            "<li><a href=\"what-if.html\">What-if cards</a> for a second game</li></ul>"
            f"<h2>Role briefs (one page each)</h2><ul>{brief_links}</ul>"
            f"<h2>Round sheets (one per group)</h2><ul>{sheet_links}</ul>")
    return _document("Teacher's pack: the negotiation of April 2013", body)


def pack_pages(tables) -> dict[str, str]:
    """Every page of the pack, by its path in the pack's folder."""
    pages = {"index.html": _index(tables), "board.html": board_page(tables), "teacher.html": teacher_sheet(tables),
             "memos.html": memo_pages(tables), "what-if.html": what_if_page(tables)}
    for side in side_ids(tables):
        pages[f"briefs/{side}.html"] = brief_document(tables, side)
        pages[f"round-sheets/{side}.html"] = round_sheet(tables, side)
    return pages


def write_pack(out: str | Path = PACK_FOLDER, tables=None) -> Path:
    """Write the pack into ``out``, replacing only what an earlier pack wrote there; returns the folder.

    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = write_pack(Path(tempfile.mkdtemp()) / "pack")
    >>> (folder / "board.html").is_file(), (folder / "briefs" / "dprk.html").is_file()
    (True, True)
    """
    from korea_kit.data import load_tables

    tables = tables if tables is not None else load_tables()
    with output_folder(out, "teacher") as scratch:
        for name, page in pack_pages(tables).items():
            path = scratch / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
    return Path(out).expanduser().resolve()

