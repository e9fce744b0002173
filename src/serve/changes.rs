//! From an edit to the facts it changed: the values of the site that pages
//! read ([`crate::facts`]) are observed before and after the edit, by
//! stable identity (articles by [`ArticleId`], lists by [`ListId`]), and
//! compared. What an edited article shows itself (its listing, its
//! passages) is compared on the article alone.

use std::collections::{HashMap, HashSet};

use crate::facts::{ArticleId, Changes, EntryId, Fact, ListId, SectionId};
use crate::markdown::Rendered;
use crate::model::{Content, Page};
use crate::site::State;
use crate::views::page_count;

/// What changed in one edited, added or removed article.
#[derive(Debug, Default)]
pub(super) struct Touched {
    /// The article.
    pub id: ArticleId,
    /// What lists and links show of it (front matter, address, language).
    pub listing: bool,
    /// Its passages or the entries they name.
    pub passages: bool,
    /// The entries whose lists show it with other passages.
    pub appearances: HashSet<EntryId>,
    /// Added or removed.
    pub membership: bool,
}

impl Touched {
    /// What changed from `old` to `new`, the same article before and after
    /// an edit, rendered as `was` and `is`; `entries` are those it names
    /// before or after.
    pub fn edited(old: &Page, new: &Page, was: &Rendered, is: &Rendered, entries: &[usize]) -> Touched {
        let listing = old.meta != new.meta || old.path != new.path || old.lang != new.lang || old.dir != new.dir;
        let appearances = entries
            .iter()
            .filter(|&&e| crate::graph::shows_other_passages(was, is, e))
            .map(|&e| EntryId(e))
            .collect();
        Touched {
            id: new.id,
            listing,
            passages: was.passages != is.passages,
            appearances,
            membership: false,
        }
    }

    /// Everything of article `id` changed: it was added or removed, and
    /// names `entries`.
    pub fn whole(id: ArticleId, entries: &[usize]) -> Touched {
        Touched {
            id,
            listing: true,
            passages: true,
            appearances: entries.iter().map(|&e| EntryId(e)).collect(),
            membership: true,
        }
    }
}

/// The values that edits of articles change, by stable identity.
pub(super) struct Observation {
    /// Each list: its articles, and its number of pages.
    lists: HashMap<ListId, (Vec<ArticleId>, usize)>,
    /// Per entry: mentions, and articles that name it.
    counts: Vec<(usize, usize)>,
    /// Per entry: its related entries.
    related: Vec<Vec<(usize, usize)>>,
    /// Per case: the article and passage each assessment quotes.
    evidence: Vec<Vec<Option<(ArticleId, String)>>>,
}

impl Observation {
    /// Observes the site as `content` and `state` have it.
    pub fn of(content: &Content, state: &State) -> Observation {
        let ids = |pages: &[usize]| -> Vec<ArticleId> { pages.iter().map(|&p| content.pages[p].id).collect() };
        let mut lists = HashMap::new();
        for (s, section) in content.sections.iter().enumerate() {
            let count = page_count(section.pages.len(), section.meta.paginate_by.unwrap_or(0));
            lists.insert(ListId::Section(SectionId(s)), (ids(&section.pages), count));
        }
        let graph = &state.graph;
        for (e, (entry, links)) in content.entries.iter().zip(&graph.entries).enumerate() {
            let count = page_count(links.pages.len(), content.kinds[entry.kind].paginate_by);
            lists.insert(ListId::Entry(EntryId(e)), (ids(&links.pages), count));
        }
        lists.insert(ListId::Newest, (ids(graph.newest_first()), 1));
        let evidence = state.cases.evidence.iter().map(|assessments| {
            let quoted = |e: &crate::cases::Evidence| (content.pages[e.page].id, e.passage.clone());
            assessments.iter().map(|e| e.as_ref().map(quoted)).collect()
        });
        Observation {
            lists,
            counts: graph.entries.iter().map(|l| (l.mentions, l.pages.len())).collect(),
            related: graph.entries.iter().map(|l| l.related.clone()).collect(),
            evidence: evidence.collect(),
        }
    }

    /// The facts that differ from `before` to `self`, the articles
    /// `touched` being those edited, added or removed.
    pub fn changes_since(&self, before: &Observation, touched: &[Touched]) -> Changes {
        let mut changes = Changes::default();
        for article in touched {
            changes.facts.insert(Fact::Article(article.id));
            let facts = [
                (article.listing, Fact::Listing(article.id)),
                (article.passages, Fact::Passages(article.id)),
                (article.membership, Fact::Articles),
            ];
            changes
                .facts
                .extend(facts.into_iter().filter(|(changed, _)| *changed).map(|(_, f)| f));
        }
        let shown: HashMap<ArticleId, &Touched> = touched.iter().map(|t| (t.id, t)).collect();
        let lists: HashSet<&ListId> = before.lists.keys().chain(self.lists.keys()).collect();
        let none = (Vec::new(), 1);
        for &list in lists {
            let (old, old_count) = before.lists.get(&list).unwrap_or(&none);
            let (new, new_count) = self.lists.get(&list).unwrap_or(&none);
            if old_count != new_count {
                changes.facts.insert(Fact::PageCount(list));
            }
            if let ListId::Section(_) = list {
                changes.facts.extend(neighbours_changed(old, new));
            }
            let shows_other = |id: &ArticleId| {
                shown.get(id).is_some_and(|t| match list {
                    ListId::Entry(e) => t.listing || t.appearances.contains(&e),
                    _ => t.listing,
                })
            };
            let slots: Vec<usize> = (0..old.len().max(new.len()))
                .filter(|&at| old.get(at) != new.get(at) || new.get(at).is_some_and(shows_other))
                .collect();
            if !slots.is_empty() {
                changes.slots.insert(list, slots);
            }
        }
        self.entries_changed(before, &mut changes);
        changes
    }

    /// The counts, related entries and evidence that differ from `before`.
    fn entries_changed(&self, before: &Observation, changes: &mut Changes) {
        for e in 0..self.counts.len() {
            if self.counts[e] != before.counts[e] {
                changes.facts.insert(Fact::Counts(EntryId(e)));
            }
            if self.related[e] != before.related[e] {
                changes.facts.insert(Fact::Related(EntryId(e)));
            }
            if self.evidence[e] != before.evidence[e] {
                changes.facts.insert(Fact::Evidence(EntryId(e)));
            }
        }
    }
}

/// The articles of a section's list whose neighbours differ from `old` to
/// `new`: of those at or beside a position that holds another article.
fn neighbours_changed(old: &[ArticleId], new: &[ArticleId]) -> Vec<Fact> {
    let moved: Vec<usize> = (0..old.len().max(new.len()))
        .filter(|&at| old.get(at) != new.get(at))
        .collect();
    if moved.is_empty() {
        return Vec::new();
    }
    // The articles at or beside those positions, before or after.
    let near = |list: &[ArticleId]| -> Vec<ArticleId> {
        let at = moved.iter().flat_map(|&at| at.saturating_sub(1)..=at + 1);
        at.filter_map(|at| list.get(at).copied()).collect()
    };
    let mut ids = near(old);
    ids.extend(near(new));
    ids.sort_unstable();
    ids.dedup();
    let positions = |list: &[ArticleId]| -> HashMap<ArticleId, usize> {
        list.iter().enumerate().map(|(at, &id)| (id, at)).collect()
    };
    let (old_at, new_at) = (positions(old), positions(new));
    let neighbours = |list: &[ArticleId], at: Option<&usize>| {
        at.map(|&at| {
            (
                at.checked_sub(1).and_then(|b| list.get(b)).copied(),
                list.get(at + 1).copied(),
            )
        })
    };
    ids.into_iter()
        .filter(|id| neighbours(old, old_at.get(id)) != neighbours(new, new_at.get(id)))
        .map(Fact::Neighbours)
        .collect()
}
