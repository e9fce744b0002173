// The Atom feed and the sitemap of the bundled site built with a base_url:
// well-formed XML (xmllint), the sitemap valid against the sitemaps.org schema
// (shipped in the npm package `sitemap`), the feed carrying every element
// RFC 4287 requires.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const bin = process.env.FIHRIS_BIN || join(repo, "target", "debug", "fihris");
const schema = join(dirname(createRequire(import.meta.url).resolve("sitemap/package.json")), "schema", "sitemap.xsd");

function xmllint(...args) {
  return execFileSync("xmllint", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function count(file, xpath) {
  return Number(xmllint("--xpath", `count(${xpath})`, file).trim());
}

test("atom.xml and sitemap.xml are well-formed and valid for their formats", () => {
  const work = mkdtempSync(join(tmpdir(), "fihris-feeds-"));
  try {
    const out = join(work, "public");
    execFileSync(bin, ["build", "--quiet", "--root", repo, "--output-dir", out, "--base-url", "https://example.org/kz/"]);
    const atom = join(out, "atom.xml");
    const sitemap = join(out, "sitemap.xml");
    xmllint("--noout", atom, sitemap);
    xmllint("--noout", "--schema", schema, sitemap);
    assert.ok(count(sitemap, "//*[local-name()='url']") >= 30);

    const feed = "/*[local-name()='feed' and namespace-uri()='http://www.w3.org/2005/Atom']";
    for (const element of ["id", "title", "updated", "author/*[local-name()='name']", "link[@rel='self']"]) {
      const path = element.split("/").map((part) => part.startsWith("*") ? part : part.replace(/^([a-z]+)/, "*[local-name()='$1']")).join("/");
      assert.equal(count(atom, `${feed}/${path}`), 1, `feed ${element}`);
    }
    const entries = count(atom, `${feed}/*[local-name()='entry']`);
    assert.equal(entries, 2, "both dated articles");
    for (const element of ["id", "title", "updated", "link", "content"]) {
      assert.equal(count(atom, `${feed}/*[local-name()='entry']/*[local-name()='${element}']`), entries, `entry ${element}`);
    }
    const updated = xmllint("--xpath", `string(${feed}/*[local-name()='updated'])`, atom).trim();
    assert.match(updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/, "RFC 3339");
    const ids = xmllint("--xpath", `${feed}/*[local-name()='entry']/*[local-name()='id']/text()`, atom).trim().split("\n");
    assert.ok(ids.every((id) => id.startsWith("https://example.org/kz/articles/")), ids.join(" "));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
