/* Autosave status for the journey's writing forms (htmx does the saving; without JavaScript the save button works).
   The page always says whether the text is saved. After a lost connection, the text is saved again when the
   browser is back online. A 409 (another tab saved newer text) or 422 (invalid) answer is shown, never hidden. */
(function () {
  "use strict";

  function formOf(element) {
    return element && element.closest ? element.closest("form[data-autosave]") : null;
  }

  function say(form, state, key) {
    var status = form.querySelector(".save-state");
    if (!status) return;
    status.textContent = form.dataset["msg" + key];
    status.dataset.state = state;
    status.className = "save-state save-state-" + state;
  }

  document.addEventListener("input", function (event) {
    var form = formOf(event.target);
    if (!form) return;
    form.dataset.revision = String(Number(form.dataset.revision || 0) + 1);
    form.dataset.dirty = "1";
    if (form.dataset.conflict !== "1") say(form, "typing", "Typing");
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) return;
    form.dataset.sent = form.dataset.revision || "0";
    if (form.dataset.conflict !== "1") say(form, "saving", "Saving");
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var code = event.detail.xhr.status;
    if (code === 409 || code === 422 || code === 403) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) return;
    var code = event.detail.xhr.status;
    form.dataset.conflict = code === 409 ? "1" : "0";
    if (code === 200) {
      if (form.dataset.sent === (form.dataset.revision || "0")) {
        form.dataset.dirty = "0";
      } else {
        say(form, "typing", "Typing");
      }
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) return;
    form.dataset.dirty = "1";
    say(form, "offline", "Offline");
  });

  document.addEventListener("htmx:responseError", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) return;
    form.dataset.dirty = "1";
    say(form, "error", "Error");
  });

  window.addEventListener("offline", function () {
    document.querySelectorAll("form[data-autosave][data-dirty='1']").forEach(function (form) {
      say(form, "offline", "Offline");
    });
  });

  window.addEventListener("online", function () {
    document.querySelectorAll("form[data-autosave][data-dirty='1']").forEach(function (form) {
      if (form.dataset.conflict !== "1" && window.htmx) window.htmx.trigger(form, "autosave-retry");
    });
  });
})();
