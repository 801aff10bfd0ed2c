/* Jeugdwijzer chat widget. Embed with one tag, no build step:
     <script src="https://<host>/widget.js" data-gemeente="GM0164" defer></script>
   Options (all optional): data-gemeente (CBS code), data-exit-url (page for "Snel weg").
   No cookies, no third-party requests; the conversation lives in sessionStorage of this tab.
   Server text is never put in innerHTML: only [label](tel:|https:|mailto:) becomes a link. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.jeugdwijzerGeladen) { return; }
  window.jeugdwijzerGeladen = true;

  var base = new URL(script.src, location.href).origin;
  var api = base + "/api/v1/chat";
  var gemeente = /^GM\d{4}$/.test(script.getAttribute("data-gemeente") || "") ?
    script.getAttribute("data-gemeente") : null;
  var DEFAULT_EXIT = "https://www.buienradar.nl/";
  var exitUrl = safeUrl(script.getAttribute("data-exit-url")) || DEFAULT_EXIT;
  var STORE = "jeugdwijzer";
  var POLL_MS = 2 * 1000;
  var ANDERE_ROUTES_NA_MS = 3 * 60 * 1000; // waiting this long for a person: offer other chats
  var SHIFT_WINDOW_MS = 2 * 1000;
  var ACTIEF = { wachten: true, live: true };
  var NOOD = [ // the same numbers as bot/veiligheid/emergency.py
    { label: "112", tel: "tel:112", naam: "112 bellen: alarmnummer" },
    { label: "113", tel: "tel:113", naam: "113 bellen: zelfmoordpreventie" },
    { label: "Veilig Thuis", tel: "tel:08002000", naam: "Veilig Thuis bellen: 0800-2000" },
    { label: "Kindertelefoon", tel: "tel:08000432", naam: "Kindertelefoon bellen: 0800-0432" }
  ];
  // Full screen (phones, large text, zoom): the panel is a modal dialog. The same query as the CSS.
  var VOL_SCHERM = window.matchMedia ? window.matchMedia("(max-width: 30em), (max-height: 30em)") : null;

  function safeUrl(value) {
    if (!value) { return null; }
    try {
      var url = new URL(value, location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) { return null; }
  }

  // ---- state, kept in sessionStorage: a reload keeps it, closing the tab ends it ----
  var state = load();
  function fresh() {
    return { session: null, items: [], open: false, cursor: 0, gezien: [],
      handoff: { state: "geen", team: null, medewerker: null }, wachtSinds: null, routesGetoond: false };
  }
  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
      if (saved && Array.isArray(saved.items)) {
        var s = fresh();
        for (var k in s) { if (saved[k] !== undefined) { s[k] = saved[k]; } }
        return s;
      }
    } catch (e) { /* storage blocked or damaged: start empty */ }
    return fresh();
  }
  function save() {
    try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function forget() {
    try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing to forget */ }
  }

  // ---- DOM helpers ----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      if (name === "text") { node.textContent = attrs[name]; }
      else if (name === "on") { node.addEventListener("click", attrs[name]); }
      else if (attrs[name] === true) { node.setAttribute(name, ""); }
      else if (attrs[name] !== false && attrs[name] != null) { node.setAttribute(name, attrs[name]); }
    }
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function hiddenText(text) { return el("span", { "class": "vh", text: text }); }
  function nieuwTabblad(a) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(hiddenText(" (opent in een nieuw tabblad)"));
    return a;
  }

  // Only [label](tel:...), [label](https://...) and [label](mailto:...) become links.
  var LINK_RE = /\[([^\]\n]+)\]\(((?:tel:|https:\/\/|mailto:)[^)\s]+)\)/g;
  function richText(text) {
    var frag = document.createDocumentFragment();
    var re = new RegExp(LINK_RE.source, "g"), last = 0, m;
    while ((m = re.exec(text))) {
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = el("a", { href: m[2], text: m[1] });
      if (m[2].indexOf("https:") === 0) { nieuwTabblad(a); }
      frag.appendChild(a);
      last = re.lastIndex;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }
  function plainText(text) { return String(text || "").replace(new RegExp(LINK_RE.source, "g"), "$1"); }

  // ---- the widget, in an open shadow root so the host page's CSS cannot break it ----
  var host = el("jeugdwijzer-chat", { "data-jeugdwijzer": "" });
  var root = host.attachShadow({ mode: "open" });
  var css = el("link", { rel: "stylesheet", href: base + "/widget.css" });
  // No flash of an unstyled panel; if the CSS never comes, show it plain (the numbers matter most).
  host.style.visibility = "hidden";
  function showHost() { host.style.visibility = ""; }
  css.addEventListener("load", showHost);
  css.addEventListener("error", showHost);
  setTimeout(showHost, 3 * 1000);
  root.appendChild(css);

  var snelweg = el("button", { type: "button", "class": "snelweg", "aria-describedby": "jw-snelweg-uitleg",
    on: function () { snelWeg(); } }, ["Snel weg"]);
  var snelwegUitleg = el("span", { id: "jw-snelweg-uitleg", "class": "vh",
    text: "Gaat meteen naar een andere website en wist dit gesprek. Of druk 3 keer op Shift." });
  var launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false",
    "aria-controls": "jw-panel", on: function () { openPanel(true); } },
    [el("span", { "class": "launcher-icoon", "aria-hidden": "true", text: "?" }), "Stel je vraag",
      hiddenText(" aan Jeugdwijzer (chat)")]);

  var sluit = el("button", { type: "button", "class": "sluit", "aria-label": "Chat sluiten",
    on: function () { closePanel(); } }, [el("span", { "aria-hidden": "true", text: "×" })]);
  // Keeps room in the header for "Snel weg", which floats above it on a full screen.
  var snelwegPlek = el("span", { "class": "snelweg-plek", "aria-hidden": "true" });
  var ondertitel = el("p", { "class": "ondertitel", text: "Een computer, geen mens" });
  var noodLijst = el("ul", {});
  NOOD.forEach(function (n) {
    noodLijst.appendChild(el("li", {}, [el("a", { href: n.tel, "aria-label": n.naam, title: n.naam,
      text: n.label })]));
  });
  // No visible label: on a phone the four numbers fill one line, and they speak for themselves.
  var nood = el("nav", { "class": "nood", "aria-label": "In nood? Bel meteen" }, [noodLijst]);
  var statusTekst = el("span", { "class": "status-tekst" });
  var stopKnop = el("button", { type: "button", "class": "stop", hidden: true,
    on: function () { stopHandoff(); } }, ["Chat met medewerker stoppen"]);
  var drukteTekst = el("span", { "class": "drukte", hidden: true });
  var handoffBalk = el("div", { "class": "handoff", hidden: true }, [
    el("p", { role: "status" }, [statusTekst, drukteTekst]), stopKnop]);
  var gewist = el("p", { "class": "gewist", hidden: true, tabindex: "-1",
    text: "Het gesprek is gewist. Ook op onze server is het weg." });
  var lijst = el("ol", { "class": "berichten" });
  // One announcement per answer comes from `melding`, so the log itself is not live.
  var log = el("div", { "class": "log", role: "region", "aria-label": "Berichten", tabindex: "0" },
    [gewist, lijst]);
  var typing = el("p", { "class": "typing", hidden: true }, [
    el("span", { "class": "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    " Jeugdwijzer typt…"]);
  var foutTekst = el("p", { "class": "fout-tekst" });
  var opnieuw = el("button", { type: "button", "class": "opnieuw", hidden: true }, ["Opnieuw proberen"]);
  var fout = el("div", { "class": "fout", role: "alert", hidden: true }, [foutTekst, opnieuw]);
  var input = el("input", { id: "jw-input", type: "text", maxlength: "1000", autocomplete: "off",
    enterkeyhint: "send" });
  var form = el("form", { "class": "invoer" }, [
    el("label", { "for": "jw-input", "class": "vh", text: "Je bericht" }),
    input,
    el("button", { type: "submit", "class": "stuur" }, ["Stuur"])]);
  var wisKnop = el("button", { type: "button", "class": "wis", "aria-expanded": "false",
    "aria-controls": "jw-bevestig", on: function () { vraagWissen(); } }, ["Wis gesprek"]);
  var bevestigTekst = el("p", { id: "jw-bevestig-tekst" });
  var jaWis = el("button", { type: "button", "class": "ja-wis", on: function () { wisGesprek(); } },
    ["Ja, wis alles"]);
  var neeWis = el("button", { type: "button", "class": "nee-wis", on: function () { annuleerWissen(true); } },
    ["Nee, niet wissen"]);
  var bevestig = el("div", { id: "jw-bevestig", "class": "bevestig", role: "group",
    "aria-labelledby": "jw-bevestig-tekst", hidden: true }, [bevestigTekst,
    el("div", { "class": "bevestig-knoppen" }, [jaWis, neeWis])]);
  var privacyLink = nieuwTabblad(el("a", { "class": "privacy", href: base + "/privacy",
    text: "Privacy" }));
  var melding = el("p", { "class": "vh", role: "status" });
  var panel = el("div", { id: "jw-panel", "class": "panel", role: "dialog", "aria-labelledby": "jw-titel",
    hidden: true }, [
    el("div", { "class": "kop" }, [
      el("div", { "class": "titel" }, [el("h2", { id: "jw-titel", text: "Jeugdwijzer" }), ondertitel]),
      el("div", { "class": "kop-knoppen" }, [sluit, snelwegPlek])]),
    nood, handoffBalk, log, typing, fout, form,
    el("div", { "class": "voet" }, [privacyLink, wisKnop]),
    bevestig,
    melding]);
  [snelweg, snelwegUitleg, launcher, panel].forEach(function (n) { root.appendChild(n); });

  // "Snel weg" lives in the top layer where the browser supports it, above any cookie banner.
  if (typeof snelweg.showPopover === "function") { snelweg.setAttribute("popover", "manual"); }

  // ---- rendering ----
  var WIE = { user: "Jij", bot: "Jeugdwijzer (computer)", systeem: "Bericht" };
  var WELKOM = { who: "bot", text: "Hoi! Ik ben Jeugdwijzer. Ik ben een computer, geen mens. " +
    "Heb je een vraag over opgroeien of opvoeden? Typ je vraag hieronder. " +
    "Ik vertel je waar je hulp kunt krijgen." };
  // ---- service cards: drawn with large buttons where the API sends them as data ----
  var SOORTEN = { bellen: true, chatten: true, website: true };
  function veiligeActie(a) {
    if (!a || !SOORTEN[a.kind] || typeof a.label !== "string" || typeof a.href !== "string") { return null; }
    var ok = a.kind === "bellen" ? /^tel:\+?\d{3,15}$/.test(a.href) : /^https:\/\/[^\s"<>]+$/.test(a.href);
    return ok ? { kind: a.kind, label: a.label.slice(0, 60), href: a.href } : null;
  }
  function leesKaarten(lijstje) {
    if (!Array.isArray(lijstje)) { return []; }
    return lijstje.filter(function (k) {
      return k && typeof k.name === "string" && typeof k.text === "string";
    }).slice(0, 5).map(function (k) {
      return { name: k.name, line: String(k.line || ""), info: String(k.info || ""), text: k.text,
        actions: (Array.isArray(k.actions) ? k.actions : []).map(veiligeActie).filter(Boolean).slice(0, 3) };
    });
  }
  // The drawn card takes the place of its text; what else the message says stays.
  function zonderKaarten(text, kaarten) {
    var rest = String(text || "");
    kaarten.forEach(function (k) { rest = rest.split(k.text).join(""); });
    return kaarten.length ? rest.replace(/\n{2,}/g, "\n").trim() : rest;
  }
  function renderKaarten(kaarten) {
    var ul = el("ul", { "class": "kaarten", "aria-label": "Hulp die bij je past" });
    kaarten.forEach(function (k) {
      var acties = el("div", { "class": "kaart-acties" });
      k.actions.forEach(function (a) {
        var link = el("a", { "class": "actie " + a.kind, href: a.href }, [a.label,
          hiddenText(" (" + k.name + ")")]);
        if (a.kind !== "bellen") { nieuwTabblad(link); }
        acties.appendChild(link);
      });
      ul.appendChild(el("li", { "class": "kaart" }, [
        el("p", { "class": "kaart-naam", text: k.name }),
        k.line ? el("p", { "class": "kaart-regel", text: k.line }) : "",
        k.info ? el("p", { "class": "kaart-info", text: k.info }) : "",
        acties]));
    });
    return ul;
  }

  function renderItem(item) {
    var li = el("li", { "class": "bericht " + item.who });
    var naam = item.who === "medewerker" ? (item.naam || "Medewerker") : WIE[item.who];
    if (item.who === "medewerker") { li.appendChild(el("p", { "class": "naam", text: naam })); }
    else { li.appendChild(hiddenText(naam + ": ")); }
    // Only a card whose text is in the message is drawn: it replaces that text, never adds to it.
    var kaarten = item.who === "bot" ? leesKaarten(item.kaarten).filter(function (k) {
      return String(item.text || "").indexOf(k.text) >= 0;
    }) : [];
    var tekst = zonderKaarten(item.text, kaarten);
    if (tekst) {
      var p = el("p", { "class": "tekst" });
      p.appendChild(item.who === "user" ? document.createTextNode(tekst) : richText(tekst));
      li.appendChild(p);
    }
    if (kaarten.length) { li.appendChild(renderKaarten(kaarten)); }
    if (item.buttons && item.buttons.length) {
      var groep = el("ul", { "class": "knoppen", "aria-label": "Kies een antwoord" });
      item.buttons.forEach(function (b) {
        var knop = el("button", { type: "button", "class": b.gekozen ? "gekozen" : null,
          disabled: !!item.oud }, [b.title]);
        if (b.gekozen) { knop.appendChild(hiddenText(" (gekozen)")); }
        knop.addEventListener("click", function () {
          if (item.oud || knop.getAttribute("aria-disabled") === "true") { return; }
          b.gekozen = true;
          knop.classList.add("gekozen");
          knop.appendChild(hiddenText(" (gekozen)"));
          send(b.payload, b.title, true);
        });
        groep.appendChild(el("li", {}, [knop]));
      });
      li.appendChild(groep);
    }
    lijst.appendChild(li);
    return li;
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  // A new answer is read from its start: its first bubble goes to the top of the log.
  function scrollToStart(li) {
    if (!li) { log.scrollTop = 0; return; }
    var top = li.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
    log.scrollTop = Math.max(0, top - 8);
  }
  function lastAnswerStart() {
    var nodes = lijst.children, start = null;
    for (var i = 0; i < state.items.length; i++) {
      if (state.items[i].start) { start = nodes[i + 1]; } // +1: the welcome message
    }
    return start;
  }
  function renderAll() {
    lijst.textContent = "";
    renderItem(WELKOM);
    state.items.forEach(renderItem);
    renderHandoff();
    scrollToStart(lastAnswerStart());
  }
  function add(item) {
    state.items.push(item);
    save();
    return renderItem(item);
  }
  function announce(text) {
    melding.textContent = "";
    setTimeout(function () { melding.textContent = text; }, 50);
  }
  // One announcement and one scroll per answer, however many bubbles it has.
  function showAnswer(items, focusIt) {
    var first = null, words = [];
    items.forEach(function (item, i) {
      item.start = i === 0;
      var li = add(item);
      first = first || li;
      var wie = item.who === "medewerker" ? item.naam : WIE[item.who];
      words.push((i === 0 ? wie + ": " : "") + plainText(item.text));
    });
    if (!first) { return null; }
    hideGewist();
    scrollToStart(first);
    if (focusIt) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    } else {
      announce(words.join(" "));
    }
    return first;
  }
  function showError(text, retry) {
    foutTekst.textContent = text;
    opnieuw.hidden = !retry;
    opnieuw.onclick = retry ? function () { hideError(); retry(); } : null;
    fout.hidden = false;
  }
  function hideError() { fout.hidden = true; }
  function hideGewist() { gewist.hidden = true; }

  // Once a new message is sent, earlier choices can no longer be made. They are marked at once
  // (aria-disabled keeps focus on a clicked button) and switched off when the answer is there.
  function markOld() {
    var nieuw = state.items.filter(function (item) { return item.buttons && item.buttons.length && !item.oud; });
    nieuw.forEach(function (item) { item.oud = true; });
    save();
    var knoppen = lijst.querySelectorAll(".knoppen button");
    for (var i = 0; i < knoppen.length; i++) { knoppen[i].setAttribute("aria-disabled", "true"); }
    return nieuw;
  }
  function disableOld() {
    var knoppen = lijst.querySelectorAll(".knoppen button[aria-disabled]");
    for (var i = 0; i < knoppen.length; i++) {
      knoppen[i].disabled = true;
      knoppen[i].removeAttribute("aria-disabled");
    }
  }

  // ---- handoff to a person of the lokale team ----
  function teamNaam() { return state.handoff.team || "het wijkteam"; }
  function renderHandoff() {
    var h = state.handoff, tekst = "", drukte = "";
    if (h.state === "wachten") {
      tekst = "We zoeken een medewerker van " + teamNaam() + " voor je. " +
        (h.plek === 1 ? "Jij bent de volgende. " : h.plek === 2 ? "Er is nog 1 persoon voor je. " :
          h.plek > 2 ? "Er zijn nog " + (h.plek - 1) + " mensen voor je. " : "Dit kan even duren. ") + "Blijf in dit venster.";
      // The team is busy and says so in its own words (text only, never HTML).
      drukte = h.drukte ? "Bericht van " + teamNaam() + ": " + h.drukte : "";
    } else if (h.state === "live") {
      tekst = "Je chat nu met " + (h.medewerker || "een medewerker") + " van " + teamNaam() + ". Dit is een mens.";
    } else if (h.state === "beeindigd") {
      tekst = "De chat met " + teamNaam() + " is gestopt. Je praat nu weer met Jeugdwijzer, een computer.";
    }
    if (statusTekst.textContent !== tekst) { statusTekst.textContent = tekst; }
    if (drukteTekst.textContent !== drukte) { drukteTekst.textContent = drukte; }
    drukteTekst.hidden = !drukte;
    handoffBalk.hidden = !tekst;
    handoffBalk.className = "handoff " + h.state;
    stopKnop.hidden = !ACTIEF[h.state];
  }
  function setHandoff(h) {
    if (!h || typeof h.state !== "string") { return; }
    var was = state.handoff.state;
    state.handoff = { state: h.state, team: h.team || state.handoff.team || null,
      medewerker: h.medewerker || null,
      plek: typeof h.plek === "number" ? h.plek : (h.state === "wachten" ? state.handoff.plek : null),
      drukte: typeof h.drukte === "string" ? h.drukte.slice(0, 200) : null };
    if (h.state === "wachten" && !state.wachtSinds) { state.wachtSinds = Date.now(); }
    if (h.state !== "wachten") { state.wachtSinds = null; state.routesGetoond = false; }
    save();
    renderHandoff();
    if (ACTIEF[h.state] && !ACTIEF[was]) { poll(); }
    andereRoutes();
  }
  // Nobody free for a few minutes: say where else a young person or parent can chat now.
  function andereRoutes() {
    if (state.handoff.state !== "wachten" || state.routesGetoond || !state.wachtSinds ||
        Date.now() - state.wachtSinds < ANDERE_ROUTES_NA_MS) { return; }
    state.routesGetoond = true;
    showAnswer([{ who: "systeem", text: "Het duurt langer dan we willen. Je mag blijven wachten. " +
      "Je kunt ook ergens anders chatten. Ben je jonger dan 18? Chat met de " +
      "[Kindertelefoon](https://www.kindertelefoon.nl). Denk je aan zelfmoord? Chat met " +
      "[113](https://www.113.nl), dag en nacht. Is er nu gevaar? Bel 112." }], false);
  }
  var pollTimer = null, polling = false;
  function poll() {
    clearTimeout(pollTimer);
    if (polling || !state.session || !ACTIEF[state.handoff.state]) { return; }
    polling = true;
    var session = state.session;
    fetch(api + "/" + encodeURIComponent(session) + "/updates?after=" + encodeURIComponent(state.cursor || 0))
      .then(function (r) {
        if (r.status === 404) { return { handoff: { state: "geen" } }; } // no live chat here
        if (!r.ok) { throw new Error("status " + r.status); }
        return r.json();
      })
      .then(function (data) {
        if (state.session !== session) { return; }
        (data.messages || []).forEach(function (m) {
          if (state.gezien.indexOf(m.id) >= 0) { return; } // a repeated poll must not show it twice
          var naam = (data.handoff && data.handoff.medewerker) || state.handoff.medewerker;
          showAnswer([m.van === "medewerker" ?
            { who: "medewerker", text: String(m.text || ""), naam: (naam || "Medewerker") + " (" + teamNaam() + ")" } :
            { who: "systeem", text: String(m.text || "") }], false);
          state.gezien = state.gezien.concat([m.id]).slice(-200);
        });
        if (typeof data.cursor === "number") { state.cursor = data.cursor; }
        save();
        setHandoff(data.handoff);
      })
      .catch(function () { /* keep trying: the network may come back */ })
      .then(function () {
        polling = false;
        if (ACTIEF[state.handoff.state] && state.session === session) {
          pollTimer = setTimeout(poll, POLL_MS);
        }
      });
  }
  function stopHandoff() {
    if (!state.session) { return; }
    stopKnop.disabled = true;
    post(api + "/" + encodeURIComponent(state.session) + "/handoff/stop", {})
      .then(function (res) {
        if (res.data && res.data.handoff) { setHandoff(res.data.handoff); }
        else { showError("Stoppen lukte niet. Probeer het nog een keer.", stopHandoff); }
      }, function () {
        showError("Stoppen lukte niet. Controleer je internet en probeer het opnieuw.", stopHandoff);
      })
      .then(function () { stopKnop.disabled = false; });
  }

  // ---- talking to the API ----
  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (d) { return d; }, function () { return {}; })
          .then(function (data) { return { status: r.status, data: data }; });
      });
  }
  var queue = Promise.resolve();
  function send(text, shown, viaKnop) {
    hideError();
    hideGewist();
    annuleerWissen(false);
    var oud = markOld();
    var userItem = { who: "user", text: shown || text };
    add(userItem);
    scrollDown();
    queue = queue.then(function () { return deliver(text, userItem, viaKnop, oud); });
  }
  function deliver(text, userItem, viaKnop, oud) {
    var body = { text: text }, first = null;
    if (state.session) { body.session = state.session; }
    if (gemeente) { body.gemeente = gemeente; }
    typing.hidden = !!ACTIEF[state.handoff.state]; // a person answers in their own time
    log.setAttribute("aria-busy", "true");
    // After a choice by keyboard or touch, focus follows to the answer (unless it moved away).
    var volg = function () { return viaKnop && (!root.activeElement || lijst.contains(root.activeElement)); };
    return post(api, body).then(function (res) {
      var data = res.data || {};
      if (res.status === 200 || res.status === 503) {
        if (data.session) { state.session = data.session; save(); }
        first = showMessages(data, volg());
        if (data.handoff) { setHandoff(data.handoff); }
        if (res.status === 503) { showError(data.message || "De chat werkt nu even niet.", null); }
      } else if (data.error === "invalid_session" && state.session) {
        state.session = null; // the server forgot us: start a new conversation with the same text
        save();
        return deliver(text, userItem, viaKnop, oud);
      } else if (res.status === 429) {
        first = showMessages(data, false); // the emergency numbers, also when we have to slow down
        showError(data.message || "Je stuurt te veel berichten. Wacht even.", function () { resend(text, userItem); });
      } else if (res.status >= 400 && res.status < 500) {
        // The text cannot be sent as it is: give it back to edit, with the choices it switched off.
        (oud || []).forEach(function (item) { item.oud = false; });
        removeItem(userItem);
        input.value = text;
        showError(data.message || "Dit bericht kan ik niet versturen.", null);
      } else {
        throw new Error("status " + res.status);
      }
    }).catch(function () {
      showError("Je bericht is niet verstuurd. Misschien is er geen internet. " +
        "Is er gevaar? Bel 112.", function () { resend(text, userItem); });
    }).then(function () {
      typing.hidden = true;
      log.removeAttribute("aria-busy");
      if (!first && volg()) { input.focus(); } // no answer to go to: back to typing
      disableOld();
    });
  }
  function showMessages(data, focusIt) {
    var items = [];
    (data.messages || []).forEach(function (m) {
      var handoff = m.custom && m.custom.handoff;
      if (m.text || (m.buttons && m.buttons.length)) {
        var kaarten = leesKaarten(m.custom && m.custom.kaarten);
        items.push({ who: "bot", text: String(m.text || ""), buttons: (m.buttons || []).map(function (b) {
          return { title: String(b.title), payload: String(b.payload || b.title) };
        }), kaarten: kaarten.length ? kaarten : undefined });
      }
      if (handoff) { setHandoff(handoff); }
    });
    return showAnswer(items, focusIt);
  }
  function resend(text, userItem) {
    queue = queue.then(function () { return deliver(text, userItem); });
  }
  function removeItem(item) {
    var i = state.items.indexOf(item);
    if (i >= 0) { state.items.splice(i, 1); save(); renderAll(); }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    input.value = "";
    send(text);
  });

  // ---- erasing: "Wis gesprek" asks first, "Snel weg" leaves at once ----
  function eraseOnServer(session) {
    if (!session) { return; }
    try {
      fetch(api + "/" + encodeURIComponent(session), { method: "DELETE", keepalive: true })
        .catch(function () { /* best effort: the server also forgets it after a while */ });
    } catch (e) { /* fetch missing or refused */ }
  }
  function vraagWissen() {
    bevestigTekst.textContent = "Wil je het hele gesprek wissen? Het komt niet meer terug." +
      (ACTIEF[state.handoff.state] || state.handoff.state === "wachten" ?
        " Ook de medewerker ziet je gesprek dan niet meer." : "");
    bevestig.hidden = false;
    wisKnop.setAttribute("aria-expanded", "true");
    neeWis.focus();
  }
  function annuleerWissen(focusTerug) {
    if (bevestig.hidden) { return; }
    bevestig.hidden = true;
    wisKnop.setAttribute("aria-expanded", "false");
    if (focusTerug) { wisKnop.focus(); }
  }
  function wisGesprek() {
    clearTimeout(pollTimer);
    eraseOnServer(state.session);
    var open = state.open;
    state = fresh();
    state.open = open;
    forget();
    save();
    hideError();
    annuleerWissen(false);
    input.value = "";
    renderAll();
    gewist.hidden = false;
    log.scrollTop = 0;
    announce("Het gesprek is gewist.");
    input.focus();
  }
  function snelWeg() {
    eraseOnServer(state.session);
    forget();
    state = fresh();
    lijst.textContent = "";
    input.value = "";
    location.replace(exitUrl); // replace: this page does not stay in the back history
  }
  var shifts = [];
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Shift") { shifts = []; return; }
    if (e.repeat || !(state.open || state.items.length)) { return; }
    var now = Date.now();
    shifts = shifts.filter(function (t) { return now - t < SHIFT_WINDOW_MS; });
    shifts.push(now);
    if (shifts.length >= 3) { shifts = []; snelWeg(); }
  }, true);

  // ---- opening and closing ----
  // While the panel is open "Snel weg" is its first element, so a modal dialog includes it.
  function placeSnelweg() {
    var binnen = state.open;
    if (binnen ? snelweg.parentNode !== panel : snelweg.parentNode === panel) {
      if (binnen) { panel.insertBefore(snelwegUitleg, panel.firstChild); panel.insertBefore(snelweg, snelwegUitleg); }
      else { root.insertBefore(snelwegUitleg, launcher); root.insertBefore(snelweg, snelwegUitleg); }
    }
  }
  function showSnelweg() {
    placeSnelweg();
    var show = state.open || state.items.length > 0;
    if (!snelweg.hasAttribute("popover")) { snelweg.hidden = !show; return; }
    try {
      if (show) { snelweg.showPopover(); } else { snelweg.hidePopover(); }
    } catch (e) { /* already in that state */ }
  }
  function isModal() { return !!(state.open && VOL_SCHERM && VOL_SCHERM.matches); }
  function setModal() {
    if (isModal()) { panel.setAttribute("aria-modal", "true"); } else { panel.removeAttribute("aria-modal"); }
  }
  function openPanel(focus) {
    state.open = true;
    save();
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    showSnelweg();
    setModal();
    fitViewport();
    scrollToStart(lastAnswerStart());
    // Where the panel must scroll (a tiny screen, huge text), its top stays in view: the safety bar.
    if (focus) { input.focus({ preventScroll: panel.scrollHeight > panel.clientHeight }); }
  }
  function closePanel() {
    state.open = false;
    save();
    annuleerWissen(false);
    showSnelweg();
    panel.hidden = true;
    setModal();
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  function focusable() {
    var all = panel.querySelectorAll("button, a[href], input, [tabindex='0']");
    return Array.prototype.filter.call(all, function (n) {
      return !n.disabled && n.getClientRects().length > 0;
    });
  }
  // Escape closes from anywhere in the panel, "Snel weg" included; Tab stays inside when modal.
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); closePanel(); return; }
    if (e.key !== "Tab" || !isModal()) { return; }
    var items = focusable(), first = items[0], last = items[items.length - 1];
    if (e.shiftKey && root.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && root.activeElement === last) { e.preventDefault(); first.focus(); }
  });
  document.addEventListener("focusin", function (e) {
    if (isModal() && e.target !== host) { input.focus(); } // focus went behind the dialog
  });
  if (VOL_SCHERM) {
    var wissel = function () { setModal(); };
    if (VOL_SCHERM.addEventListener) { VOL_SCHERM.addEventListener("change", wissel); }
    else if (VOL_SCHERM.addListener) { VOL_SCHERM.addListener(wissel); }
  }

  // Small screens: keep the panel (and so the input) inside the part the on-screen keyboard leaves.
  function fitViewport() {
    var vv = window.visualViewport;
    if (!vv) { return; }
    host.style.setProperty("--jw-vv-hoogte", vv.height + "px");
    host.style.setProperty("--jw-vv-top", vv.offsetTop + "px");
    // With the keyboard up the footer steps aside, so messages keep their room.
    panel.classList.toggle("toetsenbord", vv.height < window.innerHeight * 0.75);
  }
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", fitViewport);
    window.visualViewport.addEventListener("scroll", fitViewport);
  }
  // The header keeps exactly the room "Snel weg" takes, at any text size.
  function measureSnelweg() {
    var w = snelweg.offsetWidth, h = snelweg.offsetHeight;
    if (w && h) {
      host.style.setProperty("--jw-snelweg-b", w + "px");
      host.style.setProperty("--jw-snelweg-h", h + "px");
    }
  }
  if (window.ResizeObserver) { new ResizeObserver(measureSnelweg).observe(snelweg); }

  // The gemeente's name in the header, and the server's own retention, from its configuration.
  function loadConfig() {
    var url = base + "/api/v1/widget-config" + (gemeente ? "?gemeente=" + gemeente : "");
    fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (c) {
      if (!c) { return; }
      if (c.gemeente && c.gemeente.naam) {
        ondertitel.textContent = "Van " + c.gemeente.naam;
      }
    }).catch(function () { /* the widget works without it */ });
  }

  function start() {
    document.body.appendChild(host);
    renderAll();
    if (state.open) { openPanel(false); } else { showSnelweg(); }
    if (ACTIEF[state.handoff.state]) { poll(); }
    loadConfig();
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
