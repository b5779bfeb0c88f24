// Drag and drop for the agenda builder: an enhancement over the per-session move forms.
// Dropping a card on a room column fills that card's move form (day, start, end, room)
// and submits it, so the server applies the same rules as without JavaScript.
(function () {
  "use strict";
  var PX_PER_MINUTE = 6 / 5; // matches static/schedule-grid.css (5 minutes = 6px)
  var SNAP = 5;
  var grabOffset = 0; // where in the card the pointer took it, so its top lands there

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(minutes) { return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60); }
  function minutesOf(hm) { var p = hm.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }

  document.querySelectorAll(".builder article.slot").forEach(function (card) {
    var form = card.querySelector("form.move-form");
    if (!form) { return; }
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", card.id);
      grabOffset = event.clientY - card.getBoundingClientRect().top;
      event.dataTransfer.effectAllowed = "move";
    });
  });

  document.querySelectorAll(".builder .grid-track").forEach(function (track) {
    track.addEventListener("dragover", function (event) { event.preventDefault(); });
    track.addEventListener("drop", function (event) {
      event.preventDefault();
      var card = document.getElementById(event.dataTransfer.getData("text/plain"));
      if (!card) { return; }
      var form = card.querySelector("form.move-form");
      var start = form.elements.start.value, end = form.elements.end.value;
      var duration = start && end ? minutesOf(end) - minutesOf(start) : 60;
      var offset = event.clientY - grabOffset - track.getBoundingClientRect().top;
      var minutes = parseInt(track.dataset.firstHour, 10) * 60 +
        Math.round(offset / PX_PER_MINUTE / SNAP) * SNAP;
      minutes = Math.max(0, Math.min(minutes, 24 * 60 - duration - 1));
      form.elements.day.value = track.dataset.day;
      form.elements.start.value = clock(minutes);
      form.elements.end.value = clock(minutes + duration);
      form.elements.room_id.value = track.dataset.room || "";
      form.submit();
    });
  });
})();
