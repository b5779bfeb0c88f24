// Agenda builder: drag and drop and keyboard moves over the per-session move forms.
// Every move posts that card's own form (CSRF token included) with fetch and asks for
// JSON; the server applies the same rules as without JavaScript and sends the redrawn
// board, so lanes and conflicts always come from the one conflicts service.
(function () {
  "use strict";
  var root = document.getElementById("builder-root");
  if (!root || !window.fetch || !window.FormData) { return; }
  var UNIT_PX = 6, UNIT_MIN = 5; // static/schedule-grid.css: 5 minutes = 6px
  var KEY_STEP = 15; // minutes per arrow key
  var status = document.getElementById("builder-status");
  var problems = document.getElementById("builder-problems");
  var keys = document.getElementById("builder-keys");
  var grabOffset = 0;
  var held = null; // the card picked up with the keyboard: {card, home, next, classes, minutes}

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(minutes) { return pad(Math.floor(minutes / 60) % 24) + ":" + pad(minutes % 60); }
  function minutesOf(hm) { var p = hm.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("is-error", !!isError);
  }

  function duration(card) {
    var start = card.dataset.start, end = card.dataset.end;
    if (!start || !end) { return 60; }
    var minutes = minutesOf(end) - minutesOf(start);
    return minutes > 0 ? minutes : minutes + 24 * 60; // a session that crosses midnight
  }

  function enhance() {
    if (keys) { keys.hidden = false; }
    root.querySelectorAll("article.slot").forEach(function (card) {
      if (!card.querySelector("form.move-form")) { return; }
      card.setAttribute("draggable", "true");
      var grip = card.querySelector(".grip");
      if (grip) { grip.hidden = false; }
    });
  }

  function tracks() { return Array.prototype.slice.call(root.querySelectorAll(".grid-track")); }

  // Post the card's form with the given slot; on success the board is redrawn and the
  // moved card's handle gets the focus back.
  function save(card, slot) {
    var form = card.querySelector("form.move-form");
    var data = new FormData(form);
    if (slot) {
      data.set("day", slot.day);
      data.set("start", slot.start);
      data.set("end", slot.end);
      data.set("room_id", slot.room);
    }
    var id = card.id;
    card.classList.add("saving");
    say(root.dataset.tSaving);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json();
    }).then(function (reply) {
      redraw(reply.board, reply.problems, reply.problems_text);
      var moved = document.getElementById(id);
      var conflicts = moved ? moved.querySelectorAll(".conflicts li") : [];
      var text = reply.message;
      conflicts.forEach(function (item) { text += " " + item.textContent; });
      say(text, !reply.ok || conflicts.length > 0);
      focusCard(id);
    }).catch(function () {
      card.classList.remove("saving");
      say(root.dataset.tFailed, true);
    });
  }

  function redraw(board, count, label) {
    var old = document.getElementById("builder-board");
    var holder = document.createElement("div");
    holder.innerHTML = board;
    old.replaceWith(holder.firstElementChild);
    if (problems) {
      problems.hidden = !count;
      problems.querySelector("span").textContent = label;
    }
    enhance();
  }

  function focusCard(id) {
    var card = document.getElementById(id);
    if (!card) { return; }
    var target = card.querySelector(".grip:not([hidden])") || card.querySelector("a");
    if (target) { target.focus(); }
    card.scrollIntoView({ block: "nearest" });
  }

  // ---- Pointer: drag a card onto a room track or the unscheduled column.
  root.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("article.slot");
    if (!card) { return; }
    event.dataTransfer.setData("text/plain", card.id);
    event.dataTransfer.effectAllowed = "move";
    grabOffset = event.clientY - card.getBoundingClientRect().top;
  });

  function dropZone(event) {
    return event.target.closest && event.target.closest(".grid-track, [data-drop='unscheduled']");
  }

  root.addEventListener("dragover", function (event) {
    var zone = dropZone(event);
    if (!zone) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    root.querySelectorAll(".drop-target").forEach(function (el) {
      if (el !== zone) { el.classList.remove("drop-target"); }
    });
    zone.classList.add("drop-target");
  });

  root.addEventListener("dragend", function () {
    root.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
  });

  root.addEventListener("drop", function (event) {
    var zone = dropZone(event);
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("drop-target");
    var card = document.getElementById(event.dataTransfer.getData("text/plain"));
    if (!card || !card.querySelector("form.move-form")) { return; }
    if (zone.dataset.drop === "unscheduled") {
      var room = card.querySelector("select[name=room_id]").value;
      save(card, { day: "", start: "", end: "", room: room });
      return;
    }
    var length = duration(card);
    var offset = event.clientY - grabOffset - zone.getBoundingClientRect().top;
    var minutes = parseInt(zone.dataset.firstHour, 10) * 60 +
      Math.round(offset / UNIT_PX) * UNIT_MIN;
    minutes = Math.max(0, Math.min(minutes, 24 * 60 - length));
    save(card, slotAt(zone, minutes, length));
  });

  function slotAt(track, minutes, length) {
    return {
      day: track.dataset.day,
      start: clock(minutes),
      end: clock(minutes + length),
      room: track.dataset.room || ""
    };
  }

  // ---- Keyboard: Space picks the card up, arrows move it, Space or Enter drops it.
  function place(card, track, minutes) {
    var first = parseInt(track.dataset.firstHour, 10) * 60;
    var units = Math.round((minutes - first) / UNIT_MIN);
    card.className = card.className.replace(/\bt-\d+\b/, "").replace(/\bln-\d+-\d+\b/, "").trim() +
      " t-" + Math.max(units, 0) + " ln-0-1";
    if (card.parentNode !== track) { track.appendChild(card); }
    var length = duration(card);
    say(clock(minutes) + "–" + clock(minutes + length) + ", " + track.dataset.roomName +
      " (" + track.closest(".builder-day").querySelector("h2").textContent + ")");
  }

  function pickUp(card) {
    var track = card.closest(".grid-track");
    var home = card.parentNode;
    var minutes;
    if (track) {
      minutes = minutesOf(card.dataset.start);
    } else { // an unscheduled card starts at the top of the first track shown
      track = tracks()[0];
      if (!track) { return false; }
      minutes = parseInt(track.dataset.firstHour, 10) * 60;
    }
    held = {
      card: card,
      home: home,
      next: card.nextSibling,
      classes: card.className,
      track: track,
      minutes: minutes
    };
    if (!/\bh-\d+\b/.test(card.className)) { card.classList.add("h-12"); }
    place(card, track, minutes);
    card.classList.add("grabbed");
    say(root.dataset.tPicked + " " + status.textContent);
    return true;
  }

  function putBack(refocus) {
    var card = held.card;
    held.home.insertBefore(card, held.next);
    card.className = held.classes;
    held = null;
    say(root.dataset.tCancel);
    if (refocus) { focusCard(card.id); }
  }

  function nudge(key) {
    var all = tracks();
    var length = duration(held.card);
    if (key === "ArrowUp" || key === "ArrowDown") {
      var first = parseInt(held.track.dataset.firstHour, 10) * 60;
      var last = first + parseInt(held.track.dataset.hours, 10) * 60;
      var step = key === "ArrowUp" ? -KEY_STEP : KEY_STEP;
      held.minutes = Math.max(first, Math.min(held.minutes + step, last - length));
    } else {
      // Rooms and days flow with the page's direction: in Arabic the first room is on the right,
      // so the arrow that points back toward it is ArrowRight.
      var back = getComputedStyle(root).direction === "rtl" ? "ArrowRight" : "ArrowLeft";
      var index = all.indexOf(held.track) + (key === back ? -1 : 1);
      if (index < 0 || index >= all.length) { return; }
      held.track = all[index];
    }
    place(held.card, held.track, held.minutes);
    focusCard(held.card.id);
  }

  root.addEventListener("keydown", function (event) {
    var grip = event.target.closest && event.target.closest(".grip");
    if (!grip) { return; }
    var card = grip.closest("article.slot");
    var key = event.key;
    if (held && held.card !== card) { return; }
    if (!held) {
      if (key === " " || key === "Enter") {
        event.preventDefault();
        if (pickUp(card)) { focusCard(card.id); }
      }
      return;
    }
    if (key === "ArrowUp" || key === "ArrowDown" || key === "ArrowLeft" || key === "ArrowRight") {
      event.preventDefault();
      nudge(key);
    } else if (key === " " || key === "Enter") {
      event.preventDefault();
      var slot = slotAt(held.track, held.minutes, duration(card));
      held = null;
      save(card, slot);
    } else if (key === "Escape" || key === "Tab") {
      if (key === "Escape") { event.preventDefault(); }
      putBack(key === "Escape");
    }
  });

  // ---- The move forms themselves: saved in place too.
  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("move-form")) { return; }
    event.preventDefault();
    save(form.closest("article.slot"), null);
  });

  enhance();
})();
