//! Mention detection: finds the aliases of every entry in a text in one
//! pass (Aho-Corasick, leftmost-longest), on the folded text, as whole words
//! that may carry the proclitics و ف ب ك ل and the article ال.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use super::normalize::{Normalized, normalize};

/// One mention found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index of the entry in the registry.
    pub entry: usize,
    /// Byte range in the original text (proclitics excluded).
    pub range: Range<usize>,
}

/// Folded words that are common function words: an alias equal to one of
/// them after folding (the name علي and the preposition على) only matches
/// when ى/ي and ة/ه are written as in the alias.
const STRICT_WORDS: &[&str] = &[
    "علي", "الي", "حتي", "متي", "لدي", "مدي", "سوي", "اولي", "منه", "فيه", "له", "به",
];

/// Proclitic sequences allowed before a name, folded: conjunction (و ف),
/// then preposition (ب ك ل), then the article (ال; ل + ال is written لل).
fn is_proclitic(prefix: &str) -> bool {
    let rest = prefix.strip_prefix(['و', 'ف']).unwrap_or(prefix);
    if rest.is_empty() || rest == "ال" || rest == "لل" {
        return true;
    }
    let rest = rest.strip_prefix(['ب', 'ك', 'ل']).unwrap_or(rest);
    rest.is_empty() || rest == "ال"
}

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
}

/// The aliases of a registry, compiled once and shared by every page.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
}

/// Folds only what never changes a word's identity, for strict comparison.
fn light_fold(text: &str) -> String {
    normalize(&text.replace('ى', "\u{E000}").replace('ة', "\u{E001}"))
}

impl Matcher {
    /// Compiles `(entry, alias)` pairs. Aliases that fold to nothing are ignored.
    pub fn new<'a>(aliases: impl IntoIterator<Item = (usize, &'a str)>) -> Matcher {
        let mut needles = Vec::new();
        let mut patterns = Vec::new();
        for (entry, alias) in aliases {
            let folded = normalize(alias.trim());
            if folded.is_empty() {
                continue;
            }
            let strict = STRICT_WORDS
                .contains(&folded.as_str())
                .then(|| light_fold(alias.trim()));
            if let Some(bare) = folded.strip_prefix("ال").filter(|b| !b.is_empty()) {
                needles.push(format!("لل{bare}"));
                patterns.push(Pattern {
                    entry,
                    strict: strict.clone(),
                });
            }
            needles.push(folded);
            patterns.push(Pattern { entry, strict });
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Every paragraph of every article is searched: a DFA searches
            // fastest, for some memory (a few MB for a registry of a thousand names).
            .kind(Some(AhoCorasickKind::DFA))
            .build(&needles)
            .expect("aliases compile: they are plain strings");
        Matcher { automaton, patterns }
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
            let pattern = &self.patterns[m.pattern().as_usize()];
            let range = normalized.original_range(m.start(), m.end());
            if is_whole_word(folded, m.start(), m.end()) && strict_ok(pattern, &text[range.clone()]) {
                found.push(Found {
                    entry: pattern.entry,
                    range,
                });
                at = m.end();
            } else {
                at = m.start() + folded[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        found
    }
}

fn strict_ok(pattern: &Pattern, original: &str) -> bool {
    pattern
        .strict
        .as_ref()
        .is_none_or(|alias| light_fold(original) == *alias)
}

/// Whether `start..end` of the folded text is a whole word, allowing proclitics before it.
fn is_whole_word(folded: &str, start: usize, end: usize) -> bool {
    if folded[end..].chars().next().is_some_and(char::is_alphanumeric) {
        return false;
    }
    let before = &folded[..start];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(start, |(i, _)| i);
    is_proclitic(&folded[word_start..start])
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

    #[test]
    fn strict_aliases_keep_alef_maqsura_distinct() {
        let matcher = Matcher::new([(0, "علي")]);
        assert_eq!(names(&matcher, "قال علي"), [(0, "علي".into())]);
        assert!(names(&matcher, "حصل على الدعم").is_empty());
    }
}
