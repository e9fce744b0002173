//! Incremental rebuilds for `fihris serve`. The first build records what
//! each page read ([`crate::facts`]). After an edit of articles (their
//! body or front matter, a new date or weight, a new article, one removed),
//! the site's state is brought up to date in place (content, Markdown,
//! cross-link graph, cases), the facts are observed again and compared
//! with those before ([`super::changes`]), and the pages that read a
//! changed fact are rendered again, by the build's own render method, with
//! the pages that appear; those that disappear are dropped. The search
//! files are made again when next asked for.
//!
//! An article whose file is gone is taken out, unless the Markdown of
//! another file links to it (the full load then reports the broken link).
//! Any other change (slug, draft state, language or template of an
//! article, entries named in front matter, entries, sections, templates,
//! config, static files) takes a full rebuild, which is always correct.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::changes::{Observation, Touched};
use crate::cases::Casebook;
use crate::content::{LoadOptions, Reread};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::facts::{ArticleId, Changes, Dependencies, PageId, Recording};
use crate::markdown::LinkTargets;
use crate::markdown::Rendered;
use crate::model::output_file;
use crate::model::{Content, Page};
use crate::output::{Collect, FileContents, Sink};
use crate::site::MarkdownPass;
use crate::site::{BuildOptions, SYNTAX_CSS, Site, State};
use crate::views::{Contexts, Knowledge};
use crate::{content, entities, feeds, search};

/// What a [`Live`] site holds in memory, by part (see [`Live::memory`]).
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// Bytes of the generated files and their paths.
    pub files: usize,
    /// Pages in the table of facts.
    pub pages: usize,
    /// Bytes of the table of facts.
    pub facts: usize,
}

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
    /// What each page read.
    reads: Dependencies,
    /// The facts as those pages read them.
    observed: Observation,
}

/// What [`Live::update`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// The changes were made in place: this many files were rendered again.
    Incremental(usize),
    /// The changes need a full rebuild (see the module documentation).
    NeedsFullRebuild,
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
    /// Loads and renders the whole site in memory, noting what each page read.
    pub fn build(options: &BuildOptions) -> Result<Live> {
        let mut site = Site::load(options)?;
        let sink = Collect::default();
        let recording = Recording::default();
        let (_, state) = site.render_state(&sink, Some(&recording))?;
        let mut reads = Dependencies::default();
        for (page, path, read) in recording.into_pages() {
            reads.record(page, path, read);
        }
        let observed = Observation::of(&site.content, &state);
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
            reads,
            observed,
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
        let Some((mut edits, removed)) = self.read_edits(changed)? else {
            return Ok(Update::NeedsFullRebuild);
        };
        if edits.is_empty() && removed.is_empty() {
            return Ok(Update::Incremental(0));
        }
        // Articles removed first, then those that keep their place, those
        // that move, and the new ones. Each finds its index when its turn
        // comes: removals and insertions move them.
        edits.sort_by_key(Edit::order);
        let mut touched = Vec::new();
        for file in removed {
            touched.push(self.remove_article(self.pages_by_file[&file])?);
        }
        for edit in edits {
            let page = self.pages_by_file.get(edit.file()).copied();
            let result = match (edit, page) {
                (Edit::InPlace(new), Some(page)) => self.update_article(page, new),
                (Edit::Moved(new), Some(page)) => self.relist_article(Some(page), new),
                (Edit::Added(new), None) => self.relist_article(None, new),
                _ => unreachable!("an edited article is in the site, a new one is not"),
            };
            // An edit in place that fails leaves the site as it was, unless
            // others came before it.
            self.stale |= !touched.is_empty();
            touched.push(result?);
            self.stale = true;
        }
        let changes = self.observed.update(&self.site.content, &self.state, &touched);
        let fresh: HashSet<ArticleId> = touched.iter().map(|t| t.id).collect();
        self.render_update(&changes, &fresh).map(Update::Incremental)
    }

    /// The changed articles read again, and the removed ones; `None` when
    /// a change asks for a full rebuild.
    fn read_edits(&self, changed: &[PathBuf]) -> Result<Option<(Vec<Edit>, Vec<PathBuf>)>> {
        let ids = entities::Ids::new(&self.site.content);
        let options = LoadOptions { drafts: self.drafts };
        let mut edits: Vec<Edit> = Vec::new();
        let mut removed: Vec<PathBuf> = Vec::new();
        for path in changed {
            let relative = path.strip_prefix(&self.site.root).unwrap_or(path);
            let old = self
                .pages_by_file
                .get(relative)
                .map(|&page| &self.site.content.pages[page]);
            let edit = match old {
                Some(_) if path.symlink_metadata().is_err() => {
                    // Links to it from other files: a full load reports them.
                    if self.linked(self.pages_by_file[relative]) {
                        return Ok(None);
                    }
                    removed.push(relative.to_path_buf());
                    continue;
                }
                Some(old) => match content::reread(&self.site.root, old, &self.site.config) {
                    Some(Reread::InPlace(new)) => Edit::InPlace(new),
                    Some(Reread::Moved(new)) => Edit::Moved(new),
                    None => return Ok(None),
                },
                None if self.never_read(relative, path) => continue,
                None => {
                    let content = &self.site.content;
                    match content::read_new(&self.site.root, content, &self.site.config, path, options) {
                        Some(new) => Edit::Added(new),
                        None => return Ok(None),
                    }
                }
            };
            let (old_explicit, old_excluded) = match old {
                Some(old) => (old.explicit_entries.as_slice(), old.excluded_entries.as_slice()),
                None => (&[][..], &[][..]),
            };
            let (explicit, excluded, problems) = entities::page_references(&ids, edit.page());
            // New entries named in front matter: a full load reports or
            // resolves them with every other page's.
            let added = matches!(edit, Edit::Added(_));
            if !problems.is_empty() || !added && (explicit != old_explicit || excluded != old_excluded) {
                return Ok(None);
            }
            let edit = edit.resolved(explicit, excluded);
            if !edits.iter().any(|e| e.file() == edit.file()) {
                edits.push(edit);
            }
        }
        Ok(Some((edits, removed)))
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
    fn update_article(&mut self, page: usize, new: Page) -> Result<Touched> {
        let pass = self.site.markdown_pass(&self.targets);
        let fresh = pass.page(&new, &new.body);
        if fresh.problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(fresh.problems));
        }
        let old_page = std::mem::replace(&mut self.site.content.pages[page], new);
        let old = std::mem::replace(&mut self.state.bodies.pages[page], fresh);
        if let Err(problems) = self.recase() {
            self.site.content.pages[page] = old_page;
            self.state.bodies.pages[page] = old;
            return Err(problems);
        }
        Ok(self.replace_in_graph(page, &old_page, &old))
    }

    /// Puts the Markdown of article `page`, which was `old_page` rendered
    /// as `old`, in the cross-link graph in place of the old one; returns
    /// what changed in it.
    fn replace_in_graph(&mut self, page: usize, old_page: &Page, old: &Rendered) -> Touched {
        let content = &self.site.content;
        let graph = &mut self.state.graph;
        let new = &self.state.bodies.pages[page];
        let mut entries: Vec<usize> = graph.page_entries[page].iter().map(|d| d.entry).collect();
        graph.replace_page(content, page, old, new);
        entries.extend(graph.page_entries[page].iter().map(|d| d.entry));
        entries.sort_unstable();
        entries.dedup();
        Touched::edited(old_page, &content.pages[page], old, new, &entries)
    }

    /// Puts `new` in the site: as article `page`, which keeps its address
    /// but moves in lists (a new date or weight), or as a new article
    /// (`page` is `None`). A failure leaves the site stale, for the next
    /// change to rebuild it.
    fn relist_article(&mut self, page: Option<usize>, new: Page) -> Result<Touched> {
        self.stale = true;
        let added = page.is_none();
        let (page, old_page, old) = self.put_article(page, new);
        let content = &self.site.content;
        self.state.graph.rerank(content);
        let pass = self.site.markdown_pass(&self.targets);
        let fresh = pass.page(&content.pages[page], &content.pages[page].body);
        if fresh.problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(fresh.problems));
        }
        self.state.bodies.pages[page] = fresh;
        self.recase()?;
        self.restore_feed_html()?;
        let touched = self.replace_in_graph(page, &old_page, &old);
        Ok(Touched {
            membership: added,
            ..touched
        })
    }

    /// Puts `new` in the content, in place of article `page` or as a new
    /// article; returns its index, the article it replaces (itself, or an
    /// empty page for a new one) and that one's Markdown.
    fn put_article(&mut self, page: Option<usize>, new: Page) -> (usize, Page, Rendered) {
        let content = &mut self.site.content;
        let state = &mut self.state;
        match page {
            Some(page) => {
                let section = new.section;
                let old_page = std::mem::replace(&mut content.pages[page], new);
                content.sort_list(section);
                (page, old_page, std::mem::take(&mut state.bodies.pages[page]))
            }
            None => {
                let at = content.insert_page(new);
                state.bodies.pages.insert(at, Rendered::default());
                state.graph.insert_page(at);
                self.pages_by_file = pages_by_file(content);
                self.targets = self.site.link_targets();
                let nothing = Page {
                    path: String::new(),
                    ..self.site.content.pages[at].clone()
                };
                (at, nothing, Rendered::default())
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
    /// out of the site. A failure (a matrix citing one of its passages)
    /// leaves the site stale, for the next change to rebuild it.
    fn remove_article(&mut self, page: usize) -> Result<Touched> {
        self.stale = true;
        let content = &mut self.site.content;
        let state = &mut self.state;
        let entries: Vec<usize> = state.graph.page_entries[page].iter().map(|d| d.entry).collect();
        // What it gave the graph is taken away first, as from an article
        // with an empty body and no entries named; then the article itself.
        content.pages[page].explicit_entries = Vec::new();
        let old = std::mem::take(&mut state.bodies.pages[page]);
        state.graph.replace_page(content, page, &old, &Rendered::default());
        let gone = content.remove_page(page);
        state.bodies.pages.remove(page);
        state.graph.remove_page(page);
        state.graph.rerank(content);
        self.pages_by_file = pages_by_file(content);
        self.targets = self.site.link_targets();
        self.recase()?;
        self.restore_feed_html()?;
        Ok(Touched::whole(gone.id, &entries))
    }

    /// Finds the evidence of the cases again, after an article changed. A
    /// quote no passage holds any more is an error.
    fn recase(&mut self) -> Result<()> {
        let (cases, problems) = Casebook::new(&self.site.content, &self.targets, &self.state.bodies.pages);
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        self.state.cases = cases;
        Ok(())
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
            section_bodies: &bodies.sections,
            collation: &self.state.collation,
            cases: &self.state.cases,
        };
        Contexts::new(&self.site.config, &self.site.content).with_knowledge(knowledge)
    }

    /// Renders again the pages that read a fact of `changes`, and those
    /// that are new; drops the files of the pages that are gone, and puts
    /// the new files in the site. Articles `fresh` have their Markdown
    /// rendered in the state; the others' is rendered again from their
    /// files. Returns how many files were rendered.
    fn render_update(&mut self, changes: &Changes, fresh: &HashSet<ArticleId>) -> Result<usize> {
        let contexts = self.contexts();
        let now = self.site.pages(&contexts);
        let exists: HashSet<PageId> = now.iter().copied().collect();
        let gone: Vec<PageId> = self.reads.pages().filter(|page| !exists.contains(page)).collect();
        let mut pages = self.reads.readers(changes);
        pages.retain(|page| exists.contains(page));
        pages.extend(now.iter().filter(|&&page| !self.reads.has(page)));
        let pass = self.site.markdown_pass(&self.targets);
        let bodies = &self.state.bodies;
        let body = |i: usize| -> Result<Cow<Rendered>> {
            match fresh.contains(&self.site.content.pages[i].id) {
                true => Ok(Cow::Borrowed(&bodies.pages[i])),
                false => self.render_again(&pass, i).map(Cow::Owned),
            }
        };
        let sink = Collect::default();
        let recording = Recording::default();
        let problems = self
            .site
            .render_pages(&contexts, &pages, &body, &sink, Some(&recording))?;
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        drop(contexts);
        for page in gone {
            if let Some(path) = self.reads.forget(page) {
                self.files.remove(&path);
            }
        }
        for (page, path, read) in recording.into_pages() {
            self.reads.record(page, path, read);
        }
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
        let files = sink.into_files();
        let count = files.len();
        self.files.extend(files.into_iter().map(|f| (f.path, f.contents)));
        self.stale = false;
        Ok(count)
    }

    /// What the live site holds in memory, by part, in bytes: the files
    /// (generated ones; copied files are read when asked for) and the table
    /// of facts each page read ([`Dependencies::heap_bytes`]).
    pub fn memory(&self) -> Memory {
        let generated = |contents: &FileContents| match contents {
            FileContents::Bytes(bytes) => bytes.capacity(),
            FileContents::Copy(_) => 0,
        };
        Memory {
            files: self.files.iter().map(|(path, f)| path.capacity() + generated(f)).sum(),
            pages: self.reads.pages().count(),
            facts: self.reads.heap_bytes(),
        }
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
