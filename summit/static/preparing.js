// The page shown while the worker renders a program: asks every few seconds whether the
// file is ready (the server answers 503 until then) and says so in the live region, next
// to the link that opens it. It never reloads or navigates by itself; without JavaScript
// the link does the same check.
(function () {
  "use strict";
  var status = document.getElementById("program-status");
  var link = document.getElementById("program-link");
  if (!status || !link || !window.fetch) { return; }
  var delay = (Number(status.dataset.retry) || 5) * 1000;
  var tries = 120; // ten minutes at five seconds; the link still works after that
  status.textContent = status.dataset.tWaiting;
  function check() {
    fetch(link.href, { method: "HEAD", credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.ok) {
          status.textContent = status.dataset.tReady;
        } else if (response.status === 503 && --tries > 0) {
          window.setTimeout(check, delay);
        }
      }, function () {
        if (--tries > 0) { window.setTimeout(check, delay); }
      });
  }
  window.setTimeout(check, delay);
})();
