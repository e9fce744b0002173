//! Import stage: turns raw scraped texts (plain text in any of the usual
//! encodings, or an HTML page) into articles of the site. Reading gives text
//! ([`read`]), an HTML page gives its main content ([`html`]); a plain text
//! gets its structure recognised ([`structure`], [`dates`]); [`write`] turns
//! the result into a Markdown file that is never written over another.
//! Only structure is ever added: the words are the raw text's.
//!
//! Each input is converted on its own (in parallel), so one that fails
//! fails alone; files are then planned and written in the order of the
//! inputs, so that collisions are reported the same way every time.

pub mod article;
pub mod dates;
pub mod html;
pub mod lines;
pub mod read;
pub mod report;
pub mod structure;
pub mod suggest;
pub mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::Result;
use article::Draft;
use structure::Rules;

/// What `fihris import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site root.
    pub root: PathBuf,
    /// Files and folders to import (folders are walked).
    pub paths: Vec<PathBuf>,
    /// The section the articles go to, under content/.
    pub into: String,
    /// Write nothing; report what would be written.
    pub dry_run: bool,
    /// Replace an article that import wrote from the same input before.
    pub force: bool,
    /// Write suggested entries as draft entry files.
    pub suggest_entries: bool,
    /// The import date (year, month, day), for texts that give none.
    pub today: (i32, u32, u32),
}

/// The outcome for one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Written to this file (relative to the root).
    Written(PathBuf),
    /// Would be written there (`--dry-run`).
    WouldWrite(PathBuf),
    /// Replaced the article import had written there (`--force`).
    Replaced(PathBuf),
    /// The same text was imported before, as this file.
    AlreadyImported(PathBuf),
    /// Nothing written, for this reason.
    Failed(String),
}

impl Outcome {
    /// Whether the input failed.
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }
}

/// One input and what became of it.
#[derive(Debug, Clone)]
pub struct Item {
    /// The input, as named in the report.
    pub input: String,
    /// What became of it.
    pub outcome: Outcome,
    /// The encoding it was read in, once read.
    pub encoding: Option<&'static str>,
    /// What the report says besides (a slug taken by another article).
    pub note: Option<String>,
    /// What was recognised, once converted.
    pub draft: Option<Draft>,
}

/// The report of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every input, in order.
    pub items: Vec<Item>,
    /// Names that look like entities and are not in the registry.
    pub suggestions: Vec<suggest::Suggestion>,
    /// Draft entry files written for them (`--suggest-entries`).
    pub entry_files: Vec<PathBuf>,
    /// Whether nothing was written.
    pub dry_run: bool,
}

impl Report {
    /// Whether any input failed.
    pub fn failed(&self) -> bool {
        self.items.iter().any(|item| item.outcome.is_failure())
    }
}

/// A converted input: its draft, the hash of its bytes and its encoding.
struct Converted {
    draft: Draft,
    sha256: String,
    encoding: &'static str,
}

/// Imports every input of `options` into the site.
pub fn run(options: &ImportOptions) -> Result<Report> {
    let config = Config::load(&options.root)?;
    let rules = Rules::new(&config.import.drop);
    let inputs = inputs(&options.paths);
    let converted: Vec<_> = inputs
        .par_iter()
        .map(|input| match input {
            Ok(path) => convert(path, &rules),
            Err((reason, _)) => Err((reason.clone(), None)),
        })
        .collect();
    let section = options.root.join("content").join(&options.into);
    let mut plan = Plan::new(&section, &options.root);
    let mut report = Report {
        dry_run: options.dry_run,
        ..Report::default()
    };
    for (input, result) in inputs.iter().zip(converted) {
        let name = match input {
            Ok(path) | Err((_, path)) => display(path),
        };
        let item = match result {
            Ok(converted) => plan.place(options, &name, converted),
            Err((reason, encoding)) => Item {
                input: name,
                outcome: Outcome::Failed(reason),
                encoding,
                note: None,
                draft: None,
            },
        };
        report.items.push(item);
    }
    let (content, _) = crate::content::load(&options.root, &config, crate::content::LoadOptions::default());
    let matcher = crate::entities::matcher(&content.entries, &content.kinds);
    let drafts: Vec<&Draft> = report.items.iter().filter_map(|i| i.draft.as_ref()).collect();
    report.suggestions = suggest::suggest(&drafts, Some(&suggest::Known::new(&matcher, &content.entries)));
    if options.suggest_entries && !options.dry_run {
        report.entry_files = suggest::write_entries(&options.root, &report.suggestions)?;
    }
    Ok(report)
}

/// The files to import: each path, or the files of each folder (walked,
/// sorted, hidden files skipped). A path that does not exist is an error of
/// its own.
fn inputs(paths: &[PathBuf]) -> Vec<std::result::Result<PathBuf, (String, PathBuf)>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walk = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for entry in walk {
                match entry {
                    Ok(e) if e.file_type().is_file() => files.push(Ok(e.into_path())),
                    Ok(e) if e.path_is_symlink() && e.path().is_file() => files.push(Ok(e.into_path())),
                    Ok(e) if e.path_is_symlink() && !e.path().exists() => {
                        files.push(Err(("cannot be read: a link to nothing".to_string(), e.into_path())));
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let at = e.path().unwrap_or(path).to_path_buf();
                        files.push(Err((format!("cannot be read: {e}"), at)));
                    }
                }
            }
        } else if path.exists() {
            files.push(Ok(path.clone()));
        } else {
            files.push(Err(("no such file or folder".to_string(), path.clone())));
        }
    }
    files
}

/// Reads, decodes and converts one input.
fn convert(path: &Path, rules: &Rules) -> std::result::Result<Converted, (String, Option<&'static str>)> {
    let bytes = std::fs::read(path).map_err(|e| (format!("cannot be read: {e}"), None))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let decoded = read::decode(&bytes).map_err(|e| (e.to_string(), None))?;
    let encoding = decoded.encoding;
    let draft = if html::is_html(path, &decoded.text) {
        html::extract(&decoded.text, None)
    } else {
        structure::recognise(&decoded.text, rules)
    };
    let draft = draft.map_err(|reason| (reason, Some(encoding)))?;
    Ok(Converted {
        draft,
        sha256,
        encoding,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A path as the report names it.
fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Where each article goes, and what is there already.
struct Plan<'a> {
    section: &'a Path,
    root: &'a Path,
    /// Articles of the section that import wrote: hash of their input to file.
    imported: HashMap<String, PathBuf>,
    /// Articles of the section that set their `slug`: slug to file.
    slugs: HashMap<String, PathBuf>,
    /// Files planned by this run: file to the input it is for.
    planned: HashMap<PathBuf, String>,
    /// What each article of the section records of its import, read once.
    records: HashMap<PathBuf, Record>,
}

/// What an existing article file records of its import.
#[derive(Debug, Clone, Default)]
struct Record {
    slug: Option<String>,
    sha256: Option<String>,
    imported_from: Option<String>,
}

impl<'a> Plan<'a> {
    fn new(section: &'a Path, root: &'a Path) -> Self {
        let (mut imported, mut slugs, mut records) = (HashMap::new(), HashMap::new(), HashMap::new());
        for entry in std::fs::read_dir(section).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let record = record(&path);
            if let Some(slug) = &record.slug {
                slugs.insert(slug.clone(), path.clone());
            }
            if let Some(sha) = &record.sha256 {
                imported.insert(sha.clone(), path.clone());
            }
            records.insert(path, record);
        }
        Plan {
            section,
            root,
            imported,
            slugs,
            planned: HashMap::new(),
            records,
        }
    }

    /// The record of the file at `path`: as read when the plan was made, or
    /// read now for a file that was not there then.
    fn record(&self, path: &Path) -> Record {
        self.records.get(path).cloned().unwrap_or_else(|| record(path))
    }

    /// Decides where `converted` goes, and writes it unless dry-running.
    fn place(&mut self, options: &ImportOptions, input: &str, converted: Converted) -> Item {
        let Converted {
            draft,
            sha256,
            encoding,
        } = converted;
        let (outcome, note) = match self.outcome(options, input, &draft, &sha256) {
            Ok((file, replace, note)) => (self.write(options, input, &draft, &sha256, file, replace), note),
            Err(outcome) => (outcome, None),
        };
        Item {
            input: input.to_string(),
            outcome,
            note,
            encoding: Some(encoding),
            draft: Some(draft),
        }
    }

    /// The file to write, whether it replaces one and a note on its name,
    /// or why none is written. A slug that another article has (a file, a
    /// `slug`, or this run's) gives the next free one, `slug-2`, `slug-3`...
    fn outcome(
        &mut self,
        options: &ImportOptions,
        input: &str,
        draft: &Draft,
        sha256: &str,
    ) -> std::result::Result<(PathBuf, bool, Option<String>), Outcome> {
        if let Some(existing) = self.imported.get(sha256).filter(|_| !options.force) {
            return Err(Outcome::AlreadyImported(self.relative(existing)));
        }
        let stem = Path::new(input).file_stem().unwrap_or_default().to_string_lossy();
        let slug = write::slug(draft, &stem);
        let file = self.section.join(format!("{slug}.md"));
        if file.exists() && !self.planned.contains_key(&file) {
            let record = self.record(&file);
            if record.sha256.is_some() && record.imported_from.as_deref() == Some(input) {
                if !options.force {
                    return Err(Outcome::Failed(format!(
                        "{} was imported from this file before, and the file has changed since: --force replaces it",
                        self.relative(&file).display()
                    )));
                }
                self.planned.insert(file.clone(), input.to_string());
                return Ok((file, true, None));
            }
        }
        let mut first_taker = None;
        for n in 1.. {
            let candidate = if n == 1 { slug.clone() } else { format!("{slug}-{n}") };
            let path = self.section.join(format!("{candidate}.md"));
            match self.taken_by(&candidate, &path) {
                Some(by) => {
                    first_taker.get_or_insert(by);
                }
                None => {
                    self.planned.insert(path.clone(), input.to_string());
                    let note =
                        first_taker.map(|by| format!("the slug `{slug}` is that of {by}: written as `{candidate}`"));
                    return Ok((path, false, note));
                }
            }
        }
        unreachable!("some slug-N is free")
    }

    /// What has the slug `slug` or the file `path` already, if anything.
    fn taken_by(&self, slug: &str, path: &Path) -> Option<String> {
        if let Some(other) = self.planned.get(path) {
            return Some(format!("{other}, imported in this run"));
        }
        let other = self.slugs.get(slug).filter(|o| *o != path).map(PathBuf::as_path);
        let other = other.or_else(|| path.exists().then_some(path))?;
        let from = match self.record(other).imported_from {
            Some(from) => format!("imported from {from}"),
            None => "not written by import".to_string(),
        };
        Some(format!("{} ({from})", self.relative(other).display()))
    }

    fn write(
        &self,
        options: &ImportOptions,
        input: &str,
        draft: &Draft,
        sha256: &str,
        file: PathBuf,
        replace: bool,
    ) -> Outcome {
        let origin = write::Origin {
            path: input,
            sha256,
            today: options.today,
        };
        let relative = self.relative(&file);
        if options.dry_run {
            return Outcome::WouldWrite(relative);
        }
        let text = write::article(draft, &origin);
        let written = if replace {
            crate::fs::write(&file, text.as_bytes())
        } else {
            crate::fs::write_new(&file, text.as_bytes())
        };
        match (written, replace) {
            (Err(e), _) => Outcome::Failed(e.to_string()),
            (Ok(()), true) => Outcome::Replaced(relative),
            (Ok(()), false) => Outcome::Written(relative),
        }
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }
}

/// The import record of an article file: its `slug`, `source_sha256` and
/// `imported_from` lines, read without parsing the rest.
fn record(path: &Path) -> Record {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let value = |key: &str| {
        let front = text.strip_prefix("+++")?.split("\n+++").next()?;
        let line = front.lines().find(|l| l.trim_start().starts_with(key))?;
        let value: toml::Table = line.parse().ok()?;
        value.get(key)?.as_str().map(str::to_string)
    };
    Record {
        slug: value("slug"),
        sha256: value("source_sha256"),
        imported_from: value("imported_from"),
    }
}
