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
  var SHIFT_WINDOW_MS = 2 * 1000;
  var ACTIEF = { wachten: true, live: true };
  var NOOD = [ // the same numbers as bot/veiligheid/emergency.py
    { label: "112", tel: "tel:112", uitleg: "Alarmnummer 112" },
    { label: "113", tel: "tel:113", uitleg: "113 Zelfmoordpreventie" },
    { label: "Veilig Thuis 0800-2000", tel: "tel:08002000" },
    { label: "Kindertelefoon 0800-0432", tel: "tel:08000432" }
  ];

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
      handoff: { state: "geen", team: null, medewerker: null } };
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

  // Only [label](tel:...), [label](https://...) and [label](mailto:...) become links.
  function richText(text) {
    var frag = document.createDocumentFragment();
    var re = /\[([^\]\n]+)\]\(((?:tel:|https:\/\/|mailto:)[^)\s]+)\)/g, last = 0, m;
    while ((m = re.exec(text))) {
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = el("a", { href: m[2], text: m[1] });
      if (m[2].indexOf("https:") === 0) {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.appendChild(hiddenText(" (opent in een nieuw tabblad)"));
      }
      frag.appendChild(a);
      last = re.lastIndex;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

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
  var nood = el("p", { "class": "nood" }, [el("strong", { text: "In nood?" }), " "]);
  NOOD.forEach(function (n, i) {
    if (i) { nood.appendChild(document.createTextNode(" ")); }
    var a = el("a", { href: n.tel, text: n.label });
    if (n.uitleg) { a.setAttribute("aria-label", "Bel " + n.uitleg); }
    nood.appendChild(a);
  });
  var statusTekst = el("span", { "class": "status-tekst" });
  var stopKnop = el("button", { type: "button", "class": "stop", hidden: true,
    on: function () { stopHandoff(); } }, ["Chat met medewerker stoppen"]);
  var handoffBalk = el("div", { "class": "handoff", hidden: true }, [
    el("p", { role: "status" }, [statusTekst]), stopKnop]);
  var lijst = el("ol", { "class": "berichten" });
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": "Berichten",
    tabindex: "0" }, [lijst]);
  var typing = el("p", { "class": "typing", hidden: true }, [
    el("span", { "class": "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    " Jeugdwijzer typt…"]);
  var foutTekst = el("p", { "class": "fout-tekst" });
  var opnieuw = el("button", { type: "button", "class": "opnieuw", hidden: true }, ["Opnieuw proberen"]);
  var fout = el("div", { "class": "fout", role: "alert", hidden: true }, [foutTekst, opnieuw]);
  var input = el("input", { id: "jw-input", type: "text", maxlength: "1000", autocomplete: "off",
    enterkeyhint: "send", "aria-describedby": "jw-privacy" });
  var form = el("form", { "class": "invoer" }, [
    el("label", { "for": "jw-input", "class": "vh", text: "Je bericht" }),
    input,
    el("button", { type: "submit", "class": "stuur" }, ["Stuur"])]);
  var melding = el("p", { "class": "vh", role: "status" });
  var panel = el("div", { id: "jw-panel", "class": "panel", role: "dialog", "aria-labelledby": "jw-titel",
    hidden: true }, [
    el("div", { "class": "kop" }, [
      el("div", {}, [
        el("h2", { id: "jw-titel", text: "Jeugdwijzer" }),
        el("p", { "class": "ondertitel", text: "Ik ben een computer. Ik zoek met je mee." })]),
      sluit]),
    nood, handoffBalk, log, typing, fout, form,
    el("div", { "class": "voet" }, [
      el("p", { id: "jw-privacy", text: "Vertel alleen wat je zelf wilt. Sluit je dit tabblad, dan stopt het gesprek. " +
        "Wij wissen het een paar uur na je laatste bericht. Met Wis gesprek is het meteen weg." }),
      el("button", { type: "button", "class": "wis", on: function () { wisGesprek(); } }, ["Wis gesprek"])]),
    melding]);
  [snelweg, snelwegUitleg, launcher, panel].forEach(function (n) { root.appendChild(n); });

  // "Snel weg" lives in the top layer where the browser supports it, above any cookie banner.
  if (typeof snelweg.showPopover === "function") { snelweg.setAttribute("popover", "manual"); }

  // ---- rendering ----
  var WIE = { user: "Jij", bot: "Jeugdwijzer (computer)", systeem: "Bericht" };
  function renderItem(item) {
    var li = el("li", { "class": "bericht " + item.who });
    var naam = item.who === "medewerker" ? (item.naam || "Medewerker") : WIE[item.who];
    if (item.who === "medewerker") { li.appendChild(el("p", { "class": "naam", text: naam })); }
    else { li.appendChild(hiddenText(naam + ": ")); }
    if (item.text) {
      var p = el("p", { "class": "tekst" });
      p.appendChild(item.who === "user" ? document.createTextNode(item.text) : richText(item.text));
      li.appendChild(p);
    }
    if (item.buttons && item.buttons.length) {
      var groep = el("ul", { "class": "knoppen", "aria-label": "Kies een antwoord" });
      item.buttons.forEach(function (b) {
        var knop = el("button", { type: "button", "class": b.gekozen ? "gekozen" : null }, [b.title]);
        if (b.gekozen) { knop.appendChild(hiddenText(" (gekozen)")); }
        knop.addEventListener("click", function () {
          item.buttons.forEach(function (x) { x.gekozen = x === b; });
          save();
          var vorige = groep.querySelector(".gekozen");
          if (vorige) { vorige.classList.remove("gekozen"); vorige.removeChild(vorige.lastChild); }
          knop.classList.add("gekozen");
          knop.appendChild(hiddenText(" (gekozen)"));
          send(b.payload, b.title);
        });
        groep.appendChild(el("li", {}, [knop]));
      });
      li.appendChild(groep);
    }
    lijst.appendChild(li);
    return li;
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function renderAll() {
    lijst.textContent = "";
    renderItem({ who: "bot", text: "Hoi! Ik ben Jeugdwijzer. Ik ben een computer, geen mens. " +
        "Heb je een vraag over opgroeien of opvoeden? Typ je vraag hieronder. " +
        "Ik vertel je waar je hulp kunt krijgen." });
    state.items.forEach(renderItem);
    renderHandoff();
    scrollDown();
  }
  function add(item) {
    state.items.push(item);
    save();
    var li = renderItem(item);
    scrollDown();
    return li;
  }
  function announce(text) {
    melding.textContent = "";
    setTimeout(function () { melding.textContent = text; }, 50);
  }
  function showError(text, retry) {
    foutTekst.textContent = text;
    opnieuw.hidden = !retry;
    opnieuw.onclick = retry ? function () { hideError(); retry(); } : null;
    fout.hidden = false;
    scrollDown();
  }
  function hideError() { fout.hidden = true; }

  // ---- handoff to a person of the lokale team ----
  function teamNaam() { return state.handoff.team || "het wijkteam"; }
  function renderHandoff() {
    var h = state.handoff, tekst = "";
    if (h.state === "wachten") {
      tekst = "We zoeken een medewerker van " + teamNaam() + " voor je. Dit kan even duren. Blijf in dit venster.";
    } else if (h.state === "live") {
      tekst = "Je chat nu met " + (h.medewerker || "een medewerker") + " van " + teamNaam() + ". Dit is een mens.";
    } else if (h.state === "beeindigd") {
      tekst = "De chat met " + teamNaam() + " is gestopt. Je praat nu weer met Jeugdwijzer, een computer.";
    }
    if (statusTekst.textContent !== tekst) { statusTekst.textContent = tekst; }
    handoffBalk.hidden = !tekst;
    handoffBalk.className = "handoff " + h.state;
    stopKnop.hidden = !ACTIEF[h.state];
  }
  function setHandoff(h) {
    if (!h || typeof h.state !== "string") { return; }
    var was = state.handoff.state;
    state.handoff = { state: h.state, team: h.team || state.handoff.team || null,
      medewerker: h.medewerker || null };
    save();
    renderHandoff();
    if (ACTIEF[h.state] && !ACTIEF[was]) { poll(); }
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
          add(m.van === "medewerker" ?
            { who: "medewerker", text: String(m.text || ""), naam: (naam || "Medewerker") + " (" + teamNaam() + ")" } :
            { who: "systeem", text: String(m.text || "") });
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
  function send(text, shown) {
    hideError();
    var userItem = { who: "user", text: shown || text };
    add(userItem);
    queue = queue.then(function () { return deliver(text, userItem); });
  }
  function deliver(text, userItem) {
    var body = { text: text };
    if (state.session) { body.session = state.session; }
    if (gemeente) { body.gemeente = gemeente; }
    typing.hidden = !!ACTIEF[state.handoff.state]; // a person answers in their own time
    log.setAttribute("aria-busy", "true");
    return post(api, body).then(function (res) {
      var data = res.data || {};
      if (res.status === 200 || res.status === 503) {
        if (data.session) { state.session = data.session; save(); }
        showMessages(data);
        if (data.handoff) { setHandoff(data.handoff); }
        if (res.status === 503) { showError(data.message || "De chat werkt nu even niet.", null); }
      } else if (data.error === "invalid_session" && state.session) {
        state.session = null; // the server forgot us: start a new conversation with the same text
        save();
        return deliver(text, userItem);
      } else if (res.status === 429) {
        showMessages(data); // the emergency numbers, also when we have to slow down
        showError(data.message || "Je stuurt te veel berichten. Wacht even.", function () { resend(text, userItem); });
      } else if (res.status >= 400 && res.status < 500) {
        removeItem(userItem); // the text cannot be sent as it is: give it back to edit
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
    });
  }
  function showMessages(data) {
    (data.messages || []).forEach(function (m) {
      var handoff = m.custom && m.custom.handoff;
      if (m.text || (m.buttons && m.buttons.length)) {
        add({ who: "bot", text: String(m.text || ""), buttons: (m.buttons || []).map(function (b) {
          return { title: String(b.title), payload: String(b.payload || b.title) };
        }) });
      }
      if (handoff) { setHandoff(handoff); }
    });
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

  // ---- erasing: "Wis gesprek" stays here, "Snel weg" leaves at once ----
  function eraseOnServer(session) {
    if (!session) { return; }
    try {
      fetch(api + "/" + encodeURIComponent(session), { method: "DELETE", keepalive: true })
        .catch(function () { /* best effort: the server also forgets it after a while */ });
    } catch (e) { /* fetch missing or refused */ }
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
    input.value = "";
    renderAll();
    showSnelweg();
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
  function showSnelweg() {
    var show = state.open || state.items.length > 0;
    if (!snelweg.hasAttribute("popover")) { snelweg.hidden = !show; return; }
    try {
      if (show) { snelweg.showPopover(); } else { snelweg.hidePopover(); }
    } catch (e) { /* already in that state */ }
  }
  function openPanel(focus) {
    state.open = true;
    save();
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    showSnelweg();
    fitViewport();
    scrollDown();
    if (focus) { input.focus(); }
  }
  function closePanel() {
    state.open = false;
    save();
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    showSnelweg();
    launcher.focus();
  }
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); closePanel(); }
  });

  // Small screens: keep the panel (and so the input) inside the part the on-screen keyboard leaves.
  function fitViewport() {
    var vv = window.visualViewport;
    if (!vv) { return; }
    host.style.setProperty("--jw-vv-hoogte", vv.height + "px");
    host.style.setProperty("--jw-vv-top", vv.offsetTop + "px");
  }
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", fitViewport);
    window.visualViewport.addEventListener("scroll", fitViewport);
  }

  function start() {
    document.body.appendChild(host);
    renderAll();
    if (state.open) { openPanel(false); } else { showSnelweg(); }
    if (ACTIEF[state.handoff.state]) { poll(); }
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
