/* gongkai search: the client of the bigram index that src/gongkai/site/search.py writes
   (handbook/docs/search.md). Nothing is fetched until the reader focuses the box or types;
   then only index.json, the token files of the query's tokens and the document files of the
   results shown. Everything taken from the index reaches the page as text (textContent). */
(function () {
  "use strict";
  var TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
  var PAGE = 10; // results shown at a time

  function normalize(text) { return text.normalize("NFKC").toLowerCase(); }

  // the same tokens as search.py: words of letters or digits, pairs of Han characters
  function tokens(text) {
    var out = [], runs = normalize(text).match(TOKEN) || [];
    runs.forEach(function (run) {
      if (run.charCodeAt(0) < 128) { out.push(run); return; }
      for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }

  function bucket(token, buckets) { // FNV-1a over UTF-16 code units, as search.py
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193) >>> 0;
    return h % buckets;
  }

  function Index(base) {
    this.base = base; // URL of search/
    this.files = {};
  }
  Index.prototype.get = function (path) {
    if (!this.files[path]) {
      this.files[path] = fetch(new URL(path, this.base)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return this.files[path];
  };
  Index.prototype.meta = function () { return this.get("index.json"); };

  // the pages holding every token (or, when none holds them all, the most of them), best first
  Index.prototype.search = function (query) {
    var self = this, words = tokens(query);
    if (!words.length) return Promise.resolve({ ids: [], partial: false, words: 0 });
    return this.meta().then(function (meta) {
      return Promise.all(words.map(function (w) {
        return self.get("t/" + bucket(w, meta.buckets) + ".json").then(function (t) {
          return t[w] || "";
        });
      })).then(function (lists) { return rank(meta, words, lists); });
    });
  };

  // the postings of search.py's encode(): [document, weight, document, weight, ...]
  var DIGITS = "#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var VALUE = {};
  for (var v = 0; v < DIGITS.length; v++) VALUE[DIGITS.charCodeAt(v)] = v;
  function decode(text) {
    var out = [], doc = 0, n = 0;
    for (var i = 0; i < text.length; i++) {
      var d = VALUE[text.charCodeAt(i)];
      if (d >= 44) { n = n * 44 + d - 44; continue; }
      doc += n * 44 + d;
      n = 0;
      out.push(doc, VALUE[text.charCodeAt(++i)]);
    }
    return out;
  }

  // a weight of 10 or more: the token is in the title, which has weight - 10 distinct tokens;
  // an exact title (every token in it, as many as the query's) first, then a title holding
  // the query, then by score
  function rank(meta, words, lists) {
    var score = new Map(), hits = new Map(), titled = new Map(), size = new Map();
    lists.forEach(function (text) {
      var list = decode(text), idf = Math.log(1 + meta.docs / Math.max(1, list.length / 2));
      for (var i = 0; i < list.length; i += 2) {
        var doc = list[i], w = list[i + 1];
        if (w >= 10) {
          titled.set(doc, (titled.get(doc) || 0) + 1);
          size.set(doc, w - 10);
          w = 11 + 40 / Math.max(1, w - 10);
        }
        score.set(doc, (score.get(doc) || 0) + w * idf);
        hits.set(doc, (hits.get(doc) || 0) + 1);
      }
    });
    var best = 0, ids = [], tier = new Map();
    hits.forEach(function (n) { if (n > best) best = n; });
    hits.forEach(function (n, doc) {
      if (n !== best) return;
      ids.push(doc);
      var all = titled.get(doc) === words.length;
      tier.set(doc, all && size.get(doc) === words.length ? 2 : all ? 1 : 0);
    });
    ids.sort(function (a, b) {
      return tier.get(b) - tier.get(a) || score.get(b) - score.get(a) || a - b;
    });
    return { ids: ids, partial: best < words.length, words: words.length, meta: meta };
  }

  Index.prototype.docs = function (ids, meta) {
    var self = this;
    return Promise.all(ids.map(function (id) {
      return self.get("d/" + Math.floor(id / meta.chunk) + ".json").then(function (rows) {
        return rows[id % meta.chunk];
      });
    }));
  };

  function setup(form) {
    var input = form.querySelector("input"), panel = form.querySelector(".gk-search__panel");
    var status = panel.querySelector(".gk-search__status"), list = panel.querySelector("ol");
    var more = panel.querySelector(".gk-search__more");
    var text = JSON.parse(document.getElementById("gk-search-text").textContent);
    var base = new URL(form.getAttribute("data-index"), location.href);
    var root = new URL("..", base), index = null, seq = 0, timer = 0, current = null;

    function open() { return index || (index = new Index(base)); }
    function say(key, params) {
      var s = text[key];
      Object.keys(params || {}).forEach(function (k) { s = s.split("{" + k + "}").join(params[k]); });
      status.textContent = s;
    }
    function show(flag) {
      panel.hidden = !flag;
      input.setAttribute("aria-expanded", flag ? "true" : "false");
    }
    function item(row) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = new URL(row[0], root).href;
      [["title", row[1]], ["meta", row[2]], ["snippet", row[3]]].forEach(function (part) {
        if (!part[1]) return;
        var span = document.createElement("span");
        span.className = "gk-search__" + part[0];
        span.textContent = part[1];
        a.appendChild(span);
      });
      li.appendChild(a);
      return li;
    }
    function page() {
      var start = list.children.length, ids = current.found.ids.slice(start, start + PAGE);
      var mine = seq;
      return open().docs(ids, current.found.meta).then(function (rows) {
        if (mine !== seq) return;
        rows.forEach(function (row) { list.appendChild(item(row)); });
        more.hidden = list.children.length >= current.found.ids.length;
      });
    }
    function run() {
      var query = input.value.trim(), mine = ++seq;
      form.setAttribute("data-state", "busy");
      list.textContent = "";
      more.hidden = true;
      function done() { if (mine === seq) form.setAttribute("data-state", "done"); }
      if (!query) { show(false); done(); return; }
      show(true);
      if (!tokens(query).length) { say("short"); done(); return; }
      say("loading");
      open().search(query).then(function (found) {
        if (mine !== seq) return;
        current = { query: query, found: found };
        if (!found.ids.length) { say("none", { q: query }); return; }
        if (found.partial) say("partial", { q: query });
        else say("count", { n: found.ids.length });
        return page();
      }).catch(function () { if (mine === seq) say("failed"); }).then(done);
    }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = links()[0];
      if (first) first.focus();
    });
    input.addEventListener("focus", function () { open().meta().catch(function () {}); });
    input.addEventListener("input", function () {
      form.setAttribute("data-state", "busy");
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    more.addEventListener("click", function () {
      var n = list.children.length;
      page().then(function () { var a = links()[n]; if (a) a.focus(); });
    });
    form.addEventListener("keydown", function (e) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (e.key === "Escape") { show(false); input.focus(); e.preventDefault(); }
      else if (e.key === "ArrowDown" && all.length) {
        show(true); all[Math.min(at + 1, all.length - 1)].focus(); e.preventDefault();
      } else if (e.key === "ArrowUp" && at >= 0) {
        (at === 0 ? input : all[at - 1]).focus(); e.preventDefault();
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) show(false);
    });
    input.addEventListener("click", function () { if (input.value.trim()) show(true); });
    document.addEventListener("keydown", function (e) {
      var tag = (e.target.tagName || "").toLowerCase();
      if (e.key === "/" && tag !== "input" && tag !== "textarea" && !e.target.isContentEditable) {
        input.focus(); e.preventDefault();
      }
    });
    // "?q=..." (the 404 page's link to search): the reader asked to search, so open the box
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked !== null) {
      input.value = asked;
      input.focus();
      if (asked.trim()) run();
    }
    window.gongkaiSearch = { // for tests and the benchmark: ranked URLs of a query
      urls: function (query) {
        return open().search(query).then(function (found) {
          return open().docs(found.ids, found.meta).then(function (rows) {
            return { partial: found.partial, urls: rows.map(function (r) { return r[0]; }),
                     titles: rows.map(function (r) { return r[1]; }) };
          });
        });
      }
    };
  }

  var form = document.getElementById("gk-search");
  if (form) setup(form);
})();
