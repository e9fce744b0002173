//! Direction pass: computes each block's base direction from its own text and
//! marks the blocks whose direction differs from their container's; isolates
//! inline runs of the other direction that would otherwise be misplaced.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape;
use super::passages::Passages;
use crate::bidi::{StrongCounts, TextDirection, runs_to_isolate};

/// Directions of a page's events.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// At a block's start: the `dir` it needs (it differs from its container).
    pub attr: Vec<Option<TextDirection>>,
    /// At every event: the direction in force there (a block's own at its start and end).
    pub effective: Vec<TextDirection>,
}

impl Analysis {
    /// The direction of the container of the block starting at `i`.
    pub fn container(&self, i: usize) -> TextDirection {
        match self.attr[i] {
            Some(own) => own.opposite(),
            None => self.effective[i],
        }
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
    )
}

/// Computes the dominant direction of every block (its text, nested blocks
/// included, code excluded) and resolves it against its container's.
pub fn analyse(events: &[Event], page: TextDirection) -> Analysis {
    let dominant = dominant_per_block(events);
    let mut attr = vec![None; events.len()];
    let mut effective = vec![page; events.len()];
    let mut stack = vec![page];
    for (i, event) in events.iter().enumerate() {
        let current = *stack.last().unwrap_or(&page);
        match event {
            Event::Start(tag) if is_block(tag) => {
                let own = dominant[i].unwrap_or(current);
                if own != current {
                    attr[i] = Some(own);
                }
                stack.push(own);
                effective[i] = own;
            }
            Event::End(tag) if is_block_end(tag) => {
                effective[i] = current;
                stack.pop();
            }
            _ => effective[i] = current,
        }
    }
    Analysis { attr, effective }
}

/// The dominant strong direction of each block, stored at its start index.
fn dominant_per_block(events: &[Event]) -> Vec<Option<TextDirection>> {
    let mut dominant = vec![None; events.len()];
    let mut stack: Vec<(usize, StrongCounts)> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) if is_block(tag) => stack.push((i, StrongCounts::default())),
            Event::Start(Tag::Image { title, .. }) => {
                if let Some((_, counts)) = stack.last_mut() {
                    counts.add_text(title);
                }
            }
            Event::Text(text) => {
                if let Some((_, counts)) = stack.last_mut() {
                    counts.add_text(text);
                }
            }
            Event::End(tag) if is_block_end(tag) => {
                if let Some((start, counts)) = stack.pop() {
                    dominant[start] = counts.dominant();
                    if let Some((_, parent)) = stack.last_mut() {
                        parent.merge(&counts);
                    }
                }
            }
            _ => {}
        }
    }
    dominant
}

/// The ` id="…" dir="…"` attributes of a block start, each only when set.
pub fn block_attributes(id: Option<&str>, dir: Option<TextDirection>) -> String {
    let mut attributes = String::new();
    if let Some(id) = id {
        attributes.push_str(&format!(" id=\"{}\"", escape(id)));
    }
    if let Some(dir) = dir {
        attributes.push_str(&format!(" dir=\"{}\"", dir.as_str()));
    }
    attributes
}

/// The empty anchor that keeps a passage's old number reachable
/// (`<span id="p-3"></span>`), or nothing.
pub fn number_anchor(number: Option<&str>) -> String {
    number.map_or_else(String::new, |n| format!("<span id=\"{}\"></span>", escape(n)))
}

/// Writes the `dir` attribute on paragraphs, headings, list items and quotes
/// that need one, and the passage id on paragraphs and list items (figures
/// and table cells are written by their own passes).
pub fn apply(events: &mut [Event], analysis: &Analysis, passages: &Passages) {
    let mut open: Vec<Option<&'static str>> = Vec::new();
    for (i, event) in events.iter_mut().enumerate() {
        let dir = analysis.attr[i];
        let id = passages.ids[i].as_deref();
        let number = passages.numbers[i].as_deref();
        match event {
            Event::Start(Tag::Heading { attrs, .. }) => {
                if let Some(dir) = dir {
                    attrs.push((CowStr::Borrowed("dir"), Some(CowStr::Borrowed(dir.as_str()))));
                }
            }
            Event::Start(tag @ (Tag::Paragraph | Tag::Item | Tag::BlockQuote(_))) => {
                let name = match tag {
                    Tag::Paragraph => "p",
                    Tag::Item => "li",
                    _ => "blockquote",
                };
                let marked = dir.is_some() || id.is_some();
                open.push(marked.then_some(name));
                if marked {
                    let newline = if name == "blockquote" { "\n" } else { "" };
                    let anchor = number_anchor(number);
                    *event = Event::Html(format!("<{name}{}>{newline}{anchor}", block_attributes(id, dir)).into());
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                if let Some(Some(name)) = open.pop() {
                    *event = Event::Html(format!("</{name}>\n").into());
                }
            }
            _ => {}
        }
    }
}

/// Escapes `text` for HTML, wrapping the runs that need isolating in
/// `<bdi>` (see [`runs_to_isolate`]).
pub fn isolated_html(text: &str, base: TextDirection) -> String {
    let mut html = String::with_capacity(text.len());
    push_isolated(&mut html, text, base);
    html
}

/// Appends `text` to `html` as [`isolated_html`] writes it.
pub fn push_isolated(html: &mut String, text: &str, base: TextDirection) {
    push_with_isolated_runs(html, text, runs_to_isolate(text, base));
}

/// Escapes `text` for HTML, wrapping the given `runs` in `<bdi>`.
pub fn html_with_isolated_runs(text: &str, runs: Vec<std::ops::Range<usize>>) -> String {
    let mut html = String::with_capacity(text.len() + runs.len() * 11);
    push_with_isolated_runs(&mut html, text, runs);
    html
}

fn push_with_isolated_runs(html: &mut String, text: &str, runs: Vec<std::ops::Range<usize>>) {
    let escape = |html: &mut String, text: &str| {
        pulldown_cmark_escape::escape_html(html, text).expect("writing to a String");
    };
    let mut at = 0;
    for run in runs {
        escape(html, &text[at..run.start]);
        html.push_str("<bdi>");
        escape(html, &text[run.clone()]);
        html.push_str("</bdi>");
        at = run.end;
    }
    escape(html, &text[at..]);
}
