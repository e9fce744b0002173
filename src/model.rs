//! Plain data shared by the stages: pages, sections and their front matter.
//! No I/O and no rendering here.

use std::path::PathBuf;

use serde::Serialize;

use crate::bidi::TextDirection;
use crate::diagnostics::Diagnostic;

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
    /// The date written in the site's language, as config.toml's
    /// `date_format` and `digits` say (`7 يناير 2022`); filled at load.
    pub text: String,
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
    /// Entries named explicitly, as (index name, entry ids), one list per
    /// index that names any: from the lists `actors`, `countries`,
    /// `framework` and the `[entries]` table. Every article holds these from
    /// its load to the registry's check, so they are kept small.
    pub entries: Vec<(String, Vec<Located<Box<str>>>)>,
    /// Entries never to be detected in this page (false positives): `id` or `index/id`.
    pub exclude: Vec<Located<String>>,
    /// The date was not found in the imported text: `check` lists the page.
    pub date_estimated: bool,
    /// The file `fihris import` made the page from.
    pub imported_from: Option<String>,
    /// The SHA-256 of that file's bytes: the mark of a page import wrote.
    pub source_sha256: Option<String>,
    /// Free values for templates.
    pub extra: toml::Table,
    /// Problems of the front matter that did not stop the page (a hostile
    /// address dropped to its text), reported by every build of it.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// A value from front matter with the position it was written at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the file.
    #[serde(skip)]
    pub line: usize,
    /// 1-based column in the file.
    #[serde(skip)]
    pub col: usize,
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
    /// Pages listed per page of the section; all on one page when absent.
    pub paginate_by: Option<usize>,
    /// On an index page: show the article-by-entry matrix computed from mentions.
    pub matrix: bool,
    /// Free values for templates.
    pub extra: toml::Table,
}

/// What makes an entry a case: an episode (an intervention, or a call for
/// one that was not answered) assessed variable by variable against the
/// entries of another index (`assesses` in config.toml).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseMeta {
    /// Years of the episode, in order (`[2014]`, `[2020, 2021]`).
    pub years: Vec<i32>,
    /// Entry ids of the countries involved.
    pub countries: Vec<Located<String>>,
    /// Entry ids of the actors involved.
    pub actors: Vec<Located<String>>,
    /// Whether Moscow (the deciding party) intervened: required.
    pub outcome: Outcome,
    /// Assessments, one per variable at most; a variable without one is
    /// "not assessed".
    pub assessments: Vec<CaseAssessment>,
}

/// How an episode ended: with an intervention or without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Troops were sent.
    Intervened,
    /// They were not.
    NotIntervened,
}

impl Outcome {
    /// Its name in templates and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Intervened => "intervened",
            Outcome::NotIntervened => "not-intervened",
        }
    }

    /// Its label on a page.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Intervened => "تدخّل عسكري",
            Outcome::NotIntervened => "دون تدخّل عسكري",
        }
    }
}

/// A case's assessment on one variable.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CaseAssessment {
    /// Entry id of the variable.
    pub variable: Located<String>,
    /// `None`: written "not assessed".
    pub assessment: Option<Assessment>,
    /// What the articles say, in a few words.
    pub note: Option<String>,
    /// `@/articles/file.md`, the article that supports it.
    pub evidence: Option<Located<String>>,
    /// Words of the passage that supports it: the build finds the one
    /// passage of the article that holds them, wherever edits move it.
    pub quote: Option<Located<String>>,
}

/// How a case stands on a variable, as the articles assess it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Assessment {
    /// The variable was in place.
    Present,
    /// In part.
    Partial,
    /// It was not.
    Absent,
}

impl Assessment {
    /// Its name in templates and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Assessment::Present => "present",
            Assessment::Partial => "partial",
            Assessment::Absent => "absent",
        }
    }

    /// Its label on a page, so that colour is never the only sign.
    pub fn label(self) -> &'static str {
        match self {
            Assessment::Present => "متوفر",
            Assessment::Partial => "جزئيا",
            Assessment::Absent => "غائب",
        }
    }
}

/// Whether an actor is a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A person.
    Person,
    /// An organisation, alliance, institution or publication.
    Organisation,
}

/// The front matter of a registry entry (an actor, a country, a variable).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntryMeta {
    /// Arabic name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Not part of the registry unless drafts are built (an entry suggested
    /// by `fihris import` until the user checks it).
    pub draft: bool,
    /// Every surface form to detect (the name is always one).
    pub aliases: Vec<Located<String>>,
    /// Person or organisation (actors).
    pub kind: Option<ActorKind>,
    /// Role, e.g. "رئيس كازاخستان".
    pub role: Option<String>,
    /// The entry id of the actor's country.
    pub country: Option<Located<String>>,
    /// The entry ids of an organisation's member countries.
    pub members: Vec<Located<String>>,
    /// ISO 3166 code (countries).
    pub iso: Option<String>,
    /// A state or place that no longer exists as such (the Soviet Union).
    pub historical: bool,
    /// Order among the entries of its index (framework variables).
    pub number: Option<i64>,
    /// Nisba adjectives and people plurals declared (`adjectives`), each
    /// one word: a form ending in ي is inflected (الروسي، الروسية،
    /// الروسيون ...), any other is matched as written (الروس).
    pub adjectives: Vec<Located<String>>,
    /// Whether nisba adjectives are derived from the name: `None` derives
    /// them for the entries of the `countries` index only.
    pub nisba: Option<bool>,
    /// The name and aliases transliterate a foreign name: variants in the
    /// long vowels are matched too (بلينكن، بلينكين).
    pub transliterated: bool,
    /// Forms (name, aliases or adjectives, as written) that are also common
    /// words (الجزيرة, an island): mentions only next to a cue.
    pub ambiguous: Vec<String>,
    /// Set on the entries of an index that `assesses` another: a case.
    pub case: Option<Box<CaseMeta>>,
    /// Free values.
    pub extra: toml::Table,
}

/// A kind of index declared in config.toml (actors, countries, framework...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexKind {
    /// Key in front matter and config, e.g. `actors`.
    pub name: String,
    /// Folder under content/ and in URLs.
    pub folder: String,
    /// Arabic title of the index page.
    pub title: String,
    /// Articles per page of an entry page (0: all on one page).
    pub paginate_by: usize,
    /// Related entries shown on an entry page (0: all).
    pub related_limit: usize,
    /// For an index of cases: the index whose entries its cases are
    /// assessed against (position in `Content::kinds`).
    pub assesses: Option<usize>,
}

/// An entry of an index: one file under content/<folder>/.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Id: the file name without `.md`, e.g. `tokayev`.
    pub id: String,
    /// Index kind (position in `Content::kinds`).
    pub kind: usize,
    /// The file it was read from.
    pub file: SourceFile,
    /// Front matter.
    pub meta: EntryMeta,
    /// Markdown description.
    pub body: String,
    /// Site path, e.g. `actors/tokayev/`.
    pub path: String,
    /// `meta.country`, resolved to an entry index.
    pub country: Option<usize>,
    /// `meta.members`, resolved to entry indices.
    pub members: Vec<usize>,
    /// A case's countries, actors and variables, resolved.
    pub case: Option<Box<CaseLinks>>,
    /// Language tag in force.
    pub lang: String,
    /// Its direction.
    pub dir: TextDirection,
}

/// The entries a case names, resolved to entry indices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseLinks {
    /// The countries involved.
    pub countries: Vec<usize>,
    /// The actors involved.
    pub actors: Vec<usize>,
    /// The variable of each assessment, in `CaseMeta::assessments` order
    /// (`None` where it names no entry of the assessed index).
    pub variables: Vec<Option<usize>>,
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
    /// Its identity while the site is served: given in file order by a
    /// load, and kept when other articles are added or removed.
    pub id: ArticleId,
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
    /// Entries named in front matter, resolved (indices into `Content::entries`).
    pub explicit_entries: Vec<usize>,
    /// Entries never detected in this page.
    pub excluded_entries: Vec<usize>,
}

/// The identity of an article, which stays when other articles are added
/// or removed (its index in `Content::pages` does not).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u32);

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
    /// The index kind whose index page this is (content/actors/_index.md),
    /// if any: its position in `Content::kinds`.
    pub kind: Option<usize>,
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
    /// Index kinds, from the configuration.
    pub kinds: Vec<IndexKind>,
    /// Registry entries of every kind.
    pub entries: Vec<Entry>,
}

/// The order of every list of articles: newest first, undated last, then by path.
pub fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.meta.date.cmp(&a.meta.date).then_with(|| a.path.cmp(&b.path))
}

/// The relative prefix that leads from the folder of `path` back to the site
/// root: `""` for home, `../../` for `articles/x/`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The output file of a site path: `articles/x/` → `articles/x/index.html`.
pub fn output_file(path: &str) -> String {
    format!("{path}index.html")
}
