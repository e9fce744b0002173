//! Sanitizing pass: raw HTML in a body is cleaned with ammonia (scripts,
//! event handlers, `javascript:` URLs and styles removed), one block at a
//! time, so that a raw fragment can only ever affect itself and its block.
//!
//! Two steps. Before the other passes, [`confine`] reads every raw fragment
//! where the author wrote it: a fragment that would swallow what follows it
//! once the page is parsed (an unclosed `<script>`, `<textarea>`, `<!--`,
//! a tag cut off in the middle) is cleaned on its own, and one nested deeper
//! than [`NESTING_LIMIT`] loses its tags; each such fragment, and each
//! element or attribute the cleaner will drop, gets a located warning. At
//! the end, [`push_blocks`] writes the HTML block by block and cleans only
//! the blocks that hold raw HTML. Bodies without raw HTML are safe by
//! construction and skip both.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use ammonia::Builder;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{RenderInput, locate};
use crate::diagnostics::Diagnostic;

/// How deeply raw HTML elements may nest. HTML parsers check the stack of
/// open elements at every tag, so depth costs time with every tag; articles
/// never need more than a few levels.
pub const NESTING_LIMIT: usize = 256;

/// Elements whose content the HTML parser reads as text up to their end
/// tag (or to the end of the page): unclosed, each swallows what follows.
const SWALLOWING: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "template",
    "select",
    "svg",
    "math",
    "frameset",
    "object",
];

/// Elements without content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
];

fn cleaner() -> &'static Builder<'static> {
    static CLEANER: OnceLock<Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = Builder::default();
        builder
            .add_tags(["bdi", "figure", "figcaption", "mark", "input"])
            .add_generic_attributes(["id", "dir", "class"])
            .add_generic_attribute_prefixes(["data-"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]));
        builder
    })
}

/// Cleans a piece of rendered HTML.
pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// One tag of a raw fragment, as the scanner reads it.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// `<name attributes>`; `self_closing` for `<name/>`.
    Start {
        name: String,
        attributes: &'a str,
        self_closing: bool,
    },
    /// `</name>`.
    End(String),
    /// `<!-- … -->`, or an unclosed comment when `closed` is false.
    Comment { closed: bool },
    /// A `<` whose tag is cut off: the parser would read what follows as its attributes.
    Unfinished,
}

/// The tags of a raw fragment, in order. Text between tags is skipped.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->");
            found.push(Token::Comment { closed: end.is_some() });
            rest = end.map_or("", |e| &after[e + 3..]);
            continue;
        }
        let closing = rest[1..].starts_with('/');
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 || !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = &rest[1..];
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(end) = tag_end(&rest[name_start + name_len..]) else {
            found.push(Token::Unfinished);
            break;
        };
        let inside = &rest[name_start + name_len..name_start + name_len + end];
        found.push(if closing {
            Token::End(name)
        } else {
            Token::Start {
                name,
                self_closing: inside.ends_with('/'),
                attributes: inside,
            }
        });
        rest = &rest[name_start + name_len + end + 1..];
    }
    found
}

/// Where the `>` that ends a tag is, outside quoted attribute values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// What is wrong with a raw fragment as a whole, if anything.
#[derive(Debug, PartialEq, Eq)]
enum Hazard {
    /// It opens an element that swallows what follows, or a comment, and does not close it.
    Unclosed(String),
    /// A tag is cut off.
    Unfinished,
    /// Its elements nest deeper than the limit.
    TooDeep(usize),
}

/// Reads the tags of `html` (a fragment or the fragments of one block, in
/// order) for what would reach beyond it.
fn hazard(tokens: &[Token]) -> Option<Hazard> {
    let mut open: Vec<&str> = Vec::new();
    let mut deepest = 0;
    for token in tokens {
        match token {
            Token::Comment { closed: false } => return Some(Hazard::Unclosed("<!--".into())),
            Token::Unfinished => return Some(Hazard::Unfinished),
            Token::Start { name, self_closing, .. } if !self_closing && !VOID.contains(&name.as_str()) => {
                open.push(name);
                deepest = deepest.max(open.len());
            }
            Token::End(name) => {
                if let Some(at) = open.iter().rposition(|o| o == name) {
                    open.truncate(at);
                }
            }
            _ => {}
        }
    }
    if deepest > NESTING_LIMIT {
        return Some(Hazard::TooDeep(deepest));
    }
    open.iter()
        .find(|name| SWALLOWING.contains(name))
        .map(|name| Hazard::Unclosed(format!("<{name}>")))
}

/// What the cleaner will drop from a fragment: elements and attributes it
/// does not allow, named for the warning.
fn dropped(tokens: &[Token]) -> Vec<String> {
    let builder = cleaner();
    let tags = allowed_tags();
    let mut dropped = Vec::new();
    for token in tokens {
        let Token::Start { name, attributes, .. } = token else {
            continue;
        };
        if !tags.contains(name.as_str()) {
            dropped.push(format!("<{name}>"));
            continue;
        }
        for attribute in attribute_names(attributes) {
            let allowed = builder.clone_generic_attributes().contains(attribute.as_str())
                || attribute.starts_with("data-")
                || builder
                    .clone_tag_attributes()
                    .get(name.as_str())
                    .is_some_and(|a| a.contains(attribute.as_str()));
            if !allowed {
                dropped.push(format!("{attribute}= of <{name}>"));
            }
        }
    }
    dropped
}

fn allowed_tags() -> &'static HashSet<&'static str> {
    static TAGS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    TAGS.get_or_init(|| cleaner().clone_tags())
}

/// The attribute names inside a start tag.
fn attribute_names(inside: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = inside;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        let len = rest
            .find(|c: char| c.is_ascii_whitespace() || "=/>".contains(c))
            .unwrap_or(rest.len());
        if len == 0 {
            return names;
        }
        names.push(rest[..len].to_ascii_lowercase());
        rest = rest[len..].trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            rest = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].find(q).map_or("", |e| &value[e + 2..]),
                _ => value
                    .find(|c: char| c.is_ascii_whitespace())
                    .map_or("", |e| &value[e..]),
            };
        }
    }
}

/// The text of a fragment with its tags removed, escaped.
fn text_only(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        rest = tag_end(&rest[at..]).map_or("", |end| &rest[at + end + 1..]);
    }
    text.push_str(rest);
    super::escape(&text)
}

/// Confines every raw fragment of `events` to itself (see the module
/// documentation) and reports what the cleaner will change, each at the
/// fragment's place in the source.
pub fn confine(events: &mut [Event], offsets: &[usize], input: &RenderInput, problems: &mut Vec<Diagnostic>) {
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i], Event::Start(Tag::HtmlBlock)) {
            let end = i + events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::HtmlBlock)))
                .unwrap_or(events.len() - i);
            confine_block(&mut events[i..end], offsets[i], input, problems);
            i = end;
        } else if is_block_start(&events[i]) {
            i = confine_inline(events, offsets, i, input, problems);
        } else {
            i += 1;
        }
    }
}

fn is_block_start(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item | Tag::FootnoteDefinition(_))
    )
}

/// An HTML block: its lines are one fragment.
fn confine_block(events: &mut [Event], offset: usize, input: &RenderInput, problems: &mut Vec<Diagnostic>) {
    let html: String = events
        .iter()
        .filter_map(|e| match e {
            Event::Html(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let found = tokens(&html);
    let (line, col) = locate(input, offset);
    report_dropped(&found, input, line, col, problems);
    let Some(hazard) = hazard(&found) else { return };
    problems.push(hazard_warning(&hazard, input, line, col));
    let replacement = match hazard {
        Hazard::TooDeep(_) => text_only(&html),
        _ => clean(&html),
    };
    let mut replacement = Some(replacement);
    for event in events.iter_mut().filter(|e| matches!(e, Event::Html(_))) {
        *event = Event::Html(CowStr::from(replacement.take().unwrap_or_default()));
    }
}

/// The inline fragments of the block that starts at `start`: one that opens
/// an element that swallows and is not closed by a later fragment of the
/// block is cleaned alone (so the text after it stays). Returns where the
/// block's inline content ends.
fn confine_inline(
    events: &mut [Event],
    offsets: &[usize],
    start: usize,
    input: &RenderInput,
    problems: &mut Vec<Diagnostic>,
) -> usize {
    let mut i = start + 1;
    let mut depth = 1usize;
    let mut openers: Vec<(usize, String)> = Vec::new();
    while i < events.len() && depth > 0 {
        match events[i] {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if let Event::InlineHtml(html) = &events[i] {
            let found = tokens(html);
            let (line, col) = locate(input, offsets[i]);
            report_dropped(&found, input, line, col, problems);
            for token in &found {
                match token {
                    Token::Start {
                        name,
                        self_closing: false,
                        ..
                    } if SWALLOWING.contains(&name.as_str()) => {
                        openers.push((i, name.clone()));
                    }
                    Token::End(name) => {
                        if let Some(at) = openers.iter().rposition(|(_, o)| o == name) {
                            openers.truncate(at);
                        }
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    for (at, name) in openers {
        let (line, col) = locate(input, offsets[at]);
        problems.push(hazard_warning(&Hazard::Unclosed(format!("<{name}>")), input, line, col));
        let cleaned = match &events[at] {
            Event::InlineHtml(html) => clean(html),
            _ => String::new(),
        };
        events[at] = Event::InlineHtml(CowStr::from(cleaned));
    }
    i
}

fn report_dropped(found: &[Token], input: &RenderInput, line: usize, col: usize, problems: &mut Vec<Diagnostic>) {
    let dropped = dropped(found);
    if dropped.is_empty() {
        return;
    }
    problems.push(
        Diagnostic::warning(
            &input.file.path,
            line,
            col,
            format!("raw HTML: {} removed", dropped.join(", ")),
        )
        .with_hint("scripts, styles, event handlers and unknown elements are removed; their text stays"),
    );
}

fn hazard_warning(hazard: &Hazard, input: &RenderInput, line: usize, col: usize) -> Diagnostic {
    let (message, hint) = match hazard {
        Hazard::Unclosed(what) => (
            format!("raw HTML: {what} is not closed; cleaned on its own so that the text after it stays"),
            "close it where it opens, or remove it",
        ),
        Hazard::Unfinished => (
            "raw HTML: a tag is cut off; cleaned on its own so that the text after it stays".to_string(),
            "end the tag with `>`, or remove it",
        ),
        Hazard::TooDeep(depth) => (
            format!(
                "raw HTML nested {depth} elements deep (the limit is {NESTING_LIMIT}): its tags are removed, its text kept"
            ),
            "flatten the markup; Markdown needs no wrapper elements",
        ),
    };
    Diagnostic::warning(&input.file.path, line, col, message).with_hint(hint)
}

/// The kinds of HTML block that CommonMark ends only at a given closer
/// (script, pre, style and textarea elements, comments, processing
/// instructions, CDATA): without it, the block runs to the end of the
/// article (or of its list item or quote), taking every paragraph with it.
const RUNAWAY_OPENERS: &[(&str, &str)] = &[
    ("<script", "</script>"),
    ("<pre", "</pre>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
    ("<!--", "-->"),
    ("<?", "?>"),
    ("<![cdata[", "]]>"),
];
// And a declaration, `<!` and a letter, which runs to the first `>`: see
// [`runaway_closer`].

/// The closer a line that opens a runaway HTML block needs, if it opens one.
fn runaway_closer(line: &str) -> Option<&'static str> {
    let line = line.trim_start_matches(' ').to_ascii_lowercase();
    RUNAWAY_OPENERS
        .iter()
        .find_map(|&(opener, closer)| {
            let rest = line.strip_prefix(opener)?;
            let tag_name_ends = opener.ends_with(|c: char| c.is_ascii_alphabetic());
            let whole = !tag_name_ends || rest.is_empty() || rest.starts_with([' ', '\t', '>', '/']);
            (whole && !rest.contains(closer)).then_some(closer)
        })
        .or_else(|| {
            // A declaration (`<!DOCTYPE`, `<!a`) runs to the first `>`.
            let rest = line.strip_prefix("<!")?;
            (rest.starts_with(|c: char| c.is_ascii_alphabetic()) && !rest.contains('>')).then_some(">")
        })
}

/// Where HTML blocks of `events` run away (see [`RUNAWAY_OPENERS`]): for
/// each line of such a block that opens one, the end of that line and the
/// closer to put there, so that the block ends on its first line and what
/// follows is read as Markdown again.
pub fn runaway_lines(body: &str, events: &[Event], offsets: &[usize]) -> Vec<(usize, &'static str)> {
    let mut fixes = Vec::new();
    for (i, event) in events.iter().enumerate() {
        if !matches!(event, Event::Start(Tag::HtmlBlock)) {
            continue;
        }
        let start = offsets[i];
        let end = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::HtmlBlock)))
            .and_then(|e| offsets.get(i + e + 1).copied())
            .unwrap_or(body.len())
            .max(start);
        let mut at = start;
        for line in body[start..end].split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if let Some(closer) = runaway_closer(content)
                && !body[at + content.len()..end].to_ascii_lowercase().contains(closer)
            {
                fixes.push((at + content.len(), closer));
            }
            at += line.len();
        }
    }
    fixes
}

/// `body` with each closer put at its place (places in order).
pub fn close_runaways(body: &str, fixes: &[(usize, &str)]) -> String {
    let mut closed = String::with_capacity(body.len() + fixes.len() * 12);
    let mut from = 0;
    for &(at, closer) in fixes {
        closed.push_str(&body[from..at]);
        closed.push_str(closer);
        from = at;
    }
    closed.push_str(&body[from..]);
    closed
}

/// The top-level blocks of a body as parsed (before the other passes,
/// which write their own markup as HTML events but never add or remove
/// events), each with whether it holds raw HTML.
pub fn blocks(events: &[Event]) -> Vec<(Range<usize>, bool)> {
    let mut blocks = Vec::new();
    let (mut start, mut depth, mut raw) = (0, 0usize, false);
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => raw = true,
            _ => {}
        }
        if depth == 0 {
            blocks.push((start..i + 1, raw));
            (start, raw) = (i + 1, false);
        }
    }
    if start < events.len() {
        blocks.push((start..events.len(), raw));
    }
    blocks
}

/// Writes `events` as HTML, block by block as [`blocks`] found them,
/// cleaning the blocks that hold raw HTML: what a block's raw HTML does
/// stays inside that block.
pub fn push_blocks(html: &mut String, events: Vec<Event>, blocks: &[(Range<usize>, bool)]) {
    let mut events = events.into_iter();
    for (range, raw) in blocks {
        let block = events.by_ref().take(range.len());
        if *raw {
            let mut piece = String::new();
            pulldown_cmark::html::push_html(&mut piece, block);
            html.push_str(&clean(&piece));
        } else {
            pulldown_cmark::html::push_html(html, block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed_markup_is_kept() {
        let html = "<p id=\"p-1\" dir=\"ltr\" onclick=\"x()\">a <bdi>C++</bdi><script>alert(1)</script>\
                    <a href=\"javascript:alert(1)\">b</a><img src=x onerror=alert(1)></p>";
        let clean = clean(html);
        assert!(
            clean.starts_with("<p id=\"p-1\" dir=\"ltr\">a <bdi>C++</bdi>"),
            "{clean}"
        );
        assert!(!clean.contains("script") && !clean.contains("onclick") && !clean.contains("onerror"));
        assert!(!clean.contains("javascript"), "{clean}");
    }

    #[test]
    fn the_scanner_finds_what_reaches_beyond_a_fragment() {
        assert_eq!(hazard(&tokens("<b>x</b><br>")), None);
        assert_eq!(hazard(&tokens("<script>x")), Some(Hazard::Unclosed("<script>".into())));
        assert_eq!(hazard(&tokens("<SCRIPT type=a>x</script>")), None);
        assert_eq!(hazard(&tokens("<!-- x")), Some(Hazard::Unclosed("<!--".into())));
        assert_eq!(hazard(&tokens("<div title=\"a>b")), Some(Hazard::Unfinished));
        let deep = "<div>".repeat(NESTING_LIMIT + 1);
        assert_eq!(hazard(&tokens(&deep)), Some(Hazard::TooDeep(NESTING_LIMIT + 1)));
        assert_eq!(hazard(&tokens("a < b and 3<4")), None);
    }

    #[test]
    fn dropped_elements_and_attributes_are_named() {
        let found = tokens("<span onclick=\"x()\" title='t' data-x=1>a</span><iframe src=x></iframe>");
        assert_eq!(dropped(&found), ["onclick= of <span>", "<iframe>"]);
    }
}
