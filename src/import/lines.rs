//! What one line of a scraped text is, on its own: a byline, a translator
//! line, a closing credit, site boilerplate, a numbered line, a Latin-script
//! caption. [`super::structure`] decides from these and from the lines
//! around them. Every test here is on the line's words, never its length in
//! bytes, so Arabic and Latin text are judged alike.

use crate::entities::normalize;

/// Cues that open a byline, folded (see [`folded`]), each followed by the
/// names, with or without a colon.
const BYLINE_CUES: &[&str] = &["بقلم", "كتب", "كتبت", "كتبه", "بواسطه", "اعداد", "by", "written by"];

/// Cues that open a translator line.
const TRANSLATOR_CUES: &[&str] = &["ترجمه", "ترجمه وتحرير", "translated by", "translation"];

/// Cues that open a closing credit naming the outlet (`عن “فورين بوليسي”`).
const CREDIT_CUES: &[&str] = &["عن", "المصدر", "نقلا عن", "source"];

/// Boilerplate that news sites put after an article, folded: a short line at
/// the end that contains one of these is dropped (config.toml's
/// `[import] drop` adds more).
pub const DEFAULT_DROP: &[&str] = &[
    "اشترك في",
    "اشترك الان",
    "القائمه البريديه",
    "النشره البريديه",
    "تابعونا على",
    "تابعنا على",
    "شارك المقال",
    "شارك هذا",
    "شارك على",
    "اقرا ايضا",
    "اقرا المزيد",
    "اضغط هنا",
    "انقر هنا",
    "للاطلاع على الموضوع الاصلي",
    "جميع الحقوق محفوظه",
    "حقوق النشر",
    "©",
    "copyright",
    "all rights reserved",
    "share this",
    "share on",
    "subscribe",
    "read more",
    "read also",
    "follow us",
    "الوسوم:",
    "كلمات مفتاحيه",
    "tags:",
];

/// The most words a byline, credit or boilerplate line may have: a longer
/// line is a sentence of the article.
pub const SHORT_LINE: usize = 14;

/// The folded form of a line, for comparing with cues and patterns: Arabic
/// folded as mentions are (hamza, ة, ى, harakat), Latin in lower case,
/// runs of white space made one space.
pub fn folded(line: &str) -> String {
    normalize::normalize(line)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The number of words of a line.
pub fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// The names of a byline (`بقلم: إيمي ماكينون`, `By Amy Mackinnon and
/// Jane Doe`), if the line is one.
pub fn byline(line: &str) -> Option<Vec<String>> {
    let rest = after_cue(line, BYLINE_CUES)?;
    let names = split_names(rest);
    (!names.is_empty() && names.iter().all(|n| word_count(n) <= 5)).then_some(names)
}

/// The translator of a translator line (`ترجمة: الجزيرة`), if it is one.
pub fn translator(line: &str) -> Option<String> {
    let rest = after_cue(line, TRANSLATOR_CUES)?;
    (word_count(rest) <= 6).then(|| rest.to_string())
}

/// The outlet named by a closing credit (`عن ” فورين بوليسي ” للاطلاع على
/// الموضوع الأصلي اضغط هنا`, `المصدر: رويترز`), if the line is one: the
/// quoted name, or the words before a boilerplate cue or the end.
pub fn credit(line: &str) -> Option<String> {
    let rest = after_cue(line, CREDIT_CUES)?;
    let name = quoted(rest).unwrap_or_else(|| {
        let cut = DEFAULT_DROP
            .iter()
            .filter_map(|cue| find_folded(rest, cue))
            .min()
            .unwrap_or(rest.len());
        rest[..cut].trim()
    });
    let name = name.trim_matches(|c: char| c.is_whitespace() || is_quote(c) || c == ':');
    (!name.is_empty() && word_count(name) <= 5).then(|| name.to_string())
}

/// The pattern of `patterns` that a short line contains, if any.
pub fn boilerplate<'p>(line: &str, patterns: &'p [String]) -> Option<&'p str> {
    if word_count(line) > SHORT_LINE {
        return None;
    }
    let line = folded(line);
    patterns
        .iter()
        .find(|pattern| line.contains(pattern.as_str()))
        .map(String::as_str)
}

/// The marker and text of a numbered line (`1- يحدث أول مرة`, `2) دعم`,
/// `3.` , `٤-`): the marker as written, and the rest.
pub fn numbered(line: &str) -> Option<(&str, &str)> {
    let digits = line
        .char_indices()
        .take_while(|&(_, c)| normalize::fold(c).is_some_and(|f| f.is_ascii_digit()))
        .last()
        .map(|(at, c)| at + c.len_utf8())?;
    if line[..digits].chars().count() > 2 {
        return None;
    }
    let rest = &line[digits..];
    let delimiter = rest.chars().next().filter(|c| matches!(c, '-' | '–' | ')' | '.'))?;
    let text = rest[delimiter.len_utf8()..].trim_start();
    if text.is_empty() || text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((&line[..digits + delimiter.len_utf8()], text))
}

/// The number of a list marker (`3)`, `٤-`).
pub fn marker_value(marker: &str) -> Option<u64> {
    let digits: String = marker
        .chars()
        .filter_map(normalize::fold)
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Whether a line is in Latin script while text around it is Arabic: most
/// of its letters Latin, and at least four words (a caption and its credit).
pub fn is_latin_line(line: &str) -> bool {
    let (latin, other) = line.chars().filter(|c| c.is_alphabetic()).fold((0, 0), |(l, o), c| {
        if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            (l + 1, o)
        } else {
            (l, o + 1)
        }
    });
    word_count(line) >= 4 && latin >= 10 && latin * 10 >= (latin + other) * 9
}

/// The rest of `line` after one of `cues` (compared folded) and an
/// optional colon or dash, if the line starts with one.
fn after_cue<'l>(line: &'l str, cues: &[&str]) -> Option<&'l str> {
    let line = line.trim();
    let words: Vec<(usize, &str)> = word_starts(line);
    // The longest cue first: "written by" before "by".
    let mut best = None;
    for cue in cues {
        let n = cue.split(' ').count();
        if words.len() < n {
            continue;
        }
        let end = words[n - 1].0 + words[n - 1].1.len();
        let head = line[..end].trim_end_matches([':', '：', '-', '–']);
        if folded(head) == *cue && best.is_none_or(|(m, _)| n > m) {
            best = Some((n, end));
        }
    }
    let (_, end) = best?;
    let rest = line[end..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '-' | '–'));
    (!rest.is_empty()).then_some(rest.trim_end())
}

/// The words of a line with their byte offsets.
fn word_starts(line: &str) -> Vec<(usize, &str)> {
    line.split_whitespace()
        .map(|word| (word.as_ptr() as usize - line.as_ptr() as usize, word))
        .collect()
}

/// Names of a byline, split at `،`, `,`, ` و `, ` and `, and before a word
/// that `و` joins to it between two names of two words or more (`طارق
/// العلي ووليد داود`: a first name may start with و itself, `وليد داود`).
pub fn split_names(text: &str) -> Vec<String> {
    text.split(['،', ','])
        .flat_map(|part| part.split(" و "))
        .flat_map(|part| part.split(" and "))
        .flat_map(split_joined)
        .map(|name| name.trim().trim_end_matches(['.', ':']).trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

/// Splits `أ ب وج د` into `أ ب` and `ج د`.
fn split_joined(part: &str) -> Vec<String> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let at = (2..words.len().saturating_sub(1)).find(|&i| words[i].starts_with('و') && words[i].chars().count() > 2);
    match at {
        Some(i) => vec![
            words[..i].join(" "),
            std::iter::once(&words[i]['و'.len_utf8()..])
                .chain(words[i + 1..].iter().copied())
                .collect::<Vec<_>>()
                .join(" "),
        ],
        None => vec![part.to_string()],
    }
}

/// The text inside the first pair of quotation marks of `text`.
fn quoted(text: &str) -> Option<&str> {
    let open = text.find(is_quote)?;
    let after = open + text[open..].chars().next()?.len_utf8();
    let close = text[after..].find(is_quote)? + after;
    let inside = text[after..close].trim();
    (!inside.is_empty()).then_some(inside)
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„' | '\'')
}

/// The byte offset in `text` of the first place whose folded form starts
/// with `cue` (folded), at a word start.
fn find_folded(text: &str, cue: &str) -> Option<usize> {
    word_starts(text)
        .into_iter()
        .find(|(at, _)| folded(&text[*at..]).starts_with(cue))
        .map(|(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_in_arabic_and_english() {
        assert_eq!(byline("بقلم: إيمي ماكينون"), Some(vec!["إيمي ماكينون".to_string()]));
        assert_eq!(byline("كتب - محمد السيد"), Some(vec!["محمد السيد".to_string()]));
        assert_eq!(
            byline("By Amy Mackinnon and Jane Doe"),
            Some(vec!["Amy Mackinnon".to_string(), "Jane Doe".to_string()])
        );
        assert_eq!(
            byline("بقلم: أحمد علي، وليد حسن"),
            Some(vec!["أحمد علي".into(), "وليد حسن".into()])
        );
        // A sentence that starts with the verb is no byline.
        assert_eq!(
            byline("كتب الرئيس رسالة طويلة إلى نظيره الروسي يطلب فيها إرسال قوات حفظ السلام"),
            None
        );
        assert_eq!(byline("بقلم"), None);
    }

    #[test]
    fn translators_and_credits() {
        assert_eq!(translator("ترجمة: الجزيرة"), Some("الجزيرة".to_string()));
        assert_eq!(
            credit("عن ” فورين بوليسي ” للاطلاع على الموضوع الأصلي اضغط هنا"),
            Some("فورين بوليسي".to_string())
        );
        assert_eq!(credit("المصدر: رويترز"), Some("رويترز".to_string()));
        assert_eq!(credit("عن الكاتب"), Some("الكاتب".to_string()));
        assert_eq!(
            credit("عن طريق الحدود الشمالية دخلت القوات الروسية إلى البلاد في ساعات الفجر الأولى يوم الخميس"),
            None
        );
    }

    #[test]
    fn boilerplate_is_short_and_matches_a_pattern() {
        let patterns: Vec<String> = DEFAULT_DROP.iter().map(|p| p.to_string()).collect();
        assert_eq!(boilerplate("إشترك في القائمة البريدية", &patterns), Some("اشترك في"));
        assert_eq!(
            boilerplate("© 2022 جميع الحقوق محفوظة", &patterns),
            Some("جميع الحقوق محفوظه")
        );
        assert_eq!(boilerplate("اقرأ أيضاً: موسكو ترسل قوات", &patterns), Some("اقرا ايضا"));
        let long = "وقال إن المواطنين مدعوون إلى الاشتراك في الحوار الوطني، وإن جميع الحقوق محفوظة للمتظاهرين السلميين في التعبير عن رأيهم";
        assert_eq!(boilerplate(long, &patterns), None);
    }

    #[test]
    fn numbered_lines_keep_their_marker() {
        assert_eq!(numbered("1- يحدث أول مرة"), Some(("1-", "يحدث أول مرة")));
        assert_eq!(numbered("3-هل هو تكرار؟"), Some(("3-", "هل هو تكرار؟")));
        assert_eq!(
            numbered("2) دعم من العناصر المحلية ،"),
            Some(("2)", "دعم من العناصر المحلية ،"))
        );
        assert_eq!(numbered("١٢. البند"), Some(("١٢.", "البند")));
        assert_eq!(numbered("2022- عام الاضطرابات"), None);
        assert_eq!(numbered("30 عاما"), None);
        assert_eq!(numbered("7/1 موعد"), None);
    }

    #[test]
    fn latin_lines_among_arabic() {
        assert!(is_latin_line(
            "A gas mask lies near the fence of an administrative building in central Almaty, Kazakhstan, on Jan. 7. ABDAUZIZ MADYAROV/AFP VIA GETTY IMAGES"
        ));
        assert!(!is_latin_line(
            "نشر قوات من منظمة معاهدة الأمن الجماعي (CSTO) بقيادة روسيا"
        ));
        assert!(!is_latin_line("CSTO"));
    }
}
