// Fihris search: runs in the page, with no request a browser would block
// (it works from file://). search-index.js, loaded with the page, carries
// the folding table and proclitics of the Rust normaliser, so a query is
// folded exactly like the text, the number of passages of each document
// and the keys of the index's shards. A query loads, as scripts, only the
// shards that hold the forms its words start with (search/shards/), then
// the documents of the pages it shows, ten to a file (search/docs/).
//
// Results are pages (articles and entries): a page is found when each
// query word is in its title or in one of its passages; under its title
// come its best passages, each holding a query word, highlighted.
(function () {
  "use strict";
  var data = window.FIHRIS_SEARCH;
  var input = document.getElementById("search-input");
  var form = document.getElementById("search-form");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  if (!data || !input || !list) return;
  var root = list.getAttribute("data-root") || "";
  var folding = new Map(data.fold);
  // The same characters as the Rust index's words (search::index::is_word_char).
  var WORD = /[\p{Alphabetic}\p{N}\p{Mn}\p{Me}\u0640]+/gu;
  // Pages shown at first, and added by each press of "show more".
  var PAGES = 10;
  // Passages shown under a page's title.
  var PASSAGES = 3;

  // The number of each document's first passage.
  var starts = [0];
  data.n.forEach(function (count, d) { starts.push(starts[d] + count); });

  function documentOf(passage) {
    var low = 0, high = data.n.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= passage) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  // Scripts of the index, loaded once each: they call these functions.
  var loading = {};
  var waiting = {};
  function arrived(key, value) {
    var resolve = waiting[key];
    delete waiting[key];
    if (resolve) resolve(value);
  }
  window.FIHRIS_SEARCH_SHARD = function (name, shard) { arrived("shards/" + name, shard); };
  window.FIHRIS_SEARCH_PART = function (number, docs) { arrived("docs/" + number, docs); };

  function load(key) {
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        waiting[key] = resolve;
        var script = document.createElement("script");
        script.src = root + "search/" + key + ".js";
        script.onload = function () {
          if (waiting[key]) fail();
        };
        script.onerror = fail;
        function fail() {
          delete waiting[key];
          delete loading[key];
          reject(new Error("search: cannot load " + script.src));
        }
        document.head.appendChild(script);
      });
    }
    return loading[key];
  }

  // The normaliser's folding (entities::normalize::fold): the table covers
  // the Arabic blocks (Arabic-Indic and Persian digits included) and the
  // invisible characters; Latin capitals are lower-cased.
  function fold(text) {
    var out = "";
    for (var ch of text) {
      var to = folding.get(ch);
      if (to !== undefined) out += to;
      else if (ch >= "A" && ch <= "Z") out += ch.toLowerCase();
      else out += ch;
    }
    return out;
  }

  // A folded word and the same word without each proclitic it may carry.
  function forms(folded) {
    var all = [folded];
    for (var i = 0; i < data.proclitics.length; i++) {
      var p = data.proclitics[i];
      if (folded.startsWith(p) && folded.length - p.length >= 2) all.push(folded.slice(p.length));
    }
    return all;
  }

  function words(text) {
    var found = [];
    for (var m of text.matchAll(WORD)) {
      var folded = fold(m[0]);
      if (folded) found.push({ start: m.index, end: m.index + m[0].length, forms: forms(folded) });
    }
    return found;
  }

  function matches(word, query) {
    for (var i = 0; i < word.forms.length; i++) {
      for (var j = 0; j < query.length; j++) {
        if (word.forms[i].startsWith(query[j])) return true;
      }
    }
    return false;
  }

  // The shards that may hold forms starting with `prefix`: the one of the
  // longest key that starts it, and every one whose key starts with it.
  function shardsFor(prefix) {
    var best = null;
    var names = [];
    data.shards.forEach(function (shard) {
      if (shard[0].startsWith(prefix)) names.push(shard[1]);
      else if (prefix.startsWith(shard[0]) && (!best || shard[0].length > best[0].length)) best = shard;
    });
    if (best) names.push(best[1]);
    return names;
  }

  // For one query word: how many times each passage holds it (the best of
  // its forms) and the documents whose title holds it.
  function postings(prefixes, shards) {
    var counts = new Map();
    var titles = new Set();
    prefixes.forEach(function (prefix) {
      var found = new Map();
      shards.forEach(function (shard) {
        shard.w.forEach(function (word, i) {
          if (!word.startsWith(prefix)) return;
          var passage = 0;
          var p = shard.p[i];
          for (var k = 0; k < p.length; k++) {
            passage += Math.floor(p[k] / 2);
            var count = p[k] % 2 ? p[++k] : 1;
            found.set(passage, (found.get(passage) || 0) + count);
          }
          var doc = 0;
          shard.t[i].forEach(function (gap) { doc += gap; titles.add(doc); });
        });
      });
      found.forEach(function (count, passage) {
        if (count > (counts.get(passage) || 0)) counts.set(passage, count);
      });
    });
    return { counts: counts, titles: titles };
  }

  // The query words, each as the prefixes a word of the text must start one
  // of its forms with; null when a word has none (one letter).
  function parse(query) {
    var queries = words(query).map(function (w) {
      return w.forms.filter(function (f) { return f.length >= 2; });
    });
    return queries.length && queries.every(function (q) { return q.length; }) ? queries : null;
  }

  // Gathers, by document, which query words its title holds and, for each
  // of its passages that holds one, how many times it holds each.
  function byDocument(found) {
    var docs = new Map();
    function entry(d) {
      var e = docs.get(d);
      if (!e) docs.set(d, e = { doc: d, has: found.map(function () { return false; }), title: 0, passages: new Map() });
      return e;
    }
    found.forEach(function (f, i) {
      f.titles.forEach(function (d) {
        var e = entry(d);
        if (!e.has[i]) e.title++;
        e.has[i] = true;
      });
      f.counts.forEach(function (count, passage) {
        var e = entry(documentOf(passage));
        var counts = e.passages.get(passage);
        if (!counts) e.passages.set(passage, counts = found.map(function () { return 0; }));
        counts[i] = count;
        e.has[i] = true;
      });
    });
    return docs;
  }

  // A passage scores its hits, plus 2 for each query word it holds past the
  // first; passages rank by the query words they hold, then by score. A
  // page scores 3 for each query word in its title, plus the scores of its
  // best PASSAGES passages.
  function rankPage(e) {
    var passages = [];
    e.passages.forEach(function (counts, passage) {
      var held = counts.filter(Boolean).length;
      var hits = counts.reduce(function (a, b) { return a + b; }, 0);
      passages.push({ passage: passage, held: held, score: hits + 2 * (held - 1) });
    });
    passages.sort(function (a, b) { return b.held - a.held || b.score - a.score || a.passage - b.passage; });
    var score = 3 * e.title;
    passages.slice(0, PASSAGES).forEach(function (p) { score += p.score; });
    return { doc: e.doc, score: score, passages: passages };
  }

  // The ranked pages of a query, from the shards alone: each with its
  // score and its passages that hold a query word, best first.
  function search(query) {
    var queries = parse(query);
    if (!queries) return Promise.resolve({ queries: [], pages: [] });
    var needed = [];
    queries.forEach(function (q) {
      q.forEach(function (prefix) {
        shardsFor(prefix).forEach(function (name) { if (needed.indexOf(name) < 0) needed.push(name); });
      });
    });
    return Promise.all(needed.map(function (name) { return load("shards/" + name); })).then(function (shards) {
      var pages = [];
      byDocument(queries.map(function (q) { return postings(q, shards); })).forEach(function (e) {
        if (e.has.every(Boolean)) pages.push(rankPage(e));
      });
      pages.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return { queries: queries, pages: pages };
    });
  }

  // Loads the documents of `pages` and adds to each its document and the
  // text and hits of the passages shown (those that show a hit).
  function withText(pages, queries) {
    return Promise.all(pages.map(function (page) {
      return load("docs/" + Math.floor(page.doc / data.per)).then(function (docs) {
        var doc = docs[page.doc % data.per];
        var hit = function (w) { return queries.some(function (q) { return matches(w, q); }); };
        var shown = [];
        for (var i = 0; i < page.passages.length && shown.length < PASSAGES; i++) {
          var passage = doc.p[page.passages[i].passage - starts[page.doc]];
          var hits = words(passage[1]).filter(hit);
          if (hits.length) shown.push({ id: passage[0], text: passage[1], hits: hits });
        }
        return { page: page, doc: doc, titleHits: words(doc.t).filter(hit), shown: shown };
      });
    }));
  }

  function direction(text) {
    var rtl = (text.match(/[\u0590-\u08FF]/g) || []).length;
    var ltr = (text.match(/[A-Za-z\u00C0-\u024F]/g) || []).length;
    return rtl >= ltr ? "rtl" : "ltr";
  }

  function escape(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // `text` from `from` to `to`, its hits marked.
  function marked(text, hits, from, to) {
    var html = "";
    var at = from;
    hits.forEach(function (hit) {
      if (hit.start < at || hit.end > to) return;
      html += escape(text.slice(at, hit.start)) + "<mark>" + escape(text.slice(hit.start, hit.end)) + "</mark>";
      at = hit.end;
    });
    return html + escape(text.slice(at, to));
  }

  // Up to 200 characters around the first hit, its hits marked.
  function snippet(text, hits) {
    var first = hits[0].start;
    var from = Math.max(0, text.lastIndexOf(" ", Math.max(0, first - 80)) + 1);
    if (from > first) from = 0;
    var to = text.indexOf(" ", Math.max(hits[0].end, Math.min(text.length, first + 120)));
    if (to < 0 || first + 120 >= text.length) to = text.length;
    return (from > 0 ? "…" : "") + marked(text, hits, from, to) + (to < text.length ? "…" : "");
  }

  // Arabic counts: the form of the noun follows the number (one, two, 3 to
  // 10, 11 to 99, and the rest), as Intl.PluralRules("ar") tells them.
  var plurals = new Intl.PluralRules("ar");
  var NOUNS = {
    result: { zero: "لا نتائج", one: "نتيجة واحدة", two: "نتيجتان", few: "# نتائج", many: "# نتيجة", other: "# نتيجة" },
    page: { zero: "# صفحة", one: "صفحة واحدة", two: "صفحتين", few: "# صفحات", many: "# صفحة", other: "# صفحة" },
    passage: { zero: "", one: "مقطع آخر", two: "مقطعان آخران", few: "# مقاطع أخرى", many: "# مقطعًا آخر", other: "# مقطع آخر" },
  };
  function counted(n, noun) {
    return NOUNS[noun][plurals.select(n)].replace("#", String(n));
  }

  // A result is a passage that holds a query word, or a page found by its
  // title alone.
  function resultCount(pages) {
    return pages.reduce(function (sum, page) { return sum + Math.max(1, page.passages.length); }, 0);
  }

  function summary(pages) {
    if (!pages.length) return counted(0, "result");
    return counted(resultCount(pages), "result") + " في " + counted(pages.length, "page");
  }

  function pageHtml(r) {
    var href = root + encodeURI(r.doc.u);
    var title = '<h3 class="search-result-title" dir="' + direction(r.doc.t) + '"><a href="' + escape(href) + '">' +
      marked(r.doc.t, r.titleHits, 0, r.doc.t.length) + "</a></h3>";
    var passages = r.shown.map(function (p) {
      var link = href + (p.id ? "#" + encodeURIComponent(p.id) : "");
      return '<li><a class="result" href="' + escape(link) + '"><span class="result-snippet" dir="' +
        direction(p.text) + '">' + snippet(p.text, p.hits) + "</span></a></li>";
    }).join("");
    var rest = r.page.passages.length - r.shown.length;
    return '<li class="search-result">' + title + (passages ? '<ol class="search-result-passages">' + passages + "</ol>" : "") +
      (rest > 0 && r.shown.length ? '<p class="search-result-more">و' + counted(rest, "passage") + " في هذه الصفحة</p>" : "") +
      "</li>";
  }

  // The query shown, and how many of its pages are.
  var current = { turn: 0, queries: [], pages: [], shown: 0 };

  function heading() {
    return status.querySelector("h2");
  }

  // Adds the next PAGES pages of the current query to the list; with
  // `focus`, moves the focus to the first of them.
  function showMore(focus) {
    var turn = current.turn;
    var next = current.pages.slice(current.shown, current.shown + PAGES);
    return withText(next, current.queries).then(function (results) {
      if (turn !== current.turn) return;
      var first = list.children.length;
      list.insertAdjacentHTML("beforeend", results.map(pageHtml).join(""));
      current.shown += next.length;
      if (more) more.hidden = current.shown >= current.pages.length;
      if (focus && list.children[first]) list.children[first].querySelector("a").focus();
    });
  }

  function failed(turn, error) {
    if (turn !== current.turn) return;
    list.innerHTML = "";
    if (more) more.hidden = true;
    status.textContent = status.getAttribute("data-error") || "تعذّر تحميل فهرس البحث.";
    console.error(error);
  }

  // Shows the results of `query`; with `focus`, then moves the focus to
  // their heading, so that the next Tab reaches the first result.
  function show(query, focus) {
    var turn = ++current.turn;
    search(query).then(function (found) {
      if (turn !== current.turn) return;
      current = { turn: turn, queries: found.queries, pages: found.pages, shown: 0 };
      list.innerHTML = "";
      return showMore(false).then(function () {
        if (turn !== current.turn) return;
        status.innerHTML = query.trim() ? '<h2 id="search-summary" tabindex="-1">' + escape(summary(found.pages)) + "</h2>" : "";
        if (focus && heading()) heading().focus();
      });
    }).catch(function (error) { failed(turn, error); });
  }

  // For measurements and tests: the first `limit` pages of a query (10 by
  // default), each with its address, kind, title, score, its passages that
  // hold a query word (their numbers in the document, best first) and the
  // passages shown (id and text).
  window.fihrisSearch = function (query, limit) {
    return search(query).then(function (found) {
      return withText(found.pages.slice(0, limit || PAGES), found.queries);
    }).then(function (results) {
      return results.map(function (r) {
        return {
          url: r.doc.u, kind: r.doc.k, title: r.doc.t, score: r.page.score,
          passages: r.page.passages.map(function (p) { return p.passage - starts[r.page.doc]; }),
          shown: r.shown.map(function (p) { return { id: p.id, text: p.text }; }),
        };
      });
    });
  };

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value, false); }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    show(input.value, true);
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (e) {
      // Some browsers refuse history changes on file:// pages; the search still works.
    }
  });
  if (more) {
    more.addEventListener("click", function () {
      showMore(true).catch(function (error) { failed(current.turn, error); });
    });
  }
  // Arriving with a query (from the search field of another page): the
  // results, and the focus on them.
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial, true);
  }
})();
