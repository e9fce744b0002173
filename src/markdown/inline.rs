//! Text pass: in running text, detects mentions of registry entries (not in
//! code, link text, headings or image descriptions), links the first mention
//! of each entry to its page, records every mention with its passage, and
//! isolates inline runs of the other direction.

use std::collections::HashSet;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::direction::{Analysis, html_with_isolated_runs, isolated_html, push_isolated};
use super::passages::Passages;
use super::{Passage, PassageMention, RenderInput, escape};
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
        .enumerate()
        .map(|(n, &start)| Passage {
            id: format!("p-{}", n + 1),
            text: String::new(),
            dir: analysis.effective[start],
            mentions: Vec::new(),
        })
        .collect();
    let mut zones = Zones::default();
    let mut linked = HashSet::new();
    let root = root_prefix(input.page_path);
    for (i, event) in events.iter_mut().enumerate() {
        zones.update(event);
        let owner = passages.owner[i];
        match event {
            Event::Code(code) => {
                if let Some(p) = owner {
                    found[p].text.push_str(code);
                }
            }
            Event::Text(text) if zones.code == 0 && zones.image == 0 => {
                let base = analysis.effective[i];
                let mentions = match (&input.mentions, owner, zones.detects()) {
                    (Some(m), Some(_), true) => m.matcher.find_all(text),
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
                let mut html = String::with_capacity(text.len() + 64);
                let mut at = 0;
                for mention in mentions {
                    push_isolated(&mut html, &text[at..mention.range.start], base);
                    let surface = isolated_html(&text[mention.range.clone()], base);
                    let target = input.mentions.as_ref().map(|m| m.entry_files[mention.entry].as_str());
                    match target {
                        Some(file) if linked.insert(mention.entry) => html.push_str(&format!(
                            "<a class=\"mention\" href=\"{root}{}\">{surface}</a>",
                            escape(&encode_path(file))
                        )),
                        _ => html.push_str(&surface),
                    }
                    at = mention.range.end;
                }
                push_isolated(&mut html, &text[at..], base);
                *event = Event::Html(html.into());
            }
            _ => {}
        }
    }
    found
}
