//! Arabic normalisation for matching (mentions and search): a folded copy
//! of the text with a map back to the original, which is kept for display.
//!
//! [`fold`] works a character at a time (search uses it so). The folded copy
//! that mentions are found in, [`Normalized`], also folds the gaps between
//! words: a run of white space (new lines included), quotation marks and
//! brackets becomes one space, so that `منظمة "معاهدة الأمن الجماعي"` and
//! a name broken over two lines read as the alias does.

use crate::slug::{TATWEEL, is_arabic_diacritic};

/// How one character is folded: `None` drops it.
///
/// Diacritics, tatweel, zero-width and bidi controls are dropped; hamza
/// carriers on alef (أ إ آ ٱ) become ا; ى becomes ي; ة becomes ه; the Persian
/// forms ی and ک become ي and ك; Arabic-Indic (٠–٩) and Persian (۰–۹) digits
/// become ASCII digits; Latin letters are lower-cased.
pub fn fold(c: char) -> Option<char> {
    if is_arabic_diacritic(c) || c == TATWEEL || is_invisible(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        '\u{0660}'..='\u{0669}' => ascii_digit(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => ascii_digit(c as u32 - 0x06F0),
        c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
        c => c,
    })
}

/// The ASCII digit of value `n` (0 to 9).
fn ascii_digit(n: u32) -> char {
    char::from_digit(n, 10).expect("a digit's value is below ten")
}

/// Zero-width characters and bidi controls, invisible in reading.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The folded form of `text`.
pub fn normalize(text: &str) -> String {
    text.chars().filter_map(fold).collect()
}

/// Whether `c` separates words without being punctuation of its own: white
/// space, quotation marks (`" ' “ ” „ « » ‘ ’ ‹ ›`) and brackets. A run of
/// them folds to one space in [`Normalized`].
pub fn is_gap(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '«'
                | '»'
                | '“'
                | '”'
                | '„'
                | '‘'
                | '’'
                | '‹'
                | '›'
                | '﴾'
                | '﴿'
        )
}

/// The folded form of a phrase (an alias): characters folded as [`fold`]
/// does, every run of gaps ([`is_gap`]) one space, none at either end.
pub fn normalize_phrase(text: &str) -> String {
    Normalized::new(text).text.trim_matches(' ').to_string()
}

/// U+0600 to U+067F, the two-byte characters with first byte D8 or D9 (the
/// Arabic letters and most marks): bit `i` is set if U+0600 + `i` folds to
/// itself. Derived from [`fold`], so the fast path cannot disagree with it.
static ARABIC_KEPT: std::sync::LazyLock<u128> = std::sync::LazyLock::new(|| {
    (0..128u32)
        .filter(|&i| char::from_u32(0x600 + i).is_some_and(|c| fold(c) == Some(c)))
        .fold(0, |mask, i| mask | 1 << i)
});

/// Whether the ASCII `byte` is a gap ([`is_gap`]), which the fast path of
/// [`Normalized::new`] leaves to the slow one.
fn is_ascii_gap(byte: u8) -> bool {
    matches!(
        byte,
        b'\t'..=b'\r' | b' ' | b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}'
    )
}

/// The bit of [`ARABIC_KEPT`] for the character encoded as `lead` (D8 or D9)
/// and `second`: the low bit of `lead` and the six low bits of `second`.
fn arabic_bit(lead: u8, second: u8) -> u32 {
    (u32::from(lead & 1) << 6) | u32::from(second & 0x3F)
}

/// A folded copy of a text that can map its offsets back to the original.
///
/// Characters fold as [`fold`] says, and every run of gaps ([`is_gap`]),
/// with the characters dropped inside it, becomes one space.
///
/// Folding keeps the length of most characters it keeps; it drops some and
/// shortens others (an Arabic-Indic digit, two bytes, becomes an ASCII
/// digit, one; a second space is dropped), so a folded offset differs from
/// the original one by the bytes dropped or saved before it. Those are
/// recorded where they happen, which for most texts is nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// `(folded offset, bytes dropped or saved so far)` after each run of
    /// dropped or shortened characters, in order. Offsets are u32: texts are
    /// paragraphs.
    drops: Vec<(u32, u32)>,
}

impl Normalized {
    /// Folds `original`, remembering where characters were dropped.
    pub fn new(original: &str) -> Self {
        let offset = |at: usize| u32::try_from(at).expect("a text shorter than 4 GiB");
        let kept = *ARABIC_KEPT;
        let bytes = original.as_bytes();
        let mut text = String::with_capacity(original.len());
        let mut drops: Vec<(u32, u32)> = Vec::new();
        let mut dropped = 0;
        // Characters that fold to themselves are copied a run at a time;
        // `run` is where the current run starts.
        let (mut at, mut run) = (0, 0);
        while at < bytes.len() {
            // The length of a character here that folds to itself, if one does.
            let unchanged = match bytes[at] {
                // A space folds to itself unless the text so far ends with one.
                b' ' if at > run && bytes[at - 1] != b' ' || at == run && !text.ends_with(' ') => 1,
                byte @ 0..0x80 if !byte.is_ascii_uppercase() && !is_ascii_gap(byte) => 1,
                lead @ (0xD8 | 0xD9) if kept & 1 << arabic_bit(lead, bytes[at + 1]) != 0 => 2,
                _ => 0,
            };
            if unchanged > 0 {
                at += unchanged;
                continue;
            }
            let c = original[at..].chars().next().expect("`at` is on a character boundary");
            text.push_str(&original[run..at]);
            at += c.len_utf8();
            run = at;
            let folded = if is_gap(c) {
                (!text.ends_with(' ')).then_some(' ')
            } else {
                fold(c)
            };
            if let Some(folded) = folded {
                text.push(folded);
            }
            let saved = c.len_utf8() - folded.map_or(0, char::len_utf8);
            if saved > 0 {
                dropped += offset(saved);
                let at = offset(text.len());
                match drops.last_mut() {
                    Some(last) if last.0 == at => last.1 = dropped,
                    _ => drops.push((at, dropped)),
                }
            }
        }
        text.push_str(&original[run..]);
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

    #[test]
    fn folds_arabic_indic_and_persian_digits_to_ascii() {
        assert_eq!(normalize("عام ٢٠٢٢ و۱۴۰۰ و2020"), "عام 2022 و1400 و2020");
        // A folded digit is one byte shorter: offsets after it still map back.
        let original = "في ٢٠٢٢ قالَ";
        let normalized = Normalized::new(original);
        let year = normalized.text.find("2022").unwrap();
        assert_eq!(&original[normalized.original_range(year, year + 4)], "٢٠٢٢");
        let said = normalized.text.find("قال").unwrap();
        assert_eq!(&original[normalized.original_range(said, said + "قال".len())], "قالَ");
    }

    /// The folded text and the map of every folded byte to its original
    /// offset, built the plain way: the reference for [`Normalized`].
    fn dense_origin(original: &str) -> (String, Vec<usize>) {
        let (mut text, mut origin) = (String::new(), Vec::new());
        for (at, c) in original.char_indices() {
            let folded = if is_gap(c) {
                (!text.ends_with(' ')).then_some(' ')
            } else {
                fold(c)
            };
            if let Some(folded) = folded {
                text.push(folded);
                origin.extend(std::iter::repeat_n(at, folded.len_utf8()));
            }
        }
        origin.push(original.len());
        (text, origin)
    }

    #[test]
    fn folded_offsets_map_back_as_a_byte_by_byte_map_does() {
        // Kept, replaced (one and two bytes), shortened (a two-byte digit),
        // dropped (two and three bytes) and four-byte characters, in every
        // order up to length 5,
        // and gaps (one byte, one folded to a shorter space).
        let alphabet = [
            'ب', 'أ', 'ة', 'A', 'x', '٣', '\u{064E}', 'ـ', '\u{200F}', '€', '😀', ' ', '«',
        ];
        let mut strings = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..5 {
            level = level
                .iter()
                .flat_map(|s| alphabet.iter().map(move |&c| format!("{s}{c}")))
                .collect();
            strings.extend(level.iter().cloned());
        }
        // Every character of the first three blocks and the invisible ones,
        // alone and between Arabic letters: the fast path's table against `fold`.
        let singles = ('\0'..'\u{800}').chain('\u{2000}'..'\u{2070}').chain(['\u{FEFF}']);
        strings.extend(singles.flat_map(|c| [c.to_string(), format!("ب{c}ب")]));
        for original in &strings {
            let normalized = Normalized::new(original);
            let (text, origin) = dense_origin(original);
            assert_eq!(normalized.text, text, "{original:?}");
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
    fn gaps_between_words_fold_to_one_space() {
        let original = "منظمة \"معاهدة  الأمن\nالـ(جماعي)» «قالت";
        let normalized = Normalized::new(original);
        assert_eq!(normalized.text, "منظمه معاهده الامن ال جماعي قالت");
        let start = normalized.text.find("معاهده").unwrap();
        let end = normalized.text.find(" جماعي").unwrap();
        assert_eq!(&original[normalized.original_range(start, end)], "معاهدة  الأمن\nالـ");
        assert_eq!(normalize_phrase(" «روسيا  البيضاء» "), "روسيا البيضاء");
        assert_eq!(normalize_phrase("معارضة / ردود"), "معارضه / ردود");
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
