/* Quiz page enhancement: autosave, offline queue, countdown. No framework, no CDN.
 *
 * The form works without this file (it posts every answer and finishes the attempt). With it:
 * - changes are saved with PUT <save-url> {sequence, answers} and an Idempotency-Key per save,
 *   debounced on change and checked every 10 s;
 * - a save that fails (offline, server error) stays queued in memory and localStorage and is
 *   retried with the SAME key, so it is applied at most once; later changes wait behind it;
 * - 409 stale: the page is reloaded with the newest saved answers; 409 finished/expired: the
 *   result page is shown; the "koneksi terputus" banner (role=alert) shows while offline;
 * - 401/403 (the session ended, or a login in another tab rotated the CSRF token): a fresh
 *   token is fetched from <token-url> and the same save retried, without a reload; with no
 *   session the banner says so (with a link to log in in a new tab) and the token is asked
 *   for again every few seconds and when the tab comes back, then the queue (and a submit
 *   that was asked for) goes through;
 * - "Terjawab X dari N" follows the answers; submitting with unanswered questions asks first
 *   (a modal <dialog>, "Kembali ke soal" focused);
 * - "Jawaban tersimpan pukul 10.42 WIB": the server's time of the save (its Date header) in
 *   the server's zone, as on the result page, never the device's clock;
 * - a countdown from the server's deadline (offset from the server's clock) submits at the end;
 * - submitting first flushes the queue, renews the token, then posts the form natively.
 */
(function () {
  "use strict";
  const form = document.getElementById("quiz-form");
  if (!form || !window.fetch || !window.JSON) return;
  const d = form.dataset;
  const storeKey = "lms-quiz-" + d.attempt;
  const seqInput = form.elements.sequence;
  const tokenInput = form.elements.csrfmiddlewaretoken;
  let csrf = tokenInput.value;
  const banner = document.querySelector("[data-quiz-banner]");
  const statusLine = document.querySelector("[data-quiz-status]");
  const announcer = document.querySelector("[data-quiz-announce]");
  const submitButton = form.querySelector("[data-quiz-submit]");
  const answeredEl = document.querySelector("[data-quiz-answered]");
  const dialog = document.getElementById("quiz-confirm");
  const clockOffset = parseInt(d.now, 10) - Date.now(); // server clock minus device clock
  const pageSeq = parseInt(seqInput.value, 10);
  const state = { seq: pageSeq, inflight: null, pending: {} };
  const known = {}; // position -> JSON of the value last saved or queued
  let current = null; // the running flush, if any
  let retryTimer = null;
  let debounceTimer = null;
  let leaving = false;
  let wantSubmit = false;
  let offlineShown = false;
  let bannerSticky = false; // an invalid answer or an ended session: not hidden by a later save
  let sessionLost = false; // no session: waiting for a login in another tab
  let loginTimer = null;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16)); // also on plain-http intranets
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  const fieldsets = () => form.querySelectorAll("fieldset[data-position]");
  const hasPending = () => Object.keys(state.pending).length > 0;

  function read(fs) {
    const type = fs.dataset.type;
    const prefix = "q" + fs.dataset.position + "-";
    if (type === "multiple") {
      const ticked = Array.from(fs.querySelectorAll("input:checked"), (i) => i.value);
      return ticked.length ? ticked : null;
    }
    if (type === "matching") {
      const out = {};
      let any = false;
      fs.querySelectorAll("select").forEach((s) => {
        if (s.value) { out[s.name.slice(prefix.length)] = s.value; any = true; }
      });
      return any ? out : null;
    }
    if (type === "short" || type === "numeric") {
      const value = fs.querySelector("input[type=text]").value;
      return value.trim() ? value : null;
    }
    const radio = fs.querySelector("input:checked");
    return radio ? radio.value : null;
  }

  function write(fs, value) {
    const type = fs.dataset.type;
    const prefix = "q" + fs.dataset.position + "-";
    if (type === "matching") {
      fs.querySelectorAll("select").forEach((s) => {
        s.value = (value && value[s.name.slice(prefix.length)]) || "";
      });
    } else if (type === "short" || type === "numeric") {
      fs.querySelector("input[type=text]").value = value == null ? "" : value;
    } else {
      const values = Array.isArray(value) ? value : [value];
      fs.querySelectorAll("input").forEach((i) => { i.checked = values.indexOf(i.value) !== -1; });
    }
  }

  function persist() {
    try {
      if (!state.inflight && !hasPending()) localStorage.removeItem(storeKey);
      else localStorage.setItem(storeKey, JSON.stringify(state));
    } catch (e) { /* private mode or full storage: the in-memory queue still works */ }
  }

  function clearStore() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
  }

  function collectOne(fs) {
    const pos = fs.dataset.position;
    const value = read(fs);
    const json = JSON.stringify(value);
    if (known[pos] === json) return false;
    known[pos] = json;
    state.pending[pos] = value;
    return true;
  }

  function collect() {
    let changed = false;
    fieldsets().forEach((fs) => { changed = collectOne(fs) || changed; });
    if (changed) persist();
    return changed;
  }

  function say(text) {
    announcer.textContent = "";
    setTimeout(() => { announcer.textContent = text; }, 60);
  }

  function showBanner(text, sticky, link) {
    const shown = link ? text + " " + link.text : text;
    if (banner.textContent !== shown) {
      banner.textContent = text;
      if (link) {
        const a = document.createElement("a");
        a.href = link.href;
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = link.text;
        banner.append(" ", a);
      }
    }
    banner.hidden = false;
    bannerSticky = Boolean(sticky);
  }

  function connectionBack() {
    if (offlineShown) say(d.msgBack);
    offlineShown = false;
    if (!banner.hidden && !bannerSticky && !leaving) hideBanner();
  }

  function hideBanner() {
    banner.hidden = true;
    banner.textContent = "";
    bannerSticky = false;
  }

  // "10.42 WIB": a server timestamp (ms) in the server's zone, whatever the device's zone.
  function serverClock(ms) {
    const t = new Date(ms + (parseInt(d.tzOffset, 10) || 0) * 60000);
    const pad = (n) => String(n).padStart(2, "0");
    return pad(t.getUTCHours()) + "." + pad(t.getUTCMinutes()) + (d.tzName ? " " + d.tzName : "");
  }

  function setToken(token) {
    csrf = token;
    tokenInput.value = token; // the native submit carries it too
  }

  // The session's current CSRF token: "ok" (stored), "anonymous" (no session), "offline" or
  // "error".
  async function renewToken() {
    let response;
    try {
      response = await fetch(d.tokenUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
    } catch (e) {
      return "offline";
    }
    if (response.status === 401 || response.status === 403) return "anonymous";
    const data = await response.json().catch(() => ({}));
    if (!response.ok || typeof data.csrf_token !== "string") return "error";
    setToken(data.csrf_token);
    return "ok";
  }

  function loginLink() {
    return { href: d.loginUrl, text: d.msgLogin };
  }

  // No session: say so, and look for a login made in another tab.
  function sessionEnded() {
    sessionLost = true;
    showBanner(wantSubmit ? d.msgSessionSubmit : d.msgSession, true, loginLink());
    if (!loginTimer) loginTimer = setInterval(checkLogin, 5000);
  }

  let checking = false;
  async function checkLogin() {
    if (!sessionLost || checking || leaving) return;
    checking = true;
    const result = await renewToken();
    checking = false;
    if (result !== "ok" || !sessionLost) return;
    sessionLost = false;
    clearInterval(loginTimer);
    loginTimer = null;
    hideBanner();
    say(d.msgSessionBack);
    flushThenMaybeSubmit();
  }

  function showOffline() {
    offlineShown = true;
    showBanner(d.msgOffline);
  }

  function scheduleRetry() {
    if (!retryTimer) retryTimer = setTimeout(() => { retryTimer = null; flushThenMaybeSubmit(); }, 5000);
  }

  function flushThenMaybeSubmit() {
    return flush().then((result) => {
      if (result !== true) return;
      connectionBack();
      if (wantSubmit) finish(false);
    });
  }

  // "Terjawab X dari N" (the rule of assessments.forms.is_answered: matching needs every
  // prompt paired); returns the fieldsets still unanswered.
  function unanswered() {
    const open = [];
    fieldsets().forEach((fs) => {
      const value = read(fs);
      const complete = fs.dataset.type === "matching"
        ? value !== null && Array.from(fs.querySelectorAll("select")).every((s) => s.value)
        : value !== null;
      if (!complete) open.push(fs);
    });
    return open;
  }

  function count() {
    if (answeredEl) answeredEl.textContent = String(fieldsets().length - unanswered().length);
  }

  function leave(text, then) {
    leaving = true;
    clearStore();
    showBanner(text);
    setTimeout(then, 2500);
  }

  // Sends the queued save; true when stored, else why not: "offline", "retry", "invalid",
  // "session" or "leaving" (409: the page is being replaced).
  async function send(mayRenew) {
    const save = state.inflight;
    let response;
    let data = {};
    try {
      response = await fetch(d.saveUrl, {
        method: "PUT",
        credentials: "same-origin",
        keepalive: true,
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": csrf,
          "Idempotency-Key": save.key,
        },
        body: JSON.stringify({ sequence: save.seq, answers: save.answers }),
      });
      data = await response.json().catch(() => ({}));
    } catch (e) {
      showOffline();
      scheduleRetry();
      return "offline";
    }
    if (response.ok && typeof data.sequence === "number") {
      state.seq = data.sequence;
      seqInput.value = String(state.seq);
      state.inflight = null;
      persist();
      const stamp = Date.parse(response.headers.get("Date") || "");
      const at = isNaN(stamp) ? Date.now() + clockOffset : stamp;
      statusLine.textContent = d.msgSaved + " " + serverClock(at);
      return true;
    }
    if (response.status === 409) {
      if (data.code === "stale") leave(d.msgStale, () => window.location.reload());
      else if (data.code === "expired") leave(d.msgExpired, () => window.location.assign(d.resultUrl));
      else leave(d.msgFinished, () => window.location.assign(d.resultUrl));
      return "leaving";
    }
    if (response.status === 400) {
      state.inflight = null; // retrying a refused save would loop; the learner is told instead
      persist();
      showBanner(d.msgInvalid, true);
      return "invalid";
    }
    if (response.status === 401 || response.status === 403) {
      // A login in another tab rotated the token, or the session ended: a fresh token, then
      // the same save (same key) once more.
      const renewed = mayRenew ? await renewToken() : "error";
      if (renewed === "ok") return "again";
      if (renewed === "offline") {
        showOffline();
        scheduleRetry();
        return "offline";
      }
      sessionEnded();
      return "session";
    }
    showBanner(d.msgRetry);
    scheduleRetry();
    return "retry";
  }

  async function run() {
    let sent = false;
    let renewed = false;
    for (;;) {
      if (leaving) return "leaving";
      if (!state.inflight) {
        if (!hasPending()) {
          if (sent) connectionBack(); // the whole queue is on the server
          return true;
        }
        state.inflight = { key: uuid(), seq: state.seq, answers: state.pending };
        state.pending = {};
        persist();
      }
      const result = await send(!renewed);
      if (result === "again") {
        renewed = true;
        continue;
      }
      if (result !== true) return result;
      if (sessionLost) {
        sessionLost = false; // a save went through: the session is back
        clearInterval(loginTimer);
        loginTimer = null;
        hideBanner();
      }
      renewed = false;
      sent = true;
    }
  }

  function flush() {
    if (!current) current = run().finally(() => { current = null; });
    return current;
  }

  function submitNow() {
    leaving = true;
    clearStore();
    seqInput.value = String(state.seq);
    HTMLFormElement.prototype.submit.call(form); // no submit event: this handler is not re-run
  }

  async function finish(timeUp) {
    if (leaving) return;
    wantSubmit = true;
    submitButton.disabled = true;
    collect();
    let result = await flush();
    if (result === "leaving") return;
    // Stored, or refused for an invalid answer (the posted form shows which), or time is up
    // (the server grades what it has). The form posts the session's current token: a login
    // in another tab since the page was shown has replaced the one in the page.
    if (result === true || result === "invalid" || timeUp) {
      const token = await renewToken();
      if (leaving) return;
      if (token === "ok" || token === "error" || timeUp) return submitNow();
      if (token === "anonymous") {
        sessionEnded();
        result = "session";
      } else {
        showOffline();
        result = "offline";
      }
    }
    submitButton.disabled = false;
    // An ended session keeps its message (posting now would lose the queue to the login page)
    // and the submit happens once the learner has logged in again in another tab; offline or
    // server trouble: submitted as soon as a save goes through.
    if (result === "session") showBanner(d.msgSessionSubmit, true, loginLink());
    else showBanner(d.msgSubmitOffline);
  }

  // Unanswered questions: ask first. A modal <dialog> (focus inside, Esc = back), else the
  // browser's confirm(). Resolves true to submit.
  function confirmBlank(open) {
    const total = fieldsets().length;
    const text = open.length === total ? d.msgUnansweredAll
      : open.length === 1 ? d.msgUnansweredOne
      : d.msgUnanswered.replace("{n}", String(open.length));
    const numbers = open.map((fs) => fs.id.replace("soal-", "")).join(", ");
    if (!dialog || typeof dialog.showModal !== "function") {
      return Promise.resolve(window.confirm(text));
    }
    dialog.querySelector("[data-quiz-confirm-text]").textContent = text;
    dialog.querySelector("[data-quiz-confirm-list]").textContent =
      d.msgUnansweredList + " " + numbers + ".";
    return new Promise((resolve) => {
      const back = dialog.querySelector("[data-quiz-confirm-back]");
      const go = dialog.querySelector("[data-quiz-confirm-submit]");
      const done = (answer) => {
        back.removeEventListener("click", onBack);
        go.removeEventListener("click", onGo);
        dialog.removeEventListener("cancel", onCancel);
        dialog.close();
        dialog.hidden = true;
        resolve(answer);
      };
      const onBack = () => done(false);
      const onGo = () => done(true);
      const onCancel = (event) => { event.preventDefault(); done(false); };
      back.addEventListener("click", onBack);
      go.addEventListener("click", onGo);
      dialog.addEventListener("cancel", onCancel);
      dialog.hidden = false;
      dialog.showModal();
      back.focus();
    });
  }

  function toQuestion(fs) {
    fs.scrollIntoView({ block: "start" });
    const first = fs.querySelector("input, select");
    if (first) first.focus({ preventScroll: true });
  }

  // Start: the form shows the saved answers; a queue left on this device is restored on top.
  fieldsets().forEach((fs) => { known[fs.dataset.position] = JSON.stringify(read(fs)); });
  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { stored = null; }
  if (stored && (stored.inflight || stored.pending)) {
    const base = stored.inflight ? stored.inflight.seq : stored.seq;
    // Same sequence: nothing was saved since. One more: maybe our unacknowledged save (its key
    // tells the server); anything else means the answers changed elsewhere, so keep the server's.
    if (pageSeq === base || (stored.inflight && pageSeq === base + 1)) {
      state.inflight = stored.inflight;
      state.pending = stored.pending || {};
      const local = Object.assign({}, stored.inflight ? stored.inflight.answers : {}, state.pending);
      fieldsets().forEach((fs) => {
        const pos = fs.dataset.position;
        if (pos in local) { write(fs, local[pos]); known[pos] = JSON.stringify(local[pos]); }
      });
      flush();
    } else {
      clearStore();
    }
  }

  count();
  // A table in a question wider than the phone scrolls sideways (quiz.css): reachable and
  // scrollable with the keyboard too.
  form.querySelectorAll(".quiz-qtext table").forEach((table) => {
    if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
  });
  form.addEventListener("change", (event) => {
    const fs = event.target.closest("fieldset[data-position]");
    if (fs && collectOne(fs)) persist();
    count();
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(flush, 600);
  });
  form.addEventListener("input", (event) => {
    const fs = event.target.closest("fieldset[data-position]");
    if (fs && collectOne(fs)) persist();
    count();
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(flush, 1500);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (leaving || submitButton.disabled) return;
    const open = unanswered();
    if (!open.length) return finish(false);
    confirmBlank(open).then((go) => {
      if (go) finish(false);
      else toQuestion(open[0]);
    });
  });
  setInterval(() => { if (!leaving) { collect(); flush(); } }, 10000);
  window.addEventListener("offline", showOffline);
  window.addEventListener("online", flushThenMaybeSubmit);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !leaving) { collect(); flush(); }
    if (document.visibilityState === "visible") checkLogin(); // back from the login tab
  });
  window.addEventListener("focus", checkLogin);
  if (navigator.onLine === false) showOffline();

  // Countdown from the server's deadline, corrected by the server/client clock offset.
  const deadline = parseInt(d.deadline, 10);
  if (deadline) {
    const offset = clockOffset;
    const timer = document.querySelector("[data-quiz-timer]");
    const remainingEl = document.querySelector("[data-quiz-remaining]");
    const warned = {};
    timer.hidden = false;
    const pad = (n) => String(n).padStart(2, "0");
    const tick = () => {
      const left = Math.max(0, deadline - (Date.now() + offset));
      const s = Math.ceil(left / 1000);
      const h = Math.floor(s / 3600);
      remainingEl.textContent =
        (h ? h + ":" + pad(Math.floor((s % 3600) / 60)) : Math.floor(s / 60)) + ":" + pad(s % 60);
      if (s <= 300 && s > 60 && !warned.five) { warned.five = true; say(d.msgFive); }
      if (s <= 60 && !warned.one) { warned.one = true; timer.classList.add("quiz-low"); say(d.msgOne); }
      // Two seconds early, so the last answers reach the server before its deadline.
      if (left <= 2000 && !warned.end) {
        warned.end = true;
        say(d.msgTimeup);
        finish(true);
      }
    };
    tick();
    setInterval(tick, 1000);
  }
})();
