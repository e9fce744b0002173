//! Heading pass: gives every heading a unique id (Arabic kept, see
//! [`crate::slug::slugify`]) and records the headings.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Heading, plain_text};
use crate::slug::{UniqueIds, slugify};

/// Sets the id of every heading (an explicit `{#id}` is kept, made unique)
/// and returns the headings in order.
pub fn assign_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut ids = UniqueIds::default();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            let end = (i..events.len())
                .find(|&j| matches!(events[j], Event::End(TagEnd::Heading(_))))
                .unwrap_or(events.len());
            let title = plain_text(&events[i + 1..end]);
            if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i] {
                let wanted = id.as_deref().map_or_else(|| slugify(&title), str::to_string);
                let unique = ids.claim(&wanted);
                *id = Some(CowStr::from(unique.clone()));
                headings.push(Heading {
                    level: *level as u8,
                    id: unique,
                    title,
                });
            }
            i = end;
        }
        i += 1;
    }
    headings
}
