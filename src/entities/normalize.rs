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

/// A folded copy of a text that can map its offsets back to the original.
///
/// Folding keeps the length of every character it keeps (each replacement
/// has the byte length of what it replaces), so a folded offset differs from
/// the original one only by the bytes dropped before it. Those are recorded
/// where they happen, which for most texts is nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// `(folded offset, bytes dropped so far)` after each run of dropped
    /// characters, in order. Offsets are u32: texts are paragraphs.
    drops: Vec<(u32, u32)>,
}

impl Normalized {
    /// Folds `original`, remembering where characters were dropped.
    pub fn new(original: &str) -> Self {
        let offset = |at: usize| u32::try_from(at).expect("a text shorter than 4 GiB");
        let mut text = String::with_capacity(original.len());
        let mut drops: Vec<(u32, u32)> = Vec::new();
        let mut dropped = 0;
        for c in original.chars() {
            match fold(c) {
                Some(folded) => {
                    debug_assert_eq!(folded.len_utf8(), c.len_utf8(), "folding keeps lengths");
                    text.push(folded);
                }
                None => {
                    dropped += offset(c.len_utf8());
                    let at = offset(text.len());
                    match drops.last_mut() {
                        Some(last) if last.0 == at => last.1 = dropped,
                        _ => drops.push((at, dropped)),
                    }
                }
            }
        }
        Normalized { text, drops }
    }

    /// The original offset of folded offset `at`: where the character there
    /// starts, after any characters dropped just before it.
    fn origin(&self, at: usize) -> usize {
        let runs = self.drops.partition_point(|&(folded, _)| folded as usize <= at);
        at + runs.checked_sub(1).map_or(0, |last| self.drops[last].1 as usize)
    }

    /// The original byte range of the folded range `start..end`; it ends
    /// where the next kept character starts, so the diacritics of the last
    /// letter are included.
    pub fn original_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.origin(start)..self.origin(end)
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

    /// The map of every folded byte to its original offset, built the
    /// plain way: the reference for [`Normalized::original_range`].
    fn dense_origin(original: &str) -> Vec<usize> {
        let mut origin = Vec::new();
        for (at, c) in original.char_indices() {
            if let Some(folded) = fold(c) {
                origin.extend(std::iter::repeat_n(at, folded.len_utf8()));
            }
        }
        origin.push(original.len());
        origin
    }

    #[test]
    fn folded_offsets_map_back_as_a_byte_by_byte_map_does() {
        // Kept, replaced (one and two bytes), dropped (two and three bytes)
        // and four-byte characters, in every order up to length 5.
        let alphabet = ['ب', 'أ', 'ة', 'A', 'x', '\u{064E}', 'ـ', '\u{200F}', '€', '😀'];
        let mut strings = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..5 {
            level = level
                .iter()
                .flat_map(|s| alphabet.iter().map(move |&c| format!("{s}{c}")))
                .collect();
            strings.extend(level.iter().cloned());
        }
        for original in &strings {
            let normalized = Normalized::new(original);
            assert_eq!(normalized.text, normalize(original));
            let origin = dense_origin(original);
            let boundaries = (0..=normalized.text.len()).filter(|&i| normalized.text.is_char_boundary(i));
            for start in boundaries.clone() {
                for end in boundaries.clone().filter(|&end| end >= start) {
                    assert_eq!(
                        normalized.original_range(start, end),
                        origin[start]..origin[end],
                        "{original:?} {start}..{end}"
                    );
                }
            }
        }
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
