//! Dates in running text: Arabic month names (the Egyptian and Gulf يناير...,
//! the Levantine كانون الثاني..., the Maghrebi جانفي...), the double form of
//! Levantine papers (`كانون الثاني/يناير`), English ones (`7 Jan. 2022`,
//! `January 7, 2022`), ISO dates (`2022-01-07`), in Western or Arabic-Indic
//! digits. A date without a year is found too; the caller decides what a
//! date means for the article.

use std::ops::Range;

use crate::entities::normalize::fold;

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Year (when the text gives it), month (1-12) and day (1-31).
    pub year: Option<i32>,
    /// Month, 1-12.
    pub month: u32,
    /// Day, 1-31.
    pub day: u32,
    /// Where it is, in bytes of the text.
    pub range: Range<usize>,
}

/// Month names, folded as [`fold_word`] folds them, with their number. Two-word
/// Levantine names are written with a space.
const MONTHS: &[(&str, u32)] = &[
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("كانون الاول", 12),
    ("جانفي", 1),
    ("فيفري", 2),
    ("افريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويليه", 7),
    ("اوت", 8),
    ("jan", 1),
    ("january", 1),
    ("feb", 2),
    ("february", 2),
    ("mar", 3),
    ("march", 3),
    ("apr", 4),
    ("april", 4),
    ("may", 5),
    ("jun", 6),
    ("june", 6),
    ("jul", 7),
    ("july", 7),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("october", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

/// One word of the text: its folded form and where it is.
struct Word {
    folded: String,
    range: Range<usize>,
}

/// Every date of `text`, in order.
pub fn find(text: &str) -> Vec<Mention> {
    let words = words(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match date_at(&words, i) {
            Some((mention, next)) => {
                found.push(mention);
                i = next;
            }
            None => i += 1,
        }
    }
    found
}

/// The date that starts at word `i`, and the word after it.
fn date_at(words: &[Word], i: usize) -> Option<(Mention, usize)> {
    if let Some(found) = iso_at(words, i) {
        return Some(found);
    }
    if let Some(day) = number(&words[i].folded).filter(|d| (1..=31).contains(d)) {
        // 7 يناير 2022, 2 كانون الثاني/يناير 2022, 7 Jan. 2022
        let (month, next) = month_at(words, i + 1)?;
        let (year, end) = year_at(words, next);
        let last = if year.is_some() { end - 1 } else { next - 1 };
        return Some((mention(words, i, last, year, month, day as u32)?, end));
    }
    // January 7, 2022
    let (month, next) = month_at(words, i)?;
    if !words[i].folded.is_ascii() {
        return None;
    }
    let day = words
        .get(next)
        .and_then(|w| number(&w.folded))
        .filter(|d| (1..=31).contains(d))?;
    let (year, end) = year_at(words, next + 1);
    let last = if year.is_some() { end - 1 } else { next };
    Some((mention(words, i, last, year, month, day as u32)?, end))
}

fn mention(words: &[Word], first: usize, last: usize, year: Option<i32>, month: u32, day: u32) -> Option<Mention> {
    let valid = day <= days_in(year.unwrap_or(2000), month);
    valid.then(|| Mention {
        year,
        month,
        day,
        range: words[first].range.start..words[last].range.end,
    })
}

/// `2022-01-07` at word `i`.
fn iso_at(words: &[Word], i: usize) -> Option<(Mention, usize)> {
    let mut parts = words[i].folded.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day) = (number(y)? as i32, number(m)? as u32, number(d)? as u32);
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    Some((mention(words, i, i, Some(year), month, day)?, i + 1))
}

/// The month named at word `i` (one or two words, or `X/Y` where either
/// names it) and the word after it.
fn month_at(words: &[Word], i: usize) -> Option<(u32, usize)> {
    let word = words.get(i)?;
    if let Some(next) = words.get(i + 1) {
        let pair = format!("{} {}", word.folded, next.folded);
        if let Some(month) = month_named(&pair) {
            return Some((month, i + 2));
        }
        // كانون الثاني/يناير: the second word holds "الثاني/يناير".
        if let Some((first, _)) = next.folded.split_once('/')
            && let Some(month) = month_named(&format!("{} {first}", word.folded))
        {
            return Some((month, i + 2));
        }
    }
    let name = word.folded.split('/').next().unwrap_or_default();
    month_named(name).map(|month| (month, i + 1))
}

fn month_named(name: &str) -> Option<u32> {
    MONTHS.iter().find(|(known, _)| *known == name).map(|&(_, month)| month)
}

/// A year of four digits at word `i` (with `م`, `AD` or a comma before it
/// allowed), and the word after it; else `None` and `i`.
fn year_at(words: &[Word], i: usize) -> (Option<i32>, usize) {
    match words.get(i).and_then(|w| number(&w.folded)) {
        Some(year @ 1000..=2999) if words[i].folded.len() == 4 => {
            let suffix = words.get(i + 1).is_some_and(|w| w.folded == "م");
            (Some(year as i32), if suffix { i + 2 } else { i + 1 })
        }
        _ => (None, i),
    }
}

/// The value of a word of digits (Western, Arabic-Indic or Persian).
fn number(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 8 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The words of `text`, split at white space and at punctuation that may
/// stick to a date (`,` `،` `.` `(` `)`), each folded by [`fold_word`].
fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let separator = c.is_whitespace() || matches!(c, ',' | '،' | '.' | '(' | ')' | '؛' | ';' | '«' | '»');
        match (separator, start) {
            (true, Some(from)) => {
                words.push(Word {
                    folded: fold_word(&text[from..at]),
                    range: from..at,
                });
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    words
}

/// A word as month names and numbers are compared: folded as mentions are
/// ([`fold`]: Latin in lower case, Arabic-Indic and Persian digits made
/// Western, hamza forms of alif made bare, ة made ه, ى made ي, harakat and
/// tatweel removed), and a leading و/ف/ب/ل/في dropped
/// when the rest is a month or number (`وفي`, `بـ`), `هـ` kept.
fn fold_word(word: &str) -> String {
    let folded: String = word.chars().filter_map(fold).collect();
    for prefix in ["في", "و", "ف", "ب", "ل"] {
        if let Some(rest) = folded.strip_prefix(prefix)
            && (number(rest).is_some()
                || month_named(rest).is_some()
                || rest.starts_with("كانون")
                || rest.starts_with("تشرين"))
        {
            return rest.to_string();
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(text: &str) -> Vec<(Option<i32>, u32, u32)> {
        find(text).into_iter().map(|m| (m.year, m.month, m.day)).collect()
    }

    #[test]
    fn arabic_month_names_of_every_region_and_both_digit_sets() {
        assert_eq!(ymd("بدأت الاحتجاجات في 2 يناير بسبب الوقود"), [(None, 1, 2)]);
        assert_eq!(ymd("موسكو، ٧ يناير ٢٠٢٢ (رويترز)"), [(Some(2022), 1, 7)]);
        assert_eq!(ymd("بيروت في 6 كانون الثاني/يناير 2022"), [(Some(2022), 1, 6)]);
        assert_eq!(ymd("الجزائر يوم 5 جانفي 2022"), [(Some(2022), 1, 5)]);
        assert_eq!(ymd("نشر في 14 أيلول 2021 م"), [(Some(2021), 9, 14)]);
        assert_eq!(ymd("منذ 30 عاما"), []);
    }

    #[test]
    fn english_and_iso_dates() {
        assert_eq!(ymd("in central Almaty, Kazakhstan, on Jan. 7."), [(None, 1, 7)]);
        assert_eq!(ymd("Published 7 Jan. 2022"), [(Some(2022), 1, 7)]);
        assert_eq!(ymd("January 10, 2022, 08:00"), [(Some(2022), 1, 10)]);
        assert_eq!(ymd("تاريخ النشر: 2022-01-08"), [(Some(2022), 1, 8)]);
    }

    #[test]
    fn impossible_days_and_ordinary_numbers_are_not_dates() {
        assert_eq!(ymd("31 فبراير 2022"), []);
        assert_eq!(ymd("قتل 164 شخصا و 8 آلاف معتقل"), []);
        assert_eq!(ymd("May the talks succeed"), []);
        assert_eq!(ymd("29 فبراير 2024"), [(Some(2024), 2, 29)]);
    }

    #[test]
    fn the_range_covers_the_date_as_written() {
        let text = "وفي ٧ يناير ٢٠٢٢، قال";
        let found = find(text);
        assert_eq!(&text[found[0].range.clone()], "٧ يناير ٢٠٢٢");
    }
}
