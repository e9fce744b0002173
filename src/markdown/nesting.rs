//! Nesting pass: Markdown nested deeper than [`NESTING_LIMIT`] (quotes in
//! quotes, lists in lists, `> > > - > …` on one line) loses its deeper
//! elements, keeps its text, and gets one located warning. HTML parsers
//! (a browser's, and the one `check` reads pages with) check the stack of
//! open elements at every tag, so each level costs time at every tag: 64,000
//! nested quotes kept `check` busy for over a minute, and Chromium stops
//! nesting at 512 elements anyway. Articles never need more than a few levels.

use pulldown_cmark::{Event, TagEnd};

use super::{RenderInput, locate, nothing};
use crate::diagnostics::Diagnostic;

/// How deeply Markdown elements may nest, the limit of raw HTML too
/// ([`super::sanitize::NESTING_LIMIT`]).
pub const NESTING_LIMIT: usize = super::sanitize::NESTING_LIMIT;

/// Removes every element nested deeper than [`NESTING_LIMIT`], start and
/// end alike, so the events stay balanced; a removed block's end becomes a
/// line break so that the words of two blocks do not run together.
pub fn flatten(events: &mut [Event], offsets: &[usize], input: &RenderInput, problems: &mut Vec<Diagnostic>) {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut first = None;
    for (i, event) in events.iter_mut().enumerate() {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > NESTING_LIMIT {
                    first.get_or_insert(i);
                    deepest = deepest.max(depth);
                    *event = nothing();
                }
            }
            Event::End(end) => {
                if depth > NESTING_LIMIT {
                    *event = if is_block(*end) { Event::SoftBreak } else { nothing() };
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    if let Some(i) = first {
        let (line, col) = locate(input, offsets[i]);
        problems.push(
            Diagnostic::warning(
                &input.file.path,
                line,
                col,
                format!(
                    "Markdown nested {deepest} levels deep (the limit is {NESTING_LIMIT}): the deeper quotes, lists and other elements are removed, their text kept"
                ),
            )
            .with_hint("flatten the quotes or lists; a reader cannot follow more than a few levels"),
        );
    }
}

fn is_block(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}
