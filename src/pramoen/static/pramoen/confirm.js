// "Are you sure?" before a form that changes something hard to undo: a form with
// data-confirm="question" asks with the browser's own dialog (keyboard-accessible) and is
// sent only when the answer is OK. htmx requests use hx-confirm instead.
document.addEventListener("submit", function (event) {
  var form = event.target.closest ? event.target.closest("form[data-confirm]") : null;
  if (form && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
