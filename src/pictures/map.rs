//! Picture stage, map: the countries of the registry on a world map,
//! shaded by their mentions, each a link to its page. The geometry is data
//! prepared once by `scripts/prepare-map.mjs` (Natural Earth through
//! world-atlas, projected and simplified: see data/world-map/LICENSE.md) and
//! embedded in the binary; a build only reads its lines.

use std::fmt::Write;
use std::sync::OnceLock;

use super::svg::{escape, open_svg};

/// The prepared map: a first line `~ WIDTHxHEIGHT`, then one line per
/// country: ISO 3166-1 alpha-2 code (`-` for none), name, SVG path data.
const WORLD: &str = include_str!("../../data/world-map/countries.tsv");

/// One country of the map.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// ISO 3166-1 alpha-2 code, upper case; empty for a territory without one.
    pub code: &'static str,
    /// English name, as Natural Earth gives it.
    pub name: &'static str,
    /// SVG path data.
    pub d: &'static str,
}

/// The world map.
#[derive(Debug)]
pub struct World {
    /// Width of the map, in its units.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The countries, by name.
    pub shapes: Vec<Shape>,
}

impl World {
    /// The shape of the country of code `code` (any case), if the map has it.
    pub fn find(&self, code: &str) -> Option<&Shape> {
        self.shapes
            .iter()
            .find(|s| !s.code.is_empty() && s.code.eq_ignore_ascii_case(code))
    }
}

/// The map, read from the embedded data when first needed.
pub fn world() -> &'static World {
    static WORLD_MAP: OnceLock<World> = OnceLock::new();
    WORLD_MAP.get_or_init(|| parse(WORLD))
}

/// Reads the prepared map's lines.
fn parse(text: &'static str) -> World {
    let mut lines = text.lines();
    let size = lines.next().and_then(|l| l.split('\t').nth(1)).unwrap_or("960x430");
    let (width, height) = size.split_once('x').unwrap_or(("960", "430"));
    let shapes = lines
        .filter_map(|line| {
            let mut fields = line.splitn(3, '\t');
            let (code, name, d) = (fields.next()?, fields.next()?, fields.next()?);
            Some(Shape {
                code: if code == "-" { "" } else { code },
                name,
                d,
            })
        })
        .collect();
    World {
        width: width.parse().unwrap_or(960.0),
        height: height.parse().unwrap_or(430.0),
        shapes,
    }
}

/// A country of the registry that the map places.
#[derive(Debug, Clone)]
pub struct MapCountry {
    /// ISO code, as its entry gives it.
    pub code: String,
    /// What a pointer over it shows: its name and mentions.
    pub title: String,
    /// Relative href of its page.
    pub href: String,
    /// Its shade, 0 (not mentioned) to [`SHADES`].
    pub shade: usize,
}

/// Shades of mentioned countries.
pub const SHADES: usize = 5;

/// The shade of a country mentioned `mentions` times, the most mentioned
/// `most` times: 0 when not mentioned, else 1 to [`SHADES`] on a
/// logarithmic scale (a few countries take most mentions).
pub fn shade(mentions: usize, most: usize) -> usize {
    if mentions == 0 || most == 0 {
        return 0;
    }
    let share = (1.0 + mentions as f64).ln() / (1.0 + most as f64).ln();
    ((share * SHADES as f64).ceil() as usize).clamp(1, SHADES)
}

/// The world map with `countries` shaded and linked, the others drawn as
/// land, titled `title` (id `{id}-title`).
pub fn draw(countries: &[MapCountry], title: &str, id: &str) -> String {
    let world = world();
    let mut out = open_svg("picture map", (0.0, 0.0, world.width, world.height), title, id);
    let mut linked = Vec::new();
    out.push_str("<g class=\"land\">");
    for shape in &world.shapes {
        match countries
            .iter()
            .find(|c| !shape.code.is_empty() && c.code.eq_ignore_ascii_case(shape.code))
        {
            Some(country) => linked.push((shape, country)),
            None => {
                let _ = write!(out, "<path d=\"{}\"/>", shape.d);
            }
        }
    }
    // Linked countries last, so that their outline is drawn over their
    // neighbours' and a focused one shows whole.
    out.push_str("</g><g class=\"countries\">");
    for (shape, country) in linked {
        let _ = write!(
            out,
            "<a href=\"{}\" class=\"shade-{}\"><title>{}</title><path d=\"{}\"/></a>",
            escape(&country.href),
            country.shade,
            escape(&country.title),
            shape.d
        );
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prepared_map_has_the_registry_s_countries() {
        let world = world();
        assert!(world.width > 0.0 && world.height > 0.0);
        for code in ["KZ", "RU", "AM", "US", "SY", "kz"] {
            assert!(world.find(code).is_some(), "{code}");
        }
        assert!(world.find("SU").is_none());
        assert!(world.shapes.len() > 200);
    }

    #[test]
    fn shades_grow_with_mentions_and_zero_is_its_own() {
        assert_eq!(shade(0, 10), 0);
        assert_eq!(shade(10, 10), SHADES);
        assert!(shade(1, 1000) >= 1);
        assert!(shade(2, 1000) <= shade(200, 1000));
    }

    #[test]
    fn placed_countries_are_links_and_the_rest_is_land() {
        let kz = MapCountry {
            code: "KZ".into(),
            title: "كازاخستان: 12".into(),
            href: "../countries/kazakhstan/index.html".into(),
            shade: 5,
        };
        let svg = draw(&[kz], "خريطة", "map");
        assert_eq!(svg.matches("<a href=").count(), 1);
        assert!(svg.contains("class=\"shade-5\"><title>كازاخستان: 12</title><path d=\"M"));
        assert!(svg.matches("<path").count() > 200);
    }
}
