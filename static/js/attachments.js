// The attachments panel of a proposal: upload progress through htmx:xhr:progress, refused uploads
// (422, with the reason next to the form) swapped in like successes, and a message when an upload
// never reached the server. Without JavaScript the forms post normally and the page reloads.
(function () {
  "use strict";

  // The panel's page may load this file twice (the editor and the panel both reference it).
  if (window.SiNovikAttachments) {
    return;
  }
  window.SiNovikAttachments = true;

  function panel() {
    return document.getElementById("attachment-panel");
  }

  function progressOf(element) {
    if (!element || !element.closest || !element.closest("#attachment-panel")) {
      return null;
    }
    var form = element.closest("form");
    return form ? form.querySelector(".attachment-progress") : null;
  }

  function showFailure() {
    var root = panel();
    if (!root) {
      return;
    }
    var status = root.querySelector(".attachment-panel-status");
    var alert = document.createElement("div");
    alert.className = "alert alert-danger py-2 mb-3";
    alert.textContent = root.dataset.textFailed;
    status.replaceChildren(alert);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var progress = progressOf(event.target);
    if (progress) {
      progress.value = 0;
      progress.hidden = false;
    }
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var progress = progressOf(event.target);
    // Upload and download both report progress; the bar only moves forward.
    if (progress && event.detail.lengthComputable && event.detail.total > 0) {
      var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
      if (percent > progress.value) {
        progress.value = percent;
        progress.textContent = percent + "%";
      }
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var progress = progressOf(event.target);
    if (progress) {
      progress.hidden = true;
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422 && event.detail.target && event.detail.target.id === "attachment-panel") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    if (progressOf(event.target) !== null || (event.target.closest && event.target.closest("#attachment-panel"))) {
      showFailure();
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status !== 422 && event.target.closest && event.target.closest("#attachment-panel")) {
      showFailure();
    }
  });
})();
