// Fihris search: runs in the page, with no request (works from file://).
// The index (search-index.js) carries the folding table and proclitics of
// the Rust normaliser, so a query is folded exactly like the text.
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
  var WORD = /[\p{L}\p{N}\p{M}\u0640]+/gu;
  var prepared = null;

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

  function prepare() {
    if (prepared) return prepared;
    prepared = [];
    data.docs.forEach(function (doc, d) {
      var title = words(doc.t);
      doc.p.forEach(function (passage) {
        prepared.push({ doc: d, id: passage[0], text: passage[1], title: title, words: words(passage[1]) });
      });
    });
    return prepared;
  }

  function matches(word, query) {
    for (var i = 0; i < word.forms.length; i++) {
      for (var j = 0; j < query.length; j++) {
        if (query[j].length >= 2 && word.forms[i].startsWith(query[j])) return true;
      }
    }
    return false;
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

  function snippet(entry, hits) {
    var text = entry.text;
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

  function search(query) {
    var queries = words(query).map(function (w) { return w.forms; });
    if (!queries.length) return [];
    var results = [];
    prepare().forEach(function (entry, order) {
      var score = 0;
      var hits = [];
      for (var q = 0; q < queries.length; q++) {
        var inText = entry.words.filter(function (w) { return matches(w, queries[q]); });
        var inTitle = entry.title.some(function (w) { return matches(w, queries[q]); });
        if (!inText.length && !inTitle) return;
        score += inText.length + (inTitle ? 3 : 0);
        hits = hits.concat(inText);
      }
      hits.sort(function (a, b) { return a.start - b.start; });
      results.push({ entry: entry, hits: hits, score: score, order: order });
    });
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return results.slice(0, 50);
  }

  function show(query) {
    var results = search(query);
    list.innerHTML = results.map(function (r) {
      var doc = data.docs[r.entry.doc];
      var href = root + encodeURI(doc.u) + (r.entry.id ? "#" + encodeURIComponent(r.entry.id) : "");
      return '<li><a class="result" href="' + escape(href) + '"><span class="result-title" dir="' +
        direction(doc.t) + '">' + escape(doc.t) + '</span><span class="result-snippet" dir="' +
        direction(r.entry.text) + '">' + snippet(r.entry, r.hits) + "</span></a></li>";
    }).join("");
        status.textContent = query.trim() ? status.getAttribute("data-results") + " " + results.length : "";
  }

    // For measurements and tests: the ranked results of a query.
  window.fihrisSearch = function (query) {
    return search(query).map(function (r) {
      var doc = data.docs[r.entry.doc];
      return { url: doc.u, id: r.entry.id, kind: doc.k };
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
