//! The context of a match: the cue that makes an ambiguous alias a mention
//! (قناة الجزيرة، قالت الجزيرة، «الجزيرة»), the qualifier after a name that
//! makes it another place (أمريكا اللاتينية), and the closing quotation
//! mark a link takes in when the name has the opening one. Words here are
//! folded (see [`super::normalize`]); the rules are in docs/mentions.md.

use std::ops::Range;

/// Nouns of the media that name an outlet right after them (قناة الجزيرة,
/// لمراسل الجزيرة). موقع is left out: موقع الجزيرة is as often the
/// island's location (the website is the alias الجزيرة نت).
const MEDIA_NOUNS: &[&str] = &[
    "قناه",
    "شبكه",
    "فضائيه",
    "تلفزيون",
    "صحيفه",
    "جريده",
    "وكاله",
    "مجله",
    "مراسل",
    "مراسله",
    "مراسلو",
    "مراسلي",
    "مذيع",
    "مذيعه",
    "منصه",
];

/// Verbs of reporting whose subject or addressee is an outlet: قالت
/// الجزيرة، ذكرت الجزيرة، قال للجزيرة; after it: الجزيرة قالت.
const REPORTING_VERBS: &[&str] = &[
    "قال",
    "قالت",
    "ذكر",
    "ذكرت",
    "افاد",
    "افادت",
    "نقل",
    "نقلت",
    "اورد",
    "اوردت",
    "بث",
    "بثت",
    "نشر",
    "نشرت",
    "كشف",
    "كشفت",
    "صرح",
    "صرحت",
    "تقول",
    "يقول",
    "اضاف",
    "اضافت",
    "اكد",
    "اكدت",
    "اوضح",
    "اوضحت",
];

/// Words of attribution before an outlet: بحسب الجزيرة، وفقا للجزيرة.
const ATTRIBUTIONS: &[&str] = &["بحسب", "حسب", "وفق", "وفقا"];

/// Nouns and verbs of speech whose addressee an outlet is, a few words on:
/// في تصريح للجزيرة، قال مسؤول كازاخستاني للجزيرة، في مقابلة مع الجزيرة.
const SPEECH: &[&str] = &["تصريح", "تصريحات", "حديث", "مقابله", "لقاء", "تحدث", "تحدثت"];

/// How many words before an outlet addressed (للجزيرة، مع الجزيرة) a word
/// of speech may stand.
const SPEECH_WINDOW: usize = 3;

/// Words that open what was said (قال إنه سافر للجزيرة): a word of speech
/// before them does not address the outlet after them.
const COMPLEMENTIZERS: &[&str] = &["ان", "انه", "انها", "بان", "بانه", "بانها", "لان"];

/// Words after an outlet's name that belong to it: الجزيرة مباشر، الجزيرة
/// الإنجليزية. (الجزيرة العربية is the peninsula, and is not one.)
const MEDIA_AFTER: &[&str] = &[
    "نت",
    "مباشر",
    "الاخباريه",
    "الاعلاميه",
    "الوثائقيه",
    "الانجليزيه",
    "الانكليزيه",
    "بلقان",
];

/// Prepositions and place nouns after which a verb that follows an
/// ambiguous alias is not its own: في الجزيرة نشرت القوات ...
const PLACE_WORDS: &[&str] = &[
    "في", "الي", "من", "علي", "عن", "مع", "حول", "قرب", "داخل", "خارج", "شمال", "جنوب", "شرق", "غرب", "وسط", "سكان",
];

/// Qualifiers after a place name that make it another place: أمريكا
/// اللاتينية، كوريا الجنوبية، روسيا البيضاء. Such a name is no mention
/// unless the longer name is an alias itself (روسيا البيضاء of Belarus).
const QUALIFIERS: &[&str] = &[
    "اللاتينيه",
    "اللاتيني",
    "الشماليه",
    "الشمالي",
    "الجنوبيه",
    "الجنوبي",
    "الوسطي",
    "البيضاء",
];

/// Quotation marks that open a quotation, and those that close one; `"`
/// and `'` do both.
const OPENING: &[char] = &['"', '\'', '«', '“', '„', '‘', '‹', '”'];
const CLOSING: &[char] = &['"', '\'', '»', '”', '’', '›', '“'];

/// Whether `prefix` (folded) is a sequence of proclitics allowed before a
/// name: conjunction (و ف), then preposition (ب ك ل), then the article
/// (ال; ل + ال is written لل).
pub fn is_proclitic(prefix: &str) -> bool {
    let rest = prefix.strip_prefix(['و', 'ف']).unwrap_or(prefix);
    if rest.is_empty() || rest == "ال" || rest == "لل" {
        return true;
    }
    let rest = rest.strip_prefix(['ب', 'ك', 'ل']).unwrap_or(rest);
    rest.is_empty() || rest == "ال"
}

/// Whether `word` (folded) is one of `list`, maybe after a conjunction and
/// a preposition (وقالت، لقناة، فبحسب).
fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.contains(&word)
        || word
            .char_indices()
            .skip(1)
            .take(2)
            .any(|(i, _)| is_proclitic(&word[..i]) && !word[..i].contains("ال") && list.contains(&&word[i..]))
}

/// The word that ends right before `at` in `folded`, past one space.
fn word_before(folded: &str, at: usize) -> Option<&str> {
    let before = folded[..at].strip_suffix(' ')?;
    let start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + 1);
    (start < before.len()).then(|| &before[start..])
}

/// The word that starts right after `at` in `folded`, past one space.
pub fn word_after(folded: &str, at: usize) -> Option<&str> {
    let after = folded[at..].strip_prefix(' ')?;
    let end = after.find(|c: char| !c.is_alphanumeric()).unwrap_or(after.len());
    (end > 0).then(|| &after[..end])
}

/// Whether the ambiguous alias at `word` (folded range of the word, with its
/// proclitics, the alias itself from `alias_start`) has a cue: a media
/// noun, a reporting verb or an attribution just before it, نقلا عن before
/// it, a word of speech a few words before it when it is addressed (ل or
/// مع), a media word or a reporting verb just after it (not after a
/// preposition), or quotation marks around `original[quoted]` (the word in
/// the original text).
pub fn has_cue(folded: &str, word: Range<usize>, alias_start: usize, original: &str, quoted: Range<usize>) -> bool {
    let before = word_before(folded, word.start);
    if before.is_some_and(|w| is_one_of(w, MEDIA_NOUNS) || is_one_of(w, REPORTING_VERBS) || is_one_of(w, ATTRIBUTIONS))
    {
        return true;
    }
    if before == Some("عن") && word_before(folded, word.start - " عن".len()).is_some_and(|w| is_one_of(w, &["نقلا"]))
    {
        return true;
    }
    if is_addressed(folded, word.start, alias_start) {
        return true;
    }
    if let Some(after) = word_after(folded, word.end) {
        let placed = before.is_some_and(|w| is_one_of(w, PLACE_WORDS));
        if MEDIA_AFTER.contains(&after) || !placed && is_one_of(after, REPORTING_VERBS) {
            return true;
        }
    }
    let opened = original[..quoted.start].ends_with(OPENING);
    let closed = original[quoted.end..].starts_with(CLOSING);
    opened && closed
}

/// Whether the word starting at `word_start` (the alias from `alias_start`)
/// is an outlet spoken to: written with the preposition ل (للجزيرة) or
/// after مع, with a reporting verb or a word of speech among the
/// [`SPEECH_WINDOW`] words before, and no complementizer between.
fn is_addressed(folded: &str, word_start: usize, alias_start: usize) -> bool {
    let prefix = &folded[word_start..alias_start];
    let prefix = prefix.strip_prefix(['و', 'ف']).unwrap_or(prefix);
    let mut at = word_start;
    let dative = prefix.starts_with('ل') || prefix.is_empty() && folded[alias_start..].starts_with("لل");
    if !dative {
        match word_before(folded, at) {
            Some("مع") => at -= " مع".len(),
            _ => return false,
        }
    }
    for _ in 0..SPEECH_WINDOW {
        let Some(w) = word_before(folded, at) else {
            return false;
        };
        if is_one_of(w, REPORTING_VERBS) || is_one_of(w, SPEECH) {
            return true;
        }
        if COMPLEMENTIZERS.contains(&w) {
            return false;
        }
        at -= w.len() + 1;
    }
    false
}

/// Whether the name ending at `end` is followed by a qualifier that makes
/// it another place ([`QUALIFIERS`]).
pub fn is_qualified(folded: &str, end: usize) -> bool {
    // Every match is asked: the article is looked for first, and no word is
    // scanned to its end.
    let Some(after) = folded[end..].strip_prefix(" ال") else {
        return false;
    };
    QUALIFIERS.iter().any(|qualifier| {
        after
            .strip_prefix(&qualifier["ال".len()..])
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

/// `range` of `original`, with the closing quotation mark or bracket right
/// after it when the range holds the opening one unclosed (منظمة "معاهدة
/// الأمن الجماعي" is linked with both its marks).
pub fn with_closing_mark(original: &str, range: Range<usize>) -> Range<usize> {
    let span = &original[range.clone()];
    let Some(next) = original[range.end..].chars().next() else {
        return range;
    };
    let pairs = [('«', '»'), ('“', '”'), ('(', ')'), ('[', ']'), ('‘', '’')];
    let unclosed = match next {
        '"' | '\'' => span.matches(next).count() % 2 == 1,
        _ => pairs
            .iter()
            .any(|&(open, close)| close == next && span.matches(open).count() > span.matches(close).count()),
    };
    if unclosed {
        range.start..range.end + next.len_utf8()
    } else {
        range
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(text: &str, alias: &str) -> bool {
        let normalized = super::super::normalize::Normalized::new(text);
        let folded = normalized.text.as_str();
        let start = folded.find(alias).unwrap();
        let word_start = folded[..start].rfind(' ').map_or(0, |i| i + 1);
        let end = start + alias.len();
        // Where the pattern starts: at its article, or at لل where ل and ال contract.
        let alias_start = folded[word_start..start]
            .rfind("ال")
            .or(folded[word_start..start].rfind("لل"));
        let alias_start = word_start + alias_start.unwrap_or(0);
        let quoted = normalized.original_range(word_start, end);
        has_cue(folded, word_start..end, alias_start, text, quoted)
    }

    #[test]
    fn cues_before_after_and_around() {
        for text in [
            "بثت قناة الجزيرة تقريرا",
            "وقال مراسل الجزيرة إن",
            "وقالت الجزيرة إن القوات",
            "قال للجزيرة إن الوضع",
            "بحسب الجزيرة فإن",
            "ونقلا عن الجزيرة",
            "وقال مسؤول كازاخستاني للجزيرة إن",
            "في حديث خاص للجزيرة",
            "في مقابلة مع الجزيرة",
            "الجزيرة مباشر تنقل",
            "الجزيرة ذكرت أن",
            "في تقرير لـ«الجزيرة» أمس",
            "شاهدنا \"الجزيرة\" أمس",
        ] {
            assert!(cue(text, "جزيره"), "{text}");
        }
    }

    #[test]
    fn no_cue_for_the_island() {
        for text in [
            "ركب القارب إلى الجزيرة الصغيرة",
            "في الجزيرة نشرت القوات الدبابات",
            "موقع الجزيرة الاستراتيجي",
            "شبه الجزيرة العربية",
            "عن الجزيرة قال",
            "وقال إنه سافر للجزيرة",
            "وتحدث مع سكان الجزيرة",
            "وعاد مع الجزيرة",
        ] {
            assert!(!cue(text, "جزيره"), "{text}");
        }
    }

    #[test]
    fn qualifiers_and_proclitics() {
        assert!(is_qualified("امريكا اللاتينيه", "امريكا".len()));
        assert!(!is_qualified("امريكا والصين", "امريكا".len()));
        assert!(!is_qualified("امريكا الشماليين", "امريكا".len()));
        assert!(is_qualified("كوريا الشماليه،", "كوريا".len()));
        assert!(QUALIFIERS.iter().all(|q| q.starts_with("ال")));
        assert!(is_one_of("لقناه", MEDIA_NOUNS) && is_one_of("وقالت", REPORTING_VERBS));
        assert!(!is_one_of("القناه", MEDIA_NOUNS));
    }

    #[test]
    fn a_link_takes_in_the_closing_mark_of_its_name() {
        let text = "منظمة \"معاهدة الأمن\" غدا";
        let end = text.find("الأمن").unwrap() + "الأمن".len();
        assert_eq!(&text[with_closing_mark(text, 0..end)], "منظمة \"معاهدة الأمن\"");
        let text = "منظمة «معاهدة الأمن» غدا";
        let end = text.find("الأمن").unwrap() + "الأمن".len();
        assert_eq!(&text[with_closing_mark(text, 0..end)], "منظمة «معاهدة الأمن»");
        let text = "«الأمن» غدا";
        let start = text.find("الأمن").unwrap();
        assert_eq!(&text[with_closing_mark(text, start..start + "الأمن".len())], "الأمن");
    }
}
