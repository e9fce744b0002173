//! Picture stage, the heatmap of cases by variables: one row per case, one
//! column per variable, each cell coloured by its assessment (a CSS class
//! whose fill is a custom property of the page) and saying it in a word,
//! linked to its evidence. Rows come in groups (cases with and without an
//! intervention), each under a row with the group's name. The picture reads
//! right to left: case names at the right, the first variable beside them.

use std::fmt::Write;

use super::layout::Point;
use super::svg::{Anchor, escape, label_width, num, open_svg, push_text};

/// One cell.
#[derive(Debug, Clone)]
pub struct HeatCell {
    /// Its class: `present`, `partial`, `absent` or `not-assessed`.
    pub class: &'static str,
    /// The assessment in a word.
    pub label: &'static str,
    /// What a pointer over it shows, and its link's accessible name.
    pub title: String,
    /// Relative href of its evidence, if it has one.
    pub href: Option<String>,
}

/// One row: a case.
#[derive(Debug, Clone)]
pub struct HeatRow {
    /// Its name.
    pub label: String,
    /// Relative href of its page.
    pub href: String,
    /// One cell per column.
    pub cells: Vec<HeatCell>,
}

/// Rows under one heading.
#[derive(Debug, Clone)]
pub struct HeatGroup {
    /// The heading.
    pub label: String,
    /// The rows.
    pub rows: Vec<HeatRow>,
}

/// A column: a variable.
#[derive(Debug, Clone)]
pub struct HeatColumn {
    /// What the column head shows (the variable's number).
    pub label: String,
    /// The variable's name, shown over the head.
    pub title: String,
    /// Relative href of its page.
    pub href: String,
}

const ROW: f64 = 30.0;
const GAP: f64 = 2.0;
const PAD: f64 = 8.0;

/// The heatmap of `groups` by `columns`, as an SVG element.
pub fn draw(columns: &[HeatColumn], groups: &[HeatGroup], title: &str, id: &str) -> String {
    let rows = groups.iter().flat_map(|g| &g.rows);
    let names = rows.clone().map(|r| label_width(&r.label)).fold(60.0, f64::max) + 2.0 * PAD;
    let cell = rows
        .flat_map(|r| &r.cells)
        .map(|c| label_width(c.label))
        .fold(40.0, f64::max)
        + 2.0 * PAD;
    let width = names + columns.len() as f64 * (cell + GAP);
    let lines = groups.iter().map(|g| g.rows.len() + 1).sum::<usize>() + 1;
    let height = lines as f64 * (ROW + GAP);
    let mut out = open_svg("picture heatmap", (0.0, 0.0, width, height), title, id);
    // Column j's left edge: the first column is the nearest to the names.
    let left = |j: usize| width - names - (j + 1) as f64 * (cell + GAP);
    out.push_str("<g class=\"heads\">");
    for (j, column) in columns.iter().enumerate() {
        let _ = write!(
            out,
            "<a href=\"{}\"><title>{}</title>",
            escape(&column.href),
            escape(&column.title)
        );
        let centre = Point {
            x: left(j) + cell / 2.0,
            y: ROW / 2.0,
        };
        push_text(&mut out, &column.label, centre, Anchor::Middle);
        out.push_str("</a>");
    }
    out.push_str("</g>");
    let mut y = ROW + GAP;
    for group in groups {
        let _ = write!(
            out,
            "<g class=\"group\"><line x1=\"0\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            num(width),
            num(y),
            num(y)
        );
        push_text(
            &mut out,
            &group.label,
            Point {
                x: width - PAD,
                y: y + ROW / 2.0,
            },
            Anchor::Right,
        );
        out.push_str("</g>");
        y += ROW + GAP;
        for row in &group.rows {
            push_row(&mut out, row, y, (width, cell), &left);
            y += ROW + GAP;
        }
    }
    out.push_str("</svg>");
    out
}

/// One row at height `y`: the case's name, linked, then its cells.
fn push_row(out: &mut String, row: &HeatRow, y: f64, (width, cell): (f64, f64), left: &dyn Fn(usize) -> f64) {
    let _ = write!(
        out,
        "<g class=\"row\"><a href=\"{}\" class=\"row-label\">",
        escape(&row.href)
    );
    push_text(
        out,
        &row.label,
        Point {
            x: width - PAD,
            y: y + ROW / 2.0,
        },
        Anchor::Right,
    );
    out.push_str("</a>");
    for (j, c) in row.cells.iter().enumerate() {
        let open = match &c.href {
            Some(href) => format!("<a href=\"{}\" class=\"cell {}\">", escape(href), c.class),
            None => format!("<g class=\"cell {}\">", c.class),
        };
        out.push_str(&open);
        let _ = write!(
            out,
            "<title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
            escape(&c.title),
            num(left(j)),
            num(y),
            num(cell),
            num(ROW)
        );
        let centre = Point {
            x: left(j) + cell / 2.0,
            y: y + ROW / 2.0,
        };
        push_text(out, c.label, centre, Anchor::Middle);
        out.push_str(if c.href.is_some() { "</a>" } else { "</g>" });
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(class: &'static str, href: Option<&str>) -> HeatCell {
        HeatCell {
            class,
            label: "متوفر",
            title: "t".into(),
            href: href.map(str::to_string),
        }
    }

    #[test]
    fn cells_stand_right_to_left_from_the_names_and_link_their_evidence() {
        let columns: Vec<HeatColumn> = (1..=2)
            .map(|n| HeatColumn {
                label: n.to_string(),
                title: format!("v{n}"),
                href: format!("../v{n}/index.html"),
            })
            .collect();
        let groups = [HeatGroup {
            label: "تدخّل".into(),
            rows: vec![HeatRow {
                label: "حالة".into(),
                href: "../c/index.html".into(),
                cells: vec![cell("present", Some("../a/index.html#p-x")), cell("not-assessed", None)],
            }],
        }];
        let svg = draw(&columns, &groups, "عنوان", "h");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<a href=\"../a/index.html#p-x\" class=\"cell present\">"));
        assert!(svg.contains("<g class=\"cell not-assessed\">"));
        // The first column is to the right of the second.
        let x = |n: &str| {
            let at = svg.find(&format!(">{n}</text>")).unwrap();
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let x = tag.split("x=\"").nth(1).unwrap().split('"').next().unwrap();
            x.parse::<f64>().unwrap()
        };
        assert!(x("1") > x("2"));
        assert_eq!(draw(&columns, &groups, "عنوان", "h"), svg, "deterministic");
    }
}
