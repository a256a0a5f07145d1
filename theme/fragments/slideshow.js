/* The ceremony's slideshow (hoi-nghi/trinh-chieu/): the long page of slides becomes a presentation.

   Keys, as presenters and clickers expect: →, ↓, Page Down, space, Enter for the next slide; ←, ↑, Page Up,
   Backspace, Shift+space for the previous; Home, End; F (or a clicker's F5) for full screen; B (or ".") to
   blank the screen; P opens the presenter's view, the same page with `?nguoi-trinh-bay`: this slide and the
   next, the program item and a clock. The address carries the slide (`#trang-3`), so a reload returns to it.

   The windows keep in step through a BroadcastChannel and, where a browser has none or does not share it
   between pages of the file system (file://), through `storage` events on localStorage: every message goes
   both ways and carries an id, so the second copy is ignored. Nothing is fetched: the folder runs offline. */
(function () {
  "use strict";
  var html = document.documentElement;
  var deck = document.querySelector("[data-vd-deck]");
  if (!deck) return;
  var slides = Array.prototype.slice.call(deck.querySelectorAll("[data-vd-slide]"));
  var total = slides.length;
  var presenter = /(^|[?&])nguoi-trinh-bay(=|&|$)/.test(location.search.slice(1));
  var KEY = "vinhdanh-trinh-chieu";
  var me = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var sent = 0;
  var seen = {};
  var current = -1;
  var blank = false;
  var blankScreen = document.querySelector("[data-vd-blank]");
  var controls = document.querySelector("[data-vd-controls]");
  var view = null; // the presenter's view, once made

  function clamp(i) { return Math.max(0, Math.min(total - 1, i)); }

  function fromHash() {
    var match = /^#trang-(\d+)$/.exec(location.hash);
    return match ? clamp(parseInt(match[1], 10) - 1) : 0;
  }

  function base() { return location.href.split(/[?#]/)[0]; }

  function setHash(i) {
    var hash = "#trang-" + (i + 1);
    if (location.hash === hash) return;
    try { history.replaceState(null, "", hash); } catch (error) { location.replace(hash); }
  }

  function label(i) { return slides[i].getAttribute("aria-label").replace(/^Trang \d+ trên \d+: /, ""); }

  // A copy of a slide for the presenter's view: no ids (they stay the originals'), hidden from screen
  // readers, which read the headings above it instead.
  function copy(i) {
    var slide = slides[i].cloneNode(true);
    slide.removeAttribute("id");
    slide.hidden = false;
    slide.setAttribute("aria-hidden", "true");
    Array.prototype.forEach.call(slide.querySelectorAll("[id]"), function (node) { node.removeAttribute("id"); });
    return slide;
  }

  function show(i) {
    current = i;
    setHash(i);
    if (view) {
      var now = view.querySelector("[data-vd-current]");
      var next = view.querySelector("[data-vd-next]");
      now.replaceChildren(copy(i));
      view.querySelector("[data-vd-now]").textContent = "trang " + (i + 1) + "/" + total + ", " + label(i);
      if (i + 1 < total) {
        next.replaceChildren(copy(i + 1));
        view.querySelector("[data-vd-next-label]").textContent = "trang " + (i + 2) + ", " + label(i + 1);
      } else {
        var end = document.createElement("div");
        end.className = "vd-presenter__end";
        end.textContent = "Hết trình chiếu";
        next.replaceChildren(end);
        view.querySelector("[data-vd-next-label]").textContent = "hết";
      }
    } else {
      slides.forEach(function (slide, n) { slide.hidden = n !== i; });
    }
    var count = document.querySelector("[data-vd-count]");
    if (count) count.textContent = (i + 1) + "/" + total;
  }

  function setBlank(on) {
    blank = on;
    if (view) view.querySelector("[data-vd-blank-note]").hidden = !on;
    else blankScreen.hidden = !on;
  }

  // --- keeping the windows in step ---------------------------------------------------------------------
  var channel = null;
  try {
    channel = new BroadcastChannel(KEY);
    channel.onmessage = function (event) { receive(event.data); };
  } catch (error) { channel = null; }

  function send(type) {
    sent += 1;
    var message = { type: type, slide: current, blank: blank, from: me, id: me + ":" + sent };
    if (channel) { try { channel.postMessage(message); } catch (error) { /* closed: storage carries it */ } }
    try { localStorage.setItem(KEY, JSON.stringify(message)); } catch (error) { /* storage off: the channel only */ }
  }

  function receive(message) {
    if (!message || message.from === me || seen[message.id]) return;
    seen[message.id] = true;
    if (message.type === "hello") { send("state"); return; } // a window just opened: tell it where we are
    if (message.type === "state") {
      if (typeof message.slide === "number" && message.slide !== current) show(clamp(message.slide));
      if (Boolean(message.blank) !== blank) setBlank(Boolean(message.blank));
    }
  }

  addEventListener("storage", function (event) {
    if (event.key !== KEY || !event.newValue) return;
    try { receive(JSON.parse(event.newValue)); } catch (error) { /* not ours */ }
  });

  function go(i) {
    i = clamp(i);
    if (i !== current) { show(i); send("state"); }
  }

  function toggleBlank() { setBlank(!blank); send("state"); }

  function toggleFullscreen() {
    var request = document.fullscreenElement ? document.exitFullscreen() : html.requestFullscreen && html.requestFullscreen();
    if (request && request.catch) request.catch(function () { /* refused: the browser's own F11 still works */ });
  }

  function openPresenter() {
    window.open(base() + "?nguoi-trinh-bay#trang-" + (current + 1), "vinhdanh-nguoi-trinh-bay", "popup,width=1280,height=800");
  }

  function act(action) {
    if (action === "fullscreen") toggleFullscreen();
    else if (action === "blank") toggleBlank();
    else if (action === "presenter") openPresenter();
  }

  // --- keys and buttons -----------------------------------------------------------------------------------
  var NEXT = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar", "Enter"];
  var PREVIOUS = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"];
  addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key;
    var onButton = event.target && event.target.closest && event.target.closest("button");
    if (onButton && (key === " " || key === "Enter")) return; // the button's own action
    if (key === " " && event.shiftKey) go(current - 1);
    else if (NEXT.indexOf(key) >= 0) go(current + 1);
    else if (PREVIOUS.indexOf(key) >= 0) go(current - 1);
    else if (key === "Home") go(0);
    else if (key === "End") go(total - 1);
    else if (key === "f" || key === "F" || key === "F5") toggleFullscreen();
    else if (key === "b" || key === "B" || key === ".") toggleBlank();
    else if (key === "Escape" && blank) toggleBlank();
    else if ((key === "p" || key === "P") && !presenter) openPresenter();
    else return;
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-vd-go")) go(current + parseInt(button.getAttribute("data-vd-go"), 10));
    else act(button.getAttribute("data-vd-action"));
  });

  addEventListener("hashchange", function () { go(fromHash()); });

  // The buttons show while the mouse moves (or Tab is pressed), then step aside for the audience.
  var hideControls = 0;
  function reveal() {
    if (view || !controls) return;
    controls.hidden = false;
    clearTimeout(hideControls);
    hideControls = setTimeout(function () {
      if (!controls.contains(document.activeElement)) controls.hidden = true;
    }, 3000);
  }
  addEventListener("mousemove", reveal);
  addEventListener("keydown", function (event) { if (event.key === "Tab") reveal(); });

  // --- start --------------------------------------------------------------------------------------------
  if (presenter) {
    var template = document.querySelector("template[data-vd-presenter]");
    html.classList.add("vd-presenter-mode");
    deck.hidden = true;
    view = template.content.firstElementChild.cloneNode(true);
    document.body.insertBefore(view, deck);
    document.title = "Người trình bày: " + document.title.replace(/^Trình chiếu: /, "");
    var clock = view.querySelector("[data-vd-clock]");
    var tick = function () {
      var d = new Date();
      var two = function (n) { return (n < 10 ? "0" : "") + n; };
      clock.textContent = two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
    };
    tick();
    setInterval(tick, 1000);
  }
  show(fromHash());
  send("hello");
  // Every photo decoded now, so that no slide appears half-drawn when it comes.
  Array.prototype.forEach.call(document.images, function (image) {
    if (image.decode) image.decode().catch(function () { /* a missing photo shows its text alternative */ });
  });
})();
