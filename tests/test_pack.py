"""Lesson 07's teacher pack (korea_kit.publish.pack, ``korea-kit pack``), in a real browser.

- The projector board computes a round's result in the page, with ``board.js``: over many random class
  games (and every what-if card) its results are those of the Python model (korea_kit.model.negotiation),
  round by round and side by side.
- The teacher enters moves on the board and ends three rounds; the outcome appears.
- Each brief, each round sheet and the board print on exactly one A4 page (Chromium's PDF); the
  teacher's sheet's timings are the rows of lesson_plans.csv.
"""

from __future__ import annotations

import random

import pytest

import korea_kit as kk
from korea_kit.cli import main
from korea_kit.lessons import guide
from korea_kit.model import negotiation as model
from korea_kit.publish import pack

from browser import artifact, chromium
from test_brief_print import pdf_pages


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "pack"
    assert main(["pack", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def page():
    with chromium() as browser:
        context = browser.new_context()
        yield context.new_page()
        context.close()


def _flip(f):
    return None if f is None else [f.side, f.move_id, f.round, f.added, f.kind]


def _python_result(tables, game, variant):
    rounds = model.play(tables, game, variant)
    results = model.side_results(tables, game, variant)
    return {
        "rounds": [{"status": r.status, "blocking": sorted(list(b) for b in r.blocking), "offers": r.offers,
                    "adopted": r.adopted, "drills": r.drills, "totals": {s: sum(v.values()) for s, v in r.totals.items()}}
                   for r in rounds],
        "kind": model.outcome(tables, game, variant, flip_search=False).kind,
        "flip": _flip(model.flip(tables, game, variant)),
        "sides": {s: {"gained": [i.interest_id for i in r.gained], "given": [i.interest_id for i in r.given],
                      "advanced": [i.interest_id for i in r.advanced], "cost": r.cost, "score": r.score} for s, r in results.items()},
    }


_JS = """([game, variant]) => {
  const out = window.KoreaKitBoard.outcome(game, variant);
  return {
    rounds: out.rounds.map(r => ({status: r.status, blocking: r.blocking.map(b => b.slice()).sort(),
                                  offers: r.offers, adopted: r.adopted, drills: r.drills, totals: r.totals})),
    kind: out.kind,
    flip: (f => f === null ? null : [f.side, f.move, f.round, f.added, f.kind])(window.KoreaKitBoard.flip(game, variant)),
    sides: Object.fromEntries(Object.entries(out.sides).map(([s, r]) =>
      [s, {gained: r.gained, given: r.given, advanced: r.advanced, cost: r.cost, score: r.score}])),
  };
}"""


def test_the_board_computes_what_the_python_model_computes(tables, folder, page):
    page.goto((folder / "board.html").as_uri())
    variants = [()] + [c.variant for c in model.cards(tables, "what-if")]
    rng = random.Random(2013)
    games = [model.historical_rounds(tables)]
    games += [model.random_game(tables, rng, share) for share in (0.05, 0.1, 0.2, 0.35) for _ in range(150)]
    kinds = set()
    for i, game in enumerate(games):
        variant = variants[i % len(variants)]
        expected = _python_result(tables, game, variant)
        got = page.evaluate(_JS, [[list(r) for r in game], list(variant)])
        assert got == expected, f"game {i} ({variant}): {game}"
        kinds.add(expected["kind"])
    assert kinds == set(model.OUTCOMES), kinds  # the games reach every outcome, so every path was compared


def test_the_comparison_would_see_a_difference(tables, folder, page):
    page.goto((folder / "board.html").as_uri())
    page.evaluate("() => { window.KoreaKitBoard.model.points = 99; }")
    game = model.historical_rounds(tables)
    assert page.evaluate(_JS, [[list(r) for r in game], []]) != _python_result(tables, game, ())


def test_the_teacher_plays_three_rounds_on_the_board(tables, folder, page):
    from playwright.sync_api import expect

    page.goto((folder / "board.html").as_uri())
    page.evaluate("() => window.localStorage.clear()")
    page.reload()
    for move in ("rok:offer-kaesong-talks", "usa:pause-drills", "rok:pause-drills", "dprk:take-up-kaesong-talks"):
        page.locator(f'input[data-move="{move}"]').check()
    page.get_by_role("button", name="End round 1").click()
    expect(page.locator("#kk-result")).to_contain_text("The drills are paused.")
    page.get_by_role("button", name="End round 2").click()
    page.get_by_role("button", name="End round 3").click()
    expect(page.locator("#kk-result h2")).to_have_text("Outcome: " + model.OUTCOMES["kaesong"])
    expect(page.get_by_role("button", name="Game over")).to_be_disabled()
    page.screenshot(path=str(artifact("pack-board.png")), full_page=True)


@pytest.mark.parametrize("name", ["board.html"] + [f"{kind}/{side}.html" for kind in ("briefs", "round-sheets")
                                                    for side in model.side_ids(kk.load_tables())])
def test_each_brief_round_sheet_and_the_board_print_on_one_a4_page(folder, page, name):
    page.goto((folder / name).as_uri())
    page.evaluate("() => window.localStorage.clear()")  # an empty board, not a game kept from another test
    page.reload()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) == 1, f"{name} prints on {pdf_pages(pdf)} pages"
    if name in ("board.html", "round-sheets/usa.html"):
        artifact(f"pack-{name.replace('/', '-')}.pdf").write_bytes(pdf)


def test_the_teacher_sheet_has_the_timings_of_lesson_plans(tables, folder):
    sheet = (folder / "teacher.html").read_text(encoding="utf-8")
    for minutes in (45, 90):
        steps = guide.plan_steps(tables, guide.plan_id("07-negotiation-role-play", minutes))
        assert all(f"<td>{s.start}–{s.end}</td>" in sheet for s in steps)
        assert steps[-1].end == minutes


def test_the_pack_links_every_page_and_replaces_only_its_own_files(tables, folder, tmp_path):
    index = (folder / "index.html").read_text(encoding="utf-8")
    for name in pack.pack_pages(tables):
        assert (folder / name).is_file()
        assert name == "index.html" or f'href="{name}"' in index
    mine = folder / "my-notes.txt"
    mine.write_text("mine", encoding="utf-8")
    assert main(["pack", "--out", str(folder)]) == 1  # a folder with a file the kit did not write is refused
    assert mine.read_text(encoding="utf-8") == "mine"
    mine.unlink()


def test_the_board_names_what_it_counts_keeps_the_game_and_reads_on_a_projector(tables, folder, page):
    from playwright.sync_api import expect

    page.goto((folder / "board.html").as_uri())
    page.evaluate("() => window.localStorage.clear()")
    page.reload()
    for move in ("dprk:clear-signals", "rok:offer-kaesong-talks"):
        page.locator(f'input[data-move="{move}"]').check()
    page.get_by_role("button", name="End round 1").click()
    result = page.locator("#kk-result")
    expect(result).to_contain_text(model.demand_words(tables, "clear-signals"))
    expect(result).to_contain_text("crossed a red line of North Korea: No talks while the other side wields")
    expect(page.locator("#kk-moves-log")).to_contain_text("gave the clear signals Washington asked for")
    page.reload()  # the game survives a reload
    expect(page.get_by_role("button", name="End round 2")).to_be_visible()
    expect(page.locator("#kk-moves-log")).to_contain_text("offered talks on Kaesong")
    page.get_by_role("button", name="End round 2").click()
    page.get_by_role("button", name="End round 3").click()
    game = [["dprk:clear-signals", "rok:offer-kaesong-talks"], [], []]
    f = _flip(model.flip(tables, game))
    expect(page.locator("#kk-flip")).to_have_attribute("data-flip", "" if f is None else "|".join(
        str(x).lower() if isinstance(x, bool) else str(x) for x in f))
    expect(result.locator("h3", has_text="Why")).to_be_visible()
    sizes = page.evaluate("""() => ['body', 'fieldset label', '#kk-result p'].map(s =>
        parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    assert min(sizes) >= 18, sizes
    press = page.locator("fieldset", has_text="Ban Ki-moon")
    expect(press).to_contain_text("also the press and keeps the record")
    page.evaluate("() => window.localStorage.clear()")
