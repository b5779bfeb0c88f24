// Door desk: a scan is answered in place (no page load), the field is cleared and keeps
// the focus for the next ticket, and the count follows the other doors every 20 seconds.
(function () {
  "use strict";
  var door = document.getElementById("door");
  var form = document.getElementById("door-scan");
  if (!door || !form || !window.fetch || !window.FormData) { return; }
  var field = form.querySelector("input[name=ticket]");
  var busy = false;

  function counts(checkedIn, confirmed) {
    document.getElementById("door-in").textContent = checkedIn;
    document.getElementById("door-confirmed").textContent = confirmed;
  }

  function show(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.firstElementChild;
    var box = document.getElementById("checkin-result");
    // Keep the same live region so screen readers announce the new answer.
    box.className = fresh.className;
    box.replaceChildren.apply(box, Array.prototype.slice.call(fresh.childNodes));
  }

  function post(target, data) {
    busy = true;
    return fetch(target, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) { return response.json(); }).then(function (reply) {
      show(reply.result);
      counts(reply.checked_in, reply.confirmed);
    }).catch(function () {
      show('<div class="door-result door-refused"><p class="door-headline"></p></div>');
      document.querySelector("#checkin-result .door-headline").textContent = door.dataset.tFailed;
    }).then(function () {
      busy = false;
      field.value = "";
      field.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy || !field.value.trim()) { field.focus(); return; }
    post(form.action, new FormData(form));
  });

  // Undo and check-in buttons inside the answer are answered in place too.
  document.getElementById("checkin-result").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!busy) { post(event.target.action, new FormData(event.target)); }
  });

  window.setInterval(function () {
    if (document.hidden) { return; }
    fetch(door.dataset.countUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (reply) { counts(reply.checked_in, reply.confirmed); })
      .catch(function () { /* the next scan will bring the count */ });
  }, 20000);
})();
