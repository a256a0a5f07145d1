/* vinhdanh: the header search box, on Pagefind's index (pagefind/ in the built site).
 *
 * Pagefind 1.5 folds tone marks and NFD and ranks exact spellings first; the build adds accent-free forms
 * of words with "đ" and abbreviations (generator/search.py). Here the query is put in NFC, the index is
 * loaded on first use (a few small files, never the whole index), and results are listed as links under
 * the box. Keyboard: "/" focuses the box, arrow keys move through results, Esc closes. Works with
 * Material's instant navigation: the header stays, so URLs are resolved once, on the first page.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 8;
  var pagefind = null;   // promise of the Pagefind module
  var root = null;       // the .vd-search element, kept across instant navigation
  var base = "";         // absolute URL of the site root
  var latest = 0;        // number of the latest query: older answers are dropped

  function $(selector) { return root.querySelector(selector); }

  // The status's words: the page's (data-vd-labels, written on English pages), else Vietnamese.
  function words(key, values) {
    var labels = {};
    try { labels = JSON.parse(root.getAttribute("data-vd-labels") || "{}"); } catch (e) { labels = {}; }
    var vietnamese = {
      searching: "Đang tìm…", none: "Không tìm thấy hồ sơ nào cho “{query}”.", one: "{n} kết quả",
      other: "{n} kết quả", more: "{n} kết quả, hiện {shown} kết quả đầu",
      failed: "Chưa tải được bộ tìm kiếm. Hãy thử lại."
    };
    return (labels[key] || vietnamese[key]).replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  function load() {
    if (!pagefind) {
      var url = root.getAttribute("data-pagefind-abs") + "pagefind.js";
      pagefind = import(url).then(function (module) {
        // Profiles are long and their facts repeat: weaker length and frequency terms than Pagefind's
        // defaults keep a long profile that holds the words from losing to a short page that mentions
        // them once (measured with tests/search_battery.py; docs/design/search.md).
        var ranking = { pageLength: 0.2, termFrequency: 0.6 };
        return module.options({ baseUrl: new URL(base).pathname, excerptLength: 18, ranking: ranking }).then(function () {
          return module;
        });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function setOpen(open) {
    $(".vd-search__panel").hidden = !open;
    root.classList.toggle("vd-search--open", open);
  }

  function status(text) {
    var node = $(".vd-search__status");
    if (node.textContent !== text) node.textContent = text;
  }

  function render(query, results) {
    var list = $(".vd-search__results");
    list.textContent = "";
    results.forEach(function (data) {
      var meta = data.meta || {};
      var item = el("li", "vd-search__result");
      var link = el("a", "vd-search__link");
      link.href = new URL(data.url, base).href;
      if (meta.photo) {
        var img = el("img", "vd-search__photo");
        img.src = new URL(meta.photo, base).href;
        img.alt = "";
        img.width = 48;
        img.height = 60;
        img.loading = "lazy";
        link.appendChild(img);
      } else {
        link.appendChild(el("span", "vd-search__photo vd-search__photo--none"));
      }
      var body = el("span", "vd-search__body");
      body.appendChild(el("span", "vd-search__title", meta.title || data.url));
      var facts = [meta.kind, meta.unit, meta.award].filter(Boolean).join(" · ");
      if (facts) body.appendChild(el("span", "vd-search__meta", facts));
      // The excerpt shows why a story matched; an excerpt from the hidden search terms (joined by "·")
      // would only repeat the query, so it is left out.
      if (data.excerpt && data.excerpt.indexOf("·") < 0 && data.excerpt.indexOf("<mark>") >= 0) {
        var excerpt = el("span", "vd-search__excerpt");
        excerpt.innerHTML = data.excerpt;  // Pagefind escapes the page text and adds only <mark>
        body.appendChild(excerpt);
      }
      link.appendChild(body);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function search(raw) {
    var query = raw.normalize("NFC").replace(/\s+/g, " ").trim();
    var number = ++latest;
    if (!query) {
      setOpen(false);
      status("");
      return Promise.resolve();
    }
    setOpen(true);
    status(words("searching"));
    return load().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (number !== latest) return;
      var top = found.results.slice(0, MAX_RESULTS);
      return Promise.all(top.map(function (r) { return r.data(); })).then(function (data) {
        if (number !== latest) return;
        // The exemplars first, then the articles about them (meta "type:article"), each in Pagefind's order:
        // a visitor typing a name or a place is looking for the people and collectives first.
        var isArticle = function (d) { return (d.meta || {}).type === "article"; };
        render(query, data.filter(function (d) { return !isArticle(d); }).concat(data.filter(isArticle)));
        var total = found.results.length;
        status(total === 0 ? words("none", {query: query}) :
               total <= MAX_RESULTS ? words(total === 1 ? "one" : "other", {n: total}) :
               words("more", {n: total, shown: MAX_RESULTS}));
        root.setAttribute("data-query", query);  // tests wait for the results of their query
      });
    }).catch(function () {
      if (number === latest) status(words("failed"));
    });
  }

  function links() { return Array.prototype.slice.call(root.querySelectorAll(".vd-search__link")); }

  function onKey(event) {
    var all = links();
    var index = all.indexOf(document.activeElement);
    var input = $(".vd-search__input");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? index + 1 : index - 1;
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === "Escape") {
      setOpen(false);
      input.focus();
      if (!input.value) toggle(false);
    } else if (event.key === "Enter" && document.activeElement === input && all.length) {
      event.preventDefault();  // the best result, not the explorer page
      all[0].click();
    }
  }

  function toggle(open) {
    var button = $(".vd-search__toggle");
    root.classList.toggle("vd-search--expanded", open);
    button.setAttribute("aria-expanded", String(open));
    if (open) $(".vd-search__input").focus();
  }

  function setup() {
    root = document.querySelector("[data-vd-search]");
    if (!root) return;
    // Resolve the page-relative URLs once: instant navigation keeps the header but changes the page.
    var index = new URL(root.getAttribute("data-pagefind"), location.href);
    base = new URL("..", index).href;
    root.setAttribute("data-pagefind-abs", index.href);
    var form = $(".vd-search__form");
    form.setAttribute("action", form.action);
    var more = $(".vd-search__more a");
    more.setAttribute("href", more.href);
    root.classList.add("vd-search--enhanced");
    $(".vd-search__toggle").hidden = false;

    var timer = null;
    var input = $(".vd-search__input");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 120);
    });
    input.addEventListener("focus", function () { load(); });  // fetch the index while the visitor types
    input.addEventListener("click", function () { if (input.value.trim()) setOpen(true); });
    root.addEventListener("keydown", onKey);
    $(".vd-search__toggle").addEventListener("click", function () {
      toggle(!root.classList.contains("vd-search--expanded"));
    });
    input.addEventListener("input", function () {  // "see all" opens the explorer with the query
      var url = new URL(form.action);
      if (input.value.trim()) url.searchParams.set("q", input.value.normalize("NFC").trim());
      more.href = url.href;
    });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) {
        setOpen(false);
        toggle(false);
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        toggle(true);
      }
    });
  }

  function onPage() {
    if (!root) setup();
    else {
      setOpen(false);  // a result was followed through instant navigation
      toggle(false);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
