// Measures Fihris's search against Pagefind on the bundled site: the same
// Arabic queries with the articles a reader expects, article-level
// precision and recall, index size and indexing time. Not a test: a
// measurement whose output goes into docs/search.md.
//   node compare-search.mjs   (needs ../target/debug/fihris and network access to the npm registry for pagefind)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris");
const A1 = "3-أشياء-مهمة-عن-التدخل-في-كازاخستان";
const A2 = "لماذا-أرسلت-روسيا-قوات-إلى-كازاخستان";
// [query, articles that discuss it] — written by reading the two articles.
const QUERIES = [
  ["الجدوي الفنيه", [A2]],
  ["اوكرانيا", [A1, A2]],
  ["مورتزاشفيلى", [A1]],
  ["بالكرملين", [A2]],
  ["الكازاخستانيه", [A2]],
  ["توكاييف", [A1, A2]],
  ["سيرديوكوف", [A1]],
  ["الزناد", [A2]],
  ["العقوبات", [A2]],
  ["بيلاروسيا", [A1, A2]],
  ["منظمه معاهده الامن", [A1, A2]],
  ["أذربيجان", [A1]],
  ["بلينكن", [A1]],
  ["القرم", [A1]],
  ["جورجيا", [A1, A2]],
  ["الاتحاد السوفيتى", [A2]],
  ["حفظ السلام", [A1]],
  ["اسعار الوقود", [A2]],
];

function size(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0);
}

const work = mkdtempSync(join(tmpdir(), "fihris-search-"));
const site = join(work, "public");
let start = performance.now();
execFileSync(bin, ["build", "--quiet", "--root", repo, "--output-dir", site]);
const fihrisBuild = performance.now() - start;
start = performance.now();
execFileSync("npx", ["--yes", "pagefind@1.6.0", "--site", site, "--output-subdir", "pagefind", "--force-language", "ar"], { stdio: "ignore" });
const pagefindBuild = performance.now() - start;

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path.endsWith("/")) path += "index.html";
  const file = join(site, path);
  if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const page = await browser.newPage();
await page.goto(base + "search/index.html");

const article = (url) => [A1, A2].find((a) => decodeURIComponent(url).includes(a));
function score(found, expected) {
  const hits = found.filter((a) => expected.includes(a)).length;
  return { precision: found.length ? hits / found.length : 0, recall: hits / expected.length, top: found[0] && expected.includes(found[0]) };
}

const rows = [];
for (const [query, expected] of QUERIES) {
  const ours = await page.evaluate((q) => window.fihrisSearch(q), query);
  const oursArticles = [...new Set(ours.filter((r) => r.kind === "a").map((r) => article(r.url)).filter(Boolean))];
  const theirs = await page.evaluate(async (q) => {
    const pagefind = await import("/pagefind/pagefind.js");
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.map((r) => r.data()));
    return data.map((d) => d.url);
  }, query);
  const theirArticles = [...new Set(theirs.map(article).filter(Boolean))];
  rows.push({ query, expected: expected.length, fihris: score(oursArticles, expected), pagefind: score(theirArticles, expected) });
}
await browser.close();
server.close();

const mean = (engine, key) => rows.reduce((s, r) => s + (r[engine][key] === true ? 1 : r[engine][key] === false ? 0 : r[engine][key]), 0) / rows.length;
console.log("| query | expected articles | Fihris P / R | Pagefind P / R |");
console.log("| --- | --- | --- | --- |");
for (const r of rows) {
  const f = (s) => `${s.precision.toFixed(2)} / ${s.recall.toFixed(2)}`;
  console.log(`| ${r.query} | ${r.expected} | ${f(r.fihris)} | ${f(r.pagefind)} |`);
}
console.log(`| **mean** | | ${mean("fihris", "precision").toFixed(2)} / ${mean("fihris", "recall").toFixed(2)} | ${mean("pagefind", "precision").toFixed(2)} / ${mean("pagefind", "recall").toFixed(2)} |`);
console.log(`\ntop result correct: Fihris ${rows.filter((r) => r.fihris.top).length}/${rows.length}, Pagefind ${rows.filter((r) => r.pagefind.top).length}/${rows.length}`);
const ours = ["search-index.js", "search/shards", "search/docs"].map((p) => size(join(site, p)));
console.log(`index size: Fihris ${ours.reduce((a, b) => a + b)} B (manifest ${ours[0]}, shards ${ours[1]}, documents ${ours[2]}; + search.js ${size(join(site, "search.js"))} B); Pagefind ${size(join(site, "pagefind"))} B`);
console.log(`indexing time: Fihris whole build ${fihrisBuild.toFixed(0)} ms; Pagefind ${pagefindBuild.toFixed(0)} ms (npx, after the first download)`);
