// The queue's "select all" (the only script the queue needs; CSP allows our own files only).
// Without it every row's checkbox still works; the box is shown only when this runs.
(function () {
  "use strict";
  function boxes(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=selected]"));
  }
  function sync(form) {
    var all = form.querySelector("[data-select-all]");
    if (!all) return;
    all.closest("label").hidden = false;
    var list = boxes(form);
    var ticked = list.filter(function (b) { return b.checked; }).length;
    all.checked = list.length > 0 && ticked === list.length;
    all.indeterminate = ticked > 0 && ticked < list.length;
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("#queue-form");
    if (!form) return;
    if (event.target.matches("[data-select-all]")) {
      boxes(form).forEach(function (b) { b.checked = event.target.checked; });
    }
    sync(form);
  });
  function init() {
    var form = document.getElementById("queue-form");
    if (form) sync(form);
  }
  document.addEventListener("DOMContentLoaded", init);
  // htmx swaps the form (a batch) or a row: show and update the box again.
  document.addEventListener("htmx:afterSettle", init);
})();
