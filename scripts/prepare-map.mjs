// Prepares the world map that Fihris draws on map/index.html, once: the
// build only reads the result (data/world-map/countries.tsv, embedded in the
// binary) and never projects or simplifies anything.
//
//   cd scripts/map && npm ci && cd .. && node prepare-map.mjs
//
// Source: world-atlas 2.0.2 (ISC), countries-50m.json, which is Natural
// Earth's 1:50m admin-0 countries (public domain) as TopoJSON. Steps:
//   1. simplify the topology (topojson-simplify, Visvalingam weights: the
//      arcs keep the points whose triangle is at least MIN_WEIGHT square
//      degrees), shared borders staying shared;
//   2. project with the Equal Earth projection (d3-geo) fitted to WIDTH;
//   3. drop the rings smaller than MIN_AREA square units, but never a
//      country's largest ring, so that small states stay on the map;
//   4. write one line per country: ISO 3166-1 alpha-2 code (from the numeric
//      id, i18n-iso-countries; "-" when it has none), name, SVG path data
//      with one decimal, each point after the first relative to the one
//      before. The first line gives the width and height of the map.
// Antarctica is left out: no article places anything there, and it takes a
// sixth of the height.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "map", "package.json"));
const { geoEqualEarth, geoPath } = require("d3-geo");
const { feature } = require("topojson-client");
const { presimplify, simplify } = require("topojson-simplify");
const countries = require("i18n-iso-countries");

const WIDTH = 960;
const MIN_WEIGHT = 0.08;
const MIN_AREA = 6;
const OUT = join(here, "..", "data", "world-map", "countries.tsv");

const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
const simple = simplify(presimplify(topology), MIN_WEIGHT);
const all = feature(simple, simple.objects.countries).features.filter((f) => f.id !== "010");
const projection = geoEqualEarth().fitWidth(WIDTH, { type: "FeatureCollection", features: all });
const path = geoPath(projection).digits(1);

// A feature's polygons, each kept when large enough or the largest.
function kept(f) {
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const areas = polygons.map((p) => path.area({ type: "Polygon", coordinates: p }));
  const largest = areas.indexOf(Math.max(...areas));
  const coordinates = polygons.filter((_, i) => i === largest || areas[i] >= MIN_AREA);
  return { type: "MultiPolygon", coordinates };
}

// Absolute path data ("M1,2L3,4Z") as relative ("M1,2l2,2z"), in tenths.
function relative(d) {
  let x = 0, y = 0;
  return d.replace(/([MLZ])([^MLZ]*)/g, (_, command, numbers) => {
    if (command === "Z") return "z";
    const [nx, ny] = numbers.split(",").map((n) => Math.round(Number(n) * 10));
    const out = command === "M" ? `M${nx / 10},${ny / 10}` : `l${(nx - x) / 10},${(ny - y) / 10}`;
    [x, y] = [nx, ny];
    return out;
  }).replace(/l0,0(?=[lMz])/g, "");
}

// Kosovo has no numeric code in ISO 3166-1; XK is the code in common use.
const extra = { Kosovo: "XK" };
const lines = [];
const [[, , ], [, bottom]] = path.bounds({ type: "FeatureCollection", features: all });
lines.push(`~\t${WIDTH}x${Math.ceil(bottom)}\t`);
// Shapes of the same code (Australia and its Ashmore and Cartier Islands)
// are one country on the map, named by its largest shape.
const byCode = new Map();
for (const f of all) {
  const code = countries.numericToAlpha2(f.id) ?? extra[f.properties.name] ?? `-${f.properties.name}`;
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const area = path.area(f);
  const known = byCode.get(code);
  if (!known) byCode.set(code, { code, name: f.properties.name, area, polygons: [...polygons] });
  else {
    known.polygons.push(...polygons);
    if (area > known.area) Object.assign(known, { name: f.properties.name, area });
  }
}
for (const c of [...byCode.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
  const d = path(kept({ geometry: { type: "MultiPolygon", coordinates: c.polygons } }));
  if (d) lines.push(`${c.code.startsWith("-") ? "-" : c.code}\t${c.name}\t${relative(d)}`);
}
writeFileSync(OUT, lines.join("\n") + "\n");
console.log(`${OUT}: ${lines.length - 1} countries, ${readFileSync(OUT).length} bytes`);
