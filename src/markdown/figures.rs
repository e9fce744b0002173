//! Figure pass: an image alone in its paragraph becomes a `<figure>` whose
//! caption is the image title, with its own direction. An empty source
//! (`![](<> "caption")`) gives a caption without a picture, for a photo the
//! text describes but does not include.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::direction::{Analysis, block_attributes, isolated_html, number_anchor};
use super::passages::Passages;
use super::{escape, escape_url, nothing, plain_text};
use crate::bidi::dominant_direction;

/// Rewrites every image-only paragraph into a figure. Returns, for each
/// figure with a caption, its passage and the caption as text: a figure's
/// passage reads as its caption (search finds it, entry pages could quote it).
pub fn rewrite(events: &mut [Event], analysis: &Analysis, passages: &Passages) -> Vec<(usize, String)> {
    let mut captions = Vec::new();
    let mut i = 0;
    while i + 1 < events.len() {
        if let Some(end) = image_paragraph(events, i) {
            if let (Some(p), Event::Start(Tag::Image { title, .. })) = (passages.owner[i], &events[i + 1])
                && !title.is_empty()
            {
                captions.push((p, title.to_string()));
            }
            write_figure(
                events,
                i,
                end,
                analysis,
                (passages.ids[i].as_deref(), passages.numbers[i].as_deref()),
            );
            i = end;
        }
        i += 1;
    }
    captions
}

/// If a paragraph starting at `i` holds only one image, the index of its end.
fn image_paragraph(events: &[Event], i: usize) -> Option<usize> {
    if !matches!(events[i], Event::Start(Tag::Paragraph)) || !matches!(events[i + 1], Event::Start(Tag::Image { .. })) {
        return None;
    }
    let image_end = (i + 2..events.len()).find(|&j| matches!(events[j], Event::End(TagEnd::Image)))?;
    matches!(events.get(image_end + 1), Some(Event::End(TagEnd::Paragraph))).then_some(image_end + 1)
}

fn write_figure(
    events: &mut [Event],
    start: usize,
    end: usize,
    analysis: &Analysis,
    (id, number): (Option<&str>, Option<&str>),
) {
    let Event::Start(Tag::Image { dest_url, title, .. }) = &events[start + 1] else {
        return;
    };
    let alt = plain_text(&events[start + 2..end - 1]);
    let mut open = format!("<figure{}>{}", block_attributes(id, None), number_anchor(number));
    if !dest_url.trim().is_empty() {
        open.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\">",
            escape_url(dest_url),
            escape(&alt)
        ));
    }
    let container = analysis.container(start);
    let mut close = String::new();
    if !title.is_empty() {
        let own = dominant_direction(title).unwrap_or(container);
        let dir = if own == container {
            String::new()
        } else {
            format!(" dir=\"{}\"", own.as_str())
        };
        close.push_str(&format!("<figcaption{dir}>{}</figcaption>", isolated_html(title, own)));
    }
    close.push_str("</figure>\n");
    events[start] = Event::Html(open.into());
    for event in &mut events[start + 1..end] {
        *event = nothing();
    }
    events[end] = Event::Html(close.into());
}
