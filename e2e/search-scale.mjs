// Measures the search page on a large built site, from disk (file://) in
// Debian's Chromium: for each query, the time from the call to the ranked
// results with their passages, and what the page loaded for it (shards and
// documents: the scripts it added; a file loaded for an earlier query is not
// loaded again). Not a test: a measurement for docs/search.md.
//   node search-scale.mjs SITE_OUTPUT_FOLDER [query ...]
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const site = resolve(process.argv[2] || "public");
const queries = process.argv.length > 3 ? process.argv.slice(3) : ["الاقتصاد", "العقوبات الطاقة", "بالكرملين", "كازاخستان", "Reuters", "المف"];
const size = (file) => statSync(file).size;
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"] });
const page = await browser.newPage();
let start = performance.now();
await page.goto(pathToFileURL(join(site, "search/index.html")).href);
await page.waitForFunction(() => typeof window.fihrisSearch === "function");
console.log(`page and manifest: ${(performance.now() - start).toFixed(0)} ms, manifest ${kib(size(join(site, "search-index.js")))}`);
console.log("| query | results | time | shards loaded | documents loaded |");
console.log("| --- | --- | --- | --- | --- |");
for (const query of queries) {
  const scripts = () => page.evaluate(() => [...document.head.querySelectorAll("script[src]")].map((s) => s.src));
  const before = (await scripts()).length;
  const t0 = performance.now();
  const results = await page.evaluate((q) => window.fihrisSearch(q), query);
  const took = performance.now() - t0;
  const loaded = (await scripts()).slice(before);
  const files = loaded.map((url) => fileURLToPath(url));
  const shards = files.filter((f) => f.includes("/search/shards/"));
  const docs = files.filter((f) => f.includes("/search/docs/"));
  const sum = (list) => list.reduce((s, f) => s + size(f), 0);
  console.log(`| ${query} | ${results.length} | ${took.toFixed(0)} ms | ${shards.length}, ${kib(sum(shards))} | ${docs.length}, ${kib(sum(docs))} |`);
}
await browser.close();
