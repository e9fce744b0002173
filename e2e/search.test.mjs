// The sharded search index on a generated site large enough for its shards
// to split (500 articles), in Debian's Chromium from file:// and over
// `fihris serve`: every query finds exactly the passages that a plain scan
// of every passage finds (the search of a single-script index, kept here
// as the reference), and ranks first a passage of the highest score.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris");
const corpus = process.env.FIHRIS_CORPUS || join(dirname(bin), "examples", "corpus");
const PORT = 21112;

let work, browser, server, manifest, documents;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "fihris-search-"));
  execFileSync(corpus, ["--articles", "500", "--seed", "3", "--out", join(work, "site")]);
  execFileSync(bin, ["build", "--quiet", "--root", join(work, "site"), "--output-dir", join(work, "public")]);
  // What the page reads, read here by running its scripts.
  const context = vm.createContext({ window: {} });
  vm.runInContext(readFileSync(join(work, "public", "search-index.js"), "utf8"), context);
  manifest = context.window.FIHRIS_SEARCH;
  documents = [];
  context.window.FIHRIS_SEARCH_PART = (n, docs) => docs.forEach((d, i) => { documents[n * manifest.per + i] = d; });
  for (const name of readdirSync(join(work, "public", "search", "docs"))) {
    vm.runInContext(readFileSync(join(work, "public", "search", "docs", name), "utf8"), context);
  }
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
  rmSync(work, { recursive: true, force: true });
});

// The reference: every passage scanned, words folded and split as the page
// splits a query; a passage matches when each query word starts a form of a
// word of the passage or of its document's title.
let scanned, folding;
function words(text) {
  folding ??= new Map(manifest.fold);
  const fold = (text) => [...text].map((c) => folding.get(c) ?? (c >= "A" && c <= "Z" ? c.toLowerCase() : c)).join("");
  const forms = (folded) => [folded, ...manifest.proclitics.filter((p) => folded.startsWith(p) && folded.length - p.length >= 2).map((p) => folded.slice(p.length))];
  return [...text.matchAll(/[\p{Alphabetic}\p{N}\p{Mn}\p{Me}\u0640]+/gu)].map((m) => fold(m[0])).filter(Boolean).map(forms);
}

function reference(query) {
  scanned ??= documents.map((doc) => ({ title: words(doc.t), passages: doc.p.map(([id, text]) => [id, words(text)]) }));
  const queries = words(query).map((q) => q.filter((f) => f.length >= 2));
  const hits = (word, q) => word.some((f) => q.some((p) => f.startsWith(p)));
  const found = [];
  documents.forEach((doc, d) => {
    const title = scanned[d].title;
    scanned[d].passages.forEach(([id, passage]) => {
      let score = 0;
      for (const q of queries) {
        const inText = passage.filter((w) => hits(w, q)).length;
        const inTitle = title.some((w) => hits(w, q));
        if (!inText && !inTitle) return;
        score += inText + (inTitle ? 3 : 0);
      }
      found.push({ key: `${doc.u}#${id}`, score });
    });
  });
  return queries.length && queries.every((q) => q.length) ? found : [];
}

function queries() {
  // Words of the corpus, their prefixes, pairs, a proclitic added, Latin.
  const seen = documents.slice(0, 40).flatMap((d) => (d.t + " " + d.p.map((p) => p[1]).join(" ")).split(/[\s.,،:;()«»"']+/)).filter((w) => w.length > 2);
  const pick = (i) => seen[(i * 7919) % seen.length];
  const list = ["ال", "الا", "ب", "وال", "the", "Reuters", "كازاخستان", "بالكرملين", "الجدوى الفنية"];
  for (let i = 0; i < 12; i++) list.push(pick(i), pick(i + 100).slice(0, 3), `${pick(i + 200)} ${pick(i + 300)}`, `و${pick(i + 400)}`);
  return list;
}

test("the generated site's shards split by longer keys", () => {
  assert.ok(manifest.shards.length > 20, `${manifest.shards.length} shards`);
  assert.ok(manifest.shards.some(([key]) => [...key].length >= 3), "no shard was split");
  assert.equal(documents.length, manifest.n.length);
});

for (const [origin, base] of [["file", () => pathToFileURL(join(work, "public")).href + "/"], ["serve", () => `http://127.0.0.1:${PORT}/`]]) {
  test(`every query finds exactly the passages a scan of every passage finds (${origin})`, async () => {
    const page = await browser.newPage();
    await page.goto(base() + "search/index.html");
    await page.waitForFunction(() => typeof window.fihrisSearch === "function");
    let nonEmpty = 0;
    for (const query of queries()) {
      const found = await page.evaluate((q) => window.fihrisSearch(q, 1e9), query);
      const expected = reference(query);
      const keys = found.map((r) => `${r.url}#${r.id}`);
      assert.deepEqual([...keys].sort(), expected.map((r) => r.key).sort(), query);
      if (expected.length) {
        nonEmpty++;
        const best = Math.max(...expected.map((r) => r.score));
        const first = expected.find((r) => r.key === keys[0]);
        assert.equal(first.score, best, `${query}: the first result does not have the highest score`);
        const passage = documents.flatMap((d) => d.p.map(([id, text]) => [`${d.u}#${id}`, text])).find(([k]) => k === keys[0]);
        assert.equal(found[0].text, passage[1], query);
      }
    }
    assert.ok(nonEmpty >= 30, `${nonEmpty} queries found something`);
    await page.close();
  });
}
