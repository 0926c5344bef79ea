// The proposal editor: live word counts, autosave through htmx, and a copy of every keystroke on
// this device until the server has it, so a lost connection or a closed tab never loses text.
// Words are counted by SiNovik.countWords (static/js/competitions.js), the same rule as the server.
(function () {
  "use strict";

  var editor = document.getElementById("editor");
  if (!editor) {
    return;
  }
  var proposal = editor.dataset.proposal;

  function storageKey(section) {
    return "sinovik:proposal:" + proposal + ":section:" + section;
  }

  function readLocal(section) {
    try {
      var raw = window.localStorage.getItem(storageKey(section));
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  function writeLocal(section, text, version) {
    try {
      window.localStorage.setItem(storageKey(section), JSON.stringify({ text: text, version: version }));
    } catch (error) {
      // Storage full or disabled: the server copy is all we have.
    }
  }

  function clearLocal(section) {
    try {
      window.localStorage.removeItem(storageKey(section));
    } catch (error) {
      // Nothing to do.
    }
  }

  function formOf(textarea) {
    return textarea.closest("form");
  }

  function versionInput(form) {
    return form.querySelector("input[name=version]");
  }

  function stateOf(form) {
    return form.querySelector(".section-state");
  }

  function updateCounter(textarea) {
    var counter = document.getElementById("counter-" + textarea.dataset.section);
    var limit = parseInt(textarea.dataset.limit, 10);
    var words = window.SiNovik && window.SiNovik.countWords ? window.SiNovik.countWords(textarea.value) : 0;
    counter.textContent = counter.textContent.replace(/^\s*\d+/, String(words));
    counter.classList.toggle("text-danger", words > limit);
    counter.classList.toggle("fw-semibold", words > limit);
  }

  function showState(form, text, css) {
    var state = stateOf(form);
    var message = state.querySelector(".state-message");
    if (!message) {
      message = document.createElement("span");
      message.className = "state-message";
      state.appendChild(message);
    }
    message.className = "state-message " + (css || "");
    message.textContent = text;
  }

  var textareas = editor.querySelectorAll("textarea.section-text");

  textareas.forEach(function (textarea) {
    var form = formOf(textarea);
    var section = textarea.dataset.section;
    var serverVersion = versionInput(form).value;
    var local = readLocal(section);

    // Text typed on this device that never reached the server comes back after a reload.
    if (local && local.text !== textarea.value && !textarea.readOnly) {
      if (String(local.version) === String(serverVersion)) {
        textarea.value = local.text;
        showState(form, editor.dataset.textRestored, "text-warning");
        window.setTimeout(function () {
          window.htmx.trigger(form, "save");
        }, 500);
      } else {
        // Someone saved since: never overwrite their text; show ours beside it for merging.
        var box = document.createElement("div");
        box.className = "alert alert-warning small mt-2";
        var note = document.createElement("p");
        note.textContent = editor.dataset.textUnsavedOther;
        var copy = document.createElement("textarea");
        copy.className = "form-control form-control-sm";
        copy.readOnly = true;
        copy.rows = 4;
        copy.value = local.text;
        box.appendChild(note);
        box.appendChild(copy);
        textarea.insertAdjacentElement("afterend", box);
        clearLocal(section);
      }
    }
    updateCounter(textarea);

    textarea.addEventListener("input", function () {
      updateCounter(textarea);
      writeLocal(section, textarea.value, versionInput(form).value);
    });
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.classList && form.classList.contains("section-form")) {
      showState(form, editor.dataset.textSaving, "text-body-secondary");
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.classList || !form.classList.contains("section-form")) {
      return;
    }
    var textarea = form.querySelector("textarea.section-text");
    if (event.detail.successful && event.detail.xhr.status === 200) {
      // Keep the local copy if the writer typed on while the save was under way.
      if (textarea.value === event.detail.requestConfig.parameters.text) {
        clearLocal(textarea.dataset.section);
      } else {
        writeLocal(textarea.dataset.section, textarea.value, versionInput(form).value);
      }
    } else if (event.detail.xhr.status === 0 || event.detail.failed) {
      showState(form, editor.dataset.textFailed, "text-danger fw-semibold");
    }
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (form.classList && form.classList.contains("section-form")) {
      showState(form, editor.dataset.textFailed, "text-danger fw-semibold");
    }
  });

  // Conflict buttons (the 409 answer of a stale save): choose which text wins, explicitly.
  editor.addEventListener("click", function (event) {
    var button = event.target;
    var form = button.closest ? button.closest("form.section-form") : null;
    if (!form) {
      return;
    }
    var state = stateOf(form);
    var textarea = form.querySelector("textarea.section-text");
    if (button.classList.contains("conflict-keep-mine")) {
      versionInput(form).value = state.dataset.serverVersion;
      window.htmx.trigger(form, "save");
    } else if (button.classList.contains("conflict-take-theirs")) {
      textarea.value = state.querySelector(".conflict-theirs").value;
      versionInput(form).value = state.dataset.serverVersion;
      clearLocal(textarea.dataset.section);
      updateCounter(textarea);
      state.querySelector(".conflict-box").remove();
    }
  });

  // One submission, however often the button is clicked.
  document.querySelectorAll("form.submit-once").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    });
  });
})();
