/* vinhdanh: the conference countdown and the program's "now" and "next".
 *
 * Pages carry absolute instants (ISO 8601 with offset) in data-start / data-end, so the remaining time is
 * the same in every visitor time zone; "today" is decided in the event's own zone (data-timezone). Without
 * this script the pages still state the date, time and zone. Works with Material's instant navigation:
 * it re-initialises on every page that navigation swaps in (document$), and clears its old timers.
 */
(function () {
  "use strict";

  var LABELS = { before: "Sắp diễn ra", today: "Hôm nay", live: "Đang diễn ra", past: "Đã diễn ra" };
  var STATES = Object.keys(LABELS);
  var timers = [];

  function dayIn(time, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date(time));
  }

  function stateAt(now, start, end, zone) {
    if (now >= end) return "past";
    if (now >= start) return "live";
    return dayIn(now, zone) === dayIn(start, zone) ? "today" : "before";
  }

  function setText(element, text) {
    // Writing only on change keeps aria-live regions quiet between state changes.
    if (element && element.textContent !== text) element.textContent = text;
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tickCountdown(root) {
    var start = Date.parse(root.getAttribute("data-start"));
    var end = Date.parse(root.getAttribute("data-end"));
    var now = Date.now();
    var state = stateAt(now, start, end, root.getAttribute("data-timezone") || "Asia/Ho_Chi_Minh");
    setText(root.querySelector("[data-vd-state]"), LABELS[state]);
    root.setAttribute("data-state", state);
    var base = root.classList[0];  // "vd-countdown", "vd-event", "vd-banner": state modifiers follow it
    STATES.forEach(function (s) { root.classList.toggle(base + "--" + s, s === state); });
    var timer = root.querySelector(".vd-timer");
    if (timer) {
      timer.hidden = state === "past";
      var left = Math.max(0, Math.floor(((state === "live" ? end : start) - now) / 1000));
      var parts = { days: Math.floor(left / 86400), hours: Math.floor(left / 3600) % 24,
                    minutes: Math.floor(left / 60) % 60, seconds: left % 60 };
      Object.keys(parts).forEach(function (unit) {
        setText(timer.querySelector('[data-unit="' + unit + '"]'), unit === "days" ? String(parts[unit]) : pad(parts[unit]));
      });
      setText(timer.querySelector("[data-vd-caption]"),
              state === "live" ? "Còn lại đến khi kết thúc" : "Còn lại đến giờ khai mạc");
    }
    var after = root.querySelector("[data-vd-after]");
    if (after) after.hidden = state !== "past";
  }

  function tickProgram(root) {
    var now = Date.now();
    var running = now >= Date.parse(root.getAttribute("data-start")) && now < Date.parse(root.getAttribute("data-end"));
    var nextFound = false;
    root.querySelectorAll(".vd-session").forEach(function (item) {
      var start = Date.parse(item.getAttribute("data-start"));
      var end = Date.parse(item.getAttribute("data-end"));
      var isNow = running && now >= start && now < end;
      var isNext = running && !isNow && !nextFound && start > now;
      if (isNext) nextFound = true;
      item.classList.toggle("is-now", isNow);
      item.classList.toggle("is-next", isNext);
      if (isNow) item.setAttribute("aria-current", "time"); else item.removeAttribute("aria-current");
      setText(item.querySelector("[data-vd-badge]"), isNow ? "Đang diễn ra" : isNext ? "Tiếp theo" : "");
    });
  }

  function every(ms, fn, root) {
    fn(root);
    timers.push(setInterval(function () { fn(root); }, ms));
  }

  function init() {
    initMenu();
    timers.forEach(clearInterval);
    timers = [];
    document.querySelectorAll("[data-vd-countdown]").forEach(function (root) { every(1000, tickCountdown, root); });
    document.querySelectorAll("[data-vd-program]").forEach(function (root) { every(10000, tickProgram, root); });
  }

  // The menu button, which a keyboard can reach (Material's menu is a label), opens the drawer and moves
  // focus into it; Esc closes it and returns focus to the button.
  var drawer = document.getElementById("__drawer");
  function menuButton() { return document.querySelector("[data-vd-menu]"); }
  function setDrawer(open) {
    if (!drawer || drawer.checked === open) return;
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change"));
  }
  function initMenu() {
    var button = menuButton();
    var label = document.querySelector("[data-vd-menu-label]");
    if (!button || !drawer) return;
    button.hidden = false;
    if (label) label.hidden = true;
    button.setAttribute("aria-expanded", String(drawer.checked));
  }
  if (drawer) {
    drawer.addEventListener("change", function () {
      var button = menuButton();
      if (button) button.setAttribute("aria-expanded", String(drawer.checked));
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest("[data-vd-menu]")) return;
      setDrawer(!drawer.checked);
      if (drawer.checked) {
        var first = document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]");
        if (first) setTimeout(function () { first.focus(); }, 50);  // once the drawer is visible
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawer.checked) return;
      setDrawer(false);
      var button = menuButton();
      if (button && !button.hidden) button.focus();
    });
  }

  // Material's drawer and search checkboxes lose `autocomplete="off"` (invalid on a checkbox), so a
  // browser that restores form state on reload or back must not reopen them: they start closed.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("input.md-toggle[data-md-toggle]").forEach(function (toggle) {
      toggle.checked = false;
    });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
