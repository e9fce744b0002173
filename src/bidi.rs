//! Text direction: the dominant strong direction of a block of text, and the
//! inline runs of the other direction that need isolating. Input is plain
//! text; output is directions and byte ranges, never HTML.

use std::ops::Range;

use unicode_bidi::{BidiClass, bidi_class};

/// The base direction of a page, a block or a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// Language subtags whose script is written right to left.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "pa-arab", "ps", "sd", "ug", "ur", "yi",
];

impl TextDirection {
    /// The value of an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            TextDirection::Ltr => "ltr",
            TextDirection::Rtl => "rtl",
        }
    }

    /// The other direction.
    pub fn opposite(self) -> Self {
        match self {
            TextDirection::Ltr => TextDirection::Rtl,
            TextDirection::Rtl => TextDirection::Ltr,
        }
    }

    /// The direction of a language tag such as `ar`, `fa-IR` or `en`.
    pub fn for_language(tag: &str) -> Self {
        let tag = tag.to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        let is_rtl = RTL_LANGUAGES
            .iter()
            .any(|rtl| *rtl == primary || (rtl.contains('-') && tag.replace('_', "-").starts_with(rtl)))
            || tag.contains("-arab")
            || tag.contains("-hebr");
        if is_rtl && !tag.contains("-latn") {
            TextDirection::Rtl
        } else {
            TextDirection::Ltr
        }
    }
}

/// The bidi class of `c`: the characters of Latin and Arabic text are
/// answered directly, every other one from the Unicode tables.
fn class_of(c: char) -> BidiClass {
    match c {
        'a'..='z' | 'A'..='Z' => BidiClass::L,
        '0'..='9' => BidiClass::EN,
        ' ' => BidiClass::WS,
        '\u{0620}'..='\u{064A}' => BidiClass::AL,
        '\u{064B}'..='\u{065F}' => BidiClass::NSM,
        '\u{0660}'..='\u{0669}' => BidiClass::AN,
        _ => bidi_class(c),
    }
}

/// The strong direction of a character, if it has one.
pub fn strong_direction(c: char) -> Option<TextDirection> {
    match class_of(c) {
        BidiClass::L => Some(TextDirection::Ltr),
        BidiClass::R | BidiClass::AL => Some(TextDirection::Rtl),
        _ => None,
    }
}

/// Strong characters of one kind of stretch: how many of each direction,
/// and the direction of the first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    ltr: usize,
    rtl: usize,
    first: Option<TextDirection>,
}

impl Tally {
    fn add(&mut self, direction: TextDirection) {
        self.first.get_or_insert(direction);
        match direction {
            TextDirection::Ltr => self.ltr += 1,
            TextDirection::Rtl => self.rtl += 1,
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.ltr += other.ltr;
        self.rtl += other.rtl;
        if self.first.is_none() {
            self.first = other.first;
        }
    }

    fn dominant(&self) -> Option<TextDirection> {
        match self.ltr.cmp(&self.rtl) {
            std::cmp::Ordering::Greater => Some(TextDirection::Ltr),
            std::cmp::Ordering::Less => Some(TextDirection::Rtl),
            std::cmp::Ordering::Equal => self.first,
        }
    }
}

/// Counts of strong characters in a stretch of text, to find its dominant
/// direction. Letters inside quotation marks or brackets are counted apart:
/// a quoted or bracketed run belongs to the sentence that frames it, so it
/// decides the direction only when the text has no letter outside such runs
/// (`قال المتحدث: "Kazakhstan is stable" ثم غادر.` is right to left).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StrongCounts {
    outside: Tally,
    quoted: Tally,
    /// Open brackets.
    brackets: u32,
    /// Inside a quotation opened by a mark that also closes it.
    in_quotes: bool,
}

/// Quotation marks that open and close alike: scraped Arabic text writes
/// `”…”`, `“…“` and `"…"` as often as `“…”`, and `»…«` as often as `«…»`.
const QUOTATION_MARKS: &str = "\"“”„«»";

impl StrongCounts {
    /// Adds the strong characters of `text`.
    pub fn add_text(&mut self, text: &str) {
        for c in text.chars() {
            if let Some(direction) = strong_direction(c) {
                if self.in_quotes || self.brackets > 0 {
                    self.quoted.add(direction);
                } else {
                    self.outside.add(direction);
                }
            } else if QUOTATION_MARKS.contains(c) {
                self.in_quotes = !self.in_quotes;
            } else if matches!(c, '(' | '[' | '{' | '\u{FD3E}') {
                self.brackets += 1;
            } else if matches!(c, ')' | ']' | '}' | '\u{FD3F}') {
                self.brackets = self.brackets.saturating_sub(1);
            }
        }
    }

    /// Adds the counts of a nested stretch of text that follows this one.
    pub fn merge(&mut self, other: &StrongCounts) {
        self.outside.merge(&other.outside);
        self.quoted.merge(&other.quoted);
    }

    /// The direction of most strong characters outside quotations and
    /// brackets (of all of them when there are none outside); on a tie, that
    /// of the first; `None` for text without strong characters (digits,
    /// punctuation).
    pub fn dominant(&self) -> Option<TextDirection> {
        self.outside.dominant().or_else(|| self.quoted.dominant())
    }
}

/// The dominant strong direction of `text`.
pub fn dominant_direction(text: &str) -> Option<TextDirection> {
    let mut counts = StrongCounts::default();
    counts.add_text(text);
    counts.dominant()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharKind {
    Strong(TextDirection),
    Digit,
    /// Spaces and punctuation that may stand between two words of one run.
    Joiner,
    /// Anything else: brackets, quotes, punctuation of the other script.
    Breaker,
}

fn kind_of(c: char) -> CharKind {
    match class_of(c) {
        BidiClass::L => CharKind::Strong(TextDirection::Ltr),
        BidiClass::R | BidiClass::AL => CharKind::Strong(TextDirection::Rtl),
        BidiClass::EN | BidiClass::AN => CharKind::Digit,
        _ if c == ' ' || (c.is_ascii_punctuation() && !"()[]{}<>\"".contains(c)) => CharKind::Joiner,
        _ => CharKind::Breaker,
    }
}

/// Symbols that end a word of the run they are attached to ("C++", "C#", "50%").
const TRAILING_SYMBOLS: &str = "+#*%'’°™®";

/// The byte ranges of `text` that are runs of the direction opposite to
/// `base` and begin or end with a digit or a neutral character. Such runs are
/// misplaced by the bidi algorithm unless isolated ("C++", "GPT-4", "Jan. 7").
/// Runs made only of letters and inner spaces ("CSTO") need no isolation.
///
/// A run starts at a letter of the other direction, with the digits right
/// before it ("4K"); it goes on through letters of that direction and digits
/// reached through joiners only (spaces, ASCII punctuation), and takes the
/// symbols attached to its last character ("C++", "50%"). No allocation
/// unless a run is found: this runs on every block and snippet, so the text
/// between runs is skipped a byte at a time (see [`may_start_run`]).
pub fn runs_to_isolate(text: &str, base: TextDirection) -> Vec<Range<usize>> {
    let other = CharKind::Strong(base.opposite());
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    // Where the scan goes on, and where the previous run ended: digits before
    // a run are looked for back to there.
    let mut from = 0;
    let mut floor = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| may_start_run(b, base)) {
        let i = from + offset;
        let Some(c) = text[i..].chars().next() else { break };
        if kind_of(c) != other {
            from = i + c.len_utf8();
            continue;
        }
        let start = text[floor..i]
            .char_indices()
            .rev()
            .take_while(|&(_, d)| kind_of(d) == CharKind::Digit)
            .last()
            .map(|(j, _)| floor + j);
        let after = i + c.len_utf8();
        let mut end = after;
        let mut ends_with_other = true;
        for (j, d) in text[after..].char_indices() {
            match kind_of(d) {
                kind if kind == other || kind == CharKind::Digit => {
                    end = after + j + d.len_utf8();
                    ends_with_other = kind == other;
                }
                CharKind::Joiner => {}
                _ => break,
            }
        }
        for d in text[end..].chars().take_while(|&d| TRAILING_SYMBOLS.contains(d)) {
            end += d.len_utf8();
            ends_with_other = false;
        }
        if start.is_some() || !ends_with_other {
            runs.push(start.unwrap_or(i)..end);
        }
        from = end;
        floor = end;
    }
    runs
}

/// Whether the byte `b` may begin a letter of the direction opposite to
/// `base`. In right-to-left text, that is an ASCII letter or the first byte of
/// a character outside ASCII and the Arabic block (U+0600 to U+06FF, whose
/// first bytes are 0xD8 to 0xDB and which has no left-to-right letter); in
/// left-to-right text, the first byte of any character outside ASCII.
fn may_start_run(b: u8, base: TextDirection) -> bool {
    match base {
        TextDirection::Rtl => b.is_ascii_alphabetic() || (b >= 0xC0 && !(0xD8..=0xDB).contains(&b)),
        TextDirection::Ltr => b >= 0xC0,
    }
}

/// `text` with its bidi embeddings, overrides and isolates balanced: a
/// closer without an opener is dropped, an opener left open is closed at the
/// end, so that no override can leak into the rest of the page.
pub fn balance_controls(text: &str) -> std::borrow::Cow<'_, str> {
    const PDF: char = '\u{202C}';
    const PDI: char = '\u{2069}';
    // Every control is encoded as 0xE2 and two more bytes: most texts have no
    // 0xE2 at all, which a byte search finds fastest.
    if !text.as_bytes().contains(&0xE2)
        || !text
            .chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut open: Vec<char> = Vec::new();
    let mut balanced = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(PDF),
            '\u{2066}'..='\u{2068}' => open.push(PDI),
            PDF if open.last() == Some(&PDF) => {
                open.pop();
            }
            PDI if open.contains(&PDI) => {
                // Embeddings opened inside the isolate end with it: close them explicitly.
                while let Some(PDF) = open.pop() {
                    balanced.push(PDF);
                }
            }
            PDF | PDI => continue,
            _ => {}
        }
        balanced.push(c);
    }
    balanced.extend(open.iter().rev());
    std::borrow::Cow::Owned(balanced)
}

/// Whether `c` is a Unicode bidi embedding, override, isolate or mark control.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::TextDirection::{Ltr, Rtl};
    use super::*;

    #[test]
    fn arabic_paragraph_opening_with_acronym_is_rtl() {
        let text = "CSTO منظمة معاهدة الأمن الجماعي تنشر قواتها";
        assert_eq!(dominant_direction(text), Some(Rtl));
    }

    #[test]
    fn english_caption_is_ltr() {
        let text = "A gas mask lies near the fence in central Almaty, Kazakhstan, on Jan. 7.";
        assert_eq!(dominant_direction(text), Some(Ltr));
    }

    #[test]
    fn a_quoted_or_bracketed_run_does_not_decide_the_direction() {
        // More Latin letters than Arabic ones, all of them quoted.
        let quoted = "قال المتحدث: \"Kazakhstan is stable\" ثم غادر.";
        assert_eq!(dominant_direction(quoted), Some(Rtl));
        let curly = "وصفت ”Collective Security Treaty Organization“ نفسها";
        assert_eq!(dominant_direction(curly), Some(Rtl));
        let bracketed = "قالت (Collective Security Treaty Organization) ذلك";
        assert_eq!(dominant_direction(bracketed), Some(Rtl));
        let english = "He said «كازاخستان مستقرة تماما اليوم وغدا» and left.";
        assert_eq!(dominant_direction(english), Some(Ltr));
    }

    #[test]
    fn a_text_that_is_all_quotation_takes_its_direction() {
        assert_eq!(dominant_direction("\"Kazakhstan is stable\""), Some(Ltr));
        assert_eq!(dominant_direction("«الوضع مستقر»"), Some(Rtl));
        // An unclosed mark: the letters before it still decide.
        assert_eq!(dominant_direction("قال: \"Kazakhstan is stable"), Some(Rtl));
    }

    #[test]
    fn digits_only_have_no_direction() {
        assert_eq!(dominant_direction("2022 - 30"), None);
    }

    #[test]
    fn fast_classes_agree_with_the_unicode_tables() {
        let fast = ('a'..='z')
            .chain('A'..='Z')
            .chain('0'..='9')
            .chain([' '])
            .chain('\u{0620}'..='\u{0669}');
        for c in fast {
            assert_eq!(class_of(c), bidi_class(c), "{c:?}");
        }
    }

    #[test]
    fn bidi_controls_are_balanced() {
        assert_eq!(balance_controls("abc"), "abc");
        assert_eq!(balance_controls("a\u{202E}bc"), "a\u{202E}bc\u{202C}");
        assert_eq!(balance_controls("a\u{202C}b\u{2069}"), "ab");
        assert_eq!(
            balance_controls("\u{2067}x\u{202B}y\u{2069}z"),
            "\u{2067}x\u{202B}y\u{202C}\u{2069}z"
        );
        assert_eq!(
            balance_controls("\u{2066}\u{202D}x"),
            "\u{2066}\u{202D}x\u{202C}\u{2069}"
        );
    }

    #[test]
    fn languages_map_to_directions() {
        assert_eq!(TextDirection::for_language("ar"), Rtl);
        assert_eq!(TextDirection::for_language("fa-IR"), Rtl);
        assert_eq!(TextDirection::for_language("ur"), Rtl);
        assert_eq!(TextDirection::for_language("he"), Rtl);
        assert_eq!(TextDirection::for_language("en"), Ltr);
        assert_eq!(TextDirection::for_language("ar-Latn"), Ltr);
    }

    /// The rule of [`runs_to_isolate`] written plainly over a list of
    /// characters, to check the one-pass version against.
    fn runs_by_list(text: &str, base: TextDirection) -> Vec<Range<usize>> {
        let other = CharKind::Strong(base.opposite());
        let chars: Vec<(usize, char, CharKind)> = text.char_indices().map(|(i, c)| (i, c, kind_of(c))).collect();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].2 != other {
                i += 1;
                continue;
            }
            let mut start = i;
            while start > 0 && chars[start - 1].2 == CharKind::Digit {
                start -= 1;
            }
            let mut end = i;
            for (k, &(_, _, kind)) in chars.iter().enumerate().skip(i + 1) {
                match kind {
                    kind if kind == other || kind == CharKind::Digit => end = k,
                    CharKind::Joiner => {}
                    _ => break,
                }
            }
            while end + 1 < chars.len() && TRAILING_SYMBOLS.contains(chars[end + 1].1) {
                end += 1;
            }
            if chars[start].2 != other || chars[end].2 != other {
                runs.push(chars[start].0..chars[end].0 + chars[end].1.len_utf8());
            }
            i = end + 1;
        }
        runs
    }

    /// Every string of up to `len` characters over `alphabet`.
    fn all_strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut longest = vec![String::new()];
        for _ in 0..len {
            longest = longest
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            all.extend(longest.iter().cloned());
        }
        all
    }

    #[test]
    fn one_pass_runs_match_the_plain_rule() {
        // Every string of up to five characters over an alphabet of each kind
        // that matters: letters of both directions, digits of both kinds,
        // joiners, a breaker and trailing symbols.
        let alphabet = ['a', 'Z', 'ب', '\u{0661}', '4', ' ', '-', '.', '(', '+', '%', '’', '،'];
        let mut texts = all_strings(&alphabet, 5);
        assert!(texts.len() > 400_000);
        // And up to four over one that adds the first bytes the scan skips
        // or stops at: a Latin letter outside ASCII, Hebrew, an Arabic mark,
        // an Arabic-block sign and digit, and a symbol of three bytes.
        let wider = [
            'a', 'ب', '4', ' ', '(', '%', 'é', 'א', '\u{064E}', '\u{0600}', '\u{06F4}', '…', '’', '-',
        ];
        texts.extend(all_strings(&wider, 4));
        for text in &texts {
            for base in [Ltr, Rtl] {
                assert_eq!(
                    runs_to_isolate(text, base),
                    runs_by_list(text, base),
                    "{text:?} in {base:?}"
                );
            }
        }
    }

    #[test]
    fn the_arabic_block_has_no_left_to_right_letter() {
        // What `may_start_run` relies on to skip the block's first bytes.
        for c in '\u{0600}'..='\u{06FF}' {
            assert_ne!(class_of(c), BidiClass::L, "{c:?}");
            assert!((0xD8..=0xDB).contains(&c.to_string().as_bytes()[0]));
        }
    }

    fn isolated(text: &str, base: TextDirection) -> Vec<&str> {
        runs_to_isolate(text, base).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn plain_latin_word_in_arabic_is_not_isolated() {
        assert!(isolated("نشر قوات من منظمة (CSTO) بقيادة روسيا", Rtl).is_empty());
    }

    #[test]
    fn latin_runs_ending_in_digits_or_symbols_are_isolated() {
        let text = "استخدم الباحثون GPT-4 ولغة C++ في عام 2022";
        assert_eq!(isolated(text, Rtl), vec!["GPT-4", "C++"]);
    }

    #[test]
    fn run_stops_at_arabic_punctuation() {
        let text = "قال Blinken ، 30 عاما";
        assert!(isolated(text, Rtl).is_empty());
    }

    #[test]
    fn arabic_run_in_english_text_is_isolated_when_it_ends_in_digits() {
        assert_eq!(isolated("The report كازاخستان 2022 says", Ltr), vec!["كازاخستان 2022"]);
    }
}
