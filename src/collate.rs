//! Alphabetical order for index pages: an ICU4X collator for the site's
//! locale, sorting names without the Arabic article, and the letter each
//! name is grouped under.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::Locale;

use crate::entities::normalize::fold;

/// Sorts names in the order of a language.
pub struct Collation {
    collator: CollatorBorrowed<'static>,
}

impl Collation {
    /// A collator for `locale` (BCP 47, e.g. `ar`); an unknown or malformed
    /// locale falls back to the root collation order.
    pub fn new(locale: &str) -> Collation {
        let locale: Locale = locale.parse().unwrap_or(Locale::UNKNOWN);
        let collator = Collator::try_new((&locale).into(), CollatorOptions::default())
            .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()))
            .expect("the root collation is compiled in");
        Collation { collator }
    }

    /// Compares two names as an index orders them: the article ال ignored,
    /// then the full names.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator
            .compare(without_article(a), without_article(b))
            .then_with(|| self.collator.compare(a, b))
    }
}

/// `name` without a leading Arabic article ال (or a Latin "the ").
pub fn without_article(name: &str) -> &str {
    let name = name.trim();
    let rest = name
        .strip_prefix("ال")
        .or_else(|| name.strip_prefix("The ").or_else(|| name.strip_prefix("the ")));
    match rest {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => name,
    }
}

/// The letter a name is filed under: its first letter, the article ignored,
/// hamza forms of alef folded to ا, Latin upper-cased.
pub fn letter(name: &str) -> String {
    without_article(name)
        .chars()
        .find_map(|c| fold(c).filter(|f| f.is_alphanumeric()))
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "#".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_names_sort_by_arabic_alphabet_ignoring_the_article() {
        let collation = Collation::new("ar");
        let mut names = vec![
            "روسيا",
            "الصين",
            "أرمينيا",
            "بيلاروسيا",
            "كازاخستان",
            "جورجيا",
            "الولايات المتحدة",
        ];
        names.sort_by(|a, b| collation.compare(a, b));
        assert_eq!(
            names,
            [
                "أرمينيا",
                "بيلاروسيا",
                "جورجيا",
                "روسيا",
                "الصين",
                "كازاخستان",
                "الولايات المتحدة"
            ]
        );
    }

    #[test]
    fn letters_ignore_article_and_hamza() {
        assert_eq!(letter("الصين"), "ص");
        assert_eq!(letter("أرمينيا"), "ا");
        assert_eq!(letter("إيمي ماكينون"), "ا");
        assert_eq!(letter("csto"), "C");
        assert_eq!(letter("ال"), "ا");
    }
}
