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

  window.KoreaKitBoard = { model: M, play: play, outcome: outcome };

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
  function nameOf(side) { return M.sides.filter(function (s) { return s.id === side; })[0].name; }
  function join(words) {
    if (words.length < 2) { return words.join(""); }
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) { e.textContent = text; } return e; }

  function show() {
    result.textContent = "";
    if (game.length === 0) { result.appendChild(el("p", "No round played yet.")); return; }
    var out = outcome(game, variantNow());
    out.rounds.forEach(function (r) {
      var met = Object.keys(r.status).filter(function (k) { return r.status[k] === "met"; }).length;
      var dropped = Object.keys(r.status).filter(function (k) { return r.status[k] === "dropped"; }).length;
      var lines = "Round " + r.number + " (" + r.label + "): " + met + " of " + Object.keys(r.status).length +
        " preconditions met, " + dropped + " dropped. " + (r.drills ? "The drills go on. " : "The drills are paused. ");
      Object.keys(r.offers).forEach(function (k) { lines += "Offer of talks on Kaesong: " + r.offers[k] + ". "; });
      var blockers = uniq(r.blocking.map(function (c) { return nameOf(owner(c[0])); }));
      var owners = uniq(r.blocking.map(function (c) { return nameOf(owner(c[1])); }));
      if (blockers.length) { lines += join(blockers) + " crossed a line of " + join(owners) + ". "; }
      if (r.adopted) { lines += "The Security Council lifts the sanctions. "; }
      result.appendChild(el("p", lines));
    });
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
    }
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
    show();
  });
  document.getElementById("kk-start-again").addEventListener("click", function () {
    game = [];
    form.querySelectorAll("input[type=checkbox][data-move]").forEach(function (box) { box.checked = false; });
    cardSelect.disabled = false;
    endButton.disabled = false;
    endButton.textContent = "End round 1";
    roundLabel.textContent = "Round 1: " + M.rounds[0].label;
    show();
  });
  show();
}());
