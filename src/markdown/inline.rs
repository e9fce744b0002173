//! Text pass: in running text, detects mentions of registry entries (not in
//! code, link text, headings or image descriptions), links the first mention
//! of each entry to its page, records every mention with its passage, and
//! isolates inline runs of the other direction.

use std::collections::HashSet;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::direction::{Analysis, html_with_isolated_runs, isolated_html, push_isolated};
use super::passages::Passages;
use super::{Passage, PassageMention, RenderInput, escape, nothing};
use crate::bidi::TextDirection;
use crate::model::root_prefix;
use crate::slug::encode_path;

/// Where detection is off: inside these, text is only isolated.
#[derive(Default)]
struct Zones {
    code: usize,
    link: usize,
    heading: usize,
    image: usize,
}

impl Zones {
    fn update(&mut self, event: &Event) {
        let (counter, delta) = match event {
            Event::Start(Tag::CodeBlock(_)) => (&mut self.code, 1),
            Event::End(TagEnd::CodeBlock) => (&mut self.code, -1),
            Event::Start(Tag::Link { .. }) => (&mut self.link, 1),
            Event::End(TagEnd::Link) => (&mut self.link, -1),
            Event::Start(Tag::Heading { .. }) => (&mut self.heading, 1),
            Event::End(TagEnd::Heading(_)) => (&mut self.heading, -1),
            Event::Start(Tag::Image { .. }) => (&mut self.image, 1),
            Event::End(TagEnd::Image) => (&mut self.image, -1),
            _ => return,
        };
        *counter = counter.saturating_add_signed(delta);
    }

    fn detects(&self) -> bool {
        self.code == 0 && self.link == 0 && self.heading == 0 && self.image == 0
    }
}

/// Rewrites text events and returns the passages with their text and mentions.
pub fn rewrite(events: &mut [Event], analysis: &Analysis, passages: &Passages, input: &RenderInput) -> Vec<Passage> {
    let mut found: Vec<Passage> = passages
        .starts
        .iter()
        .map(|&start| Passage {
            id: passages.ids[start].clone().unwrap_or_default(),
            text: String::new(),
            dir: analysis.effective[start],
            mentions: Vec::new(),
        })
        .collect();
    let mut zones = Zones::default();
    let mut linked = Linked {
        entries: HashSet::new(),
        root: root_prefix(input.page_path),
    };
    for i in 0..events.len() {
        zones.update(&events[i]);
        let owner = passages.owner[i];
        let detects = input.mentions.is_some() && owner.is_some() && zones.detects();
        if detects {
            merge_text_run(events, &passages.owner, i);
        }
        let event = &mut events[i];
        match event {
            Event::Code(code) => {
                if let Some(p) = owner {
                    found[p].text.push_str(code);
                }
            }
            Event::Text(text) if zones.code == 0 && zones.image == 0 => {
                let base = analysis.effective[i];
                let mentions = match &input.mentions {
                    Some(m) if detects => m.matcher.find_all(text),
                    _ => Vec::new(),
                };
                let mentions: Vec<_> = mentions
                    .into_iter()
                    .filter(|m| !input.mentions.as_ref().is_some_and(|x| x.excluded.contains(&m.entry)))
                    .collect();
                if let Some(p) = owner {
                    let offset = found[p].text.len();
                    found[p].text.push_str(text);
                    found[p].mentions.extend(mentions.iter().map(|m| PassageMention {
                        entry: m.entry,
                        range: offset + m.range.start..offset + m.range.end,
                    }));
                }
                if mentions.is_empty() {
                    // The common case: find the runs once, rewrite only when there are some.
                    let runs = crate::bidi::runs_to_isolate(text, base);
                    if !runs.is_empty() {
                        *event = Event::Html(html_with_isolated_runs(text, runs).into());
                    }
                    continue;
                }
                let html = linked.html(text, &mentions, base, input);
                *event = Event::Html(html.into());
            }
            _ => {}
        }
    }
    found
}

/// Joins the run of text events and soft breaks of one passage that starts
/// at event `i` (a text) into that event, leaving empty events in place of
/// the others, so that a name the parser split (at a line break, a bracket,
/// a typographic quotation mark) is found whole. A soft break becomes the
/// new line it renders as.
fn merge_text_run(events: &mut [Event], owner: &[Option<usize>], i: usize) {
    if !matches!(events[i], Event::Text(_)) {
        return;
    }
    let end = (i + 1..events.len())
        .find(|&k| !matches!(events[k], Event::Text(_) | Event::SoftBreak) || owner[k] != owner[i])
        .unwrap_or(events.len());
    if end - i < 2 {
        return;
    }
    let mut text = String::new();
    for event in &mut events[i..end] {
        match std::mem::replace(event, nothing()) {
            Event::Text(part) => text.push_str(&part),
            _ => text.push('\n'),
        }
    }
    events[i] = Event::Text(text.into());
}

/// The entries linked so far in a page (only the first mention of each is).
struct Linked {
    entries: HashSet<usize>,
    /// The prefix from the page back to the site root.
    root: String,
}

impl Linked {
    /// The HTML of `text` with its `mentions` (in order) wrapped, each run
    /// of the other direction than `base` isolated.
    fn html(
        &mut self,
        text: &str,
        mentions: &[crate::entities::Found],
        base: TextDirection,
        input: &RenderInput,
    ) -> String {
        let mut html = String::with_capacity(text.len() + 64);
        let mut at = 0;
        for mention in mentions {
            push_isolated(&mut html, &text[at..mention.range.start], base);
            let surface = isolated_html(&text[mention.range.clone()], base);
            let target = input.mentions.as_ref().map(|m| m.entry_files[mention.entry].as_str());
            match target {
                Some(file) if self.entries.insert(mention.entry) => html.push_str(&format!(
                    "<a class=\"mention\" href=\"{}{}\">{surface}</a>",
                    self.root,
                    escape(&encode_path(file))
                )),
                _ => html.push_str(&surface),
            }
            at = mention.range.end;
        }
        push_isolated(&mut html, &text[at..], base);
        html
    }
}
