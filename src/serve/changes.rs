//! From an edit to the facts it changed: the values of the site that pages
//! read ([`crate::facts`]) are kept as last observed, by stable identity
//! (articles by [`ArticleId`], lists by [`ListId`]), observed again after
//! the edit where it can have changed them (the lists of the entries the
//! edited articles name, every section's list, the newest, the counts and
//! the evidence), and compared. What an edited article shows itself (its
//! listing, its passages) is compared on the article alone.

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;

use crate::facts::{ArticleId, Changes, End, EntryId, Fact, ListId, SectionId};
use crate::markdown::Rendered;
use crate::model::{Content, Page};
use crate::site::State;
use crate::views::{Contexts, Paging};

/// What changed in one edited, added or removed article.
#[derive(Debug, Default)]
pub(super) struct Touched {
    /// The article.
    pub id: ArticleId,
    /// What lists and links show of it (front matter, address, language).
    pub listing: bool,
    /// Its date.
    pub dated: bool,
    /// Its passages or the entries they name.
    pub passages: bool,
    /// The entries whose lists show it with other passages.
    pub appearances: HashSet<EntryId>,
    /// Added or removed.
    pub membership: bool,
    /// The entries it names, before or after.
    pub entries: Vec<usize>,
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
            dated: old.meta.date != new.meta.date,
            passages: was.passages != is.passages,
            appearances,
            membership: false,
            entries: entries.to_vec(),
        }
    }

    /// Everything of article `id` changed: it was added or removed, and
    /// names `entries`.
    pub fn whole(id: ArticleId, entries: &[usize]) -> Touched {
        Touched {
            id,
            listing: true,
            dated: true,
            passages: true,
            appearances: entries.iter().map(|&e| EntryId(e)).collect(),
            membership: true,
            entries: entries.to_vec(),
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
    related: Vec<Vec<crate::graph::Related>>,
    /// Per case: the article and passage each assessment quotes.
    evidence: Vec<Vec<Option<(ArticleId, String)>>>,
}

impl Observation {
    /// Observes the site as `content` and `state` have it.
    pub fn of(content: &Content, state: &State) -> Observation {
        let mut observation = Observation {
            lists: HashMap::default(),
            counts: Vec::new(),
            related: Vec::new(),
            evidence: Vec::new(),
        };
        let all: Vec<usize> = (0..content.entries.len()).collect();
        observation.observe(content, state, &all);
        observation.related = state.graph.entries.iter().map(|l| l.related.clone()).collect();
        observation
    }

    /// Observes again what an edit of articles naming `entries` can change:
    /// their lists, every section's list, the newest, the counts, the
    /// evidence.
    fn observe(&mut self, content: &Content, state: &State, entries: &[usize]) {
        let ids = |pages: &[usize]| -> Vec<ArticleId> { pages.iter().map(|&p| content.pages[p].id).collect() };
        for (s, section) in content.sections.iter().enumerate() {
            let count = Contexts::section_paging(section).archived();
            self.lists
                .insert(ListId::Section(SectionId(s)), (ids(&section.pages), count));
        }
        let graph = &state.graph;
        for &e in entries {
            let pages = &graph.entries[e].pages;
            let count = Paging::new(pages.len(), content.entry_page_size(e)).archived();
            self.lists.insert(ListId::Entry(EntryId(e)), (ids(pages), count));
        }
        self.lists.insert(ListId::Newest, (ids(graph.newest_first()), 1));
        self.counts = graph.entries.iter().map(|l| (l.mentions, l.pages.len())).collect();
        let evidence = state.cases.evidence.iter().map(|assessments| {
            let quoted = |e: &crate::cases::Evidence| (content.pages[e.page].id, e.passage.clone());
            assessments.iter().map(|e| e.as_ref().map(quoted)).collect()
        });
        self.evidence = evidence.collect();
    }

    /// Observes the site again after the articles `touched` were edited,
    /// added or removed; returns the facts that changed.
    pub fn update(&mut self, content: &Content, state: &State, touched: &[Touched]) -> Changes {
        let mut entries: Vec<usize> = touched.iter().flat_map(|t| t.entries.iter().copied()).collect();
        entries.sort_unstable();
        entries.dedup();
        let mut after = Observation {
            lists: HashMap::default(),
            counts: Vec::new(),
            related: entries
                .iter()
                .map(|&e| state.graph.entries[e].related.clone())
                .collect(),
            evidence: Vec::new(),
        };
        after.observe(content, state, &entries);
        let mut changes = after.changes_since(self, touched);
        // Related entries change only among the entries an article names.
        for (&e, related) in entries.iter().zip(after.related) {
            if self.related[e] != related {
                changes.facts.insert(Fact::Related(EntryId(e)));
                self.related[e] = related;
            }
        }
        self.lists.extend(after.lists);
        self.counts = after.counts;
        self.evidence = after.evidence;
        changes
    }

    /// The facts that differ from `before` to `self` (which observed some
    /// lists again), the articles `touched` being those edited, added or
    /// removed.
    fn changes_since(&self, before: &Observation, touched: &[Touched]) -> Changes {
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
        let none = (Vec::new(), 0);
        for &list in self.lists.keys() {
            let (old, old_count) = before.lists.get(&list).unwrap_or(&none);
            let (new, new_count) = self.lists.get(&list).unwrap_or(&none);
            if old_count != new_count {
                changes.facts.insert(Fact::PageCount(list));
            }
            if let ListId::Section(_) = list {
                changes.facts.extend(neighbours_changed(old, new));
            }
            let shown = |list: ListId, id: &ArticleId| {
                touched.iter().find(|t| t.id == *id).is_some_and(|t| match list {
                    ListId::Entry(e) => t.listing || t.appearances.contains(&e),
                    ListId::Months(e) => t.dated || t.appearances.contains(&e),
                    ListId::Dated => t.dated,
                    _ => t.listing,
                })
            };
            let mut lists = vec![list];
            match list {
                ListId::Entry(e) => lists.push(ListId::Months(e)),
                ListId::Newest => lists.push(ListId::Dated),
                _ => {}
            }
            for list in lists {
                for end in [End::First, End::Last] {
                    let slots = changed_slots(old, new, end, |id| shown(list, id));
                    if !slots.is_empty() {
                        changes.slots.insert((list, end), slots);
                    }
                }
            }
        }
        self.entries_changed(before, &mut changes);
        changes
    }

    /// The counts and evidence that differ from `before`.
    fn entries_changed(&self, before: &Observation, changes: &mut Changes) {
        for e in 0..self.counts.len() {
            if self.counts[e] != before.counts[e] {
                changes.facts.insert(Fact::Counts(EntryId(e)));
            }
            if self.evidence[e] != before.evidence[e] {
                changes.facts.insert(Fact::Evidence(EntryId(e)));
            }
        }
    }
}

/// The positions of a list, counted from `end`, that hold another article
/// from `old` to `new`, or an article whose showing changed.
fn changed_slots(old: &[ArticleId], new: &[ArticleId], end: End, shown: impl Fn(&ArticleId) -> bool) -> Vec<usize> {
    let at = |list: &[ArticleId], k: usize| match end {
        End::First => list.get(k).copied(),
        End::Last => list.len().checked_sub(k + 1).map(|i| list[i]),
    };
    (0..old.len().max(new.len()))
        .filter(|&k| at(old, k) != at(new, k) || at(new, k).is_some_and(|id| shown(&id)))
        .collect()
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
