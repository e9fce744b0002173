// The search page in Debian's Chromium. On a generated site large enough for
// the index's shards to split (500 articles), from file:// and over
// `fihris serve`: every query finds exactly the pages, and in each the
// passages, that a plain scan of every passage finds, ranked as the scan
// ranks them; the count is exact and "show more" reveals every page. On the
// bundled site: results grouped by page with highlighted passages, Arabic
// counts, Arabic-Indic and Persian digits, captions, the focus after a
// search, one search field, and the page's own styles.
//   FIHRIS_BIN (the fihris binary), FIHRIS_CORPUS (the corpus generator) and
//   FIHRIS_SITE (the bundled site's root, the repository by default).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris");
const corpus = process.env.FIHRIS_CORPUS || join(dirname(bin), "examples", "corpus");
const bundledRoot = process.env.FIHRIS_SITE || repo;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PORT = 21112;

let work, browser, server;
// The generated site and the bundled site, read as the page reads them.
let generated, bundled;

// The manifest and every document of a built site, by running its scripts.
function readIndex(dir) {
  const context = vm.createContext({ window: {} });
  vm.runInContext(readFileSync(join(dir, "search-index.js"), "utf8"), context);
  const manifest = context.window.FIHRIS_SEARCH;
  const documents = [];
  context.window.FIHRIS_SEARCH_PART = (n, docs) => docs.forEach((d, i) => { documents[n * manifest.per + i] = d; });
  for (const name of readdirSync(join(dir, "search", "docs"))) {
    vm.runInContext(readFileSync(join(dir, "search", "docs", name), "utf8"), context);
  }
  return { dir, manifest, documents, folding: new Map(manifest.fold), scanned: null };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "fihris-search-"));
  execFileSync(corpus, ["--articles", "500", "--seed", "3", "--out", join(work, "site")]);
  const build = (root, out) => execFileSync(bin, ["build", "--quiet", "--root", root, "--output-dir", join(work, out)]);
  build(join(work, "site"), "public");
  build(bundledRoot, "bundled");
  generated = readIndex(join(work, "public"));
  bundled = readIndex(join(work, "bundled"));
  server = spawn(bin, ["serve", "--root", join(work, "site"), "--port", String(PORT)], { stdio: "ignore" });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/__fihris/status`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

// --- The reference: every passage scanned ----------------------------------
// Words are folded and split as the page splits a query; each word has its
// forms (itself, and without each proclitic when two letters are left).

function words(site, text) {
  const fold = (text) => [...text].map((c) => site.folding.get(c) ?? (c >= "A" && c <= "Z" ? c.toLowerCase() : c)).join("");
  const forms = (folded) => [folded, ...site.manifest.proclitics.filter((p) => folded.startsWith(p) && folded.length - p.length >= 2).map((p) => folded.slice(p.length))];
  return [...text.matchAll(/[\p{Alphabetic}\p{N}\p{Mn}\p{Me}\u0640]+/gu)].map((m) => fold(m[0])).filter(Boolean).map(forms);
}

// How many times a passage holds a query word: for each of the word's
// prefixes, the forms of the passage's words that start with it; the best.
function count(passage, prefixes) {
  return Math.max(...prefixes.map((p) => passage.reduce((sum, forms) => sum + forms.filter((f) => f.startsWith(p)).length, 0)));
}

// The pages a query finds: each query word in the title or in a passage;
// its passages that hold a query word, ranked by the words they hold, then
// their score (hits, plus 2 for each word past the first); pages ranked by
// 3 for each word in the title plus the scores of their best 3 passages.
function reference(site, query) {
  site.scanned ??= site.documents.map((doc) => ({ title: words(site, doc.t), passages: doc.p.map(([, text]) => words(site, text)) }));
  const queries = words(site, query).map((q) => q.filter((f) => f.length >= 2));
  if (!queries.length || queries.some((q) => !q.length)) return [];
  const pages = [];
  site.scanned.forEach(({ title, passages }, d) => {
    const inTitle = queries.map((q) => title.some((forms) => forms.some((f) => q.some((p) => f.startsWith(p)))));
    const counts = passages.map((passage) => queries.map((q) => count(passage, q)));
    if (!queries.every((_, i) => inTitle[i] || counts.some((c) => c[i] > 0))) return;
    const hit = [];
    counts.forEach((c, at) => {
      const held = c.filter(Boolean).length;
      if (held) hit.push({ at, held, score: c.reduce((a, b) => a + b, 0) + 2 * (held - 1) });
    });
    hit.sort((a, b) => b.held - a.held || b.score - a.score || a.at - b.at);
    const score = 3 * inTitle.filter(Boolean).length + hit.slice(0, 3).reduce((s, p) => s + p.score, 0);
    pages.push({ d, url: site.documents[d].u, score, passages: hit.map((p) => p.at) });
  });
  return pages.sort((a, b) => b.score - a.score || a.d - b.d);
}

// A result is a passage that holds a query word, or a page found by its title.
const resultCount = (pages) => pages.reduce((sum, p) => sum + Math.max(1, p.passages.length), 0);

// The count in Arabic, written out rule by rule: the noun's form follows
// the number (1, 2, 3 to 10, 11 to 99, and the rest, by the last two digits).
function arabicCount(n, [one, two, few, many]) {
  if (n === 1) return one;
  if (n === 2) return two;
  const last = n % 100;
  if (last >= 3 && last <= 10) return `${n} ${few}`;
  return `${n} ${many}`;
}
const summary = (results, pages) =>
  results ? `${arabicCount(results, ["نتيجة واحدة", "نتيجتان", "نتائج", "نتيجة"])} في ${arabicCount(pages, ["صفحة واحدة", "صفحتين", "صفحات", "صفحة"])}` : "لا نتائج";

function queries(site) {
  // Words of the corpus, their prefixes, pairs, a proclitic added, Latin.
  const seen = site.documents.slice(0, 40).flatMap((d) => (d.t + " " + d.p.map((p) => p[1]).join(" ")).split(/[\s.,،:;()«»"']+/)).filter((w) => w.length > 2);
  const pick = (i) => seen[(i * 7919) % seen.length];
  const list = ["ال", "الا", "ب", "وال", "the", "Reuters", "كازاخستان", "بالكرملين", "الجدوى الفنية"];
  for (let i = 0; i < 12; i++) list.push(pick(i), pick(i + 100).slice(0, 3), `${pick(i + 200)} ${pick(i + 300)}`, `و${pick(i + 400)}`);
  return list;
}

// --- Helpers in the browser -----------------------------------------------

const fileBase = (site) => pathToFileURL(site.dir).href + "/";

async function open(site, query, options = {}) {
  const page = await browser.newPage(options);
  await page.goto(fileBase(site) + "search/index.html" + (query === undefined ? "" : "?q=" + encodeURIComponent(query)));
  if (query !== undefined) await page.waitForFunction(() => document.getElementById("search-status").textContent.trim(), null, { timeout: 10000 });
  return page;
}

// The results shown: each page's title link and its passage links.
function shown(page) {
  return page.$$eval("#search-results > li", (items) => items.map((li) => ({
    title: li.querySelector("h3 a, a")?.getAttribute("href"),
    passages: [...li.querySelectorAll("a.result")].map((a) => ({
      href: a.getAttribute("href"),
      text: a.textContent.trim(),
      marks: [...a.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  })));
}

async function activeLink(page) {
  return page.evaluate(() => document.activeElement.closest("#search-results") ? document.activeElement.getAttribute("href") : document.activeElement.outerHTML.slice(0, 80));
}

// --- Tests -------------------------------------------------------------------

test("the generated site's shards split by longer keys", () => {
  const { manifest, documents } = generated;
  assert.ok(manifest.shards.length > 20, `${manifest.shards.length} shards`);
  assert.ok(manifest.shards.some(([key]) => [...key].length >= 3), "no shard was split");
  assert.equal(documents.length, manifest.n.length);
});

for (const [origin, base] of [["file", () => fileBase(generated)], ["serve", () => `http://127.0.0.1:${PORT}/`]]) {
  test(`every query finds the pages and passages a scan finds, ranked as it ranks them (${origin})`, async () => {
    const page = await browser.newPage();
    await page.goto(base() + "search/index.html");
    await page.waitForFunction(() => typeof window.fihrisSearch === "function");
    let nonEmpty = 0;
    for (const query of queries(generated)) {
      const found = await page.evaluate((q) => window.fihrisSearch(q, 1e9), query);
      const expected = reference(generated, query);
      const strip = (pages) => pages.map((p) => ({ url: p.url, score: p.score, passages: p.passages }));
      assert.deepEqual(strip(found), strip(expected), query);
      if (expected.length) nonEmpty++;
      for (const result of found) {
        assert.ok(result.shown.length <= 3, `${query}: ${result.shown.length} passages shown`);
        assert.equal(result.shown.length, Math.min(3, result.passages.length), `${query}: ${result.url}`);
        assert.ok(result.shown.every((p) => p.text.trim()), `${query}: an empty passage is shown`);
      }
    }
    assert.ok(nonEmpty >= 30, `${nonEmpty} queries found something`);
    await page.close();
  });
}

test("results are grouped by page, each passage shown with a highlighted hit", async () => {
  const page = await open(bundled, "كازاخستان");
  const results = await shown(page);
  const titles = results.map((r) => r.title);
  assert.ok(results.length >= 2, `${results.length} pages`);
  assert.equal(new Set(titles).size, titles.length, `a page is listed twice: ${titles}`);
  const expected = reference(bundled, "كازاخستان");
  assert.deepEqual(titles.map(decodeURIComponent), expected.map((p) => "../" + p.url));
  for (const [i, result] of results.entries()) {
    assert.ok(result.passages.length <= 3, `${result.title}: ${result.passages.length} passages`);
    // A title that holds the word does not make every passage a result.
    assert.equal(result.passages.length, Math.min(3, expected[i].passages.length), result.title);
    for (const passage of result.passages) {
      assert.ok(passage.text.length > 0, `${result.title}: an empty snippet`);
      assert.ok(passage.marks.length > 0 && passage.marks.every((m) => m.length > 0), `${passage.href}: no highlighted word in «${passage.text.slice(0, 60)}»`);
      assert.ok(passage.href.startsWith(result.title), `${passage.href} is not in ${result.title}`);
    }
  }
  // Passages link to their passage; the page's title mark highlights the word.
  assert.ok(results.some((r) => r.passages.some((p) => /#p-[0-9a-z]{6}(-\d+)?$/.test(p.href))));
  assert.ok((await page.$$eval("#search-results h3 mark", (m) => m.length)) > 0, "no title is highlighted");
  await page.close();
});

test("the count is exact, in Arabic, and \"show more\" reveals every page from the keyboard", async () => {
  // Bundled: one result in one page, and two in two (not "1 نتائج").
  for (const query of ["gas mask", "مورتزاشفيلى", "كازاخستان"]) {
    const page = await open(bundled, query);
    const expected = reference(bundled, query);
    const heading = (await page.textContent("#search-status")).trim();
    assert.equal(heading, summary(resultCount(expected), expected.length), query);
    await page.close();
  }
  // Generated: many pages, ten shown at first.
  const query = "كازاخستان";
  const expected = reference(generated, query);
  assert.ok(expected.length > 25, `${expected.length} pages`);
  const page = await open(generated, query);
  assert.equal((await page.textContent("#search-status")).trim(), summary(resultCount(expected), expected.length));
  assert.equal(await page.locator("#search-results > li").count(), 10);
  let presses = 0;
  while (await page.isVisible("#search-more")) {
    const before = await page.locator("#search-results > li").count();
    await page.focus("#search-more");
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, before);
    // The focus moves to the first page added.
    const first = await page.locator("#search-results > li").nth(before).locator("a").first().getAttribute("href");
    assert.equal(await activeLink(page), first, `after "show more" ${presses + 1}`);
    presses++;
    assert.ok(presses < 100, "show more never ends");
  }
  const titles = (await shown(page)).map((r) => decodeURIComponent(r.title));
  assert.deepEqual(titles, expected.map((p) => "../" + p.url));
  await page.close();
});

test("Arabic-Indic and Persian digits find what ASCII digits find", async () => {
  const page = await open(bundled, "2020");
  const ascii = await shown(page);
  assert.ok(ascii.length > 0, "2020 finds nothing");
  await page.close();
  for (const query of ["٢٠٢٠", "۲۰۲۰"]) {
    const page = await open(bundled, query);
    assert.deepEqual(await shown(page), ascii, query);
    await page.close();
  }
});

test("captions are found, and lead to their figure", async () => {
  const page = await open(bundled, "gas mask");
  const results = await shown(page);
  assert.equal(results.length, 1, JSON.stringify(results));
  const [passage] = results[0].passages;
  assert.deepEqual(passage.marks, ["gas", "mask"]);
  assert.match(passage.href, /#p-[0-9a-z]{6}(-\d+)?$/);
  await page.click("#search-results a.result");
  await page.waitForLoadState();
  const target = await page.$eval(":target", (e) => [e.localName, e.querySelector("figcaption")?.textContent ?? ""]);
  assert.equal(target[0], "figure");
  assert.match(target[1], /gas mask/i);
  await page.close();
});

test("arriving with a query (?q=, from another page's field), one Tab reaches the first result", async () => {
  const page = await open(bundled, "كازاخستان");
  const first = await page.locator("#search-results a").first().getAttribute("href");
  await page.keyboard.press("Tab");
  assert.equal(await activeLink(page), first);
  await page.close();
});

test("after Enter in the search field, one Tab reaches the first result", async () => {
  const first = "../" + encodeURI(reference(bundled, "كازاخستان")[0].url);
  const page = await open(bundled);
  await page.focus("#search-input");
  await page.keyboard.type("كازاخستان");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("search-status").textContent.trim(), null, { timeout: 10000 });
  // The focus goes to the count once the results of Enter are shown.
  await page.waitForFunction(() => document.activeElement.id === "search-summary", null, { timeout: 3000 }).catch(() => {});
  await page.keyboard.press("Tab");
  assert.equal(await activeLink(page), first);
  await page.close();
});

test("the search page has one search field, and other pages keep theirs", async () => {
  const page = await open(bundled);
  assert.equal(await page.locator('input[type="search"]').count(), 1);
  assert.equal(await page.locator('form[role="search"]').count(), 1);
  await page.goto(fileBase(bundled) + "index.html");
  assert.equal(await page.locator('input[type="search"]').count(), 1);
  await page.close();
});

test("the search page is styled: its button, focus, dark mode, 320 px, no axe violation", async () => {
  const colours = {};
  for (const scheme of ["light", "dark"]) {
    const page = await open(bundled, "كازاخستان", { colorScheme: scheme, viewport: { width: 320, height: 640 } });
    const style = await page.evaluate(() => {
      const button = document.querySelector("#search-form button");
      const probe = document.createElement("span");
      probe.style.color = "var(--accent)";
      document.body.append(probe);
      const accent = getComputedStyle(probe).color;
      probe.remove();
      const s = getComputedStyle(button);
      return { accent, background: s.backgroundColor, radius: s.borderRadius, overflow: document.documentElement.scrollWidth - innerWidth };
    });
    assert.equal(style.background, style.accent, `${scheme}: the button is not styled`);
    assert.notEqual(style.radius, "0px", scheme);
    assert.ok(style.overflow <= 0, `${scheme}: ${style.overflow} px wider than 320`);
    colours[scheme] = style.background;
    // The focus is visible on the button when reached from the keyboard.
    await page.focus("#search-input");
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return [document.activeElement.localName, s.outlineStyle, parseFloat(s.outlineWidth)];
    });
    assert.deepEqual(outline.slice(0, 2), ["button", "solid"], scheme);
    assert.ok(outline[2] >= 2, `${scheme}: outline ${outline[2]} px`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
    assert.deepEqual(violations, [], scheme);
    await page.close();
  }
  assert.notEqual(colours.light, colours.dark, "the button does not follow the colour scheme");
});
