//! Cross-link stage: from the mentions found in every article to, for each
//! entry, the passages and articles that name it, the entries named with it,
//! and, for each article, the entries it discusses. Needs every page rendered.

use std::collections::HashMap;

use crate::markdown::Rendered;
use crate::model::{Content, Page, newest_first};

/// A passage of an article: `rendered[page].passages[passage]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageRef {
    /// Page index.
    pub page: usize,
    /// Passage index in that page.
    pub passage: usize,
}

/// What the site says about one entry.
#[derive(Debug, Clone, Default)]
pub struct EntryLinks {
    /// Pages that mention it or name it in front matter, newest first.
    pub pages: Vec<usize>,
    /// Every passage that mentions it, in the order of `pages`, then of the text.
    pub passages: Vec<PassageRef>,
    /// Number of mentions in all articles.
    pub mentions: usize,
    /// Entries mentioned in the same passages, with the number of shared passages, most first.
    pub related: Vec<(usize, usize)>,
}

/// The cross-link graph of a site.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Per entry.
    pub entries: Vec<EntryLinks>,
    /// Per page: the entries it discusses with their mention counts (0 for
    /// entries only named in front matter), in registry order.
    pub page_entries: Vec<Vec<(usize, usize)>>,
}

/// Pages newest first, then by path: the order of every list of articles.
pub fn pages_newest_first(content: &Content) -> Vec<usize> {
    let mut order: Vec<usize> = (0..content.pages.len()).collect();
    order.sort_by(|&a, &b| newest_first(&content.pages[a], &content.pages[b]));
    order
}

/// The entries page `page` discusses, with their mention counts (0 for
/// entries only named in front matter), in registry order. Depends on the
/// page alone, so an article page can render before the graph exists.
pub fn page_entries(page: &Page, rendered: &Rendered) -> Vec<(usize, usize)> {
    let mut counts: HashMap<usize, usize> = page.explicit_entries.iter().map(|&e| (e, 0)).collect();
    for mention in rendered.passages.iter().flat_map(|p| &p.mentions) {
        *counts.entry(mention.entry).or_default() += 1;
    }
    let mut discussed: Vec<(usize, usize)> = counts.into_iter().collect();
    discussed.sort_unstable();
    discussed
}

/// Builds the graph from the rendered pages (same order as `content.pages`).
pub fn build(content: &Content, pages: &[Rendered]) -> Graph {
    let mut entries = vec![EntryLinks::default(); content.entries.len()];
    let mut discussed_by_page = vec![Vec::new(); content.pages.len()];
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for page in pages_newest_first(content) {
        for (passage, text) in pages[page].passages.iter().enumerate() {
            let mut present: Vec<usize> = text.mentions.iter().map(|m| m.entry).collect();
            present.sort_unstable();
            present.dedup();
            for &entry in &present {
                entries[entry].passages.push(PassageRef { page, passage });
            }
            for mention in &text.mentions {
                entries[mention.entry].mentions += 1;
            }
            for (i, &a) in present.iter().enumerate() {
                for &b in &present[i + 1..] {
                    *shared.entry((a, b)).or_default() += 1;
                }
            }
        }
        let discussed = page_entries(&content.pages[page], &pages[page]);
        for &(entry, _) in &discussed {
            entries[entry].pages.push(page);
        }
        discussed_by_page[page] = discussed;
    }
    for ((a, b), count) in shared {
        entries[a].related.push((b, count));
        entries[b].related.push((a, count));
    }
    for links in &mut entries {
        links.related.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    }
    Graph {
        entries,
        page_entries: discussed_by_page,
    }
}
