//! Registry stage: checks the entries loaded from the index folders (aliases
//! shared by two entries, references to entries that do not exist), resolves
//! the entries pages name in front matter, and compiles the mention matcher
//! from every entry's surface forms (see docs/mentions.md).

pub mod cues;
pub mod forms;
pub mod matcher;
pub mod normalize;
pub mod suggest;
pub mod surfaces;

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{self, Diagnostic};
use crate::model::{CaseLinks, Content, Entry, IndexKind, Located, Page};

pub use matcher::{Found, Matcher, Origin, Surface};
pub use suggest::{NearVariant, near_variants};

/// The matcher of every surface form of every entry: name, aliases,
/// adjectives, and the forms derived from them; `kinds` are the index
/// kinds the entries' `kind` numbers refer to.
pub fn matcher(entries: &[Entry], kinds: &[IndexKind]) -> Matcher {
    Matcher::from_surfaces(surfaces::surfaces(entries, kinds))
}

/// Entries by id, to resolve the references of front matter without
/// scanning the registry for each one.
pub struct Ids<'a> {
    content: &'a Content,
    by_id: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Ids<'a> {
    /// Indexes the entries of `content`.
    pub fn new(content: &'a Content) -> Ids<'a> {
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, entry) in content.entries.iter().enumerate() {
            by_id.entry(entry.id.as_str()).or_default().push(i);
        }
        Ids { content, by_id }
    }

    /// Finds an entry by `id` (unique across indexes) or `index/id`.
    pub fn resolve(&self, reference: &str) -> Result<usize, String> {
        match reference.split_once('/') {
            Some((name, id)) => match self.content.kinds.iter().position(|k| k.name == name) {
                Some(kind) => self.resolve_in(Some(kind), id),
                None => Err(format!("there is no index `{name}`")),
            },
            None => self.resolve_in(None, reference),
        }
    }

    /// Finds the entry `id` in index `kind`, or anywhere when `kind` is `None`
    /// (where it must then be unique). The error is a hint.
    pub fn resolve_in(&self, kind: Option<usize>, id: &str) -> Result<usize, String> {
        let entries = &self.content.entries;
        let in_scope = |e: &Entry| kind.is_none_or(|k| e.kind == k);
        let candidates = self.by_id.get(id).map_or(&[][..], Vec::as_slice);
        let found: Vec<usize> = candidates.iter().copied().filter(|&i| in_scope(&entries[i])).collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => {
                let ids = entries.iter().filter(|e| in_scope(e)).map(|e| e.id.as_str());
                Err(match diagnostics::nearest(id, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "entry ids are the file names in the index folders, without .md".to_string(),
                })
            }
            _ => Err(format!("`{id}` is in several indexes; write it as `index/{id}`")),
        }
    }
}

fn unknown(path: &Path, at: &Located<impl std::fmt::Display>, what: &str, hint: String) -> Diagnostic {
    Diagnostic::error(path, at.line, at.col, format!("{what} `{}` does not exist", at.value)).with_hint(hint)
}

/// The entries page `page` names in front matter and those it excludes,
/// resolved, with the problems of unknown ones.
pub fn page_references(ids: &Ids, page: &Page) -> (Vec<usize>, Vec<usize>, Vec<Diagnostic>) {
    let content = ids.content;
    let mut problems = Vec::new();
    let mut explicit = Vec::new();
    for (kind_name, named) in &page.meta.entries {
        let Some(kind) = content.kinds.iter().position(|k| &k.name == kind_name) else {
            // An index the site does not have: each of its ids is reported.
            let names: Vec<&str> = content.kinds.iter().map(|k| k.name.as_str()).collect();
            let hint = format!("indexes: {}", names.join(", "));
            let what = format!("index `{kind_name}` of entry");
            problems.extend(named.iter().map(|at| unknown(&page.file.path, at, &what, hint.clone())));
            continue;
        };
        for at in named {
            match ids.resolve_in(Some(kind), &at.value) {
                Ok(i) => explicit.push(i),
                Err(hint) => problems.push(unknown(&page.file.path, at, &format!("{kind_name} entry"), hint)),
            }
        }
    }
    let mut excluded = Vec::new();
    for at in &page.meta.exclude {
        match ids.resolve(&at.value) {
            Ok(i) => excluded.push(i),
            Err(hint) => problems.push(unknown(&page.file.path, at, "entry", hint)),
        }
    }
    (explicit, excluded, problems)
}

/// Checks the registry and resolves page references, returning the problems.
pub fn validate(content: &mut Content) -> Vec<Diagnostic> {
    let mut problems = shared_aliases(&content.entries);
    let ids = Ids::new(content);
    let countries = content.kinds.iter().position(|k| k.name == "countries");
    let actors = content.kinds.iter().position(|k| k.name == "actors");
    let cases: Vec<Option<Box<CaseLinks>>> = content
        .entries
        .iter()
        .map(|entry| case_links(&ids, entry, [countries, actors], &mut problems))
        .collect();
    let mut relations = Vec::with_capacity(content.entries.len());
    for entry in &content.entries {
        let mut find = |at: &Located<String>| {
            let found = ids.resolve_in(countries, &at.value).or_else(|_| ids.resolve(&at.value));
            found
                .map_err(|hint| problems.push(unknown(&entry.file.path, at, "entry", hint)))
                .ok()
        };
        let country = entry.meta.country.as_ref().and_then(&mut find);
        let members: Vec<usize> = entry.meta.members.iter().filter_map(&mut find).collect();
        relations.push((country, members));
    }
    let mut resolved = Vec::with_capacity(content.pages.len());
    for page in &content.pages {
        let (explicit, excluded, page_problems) = page_references(&ids, page);
        problems.extend(page_problems);
        resolved.push((explicit, excluded));
    }
    drop(ids);
    for ((entry, (country, members)), case) in content.entries.iter_mut().zip(relations).zip(cases) {
        entry.country = country;
        entry.members = members;
        entry.case = case;
    }
    for (page, (explicit, excluded)) in content.pages.iter_mut().zip(resolved) {
        page.explicit_entries = explicit;
        page.excluded_entries = excluded;
        // Resolved: the located ids are not needed any more (a large site has
        // millions of them).
        page.meta.entries = Vec::new();
        page.meta.exclude = Vec::new();
    }
    problems
}

/// The countries, actors and variables case `entry` names, resolved; the
/// unknown ones are problems. `prefer` are the countries and actors indexes,
/// where their ids are looked up first.
fn case_links(
    ids: &Ids,
    entry: &Entry,
    prefer: [Option<usize>; 2],
    problems: &mut Vec<Diagnostic>,
) -> Option<Box<CaseLinks>> {
    let case = entry.meta.case.as_ref()?;
    let path = &entry.file.path;
    let mut find = |at: &Located<String>, kind: Option<usize>, what: &str| {
        let found = ids.resolve_in(kind, &at.value).or_else(|_| ids.resolve(&at.value));
        found.map_err(|hint| problems.push(unknown(path, at, what, hint))).ok()
    };
    let countries = case
        .countries
        .iter()
        .filter_map(|c| find(c, prefer[0], "country"))
        .collect();
    let actors = case.actors.iter().filter_map(|a| find(a, prefer[1], "actor")).collect();
    let assessed = ids.content.kinds[entry.kind].assesses;
    let variables = case
        .assessments
        .iter()
        .map(|a| {
            let found = ids.resolve_in(assessed, &a.variable.value);
            found
                .map_err(|hint| problems.push(unknown(path, &a.variable, "variable", hint)))
                .ok()
        })
        .collect();
    Some(Box::new(CaseLinks {
        countries,
        actors,
        variables,
    }))
}

/// Two entries may not share an alias or a declared adjective (after
/// folding): both files are named.
fn shared_aliases(entries: &[Entry]) -> Vec<Diagnostic> {
    let mut owners: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let name = Located {
            value: entry.meta.name.clone(),
            line: 1,
            col: 1,
        };
        let declared = std::iter::once(&name)
            .chain(&entry.meta.aliases)
            .chain(&entry.meta.adjectives);
        for alias in declared {
            let folded = normalize::normalize_phrase(&alias.value);
            match owners.get(&folded) {
                Some(&first) if first != i => problems.push(
                    Diagnostic::error(&entry.file.path, alias.line, alias.col, format!(
                        "the alias \"{}\" is also an alias of {}",
                        alias.value,
                        entries[first].file.path.display()
                    ))
                    .with_hint("an alias must name one entry; remove it from one of them or add `exclude` to the pages where it misleads"),
                ),
                Some(_) => {}
                None => {
                    owners.insert(folded, i);
                }
            }
        }
    }
    problems
}
