// Jury pages: the scoring page's autosave feedback (htmx posts each criterion as the juror types)
// and the ranking page's "select all". Kept in a file, never inline, so a strict CSP can apply.
(function () {
  "use strict";

  var scoring = document.getElementById("scoring");
  if (scoring) {
    var pending = 0;

    function stateOf(form) {
      return form.querySelector(".criterion-state");
    }

    function show(form, text, css) {
      var state = stateOf(form);
      if (!state) {
        return;
      }
      state.textContent = "";
      var span = document.createElement("span");
      span.className = css;
      span.textContent = text;
      state.appendChild(span);
    }

    function isScoringForm(element) {
      return element && element.classList &&
        (element.classList.contains("criterion-form") || element.classList.contains("comment-form"));
    }

    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (isScoringForm(event.detail.elt)) {
        pending += 1;
        show(event.detail.elt, scoring.dataset.saving, "text-body-secondary");
      }
    });

    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (!isScoringForm(event.detail.elt)) {
        return;
      }
      pending = Math.max(0, pending - 1);
      if (event.detail.xhr.status === 0) {
        show(event.detail.elt, scoring.dataset.failed, "text-danger fw-semibold");
      }
    });

    // The server answers a refused save (off the scale: 422; round closed: 403) with the
    // criterion's state line, which must replace the "Saving…" text like a success does.
    // Here `elt` is the swap target (the state line), so look for its form.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var status = event.detail.xhr.status;
      var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
      if (isScoringForm(form) && (status === 422 || status === 403)) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });

    document.body.addEventListener("htmx:sendError", function (event) {
      if (isScoringForm(event.detail.elt)) {
        pending = Math.max(0, pending - 1);
        show(event.detail.elt, scoring.dataset.failed, "text-danger fw-semibold");
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (pending > 0) {
        event.preventDefault();
        event.returnValue = scoring.dataset.unsaved;
      }
    });
  }

  var selectAll = document.getElementById("select-all");
  if (selectAll) {
    var boxes = document.querySelectorAll(".row-select");
    var counter = document.getElementById("selected-count");
    var refresh = function () {
      var chosen = 0;
      boxes.forEach(function (box) {
        if (box.checked) {
          chosen += 1;
        }
      });
      if (counter) {
        counter.textContent = String(chosen);
      }
    };
    selectAll.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = selectAll.checked;
      });
      refresh();
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", refresh);
    });
    refresh();
  }
})();
