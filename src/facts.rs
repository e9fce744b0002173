//! What pages read: the facts of the site that building a page's context
//! uses (an article's listing, the slots of a list, an entry's counts, a
//! case's evidence…), recorded while the context is built, and the table
//! from each fact to the pages that read it. `fihris serve` records and,
//! after an edit, renders again the pages that read a changed fact; a
//! build records nothing ([`Reads::off`]).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Mutex;

pub use crate::model::ArticleId;

/// An entry of the registry (its index in `Content::entries`, which an
/// update in place never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub usize);

/// A section (its index in `Content::sections`, which an update in place
/// never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(pub usize);

/// One page of the site, rendered from a template into one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    /// An article's page.
    Article(ArticleId),
    /// A page of a section's list (its index page: the first).
    Section(SectionId, ListPage),
    /// A page of an entry's list of articles.
    Entry(EntryId, ListPage),
    /// `atom.xml`.
    Feed,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The search page.
    Search,
    /// `404.html`.
    NotFound,
    /// The co-occurrence graph (`graph/`).
    Graph,
    /// The map (`map/`).
    Map,
    /// The timeline (`timeline/`).
    Timeline,
    /// The articles of one month (`timeline/2022-01/`): year, month.
    Month(u16, u8),
}

/// One page of a list that is cut into pages (see `views::Paging`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListPage {
    /// The list's own address: its newest articles.
    First,
    /// `page/k/`: the k-th `paginate_by` articles counted from the oldest.
    Archived(usize),
}

/// The end of a list that positions count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum End {
    /// From its first item (the newest, in a list newest first): what a
    /// page of its newest articles reads.
    First,
    /// From its last item: what a page that holds the same articles however
    /// many come before them reads.
    Last,
}

/// A list of articles that pages show by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListId {
    /// A section's articles, in its order.
    Section(SectionId),
    /// The articles that name an entry, newest first.
    Entry(EntryId),
    /// Every article, newest first (home, feed, matrices).
    Newest,
    /// Every article, newest first, as the timeline counts them: by their
    /// dates (not their titles).
    Dated,
    /// The articles that name an entry, as its pictures count them: by
    /// their dates and their passages naming it (not their titles).
    Months(EntryId),
}

/// One value of the site that a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    /// All of an article: its Markdown and front matter (its own page, and
    /// the feed, which carries its HTML).
    Article(ArticleId),
    /// What links and lists show of an article: its front matter and address.
    Listing(ArticleId),
    /// The articles before and after an article in its section's list.
    Neighbours(ArticleId),
    /// The passages of an article and the entries they name.
    Passages(ArticleId),
    /// Which articles the site has.
    Articles,
    /// How many times an entry is mentioned, and in how many articles.
    Counts(EntryId),
    /// The entries named with an entry, most shared first.
    Related(EntryId),
    /// The passages a case's assessments quote.
    Evidence(EntryId),
    /// The number of pages of a list besides its first.
    PageCount(ListId),
}

/// What a page read: a fact, or the articles at some positions of a list
/// (each as the list shows it: in an entry's list, with its passages that
/// name the entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// A value.
    Fact(Fact),
    /// The slots `Range` of a list, counted from one of its ends (to
    /// `usize::MAX`: all of it from there).
    Slots(ListId, End, Range<usize>),
}

/// The reads of one page while its context is built: nothing is kept when
/// recording is off.
#[derive(Debug, Default)]
pub struct Reads(Option<RefCell<Vec<Read>>>);

impl Reads {
    /// Keeps nothing (a build).
    pub fn off() -> Reads {
        Reads(None)
    }

    /// Keeps every read (`fihris serve`).
    pub fn on() -> Reads {
        Reads(Some(RefCell::default()))
    }

    /// Notes that the page shows `fact`.
    pub fn fact(&self, fact: Fact) {
        if let Some(reads) = &self.0 {
            reads.borrow_mut().push(Read::Fact(fact));
        }
    }

    /// Notes that the page shows the articles at positions `slots` of
    /// `list`, counted from its first (newest) item.
    pub fn slots(&self, list: ListId, slots: Range<usize>) {
        self.slots_from(list, End::First, slots);
    }

    /// Notes that the page shows the articles at positions `slots` of
    /// `list`, counted from `end`.
    pub fn slots_from(&self, list: ListId, end: End, slots: Range<usize>) {
        if let Some(reads) = &self.0 {
            reads.borrow_mut().push(Read::Slots(list, end, slots));
        }
    }

    /// What was read.
    pub fn into_reads(self) -> Vec<Read> {
        self.0.map(RefCell::into_inner).unwrap_or_default()
    }
}

/// The reads of the pages rendered, gathered from the threads that render
/// them: each page with its output file and what it read.
#[derive(Debug, Default)]
pub struct Recording(Mutex<Vec<(PageId, String, Vec<Read>)>>);

impl Recording {
    /// Notes what `page`, written to `path`, read.
    pub fn add(&self, page: PageId, path: String, reads: Vec<Read>) {
        self.0
            .lock()
            .expect("no thread panics while holding it")
            .push((page, path, reads));
    }

    /// Every page noted.
    pub fn into_pages(self) -> Vec<(PageId, String, Vec<Read>)> {
        self.0.into_inner().expect("no thread panics while holding it")
    }
}

/// What an edit changed: facts, and positions of lists.
#[derive(Debug, Default)]
pub struct Changes {
    /// Facts with a new value.
    pub facts: HashSet<Fact>,
    /// Per list and end, the positions (sorted, counted from that end) that
    /// show something different.
    pub slots: HashMap<(ListId, End), Vec<usize>>,
}

/// A page that shows a range of slots of a list.
type SlotReader = (Range<usize>, PageId);

/// The dependency table: for each fact, the pages that read it; for each
/// list, the positions each page shows.
#[derive(Debug, Default)]
pub struct Dependencies {
    readers: HashMap<Fact, Vec<PageId>>,
    slots: HashMap<(ListId, End), Vec<SlotReader>>,
    /// What each page read, and its output file.
    pages: HashMap<PageId, (String, Vec<Read>)>,
}

impl Dependencies {
    /// Notes what `page`, written to `path`, read, in place of what it read
    /// before.
    pub fn record(&mut self, page: PageId, path: String, reads: Vec<Read>) {
        self.forget(page);
        for read in &reads {
            match read {
                Read::Fact(fact) => self.readers.entry(*fact).or_default().push(page),
                Read::Slots(list, end, range) => {
                    let readers = self.slots.entry((*list, *end)).or_default();
                    readers.push((range.clone(), page));
                }
            }
        }
        self.pages.insert(page, (path, reads));
    }

    /// Forgets `page` (gone from the site, or about to record anew);
    /// returns its output file.
    pub fn forget(&mut self, page: PageId) -> Option<String> {
        let (path, reads) = self.pages.remove(&page)?;
        for read in reads {
            match read {
                Read::Fact(fact) => {
                    if let Some(readers) = self.readers.get_mut(&fact) {
                        readers.retain(|&p| p != page);
                    }
                }
                Read::Slots(list, end, _) => {
                    if let Some(readers) = self.slots.get_mut(&(list, end)) {
                        readers.retain(|&(_, p)| p != page);
                    }
                }
            }
        }
        Some(path)
    }

    /// Whether `page` was rendered.
    pub fn has(&self, page: PageId) -> bool {
        self.pages.contains_key(&page)
    }

    /// Every page rendered.
    pub fn pages(&self) -> impl Iterator<Item = PageId> + '_ {
        self.pages.keys().copied()
    }

    /// The bytes the table's buffers take on the heap, counted from their
    /// capacities (a hash table as its buckets and one control byte each;
    /// the allocator's own overhead not counted).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        fn table<K, V>(map: &HashMap<K, V>) -> usize {
            map.capacity() * (size_of::<(K, V)>() + 1)
        }
        let readers: usize = self.readers.values().map(|v| v.capacity() * size_of::<PageId>()).sum();
        let slots: usize = self
            .slots
            .values()
            .map(|v| v.capacity() * size_of::<SlotReader>())
            .sum();
        let pages: usize = (self.pages.values())
            .map(|(path, reads)| path.capacity() + reads.capacity() * size_of::<Read>())
            .sum();
        table(&self.readers) + readers + table(&self.slots) + slots + table(&self.pages) + pages
    }

    /// The pages that read something `changes` names, each once, in order.
    pub fn readers(&self, changes: &Changes) -> Vec<PageId> {
        let mut pages: Vec<PageId> = changes
            .facts
            .iter()
            .filter_map(|fact| self.readers.get(fact))
            .flatten()
            .copied()
            .collect();
        for (list, changed) in &changes.slots {
            let Some(readers) = self.slots.get(list) else {
                continue;
            };
            let shown = |range: &Range<usize>| {
                let first = changed.partition_point(|&at| at < range.start);
                changed.get(first).is_some_and(|&at| at < range.end)
            };
            pages.extend(readers.iter().filter(|(range, _)| shown(range)).map(|&(_, page)| page));
        }
        pages.sort_unstable();
        pages.dedup();
        pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_counts_its_paths_and_reads() {
        let mut table = Dependencies::default();
        assert_eq!(table.heap_bytes(), 0);
        let path = "x/".repeat(500);
        let reads = vec![Read::Fact(Fact::Articles); 10];
        table.record(PageId::Sitemap, path, reads);
        let least = 1000 + 10 * std::mem::size_of::<Read>() + std::mem::size_of::<PageId>();
        assert!(table.heap_bytes() >= least, "{} < {least}", table.heap_bytes());
    }

    #[test]
    fn pages_that_read_a_changed_fact_or_slot_are_found() {
        let mut table = Dependencies::default();
        let list = ListId::Entry(EntryId(3));
        let article = PageId::Article(ArticleId(7));
        let reads = vec![Read::Fact(Fact::Listing(ArticleId(8)))];
        table.record(article, "a/index.html".into(), reads);
        let page = |k| PageId::Entry(EntryId(3), ListPage::Archived(k));
        for k in 1..=3 {
            let reads = vec![Read::Slots(list, End::Last, (k - 1) * 2..k * 2)];
            table.record(page(k), format!("e/{k}"), reads);
        }
        let first = PageId::Entry(EntryId(3), ListPage::First);
        table.record(first, "e".into(), vec![Read::Slots(list, End::First, 0..2)]);
        let mut changes = Changes::default();
        changes.slots.insert((list, End::Last), vec![3, 4]);
        assert_eq!(table.readers(&changes), [page(2), page(3)]);
        // Counted from the other end, the same positions are other slots.
        changes.slots.insert((list, End::First), vec![1]);
        assert_eq!(table.readers(&changes), [first, page(2), page(3)]);
        changes.slots.remove(&(list, End::First));
        changes.facts.insert(Fact::Listing(ArticleId(8)));
        assert_eq!(table.readers(&changes).len(), 3);
        // Recorded anew, it reads something else.
        table.record(article, "a/index.html".into(), Vec::new());
        assert_eq!(table.readers(&changes).len(), 2);
        assert_eq!(table.forget(page(3)).as_deref(), Some("e/3"));
        assert_eq!(table.readers(&changes), [page(2)]);
    }
}
