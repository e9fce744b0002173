//! The surface forms of the registry's entries: those declared in front
//! matter (name, aliases, adjectives) and those derived from them by the
//! rules of [`super::forms`] (nisba adjectives, transliteration variants).

use std::collections::HashSet;

use super::forms::{adjective_stem, inflect, nisba_stem, variants};
use super::matcher::{Origin, Surface};
use super::normalize::normalize_phrase;
use crate::model::{Entry, IndexKind};

/// The name of the index whose entries get derived nisba adjectives unless
/// they say `nisba = false`.
pub const COUNTRIES: &str = "countries";

/// Every surface form of every entry of `entries`, whose index kinds are `kinds`.
pub fn surfaces(entries: &[Entry], kinds: &[IndexKind]) -> Vec<Surface> {
    let countries = kinds.iter().position(|k| k.name == COUNTRIES);
    entries
        .iter()
        .enumerate()
        .flat_map(|(i, entry)| entry_surfaces(i, entry, Some(entry.kind) == countries))
        .collect()
}

/// The forms of entry number `i`; `country` when it is in the countries index.
fn entry_surfaces(i: usize, entry: &Entry, country: bool) -> Vec<Surface> {
    let meta = &entry.meta;
    let ambiguous: HashSet<String> = meta.ambiguous.iter().map(|a| normalize_phrase(a)).collect();
    let is_ambiguous = |form: &str| ambiguous.contains(&normalize_phrase(form));
    let surface = |text: String, origin, ambiguous| Surface {
        entry: i,
        text,
        origin,
        ambiguous,
    };
    let mut out = Vec::new();
    // Declared: the name, the aliases, the adjectives as written. A case's
    // name ("كازاخستان 2022") is a title, not a form articles write: only
    // its aliases are detected.
    let name = meta.case.is_none().then_some(meta.name.as_str());
    let declared = name
        .into_iter()
        .chain(meta.aliases.iter().map(|a| a.value.as_str()))
        .chain(meta.adjectives.iter().map(|a| a.value.as_str()));
    for text in declared {
        out.push(surface(text.to_string(), Origin::Declared, is_ambiguous(text)));
    }
    // Nisba stems: derived from the name, and the declared adjectives in ي.
    let derived = meta.nisba.unwrap_or(country).then(|| nisba_stem(&meta.name)).flatten();
    let mut stems: Vec<(String, bool)> = derived.map(|s| (s, is_ambiguous(&meta.name))).into_iter().collect();
    stems.extend(
        meta.adjectives
            .iter()
            .filter_map(|a| adjective_stem(&a.value).map(|s| (s, is_ambiguous(&a.value)))),
    );
    for (stem, ambiguous) in &stems {
        out.extend(inflect(stem).map(|form| surface(form, Origin::Nisba, *ambiguous)));
    }
    if meta.transliterated {
        // The name, the aliases, and the adjectives matched as written (الأمريكان).
        let as_written = meta.adjectives.iter().filter(|a| adjective_stem(&a.value).is_none());
        let names = std::iter::once(&meta.name)
            .chain(meta.aliases.iter().map(|a| &a.value))
            .chain(as_written.map(|a| &a.value));
        for name in names {
            let ambiguous = is_ambiguous(name);
            let forms = variants(&normalize_phrase(name));
            out.extend(forms.into_iter().map(|v| surface(v, Origin::Variant, ambiguous)));
        }
        for (stem, ambiguous) in &stems {
            for variant in variants(stem).into_iter().filter(|v| v.ends_with('ي')) {
                out.extend(inflect(&variant).map(|form| surface(form, Origin::Variant, *ambiguous)));
            }
        }
    }
    out
}
