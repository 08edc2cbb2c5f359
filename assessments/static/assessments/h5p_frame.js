/* Frame glue of the sandboxed H5P player (assessments.h5p.player; served from the content
 * origin as /h5p/player/lms/h5p_frame.js). No framework, no CDN, no inline script.
 *
 * This page runs in <iframe sandbox="allow-scripts"> (an opaque origin: no cookies, no storage,
 * no access to the lesson page). It talks to the lesson page (h5p_lesson.js) by postMessage
 * only, to the one origin in data-parent-origin:
 *   -> {type: "lms-h5p-ready"}                     when loaded
 *   <- {type: "lms-h5p-init", state: "<json>"|null} (from window.parent only): start H5P
 *   -> {type: "lms-h5p-xapi", statement}           each xAPI statement, with an id (UUID)
 *   -> {type: "lms-h5p-state", data: "<json>"}     the content's state, when it changed (read
 *                                                   after every statement and every 10 s)
 *   -> {type: "lms-h5p-height", height}            the content's height, when it changed
 *
 * H5P runs with h5p-standalone's "div" embed type, in this document: its "iframe" embed type
 * cannot work here, because the inner about:blank frame of a sandboxed document gets a new
 * opaque origin of its own and H5P core could not write into it. Events reach this window's
 * H5P.externalDispatcher; the content instance is H5P.instances[0].
 */
(function () {
  "use strict";
  var el = document.getElementById("lms-h5p");
  if (!el || !window.H5PStandalone || window.parent === window) return;
  var d = el.dataset;

  // An opaque origin has no Web Storage: reading window.localStorage throws a SecurityError,
  // and H5P core (its offline request queue, the clipboard, the anonymous actor id) reads it
  // unguarded while starting. Each storage becomes an in-memory one for this page's lifetime:
  // nothing is kept (the state goes to the parent, and the parent queues the statements).
  function memoryStorage() {
    var items = {};
    return {
      get length() { return Object.keys(items).length; },
      key: function (i) { var keys = Object.keys(items); return i < keys.length ? keys[i] : null; },
      getItem: function (k) { k = String(k); return Object.prototype.hasOwnProperty.call(items, k) ? items[k] : null; },
      setItem: function (k, v) { items[String(k)] = String(v); },
      removeItem: function (k) { delete items[String(k)]; },
      clear: function () { items = {}; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      if (window[name]) return;
    } catch (err) { /* sandboxed: replaced below */ }
    try {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    } catch (err) { /* left as it is: H5P will say it cannot start */ }
  });
  var parentOrigin = d.parentOrigin;
  var started = false;
  var lastState = null;
  var lastHeight = 0;

  function post(message) {
    window.parent.postMessage(message, parentOrigin);
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function instance() {
    var core = window.H5P;
    return core && core.instances && core.instances.length ? core.instances[0] : null;
  }

  function sendState() {
    var content = instance();
    if (!content || typeof content.getCurrentState !== "function") return;
    var state;
    try {
      state = content.getCurrentState();
    } catch (err) {
      return;
    }
    if (state === undefined || state === null) return;
    var json = JSON.stringify(state);
    if (json === lastState) return;
    lastState = json;
    post({ type: "lms-h5p-state", data: json });
  }

  function sendHeight() {
    var height = Math.ceil(el.getBoundingClientRect().height);
    if (height > 0 && height !== lastHeight) {
      lastHeight = height;
      post({ type: "lms-h5p-height", height: height });
    }
  }

  function failed(reason) {
    if (window.console) console.error("H5P tidak dapat dimuat:", reason);
    var message = document.querySelector("[data-lms-h5p-error]");
    if (message) message.hidden = false;
    el.hidden = true;
    lastHeight = 0;
    post({ type: "lms-h5p-height", height: Math.ceil(document.body.getBoundingClientRect().height) + 16 });
  }

  function start(state) {
    var options = {
      h5pJsonPath: d.h5pJsonPath,
      contentJsonPath: d.contentJsonPath,
      librariesPath: d.librariesPath,
      frameJs: d.frameJs,
      frameCss: d.frameCss,
      embedType: "div",
      frame: false,
      copyright: false,
      export: false,
      embed: false,
      icon: false,
      fullScreen: false,
      saveFreq: parseInt(d.saveFreq, 10) || 10,
      metadata: { title: d.title || "", license: "U", defaultLanguage: d.language || "id" },
      // Opaque origin: every request is cross-origin and goes without credentials.
      assetsRequestFetchOptions: { credentials: "omit" }
    };
    if (state) {
      // H5P core reads contentUserData[subContentId][dataType] (h5p.js, H5P.getUserData).
      options.contentUserData = [{ state: state }];
      lastState = state;
    }
    new window.H5PStandalone.H5P(el, options).then(function () {
      window.H5P.externalDispatcher.on("xAPI", function (event) {
        var statement = event && event.data && event.data.statement;
        if (!statement) return;
        statement = JSON.parse(JSON.stringify(statement));
        if (!statement.id) statement.id = uuid();
        post({ type: "lms-h5p-xapi", statement: statement });
        window.setTimeout(sendState, 0);
      });
      window.setInterval(sendState, 10000);
      if (window.ResizeObserver) new ResizeObserver(sendHeight).observe(el);
      window.setInterval(sendHeight, 1000);
      sendHeight();
    }, failed);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    var data = event.data;
    if (!data || data.type !== "lms-h5p-init" || started) return;
    started = true;
    var state = typeof data.state === "string" && data.state && data.state !== "null" ? data.state : null;
    start(state);
  });
  post({ type: "lms-h5p-ready" });
})();
