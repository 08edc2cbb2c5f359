/* H5P activities in a lesson (templates/assessments/blocks/h5p_block.html). No framework, no
 * CDN, no inline script; included once per block, set up once per page.
 *
 * "Mulai latihan interaktif" inserts <iframe sandbox="allow-scripts"> (never
 * allow-same-origin: the player runs in an opaque origin, so it cannot read this page, its
 * cookies or its storage) pointing at the player on the content origin. The frame speaks by
 * postMessage (assessments/static/assessments/h5p_frame.js); a message is taken only when it
 * comes from this block's frame (event.source) with the expected origin ("null", opaque):
 *   lms-h5p-ready  -> answered with {type: "lms-h5p-init", state} (the saved state, or null)
 *   lms-h5p-xapi   -> POST <xapi-url> (JSON, X-CSRFToken), in order, one at a time; a network
 *                     or server failure keeps it queued and retries with the SAME statement id
 *                     (the server stores a statement once); 400/404 drop it
 *   lms-h5p-state  -> POST <state-url>, at most every 5 s (the newest one wins), also on leaving
 *   lms-h5p-height -> the frame's height
 * A response with lesson_completed shows "Pelajaran ini selesai" and marks the lesson done.
 */
(function () {
  "use strict";
  if (window.lmsH5pLesson || !window.fetch || !window.postMessage) return;
  window.lmsH5pLesson = true;

  var STATE_EVERY_MS = 5000;
  var RETRY_MIN_MS = 2000;
  var RETRY_MAX_MS = 60000;

  function csrfToken() {
    // From the page, never the cookie: in production the CSRF cookie is HttpOnly (__Host-).
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body, keepalive) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: body
    });
  }

  function formatNumber(value) {
    if (value === null || value === undefined) return "";
    try {
      return new Intl.NumberFormat(document.documentElement.lang || "id", { maximumFractionDigits: 2 }).format(value);
    } catch (err) {
      return String(Math.round(value * 100) / 100);
    }
  }

  function setup(section) {
    var d = section.dataset;
    var start = section.querySelector("[data-h5p-start]");
    var stage = section.querySelector("[data-h5p-stage]");
    var resultLine = section.querySelector("[data-h5p-result]");
    var doneLine = section.querySelector("[data-h5p-done]");
    var notice = section.querySelector("[data-h5p-notice]");
    var frame = null;
    var state = d.state || null; // the newest state known (saved or not), for a reloaded frame
    var queue = []; // xAPI statements waiting, oldest first: {id, body}
    var sending = false;
    var retryDelay = RETRY_MIN_MS;
    var retryTimer = null;
    var pendingState = null;
    var stateTimer = null;
    var stateSentAt = 0;
    var stateSending = false;

    function showNotice(text) {
      notice.textContent = text || "";
      notice.hidden = !text;
    }

    function showResult(result) {
      if (!result || result.scaled === null || result.scaled === undefined) return;
      resultLine.textContent = d.textResult
        .replace("{raw}", formatNumber(result.raw))
        .replace("{max}", formatNumber(result.max))
        .replace("{percent}", formatNumber(result.scaled * 100));
      resultLine.hidden = false;
    }

    function lessonCompleted() {
      doneLine.hidden = false;
      // The lesson's own status (courses' lesson page): the same words as after a reload.
      var actions = document.querySelector(".lesson-actions");
      if (actions && !actions.querySelector(".badge-ok")) {
        var badge = document.createElement("p");
        badge.className = "badge badge-ok";
        badge.textContent = d.textLessonDone;
        actions.insertBefore(badge, actions.firstChild);
      }
    }

    function retryLater(run) {
      if (retryTimer) return;
      showNotice(d.textOffline);
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        run();
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    }

    function flush() {
      if (sending || !queue.length) return;
      sending = true;
      var item = queue[0];
      post(d.xapiUrl, item.body).then(function (response) {
        sending = false;
        if (response.status >= 500 || response.status === 401 || response.status === 403 || response.status === 429) {
          // The server is away, or the session/token changed (a login in another tab): later.
          retryLater(flush);
          return;
        }
        queue.shift();
        retryDelay = RETRY_MIN_MS;
        if (notice.textContent === d.textOffline) showNotice("");
        if (response.status === 404) {
          showNotice(d.textNotSaved);
        } else if (response.ok) {
          response.json().then(function (data) {
            if (data && data.result) showResult(data.result);
            if (data && data.lesson_completed) lessonCompleted();
          }, function () {});
        }
        flush();
      }, function () {
        sending = false;
        retryLater(flush);
      });
    }

    function sendState(keepalive) {
      if (pendingState === null || stateSending) return;
      var data = pendingState;
      pendingState = null;
      stateSending = true;
      stateSentAt = Date.now();
      var body = JSON.stringify({ data_type: "state", sub_content_id: "0", data: data });
      post(d.stateUrl, body, keepalive).then(function (response) {
        stateSending = false;
        if (response.status >= 500 || response.status === 401 || response.status === 403 || response.status === 429) {
          if (pendingState === null) pendingState = data; // nothing newer: try this one again
          scheduleState(RETRY_MIN_MS * 5);
          return;
        }
        if (pendingState !== null) scheduleState();
      }, function () {
        stateSending = false;
        if (pendingState === null) pendingState = data;
        scheduleState(RETRY_MIN_MS * 5);
      });
    }

    function scheduleState(delay) {
      if (stateTimer) return;
      var wait = delay !== undefined ? delay : Math.max(0, STATE_EVERY_MS - (Date.now() - stateSentAt));
      stateTimer = window.setTimeout(function () {
        stateTimer = null;
        sendState(false);
      }, wait);
    }

    function onMessage(event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== d.expectedOrigin) return;
      var message = event.data;
      if (!message || typeof message !== "object" || typeof message.type !== "string") return;
      if (message.type === "lms-h5p-ready") {
        // The frame's origin is opaque: "*" is the only target that reaches it; the message
        // goes to event.source, this block's own frame, and holds only its own saved state.
        event.source.postMessage({ type: "lms-h5p-init", state: state }, "*");
      } else if (message.type === "lms-h5p-xapi") {
        var statement = message.statement;
        if (!statement || typeof statement !== "object" || typeof statement.id !== "string") return;
        if (queue.some(function (item) { return item.id === statement.id; })) return;
        queue.push({ id: statement.id, body: JSON.stringify(statement) });
        flush();
      } else if (message.type === "lms-h5p-state") {
        if (typeof message.data !== "string" || message.data === state) return;
        state = message.data;
        pendingState = message.data;
        scheduleState();
      } else if (message.type === "lms-h5p-height") {
        var height = Number(message.height);
        if (isFinite(height) && height > 0) frame.style.height = Math.min(Math.max(Math.ceil(height), 120), 6000) + "px";
      }
    }

    window.addEventListener("message", onMessage);
    window.addEventListener("online", function () {
      if (retryTimer) {
        window.clearTimeout(retryTimer);
        retryTimer = null;
      }
      flush();
    });
    window.addEventListener("pagehide", function () {
      if (stateTimer) {
        window.clearTimeout(stateTimer);
        stateTimer = null;
      }
      sendState(true);
    });

    start.hidden = false;
    start.addEventListener("click", function () {
      if (frame) return;
      frame = document.createElement("iframe");
      frame.setAttribute("sandbox", "allow-scripts");
      frame.setAttribute("referrerpolicy", "no-referrer");
      frame.setAttribute("allow", "fullscreen");
      frame.setAttribute("title", d.frameTitle);
      frame.className = "h5p-frame";
      frame.src = d.playerUrl;
      stage.appendChild(frame);
      start.parentNode.hidden = true;
      frame.focus();
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-h5p-block]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
