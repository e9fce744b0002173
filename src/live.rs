//! Incremental rebuilds for `fihris serve`. After a full render, an edit to
//! articles that keeps each in its place (same address, language and
//! position in lists, same entries named in front matter) re-renders those
//! articles, updates the cross-link graph in place, and re-renders only what
//! shows something different: the entry pages whose passages, counts or
//! related entries changed, the index pages of their kinds and the feed when
//! the article is in it; the search files are made again when next asked
//! for. When the edit changes what lists
//! show of the article (its title, summary, authors or update date), the
//! pages that list it follow: its neighbours, the page of its section's list
//! and of each entry's list that shows it, the home page when it is among the
//! newest, the index pages of its entries' kinds and the sitemap. Any other
//! change (date, slug, draft state, language, weight, template, entries named
//! in front matter, entries, sections, templates, config, static files, files
//! added or removed) takes a full rebuild, which is always correct.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::LinkTargets;
use crate::output::{Collect, FileContents, OutputFile, Sink};
use crate::site::{BuildOptions, SYNTAX_CSS, Site, State, check_cases};
use crate::views::{Contexts, Knowledge};
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
}

/// What [`Live::update`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// The changes kept each article in its place: this many files were
    /// rendered again.
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
        let files = sink.into_files().into_iter().map(|f| (f.path, f.contents)).collect();
        Ok(Live {
            search: OnceLock::new(),
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
                if self.never_read(relative, path) {
                    continue;
                }
                return Ok(Update::NeedsFullRebuild);
            };
            let old = &self.site.content.pages[page];
            let Some(mut new) = content::reread(&self.site.root, old, &self.site.config) else {
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
        // Lists show the title, summary, authors and dates of the article.
        let relisted = old_page.meta != self.site.content.pages[page].meta;
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
        let mut articles = vec![page];
        // Entry pages to render: every page of the entries that changed, and
        // the page of each other entry's list that shows the article.
        let mut entry_pages: Vec<(usize, usize)> = changed
            .iter()
            .flat_map(|&e| (1..=contexts.entry_page_count(e)).map(move |n| (e, n)))
            .collect();
        let mut kinds: Vec<usize> = changed.iter().map(|&e| content.entries[e].kind).collect();
        // Pages of sections' lists, and index pages (their page 1).
        let mut section_pages = Vec::new();
        if relisted {
            articles.extend(contexts.neighbours(page));
            for &(e, _) in &self.state.graph.page_entries[page] {
                kinds.push(content.entries[e].kind);
                if !changed.contains(&e) {
                    entry_pages.extend(contexts.entry_page_showing(e, page).map(|n| (e, n)));
                }
            }
            section_pages.extend(contexts.listed_at(page));
            if contexts.recent_on_home(page) {
                section_pages.extend((1..=contexts.section_page_count(&content.sections[0])).map(|n| (0, n)));
            }
            if let Some(sitemap) = feeds::sitemap(&self.site.config, content) {
                sink.put(OutputFile {
                    path: "sitemap.xml".into(),
                    contents: FileContents::Bytes(sitemap.into_bytes()),
                })?;
            }
        }
        kinds.sort_unstable();
        kinds.dedup();
        // Index pages of those kinds, and those whose matrix lists every article.
        let sections = &content.sections;
        section_pages.extend(
            (0..sections.len())
                .filter(|&s| {
                    sections[s]
                        .index
                        .is_some_and(|k| kinds.contains(&k) || relisted && sections[s].meta.matrix)
                })
                .map(|s| (s, 1)),
        );
        section_pages.sort_unstable();
        section_pages.dedup();
        for &article in &articles {
            problems.extend(
                self.site
                    .render_page(&contexts, article, &bodies.pages[article], &sink)?,
            );
        }
        let entry_files = entry_pages
            .par_iter()
            .map(|&(e, n)| self.site.entry_file(&contexts, e, n));
        let section_files = section_pages
            .par_iter()
            .map(|&(s, n)| self.site.section_file(&contexts, s, n, &bodies.sections[s]));
        let files: Vec<_> = entry_files.chain(section_files).collect();
        for file in files {
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
        self.search = OnceLock::new();
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
