//! Alias suggestions for the import stage: a word of an article that is one
//! or two letters away from a declared one-word form of an entry (بيلاروس
//! beside بيلاروسيا, تاجيكستان beside طاجيكستان) and is not a mention
//! already, so that a person can add it to the entry's aliases.

use super::cues::is_proclitic;
use super::matcher::Matcher;
use super::normalize::normalize;

/// A declared form that a word of an article is close to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearVariant<'m> {
    /// Index of the entry in the registry.
    pub entry: usize,
    /// The entry's form, as written in its front matter.
    pub alias: &'m str,
    /// Letters inserted, dropped or replaced between the two (1 or 2).
    pub distance: usize,
}

/// The fewest letters a word and a form must have to be compared: shorter
/// words are one letter away from too many others.
const MIN_LETTERS: usize = 4;

/// The most letters a word may differ from a form of `letters` letters:
/// none under 5, one for 5, two from 6 on.
fn tolerance(letters: usize) -> usize {
    match letters {
        0..5 => 0,
        5 => 1,
        _ => 2,
    }
}

/// The declared one-word form of an entry of `matcher` that `folded_word`
/// (one word of an article, folded as [`super::normalize::normalize`]
/// does or not yet, proclitics and article allowed) is nearest to, one or two letters
/// away as [`tolerance`] allows, when the word is no mention as it stands.
/// `None` when no form is near enough, when the word is a form already
/// (an ambiguous alias without its cue), or when two entries are equally near.
pub fn near_variants<'m>(matcher: &'m Matcher, folded_word: &str) -> Option<NearVariant<'m>> {
    // Folding is idempotent: a word not yet folded is folded here.
    let folded = normalize(folded_word.trim());
    let word = folded.as_str();
    if word.is_empty() || word.contains(char::is_whitespace) || !matcher.find_all(word).is_empty() {
        return None;
    }
    // The word, and the word without each proclitic sequence it may start with.
    let bares: Vec<&str> = std::iter::once(word)
        .chain(
            word.char_indices()
                .skip(1)
                .take(4)
                .filter(|&(i, _)| is_proclitic(&word[..i]))
                .map(|(i, _)| &word[i..]),
        )
        .filter(|bare| bare.chars().count() >= MIN_LETTERS)
        .collect();
    let mut best: Option<NearVariant> = None;
    let mut tied = false;
    for (entry, form, written) in &matcher.words {
        let allowed = tolerance(form.chars().count());
        for bare in &bares {
            let distance = strsim::levenshtein(bare, form);
            if distance == 0 {
                return None;
            }
            if distance > allowed || best.as_ref().is_some_and(|b| b.distance < distance) {
                continue;
            }
            match &best {
                Some(b) if b.distance == distance && b.entry != *entry => tied = true,
                Some(b) if b.distance == distance => {}
                _ => {
                    tied = false;
                    best = Some(NearVariant {
                        entry: *entry,
                        alias: written,
                        distance,
                    });
                }
            }
        }
    }
    best.filter(|_| !tied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        Matcher::new([(0, "بيلاروسيا"), (1, "طاجيكستان"), (2, "روسيا"), (3, "الكرملين")])
    }

    #[test]
    fn a_word_near_a_form_is_suggested() {
        let matcher = matcher();
        let near = near_variants(&matcher, "بيلاروس").unwrap();
        assert_eq!((near.entry, near.alias, near.distance), (0, "بيلاروسيا", 2));
        let near = near_variants(&matcher, "وتاجيكستان").unwrap();
        assert_eq!((near.entry, near.alias, near.distance), (1, "طاجيكستان", 1));
        let near = near_variants(&matcher, "لِلكريمْلين").unwrap();
        assert_eq!((near.entry, near.alias), (3, "الكرملين"));
    }

    #[test]
    fn mentions_short_words_and_far_words_are_not() {
        let matcher = matcher();
        // Already a mention.
        assert_eq!(near_variants(&matcher, "وبيلاروسيا"), None);
        // روسيا has five letters: one letter only, and روس is too short.
        assert_eq!(near_variants(&matcher, "روس"), None);
        assert_eq!(near_variants(&matcher, "روسا").map(|n| n.entry), Some(2));
        assert_eq!(near_variants(&matcher, "رسا"), None);
        assert_eq!(near_variants(&matcher, "الحكومة"), None);
        assert_eq!(near_variants(&matcher, "two words"), None);
    }

    #[test]
    fn a_tie_between_two_entries_is_no_suggestion() {
        let matcher = Matcher::new([(0, "كامبيرا"), (1, "كامبيلا")]);
        assert_eq!(near_variants(&matcher, "كامبيما"), None);
    }
}
