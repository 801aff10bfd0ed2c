// While a chat is live, show the citizen's new messages on the detail page (polls every 2 s).
(function () {
  "use strict";
  var lijst = document.getElementById("gesprek");
  if (!lijst || lijst.dataset.live !== "ja") return;
  var cursor = parseInt(lijst.dataset.cursor, 10) || 0;
  var namen = { burger: "Inwoner", bot: "Jeugdwijzer", medewerker: "Medewerker", systeem: "Systeem" };
  function voegToe(bericht) {
    var li = document.createElement("li");
    li.className = "van-" + bericht.van;
    var wie = document.createElement("span");
    wie.className = "wie";
    wie.textContent = namen[bericht.van] || bericht.van;
    var p = document.createElement("p");
    p.textContent = bericht.tekst; // text only: never HTML from a message
    li.appendChild(wie);
    li.appendChild(p);
    lijst.appendChild(li);
  }
  function haal() {
    fetch(lijst.dataset.url + "?after=" + cursor, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.messages.forEach(voegToe);
        cursor = data.cursor;
        if (data.status === "live") setTimeout(haal, 2000);
        else location.reload();
      })
      .catch(function () { setTimeout(haal, 5000); });
  }
  setTimeout(haal, 2000);
})();
