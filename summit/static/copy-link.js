// "Copy the link" next to a speaker's private link; without JavaScript the link is
// shown in a read-only field to select and copy by hand.
(function () {
  "use strict";
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    var source = button.parentNode.querySelector(".copy-source");
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        button.textContent = button.dataset.copied;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, function () { source.select(); });
    });
  });
})();
