//! Markdown stage: turns a page body into HTML through small passes over
//! pulldown-cmark events (links, heading ids, direction, figures, tables,
//! code, inline isolation). Input is the body and its page's context;
//! output is a [`Rendered`] with the HTML and what later stages need.

mod code;
mod direction;
mod embed;
mod figures;
mod headings;
mod inline;
mod lines;
mod links;
mod nesting;
mod passages;
mod quotes;
mod sanitize;
mod tables;

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use serde::Serialize;

use crate::bidi::TextDirection;
use crate::diagnostics::Diagnostic;
use crate::entities::Matcher;
use crate::model::SourceFile;

pub use code::stylesheet as highlight_stylesheet;
pub use direction::{isolated_html, push_isolated};
pub use embed::without_ids;
pub use quotes::{QuoteMatch, find_quote};

/// Where `@/` links in Markdown lead: a content file (relative to content/)
/// to its file in the output (`articles/x/index.html`).
pub type LinkTargets = HashMap<String, String>;

/// Options shared by every page of a site.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Typographic quotes and dashes.
    pub smart_punctuation: bool,
    /// Keep raw HTML as written instead of sanitizing it.
    pub trust_html: bool,
}

/// One page body to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderInput<'a> {
    /// The Markdown body.
    pub body: &'a str,
    /// Where it came from, for diagnostics.
    pub file: &'a SourceFile,
    /// The page's base direction.
    pub dir: TextDirection,
    /// The page's site path (`articles/x/`), to make links relative.
    pub page_path: &'a str,
    /// Targets of `@/` links.
    pub links: &'a LinkTargets,
    /// Mention detection, for article bodies.
    pub mentions: Option<MentionInput<'a>>,
}

/// What mention detection needs.
#[derive(Debug, Clone, Copy)]
pub struct MentionInput<'a> {
    /// The registry's matcher.
    pub matcher: &'a Matcher,
    /// The output file of each entry (`actors/tokayev/index.html`).
    pub entry_files: &'a [String],
    /// Entries not to detect in this page.
    pub excluded: &'a [usize],
}

/// A block of running text (`p-N`) with the mentions it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Its id in the page, `p-1`, `p-2`, ...
    pub id: String,
    /// Its plain text.
    pub text: String,
    /// Its base direction.
    pub dir: TextDirection,
    /// Mentions, in order.
    pub mentions: Vec<PassageMention>,
}

/// One mention of an entry in a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageMention {
    /// Index of the entry.
    pub entry: usize,
    /// Byte range in the passage text.
    pub range: std::ops::Range<usize>,
}

/// A heading of a page, for tables of contents and link checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Unique id in the page.
    pub id: String,
    /// Plain text.
    pub title: String,
}

/// An internal link found in a page: the output file and optional fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Output file the link leads to, e.g. `articles/x/index.html`.
    pub file: String,
    /// The id after `#`, if any.
    pub fragment: Option<String>,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column in the source file.
    pub col: usize,
}

/// The result of rendering one body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Passages (`p-N`) with their text and mentions.
    pub passages: Vec<Passage>,
    /// `@/` links, resolved.
    pub links: Vec<InternalLink>,
    /// Whether highlighted code was emitted (the page needs the syntax stylesheet).
    pub has_code: bool,
    /// Problems found, located in the source file.
    pub problems: Vec<Diagnostic>,
}

/// Renders one Markdown body.
pub fn render(input: &RenderInput, options: MarkdownOptions) -> Rendered {
    if let Some(first) = input.body.find('\0') {
        // NUL bytes (scraped text carries them) are dropped, with a warning.
        let body = input.body.replace('\0', "");
        let mut rendered = render(&RenderInput { body: &body, ..*input }, options);
        let (line, col) = locate(input, first);
        let count = input.body.matches('\0').count();
        rendered.problems.push(
            Diagnostic::warning(&input.file.path, line, col, format!("{count} NUL byte(s) removed"))
                .with_hint("the text was probably saved or scraped with a broken encoding; check the words around it"),
        );
        return rendered;
    }
    let (events, offsets) = parse(input.body, options);
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    if has_raw_html && !options.trust_html {
        let runaways = sanitize::runaway_lines(input.body, &events, &offsets);
        if !runaways.is_empty() {
            // Each unclosed <script>, <!-- ... took the rest of the article
            // into its HTML block: closed on its own line, the rest is
            // Markdown again. Lines and columns stay as written.
            let body = sanitize::close_runaways(input.body, &runaways);
            let closed = RenderInput { body: &body, ..*input };
            let mut rendered = render_parsed(&closed, options, parse(&body, options), true);
            let _lines = lines::scope(input.body);
            for &(at, closer) in &runaways {
                let line_start = input.body[..at].rfind('\n').map_or(0, |i| i + 1);
                let (line, col) = locate(input, line_start);
                rendered.problems.push(
                    Diagnostic::warning(
                        &input.file.path,
                        line,
                        col,
                        format!("raw HTML block never closed (no `{closer}`): ended on its own line"),
                    )
                    .with_hint("close it where it opens; the Markdown after it is kept"),
                );
            }
            return rendered;
        }
    }
    render_parsed(input, options, (events, offsets), has_raw_html)
}

/// Renders a parsed body: `has_raw_html` when its events hold raw HTML.
fn render_parsed(
    input: &RenderInput,
    options: MarkdownOptions,
    (mut events, offsets): (Vec<Event>, Vec<usize>),
    has_raw_html: bool,
) -> Rendered {
    let _lines = lines::scope(input.body);
    balance_controls(&mut events);
    let mut problems = Vec::new();
    nesting::flatten(&mut events, &offsets, input, &mut problems);
    let raw_blocks = (has_raw_html && !options.trust_html).then(|| sanitize::blocks(&events));
    if raw_blocks.is_some() {
        sanitize::confine(&mut events, &offsets, input, &mut problems);
    }
    let links = links::resolve(&mut events, &offsets, input, options.trust_html, &mut problems);
    let headings = headings::assign_ids(&mut events);
    let analysis = direction::analyse(&events, input.dir);
    let numbered = passages::assign(&events);
    let captions = figures::rewrite(&mut events, &analysis, &numbered);
    tables::rewrite(&mut events, &analysis, &numbered);
    direction::apply(&mut events, &analysis, &numbered);
    let mut passages = inline::rewrite(&mut events, &analysis, &numbered, input);
    for (p, caption) in captions {
        passages[p].text = caption;
    }
    let has_code = code::rewrite(&mut events);
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    if let Some(blocks) = &raw_blocks {
        sanitize::push_blocks(&mut html, events, blocks);
    } else {
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
    }
    if has_raw_html {
        // Raw HTML may hide bidi controls in places the text passes never see.
        html = crate::bidi::balance_controls(&html).into_owned();
    }
    Rendered {
        html,
        headings,
        passages,
        links,
        has_code,
        problems,
    }
}

fn parse(body: &str, options: MarkdownOptions) -> (Vec<Event<'_>>, Vec<usize>) {
    let mut flags = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        flags |= Options::ENABLE_SMART_PUNCTUATION;
    }
    Parser::new_ext(body, flags)
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .unzip()
}

/// Balances the bidi controls of every piece of text the body holds (text,
/// code, raw HTML, link and image titles), so that no pass needs to.
fn balance_controls(events: &mut [Event]) {
    let fix = |text: &mut CowStr| {
        if let std::borrow::Cow::Owned(fixed) = crate::bidi::balance_controls(text) {
            *text = fixed.into();
        }
    };
    for event in events.iter_mut() {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => fix(text),
            Event::Start(Tag::Link { title, .. } | Tag::Image { title, .. }) => fix(title),
            Event::Start(Tag::Heading { id, classes, attrs, .. }) => {
                id.iter_mut().chain(classes.iter_mut()).for_each(fix);
                attrs
                    .iter_mut()
                    .flat_map(|(name, value)| std::iter::once(name).chain(value.iter_mut()))
                    .for_each(fix);
            }
            _ => {}
        }
    }
}

/// The position in the source file of byte `offset` of the body: in
/// O(log n) inside a render (see [`lines`]).
fn locate(input: &RenderInput, offset: usize) -> (usize, usize) {
    let (line, col) = lines::line_col_in(input.body, offset);
    (input.file.body_line + line - 1, col)
}

/// An empty event that renders nothing, to keep event indices stable.
fn nothing<'a>() -> Event<'a> {
    Event::Html(CowStr::Borrowed(""))
}

/// The plain text of the events, as a reader would read it.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

/// Escapes text for HTML element content or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String");
    out
}

/// Escapes a URL for a quoted `href` or `src`.
fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    pulldown_cmark_escape::escape_href(&mut out, url).expect("writing to a String");
    escape(&out)
}

#[cfg(test)]
mod tests;
