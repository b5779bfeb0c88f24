// Destructive buttons (forms marked data-asks) open a dialog that says what will happen,
// with the server's own words; confirming posts the form with confirmed=yes. Without
// JavaScript the server shows the same question as a page.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !window.HTMLDialogElement) { return; }
  var texts = document.currentScript ? document.currentScript.dataset : {};
  var dialog = null, pending = null, opener = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-what");
    dialog.innerHTML = '<h2 id="confirm-dialog-title"></h2><div id="confirm-dialog-what">' +
      '<ul class="consequences"></ul><p class="irreversible"><strong></strong></p></div>' +
      '<form method="dialog" class="row"><button value="yes" class="danger"></button>' +
      '<button value="no" class="cancel"></button></form>';
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var form = pending;
      pending = null;
      if (dialog.returnValue === "yes" && form) {
        var answer = document.createElement("input");
        answer.type = "hidden";
        answer.name = "confirmed";
        answer.value = "yes";
        form.appendChild(answer);
        form.submit();
      } else if (opener) {
        opener.focus();
      }
    });
  }

  function show(form, ask) {
    if (!dialog) { build(); }
    dialog.querySelector("h2").textContent = ask.title;
    var list = dialog.querySelector("ul");
    list.replaceChildren();
    ask.consequences.forEach(function (c) {
      var item = document.createElement("li");
      if (c.url) {
        var link = document.createElement("a");
        link.href = c.url;
        link.textContent = c.text;
        item.appendChild(link);
      } else {
        item.textContent = c.text;
      }
      list.appendChild(item);
    });
    list.hidden = !ask.consequences.length;
    var never = dialog.querySelector(".irreversible");
    never.hidden = !ask.irreversible;
    never.querySelector("strong").textContent = texts.tIrreversible || "";
    dialog.querySelector("button.danger").textContent = ask.button;
    dialog.querySelector("button.cancel").textContent = texts.tKeep || "Cancel";
    dialog.returnValue = "";
    pending = form;
    dialog.showModal();
    dialog.querySelector("button.cancel").focus(); // the safe choice has the focus
  }

  // form.submit() leaves out the pressed button: carry its name and value along.
  function carry(form, button) {
    if (!button || !button.name) { return; }
    var field = document.createElement("input");
    field.type = "hidden";
    field.className = "carried";
    field.name = button.name;
    field.value = button.value;
    form.appendChild(field);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-asks")) { return; }
    if (form.querySelector("input[name=confirmed]")) { return; }
    event.preventDefault();
    form.querySelectorAll("input.carried").forEach(function (old) { old.remove(); });
    opener = event.submitter || document.activeElement;
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    carry(form, event.submitter);
    // getAttribute: a field named "action" would hide the form's action property.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Summit-Ask": "1" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (reply) {
      if (reply.ask) { show(form, reply.ask); } else { form.submit(); }
    }).catch(function () {
      form.submit(); // the server answers with its confirmation page
    });
  });
})();
