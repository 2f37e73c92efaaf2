// Unsaved entries on the result cards warn before the page is left.
// A card's entry form is "unsaved" when the server says so (data-unsaved, e.g. a card that
// came back from attaching evidence with what was typed) or once the user types in it. A
// successful save replaces the card with a fresh form without the mark, so nothing has to
// be cleared by hand; a plain (non-htmx) submit of the form itself is not a loss either.
(function () {
  "use strict";
  var leaving = false;

  function entryForm(el) {
    return el && el.closest ? el.closest("form[data-entry]") : null;
  }

  function mark(event) {
    var form = entryForm(event.target);
    if (form) form.setAttribute("data-unsaved", "true");
  }

  document.addEventListener("input", mark, true);
  document.addEventListener("change", mark, true);

  document.addEventListener("submit", function (event) {
    // Only a real navigation (no htmx) leaves the page: the form being sent is not lost.
    var form = entryForm(event.target);
    if (form && !window.htmx) form.removeAttribute("data-unsaved");
  }, true);

  document.addEventListener("click", function (event) {
    // "use the latest version": the user chose to drop what they typed on that card
    var link = event.target.closest ? event.target.closest("a[data-discard]") : null;
    if (!link) return;
    var card = link.closest(".card");
    var form = card ? card.querySelector("form[data-entry]") : null;
    if (form) form.removeAttribute("data-unsaved");
    leaving = true;
  });

  window.addEventListener("beforeunload", function (event) {
    var dirty = document.querySelector("form[data-entry][data-unsaved='true']");
    if (!dirty || leaving) {
      leaving = false;
      return undefined;
    }
    event.preventDefault();
    event.returnValue = ""; // older Chromium needs a value to show its dialog
    return "";
  });
})();
