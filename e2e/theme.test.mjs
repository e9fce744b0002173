// Browser tests of the default theme (static/style.css, the built-in
// templates and the generated syntax.css) in Debian's Chromium, from file://:
// phone widths, dark code, the typeface of each script, and the reader
// details of the templates (pagers, targets, entry headers, the home page).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
const THREE_THINGS = "articles/3-أشياء-مهمة-عن-التدخل-في-كازاخستان/index.html";
const CODE = "articles/شيفرة-برمجية/index.html";
const WIDTHS = [320, 375, 414];
const SCHEMES = ["light", "dark"];

let browser;
let work;
let site; // the bundled site
let mixed; // tests/fixtures/mixed: code, tables, an English section
let paged; // the bundled site with one article a page, for the list pager

function url(base, path) {
  return base + encodeURI(path);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "fihris-theme-"));
  execFileSync(bin, ["build", "--quiet", "--root", repo, "--output-dir", join(work, "bundled")]);
  execFileSync(bin, ["build", "--quiet", "--root", join(repo, "tests", "fixtures", "mixed"),
    "--output-dir", join(work, "mixed")]);
  const pagedRoot = join(work, "paged-site");
  for (const part of ["config.toml", "content", "templates", "static"]) cpSync(join(repo, part), join(pagedRoot, part), { recursive: true });
  const articles = join(pagedRoot, "content", "articles", "_index.md");
  writeFileSync(articles, readFileSync(articles, "utf8").replace(/\n\+\+\+\s*$/, "\npaginate_by = 1\n+++\n"));
  execFileSync(bin, ["build", "--quiet", "--root", pagedRoot, "--output-dir", join(work, "paged")]);
  paged = pathToFileURL(join(work, "paged")).href + "/";
  site = pathToFileURL(join(work, "bundled")).href + "/";
  mixed = pathToFileURL(join(work, "mixed")).href + "/";
  browser = await launch();
});

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

// WCAG contrast of two computed colours ("rgb(r, g, b)"), in the page.
const contrastSource = `
  window.__rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  window.__luminance = (value) => {
    const [r, g, b] = window.__rgb(value).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  window.__contrast = (a, b) => {
    const [x, y] = [window.__luminance(a) + 0.05, window.__luminance(b) + 0.05];
    return Math.max(x, y) / Math.min(x, y);
  };
  // The background an element's text is drawn on: its own or the nearest
  // ancestor's that is not transparent.
  window.__background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const value = getComputedStyle(e).backgroundColor;
      if (!/rgba\\(.*,\\s*0\\)$/.test(value) && value !== "transparent") return value;
    }
    return "rgb(255, 255, 255)";
  };
`;

async function open(base, path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(url(base, path));
  await page.addScriptTag({ content: contrastSource });
  return { page, context };
}

test("no page is wider than a phone, in either scheme, with or without mobile emulation", async () => {
  const pages = [
    [site, "index.html"], [site, ARTICLE], [site, THREE_THINGS], [site, "actors/tokayev/index.html"],
    [site, "countries/index.html"], [site, "framework/index.html"], [site, "search/index.html"],
    [mixed, CODE],
  ];
  for (const [base, path] of pages) {
    for (const width of WIDTHS) {
      for (const colorScheme of SCHEMES) {
        for (const isMobile of [false, true]) {
          const { page, context } = await open(base, path, {
            viewport: { width, height: 740 }, colorScheme, isMobile, hasTouch: isMobile,
          });
          const found = await page.evaluate((width) => {
            const wide = [];
            const scrolls = (e) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX);
            for (const e of document.body.querySelectorAll("*")) {
              const box = e.getBoundingClientRect();
              if (box.width === 0 || (box.left >= -0.5 && box.right <= width + 0.5)) continue;
              let clipped = false;
              for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                if (scrolls(a)) { clipped = true; break; }
              }
              if (!clipped) wide.push(`${e.tagName.toLowerCase()}.${e.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
            }
            return {
              scrollWidth: document.documentElement.scrollWidth,
              scrollX: window.scrollX,
              wide: wide.slice(0, 5),
            };
          }, width);
          const label = `${path} at ${width} px, ${colorScheme}${isMobile ? ", mobile" : ""}`;
          assert.ok(found.scrollWidth <= width, `${label}: the page is ${found.scrollWidth} px wide: ${found.wide}`);
          assert.equal(found.scrollX, 0, `${label}: the page opens scrolled`);
          assert.deepEqual(found.wide, [], label);
          if (width === 320 && !isMobile && path === ARTICLE) {
            await page.screenshot({ path: join(shots, `theme-article-320-${colorScheme}.png`) });
          }
          await context.close();
        }
      }
    }
  }
});

test("at 320 px the header's search field is reached with Tab and shown whole", async () => {
  for (const colorScheme of SCHEMES) {
    const { page, context } = await open(site, ARTICLE, { viewport: { width: 320, height: 640 }, colorScheme });
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.id === "site-search-input");
    }
    assert.ok(reached, `${colorScheme}: Tab never reaches the search field`);
    const box = await page.locator("#site-search-input").boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 320, `${colorScheme}: the field spans ${box.x}..${box.x + box.width}`);
    assert.ok(box.width >= 120, `${colorScheme}: the field is ${box.width} px wide`);
    assert.ok(box.y >= 0 && box.y + box.height <= 640, `${colorScheme}: the field is off screen`);
    const outline = await page.$eval("#site-search-input", (e) => getComputedStyle(e).outlineStyle);
    assert.notEqual(outline, "none", `${colorScheme}: the focused field shows no focus ring`);
    await page.keyboard.type("كازاخستان");
    await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.keyboard.press("Enter")]);
    await context.close();
  }
});

test("highlighted code is legible in both schemes: token colours reach 4.5:1 and dark drops light weights", async () => {
  for (const colorScheme of SCHEMES) {
    const { page, context } = await open(mixed, CODE, { colorScheme });
    const token = await page.evaluate(() => {
      // `fn`: .hl-storage.hl-type in the light theme (bold, #a71d5d) outranked
      // the dark theme's .hl-storage.
      const fn = [...document.querySelectorAll("pre.code span")].find((s) => s.textContent === "fn");
      const style = getComputedStyle(fn);
      return {
        contrast: window.__contrast(style.color, window.__background(fn)),
        weight: style.fontWeight,
        color: style.color,
      };
    });
    assert.ok(token.contrast >= 4.5, `${colorScheme}: fn is ${token.color}, ${token.contrast.toFixed(2)}:1`);
    if (colorScheme === "dark") {
      assert.equal(token.weight, "400", "dark: fn keeps the light theme's bold");
      await page.locator("pre.code").first().screenshot({ path: join(shots, "theme-code-dark.png") });
    }
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      window.axe.run({ include: [["pre.code"]] }, { runOnly: ["color-contrast"], resultTypes: ["violations"] }));
    const violations = result.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")));
    assert.deepEqual(violations, [], `${colorScheme}: axe color-contrast in code`);
    await context.close();
  }
});

test("highlighted search hits (mark) have 4.5:1 and do not glare in the dark scheme", async () => {
  for (const colorScheme of SCHEMES) {
    const { page, context } = await open(site, "actors/tokayev/index.html", { colorScheme });
    const mark = await page.$eval("mark", (m) => {
      const style = getComputedStyle(m);
      return {
        contrast: window.__contrast(style.color, style.backgroundColor),
        background: window.__luminance(style.backgroundColor),
        text: window.__luminance(style.color),
      };
    });
    assert.ok(mark.contrast >= 4.5, `${colorScheme}: mark ${mark.contrast.toFixed(2)}:1`);
    if (colorScheme === "dark") {
      assert.ok(mark.background < mark.text, "dark: mark is a light patch on the dark page");
      assert.ok(mark.background < 0.2, `dark: mark's background has luminance ${mark.background.toFixed(2)}`);
    }
    await context.close();
  }
});

// The families Chromium drew the text of `selector` with, most glyphs first
// (with their glyph counts when `counts`).
async function fontsOf(page, selector, counts = false) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  assert.ok(nodeId, `no ${selector}`);
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  fonts.sort((a, b) => b.glyphCount - a.glyphCount);
  return counts ? fonts : fonts.map((f) => f.familyName);
}

test("each script is set in a Noto face: Latin runs in Noto Serif, Arabic in Noto Naskh Arabic", async () => {
  const fallback = /DejaVu|Liberation|Times|FreeSerif|Nimbus/;
  {
    const { page, context } = await open(site, ARTICLE);
    const caption = await fontsOf(page, "figcaption");
    assert.ok(caption.length > 0 && caption.every((f) => f.startsWith("Noto ")) && !caption.some((f) => fallback.test(f)),
      `the English caption is set in ${caption}`);
    assert.ok(caption.includes("Noto Serif"), `the English caption is set in ${caption}`);
    // Arabic letters in Naskh; the quotation marks Naskh lacks in Noto Serif.
    const body = await fontsOf(page, ".article-body p:not(:has(a))", true);
    assert.equal(body[0].familyName, "Noto Naskh Arabic", `Arabic text is set in ${JSON.stringify(body)}`);
    assert.ok(body.every((f) => f.familyName.startsWith("Noto ")), `Arabic text is set in ${JSON.stringify(body)}`);
    await context.close();
  }
  {
    const { page, context } = await open(site, THREE_THINGS);
    // Wrap the Latin run "CSTO" of an Arabic paragraph, to ask for its fonts alone.
    await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector(".article-body"), NodeFilter.SHOW_TEXT);
      for (let node; (node = walker.nextNode());) {
        const at = node.data.indexOf("CSTO");
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 4);
        const span = document.createElement("span");
        span.id = "latin-run";
        range.surroundContents(span);
        return;
      }
    });
    const latin = await fontsOf(page, "#latin-run");
    assert.deepEqual(latin, ["Noto Serif"], "CSTO in an Arabic paragraph");
    const heading = await fontsOf(page, "h1");
    assert.ok(heading.includes("Noto Naskh Arabic") && !heading.some((f) => fallback.test(f)), `the title is set in ${heading}`);
    await context.close();
  }
});

test("Arabic text is never slanted", async () => {
  for (const path of [ARTICLE, THREE_THINGS, "framework/index.html", "actors/tokayev/index.html", "index.html"]) {
    const { page, context } = await open(site, path);
    const slanted = await page.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((e) => getComputedStyle(e).fontStyle !== "normal")
      .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && /[\u0600-\u06FF]/.test(n.data)))
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 30)}`));
    assert.deepEqual(slanted, [], path);
    await context.close();
  }
});

test("a passage link lands below the top edge on a marked passage, in both schemes", async () => {
  // By the passage's id, and by its number of old (an empty anchor at its start).
  const probe = await browser.newContext();
  const first = await probe.newPage();
  await first.goto(url(site, ARTICLE));
  const stable = await first.$eval("span#p-3", (s) => s.parentElement.id);
  await probe.close();
  for (const [colorScheme, fragment] of SCHEMES.flatMap((c) => [[c, stable], [c, "p-3"]])) {
    const context = await browser.newContext({ viewport: { width: 800, height: 700 }, colorScheme });
    const page = await context.newPage();
    await page.goto(url(site, ARTICLE) + "#" + fragment);
    await page.addScriptTag({ content: contrastSource });
    const target = await page.$eval(":target", (anchor) => {
      const t = anchor.matches("span:empty") ? anchor.parentElement : anchor;
      const style = getComputedStyle(t);
      const link = t.querySelector("a");
      return {
        top: t.getBoundingClientRect().top,
        margin: parseFloat(style.scrollMarginBlockStart),
        background: style.backgroundColor,
        page: getComputedStyle(document.body).backgroundColor === "rgba(0, 0, 0, 0)"
          ? getComputedStyle(document.documentElement).backgroundColor
          : getComputedStyle(document.body).backgroundColor,
        text: window.__contrast(style.color, window.__background(t)),
        link: link ? window.__contrast(getComputedStyle(link).color, window.__background(t)) : 21,
      };
    });
    assert.ok(target.margin >= 16, `${colorScheme}: scroll margin ${target.margin}`);
    assert.ok(target.top >= 12, `${colorScheme}: the passage lands ${target.top} px from the top`);
    assert.notEqual(target.background, target.page, `${colorScheme}: the passage is not marked`);
    assert.ok(target.text >= 4.5 && target.link >= 4.5,
      `${colorScheme}: on the mark text ${target.text.toFixed(2)}:1, links ${target.link.toFixed(2)}:1`);
    await context.close();
  }
});

test("an entry page shows its English name beside the Arabic one, and its aliases", async () => {
  for (const width of [375, 1280]) {
    const { page, context } = await open(site, "actors/csto/index.html", { viewport: { width, height: 800 } });
    const boxes = await page.evaluate(() => {
      const h1 = document.querySelector("main h1");
      const en = document.querySelector(".name-en [lang=en], [lang=en].name-en");
      // The extent of the text itself, not of its (full-width) block.
      const extent = (e) => {
        const range = document.createRange();
        range.selectNodeContents(e);
        return range.getBoundingClientRect();
      };
      const title = extent(h1);
      const english = extent(en);
      return {
        dir: en.closest("[dir]").getAttribute("dir"),
        titleEnd: title.right, englishEnd: english.right,
        gap: english.top - title.bottom,
        text: en.textContent,
      };
    });
    assert.equal(boxes.dir, "ltr");
    assert.ok(Math.abs(boxes.titleEnd - boxes.englishEnd) < 4,
      `${width}: the English name (right edge ${boxes.englishEnd}) is not under the Arabic one (${boxes.titleEnd})`);
    assert.ok(boxes.gap < 40, `${width}: ${boxes.gap} px between the names`);
    const aliases = page.locator(".aliases");
    assert.equal(await aliases.count(), 1, "csto has aliases in its front matter");
    assert.ok((await aliases.locator("bdi").count()) >= 1);
    assert.match(await aliases.textContent(), /يُذكر أيضًا باسم/);
    const names = await aliases.locator("bdi").allTextContents();
    assert.ok(!names.includes(await page.textContent("main h1")), `the name itself is listed: ${names}`);
    await context.close();
  }
  const { page, context } = await open(site, "actors/tokayev/index.html");
  // Dates of the listed articles are not set as headings.
  const date = await page.$eval(".appearance time", (t) => ({
    inHeading: !!t.closest("h1, h2, h3, h4"),
    weight: getComputedStyle(t).fontWeight,
  }));
  assert.deepEqual(date, { inHeading: false, weight: "400" });
  await context.close();
});

test("pagers: arrow and words are one link on one line, previous at the start, the same meaning on both kinds", async () => {
  // rel=prev always leads one step towards the start of a list: the newer
  // article of a newest-first section, the page before on a list. It sits at
  // the inline start with an arrow pointing there; its words never say
  // next or older.
  const cases = [
    [site, ARTICLE, "prev", "start", ".article-body", /المقال الأحدث/],
    [site, THREE_THINGS, "next", "end", ".article-body", /المقال الأقدم/],
    [paged, "articles/page/1/index.html", "prev", "start", ".page-list", /مقالات أحدث/],
    [paged, "articles/index.html", "next", "end", ".page-list", /مقالات أقدم/],
  ];
  for (const [base, path, rel, side, column, words] of cases) {
    for (const width of [375, 1280]) {
      const { page, context } = await open(base, path, { viewport: { width, height: 800 } });
      const link = page.locator(`.pager a[rel=${rel}]`);
      assert.equal(await link.count(), 1, `${path}: no ${rel} link`);
      const found = await link.evaluate((a, column) => {
        const arrow = a.querySelector(".arrow").getBoundingClientRect();
        const label = (a.querySelector(".pager-label") || a.querySelector(".pager-words") || a).getBoundingClientRect();
        const content = document.querySelector(column).getBoundingClientRect();
        const box = a.getBoundingClientRect();
        return {
          sameLine: arrow.top < label.bottom && label.top < arrow.bottom,
          arrowUnderlined: getComputedStyle(a.querySelector(".arrow")).textDecorationLine !== "none",
          startGap: content.right - box.right,
          endGap: box.left - content.left,
          text: a.textContent,
        };
      }, column);
      const where = `${path} at ${width}`;
      assert.ok(found.sameLine, `${where}: the arrow is on a line of its own`);
      assert.ok(!found.arrowUnderlined, `${where}: the arrow is underlined`);
      const gap = side === "start" ? found.startGap : found.endGap;
      assert.ok(gap < 2, `${where}: the ${rel} link is not at the inline ${side} (${gap})`);
      assert.match(found.text, words, where);
      assert.doesNotMatch(found.text, rel === "prev" ? /الأقدم|التالي/ : /الأحدث|السابق/, where);
      await context.close();
    }
  }
});

test("a long article has a table of contents, a short one none", async () => {
  {
    const { page, context } = await open(site, THREE_THINGS);
    const toc = page.locator("nav.toc");
    assert.equal(await toc.count(), 1);
    const name = await toc.evaluate((n) => n.getAttribute("aria-label")
      || document.getElementById(n.getAttribute("aria-labelledby"))?.textContent);
    assert.ok(name && name.length > 0, "the contents are named");
    const hrefs = await toc.locator("a").evaluateAll((as) => as.map((a) => decodeURIComponent(a.hash.slice(1))));
    assert.ok(hrefs.length >= 3, `${hrefs}`);
    for (const id of hrefs) {
      assert.equal(await page.locator(`.article-body [id="${id}"]`).count(), 1, `no heading ${id}`);
    }
    await context.close();
  }
  const { page, context } = await open(site, ARTICLE);
  assert.equal(await page.locator("nav.toc").count(), 0);
  await context.close();
});

test("the home page leads into the indexes instead of repeating the site title", async () => {
  for (const colorScheme of SCHEMES) {
    const { page, context } = await open(site, "index.html", { colorScheme });
    const found = await page.evaluate(() => {
      const title = document.querySelector(".site-title").textContent.trim();
      const visible = (e) => {
        const box = e.getBoundingClientRect();
        return box.width > 1 && box.height > 1;
      };
      const main = document.querySelector("main");
      return {
        repeated: [...main.querySelectorAll("h1, h2")].filter(visible).some((h) => h.textContent.trim() === title),
        h1: main.querySelectorAll("h1").length,
        links: [...main.querySelectorAll("a")].map((a) => a.getAttribute("href")),
        summaries: main.querySelectorAll(".page-list li p").length,
        articles: main.querySelectorAll(".page-list li").length,
      };
    });
    assert.ok(!found.repeated, "the site title is repeated as a visible heading");
    assert.equal(found.h1, 1, "the page still has one (hidden) h1");
    assert.equal(found.summaries, found.articles, "each latest article comes with its standfirst");
    for (const index of ["actors", "countries", "framework"]) {
      assert.ok(found.links.includes(`${index}/index.html`), `no link to the ${index} index`);
      assert.ok(found.links.some((h) => h.startsWith(`${index}/`) && h !== `${index}/index.html`),
        `no entry of ${index} on the home page`);
    }
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    assert.deepEqual(result.violations.map((v) => v.id), [], colorScheme);
    await page.screenshot({ path: join(shots, `theme-home-${colorScheme}.png`), fullPage: true });
    await context.close();
  }
});
