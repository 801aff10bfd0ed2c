/* Jeugdwijzer chat widget (plain first version). Embed with:
   <script src="https://<host>/widget.js" data-gemeente="GM0164" defer></script> */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var gemeente = script.getAttribute("data-gemeente") || null;
  var KEY = "jeugdwijzer-session";

  var panel = document.createElement("section");
  panel.setAttribute("aria-label", "Chat met Jeugdwijzer");
  panel.style.cssText = "position:fixed;right:1rem;bottom:1rem;width:22rem;max-width:calc(100% - 2rem);" +
    "background:#fff;border:2px solid #1f4e79;border-radius:8px;font:16px system-ui,sans-serif;z-index:2147483000";
  panel.innerHTML =
    '<h2 style="margin:0;padding:.5rem 1rem;background:#1f4e79;color:#fff;font-size:1rem">Jeugdwijzer</h2>' +
    '<div class="jw-log" aria-live="polite" style="height:18rem;overflow:auto;padding:.5rem 1rem"></div>' +
    '<form style="display:flex;gap:.5rem;padding:.5rem 1rem">' +
    '<label for="jw-input" style="position:absolute;left:-9999px">Je bericht</label>' +
    '<input id="jw-input" maxlength="1000" autocomplete="off" style="flex:1;font-size:1rem">' +
    '<button type="submit">Stuur</button></form>';
  document.body.appendChild(panel);
  var log = panel.querySelector(".jw-log");
  var form = panel.querySelector("form");
  var input = panel.querySelector("input");

  function render(text, who) {
    var p = document.createElement("p");
    p.style.whiteSpace = "pre-line";
    if (who === "user") { p.style.textAlign = "right"; }
    // Only [label](tel:|https:|mailto:) links become links; everything else stays text.
    var re = /\[([^\]]+)\]\(((?:tel:|https:\/\/|mailto:)[^)\s]+)\)/g, last = 0, m;
    while ((m = re.exec(text))) {
      p.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = document.createElement("a");
      a.href = m[2]; a.textContent = m[1];
      if (m[2].indexOf("https:") === 0) { a.target = "_blank"; a.rel = "noopener"; }
      p.appendChild(a);
      last = re.lastIndex;
    }
    p.appendChild(document.createTextNode(text.slice(last)));
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    return p;
  }

  function send(text) {
    render(text, "user");
    var body = { text: text };
    var session = sessionStorage.getItem(KEY);
    if (session) { body.session = session; }
    if (gemeente) { body.gemeente = gemeente; }
    fetch(base + "/api/v1/chat", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data.session) { sessionStorage.setItem(KEY, data.session); }
      (data.messages || [{ text: data.message }]).forEach(function (msg) {
        var p = render(msg.text || "", "bot");
        (msg.buttons || []).forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button"; btn.textContent = b.title;
          btn.addEventListener("click", function () { send(b.payload); });
          p.appendChild(document.createElement("br")); p.appendChild(btn);
        });
      });
    }).catch(function () {
      render("Er ging iets mis met de verbinding. Is er gevaar? Bel 112.", "bot");
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (text) { input.value = ""; send(text); }
  });
})();
