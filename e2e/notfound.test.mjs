// The 404 page as a static host serves it: at any missing address, at any
// depth, with status 404, the site published at the host's root or under a
// sub-path, and no base_url. Every link of the page must lead to a file of
// the site once the page has found the site's root.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris");

let browser;
let work;
let server;
let origin;

// Serves the built site under `/sub/` and at `/`, as GitHub Pages serves a
// project site and a user site: a missing file gets the nearest 404.html of
// its mount, with status 404.
function serve(site) {
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const mount = path.startsWith("/sub/") ? "/sub/" : "/";
    let file = join(site, path.slice(mount.length));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const found = existsSync(file) && statSync(file).isFile();
    const body = readFileSync(found ? file : join(site, "404.html"));
    const type = file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8";
    response.writeHead(found ? 200 : 404, { "Content-Type": found ? type : "text/html; charset=utf-8" });
    response.end(request.method === "HEAD" ? undefined : body);
  });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "fihris-404-"));
  execFileSync(bin, ["build", "--quiet", "--root", repo, "--output-dir", join(work, "public")]);
  server = serve(join(work, "public")).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

test("the 404 page's links lead into the site from any depth, at the root or under a sub-path", async () => {
  const addresses = [
    ["/sub/", "/sub/missing.html"],
    ["/sub/", "/sub/actors/nobody/page/9/"],
    ["/sub/", "/sub/a/b/c/d"],
    ["/", "/missing/"],
    ["/", "/x/y/z.html"],
  ];
  for (const [root, address] of addresses) {
    const page = await browser.newPage();
    const response = await page.goto(origin + address);
    assert.equal(response.status(), 404, address);
    const home = origin + root + "index.html";
    await page.waitForFunction((home) => document.querySelector(".site-title").href === home, home, { timeout: 5000 })
      .catch(() => {});
    const links = await page.evaluate(() => [
      ...[...document.querySelectorAll("a[href]")].map((a) => [a.getAttribute("href"), a.href]),
      ...[...document.querySelectorAll("form[action]")].map((f) => [f.getAttribute("action"), f.action]),
    ]);
    assert.ok(links.length > 5, `${address}: ${links.length} links`);
    for (const [written, target] of links) {
      if (written.startsWith("#")) {
        assert.ok(target.startsWith(origin + address), `${address}: ${written} stays on the page`);
        continue;
      }
      assert.ok(target.startsWith(origin + root), `${address}: ${written} -> ${target}`);
      const status = await page.evaluate((url) => fetch(url, { method: "HEAD" }).then((r) => r.status), target);
      assert.equal(status, 200, `${address}: ${written} -> ${target}`);
    }
    await page.close();
  }
});
