// Screening queue: select all rows, count the selection, show the reason only for a fail.
(function () {
  "use strict";

  function initBulk(form) {
    var all = form.querySelector("#select-all");
    var rows = form.querySelectorAll(".row-select");
    var count = form.querySelector("#selected-count");
    var outcome = form.querySelector("#bulk-outcome");
    var bar = form.querySelector(".bulk-bar");

    function update() {
      var selected = form.querySelectorAll(".row-select:checked").length;
      if (count) { count.textContent = String(selected); }
      if (all) {
        all.checked = selected > 0 && selected === rows.length;
        all.indeterminate = selected > 0 && selected < rows.length;
      }
    }
    function toggleReason() {
      if (!outcome || !bar) { return; }
      var fail = outcome.value === "fail";
      bar.classList.toggle("is-pass", !fail);
      var reason = form.querySelector("#bulk-reason");
      if (reason) { reason.required = fail; }
    }
    if (all) {
      all.addEventListener("change", function () {
        rows.forEach(function (row) { row.checked = all.checked; });
        update();
      });
    }
    rows.forEach(function (row) { row.addEventListener("change", update); });
    if (outcome) { outcome.addEventListener("change", toggleReason); }
    update();
    toggleReason();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("bulk-form");
    if (form) { initBulk(form); }
  });
})();
