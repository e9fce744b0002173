//! Cross-link stage: from the mentions found in every article to, for each
//! entry, the passages and articles that name it, the entries named with it,
//! and, for each article, the entries it discusses. Needs every page rendered.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

use crate::bidi::TextDirection;
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
    /// Entries mentioned in the same passages, most shared first.
    pub related: Vec<Related>,
}

/// An entry named in the same passages as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Related {
    /// The other entry (its index in `Content::entries`).
    pub entry: usize,
    /// How many passages name both.
    pub shared: usize,
}

/// An entry an article discusses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Discussed {
    /// The entry (its index in `Content::entries`).
    pub entry: usize,
    /// How many times the article mentions it: 0 when only its front matter
    /// names it.
    pub mentions: usize,
}

/// The cross-link graph of a site.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Per entry.
    pub entries: Vec<EntryLinks>,
    /// Per page: the entries it discusses, in registry order.
    pub page_entries: Vec<Vec<Discussed>>,
    /// Per page: its position in the order of article lists (newest first).
    rank: Vec<usize>,
    /// The pages in that order.
    order: Vec<usize>,
    /// Passages shared by two entries (the smaller index first).
    shared: FxHashMap<(usize, usize), usize>,
}

/// Pages newest first, then by path: the order of every list of articles.
pub fn pages_newest_first(content: &Content) -> Vec<usize> {
    let mut order: Vec<usize> = (0..content.pages.len()).collect();
    order.sort_by(|&a, &b| newest_first(&content.pages[a], &content.pages[b]));
    order
}

/// The entries page `page` discusses, in registry order. Depends on the
/// page alone, so an article page can render before the graph exists.
pub fn page_entries(page: &Page, rendered: &Rendered) -> Vec<Discussed> {
    let explicit = page.explicit_entries.iter().map(|&e| (e, 0));
    let mentions = rendered.passages.iter().flat_map(|p| &p.mentions).map(|m| (m.entry, 1));
    let mut discussed: Vec<(usize, usize)> = explicit.chain(mentions).collect();
    sum_counts(&mut discussed);
    let discussed = discussed
        .into_iter()
        .map(|(entry, mentions)| Discussed { entry, mentions });
    discussed.collect()
}

/// Sorts `(key, count)` pairs and sums the counts of each key into one pair.
pub(crate) fn sum_counts<K: Ord, C: Ord + std::ops::AddAssign + Copy>(pairs: &mut Vec<(K, C)>) {
    pairs.sort_unstable();
    pairs.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
}

/// Builds the graph from the rendered pages (same order as `content.pages`),
/// `order` being those pages newest first, as [`pages_newest_first`] sorts them.
pub fn build(content: &Content, pages: &[Rendered], order: Vec<usize>) -> Graph {
    let mut entries = vec![EntryLinks::default(); content.entries.len()];
    let mut discussed_by_page = vec![Vec::new(); content.pages.len()];
    let mut shared: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    let mut rank = vec![0; content.pages.len()];
    for (position, &page) in order.iter().enumerate() {
        rank[page] = position;
    }
    // What each page holds is found in parallel, in page order; it is then
    // added to the entries' lists newest first.
    let mut found: Vec<PageFinds> = pages
        .par_iter()
        .zip(&content.pages)
        .map(|(rendered, page)| {
            let present = rendered.passages.iter().map(present).collect();
            (present, page_entries(page, rendered))
        })
        .collect();
    for &page in &order {
        let (present, discussed) = std::mem::take(&mut found[page]);
        for (passage, (text, present)) in pages[page].passages.iter().zip(present).enumerate() {
            for &entry in &present {
                entries[entry].passages.push(PassageRef { page, passage });
            }
            for mention in &text.mentions {
                entries[mention.entry].mentions += 1;
            }
            for pair in pairs(&present) {
                *shared.entry(pair).or_default() += 1;
            }
        }
        for d in &discussed {
            entries[d.entry].pages.push(page);
        }
        discussed_by_page[page] = discussed;
    }
    let mut graph = Graph {
        entries,
        page_entries: discussed_by_page,
        rank,
        order,
        shared,
    };
    let all: Vec<usize> = (0..content.entries.len()).collect();
    graph.rank_related(&all);
    graph
}

/// What the graph takes from one page: the entries each passage mentions
/// (sorted, each once) and the entries the page discusses.
type PageFinds = (Vec<Vec<usize>>, Vec<Discussed>);

/// Every pair of a sorted, deduplicated list of entries.
fn pairs(present: &[usize]) -> impl Iterator<Item = (usize, usize)> + '_ {
    present
        .iter()
        .enumerate()
        .flat_map(move |(i, &a)| present[i + 1..].iter().map(move |&b| (a, b)))
}

/// The entries a passage mentions, sorted, each once.
fn present(passage: &crate::markdown::Passage) -> Vec<usize> {
    let mut present: Vec<usize> = passage.mentions.iter().map(|m| m.entry).collect();
    present.sort_unstable();
    present.dedup();
    present
}

/// A passage as an entry page quotes it: id, text, direction and where the
/// entry is named.
type Quoted<'r> = (&'r str, &'r str, TextDirection, Vec<Range<usize>>);

/// What page `rendered` shows about `entry`: each mentioning passage, and
/// the number of mentions.
fn appearance(rendered: &Rendered, entry: usize) -> (Vec<Quoted<'_>>, usize) {
    let mut count = 0;
    let passages = rendered
        .passages
        .iter()
        .filter_map(|p| {
            let ranges: Vec<Range<usize>> = p
                .mentions
                .iter()
                .filter(|m| m.entry == entry)
                .map(|m| m.range.clone())
                .collect();
            count += ranges.len();
            (!ranges.is_empty()).then_some((p.id.as_str(), p.text.as_str(), p.dir, ranges))
        })
        .collect();
    (passages, count)
}

/// Whether entry `entry`'s list shows an article differently once its
/// Markdown went from `old` to `new`: other passages naming the entry, or
/// another number of mentions.
pub fn shows_other_passages(old: &Rendered, new: &Rendered, entry: usize) -> bool {
    appearance(old, entry) != appearance(new, entry)
}

impl Graph {
    /// The position of page `page` in the order of article lists (newest first).
    pub fn position(&self, page: usize) -> usize {
        self.rank[page]
    }

    /// The articles at positions `shown` of entry `entry`'s list, each with
    /// its passages that name the entry. Finds the first passage by binary
    /// search, so each page of a long paginated list costs its own length.
    pub fn appearances(&self, entry: usize, shown: Range<usize>) -> Vec<(usize, &[PassageRef])> {
        let links = &self.entries[entry];
        let shown = shown.start.min(links.pages.len())..shown.end.min(links.pages.len());
        let Some(&first) = links.pages.get(shown.start) else {
            return Vec::new();
        };
        let rank = &self.rank;
        let mut at = links.passages.partition_point(|r| rank[r.page] < rank[first]);
        links.pages[shown]
            .iter()
            .map(|&page| {
                let start = at;
                while links.passages.get(at).is_some_and(|r| r.page == page) {
                    at += 1;
                }
                (page, &links.passages[start..at])
            })
            .collect()
    }

    /// Makes room for a new page at index `at`, which discusses nothing yet
    /// (see [`Graph::replace_page`]): the indices of the pages after it move
    /// up by one, as in [`Content::insert_page`]. Call [`Graph::rerank`]
    /// before anything else.
    pub fn insert_page(&mut self, at: usize) {
        let shift = |page: &mut usize| {
            if *page >= at {
                *page += 1;
            }
        };
        for links in &mut self.entries {
            links.pages.iter_mut().for_each(shift);
            links.passages.iter_mut().for_each(|r| shift(&mut r.page));
        }
        self.page_entries.insert(at, Vec::new());
        self.rank.insert(at, 0);
        self.order.iter_mut().for_each(shift);
        self.order.push(at);
    }

    /// Takes article `at` out, once [`Graph::replace_page`] took away what
    /// it gave (an empty body, and no entries named in its front matter).
    /// Indices of the pages after it move down by one; [`Graph::rerank`]
    /// follows once the content lost it too.
    pub fn remove_page(&mut self, at: usize) {
        debug_assert!(self.page_entries[at].is_empty(), "the page still names entries");
        let shift = |page: &mut usize| {
            if *page > at {
                *page -= 1;
            }
        };
        for links in &mut self.entries {
            links.pages.iter_mut().for_each(shift);
            links.passages.iter_mut().for_each(|r| shift(&mut r.page));
        }
        self.page_entries.remove(at);
        self.rank.remove(at);
        self.order.retain(|&page| page != at);
        self.order.iter_mut().for_each(shift);
    }

    /// Takes the order of article lists again from `content`, after a page
    /// was added, moved or removed. Each entry's lists stay sorted but for the pages
    /// that moved, which [`Graph::replace_page`] then puts in their place.
    pub fn rerank(&mut self, content: &Content) {
        // The order before, all but a few pages in place: the sort finds
        // the long sorted runs and merges them in linear time.
        let pages = &content.pages;
        self.order.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
        for (position, &page) in self.order.iter().enumerate() {
            self.rank[page] = position;
        }
    }

    /// The pages in the order of article lists (newest first), as
    /// [`pages_newest_first`] sorts them.
    pub fn newest_first(&self) -> &[usize] {
        &self.order
    }

    /// Sorts the related entries of `which` from the shared-passage counts.
    fn rank_related(&mut self, which: &[usize]) {
        let wanted: std::collections::HashSet<usize> = which.iter().copied().collect();
        for &e in which {
            self.entries[e].related.clear();
        }
        for (&(a, b), &count) in &self.shared {
            if wanted.contains(&a) {
                self.entries[a].related.push(Related {
                    entry: b,
                    shared: count,
                });
            }
            if wanted.contains(&b) {
                self.entries[b].related.push(Related {
                    entry: a,
                    shared: count,
                });
            }
        }
        for &e in which {
            self.entries[e]
                .related
                .sort_by(|x, y| y.shared.cmp(&x.shared).then(x.entry.cmp(&y.entry)));
        }
    }

    /// Replaces what article `page` contributes to the graph: its Markdown
    /// was `old` and is now `new` (an empty [`Rendered`] for a new page).
    /// When the page moved in article lists, [`Graph::rerank`] comes first.
    /// Returns the entries whose pages show something different: their
    /// passages or mention counts in this article, their list of articles,
    /// or their related entries (not those that list the page where it was
    /// only because it moved).
    pub fn replace_page(&mut self, content: &Content, page: usize, old: &Rendered, new: &Rendered) -> Vec<usize> {
        let before = std::mem::take(&mut self.page_entries[page]);
        let after = page_entries(&content.pages[page], new);
        let mut touched: Vec<usize> = before.iter().chain(&after).map(|d| d.entry).collect();
        touched.sort_unstable();
        touched.dedup();
        let rank = &self.rank;
        let mut changed = Vec::new();
        for &e in &touched {
            let (old_passages, old_count) = appearance(old, e);
            let (new_passages, new_count) = appearance(new, e);
            let was = before.iter().any(|d| d.entry == e);
            let is = after.iter().any(|d| d.entry == e);
            // Same quoted passages (ids and text), count and membership: the
            // entry's pages stay as they are, though passage positions may move.
            if old_passages != new_passages || old_count != new_count || was != is {
                changed.push(e);
            }
            let links = &mut self.entries[e];
            links.mentions = links.mentions + new_count - old_count;
            links.pages.retain(|&p| p != page);
            if is {
                let at = links.pages.partition_point(|&p| rank[p] < rank[page]);
                links.pages.insert(at, page);
            }
            links.passages.retain(|r| r.page != page);
            let at = links.passages.partition_point(|r| rank[r.page] < rank[page]);
            let refs = new
                .passages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.mentions.iter().any(|m| m.entry == e))
                .map(|(passage, _)| PassageRef { page, passage });
            links.passages.splice(at..at, refs);
        }
        self.page_entries[page] = after;
        // Shared passages: take the old ones away, add the new ones.
        let mut pair_changes: HashMap<(usize, usize), isize> = HashMap::new();
        for p in &old.passages {
            for pair in pairs(&present(p)) {
                *pair_changes.entry(pair).or_default() -= 1;
            }
        }
        for p in &new.passages {
            for pair in pairs(&present(p)) {
                *pair_changes.entry(pair).or_default() += 1;
            }
        }
        let mut reranked = Vec::new();
        for ((a, b), delta) in pair_changes.into_iter().filter(|&(_, d)| d != 0) {
            let count = self.shared.entry((a, b)).or_default();
            *count = count
                .checked_add_signed(delta)
                .expect("a pair is never taken away more than added");
            if *count == 0 {
                self.shared.remove(&(a, b));
            }
            reranked.extend([a, b]);
        }
        reranked.sort_unstable();
        reranked.dedup();
        self.rank_related(&reranked);
        changed.extend(reranked);
        changed.sort_unstable();
        changed.dedup();
        changed
    }
}
