//! Incremental rebuilds for `fihris serve`. After a full render, an edit to
//! the body of articles (front matter unchanged) re-renders those articles,
//! updates the cross-link graph in place, and re-renders only what shows
//! something different: the entry pages whose passages, counts or related
//! entries changed, the index pages of their kinds, the feed when the article
//! is in it, and the search index. Any other change (front matter, entries,
//! sections, templates, config, static files, files added or removed) takes a
//! full rebuild, which is always correct.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::LinkTargets;
use crate::output::{Collect, FileContents, OutputFile, Sink};
use crate::site::{BuildOptions, SYNTAX_CSS, Site, State, check_cases};
use crate::views::{Contexts, Knowledge};
use crate::{content, entities, feeds, search};

/// The search index's file.
const SEARCH_INDEX: &str = "search-index.js";

/// A site rendered in memory, with what it takes to update it.
pub struct Live {
    site: Site,
    state: State,
    targets: LinkTargets,
    /// Page index of each article's source file (relative to the site root).
    pages_by_file: HashMap<PathBuf, usize>,
    /// The search document of every article, then of every entry, as JSON.
    search_documents: Vec<Vec<u8>>,
    /// Every output file but the search index, by path.
    files: HashMap<String, FileContents>,
    /// An update failed halfway: only a full rebuild is trusted now.
    stale: bool,
}

/// What [`Live::update`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// The changes were article bodies: this many files were rendered again.
    Incremental(usize),
    /// The changes need a full rebuild (see the module documentation).
    NeedsFullRebuild,
}

impl Live {
    /// Loads and renders the whole site in memory.
    pub fn build(options: &BuildOptions) -> Result<Live> {
        let mut site = Site::load(options)?;
        let sink = Collect::default();
        let (_, state) = site.render_state(&sink)?;
        let targets = site.link_targets();
        let pages_by_file = site
            .content
            .pages
            .iter()
            .enumerate()
            .map(|(i, page)| (page.file.path.clone(), i))
            .collect();
        let mut files: HashMap<String, FileContents> =
            sink.into_files().into_iter().map(|f| (f.path, f.contents)).collect();
        files.remove(SEARCH_INDEX);
        let content = &site.content;
        let articles = content
            .pages
            .par_iter()
            .zip(&state.bodies.pages)
            .map(|(page, rendered)| search::page_document(page, rendered));
        let entries = content.entries.par_iter().map(|e| search::entry_document(content, e));
        let search_documents = articles.chain(entries).collect();
        Ok(Live {
            search_documents,
            site,
            state,
            targets,
            pages_by_file,
            files,
            stale: false,
        })
    }

    /// Brings the site up to date after `changed` files (absolute paths)
    /// changed. Content errors in the edited articles are returned and leave
    /// the site as it was.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update> {
        if self.stale {
            return Ok(Update::NeedsFullRebuild);
        }
        let ids = entities::Ids::new(&self.site.content);
        let mut edited = Vec::new();
        for path in changed {
            let relative = path.strip_prefix(&self.site.root).unwrap_or(path);
            let Some(&page) = self.pages_by_file.get(relative) else {
                return Ok(Update::NeedsFullRebuild);
            };
            let old = &self.site.content.pages[page];
            let Some(mut new) = content::reread_body(&self.site.root, old, &self.site.config) else {
                return Ok(Update::NeedsFullRebuild);
            };
            let (explicit, excluded, problems) = entities::page_references(&ids, &new);
            if !problems.is_empty() || explicit != old.explicit_entries || excluded != old.excluded_entries {
                return Ok(Update::NeedsFullRebuild);
            }
            new.meta.entries = Vec::new();
            new.meta.exclude = Vec::new();
            if !edited.iter().any(|(p, _)| *p == page) {
                edited.push((page, new));
            }
        }
        let mut rendered = 0;
        for (page, new) in edited {
            rendered += self.update_article(page, new)?;
        }
        Ok(Update::Incremental(rendered))
    }

    /// Replaces article `page` by `new` (same front matter, new body).
    fn update_article(&mut self, page: usize, new: crate::model::Page) -> Result<usize> {
        let pass = self.site.markdown_pass(&self.targets);
        let fresh = pass.page(&new, &new.body);
        if fresh.problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(fresh.problems));
        }
        let old_page = std::mem::replace(&mut self.site.content.pages[page], new);
        let old = std::mem::replace(&mut self.state.bodies.pages[page], fresh);
        let problems = check_cases(&self.site.content, &self.targets, &self.state.bodies.pages);
        if !problems.is_empty() {
            self.site.content.pages[page] = old_page;
            self.state.bodies.pages[page] = old;
            return Err(Error::Site(problems));
        }
        let content = &self.site.content;
        let changed = self
            .state
            .graph
            .replace_page(content, page, &old, &self.state.bodies.pages[page]);
        // From here on the state is the edited site's: a failure leaves it stale.
        self.stale = true;

        let bodies = &self.state.bodies;
        let knowledge = Knowledge {
            graph: &self.state.graph,
            pages: &bodies.pages,
            entry_bodies: &bodies.entries,
            collation: &self.state.collation,
        };
        let contexts = Contexts::new(&self.site.config, content, &self.targets).with_knowledge(knowledge);
        let sink = Collect::default();
        let mut problems = Vec::new();
        problems.extend(self.site.render_page(&contexts, page, &bodies.pages[page], &sink)?);
        let entry_files: Vec<_> = changed
            .par_iter()
            .flat_map(|&e| self.site.entry_files(&contexts, e).par_bridge())
            .collect();
        let mut kinds: Vec<usize> = changed.iter().map(|&e| content.entries[e].kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let index_files = (0..content.sections.len())
            .filter(|&s| content.sections[s].index.is_some_and(|k| kinds.contains(&k)))
            .flat_map(|s| self.site.section_files(&contexts, s, &bodies.sections[s]));
        for file in entry_files.into_iter().chain(index_files) {
            match file {
                Ok(file) => sink.put(file)?,
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        if feeds::feed_pages(content).contains(&page)
            && let Some(atom) = feeds::atom(&self.site.config, content, &bodies.pages)
        {
            sink.put(OutputFile {
                path: "atom.xml".into(),
                contents: FileContents::Bytes(atom.into_bytes()),
            })?;
        }
        self.search_documents[page] = search::page_document(&content.pages[page], &bodies.pages[page]);
        // The highlighting stylesheet follows whether any page has code,
        // unless the site's static/ provides its own.
        match (self.files.get(SYNTAX_CSS), bodies.has_code()) {
            (None, true) => sink.put(self.site.syntax_stylesheet())?,
            (Some(FileContents::Bytes(_)), false) => {
                self.files.remove(SYNTAX_CSS);
            }
            _ => {}
        }
        // An entry whose articles now fit on fewer pages loses the last ones.
        let paginated: Vec<String> = changed
            .iter()
            .map(|&e| format!("{}page/", content.entries[e].path))
            .collect();
        self.files
            .retain(|path, _| !paginated.iter().any(|prefix| path.starts_with(prefix)));
        let files = sink.into_files();
        let count = files.len();
        self.files.extend(files.into_iter().map(|f| (f.path, f.contents)));
        self.stale = false;
        Ok(count)
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.site.root
    }

    /// The contents of output file `path`. The search index is assembled
    /// here, when asked for, from each page's cached document, so that an
    /// edit does not wait for the largest file of the site.
    pub fn file(&self, path: &str) -> Option<std::borrow::Cow<'_, FileContents>> {
        if path == SEARCH_INDEX {
            let size = self.search_documents.iter().map(|d| d.len() + 1).sum();
            let script = search::script(self.search_documents.iter(), size);
            return Some(std::borrow::Cow::Owned(FileContents::Bytes(script)));
        }
        self.files.get(path).map(std::borrow::Cow::Borrowed)
    }

    /// Every output path.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str).chain([SEARCH_INDEX])
    }
}
