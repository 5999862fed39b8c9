/* Portal behaviour that used to sit in inline attributes, kept in a file so the
   Content-Security-Policy can forbid inline script and style. */
(function () {
  "use strict";

  /* <div data-swap-statuses="409 422"> : htmx swaps those error answers inside it (they carry
     the form with its messages) instead of dropping them. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = String(event.detail.xhr.status);
    var owner = event.target.closest ? event.target.closest("[data-swap-statuses]") : null;
    if (owner && owner.getAttribute("data-swap-statuses").split(/\s+/).indexOf(status) !== -1) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  /* <div data-progress="70"> : a progress bar's width, set through the CSSOM (allowed by the
     policy) rather than a style attribute (refused). */
  function drawProgress(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-progress]") : [];
    for (var i = 0; i < bars.length; i++) {
      var percent = Math.max(0, Math.min(100, Number(bars[i].getAttribute("data-progress")) || 0));
      bars[i].style.width = percent + "%";
    }
  }
  document.addEventListener("DOMContentLoaded", function () { drawProgress(document); });
  document.addEventListener("htmx:load", function (event) { drawProgress(event.detail.elt.parentNode || document); });
})();
