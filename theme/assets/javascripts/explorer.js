/* vinhdanh: the explorer page (kham-pha/). Filters exemplars by kind, unit, movement, award title, level
 * and year, with a live count, three sort orders and the filters in the URL (?don-vi=...&nam=2024).
 *
 * Without scripts the page is the complete paged listing and the filter form is hidden. With them, the
 * form shows from the first paint (the `vd-js` class on <html>), the compact data file (ho-so.json, written
 * by generator/render_explorer.py) is fetched once, and cards are drawn from it, a page size at a time
 * ("Xem thêm"), with lazy photos. Award filters (title, level, year) apply to one and the same award:
 * "Thành phố, 2024" means an award of the City in 2024.
 *
 * What the page and the script share comes from the page (theme/fragments/explorer.html): the settings and
 * wording in <script id="vd-explorer-config"> (page size, the URL's parameters, the filters, each kind's
 * card class, labels) and the card, a blank one of card.html in <template id="vd-explorer-card"> which the
 * script copies and fills with text and attributes only, so that its cards are the listings' cards.
 *
 * The English explorer (en/kham-pha/) has the same form with English words, and its root names a second data
 * file (data-src-en: ho-so.en.json): the English of the registries' names and of each profile's name,
 * position and award, null where there is none. The script shows the English where there is one, else the
 * Vietnamese marked lang="vi"; its text filter finds either; links get the config's linkPrefix ("en/").
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase();
  }

  /* `text` with its {name} slots filled from `values`. */
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (slot, name) { return String(values[name]); });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* The English of `english` (a list of the English data file, by index `i`) at `j`, or null. */
  function englishOf(english, kind, i, j) {
    var row = english && english[kind][i];
    return row && row[j] ? row[j] : null;
  }

  /* Profiles as objects, with what filtering needs precomputed; with `english`, its names where it has them
   * (`p.vi` lists the fields left in Vietnamese) and the links prefixed with `prefix`. */
  function prepare(data, english, prefix) {
    var fields = data.fields;
    return data.profiles.map(function (row, order) {
      var p = { order: order, vi: {} };
      fields.forEach(function (name, i) { p[name] = row[i]; });
      var unit = data.units[p.unit];
      var words = [p.name, unit[1], unit[2], p.position];
      p.unitId = unit[0];
      p.unitShort = unit[2];
      if (english) {
        p.url = prefix + p.url;
        var shortEn = englishOf(english, "units", p.unit, 1);
        if (shortEn) p.unitShort = shortEn;
        else p.vi.unitShort = true;
        var own = english.profiles[order];
        english.fields.forEach(function (name, i) {
          if (own[i]) p[name] = own[i];
          else if (p[name]) p.vi[name] = true;
        });
        words = words.concat([englishOf(english, "units", p.unit, 0) || "", shortEn || "", p.name, p.position]);
      }
      p.movementIds = p.movements.map(function (i) { return data.movements[i][0]; });
      p.awardList = p.awards.map(function (a) {
        var title = data.awards[a[0]];
        return { id: title[0], level: title[2], year: String(a[1] || "") };
      });
      p.text = " " + fold(words.join(" ")).replace(/[^a-z0-9]+/g, " ") + " ";
      return p;
    });
  }

  function matchesText(p, words) {
    for (var i = 0; i < words.length; i++) {
      if (p.text.indexOf(" " + words[i]) < 0) return false;  // each word, as a word or a word's start
    }
    return true;
  }

  /* Whether `p` passes every filter in `f` except the one named `skip` (for the counts of its options). */
  function matches(p, f, skip, words) {
    if (f.loai && skip !== "loai" && p.kind !== f.loai) return false;
    if (f["don-vi"] && skip !== "don-vi" && p.unitId !== f["don-vi"]) return false;
    if (f["phong-trao"] && skip !== "phong-trao" && p.movementIds.indexOf(f["phong-trao"]) < 0) return false;
    if (words.length && !matchesText(p, words)) return false;
    var title = skip === "khen-thuong" ? "" : f["khen-thuong"];
    var level = skip === "cap" ? "" : f.cap;
    var year = skip === "nam" ? "" : f.nam;
    if (title || level || year) {
      return p.awardList.some(function (a) {
        return (!title || a.id === title) && (!level || a.level === level) && (!year || a.year === year);
      });
    }
    return true;
  }

  function facetValues(p, name) {
    switch (name) {
      case "loai": return [p.kind];
      case "don-vi": return [p.unitId];
      case "phong-trao": return p.movementIds;
      case "khen-thuong": return p.awardList.map(function (a) { return a.id; });
      case "cap": return p.awardList.map(function (a) { return a.level; });
      case "nam": return p.awardList.map(function (a) { return a.year; });
    }
    return [];
  }

  var SORTS = {
    "": function (a, b) { return a.order - b.order; },
    "ten": function (a, b) { return a.name_order - b.name_order; },
    "moi-nhat": function (a, b) { return (b.newest - a.newest) || (a.order - b.order); }
  };

  /* The card of `p`: a copy of the page's blank card, filled; what `p` has no use for is removed. */
  function card(blank, p, base, config, kinds) {
    var item = blank.cloneNode(true);
    item.classList.add("vd-card--" + config.kindClasses[p.kind]);
    item.querySelector(".vd-card__link").href = new URL(p.url, base).href;
    var img = item.querySelector("img.vd-card__photo");
    var placeholder = item.querySelector(".vd-placeholder");
    if (p.photo) {
      img.src = new URL(p.photo[0], base).href;
      img.width = p.photo[1];
      img.height = p.photo[2];
      placeholder.remove();
    } else {
      placeholder.querySelector("text").textContent = p.initials;
      img.remove();
    }
    item.querySelector(".vd-card__kind").textContent = kinds[p.kind];
    var name = item.querySelector(".vd-card__name");
    name.textContent = p.name;
    var meta = item.querySelector(".vd-card__meta");
    var award = item.querySelector(".vd-card__award");
    if (p.top_award) award.textContent = p.top_award;
    else award.remove();
    if (!config.lang) {
      meta.textContent = [p.position, p.unitShort].filter(Boolean).join(", ");
      return item;
    }
    // A page in another language: what has no English is Vietnamese, and said to be.
    if (p.vi.name) name.lang = "vi";
    if (p.vi.top_award) award.lang = "vi";
    [["position", p.position], ["unitShort", p.unitShort]].forEach(function (part) {
      if (!part[1]) return;
      if (meta.firstChild) meta.appendChild(document.createTextNode(", "));
      meta.appendChild(p.vi[part[0]] ? el("span", null, part[1]) : document.createTextNode(part[1]));
      if (p.vi[part[0]]) meta.lastChild.lang = "vi";
    });
    return item;
  }

  function Explorer(root, data, base, config, english) {
    this.root = root;
    this.base = base;
    this.config = config;
    this.labels = config.labels;
    this.kinds = english ? english.kinds : data.kinds;
    this.blank = root.querySelector("#vd-explorer-card").content.firstElementChild;
    this.profiles = prepare(data, english, config.linkPrefix || "");
    this.form = root.querySelector("[data-vd-explorer-form]");
    this.listing = root.closest(".vd-listing") || document;
    this.count = this.listing.querySelector(".vd-count");
    this.grid = this.listing.querySelector(".vd-grid");
    this.shown = config.pageSize;
    this.options = {};  // the options' texts by facet and value, before counts are added to them
    var self = this;
    config.facets.forEach(function (name) {
      var select = self.form.elements[name];
      self.options[name] = {};
      Array.prototype.forEach.call(select.options, function (o) { self.options[name][o.value] = o.textContent; });
    });
  }

  Explorer.prototype.filters = function () {
    var f = {};
    var form = this.form;
    this.config.params.forEach(function (name) { f[name] = (form.elements[name].value || "").trim(); });
    return f;
  };

  Explorer.prototype.readUrl = function () {
    var params = new URLSearchParams(location.search);
    var form = this.form;
    this.config.params.forEach(function (name) {
      var field = form.elements[name];
      var value = (params.get(name) || "").normalize("NFC");
      if (field.tagName === "SELECT" && value &&
          !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) value = "";
      field.value = value;
    });
  };

  Explorer.prototype.writeUrl = function (f) {
    var params = new URLSearchParams();
    this.config.params.forEach(function (name) { if (f[name]) params.set(name, f[name]); });
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  };

  Explorer.prototype.update = function (keepShown) {
    var f = this.filters();
    var words = f.q ? fold(f.q).split(/[^a-z0-9]+/).filter(Boolean) : [];
    if (!keepShown) this.shown = this.config.pageSize;
    var found = this.profiles.filter(function (p) { return matches(p, f, null, words); });
    found.sort(SORTS[f[this.config.sort]] || SORTS[""]);
    this.updateCounts(f, words);
    this.draw(found);
    var total = this.profiles.length;
    var text = found.length === total ? format(this.labels.count, { n: total })
      : format(this.labels.found, { found: found.length, total: total });
    if (this.count.textContent !== text) this.count.textContent = text;
    this.writeUrl(f);
    var active = this.config.facets.filter(function (name) { return f[name]; }).length;
    var note = this.form.querySelector("[data-vd-active]");
    var label = active ? format(this.labels.active, { n: active }) : "";
    if (note.textContent !== label) note.textContent = label;
  };

  /* Each option says how many profiles it would give with the other filters kept; empty ones are disabled. */
  Explorer.prototype.updateCounts = function (f, words) {
    var self = this;
    this.config.facets.forEach(function (name) {
      var counts = {};
      var all = 0;
      self.profiles.forEach(function (p) {
        if (!matches(p, f, name, words)) return;
        all++;
        var seen = {};
        facetValues(p, name).forEach(function (v) {
          if (!seen[v]) { seen[v] = true; counts[v] = (counts[v] || 0) + 1; }
        });
      });
      var select = self.form.elements[name];
      Array.prototype.forEach.call(select.options, function (o) {
        var n = o.value ? counts[o.value] || 0 : all;
        var label = self.options[name][o.value] + " (" + n + ")";
        if (o.textContent !== label) o.textContent = label;
        o.disabled = n === 0 && o.value !== select.value;
      });
    });
  };

  Explorer.prototype.draw = function (found) {
    var self = this;
    var grid = this.grid;
    grid.textContent = "";
    var fragment = document.createDocumentFragment();
    found.slice(0, this.shown).forEach(function (p) {
      fragment.appendChild(card(self.blank, p, self.base, self.config, self.kinds));
    });
    grid.appendChild(fragment);
    var empty = this.listing.querySelector(".vd-explorer__empty");
    empty.hidden = found.length > 0;
    var more = this.listing.querySelector(".vd-explorer__more");
    var left = found.length - this.shown;
    more.hidden = left <= 0;
    more.textContent = format(this.labels.more, { n: Math.min(this.config.pageSize, Math.max(left, 0)), left: Math.max(left, 0) });
  };

  Explorer.prototype.start = function () {
    var self = this;
    var listing = this.listing;
    // The static pager and grid become the explorer's: the pager is replaced by "Xem thêm".
    var pager = listing.querySelector(".vd-pager");
    if (pager) pager.hidden = true;
    var empty = el("p", "vd-explorer__empty", this.labels.empty);
    empty.hidden = true;
    this.grid.parentNode.insertBefore(empty, this.grid.nextSibling);
    var more = el("button", "md-button vd-explorer__more");
    more.type = "button";
    more.hidden = true;
    empty.parentNode.insertBefore(more, empty.nextSibling);
    more.addEventListener("click", function () {
      var first = self.grid.children.length;
      self.shown += self.config.pageSize;
      self.update(true);
      var next = self.grid.children[first];
      if (next) next.querySelector("a").focus();  // keyboard users continue where the new cards start
    });
    this.count.setAttribute("role", "status");
    this.count.setAttribute("aria-live", "polite");
    this.form.hidden = false;
    this.readUrl();
    var details = this.form.querySelector("details");
    var f = this.filters();
    if (window.matchMedia("(min-width: 60em)").matches || this.config.facets.some(function (n) { return f[n]; }) ||
        f[this.config.sort]) {
      details.open = true;
    }
    var timer = null;
    this.form.addEventListener("change", function () { self.update(false); });
    this.form.addEventListener("input", function (event) {
      if (event.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(function () { self.update(false); }, 150);
    });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.update(false); });
    this.form.addEventListener("reset", function () {
      setTimeout(function () { self.update(false); }, 0);  // after the browser has cleared the fields
    });
    window.addEventListener("popstate", function () { self.readUrl(); self.update(false); });
    this.update(false);
    this.root.setAttribute("data-ready", "");
  };

  function init() {
    var root = document.querySelector("[data-vd-explorer]");
    if (!root || root.hasAttribute("data-started")) return;
    root.setAttribute("data-started", "");
    var src = new URL(root.getAttribute("data-src"), location.href);
    var base = new URL("..", src).href;  // the data file lives in kham-pha/, one level below the root
    var status = root.querySelector(".vd-explorer__status");
    var config = JSON.parse(root.querySelector("#vd-explorer-config").textContent);
    var srcEn = root.getAttribute("data-src-en");
    function load(href) {
      return fetch(href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    Promise.all([load(src.href), srcEn ? load(new URL(srcEn, location.href).href) : null]).then(function (both) {
      new Explorer(root, both[0], base, config, both[1]).start();
    }).catch(function () {
      root.querySelector("[data-vd-explorer-form]").hidden = true;
      status.hidden = false;
      status.textContent = config.labels.failed;
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
