//! Picture stage, drawing: networks of linked entries (the co-occurrence
//! graph, an entry's neighbourhood) as SVG text, from nodes, edges and an
//! arrangement; and the small pieces every picture shares (escaping,
//! numbers, the `<svg>` element with its `<title>`).

use std::fmt::Write;

use super::layout::{self, Point, Rect};
use crate::bidi::{TextDirection, strong_direction};

/// A node of a network.
#[derive(Debug, Clone)]
pub struct NetworkNode {
    /// Its label (the entry's name).
    pub label: String,
    /// What a pointer over it shows, and its link's accessible description.
    pub title: String,
    /// Relative href of its page.
    pub href: String,
    /// Position of its index among the site's indexes: its colour.
    pub index: usize,
    /// Its size, from 0 (the least) to 1 (the most).
    pub weight: f64,
}

/// A network to draw.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Nodes, the most important first.
    pub nodes: Vec<NetworkNode>,
    /// Edges `(a, b, weight)` between node positions, weight > 0.
    pub edges: Vec<(usize, usize, usize)>,
}

/// How the nodes of a network are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// By stress majorization ([`layout::stress`]).
    Stress,
    /// Node 0 in the middle, the others around it in order, clockwise from
    /// the top.
    Star,
}

/// Font size of labels, in picture units.
pub const FONT_SIZE: f64 = 13.0;

/// Width of a label of `text`, estimated from its characters: measured in
/// Chromium with the label faces, Arabic letters take 0.33 to 0.47 em each;
/// Latin capitals and digits are wider. The estimate is a little wider than
/// the text.
pub fn label_width(text: &str) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'A'..='Z' | '0'..='9' | 'm' | 'w' => 0.72,
            'a'..='z' => 0.55,
            ' ' => 0.3,
            _ => 0.5,
        })
        .sum();
    ems * FONT_SIZE + 4.0
}

/// Height of a label: the line of the Naskh face (1.71 em in Chromium),
/// whose marks reach far above and below the letters.
pub const LABEL_HEIGHT: f64 = FONT_SIZE * 1.75;

/// Radius of a node of `weight` (0 to 1).
fn radius(weight: f64) -> f64 {
    5.0 + 13.0 * weight.clamp(0.0, 1.0).sqrt()
}

/// The network drawn as an `<svg>` with the title `title` (its id
/// `{id}-title`): edges as lines as thick as their weight, each node a link
/// holding a disc as large as its weight and its label.
pub fn network(network: &Network, arrangement: Arrangement, title: &str, id: &str) -> String {
    let nodes = &network.nodes;
    let radii: Vec<f64> = nodes.iter().map(|n| radius(n.weight)).collect();
    let mut positions = match arrangement {
        Arrangement::Stress => stress_positions(network),
        Arrangement::Star => star_positions(nodes.len()),
    };
    layout::separate(&mut positions, &radii, 8.0);
    let sizes: Vec<(f64, f64)> = nodes.iter().map(|n| (label_width(&n.label), LABEL_HEIGHT)).collect();
    let order: Vec<usize> = (0..nodes.len()).collect();
    let labels = layout::place_labels(&positions, &radii, &sizes, &order, 3.0);
    let mut bounds = labels
        .iter()
        .map(|l| l.rect)
        .fold(None::<Rect>, |acc, r| Some(acc.map_or(r, |a| a.union(&r))));
    for (p, r) in positions.iter().zip(&radii) {
        let disc = Rect::around(*p, 2.0 * r, 2.0 * r);
        bounds = Some(bounds.map_or(disc, |b| b.union(&disc)));
    }
    let b = bounds.unwrap_or(Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 10.0,
        y1: 10.0,
    });
    let margin = 4.0;
    let mut out = open_svg(
        "picture network",
        (
            b.x0 - margin,
            b.y0 - margin,
            b.x1 - b.x0 + 2.0 * margin,
            b.y1 - b.y0 + 2.0 * margin,
        ),
        title,
        id,
    );
    let strongest = network.edges.iter().map(|e| e.2).max().unwrap_or(1) as f64;
    out.push_str("<g class=\"edges\">");
    for &(a, b, weight) in &network.edges {
        let width = 1.0 + 4.0 * weight as f64 / strongest;
        let (p, q) = (positions[a], positions[b]);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"{}\"/>",
            num(p.x),
            num(p.y),
            num(q.x),
            num(q.y),
            num(width)
        );
    }
    out.push_str("</g><g class=\"nodes\">");
    for (i, node) in nodes.iter().enumerate() {
        push_node(&mut out, node, positions[i], radii[i], &labels[i]);
    }
    out.push_str("</g></svg>");
    out
}

/// One node: a link holding its title, the line to a label placed away
/// from it, its disc and its label.
fn push_node(out: &mut String, node: &NetworkNode, at: Point, radius: f64, label: &layout::PlacedLabel) {
    let _ = write!(
        out,
        "<a href=\"{}\" class=\"index-{}\"><title>{}</title>",
        escape(&node.href),
        node.index % INDEX_COLOURS,
        escape(&node.title)
    );
    let centre = label.rect.centre();
    if label.leader {
        let _ = write!(
            out,
            "<line class=\"leader\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            num(at.x),
            num(at.y),
            num(centre.x),
            num(centre.y)
        );
    }
    let _ = write!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
        num(at.x),
        num(at.y),
        num(radius)
    );
    push_text(out, &node.label, centre, Anchor::Middle);
    out.push_str("</a>");
}

/// Colours of indexes the stylesheet defines (`index-0` …): an index past
/// them takes the colour of one before.
pub const INDEX_COLOURS: usize = 6;

/// Where a text stands against its `x`: the point is its left edge, its
/// middle or its right edge, whatever its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is the left edge.
    Left,
    /// `x` is the middle.
    Middle,
    /// `x` is the right edge.
    Right,
}

/// A `<text>` of `label` centred vertically on `at`, anchored there by
/// `anchor`, in the direction of its first strong character (right to left
/// when it has none), isolated from what is around it.
pub fn push_text(out: &mut String, label: &str, at: Point, anchor: Anchor) {
    let dir = label.chars().find_map(strong_direction).unwrap_or(TextDirection::Rtl);
    let rtl = dir == TextDirection::Rtl;
    // SVG's start and end follow the text's direction.
    let anchor = match anchor {
        Anchor::Middle => "middle",
        Anchor::Left if rtl => "end",
        Anchor::Right if !rtl => "end",
        Anchor::Left | Anchor::Right => "start",
    };
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" direction=\"{}\" unicode-bidi=\"embed\" paint-order=\"stroke\">{}</text>",
        num(at.x),
        num(at.y),
        dir.as_str(),
        escape(label)
    );
}

/// Positions by stress majorization, in picture units: an edge is shorter
/// the more passages it stands for.
fn stress_positions(network: &Network) -> Vec<Point> {
    let strongest = network.edges.iter().map(|e| e.2).max().unwrap_or(1) as f64;
    let lengths: Vec<(usize, usize, f64)> = network
        .edges
        .iter()
        .map(|&(a, b, w)| (a, b, 2.0 - w as f64 / strongest))
        .collect();
    let unit = 70.0;
    layout::stress(network.nodes.len(), &lengths)
        .into_iter()
        .map(|p| Point {
            x: p.x * unit,
            y: p.y * unit,
        })
        .collect()
}

/// Node 0 in the middle, the `n - 1` others on a circle around it,
/// clockwise from the top, on a circle wide enough for their labels.
fn star_positions(n: usize) -> Vec<Point> {
    let around = n.saturating_sub(1).max(1) as f64;
    let reach = 90.0 + 6.0 * around;
    std::iter::once(Point { x: 0.0, y: 0.0 })
        .chain((0..n.saturating_sub(1)).map(|i| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / around;
            Point {
                x: reach * angle.cos(),
                y: reach * angle.sin(),
            }
        }))
        .collect()
}

/// The opening of a picture: `<svg>` with its classes, view box
/// `(x, y, width, height)`, labelled by its `<title>` (id `{id}-title`).
pub fn open_svg(class: &str, view: (f64, f64, f64, f64), title: &str, id: &str) -> String {
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" id=\"{id}\" viewBox=\"{} {} {} {}\" \
         role=\"group\" aria-labelledby=\"{id}-title\" font-size=\"{}\"><title id=\"{id}-title\">{}</title>",
        num(view.0),
        num(view.1),
        num(view.2),
        num(view.3),
        num(FONT_SIZE),
        escape(title)
    );
    out
}

/// A coordinate with one decimal at most, `-0` written `0`.
pub fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        return "0".to_string();
    }
    let text = format!("{rounded:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// `text` safe inside an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String does not fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, weight: f64) -> NetworkNode {
        NetworkNode {
            label: label.into(),
            title: format!("{label}: 3"),
            href: format!("../actors/{label}/index.html"),
            index: 0,
            weight,
        }
    }

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-3.25), "-3.3");
    }

    #[test]
    fn a_network_is_a_titled_svg_of_links_with_arabic_labels_right_to_left() {
        let network = Network {
            nodes: vec![node("توكاييف", 1.0), node("روسيا", 0.5), node("CSTO", 0.0)],
            edges: vec![(0, 1, 3), (1, 2, 1)],
        };
        let svg = super::network(&network, Arrangement::Stress, "شبكة <الصلات>", "graph");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<title id=\"graph-title\">شبكة &lt;الصلات&gt;</title>"));
        assert_eq!(svg.matches("<a href=").count(), 3);
        assert_eq!(
            svg.matches("<line ").count() - svg.matches("class=\"leader\"").count(),
            2
        );
        assert!(svg.contains("direction=\"rtl\" unicode-bidi=\"embed\" paint-order=\"stroke\">توكاييف</text>"));
        assert!(svg.contains("direction=\"ltr\" unicode-bidi=\"embed\" paint-order=\"stroke\">CSTO</text>"));
        assert!(!svg.contains("fill=\"#"), "colours come from the stylesheet");
        assert_eq!(
            svg,
            super::network(&network, Arrangement::Stress, "شبكة <الصلات>", "graph")
        );
        let star = super::network(&network, Arrangement::Star, "حول توكاييف", "around");
        assert_eq!(star.matches("<circle").count(), 3);
    }
}
