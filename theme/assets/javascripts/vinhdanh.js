/* vinhdanh: the conference countdown and the program's "now" and "next".
 *
 * Pages carry absolute instants (ISO 8601 with offset) in data-start / data-end, so the remaining time is
 * the same in every visitor time zone; "today" is decided in the event's own zone (data-timezone). Without
 * this script the pages still state the date, time and zone. An end not decided yet has no data-end: the
 * conference then runs, with no time left to count, until the day ends in its zone. Works with Material's
 * instant navigation: it re-initialises on every page that navigation swaps in (document$), and clears its
 * old timers. The words it writes (states, the timer's caption, the program's badges) are the pages' own:
 * JSON in data-vd-labels on each root, written by the generator (render_conference.LABELS).
 */
(function () {
  "use strict";

  var timers = [];

  function dayIn(time, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date(time));
  }

  function stateAt(now, start, end, zone) {
    var today = dayIn(now, zone), day = dayIn(start, zone);  // "2025-06-19": compared as text
    if (isNaN(end) ? today > day : now >= end) return "past";
    if (now >= start) return "live";
    return today === day ? "today" : "before";
  }

  function setText(element, text) {
    // Writing only on change keeps aria-live regions quiet between state changes.
    if (element && element.textContent !== text) element.textContent = text;
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function labelsOf(root) {
    try {
      return JSON.parse(root.getAttribute("data-vd-labels"));
    } catch (e) {
      return null;  // a page without the words (a theme's own fragment): it keeps what it says
    }
  }

  function tickCountdown(root, labels) {
    var start = Date.parse(root.getAttribute("data-start"));
    var end = root.hasAttribute("data-end") ? Date.parse(root.getAttribute("data-end")) : NaN;
    var now = Date.now();
    var state = stateAt(now, start, end, root.getAttribute("data-timezone") || "Asia/Ho_Chi_Minh");
    setText(root.querySelector("[data-vd-state]"), labels.states[state]);
    root.setAttribute("data-state", state);
    var base = root.classList[0];  // "vd-countdown", "vd-event", "vd-banner": state modifiers follow it
    Object.keys(labels.states).forEach(function (s) { root.classList.toggle(base + "--" + s, s === state); });
    var timer = root.querySelector(".vd-timer");
    if (timer) {
      timer.hidden = state === "past" || (state === "live" && isNaN(end));
      timer.classList.remove("vd-timer--due");  // its room was kept only until this first tick
      var left = Math.max(0, Math.floor(((state === "live" ? end : start) - now) / 1000));
      var parts = { days: Math.floor(left / 86400), hours: Math.floor(left / 3600) % 24,
                    minutes: Math.floor(left / 60) % 60, seconds: left % 60 };
      Object.keys(parts).forEach(function (unit) {
        setText(timer.querySelector('[data-unit="' + unit + '"]'), unit === "days" ? String(parts[unit]) : pad(parts[unit]));
      });
      setText(timer.querySelector("[data-vd-caption]"), state === "live" ? labels.captions.closing : labels.captions.opening);
    }
    var after = root.querySelector("[data-vd-after]");
    if (after) after.hidden = state !== "past";
  }

  function tickProgram(root, labels) {
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
      setText(item.querySelector("[data-vd-badge]"), isNow ? labels.badges.now : isNext ? labels.badges.next : "");
    });
  }

  function every(ms, fn, root) {
    var labels = labelsOf(root);
    if (!labels) return;
    fn(root, labels);
    timers.push(setInterval(function () { fn(root, labels); }, ms));
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

/* vinhdanh: text size and high contrast controls (theme/partials/vd-reading.html).
 *
 * The choices live as attributes on <html> (data-vd-text: a step, data-vd-contrast="high"), which the inline
 * script in main.html sets from localStorage before first paint; CSS does the rest. Instant navigation
 * never replaces <html> nor the header, so the choices hold across pages; clicks are delegated from the
 * document and the buttons' states are refreshed on every page Material swaps in (document$).
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var key = (window.vdReading && window.vdReading.key) || "vd-";
  // Steps of the text size, as factors of Material's own root size (CSS: html[data-vd-text]).
  var PERCENT = { "-1": 87.5, "0": 100, "1": 112.5, "2": 125, "3": 150 };
  var MIN = -1, MAX = 3;
  var prefersMore = window.matchMedia ? window.matchMedia("(prefers-contrast: more)") : null;

  function load(name) {
    try { return localStorage.getItem(key + name); } catch (e) { return null; }
  }

  function save(name, value) {
    try { localStorage.setItem(key + name, value); } catch (e) { /* private mode: this page only */ }
  }

  function step() {
    var value = Number(root.getAttribute("data-vd-text") || 0);
    return value >= MIN && value <= MAX ? value : 0;
  }

  function high() { return root.getAttribute("data-vd-contrast") === "high"; }

  function setStep(value) {
    if (value) root.setAttribute("data-vd-text", String(value)); else root.removeAttribute("data-vd-text");
  }

  function setHigh(on) {
    if (on) root.setAttribute("data-vd-contrast", "high"); else root.removeAttribute("data-vd-contrast");
  }

  // Buttons that cannot act stay focusable (aria-disabled, not disabled): focus is not thrown away.
  function refresh(announce) {
    var current = step();
    document.querySelectorAll("[data-vd-reading]").forEach(function (group) {
      group.hidden = false;
      group.querySelector('[data-vd-reading-action="smaller"]').setAttribute("aria-disabled", String(current <= MIN));
      group.querySelector('[data-vd-reading-action="larger"]').setAttribute("aria-disabled", String(current >= MAX));
      group.querySelector('[data-vd-reading-action="reset"]').setAttribute("aria-disabled", String(current === 0));
      group.querySelector('[data-vd-reading-action="contrast"]').setAttribute("aria-pressed", String(high()));
      if (announce) {
        group.querySelector("[data-vd-reading-status]").textContent = announce;
      }
    });
  }

  // What the status says: the page's words (data-vd-labels, on English pages), else Vietnamese.
  function said(key, percent) {
    var group = document.querySelector("[data-vd-reading][data-vd-labels]"), labels = {};
    try { labels = JSON.parse(group ? group.getAttribute("data-vd-labels") : "{}"); } catch (e) { labels = {}; }
    var text = labels[key] || {on: "Đã bật chế độ tương phản cao", off: "Đã tắt chế độ tương phản cao",
                                size: "Cỡ chữ {n}%"}[key];
    var number = String(percent);
    return text.replace("{n}", labels[key] ? number : number.replace(".", ","));
  }

  function act(action) {
    var current = step();
    if (action === "contrast") {
      setHigh(!high());
      save("contrast", high() ? "high" : "normal");
      refresh(said(high() ? "on" : "off"));
      return;
    }
    var next = action === "smaller" ? Math.max(MIN, current - 1)
      : action === "larger" ? Math.min(MAX, current + 1) : 0;
    setStep(next);
    save("text", String(next));
    refresh(said("size", PERCENT[next]));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-vd-reading-action]");
    if (button) act(button.getAttribute("data-vd-reading-action"));
  });

  // Another tab of the site changed a choice: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === key + "text") setStep(Number(event.newValue) || 0);
    else if (event.key === key + "contrast") setHigh(event.newValue === "high");
    else return;
    refresh();
  });

  // Without a stored choice, high contrast follows the system setting, also when it changes.
  if (prefersMore && prefersMore.addEventListener) {
    prefersMore.addEventListener("change", function () {
      if (load("contrast") === null) { setHigh(prefersMore.matches); refresh(); }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { refresh(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { refresh(); });
  } else {
    refresh();
  }
})();

/* vinhdanh: a link to a page in the other language (under en/ or not) loads that page whole. Material's
 * instant navigation would only swap the content in, keeping <html lang>, the header (search box, reading
 * controls) and Material's strings of the page it started on; it leaves links that have a target alone, so
 * such a link is given target="_self" as it is clicked, before instant navigation sees the click. The
 * language switch has it already, and without this script every link is a full load anyway. The site's
 * root path is the one the inline script in main.html worked out on the page's full load (vdReading.key).
 */
(function () {
  "use strict";

  function langOf(path, root) {
    var rest = path.slice(root.length);
    return rest === "en" || rest.indexOf("en/") === 0 ? "en" : "vi";
  }

  document.addEventListener("click", function (event) {
    var key = window.vdReading && window.vdReading.key;
    var link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!key || !link || link.target) return;
    var root = key.slice(0, -"vd-".length);
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.indexOf(root) !== 0) return;
    var here = document.documentElement.lang === "en" ? "en" : "vi";
    if (langOf(url.pathname, root) !== here) link.target = "_self";
  }, true);
})();
