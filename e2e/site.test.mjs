// End-to-end tests of the built bundled site in Debian's Chromium, from
// file:// and over `fihris serve`: direction, search, passage links, live
// reload, accessibility (axe-core). Screenshots go to e2e/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, cpSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { launch } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris");
const shots = join(here, "screenshots");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const ARTICLE = "articles/لماذا-أرسلت-روسيا-قوات-إلى-كازاخستان/index.html";
const PORT = 21111;

let browser;
let work;
let fileRoot;
let server;

function url(base, path) {
  return base + encodeURI(path);
}

async function waitForServer(base) {
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(base + "__fihris/status");
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("fihris serve did not start");
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "fihris-e2e-"));
  execFileSync(bin, ["build", "--quiet", "--root", repo, "--output-dir", join(work, "public")]);
  fileRoot = pathToFileURL(join(work, "public")).href + "/";
  const site = join(work, "site");
  for (const part of ["config.toml", "content", "templates", "static"]) {
    cpSync(join(repo, part), join(site, part), { recursive: true });
  }
  server = spawn(bin, ["serve", "--root", site, "--port", String(PORT)], { stdio: "ignore" });
  await waitForServer(`http://127.0.0.1:${PORT}/`);
  browser = await launch(["--disable-quic"]);
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

const origins = () => [["file", fileRoot], ["serve", `http://127.0.0.1:${PORT}/`]];

test("the article body is right to left and the English caption left to right", async () => {
  for (const [name, base] of origins()) {
    const page = await browser.newPage();
    await page.goto(url(base, ARTICLE));
    const body = await page.$eval(".article-body p", (p) => getComputedStyle(p).direction);
    const caption = await page.$eval("figcaption", (c) => getComputedStyle(c).direction);
    assert.equal(body, "rtl", name);
    assert.equal(caption, "ltr", name);
    const code = await page.$$eval("code, pre", (all) => all.map((c) => getComputedStyle(c).direction));
    assert.ok(code.every((d) => d === "ltr"));
    await page.screenshot({ path: join(shots, `article-${name}.png`), fullPage: true });
    await page.close();
  }
});

test("search folds hamza, taa marbuta and alef maqsura and lands on the passage", async () => {
  const cases = [
    ["الجدوي الفنيه", "لماذا-أرسلت-روسيا", "الجدوى الفنية"],
    ["اوكرانيا", "لماذا-أرسلت-روسيا", "أوكرانيا"],
    ["مورتزاشفيلى", "3-أشياء-مهمة", "مورتزاشفيلي"],
    ["بالكرملين", "لماذا-أرسلت-روسيا", "الكرملين"],
  ];
  for (const [name, base] of origins()) {
    for (const [query, article, expected] of cases) {
      const page = await browser.newPage();
      await page.goto(url(base, "search/index.html"));
      await page.fill("#search-input", query);
      await page.waitForSelector("#search-results li");
            const first = page.locator('#search-results a.result[href*="#p-"]').first();
      const href = decodeURIComponent(await first.getAttribute("href"));
      assert.ok(href.includes(article) && /#p-[0-9a-z]{6}(-\d+)?$/.test(href), `${name} ${query}: ${href}`);
      assert.ok((await first.locator("mark").first().textContent()).length > 0);
      if (query === cases[0][0]) await page.screenshot({ path: join(shots, `search-${name}.png`), fullPage: true });
      await first.click();
      await page.waitForLoadState();
      const target = await page.$eval(":target", (e) => e.textContent);
      assert.ok(target.includes(expected), `${name} ${query}: ${target.slice(0, 80)}`);
      await page.close();
    }
  }
});

test("a passage link of an entry page lands on the passage that names the entry", async () => {
  for (const [name, base] of origins()) {
    const page = await browser.newPage();
    await page.goto(url(base, "actors/tokayev/index.html"));
    await page.screenshot({ path: join(shots, `entry-${name}.png`), fullPage: true });
    const snippets = page.locator(".appearances a.snippet");
    assert.ok((await snippets.count()) >= 3);
    await snippets.nth(1).click();
    await page.waitForLoadState();
    assert.match(decodeURIComponent(page.url()), /#p-[0-9a-z]{6}(-\d+)?$/);
    const target = page.locator(":target");
    assert.ok((await target.textContent()).includes("توكاييف"));
    const box = await target.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box && box.y >= -1 && box.y < viewport.height, `${name}: the passage is scrolled into view`);
    await page.close();
  }
});

test("editing a content file changes the open page without a manual refresh", async () => {
  const page = await browser.newPage();
  await page.goto(url(`http://127.0.0.1:${PORT}/`, ARTICLE));
  const file = join(work, "site", "content", "articles", "why-russia-sent-troops.md");
  const original = readFileSync(file, "utf8");
  writeFileSync(file, original.replace("يعتبر التدخل الروسي في كازاخستان فريدًا", "فقرة عدلت أثناء الاختبار. يعتبر التدخل الروسي في كازاخستان فريدًا"));
  await page.waitForFunction(() => document.body.textContent.includes("فقرة عدلت أثناء الاختبار"), null, { timeout: 15000 });
  writeFileSync(file, original.replace("+++\ntitle = ", "+++\ntitle = 1\ntitle_broken = "));
  await page.waitForSelector("#fihris-error", { timeout: 15000 });
  assert.match(await page.textContent("#fihris-error"), /why-russia-sent-troops\.md:\d+:\d+/);
  await page.screenshot({ path: join(shots, "error-overlay.png") });
  writeFileSync(file, original);
  await page.waitForFunction(() => !document.getElementById("fihris-error") && !document.body.textContent.includes("فقرة عدلت"), null, { timeout: 15000 });
  await page.close();
});

test("a new article appears on the open entry page that it names, and goes when it is removed", async () => {
  const page = await browser.newPage();
  await page.goto(url(`http://127.0.0.1:${PORT}/`, "actors/tokayev/index.html"));
  const file = join(work, "site", "content", "articles", "added-during-test.md");
  writeFileSync(file, "+++\ntitle = \"مقال أضيف أثناء الاختبار\"\ndate = 2030-01-01\n+++\n\nالتقى توكاييف وفدا.\n");
  try {
    const link = page.locator("a", { hasText: "مقال أضيف أثناء الاختبار" }).first();
    await link.waitFor({ timeout: 15000 });
    await Promise.all([page.waitForURL(/added-during-test/), link.click()]);
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.match(await page.textContent("article"), /التقى توكاييف وفدا/);
  } finally {
    rmSync(file);
    await page.close();
  }
  // Removed: the site is rebuilt without it.
  const entry = `http://127.0.0.1:${PORT}/actors/tokayev/`;
  for (let tries = 0; (await (await fetch(entry)).text()).includes("مقال أضيف أثناء الاختبار"); tries++) {
    assert.ok(tries < 150, "the removed article is still listed after 15 s");
    await new Promise((r) => setTimeout(r, 100));
  }
});

test("a page's parallel requests over serve are all answered while its connections stay open", async () => {
  // Each round a server of its own and a context of its own, so that the
  // page's burst of new connections meets a server whose threads all wait.
  // tiny_http's pool queued some of such a burst behind open connections,
  // which Chromium closes after five minutes of idling.
  for (let round = 0; round < 6; round++) {
    const port = PORT + 2 + round;
    const own = spawn(bin, ["serve", "--root", join(work, "site"), "--port", String(port)], { stdio: "ignore" });
    const context = await browser.newContext();
    try {
      await waitForServer(`http://127.0.0.1:${port}/`);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      const answered = page.evaluate(() => {
        const files = ["index.html", "style.css", "search-index.js", "search/index.html", "search.js", "favicon.svg"];
        return Promise.all(Array.from({ length: 12 }, (_, i) =>
          fetch(`/${files[i % files.length]}?${i}`, { cache: "no-store" }).then((r) => r.status)));
      });
      const late = new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`round ${round}: not all answered within 20 s`)), 20000));
      assert.deepEqual(await Promise.race([answered, late]), Array(12).fill(200));
    } finally {
      await context.close();
      own.kill();
    }
  }
});

test("home, article, entry, index, framework and search pages have no axe-core violations", async () => {
  const pages = ["index.html", ARTICLE, "actors/tokayev/index.html", "countries/index.html", "framework/index.html", "search/index.html"];
  for (const path of pages) {
    for (const scheme of ["light", "dark"]) {
      const page = await browser.newPage({ colorScheme: scheme });
      await page.goto(url(fileRoot, path));
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      assert.deepEqual(violations, [], `${path} (${scheme})`);
      const name = path.split("/")[0].replace(".html", "") || "home";
      if (scheme === "light") await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
      await page.close();
    }
  }
});
