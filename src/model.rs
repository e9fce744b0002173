//! Plain data shared by the stages: pages, sections and their front matter.
//! No I/O and no rendering here.

use std::path::PathBuf;

use serde::Serialize;

use crate::bidi::TextDirection;

/// A calendar date, with an optional time, from front matter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    /// Year, month, day, hour, minute, second: what dates sort by.
    #[serde(skip)]
    pub key: (u16, u8, u8, u8, u8, u8),
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The full value as written, normalised to RFC 3339 where it has a time.
    pub datetime: String,
}

/// Where an article was first published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Name of the publication.
    pub name: Option<String>,
    /// Address of the original (http, https or relative only).
    pub url: Option<String>,
}

/// The front matter of a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageMeta {
    /// Title (required).
    pub title: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Date of the last update.
    pub updated: Option<Date>,
    /// The slug given in front matter, already checked and slugified.
    pub slug: Option<String>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Language of the page (BCP 47); the site's default when absent.
    pub lang: Option<String>,
    /// Authors, in order.
    pub authors: Vec<String>,
    /// A short summary for lists and metadata.
    pub summary: Option<String>,
    /// The original publication.
    pub source: Option<Source>,
    /// Who translated the article.
    pub translator: Option<String>,
    /// Position in sections sorted by weight.
    pub weight: Option<i64>,
    /// A template other than `page.html`.
    pub template: Option<String>,
    /// Actors named explicitly, for the knowledge layer.
    pub actors: Vec<String>,
    /// Countries named explicitly, for the knowledge layer.
    pub countries: Vec<String>,
    /// Framework variables named explicitly, for the knowledge layer.
    pub framework: Vec<String>,
    /// Entries never to be detected in this page (false positives).
    pub exclude: Vec<String>,
    /// Free values for templates.
    pub extra: toml::Table,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first; undated pages last.
    #[default]
    Date,
    /// Lightest first; pages without weight last.
    Weight,
}

/// The front matter of a section (`_index.md`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SectionMeta {
    /// Title; the folder name when absent.
    pub title: String,
    /// One-line description.
    pub description: Option<String>,
    /// Order of the section's pages.
    pub sort_by: SortBy,
    /// Position among sibling sections.
    pub weight: Option<i64>,
    /// Language of the section page.
    pub lang: Option<String>,
    /// A template other than `section.html` (`index.html` for the home page).
    pub template: Option<String>,
    /// Free values for templates.
    pub extra: toml::Table,
}

/// Where a piece of Markdown came from, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the site root, e.g. `content/articles/x.md`.
    pub path: PathBuf,
    /// The line of the file on which the Markdown body starts (1-based).
    pub body_line: usize,
}

/// An article or other single page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file it was read from.
    pub file: SourceFile,
    /// Front matter.
    pub meta: PageMeta,
    /// Markdown body.
    pub body: String,
    /// Final slug: front matter `slug`, else the file name, slugified.
    pub slug: String,
    /// Site path of the page, e.g. `articles/توكاييف/` (not encoded).
    pub path: String,
    /// Index of the section that lists it.
    pub section: usize,
    /// Language tag in force.
    pub lang: String,
    /// Direction of that language.
    pub dir: TextDirection,
}

/// A folder of pages with an `_index.md`; the home page is the root section.
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` it was read from, if any (the home page may have none).
    pub file: Option<SourceFile>,
    /// Front matter.
    pub meta: SectionMeta,
    /// Markdown body.
    pub body: String,
    /// Site path: `""` for home, `articles/` for content/articles/.
    pub path: String,
    /// Language tag in force.
    pub lang: String,
    /// Direction of that language.
    pub dir: TextDirection,
    /// Pages listed, sorted by `meta.sort_by`.
    pub pages: Vec<usize>,
    /// Child sections, by weight then path.
    pub subsections: Vec<usize>,
    /// Parent section (`None` for home).
    pub parent: Option<usize>,
}

/// A file in content/ or static/ copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute source path.
    pub source: PathBuf,
    /// Path inside the output folder.
    pub output: String,
}

/// Everything loaded from content/.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Sections; index 0 is home.
    pub sections: Vec<Section>,
    /// Pages, in the order read.
    pub pages: Vec<Page>,
    /// Non-Markdown files in content/, copied beside their pages.
    pub assets: Vec<Asset>,
}

/// The relative prefix that leads from the folder of `path` back to the site
/// root: `""` for home, `../../` for `articles/x/`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}
