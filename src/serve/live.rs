//! Incremental rebuilds for `fihris serve`. After a full render, an edit to
//! articles that keeps each in its place (same address, language and
//! position in lists, same entries named in front matter) re-renders those
//! articles, updates the cross-link graph in place, and re-renders only what
//! shows something different: the entry pages whose passages, counts or
//! related entries changed, the index pages of their kinds and the feed when
//! the article is in it; the search files are made again when next asked
//! for. When the edit changes what lists show of the article (its title,
//! summary, authors or update date), the pages that list it follow: its
//! neighbours, the page of its section's list and of each entry's list that
//! shows it, the home page when it is among the newest, the index pages of
//! its entries' kinds and the sitemap.
//!
//! The picture pages (graph/, map/, timeline/) are drawn again when an
//! edit changes what they draw: an entry's counts or shared passages, or
//! what lists show of the article; and with any article that moves, comes
//! or goes. An entry's own pictures are on the first page of its list,
//! rendered again with its other pages, and when an article that names it
//! moves in time.
//!
//! An article that keeps its address but moves in lists (a new date or
//! weight) and a new article (a new file, or a draft that stops being one)
//! are put in their place in the same way, with everything that lists
//! articles in order rendered again. An article whose file is gone is taken
//! out the same way, unless the Markdown of another file links to it (the
//! full load then reports the broken link).
//!
//! Any other change (slug, draft state, language or template of an article,
//! entries named in front matter, entries, sections, templates, config,
//! static files) takes a full rebuild, which is always correct.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::cases::Casebook;
use crate::content::{LoadOptions, Reread};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::LinkTargets;
use crate::markdown::Rendered;
use crate::model::output_file;
use crate::model::{Content, Page};
use crate::output::{Collect, FileContents, Sink};
use crate::site::MarkdownPass;
use crate::site::{BuildOptions, SYNTAX_CSS, Site, State};
use crate::views::{Contexts, Knowledge, RECENT_ON_HOME, page_count, page_of};
use crate::{content, entities, feeds, search};

/// A site rendered in memory, with what it takes to update it.
pub struct Live {
    site: Site,
    state: State,
    targets: LinkTargets,
    /// Page index of each article's source file (relative to the site root).
    pages_by_file: HashMap<PathBuf, usize>,
    /// The files of the search page, made when first asked for after the
    /// build and after each update.
    search: OnceLock<HashMap<String, FileContents>>,
    /// Every output file but those of the search page, by path.
    files: HashMap<String, FileContents>,
    /// An update failed halfway: only a full rebuild is trusted now.
    stale: bool,
    /// Drafts are part of the site (`--drafts`).
    drafts: bool,
}

/// What [`Live::update`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// The changes were made in place: this many files were rendered again.
    Incremental(usize),
    /// The changes need a full rebuild (see the module documentation).
    NeedsFullRebuild,
}

/// What an update renders again.
#[derive(Default)]
struct Plan {
    /// Article pages.
    articles: Vec<usize>,
    /// Articles whose Markdown was just rendered from their source: the
    /// others' is rendered again for their pages.
    fresh: Vec<usize>,
    /// Pages (entry, 1-based page number) of entries' lists.
    entry_pages: Vec<(usize, usize)>,
    /// Entries all of whose pages are in `entry_pages`: their other
    /// pagination pages are gone.
    entries: Vec<usize>,
    /// Pages (section, 1-based page number) of sections' lists and index pages.
    section_pages: Vec<(usize, usize)>,
    /// The feed.
    feed: bool,
    /// The sitemap.
    sitemap: bool,
    /// The picture pages (graph/, map/, timeline/): their data changed.
    pictures: bool,
    /// Files no longer part of the site.
    gone: Vec<String>,
}

impl Plan {
    /// Each page once, in order.
    fn dedup(&mut self) {
        self.articles.sort_unstable();
        self.articles.dedup();
        self.entry_pages.sort_unstable();
        self.entry_pages.dedup();
        self.section_pages.sort_unstable();
        self.section_pages.dedup();
    }

    /// Renders every page of `entries`, and the home page's first page,
    /// which shows each index's most-mentioned entries, when any is given.
    fn whole_entries(&mut self, contexts: &Contexts, entries: &[usize]) {
        if !entries.is_empty() {
            self.section_pages.push((0, 1));
        }
        for &e in entries {
            self.entry_pages
                .extend((1..=contexts.entry_page_count(e)).map(|n| (e, n)));
        }
        self.entries.extend_from_slice(entries);
    }
}

/// The pages (1-based) of a list shown `size` items a page (0: all on one)
/// that show something different once an item moved from position `from`
/// to `to` (`None`: not in the list), the list's length going from `before`
/// to `after`: those from where it was to where it is, to the end when it
/// entered or left the list. `None` for every page: when the list has a
/// page more or less (every page shows their number).
fn moved_pages(
    before: usize,
    after: usize,
    size: usize,
    from: Option<usize>,
    to: Option<usize>,
) -> Option<RangeInclusive<usize>> {
    if page_count(before, size) != page_count(after, size) {
        return None;
    }
    let (first, last) = match (from, to) {
        (Some(a), Some(b)) => (a.min(b), a.max(b)),
        (None, Some(at)) | (Some(at), None) => (at, before.max(after) - 1),
        // Not in the list before or after: not asked for; all is correct.
        (None, None) => return None,
    };
    Some(page_of(first, size)..=page_of(last, size))
}

/// An article that moved in its section's list, entered it or left it.
struct Moved {
    /// Its section.
    section: usize,
    /// The length of the list before.
    len: usize,
    /// Where it was in the list (`None`: new).
    from: Option<usize>,
    /// Where it is (`None`: gone).
    to: Option<usize>,
    /// Whether it is or was among the newest on the home page.
    recent: bool,
}

impl Moved {
    /// The pages (section, 1-based page number) that show something
    /// different: of its section's list, from where it was to where it is;
    /// every page of the home page's list of the newest when it is or was
    /// among them; the index pages of `kinds` (whose entries' counts
    /// change) and those with a matrix of articles.
    fn section_pages(&self, contexts: &Contexts, kinds: &[usize]) -> Vec<(usize, usize)> {
        let mut pages = Vec::new();
        for (s, list) in contexts.content.sections.iter().enumerate() {
            let all = 1..=contexts.section_page_count(list);
            let shown = match list.index {
                Some(kind) if list.meta.matrix || kinds.contains(&kind) => 1..=1,
                Some(_) => continue,
                None if s == 0 && self.recent => all,
                None if s == self.section => {
                    let size = list.meta.paginate_by.unwrap_or(0);
                    moved_pages(self.len, list.pages.len(), size, self.from, self.to).unwrap_or(all)
                }
                None => continue,
            };
            pages.extend(shown.map(|n| (s, n)));
        }
        pages
    }
}

/// Where an article is listed before it moves or goes.
struct Place {
    /// The length of its section's list.
    len: usize,
    /// Its position there.
    at: usize,
    /// The articles before and after it there.
    neighbours: Vec<usize>,
    /// Whether the home page lists it among the newest.
    recent: bool,
}

impl Place {
    fn of(content: &Content, graph: &crate::graph::Graph, page: usize) -> Place {
        let list = &content.sections[content.pages[page].section].pages;
        let at = list
            .iter()
            .position(|&p| p == page)
            .expect("an article is in its section's list");
        let neighbours = [at.checked_sub(1), Some(at + 1)]
            .into_iter()
            .filter_map(|at| list.get(at?).copied())
            .collect();
        Place {
            len: list.len(),
            at,
            neighbours,
            recent: graph.position(page) < RECENT_ON_HOME,
        }
    }
}

/// Where an article was before an edit: its rendering, its section list's
/// length and its place there, whether it was among the newest on the home
/// page, and its neighbours.
struct Was {
    old: Rendered,
    len: usize,
    at: Option<usize>,
    recent: bool,
    neighbours: Vec<usize>,
}

/// How many articles entry `e` lists, and where it lists article `page`.
fn listed(graph: &crate::graph::Graph, e: usize, page: usize) -> (usize, Option<usize>) {
    let pages = &graph.entries[e].pages;
    (pages.len(), pages.iter().position(|&p| p == page))
}

/// The index of each article by its source file (relative to the site root).
fn pages_by_file(content: &Content) -> HashMap<PathBuf, usize> {
    let pages = content.pages.iter().enumerate();
    pages.map(|(i, page)| (page.file.path.clone(), i)).collect()
}

/// One changed article file, read again.
enum Edit {
    /// The article keeps its place.
    InPlace(Page),
    /// The article keeps its address but moves in lists.
    Moved(Page),
    /// A new article.
    Added(Page),
}

impl Edit {
    fn page(&self) -> &Page {
        let (Edit::InPlace(page) | Edit::Moved(page) | Edit::Added(page)) = self;
        page
    }

    fn file(&self) -> &Path {
        &self.page().file.path
    }

    fn order(&self) -> u8 {
        match self {
            Edit::InPlace(_) => 0,
            Edit::Moved(_) => 1,
            Edit::Added(_) => 2,
        }
    }

    /// The edit with the entries its page names and excludes resolved, as
    /// a full load leaves them.
    fn resolved(mut self, explicit: Vec<usize>, excluded: Vec<usize>) -> Edit {
        let (Edit::InPlace(page) | Edit::Moved(page) | Edit::Added(page)) = &mut self;
        page.explicit_entries = explicit;
        page.excluded_entries = excluded;
        page.meta.entries = Vec::new();
        page.meta.exclude = Vec::new();
        self
    }
}

impl Live {
    /// Loads and renders the whole site in memory.
    pub fn build(options: &BuildOptions) -> Result<Live> {
        let mut site = Site::load(options)?;
        let sink = Collect::default();
        let (_, state) = site.render_state(&sink)?;
        let targets = site.link_targets();
        let pages_by_file = pages_by_file(&site.content);
        let files = sink.into_files().into_iter().map(|f| (f.path, f.contents)).collect();
        Ok(Live {
            search: OnceLock::new(),
            site,
            state,
            targets,
            pages_by_file,
            files,
            stale: false,
            drafts: options.drafts,
        })
    }

    /// Brings the site up to date after `changed` files (absolute paths)
    /// changed. Content errors in the edited articles are returned and leave
    /// the site as it was, or, for an article that was added or moved, for
    /// the next change to rebuild.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update> {
        if self.stale {
            return Ok(Update::NeedsFullRebuild);
        }
        let ids = entities::Ids::new(&self.site.content);
        let options = LoadOptions { drafts: self.drafts };
        let mut edits: Vec<Edit> = Vec::new();
        let mut removed: Vec<PathBuf> = Vec::new();
        for path in changed {
            let relative = path.strip_prefix(&self.site.root).unwrap_or(path);
            let edit = match self.pages_by_file.get(relative) {
                Some(&page) if path.symlink_metadata().is_err() => {
                    // Links to it from other files: a full load reports them.
                    if self.linked(page) {
                        return Ok(Update::NeedsFullRebuild);
                    }
                    removed.push(relative.to_path_buf());
                    continue;
                }
                Some(&page) => {
                    let old = &self.site.content.pages[page];
                    match content::reread(&self.site.root, old, &self.site.config) {
                        Some(Reread::InPlace(new)) => Edit::InPlace(new),
                        Some(Reread::Moved(new)) => Edit::Moved(new),
                        None => return Ok(Update::NeedsFullRebuild),
                    }
                }
                None if self.never_read(relative, path) => continue,
                None => {
                    let content = &self.site.content;
                    match content::read_new(&self.site.root, content, &self.site.config, path, options) {
                        Some(new) => Edit::Added(new),
                        None => return Ok(Update::NeedsFullRebuild),
                    }
                }
            };
            let (old_explicit, old_excluded) = match self.pages_by_file.get(relative) {
                Some(&page) => {
                    let old = &self.site.content.pages[page];
                    (old.explicit_entries.as_slice(), old.excluded_entries.as_slice())
                }
                None => (&[][..], &[][..]),
            };
            let (explicit, excluded, problems) = entities::page_references(&ids, edit.page());
            // New entries named in front matter: a full load reports or
            // resolves them with every other page's.
            let added = matches!(edit, Edit::Added(_));
            if !problems.is_empty() || !added && (explicit != old_explicit || excluded != old_excluded) {
                return Ok(Update::NeedsFullRebuild);
            }
            let edit = edit.resolved(explicit, excluded);
            let same_file = |e: &Edit| e.file() == edit.file();
            if !edits.iter().any(same_file) {
                edits.push(edit);
            }
        }
        drop(ids);
        // Articles removed first (the pages updated next show their
        // neighbours, read again from their files), then those that keep
        // their place, those that move, and the new ones. Each finds its
        // index when its turn comes: removals and insertions move them.
        edits.sort_by_key(Edit::order);
        let mut rendered = 0;
        for file in removed {
            rendered += self.remove_article(self.pages_by_file[&file])?;
        }
        for edit in edits {
            let page = self.pages_by_file.get(edit.file()).copied();
            rendered += match (edit, page) {
                (Edit::InPlace(new), Some(page)) => self.update_article(page, new)?,
                (Edit::Moved(new), Some(page)) => self.relist_article(Some(page), new)?,
                (Edit::Added(new), None) => self.relist_article(None, new)?,
                _ => unreachable!("an edited article is in the site, a new one is not"),
            };
        }
        Ok(Update::Incremental(rendered))
    }

    /// Whether `relative` (`absolute` from the site root), a changed path
    /// that is no article, leaves the site as it is: a hidden name under
    /// content/, which the site skips (an editor's swap or lock file), or a
    /// path there that the site did not read and that is gone (an editor's
    /// temporary file, renamed over an article or removed before the update).
    fn never_read(&self, relative: &Path, absolute: &Path) -> bool {
        let Ok(inside) = relative.strip_prefix(content::CONTENT_DIR) else {
            return false;
        };
        let hidden = inside.iter().any(|name| name.to_string_lossy().starts_with('.'));
        if hidden {
            return true;
        }
        let content = &self.site.content;
        let read = content
            .sections
            .iter()
            .filter_map(|s| s.file.as_ref())
            .any(|f| f.path == relative)
            || content.entries.iter().any(|e| e.file.path == relative)
            || content
                .assets
                .iter()
                .any(|a| a.source.strip_prefix(&self.site.root).is_ok_and(|p| p == relative));
        !read && absolute.symlink_metadata().is_err()
    }

    /// Replaces article `page` by `new`, which keeps its place (see
    /// [`content::reread`]) and the entries its front matter names.
    fn update_article(&mut self, page: usize, new: Page) -> Result<usize> {
        let pass = self.site.markdown_pass(&self.targets);
        let fresh = pass.page(&new, &new.body);
        if fresh.problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(fresh.problems));
        }
        let old_page = std::mem::replace(&mut self.site.content.pages[page], new);
        let old = std::mem::replace(&mut self.state.bodies.pages[page], fresh);
        let cases = match self.recase(page) {
            Ok(cases) => cases,
            Err(problems) => {
                self.site.content.pages[page] = old_page;
                self.state.bodies.pages[page] = old;
                return Err(problems);
            }
        };
        // Lists show the title, summary, authors and dates of the article.
        let relisted = old_page.meta != self.site.content.pages[page].meta;
        let content = &self.site.content;
        let mut changed = self
            .state
            .graph
            .replace_page(content, page, &old, &self.state.bodies.pages[page]);
        changed.extend(cases);
        changed.sort_unstable();
        changed.dedup();
        // From here on the state is the edited site's: a failure leaves it stale.
        self.stale = true;

        let contexts = self.contexts();
        let mut plan = Plan {
            articles: vec![page],
            fresh: vec![page],
            feed: feeds::feed_of(content, self.state.graph.newest_first()).contains(&page),
            ..Plan::default()
        };
        // Entry pages to render: every page of the entries that changed, and
        // the page of each other entry's list that shows the article.
        plan.whole_entries(&contexts, &changed);
        // The picture pages draw mentions, shared passages and the titles
        // of articles by month.
        plan.pictures = !changed.is_empty() || relisted;
        let mut kinds: Vec<usize> = changed.iter().map(|&e| content.entries[e].kind).collect();
        // Pages of sections' lists, and index pages (their page 1).
        if relisted {
            plan.articles.extend(contexts.neighbours(page));
            for &(e, _) in &self.state.graph.page_entries[page] {
                kinds.push(content.entries[e].kind);
                if !changed.contains(&e) {
                    plan.entry_pages
                        .extend(contexts.entry_page_showing(e, page).map(|n| (e, n)));
                }
            }
            plan.section_pages.extend(contexts.listed_at(page));
            if contexts.recent_on_home(page) {
                plan.section_pages
                    .extend((1..=contexts.section_page_count(&content.sections[0])).map(|n| (0, n)));
            }
            plan.sitemap = true;
        }
        kinds.sort_unstable();
        kinds.dedup();
        // Index pages of those kinds, and those whose matrix lists every article.
        let sections = &content.sections;
        plan.section_pages.extend(
            (0..sections.len())
                .filter(|&s| {
                    sections[s]
                        .index
                        .is_some_and(|k| kinds.contains(&k) || relisted && sections[s].meta.matrix)
                })
                .map(|s| (s, 1)),
        );
        drop(contexts);
        self.render_update(plan)
    }

    /// Puts `new` in the site: as article `page`, which keeps its address
    /// but moves in lists (a new date or weight), or as a new article
    /// (`page` is `None`). Rendered again: the article and its neighbours
    /// before and after; in its section's list and in the list of each
    /// entry it names, the pages from where it was to where it is (to the
    /// end for a new article, and every page when the list takes a page
    /// more); every page of the entries whose counts, passages or related
    /// entries change, and the index pages of their kinds; index pages with
    /// a matrix of articles; the home page when the article is or was among
    /// the newest; the feed and the sitemap. A failure leaves the site
    /// stale, for the next change to rebuild it.
    fn relist_article(&mut self, page: Option<usize>, new: Page) -> Result<usize> {
        self.stale = true;
        let (page, was) = self.put_article(page, new);
        let content = &self.site.content;
        let state = &mut self.state;
        state.graph.rerank(content);
        let pass = self.site.markdown_pass(&self.targets);
        let fresh = pass.page(&content.pages[page], &content.pages[page].body);
        if fresh.problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(fresh.problems));
        }
        state.bodies.pages[page] = fresh;
        let cases = self.recase(page)?;
        self.restore_feed_html()?;
        let content = &self.site.content;
        let graph = &mut self.state.graph;
        let bodies = &self.state.bodies;
        // The entries it names, before and after, with where each listed it.
        let mut entries: Vec<usize> = graph.page_entries[page].iter().map(|&(e, _)| e).collect();
        entries.extend(
            crate::graph::page_entries(&content.pages[page], &bodies.pages[page])
                .iter()
                .map(|&(e, _)| e),
        );
        entries.sort_unstable();
        entries.dedup();
        let before: Vec<(usize, Option<usize>)> = entries.iter().map(|&e| listed(graph, e, page)).collect();
        let mut whole = graph.replace_page(content, page, &was.old, &bodies.pages[page]);
        whole.extend(cases);
        whole.sort_unstable();
        whole.dedup();

        let contexts = self.contexts();
        let mut articles = was.neighbours;
        articles.push(page);
        articles.extend(contexts.neighbours(page));
        let mut plan = Plan {
            articles,
            fresh: vec![page],
            feed: true,
            sitemap: true,
            pictures: true,
            ..Plan::default()
        };
        // The first page of each entry it names draws its mentions by month.
        plan.entry_pages.extend(entries.iter().map(|&e| (e, 1)));
        self.entry_list_pages(page, &entries, &before, &mut whole, &mut plan);
        plan.whole_entries(&contexts, &whole);
        let section = content.pages[page].section;
        let kinds: Vec<usize> = whole.iter().map(|&e| content.entries[e].kind).collect();
        let moved = Moved {
            section,
            len: was.len,
            from: was.at,
            to: content.sections[section].pages.iter().position(|&p| p == page),
            recent: was.recent || contexts.recent_on_home(page),
        };
        plan.section_pages = moved.section_pages(&contexts, &kinds);
        drop(contexts);
        self.render_update(plan)
    }

    /// Puts `new` in the content, in place of article `page` or as a new
    /// article; returns its index and where it was.
    fn put_article(&mut self, page: Option<usize>, new: Page) -> (usize, Was) {
        let content = &mut self.site.content;
        let state = &mut self.state;
        match page {
            Some(page) => {
                let place = Place::of(content, &state.graph, page);
                let section = new.section;
                content.pages[page] = new;
                content.sort_list(section);
                let was = Was {
                    old: std::mem::take(&mut state.bodies.pages[page]),
                    len: place.len,
                    at: Some(place.at),
                    recent: place.recent,
                    neighbours: place.neighbours,
                };
                (page, was)
            }
            None => {
                let len = content.sections[new.section].pages.len();
                let at = content.insert_page(new);
                state.bodies.pages.insert(at, Rendered::default());
                state.graph.insert_page(at);
                self.pages_by_file = pages_by_file(content);
                self.targets = self.site.link_targets();
                let was = Was {
                    old: Rendered::default(),
                    len,
                    at: None,
                    recent: false,
                    neighbours: Vec::new(),
                };
                (at, was)
            }
        }
    }

    /// The pages of the lists of `entries` that article `page` moved in (or
    /// into, or out of), given where each listed it `before`; an entry whose
    /// pages all change joins `whole`.
    fn entry_list_pages(
        &self,
        page: usize,
        entries: &[usize],
        before: &[(usize, Option<usize>)],
        whole: &mut Vec<usize>,
        plan: &mut Plan,
    ) {
        let content = &self.site.content;
        for (&e, &(len, from)) in entries.iter().zip(before) {
            let (after, to) = listed(&self.state.graph, e, page);
            let size = content.kinds[content.entries[e].kind].paginate_by;
            if whole.contains(&e) {
                continue;
            }
            match moved_pages(len, after, size, from, to) {
                Some(pages) => plan.entry_pages.extend(pages.map(|n| (e, n))),
                None => whole.push(e),
            }
        }
    }

    /// Whether the Markdown of another article, of a section or of an entry
    /// links to article `page`.
    fn linked(&self, page: usize) -> bool {
        let output = output_file(&self.site.content.pages[page].path);
        let bodies = &self.state.bodies;
        let others = bodies.pages.iter().enumerate().filter(|&(p, _)| p != page);
        others
            .map(|(_, body)| body)
            .chain(&bodies.sections)
            .chain(&bodies.entries)
            .any(|body| body.links.iter().any(|link| link.file == output))
    }

    /// Takes article `page`, whose file is gone and which nothing links to,
    /// out of the site. Rendered again: its neighbours before and after; in
    /// its section's list, the pages from where it was to the end (every
    /// page when the list loses one); every page of the entries it named
    /// and of those whose related entries change, and the index pages of
    /// their kinds; index pages with a matrix of articles; the home page
    /// when it was among the newest; the feed and the sitemap. A failure
    /// (a matrix citing one of its passages) leaves the site stale, for the
    /// next change to rebuild it.
    fn remove_article(&mut self, page: usize) -> Result<usize> {
        self.stale = true;
        let content = &mut self.site.content;
        let state = &mut self.state;
        let section = content.pages[page].section;
        let Place {
            len,
            at: from,
            neighbours,
            recent: was_recent,
        } = Place::of(content, &state.graph, page);
        // Their indices once it is gone.
        let neighbours: Vec<usize> = neighbours
            .into_iter()
            .map(|p| if p > page { p - 1 } else { p })
            .collect();
        // What it gave the graph is taken away first, as from an article
        // with an empty body and no entries named; then the article itself.
        content.pages[page].explicit_entries = Vec::new();
        let old = std::mem::take(&mut state.bodies.pages[page]);
        let whole = state.graph.replace_page(content, page, &old, &Rendered::default());
        let gone = content.remove_page(page);
        state.bodies.pages.remove(page);
        state.graph.remove_page(page);
        state.graph.rerank(content);
        self.files.remove(&output_file(&gone.path));
        self.pages_by_file = pages_by_file(content);
        self.targets = self.site.link_targets();
        let cases = self.recase(usize::MAX)?;
        let mut whole = whole;
        whole.extend(cases);
        whole.sort_unstable();
        whole.dedup();
        self.restore_feed_html()?;

        let content = &self.site.content;
        let contexts = self.contexts();
        let mut plan = Plan {
            articles: neighbours,
            feed: true,
            sitemap: true,
            pictures: true,
            ..Plan::default()
        };
        plan.whole_entries(&contexts, &whole);
        let kinds: Vec<usize> = whole.iter().map(|&e| content.entries[e].kind).collect();
        let moved = Moved {
            section,
            len,
            from: Some(from),
            to: None,
            recent: was_recent,
        };
        plan.section_pages = moved.section_pages(&contexts, &kinds);
        // Its section's list may have a page less.
        let list = &content.sections[section];
        let size = list.meta.paginate_by.unwrap_or(0);
        let after = contexts.section_page_count(list);
        plan.gone
            .extend((after + 1..=page_count(len, size)).map(|n| format!("{}page/{n}/index.html", list.path)));
        drop(contexts);
        self.render_update(plan)
    }

    /// Finds the evidence of the cases again, after article `page` changed:
    /// returns the entries whose pages show it (every case and the
    /// variables they assess) when it moved or when the article is cited,
    /// else none. A quote no passage holds any more is an error.
    fn recase(&mut self, page: usize) -> Result<Vec<usize>> {
        let (cases, problems) = Casebook::new(&self.site.content, &self.targets, &self.state.bodies.pages);
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        let cited = |book: &Casebook| book.cited.binary_search(&page).is_ok();
        let touched = cases != self.state.cases || cited(&cases) || cited(&self.state.cases);
        self.state.cases = cases;
        Ok(if touched {
            self.state.cases.showing_evidence(&self.site.content)
        } else {
            Vec::new()
        })
    }

    /// Gives back their HTML to the feed's articles that lack it: the build
    /// keeps the HTML of the feed's articles only, and one may enter the
    /// feed as another moves or goes.
    fn restore_feed_html(&mut self) -> Result<()> {
        let pass = self.site.markdown_pass(&self.targets);
        let pages = &self.state.bodies.pages;
        let lacking = feeds::feed_of(&self.site.content, self.state.graph.newest_first())
            .into_iter()
            .filter(|&p| pages[p].html.is_empty());
        let restored: Vec<(usize, String)> = lacking
            .map(|p| Ok((p, self.render_again(&pass, p)?.html)))
            .collect::<Result<_>>()?;
        for (p, html) in restored {
            self.state.bodies.pages[p].html = html;
        }
        Ok(())
    }

    /// The Markdown of article `page` rendered again from its file, which
    /// is as the site has it (a change to it is an update of its own).
    fn render_again(&self, pass: &MarkdownPass, page: usize) -> Result<Rendered> {
        let page = &self.site.content.pages[page];
        match content::reread(&self.site.root, page, &self.site.config) {
            Some(Reread::InPlace(source) | Reread::Moved(source)) => Ok(pass.page(page, &source.body)),
            None => Err(Error::Site(vec![
                Diagnostic::error(&page.file.path, 1, 1, "the file changed while the site was updated")
                    .with_hint("save it again"),
            ])),
        }
    }

    /// The contexts of the site as it is now.
    fn contexts(&self) -> Contexts<'_> {
        let bodies = &self.state.bodies;
        let knowledge = Knowledge {
            graph: &self.state.graph,
            pages: &bodies.pages,
            entry_bodies: &bodies.entries,
            collation: &self.state.collation,
            cases: &self.state.cases,
        };
        Contexts::new(&self.site.config, &self.site.content).with_knowledge(knowledge)
    }

    /// Renders the files of `plan` (whose article bodies are up to date)
    /// and puts them in the site in place of the old ones. Returns how many
    /// files were rendered.
    fn render_update(&mut self, mut plan: Plan) -> Result<usize> {
        plan.dedup();
        let sink = Collect::default();
        self.render_planned(&plan, &sink)?;
        self.search = OnceLock::new();
        // The highlighting stylesheet follows whether any page has code,
        // unless the site's static/ provides its own.
        match (self.files.get(SYNTAX_CSS), self.state.bodies.has_code()) {
            (None, true) => sink.put(self.site.syntax_stylesheet())?,
            (Some(FileContents::Bytes(_)), false) => {
                self.files.remove(SYNTAX_CSS);
            }
            _ => {}
        }
        // An entry whose articles now fit on fewer pages loses the last ones.
        let content = &self.site.content;
        let paginated: Vec<String> = plan
            .entries
            .iter()
            .map(|&e| format!("{}page/", content.entries[e].path))
            .collect();
        self.files
            .retain(|path, _| !paginated.iter().any(|prefix| path.starts_with(prefix)));
        for path in &plan.gone {
            self.files.remove(path);
        }
        let files = sink.into_files();
        let count = files.len();
        self.files.extend(files.into_iter().map(|f| (f.path, f.contents)));
        self.stale = false;
        Ok(count)
    }

    /// Renders the pages, sitemap and feed that `plan` names into `sink`.
    fn render_planned(&self, plan: &Plan, sink: &Collect) -> Result<()> {
        let content = &self.site.content;
        let bodies = &self.state.bodies;
        let contexts = self.contexts();
        let mut problems = Vec::new();
        if plan.sitemap
            && let Some(sitemap) = self.site.sitemap_file().map_err(Error::site)?
        {
            sink.put(sitemap)?;
        }
        // The build keeps of other articles only their passages (and the
        // HTML of the feed's): their Markdown is rendered again from their
        // files, which are as the site has them.
        let pass = self.site.markdown_pass(&self.targets);
        for &article in &plan.articles {
            let again;
            let rendered = if plan.fresh.contains(&article) {
                &bodies.pages[article]
            } else {
                again = self.render_again(&pass, article)?;
                &again
            };
            problems.extend(self.site.render_page(&contexts, article, rendered, sink)?);
        }
        let entry_files = plan
            .entry_pages
            .par_iter()
            .map(|&(e, n)| self.site.entry_file(&contexts, e, n));
        let section_files = plan
            .section_pages
            .par_iter()
            .map(|&(s, n)| self.site.section_file(&contexts, s, n, &bodies.sections[s]));
        let mut files: Vec<_> = entry_files.chain(section_files).collect();
        if plan.pictures {
            files.extend(self.site.picture_files(&contexts));
        }
        for file in files {
            match file {
                Ok(file) => sink.put(file)?,
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        if plan.feed
            && let Some(atom) = self
                .site
                .atom_file(&bodies.pages, &feeds::feed_of(content, self.state.graph.newest_first()))
                .map_err(Error::site)?
        {
            sink.put(atom)?;
        }
        Ok(())
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.site.root
    }

    /// The contents of output file `path`.
    pub fn file(&self, path: &str) -> Option<std::borrow::Cow<'_, FileContents>> {
        let files = if search::is_search_file(path) {
            self.search_files()
        } else {
            &self.files
        };
        files.get(path).map(std::borrow::Cow::Borrowed)
    }

    /// Every output path.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().chain(self.search_files().keys()).map(String::as_str)
    }

    /// The files of the search page, made when first asked for, so that
    /// neither the first build nor an edit waits for the index.
    fn search_files(&self) -> &HashMap<String, FileContents> {
        self.search.get_or_init(|| {
            let sink = Collect::default();
            search::put_files(&self.site.content, &self.state.bodies.pages, &sink)
                .expect("collecting in memory does not fail");
            sink.into_files().into_iter().map(|f| (f.path, f.contents)).collect()
        })
    }
}
