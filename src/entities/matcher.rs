//! Mention detection: finds the surface forms of every entry in a text in
//! one pass (Aho-Corasick, leftmost-longest), on the folded text, as whole
//! words that may carry the proclitics و ف ب ك ل and the article ال. A
//! match that is refused (inside a longer word, an ambiguous alias without
//! a cue, a place name with a qualifier after it) gives way to the longest
//! shorter form starting at the same place.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use super::cues::{self, is_proclitic};
use super::normalize::{Normalized, normalize, normalize_phrase};

/// One mention found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index of the entry in the registry.
    pub entry: usize,
    /// Byte range in the original text (proclitics excluded).
    pub range: Range<usize>,
}

/// Where a surface form comes from; on a tie between two entries the
/// first kind wins, and two generated forms of different entries cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Written in front matter: the name, an alias, an adjective as written.
    Declared,
    /// A nisba derived from the name or inflected from a declared adjective.
    Nisba,
    /// A transliteration variant of another form.
    Variant,
}

/// A form to find in texts and the entry it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surface {
    /// Index of the entry in the registry.
    pub entry: usize,
    /// The form, as written (declared) or folded (generated).
    pub text: String,
    /// Where it comes from.
    pub origin: Origin,
    /// A mention only next to a cue ([`cues::has_cue`]).
    pub ambiguous: bool,
}

impl Surface {
    /// A declared form of `entry`, not ambiguous.
    pub fn declared(entry: usize, text: &str) -> Surface {
        Surface {
            entry,
            text: text.to_string(),
            origin: Origin::Declared,
            ambiguous: false,
        }
    }
}

/// Folded words that are common function words: an alias equal to one of
/// them after folding (the name علي and the preposition على) only matches
/// when ى/ي and ة/ه are written as in the alias.
const STRICT_WORDS: &[&str] = &[
    "علي", "الي", "حتي", "متي", "لدي", "مدي", "سوي", "اولي", "منه", "فيه", "له", "به",
];

/// Whole words (folded, with their proclitics) that read as a proclitic
/// and a form but are other words: فروسية (horsemanship) is not ف + روسية.
const NOT_MENTIONS: &[&str] = &["فروسيه", "وفروسيه", "بالفروسيه"];

/// Every proclitic sequence [`is_proclitic`] accepts (folded), longest
/// first, for the search page, which strips them the same way.
pub fn proclitics() -> Vec<String> {
    let mut all = Vec::new();
    for conjunction in ["", "و", "ف"] {
        for preposition in ["", "ب", "ك", "ل"] {
            for article in ["", "ال"] {
                let prefix = if preposition == "ل" && article == "ال" {
                    format!("{conjunction}لل")
                } else {
                    format!("{conjunction}{preposition}{article}")
                };
                if !prefix.is_empty() && is_proclitic(&prefix) && !all.contains(&prefix) {
                    all.push(prefix);
                }
            }
        }
    }
    all.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    all
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: usize,
    /// For strict aliases: the alias with only diacritics, tatweel and alef folded.
    strict: Option<String>,
    /// Found only next to a cue.
    ambiguous: bool,
}

/// The surface forms of a registry, compiled once and shared by every page.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Declared forms of one word, folded without the article, with the
    /// entry and the form as written: what [`super::suggest`] compares to.
    pub(crate) words: Vec<(usize, String, String)>,
}

/// Folds only what never changes a word's identity, for strict comparison.
fn light_fold(text: &str) -> String {
    normalize(&text.replace('ى', "\u{E000}").replace('ة', "\u{E001}"))
}

/// The form kept for each folded text: the first of the best origin, or
/// none when two generated forms of different entries tie at the best.
fn choose(surfaces: impl IntoIterator<Item = Surface>) -> Vec<(String, Surface)> {
    // Per folded text: the best origin seen, and the form kept for it.
    let mut chosen: Vec<(String, Origin, Option<Surface>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for surface in surfaces {
        let folded = normalize_phrase(&surface.text);
        if folded.is_empty() {
            continue;
        }
        let Some(&slot) = at.get(&folded) else {
            at.insert(folded.clone(), chosen.len());
            chosen.push((folded, surface.origin, Some(surface)));
            continue;
        };
        let (_, best, kept) = &mut chosen[slot];
        if surface.origin < *best {
            (*best, *kept) = (surface.origin, Some(surface));
        } else if surface.origin == *best {
            match kept {
                Some(kept) if kept.entry == surface.entry => kept.ambiguous &= surface.ambiguous,
                // Two declared: the shared alias is reported; the first stays.
                Some(_) if surface.origin == Origin::Declared => {}
                _ => *kept = None,
            }
        }
    }
    chosen
        .into_iter()
        .filter_map(|(folded, _, kept)| kept.map(|kept| (folded, kept)))
        .collect()
}

impl Matcher {
    /// Compiles `(entry, alias)` pairs, all declared and none ambiguous.
    /// Aliases that fold to nothing are ignored.
    pub fn new<'a>(aliases: impl IntoIterator<Item = (usize, &'a str)>) -> Matcher {
        Matcher::from_surfaces(
            aliases
                .into_iter()
                .map(|(entry, alias)| Surface::declared(entry, alias)),
        )
    }

    /// Compiles surface forms. Of forms that fold alike, a declared one
    /// wins over a generated one; two generated forms of different entries
    /// are both dropped, and so is a generated one that folds to a function word.
    pub fn from_surfaces(surfaces: impl IntoIterator<Item = Surface>) -> Matcher {
        let mut needles = Vec::new();
        let mut patterns = Vec::new();
        let mut words = Vec::new();
        for (folded, surface) in choose(surfaces) {
            let strict = STRICT_WORDS.contains(&folded.as_str());
            if strict && surface.origin != Origin::Declared {
                continue;
            }
            let pattern = Pattern {
                entry: surface.entry,
                strict: strict.then(|| light_fold(surface.text.trim())),
                ambiguous: surface.ambiguous,
            };
            let bare = folded.strip_prefix("ال").filter(|b| !b.is_empty());
            if surface.origin == Origin::Declared && !folded.contains(' ') {
                words.push((surface.entry, bare.unwrap_or(&folded).to_string(), surface.text.clone()));
            }
            if let Some(bare) = bare {
                needles.push(format!("لل{bare}"));
                patterns.push(pattern.clone());
            }
            needles.push(folded);
            patterns.push(pattern);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Every paragraph of every article is searched: a DFA searches
            // fastest, for some memory (a few MB for a registry of a thousand names).
            .kind(Some(AhoCorasickKind::DFA))
            .build(&needles)
            .expect("aliases compile: they are plain strings");
        Matcher {
            automaton,
            patterns,
            words,
        }
    }

    /// The number of folded forms searched for (with the لل forms).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Every mention in `text`, left to right, not overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        let normalized = Normalized::new(text);
        let folded = normalized.text.as_str();
        let mut found = Vec::new();
        let mut at = 0;
        while at < folded.len() {
            let Some(m) = self.automaton.find(Input::new(folded).range(at..)) else {
                break;
            };
            match self.accepted(text, &normalized, m) {
                Some((entry, end, range)) => {
                    found.push(Found { entry, range });
                    at = end;
                }
                None => at = m.start() + folded[m.start()..].chars().next().map_or(1, char::len_utf8),
            }
        }
        found
    }

    /// The entry, folded end and original range of the longest form that
    /// starts where `m` does and is a mention, if one is.
    fn accepted(
        &self,
        text: &str,
        normalized: &Normalized,
        m: aho_corasick::Match,
    ) -> Option<(usize, usize, Range<usize>)> {
        let folded = normalized.text.as_str();
        let mut m = m;
        loop {
            let pattern = &self.patterns[m.pattern().as_usize()];
            if let Some(range) = accepts(pattern, text, normalized, m.range()) {
                return Some((pattern.entry, m.end(), cues::with_closing_mark(text, range)));
            }
            // A shorter form starting at the same place, if one matches.
            let shorter = self.automaton.find(Input::new(folded).range(m.start()..m.end() - 1))?;
            if shorter.start() != m.start() {
                return None;
            }
            m = shorter;
        }
    }
}

/// The original range of the match `at` of `pattern` if it is a mention:
/// a whole word (proclitics allowed), written as a strict alias is, not a
/// word of [`NOT_MENTIONS`], not followed by a qualifier, and with a cue
/// if the pattern is ambiguous.
fn accepts(pattern: &Pattern, text: &str, normalized: &Normalized, at: Range<usize>) -> Option<Range<usize>> {
    let folded = normalized.text.as_str();
    let word_start = word_start(folded, at.start, at.end)?;
    let range = normalized.original_range(at.start, at.end);
    if !strict_ok(pattern, &text[range.clone()])
        || NOT_MENTIONS.contains(&&folded[word_start..at.end])
        || cues::is_qualified(folded, at.end)
    {
        return None;
    }
    if pattern.ambiguous {
        let quoted = normalized.original_range(word_start, at.end);
        if !cues::has_cue(folded, word_start..at.end, at.start, text, quoted) {
            return None;
        }
    }
    Some(range)
}

fn strict_ok(pattern: &Pattern, original: &str) -> bool {
    pattern
        .strict
        .as_ref()
        .is_none_or(|alias| light_fold(original) == *alias)
}

/// Where the word holding `start..end` of the folded text starts, if that
/// range is a whole word but for proclitics before it.
fn word_start(folded: &str, start: usize, end: usize) -> Option<usize> {
    if folded[end..].chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let before = &folded[..start];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(start, |(i, _)| i);
    is_proclitic(&folded[word_start..start]).then_some(word_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(matcher: &Matcher, text: &str) -> Vec<(usize, String)> {
        matcher
            .find_all(text)
            .into_iter()
            .map(|f| (f.entry, text[f.range].to_string()))
            .collect()
    }

    #[test]
    fn proclitics_and_article_are_allowed() {
        let matcher = Matcher::new([(0, "الكرملين"), (1, "روسيا")]);
        assert_eq!(names(&matcher, "وبالكرملين"), [(0, "الكرملين".into())]);
        assert_eq!(names(&matcher, "للكرملين"), [(0, "للكرملين".into())]);
        assert_eq!(
            names(&matcher, "ولروسيا فبروسيا"),
            [(1, "روسيا".into()), (1, "روسيا".into())]
        );
    }

    #[test]
    fn proclitic_list_is_longest_first_and_complete() {
        let all = proclitics();
        assert_eq!(all.first().map(|p| p.chars().count()), Some(4));
        for expected in ["وبال", "لل", "فال", "ك", "ولل"] {
            assert!(all.contains(&expected.to_string()), "{expected}");
        }
        assert!(all.iter().all(|p| is_proclitic(p)));
    }

    #[test]
    fn no_match_inside_a_longer_word() {
        let matcher = Matcher::new([(0, "روسيا")]);
        assert!(names(&matcher, "بيلاروسيا").is_empty());
        assert!(names(&matcher, "روسيات").is_empty());
    }

    #[test]
    fn leftmost_longest_wins() {
        let matcher = Matcher::new([(0, "منظمة معاهدة الأمن الجماعي"), (1, "الأمن"), (2, "منظمة")]);
        assert_eq!(
            names(&matcher, "قوات منظمة معاهدة الأمن الجماعي"),
            [(0, "منظمة معاهدة الأمن الجماعي".into())]
        );
    }

    #[test]
    fn hamza_harakat_and_taa_marbuta_do_not_matter() {
        let matcher = Matcher::new([(0, "أرمينيا"), (1, "الجدوى الفنية")]);
        assert_eq!(names(&matcher, "ارمينيا"), [(0, "ارمينيا".into())]);
        assert_eq!(names(&matcher, "الجدوي الفنيه"), [(1, "الجدوي الفنيه".into())]);
        assert_eq!(names(&matcher, "أَرْمِينِيَا"), [(0, "أَرْمِينِيَا".into())]);
    }

    fn surface(entry: usize, text: &str, origin: Origin, ambiguous: bool) -> Surface {
        Surface {
            entry,
            text: text.to_string(),
            origin,
            ambiguous,
        }
    }

    #[test]
    fn names_match_across_quotation_marks_brackets_and_line_breaks() {
        let matcher = Matcher::new([(0, "منظمة معاهدة الأمن الجماعي"), (1, "روسيا البيضاء")]);
        assert_eq!(
            names(&matcher, "قوات منظمة \"معاهدة الأمن الجماعي\" وصلت"),
            [(0, "منظمة \"معاهدة الأمن الجماعي\"".into())]
        );
        assert_eq!(
            names(&matcher, "منظمة «معاهدة  الأمن\nالجماعي»"),
            [(0, "منظمة «معاهدة  الأمن\nالجماعي»".into())]
        );
        assert_eq!(names(&matcher, "(روسيا) البيضاء"), [(1, "روسيا) البيضاء".into())]);
    }

    #[test]
    fn a_longer_alias_of_another_entry_wins_and_a_qualifier_refuses() {
        let matcher = Matcher::new([(0, "روسيا"), (1, "روسيا البيضاء"), (2, "أمريكا")]);
        assert_eq!(
            names(&matcher, "زار روسيا البيضاء ثم روسيا"),
            [(1, "روسيا البيضاء".into()), (0, "روسيا".into())]
        );
        assert!(names(&matcher, "دول أمريكا اللاتينية").is_empty());
        assert_eq!(names(&matcher, "أمريكا الجديدة"), [(2, "أمريكا".into())]);
    }

    #[test]
    fn a_refused_match_gives_way_to_a_shorter_form_at_the_same_place() {
        let matcher = Matcher::from_surfaces([
            surface(0, "الجزيرة نت", Origin::Declared, false),
            surface(1, "الجزيرة", Origin::Declared, false),
        ]);
        assert_eq!(names(&matcher, "في الجزيرة نتائج"), [(1, "الجزيرة".into())]);
    }

    #[test]
    fn ambiguous_forms_need_a_cue() {
        let matcher = Matcher::from_surfaces([surface(0, "الجزيرة", Origin::Declared, true)]);
        assert!(names(&matcher, "وصل القارب إلى الجزيرة").is_empty());
        assert_eq!(names(&matcher, "وقالت قناة الجزيرة"), [(0, "الجزيرة".into())]);
        assert_eq!(names(&matcher, "وذكرت «الجزيرة»"), [(0, "الجزيرة".into())]);
    }

    #[test]
    fn declared_forms_win_and_generated_ties_cancel() {
        let matcher = Matcher::from_surfaces([
            surface(0, "روسي", Origin::Nisba, false),
            surface(1, "روسي", Origin::Declared, false),
            surface(2, "كرمل", Origin::Variant, false),
            surface(3, "كرمل", Origin::Variant, false),
            surface(4, "علي", Origin::Variant, false),
        ]);
        assert_eq!(names(&matcher, "مسؤول روسي"), [(1, "روسي".into())]);
        assert!(names(&matcher, "جبل كرمل").is_empty());
        assert!(names(&matcher, "قال علي").is_empty());
        assert_eq!(matcher.pattern_count(), 1);
    }

    #[test]
    fn horsemanship_is_not_russian() {
        let matcher = Matcher::new([(0, "روسية")]);
        assert!(names(&matcher, "رياضة فروسية").is_empty());
        assert_eq!(names(&matcher, "وفرقة روسية"), [(0, "روسية".into())]);
    }

    #[test]
    fn strict_aliases_keep_alef_maqsura_distinct() {
        let matcher = Matcher::new([(0, "علي")]);
        assert_eq!(names(&matcher, "قال علي"), [(0, "علي".into())]);
        assert!(names(&matcher, "حصل على الدعم").is_empty());
    }
}
