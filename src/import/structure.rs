//! Structure of a plain scraped text, recognised from its lines (see
//! [`super::lines`] for what one line is on its own):
//!
//! - **Tail**: from the end, blank lines, closing credits (`عن “…”`: the
//!   source), translator and byline lines are moved to the front matter, and
//!   short lines holding a boilerplate pattern are dropped, until a line that
//!   is none of these.
//! - **Head**: bylines and translator lines; the title (the first line, unless
//!   it is a sentence of the body: more than [`TITLE_WORDS`] words or ending
//!   in `:` or `،`); the standfirst (a short line after the title, set apart by
//!   a blank line or a caption, before a longer paragraph).
//! - **Body**: a run of two or more numbered lines is an ordered list; a
//!   numbered line on its own is a section heading when short; a Latin line
//!   in an Arabic text is a figure caption; the other lines are paragraphs, a
//!   line that does not end a sentence continuing into the next line of its
//!   block. A dateline or outlet prefix (`الشرق اليوم- `, `موسكو (رويترز) -`)
//!   opens the first paragraph: it gives the source, and the date if it has one.
//! - Without a title line, the title is the first clause of the first
//!   paragraph, whose words stay in the body too.
//!
//! Nothing is rewritten: every word of the input is in the body, in
//! [`Draft::moved`] or in [`Draft::dropped`], in order.

use super::article::{Block, Draft, Dropped, FoundDate, Inline};
use super::dates;
use super::lines::{self, word_count};

/// The most words of a title line.
const TITLE_WORDS: usize = 20;

/// The most words of a standfirst.
const STANDFIRST_WORDS: usize = 30;

/// The most words of a numbered line that heads a section.
const HEADING_WORDS: usize = 12;

/// The most words before the dash of a dateline or outlet prefix.
const PREFIX_WORDS: usize = 6;

/// What the structure recogniser needs from the site: the boilerplate
/// patterns, folded.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Patterns of lines to drop at the end of a text.
    pub drop: Vec<String>,
}

impl Rules {
    /// The default patterns and `extra` (config.toml's `[import] drop`).
    pub fn new(extra: &[String]) -> Self {
        let drop = lines::DEFAULT_DROP
            .iter()
            .map(|p| lines::folded(p))
            .chain(extra.iter().map(|p| lines::folded(p)))
            .filter(|p| !p.is_empty())
            .collect();
        Rules { drop }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::new(&[])
    }
}

/// One line of the input: its 1-based number and its text without the white
/// space around it (a line of only white space, no-break spaces included, is
/// empty).
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    number: usize,
    text: &'t str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// The draft of the article a plain text holds, or why there is none.
pub fn recognise(text: &str, rules: &Rules) -> Result<Draft, String> {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text: text.trim(),
        })
        .collect();
    let mut draft = Draft::default();
    let mut tail_moved = Vec::new();
    let end = tail(&lines, rules, &mut draft, &mut tail_moved);
    let start = head(&lines[..end], &mut draft);
    body(&lines[start..end], &mut draft);
    draft.moved.extend(tail_moved.into_iter().rev());
    if draft.blocks.is_empty() {
        return Err(if draft.title.is_some() {
            "the text has a title but no body".to_string()
        } else {
            "the text has no body".to_string()
        });
    }
    let lone_line = match draft.blocks.as_slice() {
        [Block::Paragraph(lines)] => {
            lines.len() == 1 && lines[0].iter().map(|i| word_count(i.text())).sum::<usize>() <= TITLE_WORDS
        }
        _ => false,
    };
    if draft.title.is_none() && lone_line {
        return Err("the text is one short line, a title without a body".to_string());
    }
    if draft.title.is_none() {
        title_from_body(&mut draft);
    }
    date(text, &mut draft);
    Ok(draft)
}

/// Takes the credits, bylines and boilerplate off the end; returns the
/// index of the line after the body. `moved` gets the moved lines, last first.
fn tail(lines: &[Line], rules: &Rules, draft: &mut Draft, moved: &mut Vec<String>) -> usize {
    let mut end = lines.len();
    let mut dropped = Vec::new();
    while end > 0 {
        let line = lines[end - 1];
        if line.is_blank() {
        } else if let Some(source) = lines::credit(line.text).filter(|_| word_count(line.text) <= lines::SHORT_LINE) {
            draft.source.get_or_insert(source);
            moved.push(line.text.to_string());
        } else if let Some(name) = lines::translator(line.text) {
            draft.translator.get_or_insert(name);
            moved.push(line.text.to_string());
        } else if let Some(names) = lines::byline(line.text) {
            draft.authors.extend(names);
            moved.push(line.text.to_string());
        } else if let Some(pattern) = lines::boilerplate(line.text, &rules.drop) {
            dropped.push(Dropped {
                line: line.number,
                text: line.text.to_string(),
                pattern: pattern.to_string(),
            });
        } else {
            break;
        }
        end -= 1;
    }
    draft.dropped.extend(dropped.into_iter().rev());
    end
}

/// Reads the bylines, title and standfirst at the start; returns the index
/// of the first line of the body.
fn head(lines: &[Line], draft: &mut Draft) -> usize {
    let mut i = 0;
    let mut after_title = false;
    while let Some(at) = next_content(lines, i) {
        let line = lines[at].text;
        if let Some(names) = lines::byline(line) {
            draft.authors.extend(names);
        } else if let Some(name) = lines::translator(line) {
            draft.translator.get_or_insert(name);
        } else if draft.title.is_none() && !after_title && is_title(lines, at) {
            draft.title = Some(line.to_string());
            after_title = true;
        } else if after_title && draft.summary.is_none() && is_standfirst(lines, at) {
            draft.summary = Some(line.to_string());
        } else {
            return at;
        }
        draft.moved.push(line.to_string());
        i = at + 1;
    }
    lines.len()
}

/// The index of the first line at or after `i` that is not blank.
fn next_content(lines: &[Line], i: usize) -> Option<usize> {
    (i..lines.len()).find(|&j| !lines[j].is_blank())
}

/// Whether line `at` is a title: short, not a numbered or Latin line among
/// Arabic, not ending as a clause that goes on, and followed by more text.
fn is_title(lines: &[Line], at: usize) -> bool {
    let line = lines[at].text;
    // The first line of a hard-wrapped paragraph goes on into the next line,
    // and a long first line that a paragraph line follows at once is one too.
    let wrapped = lines.get(at + 1).is_some_and(|next| {
        !next.is_blank()
            && !is_dated_line(next.text)
            && word_count(line) >= HEADING_WORDS
            && lines::byline(next.text).is_none()
            && lines::numbered(next.text).is_none()
    });
    word_count(line) <= TITLE_WORDS
        && !wrapped
        && !is_dated_line(line)
        && lines::numbered(line).is_none()
        && !line.ends_with([':', '،', ','])
        && next_content(lines, at + 1).is_some()
}

/// Whether line `at`, after the title, is a standfirst: short, set apart
/// from what follows by a blank line, and followed by a caption, a byline or
/// a longer paragraph.
fn is_standfirst(lines: &[Line], at: usize) -> bool {
    let line = lines[at].text;
    let Some(next) = next_content(lines, at + 1) else {
        return false;
    };
    let next_text = lines[next].text;
    let apart = next > at + 1;
    let followed = lines::is_latin_line(next_text)
        || lines::byline(next_text).is_some()
        || word_count(next_text) > word_count(line);
    word_count(line) <= STANDFIRST_WORDS
        && apart
        && followed
        && lines::numbered(line).is_none()
        && !lines::is_latin_line(line)
        && !line.ends_with(':')
}

/// Turns the body's lines into blocks.
fn body(lines: &[Line], draft: &mut Draft) {
    let arabic = lines.iter().any(|l| l.text.chars().any(is_arabic_letter));
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        let before_text = !draft.blocks.iter().any(|b| matches!(b, Block::Paragraph(_)));
        if before_text && let Some(names) = lines::byline(line.text) {
            // A byline after the title's standfirst and photo caption.
            draft.authors.extend(names);
            draft.moved.push(line.text.to_string());
            i += 1;
        } else if lines::numbered(line.text).is_some() {
            i = numbered(lines, i, &mut draft.blocks);
        } else if arabic && lines::is_latin_line(line.text) {
            draft.blocks.push(Block::Caption {
                text: line.text.to_string(),
                image: None,
            });
            i += 1;
        } else {
            i = paragraph(lines, i, draft);
        }
    }
}

/// The numbered lines from `i`: two or more in a row are a list, one alone
/// a heading when short (else a paragraph). Returns the next line's index.
fn numbered(lines: &[Line], i: usize, blocks: &mut Vec<Block>) -> usize {
    // A list goes on while the numbers follow one another with the same
    // mark: `1- ` after `5) ` starts something else.
    let mut run = 1;
    while let (Some(a), Some(b)) = (
        lines.get(i + run - 1).and_then(|l| lines::numbered(l.text)),
        lines.get(i + run).and_then(|l| lines::numbered(l.text)),
    ) {
        let delimiter = |marker: &str| marker.chars().last();
        if delimiter(a.0) != delimiter(b.0) || lines::marker_value(b.0) != lines::marker_value(a.0).map(|n| n + 1) {
            break;
        }
        run += 1;
    }
    if run >= 2 {
        let items = lines[i..i + run]
            .iter()
            .filter_map(|l| lines::numbered(l.text))
            .map(|(marker, text)| (marker.to_string(), vec![Inline::Text(text.to_string())]))
            .collect();
        blocks.push(Block::Ordered(items));
        return i + run;
    }
    let text = lines[i].text;
    let heading = lines::numbered(text)
        .is_some_and(|(_, rest)| word_count(rest) <= HEADING_WORDS && !rest.ends_with(['،', ',', ';', '؛']));
    blocks.push(if heading {
        Block::Heading(vec![Inline::Text(text.to_string())])
    } else {
        Block::Paragraph(vec![vec![Inline::Text(text.to_string())]])
    });
    i + 1
}

/// The paragraph that starts at line `i`: the line, and each next line of
/// its block while the previous one does not end a sentence. The first
/// paragraph loses its dateline or outlet prefix to the front matter.
fn paragraph(lines: &[Line], i: usize, draft: &mut Draft) -> usize {
    let mut end = i + 1;
    while end < lines.len()
        && !lines[end].is_blank()
        && !ends_sentence(lines[end - 1].text)
        && lines::numbered(lines[end].text).is_none()
        && !lines::is_latin_line(lines[end].text)
        && !is_dated_line(lines[end].text)
    {
        end += 1;
    }
    let mut texts: Vec<&str> = lines[i..end].iter().map(|l| l.text).collect();
    let first = !draft.blocks.iter().any(|b| matches!(b, Block::Paragraph(_)));
    let more_words = texts[1..].iter().map(|t| word_count(t)).sum();
    if first && let Some((prefix, rest)) = dateline(texts[0], more_words) {
        take_prefix(prefix, draft);
        texts[0] = rest;
    }
    let lines = texts.into_iter().map(|t| vec![Inline::Text(t.to_string())]).collect();
    draft.blocks.push(Block::Paragraph(lines));
    end
}

/// Whether a line ends a sentence (or a quotation, or a clause that
/// announces what follows).
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', '؟', ':', '”', '"', '»', '…', ')'])
}

/// The dateline or outlet prefix that opens a paragraph, if any: at most
/// [`PREFIX_WORDS`] words before a dash, then the rest of the paragraph.
fn dateline(text: &str, more_words: usize) -> Option<(&str, &str)> {
    // A dash with white space on one side at least: not `COVID-19`.
    let dash = text.char_indices().find_map(|(at, c)| {
        let spaced =
            text[..at].ends_with(char::is_whitespace) || text[at + c.len_utf8()..].starts_with(char::is_whitespace);
        (matches!(c, '-' | '–' | '—') && spaced).then_some(at)
    })?;
    let prefix = text[..dash].trim_end();
    let words = word_count(&place_of(prefix));
    if words == 0 || words > PREFIX_WORDS || prefix.ends_with(['.', ':', '؟', '?']) {
        return None;
    }
    let mut rest = &text[dash..];
    // `موسكو - (رويترز) - قال` : the agency after the first dash belongs to it.
    rest = rest.trim_start_matches(['-', '–', '—']).trim_start();
    let mut prefix_end = text.len() - rest.len();
    if rest.starts_with('(')
        && let Some(close) = rest.find(')')
        && let Some(stripped) = rest[close + 1..].trim_start().strip_prefix(['-', '–', '—'])
    {
        rest = stripped.trim_start();
        prefix_end = text.len() - rest.len();
    }
    (!rest.is_empty() && word_count(rest).saturating_add(more_words) > PREFIX_WORDS)
        .then(|| (text[..prefix_end].trim_end(), rest))
}

/// Whether a line opens with a dateline that has a date or an agency in
/// brackets (`موسكو، 7 يناير 2022 (رويترز) - `): such a line is no title.
fn is_dated_line(line: &str) -> bool {
    dateline(line, usize::MAX)
        .is_some_and(|(prefix, _)| place_of(prefix) != prefix.trim_end_matches(['-', '–', '—', ' ']))
}

/// A dateline prefix without its bracketed agency and its date: the place
/// or the outlet (`طهران، 2 يناير 2023 (أ ف ب)` gives `طهران`).
fn place_of(prefix: &str) -> String {
    let mut bare = String::new();
    let mut depth = 0usize;
    for c in prefix.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let mut place = bare.clone();
    for date in dates::find(&bare).into_iter().rev() {
        place.replace_range(date.range, " ");
    }
    place
        .trim()
        .trim_end_matches(['،', ',', '-', '–', '—'])
        .trim()
        .to_string()
}

/// Words that name an outlet rather than a place in a dateline without a
/// date (`الشرق اليوم- `, `سبوتنيك عربي - `, `الجزيرة نت - `), folded.
const OUTLET_WORDS: &[&str] = &[
    "اليوم",
    "نت",
    "عربي",
    "الاخباريه",
    "اخبار",
    "الاخبار",
    "وكاله",
    "صحيفه",
    "موقع",
    "قناه",
    "تلفزيون",
    "راديو",
    "بوست",
    "تايمز",
    "news",
    "times",
    "post",
    "press",
    "today",
    "online",
    "tv",
];

/// Moves a dateline prefix to the front matter: the agency in brackets, or
/// the outlet when a word of the prefix names one ([`OUTLET_WORDS`]), is
/// the source.
fn take_prefix(prefix: &str, draft: &mut Draft) {
    draft.moved.push(prefix.to_string());
    let bare = prefix.trim_end_matches(['-', '–', '—', ' ']);
    let agency = bare.find('(').and_then(|open| {
        bare[open + 1..]
            .find(')')
            .map(|close| &bare[open + 1..open + 1 + close])
    });
    // Without a bracketed agency, the prefix is a source only when a word
    // of it names an outlet: a dateline's place (`القاهرة - `, `نور سلطان -
    // `) is not one, and a list of places would never be complete.
    let place = place_of(bare);
    let is_outlet = lines::folded(&place).split(' ').any(|w| OUTLET_WORDS.contains(&w));
    let source = match agency {
        Some(agency) => Some(agency.trim()),
        None if is_outlet => Some(place.as_str()),
        None => None,
    };
    if let Some(source) = source.filter(|s| !s.is_empty()) {
        draft.source.get_or_insert_with(|| source.to_string());
    }
}

/// A title from the first clause of the first paragraph, for a text that
/// has no title line: the words up to the first mark that ends a clause, or
/// the first [`HEADING_WORDS`] words.
fn title_from_body(draft: &mut Draft) {
    let Some(first) = draft.blocks.iter().find_map(|b| match b {
        Block::Paragraph(lines) => Some(
            lines
                .iter()
                .map(|l| l.iter().map(Inline::text).collect::<String>())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    }) else {
        return;
    };
    let clause = first_clause(&first).trim_end_matches(['،', ',', ':', '؛', '.']).trim();
    let title = if word_count(clause) <= TITLE_WORDS {
        clause.to_string()
    } else {
        clause
            .split_whitespace()
            .take(HEADING_WORDS)
            .collect::<Vec<_>>()
            .join(" ")
    };
    draft.title = Some(title);
    draft.title_from_body = true;
}

/// The text up to the first mark that ends a clause, the mark included: a
/// comma, colon, question or exclamation mark, or a full stop that ends a
/// sentence (followed by white space, after a word that is not a short
/// Latin abbreviation: not the dot of `4.5%` or of `Jan. 7`).
fn first_clause(text: &str) -> &str {
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        let ends = match c {
            '،' | ',' | ':' | '؟' | '?' | '!' | '؛' => true,
            '.' => {
                let followed = text[end..].starts_with(char::is_whitespace) || end == text.len();
                let word = text[..at].rsplit(char::is_whitespace).next().unwrap_or_default();
                let abbreviation = word.len() <= 4 && word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
                followed && !abbreviation
            }
            _ => false,
        };
        if ends {
            return &text[..end];
        }
    }
    text
}

/// The article's date: a full date in the head (bylines, title, standfirst)
/// or in the dateline is certain; other dates are only mentioned.
fn date(text: &str, draft: &mut Draft) {
    let head: String = draft.moved.join("\n");
    draft.date = dates::find(&head)
        .into_iter()
        .find_map(|m| m.year.map(|y| (y, m.month, m.day)))
        .map(|ymd| FoundDate { ymd, certain: true });
    draft.date_mentions = dates::find(text)
        .into_iter()
        .map(|m| text[m.range].to_string())
        .collect();
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

#[cfg(test)]
mod tests;
