// The certificate template's live preview (certificates.admin_preview): posts the template
// form's current values to the preview URL and shows the PNG it answers, or its reasons.
// Refreshed 800 ms after the last change while the side panel is open, when the panel opens
// after changes, and at once with "Perbarui pratinjau". Nothing is saved.
(function () {
  "use strict";

  function init(root) {
    var form = document.getElementById(root.getAttribute("data-form"));
    if (!form) return;
    var url = root.getAttribute("data-url");
    var delay = parseInt(root.getAttribute("data-delay"), 10) || 800;
    var image = root.querySelector("[data-lms-cert-preview-image]");
    var status = root.querySelector("[data-lms-cert-preview-status]");
    var errors = root.querySelector("[data-lms-cert-preview-errors]");
    var button = root.querySelector("[data-lms-cert-preview-refresh]");
    var sidePanel = root.closest("[data-side-panel]");
    var timer = null;
    var dirty = true;
    var sequence = 0;
    var controller = null;
    var objectUrl = null;

    function visible() {
      return !sidePanel || !sidePanel.hidden;
    }

    function showErrors(title, list) {
      errors.textContent = "";
      if (title) {
        var heading = document.createElement("p");
        heading.textContent = title;
        errors.appendChild(heading);
      }
      if (list.length) {
        var items = document.createElement("ul");
        list.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          items.appendChild(item);
        });
        errors.appendChild(items);
      }
      errors.hidden = !title && list.length === 0;
    }

    function refresh() {
      window.clearTimeout(timer);
      timer = null;
      dirty = false;
      var mine = ++sequence;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
      root.classList.add("is-loading");
      status.textContent = root.getAttribute("data-loading-text");
      fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: {
          "X-Requested-With": "XMLHttpRequest",
          "X-CSRFToken": csrf ? csrf.value : "",
        },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (response.ok && type.indexOf("image/png") === 0) {
            return response.blob().then(function (blob) {
              return { blob: blob };
            });
          }
          if (type.indexOf("application/json") === 0) {
            return response.json().then(function (data) {
              return { title: data.message, errors: data.errors || [] };
            });
          }
          return { title: root.getAttribute("data-failed-text") + " (" + response.status + ")", errors: [] };
        })
        .then(function (result) {
          if (mine !== sequence) return;
          root.classList.remove("is-loading");
          status.textContent = "";
          if (result.blob) {
            if (objectUrl) URL.revokeObjectURL(objectUrl);
            objectUrl = URL.createObjectURL(result.blob);
            image.src = objectUrl;
            image.hidden = false;
            showErrors("", []);
            root.setAttribute("data-state", "ready");
            root.setAttribute("data-version", String(mine));
          } else {
            image.hidden = true;
            showErrors(result.title, result.errors);
            root.setAttribute("data-state", "invalid");
          }
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          if (mine !== sequence) return;
          root.classList.remove("is-loading");
          status.textContent = "";
          showErrors(root.getAttribute("data-failed-text"), []);
          root.setAttribute("data-state", "failed");
        });
    }

    function changed(event) {
      if (event && root.contains(event.target)) return;
      dirty = true;
      if (!visible()) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, delay);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    button.addEventListener("click", refresh);
    if (sidePanel) {
      sidePanel.addEventListener("show", function () {
        if (dirty) refresh();
      });
    }
    if (visible()) refresh();
  }

  function start() {
    document.querySelectorAll("[data-lms-cert-preview]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
