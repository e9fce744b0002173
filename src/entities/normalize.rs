//! Arabic normalisation for matching (mentions and search): a folded copy
//! of the text with a map back to the original, which is kept for display.

use crate::slug::{TATWEEL, is_arabic_diacritic};

/// How one character is folded: `None` drops it.
///
/// Diacritics, tatweel, zero-width and bidi controls are dropped; hamza
/// carriers on alef (أ إ آ ٱ) become ا; ى becomes ي; ة becomes ه; the Persian
/// forms ی and ک become ي and ك; Latin letters are lower-cased.
pub fn fold(c: char) -> Option<char> {
    if is_arabic_diacritic(c) || c == TATWEEL || is_invisible(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
        c => c,
    })
}

/// Zero-width characters and bidi controls, invisible in reading.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The folded form of `text`.
pub fn normalize(text: &str) -> String {
    text.chars().filter_map(fold).collect()
}

/// A folded copy of a text with, for each byte of the copy, the byte of the
/// original it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// `origin[i]` is the original offset of folded byte `i`; one extra entry
    /// maps the end of the folded text to the end of the original.
    origin: Vec<u32>,
}

impl Normalized {
    /// Folds `original`, remembering where each folded character came from.
    pub fn new(original: &str) -> Self {
        // Offsets are kept as u32 (texts are paragraphs): half the memory to
        // fill and read for every paragraph searched.
        let offset = |at: usize| u32::try_from(at).expect("a text shorter than 4 GiB");
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (at, c) in original.char_indices() {
            if let Some(folded) = fold(c) {
                text.push(folded);
                origin.extend(std::iter::repeat_n(offset(at), folded.len_utf8()));
            }
        }
        origin.push(offset(original.len()));
        Normalized { text, origin }
    }

    /// The original byte range of the folded range `start..end`; it ends
    /// where the next kept character starts, so the diacritics of the last
    /// letter are included.
    pub fn original_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.origin[start] as usize..self.origin[end] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_hamza_taa_marbuta_alef_maqsura_harakat_and_tatweel() {
        assert_eq!(normalize("أَمْرِيكَا"), "امريكا");
        assert_eq!(normalize("إيمي"), "ايمي");
        assert_eq!(normalize("الجدوى الفنيّة"), "الجدوي الفنيه");
        assert_eq!(normalize("كـــازاخستان"), "كازاخستان");
        assert_eq!(normalize("CSTO"), "csto");
    }

    #[test]
    fn maps_folded_ranges_back_to_the_original() {
        let original = "قالَ توكاييفُ إن";
        let normalized = Normalized::new(original);
        let start = normalized.text.find("توكاييف").unwrap();
        let range = normalized.original_range(start, start + "توكاييف".len());
        assert_eq!(&original[range], "توكاييفُ");
    }
}
