// Fihris search: runs in the page, with no request a browser would block
// (it works from file://). search-index.js, loaded with the page, carries
// the folding table and proclitics of the Rust normaliser, so a query is
// folded exactly like the text, the number of passages of each document
// and the keys of the index's shards. A query loads, as scripts, only the
// shards that hold the forms its words start with (search/shards/), then
// the documents of the results it shows, ten to a file (search/docs/).
(function () {
  "use strict";
  var data = window.FIHRIS_SEARCH;
  var input = document.getElementById("search-input");
  var form = document.getElementById("search-form");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!data || !input || !list) return;
  var root = list.getAttribute("data-root") || "";
  var folding = new Map(data.fold);
  // The same characters as the Rust index's words (search::index::is_word_char).
  var WORD = /[\p{Alphabetic}\p{N}\p{Mn}\p{Me}\u0640]+/gu;
  var LIMIT = 50;

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

  // The ranked results of a query: every query word must be in the passage
  // or in its document's title; a passage scores its hits, plus 3 for each
  // word in the title.
  function search(query, limit) {
    var queries = words(query).map(function (w) {
      return w.forms.filter(function (f) { return f.length >= 2; });
    });
    if (!queries.length || queries.some(function (q) { return !q.length; })) return Promise.resolve([]);
    var needed = [];
    queries.forEach(function (q) {
      q.forEach(function (prefix) {
        shardsFor(prefix).forEach(function (name) { if (needed.indexOf(name) < 0) needed.push(name); });
      });
    });
    return Promise.all(needed.map(function (name) { return load("shards/" + name); })).then(function (shards) {
      var found = queries.map(function (q) { return postings(q, shards); });
      var candidates = new Set(found[0].counts.keys());
      found[0].titles.forEach(function (d) {
        for (var p = starts[d]; p < starts[d + 1]; p++) candidates.add(p);
      });
      var ranked = [];
      candidates.forEach(function (passage) {
        var doc = documentOf(passage);
        var score = 0;
        for (var i = 0; i < found.length; i++) {
          var count = found[i].counts.get(passage) || 0;
          var inTitle = found[i].titles.has(doc);
          if (!count && !inTitle) return;
          score += count + (inTitle ? 3 : 0);
        }
        ranked.push({ passage: passage, doc: doc, score: score });
      });
      ranked.sort(function (a, b) { return b.score - a.score || a.passage - b.passage; });
      ranked = ranked.slice(0, limit || LIMIT);
      // load() fetches each file once: results in the same file share it.
      return Promise.all(ranked.map(function (r) {
        return load("docs/" + Math.floor(r.doc / data.per)).then(function (docs) {
          var doc = docs[r.doc % data.per];
          var passage = doc.p[r.passage - starts[r.doc]];
          var hits = words(passage[1]).filter(function (w) {
            return queries.some(function (q) { return matches(w, q); });
          });
          return { doc: doc, id: passage[0], text: passage[1], hits: hits };
        });
      }));
    });
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

  function snippet(text, hits) {
    var first = hits.length ? hits[0].start : 0;
    var from = Math.max(0, text.lastIndexOf(" ", Math.max(0, first - 80)) + 1);
    var to = text.indexOf(" ", Math.min(text.length, first + 120));
    if (to < 0 || first + 120 >= text.length) to = text.length;
    var html = from > 0 ? "…" : "";
    var at = from;
    hits.forEach(function (hit) {
      if (hit.start < at || hit.end > to) return;
      html += escape(text.slice(at, hit.start)) + "<mark>" + escape(text.slice(hit.start, hit.end)) + "</mark>";
      at = hit.end;
    });
    return html + escape(text.slice(at, to)) + (to < text.length ? "…" : "");
  }

  var shown = 0;
  function show(query) {
    var turn = ++shown;
    search(query).then(function (results) {
      if (turn !== shown) return;
      list.innerHTML = results.map(function (r) {
        var href = root + encodeURI(r.doc.u) + (r.id ? "#" + encodeURIComponent(r.id) : "");
        return '<li><a class="result" href="' + escape(href) + '"><span class="result-title" dir="' +
          direction(r.doc.t) + '">' + escape(r.doc.t) + '</span><span class="result-snippet" dir="' +
          direction(r.text) + '">' + snippet(r.text, r.hits) + "</span></a></li>";
      }).join("");
      status.textContent = query.trim() ? status.getAttribute("data-results") + " " + results.length : "";
    }, function (error) {
      if (turn !== shown) return;
      list.innerHTML = "";
      status.textContent = status.getAttribute("data-error") || "تعذّر تحميل فهرس البحث.";
      console.error(error);
    });
  }

  // For measurements and tests: the ranked results of a query (the first
  // 50, or `limit`).
  window.fihrisSearch = function (query, limit) {
    return search(query, limit).then(function (results) {
      return results.map(function (r) { return { url: r.doc.u, id: r.id, kind: r.doc.k, text: r.text }; });
    });
  };

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (e) {
      // Some browsers refuse history changes on file:// pages; the search still works.
    }
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial);
  }
})();
