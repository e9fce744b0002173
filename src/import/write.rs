//! Writing a [`Draft`] as an article: TOML front matter and a Markdown body
//! in which the text is escaped, so that every word reads as written (a `*`,
//! `<script>` or `1.` of the raw text stays text) and only the structure the
//! import recognised is Markdown.

use std::fmt::Write as _;

use super::article::{Block, Draft, Inline};
use crate::slug::slugify;

/// The most bytes of a slug made from a title; longer ones are cut at a
/// word (file names are at most 255 bytes, and Arabic letters take two).
const SLUG_BYTES: usize = 80;

/// Where an article came from, for its front matter.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    /// The input file, as the report names it.
    pub path: &'a str,
    /// SHA-256 of its bytes, in hex.
    pub sha256: &'a str,
    /// The import date, for an article whose text gives none.
    pub today: (i32, u32, u32),
}

/// The slug of an article: from its title, else `fallback` (the file's name).
pub fn slug(draft: &Draft, fallback: &str) -> String {
    let full = slugify(draft.title.as_deref().unwrap_or_default());
    let full = if full.is_empty() { slugify(fallback) } else { full };
    if full.len() <= SLUG_BYTES {
        return full;
    }
    let mut cut = String::new();
    for word in full.split('-') {
        if !cut.is_empty() && cut.len() + 1 + word.len() > SLUG_BYTES {
            break;
        }
        if !cut.is_empty() {
            cut.push('-');
        }
        cut.push_str(word);
    }
    if cut.len() > SLUG_BYTES {
        // One word longer than the limit: cut at a character.
        let end = (0..=SLUG_BYTES).rev().find(|&i| cut.is_char_boundary(i)).unwrap_or(0);
        cut.truncate(end);
    }
    cut
}

/// The text of the article file.
pub fn article(draft: &Draft, origin: &Origin) -> String {
    let mut out = String::from("+++\n");
    front_matter(&mut out, draft, origin);
    out.push_str("+++\n");
    for block in &draft.blocks {
        out.push('\n');
        write_block(&mut out, block);
    }
    out
}

fn front_matter(out: &mut String, draft: &Draft, origin: &Origin) {
    let title = draft.title.as_deref().unwrap_or_default();
    if draft.title_from_body {
        out.push_str("# The text has no title line: this is its first clause.\n");
    }
    let _ = writeln!(out, "title = {}", toml_string(title));
    match draft.date {
        Some(found) => {
            let (y, m, d) = found.ymd;
            let _ = writeln!(out, "date = {y:04}-{m:02}-{d:02}");
        }
        None => {
            let (y, m, d) = origin.today;
            if !draft.date_mentions.is_empty() {
                let _ = writeln!(out, "# Dates in the text: {}.", draft.date_mentions.join("; "));
            }
            let _ = writeln!(out, "date = {y:04}-{m:02}-{d:02}\ndate_estimated = true");
        }
    }
    if !draft.authors.is_empty() {
        let authors: Vec<String> = draft.authors.iter().map(|a| toml_string(a)).collect();
        let _ = writeln!(out, "authors = [{}]", authors.join(", "));
    }
    if let Some(translator) = &draft.translator {
        let _ = writeln!(out, "translator = {}", toml_string(translator));
    }
    if let Some(summary) = &draft.summary {
        let _ = writeln!(out, "summary = {}", toml_string(summary));
    }
    let _ = writeln!(out, "imported_from = {}", toml_string(origin.path));
    let _ = writeln!(out, "source_sha256 = {}", toml_string(origin.sha256));
    if draft.source.is_some() || draft.source_url.is_some() {
        out.push_str("\n[source]\n");
        if let Some(name) = &draft.source {
            let _ = writeln!(out, "name = {}", toml_string(name));
        }
        if let Some(url) = &draft.source_url {
            let _ = writeln!(out, "url = {}", toml_string(url));
        }
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(inlines) => {
            out.push_str("## ");
            push_inlines(out, inlines, false);
            out.push('\n');
        }
        Block::Paragraph(lines) => {
            for line in lines {
                push_inlines(out, line, true);
                out.push('\n');
            }
        }
        Block::Ordered(items) => ordered(out, items),
        Block::Bullets(items) => {
            for item in items {
                out.push_str("- ");
                push_inlines(out, item, false);
                out.push('\n');
            }
        }
        Block::Quote(inlines) => {
            out.push_str("> ");
            push_inlines(out, inlines, false);
            out.push('\n');
        }
        Block::Caption { text, image } => {
            let image = image.as_deref().map(angle_url).unwrap_or_default();
            let _ = writeln!(out, "![](<{image}> \"{}\")", escape_title(text));
        }
    }
}

/// An ordered list: each item numbered as the text numbers it, with `)` if
/// the text's markers end in `)` and `.` otherwise (CommonMark's two kinds).
fn ordered(out: &mut String, items: &[(String, Vec<Inline>)]) {
    let first = items
        .first()
        .map(|(marker, _)| super::lines::marker_value(marker).unwrap_or(1))
        .unwrap_or(1);
    let delimiter = if items.iter().all(|(m, _)| m.ends_with(')')) {
        ')'
    } else {
        '.'
    };
    for (i, (_, inlines)) in items.iter().enumerate() {
        let _ = write!(out, "{}{delimiter} ", first + i as u64);
        push_inlines(out, inlines, false);
        out.push('\n');
    }
}

/// Writes runs of text and links; `line_start` when the first run opens a
/// line of a paragraph, where more characters would start a block.
fn push_inlines(out: &mut String, inlines: &[Inline], line_start: bool) {
    for (i, inline) in inlines.iter().enumerate() {
        match inline {
            Inline::Text(text) => push_text(out, text, line_start && i == 0),
            Inline::Link { text, href } => {
                out.push('[');
                push_text(out, text, false);
                let _ = write!(out, "](<{}>)", angle_url(href));
            }
        }
    }
}

/// Text escaped for Markdown: every character that could start markup is
/// preceded by a backslash, and at the start of a line those that would
/// open a block (`#`, `>`, `-`, `+`, `=`, a number and `.` or `)`).
pub fn push_text(out: &mut String, text: &str, line_start: bool) {
    let mut rest = text;
    if line_start {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].starts_with(['.', ')']) {
            out.push_str(&rest[..digits]);
            out.push('\\');
            rest = &rest[digits..];
        } else if rest.starts_with(['#', '>', '-', '+', '=']) {
            out.push('\\');
        }
    }
    for c in rest.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '|' | '~' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A link title: `"` and `\` escaped, and `&` so that no entity is decoded.
fn escape_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An address for `<...>`: the characters that would end it encoded.
fn angle_url(url: &str) -> String {
    url.replace('<', "%3C").replace('>', "%3E").replace(['\n', '\r'], "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::article::FoundDate;

    fn draft(blocks: Vec<Block>) -> Draft {
        Draft {
            title: Some("عنوان: تجربة".into()),
            blocks,
            ..Draft::default()
        }
    }

    const ORIGIN: Origin = Origin {
        path: "sources/a.txt",
        sha256: "ab12",
        today: (2026, 12, 7),
    };

    /// The plain text of a Markdown body, read with every extension but
    /// typographic punctuation, which a site turns on to change quotes and
    /// dashes.
    fn plain(markdown: &str) -> String {
        let mut text = String::new();
        let options = pulldown_cmark::Options::all() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
        for event in pulldown_cmark::Parser::new_ext(markdown, options) {
            match event {
                pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => text.push_str(&t),
                pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::End(_) => text.push(' '),
                _ => {}
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn markup_in_scraped_text_stays_text() {
        let hostile = [
            "# ليس عنوانا",
            "1. ليس قائمة",
            "- ولا هذه",
            "> ولا اقتباس",
            "<script>alert(1)</script> و <b>غامق</b>",
            "نجمة *مائلة* و _تسطير_ و `كود` و [رابط](http://x) و ![صورة](y)",
            "&amp; كيان و | جدول | و ~~شطب~~ و $x$ و [^1]",
            "===",
            "---",
        ];
        for line in hostile {
            let mut out = String::new();
            push_text(&mut out, line, true);
            assert_eq!(plain(&out), line, "{out}");
            let html = {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&out));
                html
            };
            assert!(
                !html.contains("<script") && !html.contains("<b>") && !html.contains("<h1"),
                "{html}"
            );
        }
    }

    #[test]
    fn the_front_matter_is_valid_toml_and_records_its_origin() {
        let mut d = draft(vec![Block::Paragraph(vec![vec![Inline::Text("نص".into())]])]);
        d.authors = vec!["إيمي \"ماكينون\"".into()];
        d.date_mentions = vec!["2 يناير".into()];
        let text = article(&d, &ORIGIN);
        let toml_text = text.trim_start_matches("+++\n").split("+++\n").next().unwrap();
        let table: toml::Table = toml_text.parse().unwrap();
        assert_eq!(table["title"].as_str(), Some("عنوان: تجربة"));
        assert_eq!(table["authors"][0].as_str(), Some("إيمي \"ماكينون\""));
        assert_eq!(table["date_estimated"].as_bool(), Some(true));
        assert_eq!(table["date"].to_string(), "2026-12-07");
        assert_eq!(table["source_sha256"].as_str(), Some("ab12"));
        assert!(text.contains("# Dates in the text: 2 يناير."));
        d.date = Some(FoundDate {
            ymd: (2022, 1, 7),
            certain: true,
        });
        let table: toml::Table = article(&d, &ORIGIN).split("+++\n").nth(1).unwrap().parse().unwrap();
        assert!(table.get("date_estimated").is_none());
    }

    #[test]
    fn lists_captions_and_links_are_markdown() {
        let d = draft(vec![
            Block::Caption {
                text: "A \"gas\" mask & fence. AFP".into(),
                image: None,
            },
            Block::Ordered(vec![
                ("1)".into(), vec![Inline::Text("دافع محدد ،".into())]),
                ("2)".into(), vec![Inline::Text("دعم".into())]),
            ]),
            Block::Paragraph(vec![vec![
                Inline::Text("انظر ".into()),
                Inline::Link {
                    text: "التقرير".into(),
                    href: "https://example.org/a>b".into(),
                },
            ]]),
        ]);
        let body = article(&d, &ORIGIN);
        let body = body.split("+++\n").nth(2).unwrap();
        assert!(body.contains("![](<> \"A \\\"gas\\\" mask \\& fence. AFP\")"), "{body}");
        assert!(body.contains("1) دافع محدد ،\n2) دعم\n"), "{body}");
        assert!(body.contains("[التقرير](<https://example.org/a%3Eb>)"), "{body}");
    }

    #[test]
    fn slugs_keep_arabic_and_are_cut_at_a_word() {
        let d = draft(vec![]);
        assert_eq!(slug(&d, "x"), "عنوان-تجربة");
        let long = Draft {
            title: Some("كلمة ".repeat(40)),
            ..Draft::default()
        };
        let s = slug(&long, "x");
        assert!(s.len() <= SLUG_BYTES && s.ends_with("كلمة"), "{s}");
        assert_eq!(slug(&Draft::default(), "000_ea5e"), "000_ea5e".replace('_', "-"));
    }
}
