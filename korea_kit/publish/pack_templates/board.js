/* The projector board of lesson 07: the negotiation model of korea_kit.model.negotiation, ported to run in
   the page without Python. It reads the model's data from the JSON the pack writes (#kk-model) and plays a
   class game as play(), outcome() (its kind) and side_results() do; tests/test_pack.py checks that the two
   give the same results over many games. The page's controls are wired at the end. */
(function () {
  "use strict";
  var M = JSON.parse(document.getElementById("kk-model").textContent);
  var byId = {};
  M.moves.forEach(function (m) { byId[m.id] = m; });
  var standing = M.standing;

  function owner(ref) { return ref.split(":")[0]; }
  function uniq(list) { var seen = {}, out = []; list.forEach(function (x) { if (!seen[x]) { seen[x] = 1; out.push(x); } }); return out; }
  function has(list, x) { return list.indexOf(x) >= 0; }

  function normalize(game, variant) {
    var start = variant.filter(function (t) { return t.indexOf("start:") === 0; }).map(function (t) { return t.slice(6); });
    var barred = variant.filter(function (t) { return t.indexOf("bar:") === 0; }).map(function (t) { return t.slice(4); });
    return game.map(function (chosen, i) {
      chosen = uniq(chosen);
      chosen.forEach(function (id) { if (!byId[id]) { throw new Error("no move " + id); } });
      return (i === 0 ? start.concat(chosen) : chosen).filter(function (id) { return !has(barred, id); });
    });
  }

  function standingAfter(made, i, variant) {
    var once = [];
    made.slice(0, i + 1).forEach(function (r) { r.forEach(function (id) { if (!byId[id].lasting) { once.push(id); } }); });
    var stopped = once.filter(function (id) { return byId[id].kind === "pause"; }).map(function (id) { return byId[id].stops; });
    var voted = once.filter(function (id) { return byId[id].kind === "vote"; }).map(function (id) { return byId[id].side; });
    var defaults = standing.filter(function (id) {
      var m = byId[id];
      return !has(stopped, id) && !(m.kind === "veto" && has(voted, m.side)) &&
        !(has(variant, "drills-off") && /:continue-drills$/.test(id)) && !has(variant, "bar:" + id);
    });
    var lasting = made[i].filter(function (id) { return byId[id].lasting && !has(standing, id); });
    return uniq(once.concat(defaults, lasting));
  }

  function play(game, variant) {
    variant = variant || [];
    var made = normalize(game, variant);
    var results = [], paid = {}, totals = {}, offers = {}, appealed = false;
    M.sides.forEach(function (s) { totals[s.id] = 0; });
    M.offers.forEach(function (o) { offers[o.id] = "not made"; });
    made.forEach(function (chosen, i) {
      var now = standingAfter(made, i, variant).map(function (id) { return byId[id]; });
      var voters = now.filter(function (m) { return m.kind === "vote"; }).map(function (m) { return m.side; });
      var vetoed = M.permanent.filter(function (s) { return now.some(function (m) { return m.side === s && m.kind === "veto"; }); });
      /* proposed, no permanent member at the table against, at least one of them for (the others follow them) */
      var adopted = voters.length > 0 && vetoed.length === 0 && M.permanent.some(function (s) { return has(voters, s); });
      var waived = now.filter(function (m) { return m.kind === "waive"; }).map(function (m) { return m.side; });
      var status = {};
      M.preconditions.forEach(function (p) {
        var met;
        if (p.byVote) { met = adopted; } else {
          met = p.asked.every(function (s) {
            return now.some(function (m) { return m.side === s && m.kind === "meet" && has(m.meets, p.id); }) &&
              !now.some(function (m) { return m.side === s && has(m.undoes, p.id); });
          });
        }
        status[p.id] = met ? "met" : (has(waived, p.maker) ? "dropped" : "unmet");
      });
      var crossed = [];
      now.forEach(function (m) { m.crosses.forEach(function (r) { crossed.push([m.id, r]); }); });
      var setAside = crossed.filter(function (c) { return owner(c[1]) === owner(c[0]); }).map(function (c) { return c[1]; });
      var blocking = crossed.filter(function (c) { return owner(c[1]) !== owner(c[0]) && !has(setAside, c[1]); });
      var thisRound = chosen.map(function (id) { return byId[id]; });
      appealed = appealed || thisRound.some(function (m) { return m.kind === "appeal"; });
      M.offers.forEach(function (o) {
        if (offers[o.id] === "not made" && now.some(function (m) { return m.kind === "offer" && has(m.meets, o.id); })) {
          offers[o.id] = "open";
        }
        if (offers[o.id] !== "open") { return; }
        if (o.asked.every(function (s) { return now.some(function (m) { return m.side === s && m.kind === "take-up" && has(m.meets, o.id); }); })) {
          offers[o.id] = "taken";
        } else if (!appealed && thisRound.some(function (m) { return m.kind === "refuse" && has(o.asked, m.side) && has(m.meets, o.id); })) {
          offers[o.id] = "closed";
        }
      });
      chosen.forEach(function (id) { if (!paid[id]) { paid[id] = 1; totals[byId[id].side] += byId[id].cost; } });
      var copy = {}; Object.keys(totals).forEach(function (k) { copy[k] = totals[k]; });
      var offerCopy = {}; Object.keys(offers).forEach(function (k) { offerCopy[k] = offers[k]; });
      results.push({
        number: M.rounds[i].number, label: M.rounds[i].label, status: status, crossed: crossed, blocking: blocking,
        adopted: adopted, vetoed: vetoed, offers: offerCopy, totals: copy,
        drills: now.some(function (m) { return /:continue-drills$/.test(m.id); })
      });
    });
    return { made: made, rounds: results };
  }

  function kindOf(last) {
    var unmet = Object.keys(last.status).some(function (k) { return last.status[k] === "unmet"; });
    if (!unmet && last.blocking.length === 0) { return "talks"; }
    for (var j = 0; j < M.offers.length; j++) {
      var o = M.offers[j];
      if (last.offers[o.id] === "taken" && !last.blocking.some(function (c) { return has(o.parties, owner(c[1])); })) { return "kaesong"; }
    }
    if (M.offers.some(function (o) { return last.offers[o.id] === "open" || last.offers[o.id] === "taken"; })) { return "open"; }
    return "none";
  }

  function holds(token, kind, last, made) {
    var parts = token.split(":"), word = parts[0], rest = parts.slice(1).join(":");
    if (word === "made") { return has(made, rest); }
    if (word === "met") { return last.status[rest] === "met"; }
    if (token === "talks") { return kind === "talks"; }
    if (token === "kaesong") {
      return kind === "kaesong" || (kind === "talks" && Object.keys(last.offers).some(function (k) { return last.offers[k] === "taken"; }));
    }
    if (token === "dialogue") { return kind === "talks" || kind === "kaesong"; }
    if (token === "calm") { return !last.crossed.some(function (c) { return owner(c[1]) !== owner(c[0]); }); }
    if (token === "drills-stopped") { return !last.drills; }
    throw new Error("no condition " + token);
  }

  function outcome(game, variant) {
    var played = play(game, variant || []);
    var last = played.rounds[played.rounds.length - 1];
    var kind = kindOf(last);
    var made = [];
    played.made.forEach(function (r) { r.forEach(function (id) { made.push(id); }); });
    var sides = {};
    M.sides.forEach(function (s) {
      var mine = M.interests.filter(function (it) { return it.side === s.id; });
      function met(it) { return it.when.some(function (g) { return g.every(function (t) { return holds(t, kind, last, made); }); }); }
      var gained = mine.filter(function (it) { return it.kind === "gain" && met(it); });
      var given = mine.filter(function (it) { return it.kind === "keep" && met(it); });
      var advanced = mine.filter(function (it) {
        return it.kind === "gain" && !has(gained, it) && it.advanced.some(function (g) { return g.every(function (t) { return holds(t, kind, last, made); }); });
      });
      var kept = mine.filter(function (it) { return it.kind === "keep"; }).length - given.length;
      sides[s.id] = {
        gained: gained.map(function (it) { return it.id; }), given: given.map(function (it) { return it.id; }),
        advanced: advanced.map(function (it) { return it.id; }),
        gainedWords: gained.map(function (it) { return it.short; }), givenWords: given.map(function (it) { return it.short; }),
        advancedWords: advanced.map(function (it) { return it.short; }),
        cost: last.totals[s.id],
        score: M.points * (gained.length + kept - given.length) + M.advancePoints * advanced.length - last.totals[s.id]
      };
    });
    return { kind: kind, headline: M.outcomes[kind], rounds: played.rounds, sides: sides };
  }

  var RANK = { none: 0, open: 1, kaesong: 2, talks: 3 };
  function kindOfGame(game, variant) { var p = play(game, variant); return kindOf(p.rounds[p.rounds.length - 1]); }

  /* The one change that would have flipped the outcome, as flip() of the Python model: one move (not a hold, not a
     standing one) made or not made in one round; the most talk if none started, else one that stops them; among
     equals the cheapest move, then the earliest round, then the order of the moves. */
  function flip(game, variant) {
    variant = variant || [];
    if (game.length === 0) { return null; }
    var now = RANK[kindOfGame(game, variant)], best = null, bestKey = null;
    var candidates = M.moves.filter(function (m) { return m.kind !== "hold" && !has(standing, m.id); });
    for (var i = 0; i < game.length; i++) {
      candidates.forEach(function (m) {
        var changed = game.map(function (r) { return r.slice(); });
        var there = has(changed[i], m.id);
        changed[i] = there ? changed[i].filter(function (x) { return x !== m.id; }) : changed[i].concat([m.id]);
        var kind = kindOfGame(changed, variant), rank = RANK[kind];
        if (rank === now) { return; }
        var better = rank > now;
        if ((now === RANK.talks && better) || (now < RANK.talks && !better)) { return; }
        var key = [now < RANK.talks ? -rank : rank, m.cost, i, M.moves.indexOf(m)];
        var less = bestKey === null || key.some(function (k, j) {
          return key.slice(0, j).every(function (x, y) { return x === bestKey[y]; }) && k < bestKey[j];
        });
        if (less) { bestKey = key; best = { side: m.side, move: m.id, round: i + 1, added: !there, kind: kind }; }
      });
    }
    return best;
  }

  /* Why, in short lines: the red lines crossed and by whom, each side's terms met or not (by name), the offers. */
  function why(last) {
    var lines = [];
    var byLine = {};
    last.blocking.forEach(function (c) { (byLine[c[1]] = byLine[c[1]] || []).push(owner(c[0])); });
    Object.keys(byLine).forEach(function (r) {
      lines.push(join(uniq(byLine[r]).map(nameOf)) + " crossed a red line of " + nameOf(owner(r)) + ": " + M.redLines[r]);
    });
    var makers = uniq(M.preconditions.map(function (p) { return p.maker; }));
    makers.forEach(function (s) {
      var mine = M.preconditions.filter(function (p) { return p.maker === s; });
      var met = mine.filter(function (p) { return last.status[p.id] === "met"; }).map(function (p) { return p.words; });
      var dropped = mine.filter(function (p) { return last.status[p.id] === "dropped"; }).map(function (p) { return p.words; });
      var unmet = mine.filter(function (p) { return last.status[p.id] === "unmet"; }).map(function (p) { return p.words; });
      var line = nameOf(s) + "'s terms. Met: " + (met.join("; ") || "none") + ".";
      if (dropped.length) { line += " Dropped: " + dropped.join("; ") + "."; }
      if (unmet.length) { line += " Not met: " + unmet.join("; ") + "."; }
      lines.push(line);
    });
    Object.keys(last.offers).forEach(function (k) { lines.push("The offer of talks on Kaesong: " + last.offers[k] + "."); });
    return lines;
  }

  function nameOf(side) { return M.sides.filter(function (s) { return s.id === side; })[0].name; }
  function join(words) {
    if (words.length < 2) { return words.join(""); }
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  window.KoreaKitBoard = { model: M, play: play, outcome: outcome, flip: flip, why: why };

  /* --- the page ------------------------------------------------------------------------------ */
  var form = document.getElementById("kk-board");
  if (!form) { return; }
  var game = [];
  var roundLabel = document.getElementById("kk-round");
  var result = document.getElementById("kk-result");
  var endButton = document.getElementById("kk-end-round");
  var cardSelect = document.getElementById("kk-card");

  function variantNow() {
    var id = cardSelect.value;
    var card = M.cards.filter(function (c) { return c.id === id; })[0];
    return card ? card.variant : [];
  }
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) { e.textContent = text; } return e; }

  function show() {
    result.textContent = "";
    if (game.length === 0) { result.appendChild(el("p", "No round played yet.")); return; }
    var out = outcome(game, variantNow());
    out.rounds.forEach(function (r) {
      var words = function (st) {
        return M.preconditions.filter(function (p) { return r.status[p.id] === st; }).map(function (p) { return p.words; });
      };
      var met = words("met"), dropped = words("dropped");
      var lines = "Round " + r.number + " (" + r.label + "): " + met.length + " of " + Object.keys(r.status).length +
        " preconditions met" + (met.length ? " (" + met.join("; ") + ")" : "") + ", " + dropped.length + " dropped" +
        (dropped.length ? " (" + dropped.join("; ") + ")" : "") + ". " +
        (r.drills ? "The drills go on. " : "The drills are paused. ");
      Object.keys(r.offers).forEach(function (k) { lines += "Offer of talks on Kaesong: " + r.offers[k] + ". "; });
      var byLine = {};
      r.blocking.forEach(function (c) { (byLine[c[1]] = byLine[c[1]] || []).push(nameOf(owner(c[0]))); });
      Object.keys(byLine).forEach(function (ref) {
        lines += join(uniq(byLine[ref])) + " crossed a red line of " + nameOf(owner(ref)) + ": " + M.redLines[ref] + " ";
      });
      if (r.adopted) { lines += "The Security Council lifts the sanctions (in the kit's model). "; }
      result.appendChild(el("p", lines));
    });
    /* each round's moves per group, for the debrief */
    var log = el("table"), lh = el("tr");
    ["Round"].concat(M.sides.map(function (s) { return s.name; })).forEach(function (h) { var th = el("th", h); th.scope = "col"; lh.appendChild(th); });
    var lhead = el("thead"); lhead.appendChild(lh); log.appendChild(lhead);
    var lbody = el("tbody");
    game.forEach(function (chosen, i) {
      var tr = el("tr"), th = el("th", "Round " + (i + 1)); th.scope = "row"; tr.appendChild(th);
      M.sides.forEach(function (s) {
        var done = chosen.filter(function (id) { return byId[id].side === s.id; }).map(function (id) { return M.done[id]; });
        tr.appendChild(el("td", done.join("; ") || "no move"));
      });
      lbody.appendChild(tr);
    });
    log.appendChild(lbody);
    log.id = "kk-moves-log";
    var cap = el("caption", "The moves each group made, round by round (for the debrief)"); log.insertBefore(cap, log.firstChild);
    result.appendChild(log);
    if (game.length === M.rounds.length) {
      result.appendChild(el("h2", "Outcome: " + out.headline));
      var table = el("table"), head = el("tr");
      ["Side", "Gained", "Gave up", "Cost", "Score"].forEach(function (h) { var th = el("th", h); th.scope = "col"; head.appendChild(th); });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      M.sides.forEach(function (s) {
        var r = out.sides[s.id], tr = el("tr");
        [s.name, join(r.gainedWords) || "nothing", join(r.givenWords) || "nothing", String(r.cost), String(r.score)]
          .forEach(function (t) { tr.appendChild(el("td", t)); });
        body.appendChild(tr);
      });
      table.appendChild(body);
      result.appendChild(table);
      result.appendChild(el("h3", "Why"));
      var list = el("ul");
      why(out.rounds[out.rounds.length - 1]).forEach(function (t) { list.appendChild(el("li", t)); });
      result.appendChild(list);
      result.appendChild(el("h3", "The one change"));
      var f = flip(game, variantNow());
      var kindWords = { talks: "talks start", kaesong: "talks on Kaesong only", open: "no talks yet, but an offer is still open", none: "no talks" };
      result.appendChild(el("p", f === null ? "No single move would have changed the outcome." :
        "If " + nameOf(f.side) + (f.added ? " had also " : " had not ") + "made this move in round " + f.round + " (" +
        M.done[f.move] + "), the outcome would be: " + kindWords[f.kind] + ".")); 
      result.lastChild.id = "kk-flip";
      result.lastChild.setAttribute("data-flip", f === null ? "" : [f.side, f.move, f.round, f.added, f.kind].join("|"));
    }
  }

  var KEY = "korea-kit-board:" + M.rounds.map(function (r) { return r.label; }).join("|");
  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify({ game: game, card: cardSelect.value })); } catch (e) { /* private mode */ }
  }
  function restore() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
    if (!saved || !Array.isArray(saved.game)) { return; }
    var known = saved.game.every(function (r) { return Array.isArray(r) && r.every(function (id) { return !!byId[id]; }); });
    if (!known || saved.game.length > M.rounds.length) { return; }
    game = saved.game;
    cardSelect.value = saved.card || "";
    cardSelect.disabled = game.length > 0;
    roundLabel.textContent = game.length < M.rounds.length ? "Round " + (game.length + 1) + ": " + M.rounds[game.length].label : "Game over";
    endButton.textContent = game.length < M.rounds.length ? "End round " + (game.length + 1) : "Game over";
    endButton.disabled = game.length >= M.rounds.length;
  }

  endButton.addEventListener("click", function () {
    if (game.length >= M.rounds.length) { return; }
    var chosen = [];
    form.querySelectorAll("input[type=checkbox][data-move]").forEach(function (box) {
      if (box.checked) { chosen.push(box.getAttribute("data-move")); }
      if (!byId[box.getAttribute("data-move")].lasting) { box.checked = false; }
    });
    game.push(chosen);
    cardSelect.disabled = true;
    roundLabel.textContent = game.length < M.rounds.length ? "Round " + (game.length + 1) + ": " + M.rounds[game.length].label : "Game over";
    endButton.textContent = game.length < M.rounds.length ? "End round " + (game.length + 1) : "Game over";
    endButton.disabled = game.length >= M.rounds.length;
    save();
    show();
  });
  document.getElementById("kk-start-again").addEventListener("click", function () {
    game = [];
    form.querySelectorAll("input[type=checkbox][data-move]").forEach(function (box) { box.checked = false; });
    cardSelect.disabled = false;
    endButton.disabled = false;
    endButton.textContent = "End round 1";
    roundLabel.textContent = "Round 1: " + M.rounds[0].label;
    save();
    show();
  });
  restore();
  show();
}());
