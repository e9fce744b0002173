// The site audit: every page of three sites (the bundled site, the bundled
// site built with a base_url, a generated 200-article site) opened from
// file:// in Debian's Chromium with mobile emulation, so that the viewport
// meta applies. Each check is a test of its own and fails with the list of
// pages to fix:
//   - no horizontal overflow at 320, 375 and 414 px, light and dark;
//   - no serious or critical axe-core violation, light and dark;
//   - Arabic text at least 4.5:1 (3:1 large) against its background, light
//     and dark (axe leaves many Arabic text nodes "incomplete");
//   - no error of the Nu HTML checker (vnu-jar, run with Debian's java);
//   - no request leaving the site's folder, and none for a missing file.
// One browser sweep over the pages gathers the measurements of the browser
// checks while the Nu HTML checker runs beside it; the tests assert on them.
// Screenshots of one article at 320 px go to e2e/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { launch } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = resolve(process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris"));
const corpus = resolve(process.env.FIHRIS_CORPUS || join(dirname(bin), "examples", "corpus"));
const shots = join(here, "screenshots");
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const vnuJar = join(dirname(require.resolve("vnu-jar/package.json")), "build", "dist", "vnu.jar");

const WIDTHS = [320, 375, 414];
const HEIGHT = 700;
const SCHEMES = ["light", "dark"];
const SHOT = "articles/لماذا-أرسلت-روسيا-قوات-إلى-كازاخستان/index.html";
// Lines of a failure message: enough to act on, not the whole sweep.
const LIST = 30;
// Pages audited at once: two keep both cores of a small machine busy.
const WORKERS = Number(process.env.FIHRIS_AUDIT_WORKERS) || 2;

let work;
let browser;
let sites = [];
let sweep;
let vnu;

function htmlFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".html")) {
      found.push(relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join("/"));
    }
  }
  return found.sort();
}

// A title and the offending lines, at most LIST of them.
function report(title, lines) {
  const shown = lines.slice(0, LIST).map((line) => `  ${line}`);
  if (lines.length > LIST) shown.push(`  … and ${lines.length - LIST} more`);
  return `${title}\n${shown.join("\n")}`;
}

// Pages per distinct problem, most widespread first: "what to fix" before "where".
function summary(byProblem) {
  return [...byProblem.entries()]
    .sort((a, b) => b[1].size - a[1].size)
    .map(([problem, pages]) => `${problem} — on ${pages.size} page${pages.size === 1 ? "" : "s"}, e.g. ${[...pages][0]}`);
}

function addTo(map, key, value) {
  if (!map.has(key)) map.set(key, new Set());
  map.get(key).add(value);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "fihris-audit-"));
  const build = (root, out, ...extra) =>
    execFileSync(bin, ["build", "--quiet", "--root", root, "--output-dir", out, ...extra], { stdio: ["ignore", "ignore", "inherit"] });
  build(repo, join(work, "bundled"));
  build(repo, join(work, "base-url"), "--base-url", "https://example.org/sub/");
  assert.ok(existsSync(corpus), `no corpus generator at ${corpus}: build it (cargo build --examples) or set FIHRIS_CORPUS`);
  execFileSync(corpus, ["--articles", "200", "--seed", "1", "--out", join(work, "corpus")], { stdio: ["ignore", "ignore", "inherit"] });
  build(join(work, "corpus"), join(work, "generated"));
  sites = [
    ["bundled", join(work, "bundled")],
    ["base_url", join(work, "base-url")],
    ["generated", join(work, "generated")],
  ].map(([name, dir]) => ({ name, dir, root: pathToFileURL(dir).href + "/", pages: htmlFiles(dir) }));
  for (const site of sites) assert.ok(site.pages.length > 0, `${site.name}: no .html file was built`);

  // The Nu HTML checker runs once over the three folders while the browser sweeps.
  vnu = new Promise((resolvePromise, reject) => {
    execFile("java", ["-jar", vnuJar, "--errors-only", "--format", "json", "--stdout", "--exit-zero-always",
      "--skip-non-html", ...sites.map((s) => s.dir)], { maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`vnu did not run: ${error.message}\n${stderr}`));
      try {
        resolvePromise(JSON.parse(stdout).messages);
      } catch (parse) {
        reject(new Error(`vnu's output is not JSON: ${parse.message}\n${stdout.slice(0, 500)}\n${stderr}`));
      }
    });
  });
  vnu.catch(() => {}); // reported by its test

  // Nothing leaves the machine: no host name resolves, so a request for the
  // web is recorded and fails at once (cheaper than routing every request
  // of every page through Playwright).
  browser = await launch(["--disable-quic", "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND"]);
  sweep = runSweep();
  sweep.catch(() => {}); // reported by the tests that await it
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// --- Measurements, run inside the page ----------------------------------

// Horizontal overflow at the current width. The layout viewport is
// documentElement.clientWidth: with mobile emulation it is the device width
// when the viewport meta applies, whatever the zoom Chromium picks to show a
// wider document. Counted: the document being wider than the viewport, and
// every box or line of text that reaches beyond [0, width], in right to left
// the left edge as much as the right. Not counted: what lies inside a
// scrolling or clipping container other than the root (a code block scrolls
// on its own; the container's own box is still measured), and boxes that
// paint nothing (visibility hidden, opacity 0, clipped away as
// .visually-hidden is, 1 px or less) unless the document itself scrolls, when
// they are named as candidates for the cause. Text is measured by its line
// boxes, so a long word that does not wrap counts even inside a box that fits. The skip link sits above the page (block start),
// not beside it, so it is measured like any other box.
function measureOverflow() {
  window.scrollTo(0, 0);
  const root = document.documentElement;
  const width = root.clientWidth;
  const result = { width, scrollWidth: root.scrollWidth, offenders: [] };
  // Boxes are measured from the root's, which spans [0, width] of the page:
  // when the document is wider, Chromium's mobile layout viewport widens to
  // show all of it and moves the origin of getBoundingClientRect with it.
  const origin = root.getBoundingClientRect().left;
  const slack = 0.5;
  // Per element: whether an ancestor or itself clips what overflows it, and
  // whether its whole subtree paints nothing (opacity 0, clipped away).
  const clipping = new Map([[document.body, false]]);
  const faded = new Map([[document.body, false]]);
  const unseen = new Map([[document.body, false]]);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "")
    + [...el.classList].slice(0, 2).map((c) => `.${c}`).join("");
  const out = (left, right) => left - origin < -slack || right - origin > width + slack;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (node.nodeType === Node.TEXT_NODE) {
      if (clipping.get(parent) || unseen.get(parent) || !node.data.trim()) continue;
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width > 0 && out(box.left, box.right)) {
        result.offenders.push({ what: `text in ${name(parent)}`, left: box.left - origin, right: box.right - origin,
          width: box.width, painted: true, sample: node.data.trim().slice(0, 30) });
      }
      continue;
    }
    const style = getComputedStyle(node);
    const clipped = clipping.get(parent);
    const fade = faded.get(parent) || Number(style.opacity) === 0
      || /^inset\(50%/.test(style.clipPath) || /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(style.clip);
    const isHidden = fade || style.visibility !== "visible";
    clipping.set(node, clipped || style.overflowX !== "visible");
    faded.set(node, fade);
    unseen.set(node, isHidden);
    if (clipped) continue;
    const box = node.getBoundingClientRect();
    if ((box.width === 0 && box.height === 0) || !out(box.left, box.right)) continue;
    result.offenders.push({ what: name(node), left: box.left - origin, right: box.right - origin,
      width: box.width, painted: !isHidden && box.width > 1 && box.height > 1 });
  }
  // Paint-less boxes only count when the document scrolls: then they may be the cause.
  if (result.scrollWidth <= width) result.offenders = result.offenders.filter((o) => o.painted);
  return result;
}

// Contrast of every element with an Arabic text node of its own, against the
// background it is painted on: the first opaque background-color up its
// ancestors, with the translucent ones in between composited over it, or
// else the canvas colour of the current scheme (a probe element with
// background-color: Canvas under the root's color-scheme). Colours are read
// through a canvas, so any CSS colour syntax converts to sRGB. Opacity of
// the element and its ancestors scales the text's alpha. Skipped: text that
// paints nothing (display none, visibility hidden, opacity 0, clipped away as
// .visually-hidden is), and text over a background image (counted apart; the
// site has none today).
function measureArabicContrast() {
  const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const colours = new Map();
  const rgba = (css) => {
    if (colours.has(css)) return colours.get(css);
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    const value = [r, g, b, a / 255];
    colours.set(css, value);
    return value;
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const luminance = ([r, g, b]) => {
    const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const probe = document.createElement("div");
  probe.style.cssText = "position:absolute;background-color:Canvas;color:CanvasText";
  document.documentElement.append(probe);
  const canvasColour = rgba(getComputedStyle(probe).backgroundColor);
  probe.remove();

  const styles = new Map();
  const styleOf = (el) => {
    if (!styles.has(el)) styles.set(el, getComputedStyle(el));
    return styles.get(el);
  };
  const invisible = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const s = styleOf(e);
      if (Number(s.opacity) === 0 || /^inset\(50%/.test(s.clipPath) || /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(s.clip)) return true;
      if (s.overflow === "hidden" && (e.clientWidth <= 1 || e.clientHeight <= 1)) return true;
    }
    return styleOf(el).visibility !== "visible";
  };
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      if (e.id) { parts.unshift(`#${CSS.escape(e.id)}`); break; }
      let part = e.tagName.toLowerCase() + [...e.classList].slice(0, 2).map((c) => `.${CSS.escape(c)}`).join("");
      const same = e.parentElement ? [...e.parentElement.children].filter((c) => c.tagName === e.tagName) : [];
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

  const failures = [];
  let checked = 0;
  let unknown = 0;
  const range = document.createRange();
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && ARABIC.test(n.data));
    if (own.length === 0) continue;
    const painted = own.some((n) => {
      range.selectNodeContents(n);
      return [...range.getClientRects()].some((r) => r.width > 1 && r.height > 1);
    });
    if (!painted || invisible(el)) continue;
    const style = styleOf(el);
    let alpha = 1;
    const layers = [];
    let image = false;
    for (let e = el; e; e = e.parentElement) {
      const s = styleOf(e);
      alpha *= Number(s.opacity);
      if (image || layers.at(-1)?.[3] === 1) continue;
      if (s.backgroundImage !== "none") image = true;
      const bg = rgba(s.backgroundColor);
      if (bg[3] > 0) layers.push(bg);
    }
    if (image) { unknown++; continue; }
    let background = canvasColour;
    for (const layer of layers.reverse()) background = over(layer, background);
    const text = rgba(style.color);
    const fill = style.webkitTextFillColor && style.webkitTextFillColor !== style.color ? rgba(style.webkitTextFillColor) : text;
    const foreground = over([fill[0], fill[1], fill[2], fill[3] * alpha], background);
    const [l1, l2] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    checked++;
    if (ratio < needed) {
      failures.push({ selector: selector(el), ratio: Math.floor(ratio * 100) / 100, needed,
        colours: `${hex(foreground)} on ${hex(background)}`, sample: own.map((n) => n.data.trim()).join(" ").slice(0, 30) });
    }
  }
  return { checked, unknown, failures };
}

// --- The sweep ----------------------------------------------------------

function insideFolder(url, site) {
  if (url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:")) return true;
  if (!url.startsWith("file:")) return false;
  const path = resolve(fileURLToPath(url.split("#")[0].split("?")[0]));
  return path === site.dir || path.startsWith(site.dir + sep);
}

async function sweepWorker(site, queue, found) {
  const context = await browser.newContext({
    viewport: { width: WIDTHS[0], height: HEIGHT }, isMobile: true, hasTouch: true, deviceScaleFactor: 1,
  });
  await context.addInitScript(axeSource);
  const page = await context.newPage();
  let current = "";
  const owner = (request) => {
    try {
      const frameUrl = request.frame().url();
      if (frameUrl.startsWith(site.root)) return decodeURI(frameUrl.slice(site.root.length)).split("#")[0];
    } catch {}
    return current;
  };
  page.on("request", (request) => {
    if (!insideFolder(request.url(), site)) found.requests.push({ site: site.name, page: owner(request), url: request.url() });
  });
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText ?? "";
    if (insideFolder(request.url(), site) && /FILE_NOT_FOUND/.test(error)) {
      found.missing.push({ site: site.name, page: owner(request), url: request.url() });
    }
  });
  // Light goes 320, 375, 414 and dark back again, and the next page starts
  // where the last ended: no resize is made twice.
  let size = WIDTHS[0];
  try {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      current = path;
      found.pages++;
      await page.goto(site.root + encodeURI(path));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      for (const [index, scheme] of SCHEMES.entries()) {
        await page.emulateMedia({ colorScheme: scheme });
        const widths = index % 2 === 0 ? WIDTHS : [...WIDTHS].reverse();
        for (const width of widths) {
          if (width !== size) await page.setViewportSize({ width, height: HEIGHT });
          size = width;
          const measured = await page.evaluate(measureOverflow);
          if (measured.width !== width) {
            found.viewport.push({ site: site.name, page: path, width, scheme, layout: measured.width });
          } else if (measured.scrollWidth > measured.width || measured.offenders.length > 0) {
            found.overflow.push({ site: site.name, page: path, width, scheme, ...measured });
          }
        }
        const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
        for (const violation of axe.violations) {
          if (violation.impact !== "serious" && violation.impact !== "critical") continue;
          found.axe.push({ site: site.name, page: path, scheme, id: violation.id, impact: violation.impact,
            help: violation.help, targets: violation.nodes.map((n) => n.target.join(" ")) });
        }
        const contrast = await page.evaluate(measureArabicContrast);
        found.checkedText += contrast.checked;
        found.unknownText += contrast.unknown;
        for (const failure of contrast.failures) found.contrast.push({ site: site.name, page: path, scheme, ...failure });
      }
    }
  } catch (error) {
    queue.length = 0; // the other workers stop too
    throw error;
  } finally {
    await context.close();
  }
}

// The pages of a site are shared out among WORKERS pages of their own
// context, so that the browser's processes use every core.
async function runSweep() {
  const found = { overflow: [], axe: [], contrast: [], requests: [], missing: [], viewport: [], checkedText: 0, unknownText: 0, pages: 0 };
  const start = performance.now();
  for (const site of sites) {
    const queue = [...site.pages];
    await Promise.all(Array.from({ length: WORKERS }, () => sweepWorker(site, queue, found)));
  }
  // The workers finish in any order; the reports list in site and page order.
  const order = (x) => [sites.findIndex((s) => s.name === x.site), x.page, WIDTHS.indexOf(x.width), SCHEMES.indexOf(x.scheme)];
  const compare = (a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  };
  for (const list of [found.overflow, found.axe, found.contrast, found.requests, found.missing, found.viewport]) list.sort(compare);
  found.seconds = Math.round((performance.now() - start) / 1000);
  // One article at 320 px, light and dark, freshly opened.
  const bundled = sites[0];
  if (bundled.pages.includes(SHOT)) {
    for (const scheme of SCHEMES) {
      const context = await browser.newContext({
        viewport: { width: 320, height: HEIGHT }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, colorScheme: scheme,
      });
      const page = await context.newPage();
      await page.goto(bundled.root + encodeURI(SHOT));
      await page.screenshot({ path: join(shots, `audit-article-320-${scheme}.png`), fullPage: true });
      await context.close();
    }
  }
  return found;
}

// --- The checks -----------------------------------------------------------

test("every page fits 320, 375 and 414 px without horizontal overflow, light and dark", async (t) => {
  const found = await sweep;
  t.diagnostic(`${found.pages} pages of ${sites.map((s) => `${s.name} (${s.pages.length})`).join(", ")} swept in ${found.seconds} s, ${WORKERS} at a time`);
  const lines = [];
  // By cause: the element (or "document") with the widths where it overflows.
  const causes = new Map();
  const cause = (what, width, page) => {
    if (!causes.has(what)) causes.set(what, { widths: new Set(), pages: new Set() });
    causes.get(what).widths.add(width);
    causes.get(what).pages.add(page);
  };
  for (const v of found.viewport) {
    lines.push(`${v.site} ${v.page} at ${v.width} (${v.scheme}): the layout viewport is ${v.layout} px, the viewport meta does not apply`);
    cause("no width=device-width viewport meta:", v.width, `${v.site} ${v.page}`);
  }
  // One line per page and width; light and dark merged when they agree.
  const merged = new Map();
  for (const o of found.overflow) {
    const culprits = o.offenders.slice(0, 4).map((x) => `${x.what}${x.sample ? ` “${x.sample}”` : ""} `
      + `${Math.round(x.width)} px wide at [${Math.round(x.left)}, ${Math.round(x.right)}]${x.painted ? "" : " (paints nothing)"}`);
    const detail = (o.scrollWidth > o.width ? `document ${o.scrollWidth} px wide` : "document fits")
      + (o.offenders.length ? `; ${o.offenders.length} beyond the edges: ${culprits.join(", ")}${o.offenders.length > 4 ? ", …" : ""}` : "");
    const key = `${o.site} ${o.page} at ${o.width}|${detail}`;
    merged.set(key, [...(merged.get(key) ?? []), o.scheme]);
    for (const x of o.offenders.slice(0, 4)) cause(`${x.what} beyond the edges at`, o.width, `${o.site} ${o.page}`);
    if (o.offenders.length === 0) cause("document wider than the viewport, no element named, at", o.width, `${o.site} ${o.page}`);
  }
  for (const [key, schemes] of merged) {
    const [where, detail] = key.split("|");
    lines.push(`${where} (${schemes.join(", ")}): ${detail}`);
  }
  const byCause = [...causes.entries()].sort((a, b) => b[1].pages.size - a[1].pages.size).map(([what, c]) =>
    `${what} ${[...c.widths].sort((x, y) => x - y).join(", ")} px — on ${c.pages.size} page${c.pages.size === 1 ? "" : "s"}, e.g. ${[...c.pages][0]}`);
  const pages = new Set([...found.overflow, ...found.viewport].map((o) => `${o.site} ${o.page}`));
  assert.equal(lines.length, 0, report(
    `${pages.size} of ${found.pages} pages overflow horizontally (${found.overflow.length + found.viewport.length} of ${found.pages * WIDTHS.length * SCHEMES.length} page × width × scheme measurements).\nBy cause:`,
    byCause) + "\n" + report("Pages:", lines));
});

test("axe-core finds no serious or critical violation on any page, light and dark", async () => {
  const found = await sweep;
  const byProblem = new Map();
  const lines = found.axe.map((v) => {
    for (const target of v.targets.slice(0, 3)) addTo(byProblem, `${v.id} (${v.impact}, ${v.scheme}) at ${target}`, `${v.site} ${v.page}`);
    return `${v.site} ${v.page} (${v.scheme}): ${v.id} (${v.impact}: ${v.help}) at ${v.targets.slice(0, 3).join(", ")}${v.targets.length > 3 ? `, and ${v.targets.length - 3} more` : ""}`;
  });
  const pages = new Set(found.axe.map((v) => `${v.site} ${v.page}`));
  assert.equal(lines.length, 0, report(
    `${lines.length} serious or critical axe-core violations on ${pages.size} of ${found.pages} pages.\nBy rule and element:`,
    summary(byProblem)) + "\n" + report("Pages:", lines));
});

test("Arabic text has a contrast of at least 4.5:1 (3:1 when large) on every page, light and dark", async () => {
  const found = await sweep;
  assert.ok(found.checkedText > found.pages, `only ${found.checkedText} Arabic text elements were measured on ${found.pages} pages`);
  const byProblem = new Map();
  const lines = found.contrast.map((c) => {
    addTo(byProblem, `${c.selector.split(" > ").at(-1)} ${c.colours} (${c.scheme}): ${c.ratio}:1 < ${c.needed}:1`, `${c.site} ${c.page}`);
    return `${c.site} ${c.page} (${c.scheme}): ${c.selector} “${c.sample}” ${c.colours} ${c.ratio}:1, needs ${c.needed}:1`;
  });
  const pages = new Set(found.contrast.map((c) => `${c.site} ${c.page}`));
  assert.equal(lines.length, 0, report(
    `${lines.length} of ${found.checkedText} Arabic text elements below their contrast on ${pages.size} of ${found.pages} pages`
    + ` (${found.unknownText} over a background image not measured).\nBy element and colours:`,
    summary(byProblem)) + "\n" + report("Elements:", lines));
});

test("the Nu HTML checker finds no error in any page", async () => {
  const messages = await vnu;
  const files = sites.reduce((n, s) => n + s.pages.length, 0);
  const byProblem = new Map();
  const lines = messages.map((m) => {
    let where = m.url ?? "(no file)";
    try {
      const path = fileURLToPath(where.replace(/^file:(?!\/\/)/, "file://"));
      const site = sites.find((s) => path.startsWith(s.dir + sep));
      if (site) where = `${site.name} ${relative(site.dir, path).split(sep).join("/")}`;
    } catch {}
    addTo(byProblem, `${m.type}: ${m.message}`, where);
    return `${where}:${m.lastLine ?? "?"}:${m.firstColumn ?? m.lastColumn ?? "?"}: ${m.type}: ${m.message}${m.extract ? ` — ${JSON.stringify(m.extract.trim())}` : ""}`;
  });
  assert.equal(lines.length, 0, report(
    `${lines.length} messages from the Nu HTML checker over ${files} files.\nBy message:`, summary(byProblem))
    + "\n" + report("Messages:", lines));
});

test("from file:// no page requests anything outside its folder, nor a file that is missing", async () => {
  const found = await sweep;
  const byProblem = new Map();
  const lines = new Set(); // a stylesheet that fails may be asked for again
  for (const r of found.requests) {
    addTo(byProblem, `outside the folder: ${r.url}`, `${r.site} ${r.page}`);
    lines.add(`${r.site} ${r.page}: requests ${r.url}`);
  }
  for (const r of found.missing) {
    const path = relative(sites.find((s) => s.name === r.site).dir, fileURLToPath(r.url.split(/[?#]/)[0])).split(sep).join("/");
    addTo(byProblem, `missing file: ${path}`, `${r.site} ${r.page}`);
    lines.add(`${r.site} ${r.page}: requests the missing file ${path}`);
  }
  assert.equal(lines.size, 0, report(`${lines.size} requests to fix.\nBy URL:`, summary(byProblem)) + "\n" + report("Pages:", [...lines]));
});
