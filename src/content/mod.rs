//! Load stage: walks content/, reads every Markdown file and turns it into
//! [`Content`] (sections, pages, assets). All problems of the run are
//! collected and returned together.

pub mod front_matter;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::bidi::TextDirection;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::fs;
use crate::model::{
    ArticleId, Asset, Content, Entry, IndexKind, Page, PageMeta, Section, SectionMeta, SortBy, SourceFile, newest_first,
};
use crate::slug::slugify;

/// The folder of Markdown content inside a site.
pub const CONTENT_DIR: &str = "content";
/// The file that makes a folder a section.
pub const SECTION_FILE: &str = "_index.md";

/// Options of the load stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

/// One file found under content/, before parsing.
struct Found {
    /// Path relative to the site root.
    relative: PathBuf,
    /// Folder relative to content/.
    folder: PathBuf,
    absolute: PathBuf,
}

/// Reads content/ under `root`. Returns the content with every problem found
/// (errors and warnings), not only the first; the caller decides whether the
/// errors stop the build.
pub fn load(root: &Path, config: &Config, options: LoadOptions) -> (Content, Vec<Diagnostic>) {
    let (markdown, assets, mut problems) = walk(root);
    let mut builder = Builder::new(config);
    // Articles (the bulk of a site) are read and parsed in parallel, keeping
    // only their front matter and body; sections and entries keep their text
    // for the builder.
    let parsed: Vec<Result<Parsed, Diagnostic>> = markdown
        .par_iter()
        .map(|found| {
            let text = read_text(found)?;
            if builder.kind_of(found) != FileKind::Page {
                return Ok(Parsed::Text(text));
            }
            let (meta, body, body_line) = parse_article(found, text, config)?;
            Ok(Parsed::Page(Box::new(meta), body, body_line))
        })
        .collect();
    for (found, parsed) in markdown.iter().zip(parsed) {
        let outcome = parsed.and_then(|parsed| match parsed {
            Parsed::Text(text) => builder.add(found, &text, options),
            Parsed::Page(meta, body, body_line) => builder.add_page(found, *meta, body, body_line, options),
        });
        if let Err(problem) = outcome {
            problems.push(problem);
        }
    }
    let mut content = builder.finish(&mut problems);
    content.assets = assets;
    problems.extend(crate::entities::validate(&mut content));
    (content, problems)
}

/// An article read again after its file changed (see [`reread`]).
#[derive(Debug)]
pub enum Reread {
    /// Same date, slug, draft state, language, weight and template: the
    /// same address and the same position in every list. Its title,
    /// summary, authors, update date, source, translator and extra values
    /// may differ.
    InPlace(Page),
    /// Same address (slug, draft state, language and template), but a new
    /// date or weight: the article moves in the lists that show it.
    Moved(Page),
}

/// Reads an article again after its file changed. Returns the page with its
/// new body and front matter (its entry lists unresolved, for the caller to
/// compare) when it keeps its address ([`Reread`] says whether it keeps its
/// place in lists too). Returns `None` when its address changes or the file
/// no longer reads (the caller then loads the whole site, which reports any
/// problem with all the others).
pub fn reread(root: &Path, page: &Page, config: &Config) -> Option<Reread> {
    let found = Found {
        absolute: root.join(&page.file.path),
        relative: page.file.path.clone(),
        folder: PathBuf::new(),
    };
    let (meta, body, body_line) = parse_article(&found, read_text(&found).ok()?, config).ok()?;
    let (same_place, same_address) = (same_place(&meta, &page.meta), same_address(&meta, &page.meta));
    let page = Page {
        file: SourceFile {
            path: page.file.path.clone(),
            body_line,
        },
        body,
        meta,
        ..page.clone()
    };
    match (same_place, same_address) {
        (true, _) => Some(Reread::InPlace(page)),
        (false, true) => Some(Reread::Moved(page)),
        (false, false) => None,
    }
}

/// Reads an article the site does not have yet: `absolute`, a file that
/// appeared under content/ (or stopped being a draft). Returns the page
/// with its section and its entry lists unresolved, or `None` when the file
/// is no article the site would read (a section, an entry, a draft, a
/// hidden file, a link), does not read, or takes the address of another
/// page (the caller then loads the whole site, which reports any problem).
pub fn read_new(
    root: &Path,
    content: &Content,
    config: &Config,
    absolute: &Path,
    options: LoadOptions,
) -> Option<Page> {
    let relative = absolute.strip_prefix(root).ok()?;
    let inside = relative.strip_prefix(CONTENT_DIR).ok()?;
    let hidden = inside.iter().any(|name| name.to_string_lossy().starts_with('.'));
    let is_file = absolute.symlink_metadata().is_ok_and(|m| m.file_type().is_file());
    if hidden || !is_file || absolute.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let found = Found {
        absolute: absolute.to_path_buf(),
        relative: relative.to_path_buf(),
        folder: inside.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let mut builder = Builder::new(config);
    if builder.kind_of(&found) != FileKind::Page {
        return None;
    }
    let (meta, body, body_line) = parse_article(&found, read_text(&found).ok()?, config).ok()?;
    builder.add_page(&found, meta, body, body_line, options).ok()?;
    let (_, mut page) = builder.pages.pop()?;
    // The section of the nearest folder that has an `_index.md`, as a load
    // finds it (index kinds' folders hold entries, not articles).
    let folders: HashMap<PathBuf, usize> = content
        .sections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let folder = s.file.as_ref()?.path.parent()?.strip_prefix(CONTENT_DIR).ok()?;
            Some((folder.to_path_buf(), i))
        })
        .collect();
    page.section = nearest_section(&folders, &found.folder);
    let taken = content.sections.iter().map(|s| &s.path);
    let taken = taken
        .chain(content.pages.iter().map(|p| &p.path))
        .chain(content.entries.iter().map(|e| &e.path))
        .any(|path| *path == page.path);
    (!taken).then_some(page)
}

impl Content {
    /// Adds `page` (from [`read_new`]) where a full load would have put it
    /// (pages are in the order of their files) and to its section's list;
    /// returns its index. Indices of the pages after it move up by one.
    pub fn insert_page(&mut self, page: Page) -> usize {
        let at = self.pages.partition_point(|p| p.file.path < page.file.path);
        for section in &mut self.sections {
            for index in &mut section.pages {
                if *index >= at {
                    *index += 1;
                }
            }
        }
        let section = page.section;
        let next = self.pages.iter().map(|p| p.id.0 + 1).max().unwrap_or(0);
        let page = Page {
            id: ArticleId(next),
            ..page
        };
        self.pages.insert(at, page);
        self.sections[section].pages.push(at);
        self.sort_list(section);
        at
    }

    /// How many articles a page of entry `entry`'s list shows: its index's
    /// `paginate_by` (0: all on one page). Build and `serve` both cut the
    /// list by it.
    pub fn entry_page_size(&self, entry: usize) -> usize {
        self.kinds[self.entries[entry].kind].paginate_by
    }

    /// The index of article `id`: its own number after a load, found by
    /// a search once articles were added or removed.
    pub fn article(&self, id: ArticleId) -> Option<usize> {
        let at = id.0 as usize;
        if self.pages.get(at).is_some_and(|p| p.id == id) {
            return Some(at);
        }
        self.pages.iter().position(|p| p.id == id)
    }

    /// Takes article `at` out of the site and of its section's list, and
    /// returns it. Indices of the pages after it move down by one.
    pub fn remove_page(&mut self, at: usize) -> Page {
        let page = self.pages.remove(at);
        for section in &mut self.sections {
            section.pages.retain(|&index| index != at);
            for index in &mut section.pages {
                if *index > at {
                    *index -= 1;
                }
            }
        }
        page
    }

    /// Sorts the list of section `section` again, after a page of it moved.
    pub fn sort_list(&mut self, section: usize) {
        let sort_by = self.sections[section].meta.sort_by;
        sort_pages(&mut self.sections[section].pages, &self.pages, sort_by);
    }
}

/// Whether an article with front matter `new` keeps the place it had with
/// `old`: its address, language and position in lists. Every field is named,
/// so that a new one has to be sorted here.
fn same_place(new: &PageMeta, old: &PageMeta) -> bool {
    let PageMeta {
        date,
        slug,
        draft,
        lang,
        weight,
        template,
        // Shown where the article is listed, changed in place.
        title: _,
        updated: _,
        authors: _,
        summary: _,
        source: _,
        translator: _,
        extra: _,
        // Resolved and compared by the caller.
        entries: _,
        exclude: _,
        // Reported, not shown.
        warnings: _,
        date_estimated: _,
        imported_from: _,
        source_sha256: _,
    } = new;
    (date, slug, draft, lang, weight, template)
        == (&old.date, &old.slug, &old.draft, &old.lang, &old.weight, &old.template)
}

/// Whether an article with front matter `new` keeps the address it had
/// with `old` (its date and weight may differ).
fn same_address(new: &PageMeta, old: &PageMeta) -> bool {
    (&new.slug, new.draft, &new.lang, &new.template) == (&old.slug, old.draft, &old.lang, &old.template)
}

/// Parses the text of an article: its front matter (with its dates written
/// in the site's language), its body and the line the body starts on.
fn parse_article(found: &Found, text: String, config: &Config) -> Result<(PageMeta, String, usize), Diagnostic> {
    let (mut meta, split) = front_matter::parse_page(&found.relative, &text)?;
    for date in [&mut meta.date, &mut meta.updated].into_iter().flatten() {
        // config.toml's date_format was checked at load: a failure here can
        // only be a date outside ICU's range, which keeps its ISO form.
        date.text = config.format_date(&date.datetime).unwrap_or_else(|_| date.date.clone());
    }
    // The body is the end of the text: keep it in the text's own memory
    // rather than copy it (a copy costs fresh pages at scale).
    let (start, body_line) = (text.len() - split.body.len(), split.body_line);
    let mut body = text;
    body.drain(..start);
    Ok((meta, body, body_line))
}

/// Lists Markdown files and assets under content/, sorted by path. Links that
/// lead out of the site are reported and not followed.
fn walk(root: &Path) -> (Vec<Found>, Vec<Asset>, Vec<Diagnostic>) {
    let content_dir = root.join(CONTENT_DIR);
    let (mut markdown, mut assets, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    for entry in crate::fs::walk_inside(root, &content_dir, &mut problems) {
        let relative_to_content = entry.strip_prefix(&content_dir).unwrap_or(&entry).to_path_buf();
        let folder = relative_to_content.parent().map(Path::to_path_buf).unwrap_or_default();
        if entry.extension().is_some_and(|e| e == "md") {
            markdown.push(Found {
                relative: Path::new(CONTENT_DIR).join(&relative_to_content),
                folder,
                absolute: entry,
            });
        } else {
            let name = relative_to_content.file_name().unwrap_or_default().to_string_lossy();
            assets.push(Asset {
                output: format!("{}{name}", folder_path(&folder)),
                source: entry,
            });
        }
    }
    (markdown, assets, problems)
}

/// Reads a file as UTF-8 text without its byte-order mark.
fn read_text(found: &Found) -> Result<String, Diagnostic> {
    let bytes = fs::read(&found.absolute).map_err(|e| Diagnostic {
        severity: Severity::Unreadable,
        ..Diagnostic::error(&found.relative, 1, 1, e.to_string())
            .with_hint("check the file's permissions; the other files are still checked")
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
            let message = format!("invalid UTF-8 at byte {valid}");
            Err(Diagnostic::at_offset(&found.relative, &before, valid, message)
                .with_hint("save the file as UTF-8 (most editors: \"Save with encoding\")"))
        }
    }
}

/// The site path of a folder under content/: each part slugified, `/` after each.
fn folder_path(folder: &Path) -> String {
    folder
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(format!("{}/", slugify(&part.to_string_lossy()))),
            _ => None,
        })
        .collect()
}

/// A Markdown file, read (and parsed, for an article) in parallel.
enum Parsed {
    /// An article's front matter, body and the line its body starts on.
    Page(Box<PageMeta>, String, usize),
    /// The text of a section or an entry.
    Text(String),
}

/// What a Markdown file under content/ holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    /// `_index.md`: a section, of an index kind or not.
    Section(Option<usize>),
    /// A file in an index kind's folder.
    Entry(usize),
    /// Any other file: an article.
    Page,
}

/// Collects sections, pages and entries, then links them.
struct Builder<'c> {
    config: &'c Config,
    kinds: Vec<IndexKind>,
    sections: Vec<(PathBuf, Section)>,
    pages: Vec<(PathBuf, Page)>,
    entries: Vec<Entry>,
}

impl<'c> Builder<'c> {
    fn new(config: &'c Config) -> Self {
        let kinds = config
            .indexes
            .iter()
            .map(|k| IndexKind {
                name: k.name.clone(),
                folder: k.folder().to_string(),
                title: k.title.clone(),
                paginate_by: k.paginate_by(),
                related_limit: k.related_limit(),
                assesses: k
                    .assesses
                    .as_ref()
                    .and_then(|name| config.indexes.iter().position(|o| &o.name == name)),
            })
            .collect();
        Builder {
            config,
            kinds,
            sections: Vec::new(),
            pages: Vec::new(),
            entries: Vec::new(),
        }
    }

    fn language(&self, lang: Option<&String>) -> (String, TextDirection) {
        let lang = lang.cloned().unwrap_or_else(|| self.config.default_language.clone());
        let dir = TextDirection::for_language(&lang);
        (lang, dir)
    }

    /// The index kind whose folder holds `folder`, if any.
    fn index_of(&self, folder: &Path) -> Option<usize> {
        let first = folder.components().next()?;
        self.kinds
            .iter()
            .position(|k| Path::new(&k.folder) == Path::new(first.as_os_str()))
    }

    /// What a Markdown file is, by its name and folder.
    fn kind_of(&self, found: &Found) -> FileKind {
        let is_section = found.relative.file_name().is_some_and(|n| n == SECTION_FILE);
        match (self.index_of(&found.folder), is_section) {
            (index, true) => FileKind::Section(index),
            (Some(kind), false) => FileKind::Entry(kind),
            (None, false) => FileKind::Page,
        }
    }

    /// Adds a section or an entry from its text.
    fn add(&mut self, found: &Found, text: &str, options: LoadOptions) -> Result<(), Diagnostic> {
        match self.kind_of(found) {
            FileKind::Section(index) => self.add_section(found, text, index),
            FileKind::Entry(kind) => self.add_entry(found, text, kind, options),
            FileKind::Page => unreachable!("pages are parsed in parallel before"),
        }
    }

    fn add_section(&mut self, found: &Found, text: &str, index: Option<usize>) -> Result<(), Diagnostic> {
        let (meta, split) = front_matter::parse_section(&found.relative, text)?;
        let (lang, dir) = self.language(meta.lang.as_ref());
        let section = Section {
            file: Some(SourceFile {
                path: found.relative.clone(),
                body_line: split.body_line,
            }),
            body: split.body.to_string(),
            path: folder_path(&found.folder),
            meta,
            lang,
            dir,
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            kind: index.filter(|_| found.folder.components().count() == 1),
        };
        self.sections.push((found.folder.clone(), section));
        Ok(())
    }

    fn add_page(
        &mut self,
        found: &Found,
        meta: PageMeta,
        body: String,
        body_line: usize,
        options: LoadOptions,
    ) -> Result<(), Diagnostic> {
        if meta.draft && !options.drafts {
            return Ok(());
        }
        let stem = found.relative.file_stem().unwrap_or_default().to_string_lossy();
        let slug = meta.slug.clone().unwrap_or_else(|| slugify(&stem));
        if slug.is_empty() {
            return Err(
                Diagnostic::error(&found.relative, 1, 1, "the file name gives an empty slug")
                    .with_hint("add slug = \"...\" to the front matter or rename the file"),
            );
        }
        let (lang, dir) = self.language(meta.lang.as_ref());
        let page = Page {
            file: SourceFile {
                path: found.relative.clone(),
                body_line,
            },
            body,
            path: format!("{}{slug}/", folder_path(&found.folder)),
            slug,
            meta,
            section: 0,
            lang,
            dir,
            explicit_entries: Vec::new(),
            excluded_entries: Vec::new(),
            id: ArticleId::default(),
        };
        self.pages.push((found.folder.clone(), page));
        Ok(())
    }

    fn add_entry(&mut self, found: &Found, text: &str, kind: usize, options: LoadOptions) -> Result<(), Diagnostic> {
        let case = self.kinds[kind].assesses.is_some();
        let (meta, split) = front_matter::parse_entry(&found.relative, text, case)?;
        // A draft entry (one `fihris import --suggest-entries` wrote) is not
        // part of the registry until its `draft` line is removed.
        if meta.draft && !options.drafts {
            return Ok(());
        }
        let id = found
            .relative
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let slug = slugify(&id);
        if slug.is_empty() || slug != id {
            let example = if slug.is_empty() { "tokayev".to_string() } else { slug };
            return Err(
                Diagnostic::error(&found.relative, 1, 1, format!("the entry id \"{id}\" is not a slug")).with_hint(
                    format!("name the file with lower-case letters, digits and `-`, e.g. {example}.md"),
                ),
            );
        }
        let (lang, dir) = self.language(None);
        self.entries.push(Entry {
            path: format!("{}/{id}/", self.kinds[kind].folder),
            id,
            kind,
            file: SourceFile {
                path: found.relative.clone(),
                body_line: split.body_line,
            },
            meta,
            body: split.body.to_string(),
            country: None,
            members: Vec::new(),
            case: None,
            lang,
            dir,
        });
        Ok(())
    }

    fn finish(mut self, problems: &mut Vec<Diagnostic>) -> Content {
        if !self.sections.iter().any(|(folder, _)| folder.as_os_str().is_empty()) {
            self.sections.push((PathBuf::new(), self.implicit_section(None)));
        }
        for kind in 0..self.kinds.len() {
            let has_entries = self.entries.iter().any(|e| e.kind == kind);
            if has_entries && !self.sections.iter().any(|(_, s)| s.kind == Some(kind)) {
                let folder = PathBuf::from(&self.kinds[kind].folder);
                self.sections.push((folder, self.implicit_section(Some(kind))));
            }
        }
        // Home first, then parents before children.
        self.sections
            .sort_by(|a, b| (a.0.components().count(), &a.0).cmp(&(b.0.components().count(), &b.0)));
        let (folders, mut sections): (Vec<PathBuf>, Vec<Section>) = self.sections.into_iter().unzip();
        let index: HashMap<PathBuf, usize> = folders
            .iter()
            .enumerate()
            .map(|(i, folder)| (folder.clone(), i))
            .collect();
        for (i, folder) in folders.iter().enumerate().skip(1) {
            let parent = nearest_section(&index, folder.parent().unwrap_or(Path::new("")));
            sections[i].parent = Some(parent);
            sections[parent].subsections.push(i);
        }
        let mut pages = Vec::with_capacity(self.pages.len());
        for (folder, mut page) in self.pages {
            page.section = nearest_section(&index, &folder);
            page.id = ArticleId(u32::try_from(pages.len()).expect("fewer than 2^32 articles"));
            sections[page.section].pages.push(pages.len());
            pages.push(page);
        }
        check_unique_paths(&sections, &pages, &self.entries, problems);
        for section in &mut sections {
            sort_pages(&mut section.pages, &pages, section.meta.sort_by);
        }
        let weights: Vec<(Option<i64>, String)> = sections.iter().map(|s| (s.meta.weight, s.path.clone())).collect();
        for section in &mut sections {
            section
                .subsections
                .sort_by_key(|&i| (weights[i].0.is_none(), weights[i].0, weights[i].1.clone()));
        }
        self.entries
            .sort_by(|a, b| (a.kind, a.meta.number, &a.id).cmp(&(b.kind, b.meta.number, &b.id)));
        Content {
            sections,
            pages,
            assets: Vec::new(),
            kinds: self.kinds,
            entries: self.entries,
        }
    }

    /// A section without `_index.md`: home, or the page of an index kind.
    fn implicit_section(&self, index: Option<usize>) -> Section {
        let (lang, dir) = self.language(None);
        let (title, path) = match index {
            Some(kind) => (self.kinds[kind].title.clone(), format!("{}/", self.kinds[kind].folder)),
            None => (self.config.title.clone(), String::new()),
        };
        Section {
            file: None,
            meta: SectionMeta {
                title,
                ..SectionMeta::default()
            },
            body: String::new(),
            path,
            lang,
            dir,
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            kind: index,
        }
    }
}

/// The section of `folder` or of its nearest ancestor that has one (home at worst).
fn nearest_section(index: &HashMap<PathBuf, usize>, folder: &Path) -> usize {
    folder.ancestors().find_map(|f| index.get(f).copied()).unwrap_or(0)
}

fn sort_pages(list: &mut [usize], pages: &[Page], sort_by: SortBy) {
    match sort_by {
        SortBy::Date => list.sort_by(|&a, &b| newest_first(&pages[a], &pages[b])),
        SortBy::Weight => list.sort_by_key(|&i| {
            let meta: &PageMeta = &pages[i].meta;
            (meta.weight.is_none(), meta.weight, pages[i].path.clone())
        }),
    }
}

/// Two sources may not produce the same output path: both are named.
fn check_unique_paths(sections: &[Section], pages: &[Page], entries: &[Entry], problems: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<&str, &Path> = HashMap::new();
    let section_files = sections
        .iter()
        .filter_map(|s| s.file.as_ref().map(|f| (s.path.as_str(), f)));
    let page_files = pages.iter().map(|p| (p.path.as_str(), &p.file));
    let entry_files = entries.iter().map(|e| (e.path.as_str(), &e.file));
    for (path, file) in section_files.chain(page_files).chain(entry_files) {
        if let Some(first) = owners.insert(path, &file.path) {
            problems.push(
                Diagnostic::error(
                    &file.path,
                    1,
                    1,
                    format!("the output path /{path} is also produced by {}", first.display()),
                )
                .with_hint("give one of them another `slug` in its front matter"),
            );
        }
    }
}

#[cfg(test)]
mod tests {

    /// Regression: an unreadable content file exited 1, while the README
    /// promises 2 for files that cannot be read (here it vanished after the walk).
    #[test]
    fn a_file_that_cannot_be_read_is_unreadable_not_invalid() {
        let found = Found {
            relative: PathBuf::from("content/gone.md"),
            folder: PathBuf::new(),
            absolute: PathBuf::from("/nonexistent/fihris/content/gone.md"),
        };
        let problem = read_text(&found).unwrap_err();
        assert!(problem.is_unreadable() && problem.is_error(), "{problem}");
        assert_eq!(problem.path, PathBuf::from("content/gone.md"));
    }

    use super::*;

    #[test]
    fn folder_paths_are_slugified() {
        assert_eq!(folder_path(Path::new("")), "");
        assert_eq!(
            folder_path(Path::new("Articles/تحليلات سياسية")),
            "articles/تحليلات-سياسية/"
        );
    }
}
