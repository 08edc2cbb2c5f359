// The verification page's file check: the SHA-256 of a chosen or dropped PDF, computed in the
// browser (Web Crypto), compared with the issued file's. Nothing is uploaded or stored.
(function () {
  "use strict";
  var zone = document.getElementById("pdf-drop");
  var input = document.getElementById("pdf-file");
  var result = document.getElementById("pdf-result");
  if (!zone || !input || !result) return;
  var expected = (zone.getAttribute("data-expected") || "").toLowerCase();

  function show(text, state, digest) {
    result.textContent = text;
    if (digest) {
      var code = document.createElement("code");
      code.className = "hash";
      code.textContent = digest;
      result.appendChild(document.createElement("br"));
      result.appendChild(document.createTextNode(result.getAttribute("data-computed") + " "));
      result.appendChild(code);
    }
    result.classList.remove("is-match", "is-mismatch");
    if (state) result.classList.add(state);
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function check(file) {
    if (!file) return;
    if (!window.crypto || !window.crypto.subtle || !file.arrayBuffer) {
      show(result.getAttribute("data-unsupported"));
      return;
    }
    file.arrayBuffer().then(function (data) {
      return window.crypto.subtle.digest("SHA-256", data);
    }).then(function (digest) {
      var actual = hex(digest);
      var match = expected && actual === expected;
      show(result.getAttribute(match ? "data-match" : "data-mismatch"),
        match ? "is-match" : "is-mismatch", actual);
    });
  }

  input.addEventListener("change", function () { check(input.files[0]); });
  zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("is-over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("is-over"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("is-over");
    if (event.dataTransfer && event.dataTransfer.files.length) check(event.dataTransfer.files[0]);
  });
})();
