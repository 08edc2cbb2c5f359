// Polls a prepared download's status (lms.core.downloads) and reloads the page when it ends.
(function () {
  "use strict";
  var root = document.querySelector("[data-download-status]");
  if (!root || root.getAttribute("data-pending") !== "1") {
    return;
  }
  var url = root.getAttribute("data-download-status");
  var bar = root.querySelector("progress");
  var percent = root.querySelector("[data-download-percent]");
  var message = root.querySelector("[data-download-message]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        percent.textContent = data.percent + "%";
        message.textContent = data.message;
        if (data.pending) {
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
