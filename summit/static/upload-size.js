// An image over the upload limit is caught when chosen, beside its field: the file is
// cleared so the rest of the form can still be sent. Without JavaScript the server
// answers inline up to its request limit (413 page with a way back above it).
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var max = Number(input.dataset.maxBytes);
    var errorId = input.id + "-size-error";
    input.addEventListener("change", function () {
      var shown = document.getElementById(errorId);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== errorId;
      });
      var tooBig = Array.prototype.some.call(input.files || [], function (file) {
        return file.size > max;
      });
      if (!tooBig) {
        if (shown) { shown.remove(); input.removeAttribute("aria-invalid"); }
        input.setAttribute("aria-describedby", described.join(" "));
        return;
      }
      input.value = "";
      if (!shown) {
        shown = document.createElement("p");
        shown.className = "error";
        shown.id = errorId;
        shown.setAttribute("role", "alert");
        input.insertAdjacentElement("afterend", shown);
      }
      shown.textContent = input.dataset.tooLarge;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", described.concat([errorId]).join(" "));
    });
  });
})();
