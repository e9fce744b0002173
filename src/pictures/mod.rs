//! Picture stage: from the cross-link graph, the registry and the articles'
//! dates to pictures drawn as SVG text (the co-occurrence graph, an entry's
//! neighbourhood, the world map, timelines), each with the data of its text
//! alternative. Runs after the cross-link stage; the views put links and
//! words around the pictures, and the templates print them.
//!
//! Nothing here knows where a page is: links come in as relative hrefs.
//! Colours are never written: shapes carry classes (`index-N`, `shade-N`)
//! that the stylesheet colours from its custom properties, and text is
//! `currentColor`, so a picture follows the page's light or dark scheme and
//! prints.

pub mod heatmap;
pub mod layout;
pub mod map;
pub mod svg;
pub mod timeline;

use crate::config::Digits;
use crate::graph::Graph;

/// The most-mentioned entries, most first (ties in registry order), at most
/// `limit`; entries no article mentions are left out.
pub fn most_mentioned(graph: &Graph, limit: usize) -> Vec<usize> {
    let mut entries: Vec<usize> = (0..graph.entries.len())
        .filter(|&e| graph.entries[e].mentions > 0)
        .collect();
    entries.sort_by(|&a, &b| {
        graph.entries[b]
            .mentions
            .cmp(&graph.entries[a].mentions)
            .then(a.cmp(&b))
    });
    entries.truncate(limit);
    entries
}

/// Edges kept per node in the co-occurrence graph: its strongest links
/// among the nodes shown. More would draw every pair of a large site,
/// where the most-mentioned entries all meet one another.
pub const EDGES_PER_NODE: usize = 4;

/// The co-occurrence edges among `nodes` (entry indices): each node's
/// [`EDGES_PER_NODE`] strongest links to other nodes, as `(a, b, shared
/// passages)` with `a < b` positions in `nodes`, sorted.
pub fn co_occurrence(graph: &Graph, nodes: &[usize]) -> Vec<(usize, usize, usize)> {
    let position: std::collections::HashMap<usize, usize> = nodes.iter().enumerate().map(|(i, &e)| (e, i)).collect();
    let mut edges: Vec<(usize, usize, usize)> = Vec::new();
    for (i, &entry) in nodes.iter().enumerate() {
        // `related` is sorted by shared passages, most first, then entry.
        let strongest = graph.entries[entry]
            .related
            .iter()
            .filter_map(|other| Some((*position.get(&other.entry)?, other.shared)))
            .take(EDGES_PER_NODE);
        for (j, count) in strongest {
            edges.push((i.min(j), i.max(j), count));
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// `n` written with the site's digits.
pub fn digits(n: usize, system: Digits) -> String {
    let text = n.to_string();
    match system {
        Digits::Latin => text,
        Digits::Arabic => text
            .chars()
            .map(|c| c.to_digit(10).and_then(|d| char::from_u32(0x0660 + d)).unwrap_or(c))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_the_site_s_digits() {
        assert_eq!(digits(2022, Digits::Latin), "2022");
        assert_eq!(digits(2022, Digits::Arabic), "٢٠٢٢");
    }
}
