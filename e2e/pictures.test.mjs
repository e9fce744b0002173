// Browser tests of the pictures (graph/, map/, timeline/, an entry page,
// the home page) in Debian's Chromium, from file://, on the bundled site and
// a generated 200-article site: a screenshot of each kind of picture, light
// and dark, at 375 and 1280 px (e2e/screenshots/pictures-*.png); no
// horizontal overflow; labels of the networks, measured as the browser
// lays them out, overlapping neither one another nor any node; Arabic
// labels laid out right to left. axe and the Nu HTML checker run over
// these pages with every other in audit.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = resolve(process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris"));
const corpus = resolve(process.env.FIHRIS_CORPUS || join(dirname(bin), "examples", "corpus"));
const shots = join(here, "screenshots");

const WIDTHS = [375, 1280];
const SCHEMES = ["light", "dark"];
// Each kind of picture: its page and its <svg>.
const KINDS = [
  ["graph", "graph/index.html", "graph"],
  ["map", "map/index.html", "map"],
  ["timeline", "timeline/index.html", "articles-timeline"],
  ["entries-timeline", "timeline/index.html", "entries-timeline"],
  ["neighbourhood", "countries/kazakhstan/index.html", "neighbourhood"],
  ["entry-timeline", "countries/kazakhstan/index.html", "mentions-timeline"],
  ["home", "index.html", "home-graph"],
  ["heatmap", "cases/index.html", "case-heatmap"],
];
// The generated site's country pages are country-N: its first country.
const GENERATED_ENTRY = "countries/country-0/index.html";

let browser;
let work;
let sites;

before(async () => {
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "fihris-pictures-"));
  const build = (root, out) =>
    execFileSync(bin, ["build", "--quiet", "--root", root, "--output-dir", out], { stdio: ["ignore", "ignore", "inherit"] });
  build(repo, join(work, "bundled"));
  assert.ok(existsSync(corpus), `no corpus generator at ${corpus}: build it (cargo build --examples) or set FIHRIS_CORPUS`);
  execFileSync(corpus, ["--articles", "200", "--seed", "1", "--out", join(work, "corpus")], { stdio: ["ignore", "ignore", "inherit"] });
  build(join(work, "corpus"), join(work, "generated"));
  sites = [["bundled", join(work, "bundled")], ["generated", join(work, "generated")]]
    .map(([name, dir]) => ({ name, root: pathToFileURL(dir).href + "/" }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function pageOf(site, path) {
  return site.name === "generated" && path.startsWith("countries/kazakhstan") ? GENERATED_ENTRY : path;
}

async function open(site, path, width, scheme) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(site.root + encodeURI(pageOf(site, path)));
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return { context, page };
}

// Labels and nodes of a network as the browser lays them out, in the
// picture's units: pairs that overlap, and Arabic labels not right to left.
function measureLabels(id) {
  const svg = document.getElementById(id);
  const nodes = [...svg.querySelectorAll(".nodes > a")].map((a) => {
    const circle = a.querySelector("circle");
    const text = a.querySelector("text");
    return { circle: [circle.cx.baseVal.value, circle.cy.baseVal.value, circle.r.baseVal.value], box: text.getBBox(), text };
  });
  const problems = [];
  const slack = 0.5;
  nodes.forEach((a, i) => {
    if (/[\u0600-\u06FF]/.test(a.text.textContent) && getComputedStyle(a.text).direction !== "rtl") {
      problems.push(`label ${a.text.textContent} is not right to left`);
    }
    nodes.forEach((b, j) => {
      const [x, y, r] = b.circle;
      const nx = Math.min(Math.max(x, a.box.x), a.box.x + a.box.width);
      const ny = Math.min(Math.max(y, a.box.y), a.box.y + a.box.height);
      if ((x - nx) ** 2 + (y - ny) ** 2 < (r - slack) ** 2) problems.push(`label ${a.text.textContent} covers node ${j}`);
      if (j <= i) return;
      const overlap = a.box.x + slack < b.box.x + b.box.width && b.box.x + slack < a.box.x + a.box.width
        && a.box.y + slack < b.box.y + b.box.height && b.box.y + slack < a.box.y + a.box.height;
      if (overlap) problems.push(`labels ${a.text.textContent} and ${b.text.textContent} overlap`);
    });
  });
  return { count: nodes.length, problems };
}

for (const [kind, path, id] of KINDS) {
  test(`${kind}: a screenshot light and dark at 375 and 1280 px, without overflow`, async () => {
    const overflow = [];
    for (const site of sites) {
      for (const scheme of SCHEMES) {
        for (const width of WIDTHS) {
          const { context, page } = await open(site, path, width, scheme);
          try {
            const svg = page.locator(`svg#${id}`);
            assert.equal(await svg.count(), 1, `${site.name}: ${pageOf(site, path)} has svg#${id}`);
            const { scrollWidth, clientWidth } = await page.evaluate(() => ({
              scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
            if (scrollWidth > clientWidth) overflow.push(`${site.name} ${scheme} ${width}: ${scrollWidth} > ${clientWidth}`);
            const figure = page.locator(`figure:has(> svg#${id}), figure:has(> .picture-scroll > svg#${id})`);
            await figure.first().screenshot({ path: join(shots, `pictures-${site.name}-${kind}-${width}-${scheme}.png`) });
          } finally {
            await context.close();
          }
        }
      }
    }
    assert.deepEqual(overflow, [], "pages wider than the screen");
  });
}

test("network labels overlap neither one another nor any node, as the browser lays them out", async () => {
  const problems = [];
  for (const site of sites) {
    for (const [kind, path, id] of KINDS.filter(([k]) => ["graph", "neighbourhood", "home"].includes(k))) {
      const { context, page } = await open(site, path, 1280, "light");
      try {
        const measured = await page.evaluate(measureLabels, id);
        assert.ok(measured.count > 2, `${site.name} ${kind}: ${measured.count} nodes`);
        problems.push(...measured.problems.map((p) => `${site.name} ${kind}: ${p}`));
      } finally {
        await context.close();
      }
    }
  }
  assert.deepEqual(problems, []);
});
