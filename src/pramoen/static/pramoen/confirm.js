// Ask before a decision that is hard to take back (submit, approve, return, reopen, close a
// round): a submit button (or its form) with data-confirm="question" goes ahead only if the
// person answers yes. A native dialog is keyboard-accessible and read by screen readers; a
// static file because the CSP allows no inline script. Listening in the capture phase on
// the document runs this before htmx or the browser send anything.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = (button && button.getAttribute("data-confirm")) ||
    event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
