// The open list refreshes itself every 4 seconds: a new request shows up without a reload, the
// page title counts the new ones, and focus stays where the worker had it.
(function () {
  "use strict";
  var ververs = document.getElementById("ververs");
  var melding = document.getElementById("lijst-melding");
  if (!ververs || !document.getElementById("lijst-inhoud")) return;
  var ELKE_MS = 4000;
  var basisTitel = document.title.replace(/^\(\d+ nieuw\) /, "");
  var vorige = document.getElementById("lijst-inhoud").outerHTML;

  function ids(root) {
    return Array.prototype.map.call(root.querySelectorAll("tr[data-id]"), function (tr) {
      return tr.getAttribute("data-id");
    });
  }
  var gezien = ids(document);

  function zetTitel(nieuw) {
    document.title = (nieuw > 0 ? "(" + nieuw + " nieuw) " : "") + basisTitel;
  }

  function vervang(html) {
    var oud = document.getElementById("lijst-inhoud");
    var focus = document.activeElement && oud.contains(document.activeElement) ?
      document.activeElement.getAttribute("href") : null;
    var tijdelijk = document.createElement("div");
    tijdelijk.innerHTML = html; // our own escaped template, from this server
    var nieuwDeel = tijdelijk.querySelector("#lijst-inhoud");
    if (!nieuwDeel) return;
    var binnen = ids(nieuwDeel).filter(function (id) { return gezien.indexOf(id) < 0; });
    binnen.forEach(function (id) {
      var cel = nieuwDeel.querySelector('tr[data-id="' + id + '"] td');
      var label = document.createElement("strong");
      label.className = "vers";
      label.textContent = "Net binnen";
      cel.appendChild(document.createTextNode(" "));
      cel.appendChild(label);
    });
    oud.parentNode.replaceChild(nieuwDeel, oud);
    if (focus) {
      var terug = nieuwDeel.querySelector('a[href="' + focus + '"]');
      if (terug) terug.focus();
    }
    zetTitel(parseInt(nieuwDeel.getAttribute("data-nieuw"), 10) || 0);
    if (binnen.length) {
      melding.textContent = binnen.length === 1 ? "Er is een nieuwe aanvraag." :
        "Er zijn " + binnen.length + " nieuwe aanvragen.";
      gezien = gezien.concat(binnen);
    }
  }

  function haal() {
    fetch(ververs.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (r) {
        if (r.redirected || !r.ok) { throw new Error(r.redirected ? "uitgelogd" : "status " + r.status); }
        return r.text();
      })
      .then(function (html) {
        if (html !== vorige) { vorige = html; vervang(html); }
        ververs.textContent = "Deze lijst ververst zichzelf.";
        setTimeout(haal, ELKE_MS);
      })
      .catch(function (e) {
        if (e.message === "uitgelogd") {
          ververs.textContent = "Je bent uitgelogd. Laad de pagina opnieuw om in te loggen.";
          return;
        }
        ververs.textContent = "Verversen lukt even niet. We proberen het opnieuw.";
        setTimeout(haal, ELKE_MS * 2);
      });
  }
  setTimeout(haal, ELKE_MS);
})();
